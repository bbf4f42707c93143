"""Tests for jeugdhulp.privacy.names, phase by phase: protect, seed, cues, grow, spans.

Each phase marks fields on the tokens; these tests run one phase (after the phases it
depends on) and look at the marks. The behaviour of the whole is in test_redact.py.
"""
from __future__ import annotations

from typing import List

import pytest

from jeugdhulp.privacy import names, vocabulary
from jeugdhulp.privacy.addresses import find_streets
from jeugdhulp.privacy.tokens import Token, tokenize


@pytest.fixture(scope="module")
def v():
    return vocabulary.get()


def toks(text: str) -> List[Token]:
    return tokenize(text, [])


def marked(tokens: List[Token], mark: str) -> List[str]:
    return [t.text for t in tokens if getattr(t, mark)]


def protected(text: str, v) -> List[Token]:
    tokens = toks(text)
    names._mark_protected(tokens, v, ())
    names._mark_citations(text, tokens, v)
    return tokens


# --- 1. protect --------------------------------------------------------------------------------

def test_protect_marks_domain_terms_places_and_authors(v):
    tokens = protected("Signs of Safety in Utrecht volgens Bartelink en Van der Stouwe", v)
    assert marked(tokens, "protected") == ["Signs", "of", "Safety"]
    assert marked(tokens, "place") == ["Utrecht"]
    assert marked(tokens, "author") == ["Bartelink", "Van", "der", "Stouwe"]


def test_protect_marks_the_words_of_a_street(v):
    text = "Ze wonen aan de Burgemeester Reigerstraat 12"
    tokens = toks(text)
    names._mark_protected(tokens, v, find_streets(text, tokens, v))
    assert marked(tokens, "protected") == ["Burgemeester", "Reigerstraat"]


def test_citations_make_authors_but_not_a_first_name_with_an_age(v):
    assert "Munro" in marked(protected("Zie Munro (2011) hierover", v), "author")
    assert "Xylia" in marked(protected("Volgens Xylia et al. is dat zo", v), "author")
    assert marked(protected("Zie Sanne (2015) hierover", v), "author") == []


# --- 2. seed -----------------------------------------------------------------------------------

def seeded(text: str, v, phase) -> List[Token]:
    tokens = protected(text, v)
    if phase in (names._seed_after_particles,):
        phase(tokens, v)
    else:
        phase(text, tokens, v)
    return tokens


def test_seed_after_particles(v):
    tokens = seeded("gesprek met van der Kolk en de Vries", v, names._seed_after_particles)
    assert marked(tokens, "name") == ["Kolk", "Vries"]
    assert marked(tokens, "surname_seed") == ["Kolk", "Vries"]
    assert marked(seeded("een gezin in Den Haag", v, names._seed_after_particles), "name") == []


def test_seed_from_lists_first_names_and_surnames(v):
    tokens = seeded("gesprek met Sanne en Öztürk", v, names._seed_from_lists)
    assert marked(tokens, "name") == ["Sanne", "Öztürk"]
    assert marked(tokens, "surname_seed") == ["Öztürk"]


@pytest.mark.parametrize("text, expected", [
    ("Roos (6) wordt gepest", ["Roos"]),  # an ambiguous first name needs an age or a verb
    ("Roos is een bloem", []),  # ... but not a definition
    ("Wil je mij helpen?", []),  # never a name at the start of a sentence
    ("Bakker belde gisteren", ["Bakker"]),  # a surname at the start needs a person's verb
    ("Bakker, wat nu?", []),
    ("Sanne, wat nu?", ["Sanne"]),  # a first name does not
])
def test_seed_from_lists_at_the_start_of_a_sentence(v, text, expected):
    assert marked(seeded(text, v, names._seed_from_lists), "name") == expected


@pytest.mark.parametrize("text, expected", [
    ("gesprek met sanne", ["sanne"]),  # after a preposition
    ("omdat kevin niet wil", ["kevin"]),  # after a conjunction
    ("kevin is 8", ["kevin"]),  # before a person's verb
    ("ik sprak julia", []),  # also an English word
    ("gesprek met bas", []),  # ambiguous
])
def test_seed_lower_case_first_names(v, text, expected):
    assert marked(seeded(text, v, names._seed_lower_case), "name") == expected


def test_seed_initials(v):
    assert marked(seeded("Ik heb met J.P. Balkenende gesproken", v, names._seed_initials),
                  "name") == ["J", "P", "Balkenende"]
    assert marked(seeded("gesprek met A. Yildiz", v, names._seed_initials),
                  "name") == ["A", "Yildiz"]
    assert marked(seeded("gesprek met J. de Bruijn", v, names._seed_initials),
                  "name") == ["J", "de", "Bruijn"]
    # At the start of a sentence "B. Interventies" is a heading, not a name.
    assert marked(seeded("B. Interventies bij verwaarlozing", v, names._seed_initials),
                  "name") == []


# --- 3. cues -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("bel mw. jansen morgen", ["jansen"]),  # a title before a known surname in lower case
    ("bel mw. J. morgen", ["J"]),  # initials on their own
    ("Ik sprak de heer Xylia", ["Xylia"]),
    ("Ik sprak heer Xylia", []),  # "heer" only as "de heer"
    ("het gezin woont hier", []),  # "gezin" needs a capitalised word
    ("de moeder van Xylia belt", ["Xylia"]),  # family word + van
    ("vader mohammed slaat", ["mohammed"]),  # family word + lower-case first name
    ("de moeder van Utrecht", []),  # a place after "van"
    ("Het meisje heet Noor", ["Noor"]),  # naming word
    ("zijn naam is Xylia", ["Xylia"]),  # naming word, "is" skipped
])
def test_cues(v, text, expected):
    assert marked(seeded(text, v, names._apply_cues), "name") == expected


# --- 4. grow -----------------------------------------------------------------------------------

def grown(text: str, v, seeds: List[str], surname_seeds: List[str] = ()) -> List[str]:
    tokens = protected(text, v)
    for t in tokens:
        t.name = t.text in seeds
        t.surname_seed = t.text in surname_seeds
    names._grow(tokens, v)
    return marked(tokens, "name")


def test_grow_right_over_particles_and_capitalised_words(v):
    assert grown("gesprek met Jan van den Berg over", v, ["Jan"]) == ["Jan", "van", "den", "Berg"]
    assert grown("De moeder, Fatima El Amrani, wil", v, ["Fatima"]) == ["Fatima", "El", "Amrani"]


def test_grow_does_not_take_a_domain_term_or_an_author(v):
    assert grown("met Sanne Veilig Thuis bellen", v, ["Sanne"]) == ["Sanne"]
    assert grown("met Sanne Bartelink praten", v, ["Sanne"]) == ["Sanne"]


def test_grow_coordination(v):
    assert grown("Sanne en Xylia zijn zusjes", v, ["Sanne"]) == ["Sanne", "Xylia"]
    assert grown("Sanne & Xylia", v, ["Sanne"]) == ["Sanne", "Xylia"]
    assert grown("Sanne en Veilig Thuis", v, ["Sanne"]) == ["Sanne"]


def test_grow_left_over_particles_of_a_surname_and_initials(v):
    assert grown("met van der Meer", v, ["Meer"], ["Meer"]) == ["van", "der", "Meer"]
    assert grown("met van der Meer", v, ["Meer"]) == ["Meer"]  # only from a surname seed
    assert grown("met J. Xylia", v, ["Xylia"]) == ["J", "Xylia"]


# --- 5. spans ----------------------------------------------------------------------------------

def spans_of(text: str, seeds: List[str]) -> List[str]:
    tokens = toks(text)
    for t in tokens:
        t.name = t.text in seeds
    return [text[s:e] for s, e, kind in names._spans(text, tokens)]


def test_spans():
    assert spans_of("Jan de Vries belt", ["Jan", "de", "Vries"]) == ["Jan de Vries"]
    assert spans_of("Lisa's vader", ["Lisa's"]) == ["Lisa"]  # "[NAAM]'s vader"
    assert spans_of("bel dhr. J. morgen", ["J"]) == ["J."]  # initials keep their dot
    assert spans_of("Jan van 't Hof", ["Jan", "van", "'t", "Hof"]) == ["Jan van 't Hof"]
    assert spans_of("Sanne, Xylia", ["Sanne", "Xylia"]) == ["Sanne", "Xylia"]


# --- all phases --------------------------------------------------------------------------------

def test_find_names(v):
    text = "Mijn cliënt Jan de Vries en mw. J. Jansen, zie Bartelink (2013)"
    tokens = toks(text)
    assert [text[s:e] for s, e, kind in names.find_names(text, tokens, v)] == [
        "Jan de Vries", "J. Jansen"]
    assert names.find_names("", [], v) == []

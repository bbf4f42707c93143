"""The passage model (jeugdhulp/knowledge/passage_model.py): a classifier over character
n-grams that learned each passage's example questions and text. The search adds its
probabilities to rank passages; it never decides whether a passage matches."""
import numpy as np
import pytest

from jeugdhulp.knowledge import passage_model, search
from jeugdhulp.knowledge.search import _asked_terms
from jeugdhulp.knowledge.compose.general import search_answer

FAMILY_PLAN = "multiprobleemgezinnen/hulpverleningsplan/gezinsplan-opstellen"
SAFETY_PLAN = "multiprobleemgezinnen/hulpverleningsplan/veiligheidsplan"
AGREEMENTS = "samen-beslissen/doelformulering/evaluatie-afspraken"
PLAIN_PLAN = "moet het plan in begrijpelijke taal voor de ouders?"
SAFETY_AGREEMENTS = "welke afspraken over veiligheid leg je vast met het netwerk erbij?"


def test_the_model_gives_every_passage_a_probability(kb):
    probabilities = kb.index.passage_probabilities(PLAIN_PLAN)
    assert probabilities.shape == (len(kb.index.records),)
    assert abs(probabilities.sum() - 1.0) < 1e-6 and probabilities.min() >= 0
    assert kb.index.records[int(np.argmax(probabilities))].key == FAMILY_PLAN
    # nothing it knows: no probabilities (and no error)
    assert kb.index.passage_probabilities("") is None
    assert kb.index.passage_probabilities("€€ ## ¿¿") is None


def test_it_ranks_the_passage_whose_examples_ask_the_same_first(kb, monkeypatch):
    assert [h.passage.key for h in kb.search(SAFETY_AGREEMENTS, limit=2)][0] == SAFETY_PLAN
    monkeypatch.setattr(search, "PASSAGE_MODEL_WEIGHT", 0.0)
    assert [h.passage.key for h in kb.search(SAFETY_AGREEMENTS, limit=2)][0] == AGREEMENTS


def test_it_does_not_weigh_in_where_one_passage_covers_a_search_term(kb, monkeypatch):
    """A search term of a word or two, or words one passage covers whole, rank by the
    passages' own words (the examples' conditions)."""
    for text in ("OTS", "veiligheidsplan", "Wat is een gezinsplan?"):
        with_model = [(h.passage.key, round(h.score, 6)) for h in kb.search(text, limit=5)]
        monkeypatch.setattr(search, "PASSAGE_MODEL_WEIGHT", 0.0)
        without = [(h.passage.key, round(h.score, 6)) for h in kb.search(text, limit=5)]
        monkeypatch.setattr(search, "PASSAGE_MODEL_WEIGHT", 5.0)
        assert with_model == without, text


def test_a_question_naming_its_guideline_keeps_the_model_inside_it(kb):
    """"met een multiprobleemgezin" names the guideline: the model only chooses among its
    passages (samen-beslissen's passage on goals shares "formuleer" with the question)."""
    hits = kb.search("Hoe formuleer je doelen met een multiprobleemgezin?", limit=3)
    assert hits[0].passage.key == "multiprobleemgezinnen/hulpverleningsplan/doelen"


def test_what_it_adds_is_no_match_and_no_sign_of_the_domain(kb):
    """Everyday questions that share a word with example questions stay without quotes
    (as in test_closest.py, at the level the bot uses for them)."""
    for text in ("Hoeveel kinderbijslag krijgen ouders voor een kind van 12?",
                 "Hoe declareer ik mijn reiskosten naar een huisbezoek bij een gezin?"):
        answer = search_answer(kb, text, None, "normal")
        assert not answer.quotes and not answer.closest, text
    hit = kb.search(SAFETY_AGREEMENTS, limit=1)[0]
    assert hit.score > hit.lexical + hit.examples  # the model's share is in the score only


def test_the_model_is_fitted_once_per_set_of_texts(monkeypatch):
    fitted = []
    original = passage_model.PassageModel.__init__

    def counting(self, *args, **kwargs):
        fitted.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(passage_model.PassageModel, "__init__", counting)
    monkeypatch.setattr(passage_model, "_models", {})
    passages = [("Kop een", "De eerste passage over gezinsplannen.", ["hoe maak ik een plan?"], []),
                ("Kop twee", "De tweede passage over veiligheid.", ["is het kind veilig?"], [])]
    first = passage_model.passage_model(passages)
    assert passage_model.passage_model([tuple(p) for p in passages]) is first
    assert len(fitted) == 1
    assert passage_model.passage_model([p[:2] + ([], []) for p in passages]) is None
    probabilities = first.probabilities("hoe maak ik een gezinsplan")
    assert probabilities[0] > probabilities[1]


@pytest.mark.parametrize("text, guideline", [
    ("wat zegt de richtlijn samen beslissen over doelen?", "samen-beslissen"),
    ("wat werkt bij beslissen in onveilige opvoedingssituaties?", "beslissen-onveilig"),
    ("doelen met een multiprobleemgezin", "multiprobleemgezinnen"),
    ("en bij kindermishandeling, zegt die richtlijn hetzelfde?", "kindermishandeling"),
    ("en de kindermishandelingsrichtlijn, wat zegt die?", "kindermishandeling"),
    ("en wat zegt de km-richtlijn daarover?", "kindermishandeling"),
    ("wat zegt de richtlijn gezinnen met meervoudige en complexe problemen?",
     "mpg-gedwongen-kader"),
    # a longer cue that holds a shorter one decides
    ("huh, maar in de MPG-richtlijn bij gedwongen kader klinkt het juist positief?",
     "mpg-gedwongen-kader"),
    ("en de MPG-richtlijn, zegt die er iets anders over?", "multiprobleemgezinnen"),
    ("hoe formuleer je doelen?", None),
    # "rl" is shorthand for richtlijn
    ("en wat zegt de rl km over de hulp?", "kindermishandeling")])
def test_the_guideline_cues_count_in_the_words_as_users_write_them(kb, text, guideline):
    """A cue is written "samen beslissen"; the question's terms are analysed ("beslis")."""
    assert kb.guideline_named(text) == guideline


def test_the_words_that_name_the_guideline_do_not_rank_its_passages(kb):
    """"MPG-richtlijn" chooses the guideline; among its passages "mpg" and "richtlijn" say
    nothing: the passages on the first contact come first, not the guideline's introduction
    ("De nieuwe richtlijn Multiprobleemgezinnen ..."). A question that is only the name
    keeps its words, and so does one that does not name it as a guideline."""
    hits = kb.search("Wat zegt de MPG-richtlijn over wat onderhandelbaar is in het eerste "
                     "contact?", limit=3)
    assert [h.passage.section_path for h in hits[:2]] == [hits[0].passage.section_path] * 2
    assert all(h.passage.key.startswith("mpg-gedwongen-kader/hulp-in-gedwongen-kader/")
               for h in hits[:2])
    assert "mpg-gedwongen-kader/hulp-in-gedwongen-kader/onderhandelbaar" in \
        [h.passage.key for h in hits]
    assert kb.search("wat is een multiprobleemgezin?", limit=3)[0].passage.key.startswith(
        "multiprobleemgezinnen/")
    # without a word such as "richtlijn", "mpg" is the families themselves: it counts
    terms = ["mpg", "kenmerk", "definitie", "multiprobleemgezin", "gezin"]
    assert _asked_terms("mpg kenmerken en definitie", terms, "multiprobleemgezinnen") == terms
    assert _asked_terms("de MPG-richtlijn over kenmerken en definitie", terms + ["richtlijn"],
                        "multiprobleemgezinnen") == ["kenmerk", "definitie", "gezin"]


def test_the_preference_for_a_guideline_can_be_raised(kb):
    text = "hoe maak je samen met het gezin een plan?"
    plain = {h.passage.key: h.score for h in kb.search(text, limit=50)}
    default = kb.search(text, limit=50, prefer_guideline="samen-beslissen")
    raised = kb.search(text, limit=50, prefer_guideline="samen-beslissen", preference=2.0)
    ours = [h for h in raised if h.passage.guideline_id == "samen-beslissen"]
    assert ours and all(h.score > plain.get(h.passage.key, 0) for h in ours)
    before = {h.passage.key: h.score for h in default}
    assert all(h.score > before[h.passage.key] for h in ours if h.passage.key in before)

"""Tests for jeugdhulp.privacy.vocabulary: the word lists, the domain vocabulary and
knowledge/content/privacy.yml (every entry there must be protected in a sentence)."""
from __future__ import annotations

import re

import pytest

from jeugdhulp.privacy import vocabulary
from jeugdhulp.privacy.redaction import redact
from jeugdhulp.privacy.vocabulary import PrivacyContentError, load_privacy_words

WORDS = load_privacy_words()


def test_domain_vocabulary_is_read():
    phrases = vocabulary.domain_vocabulary()
    assert "Signs of Safety" in phrases and "Veilig, Sterk & Verder" in phrases  # names.yml
    assert "Raad voor de Kinderbescherming" in phrases  # topics.yml
    v = vocabulary.get()
    assert "kinderbescherming" in v.hard_words and ("signs", "of") in v.hard_phrases


def test_works_without_data_files(monkeypatch, tmp_path):
    monkeypatch.setattr(vocabulary, "DATA_DIR", tmp_path / "missing")
    def names_missing():
        raise FileNotFoundError(tmp_path / "missing.yml")

    monkeypatch.setattr(vocabulary.names_vocabulary, "vocabulary", names_missing)
    monkeypatch.setattr(vocabulary, "TOPICS_FILE", tmp_path / "missing.yml")
    monkeypatch.setattr(vocabulary, "_VOCAB", None)
    r = redact("Mijn cliënt Xylia (BSN 111222333) en mw. Jansen, tel 06-12345678")
    assert r.text == "Mijn cliënt [NAAM] (BSN [BSN]) en mw. [NAAM], tel [TELEFOON]"
    assert redact("Wat is de rol van de Raad voor de Kinderbescherming?").findings == []
    monkeypatch.setattr(vocabulary, "_VOCAB", None)  # rebuilt from the real files afterwards


def test_works_without_privacy_content(monkeypatch, tmp_path):
    monkeypatch.setattr(vocabulary, "PRIVACY_FILE", tmp_path / "missing.yml")
    monkeypatch.setattr(vocabulary, "_VOCAB", None)
    assert redact("BSN 111222333, Sanne belt").text == "BSN [BSN], [NAAM] belt"
    assert vocabulary.get().titles == frozenset()


# --- knowledge/content/privacy.yml -------------------------------------------------------------

def test_privacy_content_loads():
    assert len(WORDS.domain_terms) > 100 and len(WORDS.authors) > 20
    assert len(WORDS.not_names) > 200 and WORDS.titles and WORDS.family_words
    for name in ("domain_terms", "authors", "not_names", "titles", "family_words",
                 "family_words_van"):
        entries = getattr(WORDS, name)
        assert len(entries) == len(set(entries)), f"{name}: an entry is listed twice"
    for entries in (WORDS.not_names, WORDS.titles, WORDS.family_words):
        assert all(w == w.lower() and " " not in w for w in entries)
    assert set(WORDS.family_words_van) <= set(WORDS.family_words)


def test_privacy_content_reaches_the_vocabulary():
    v = vocabulary.get()
    assert v.titles == frozenset(WORDS.titles) and v.kin == frozenset(WORDS.family_words)
    assert set(WORDS.not_names) <= v.not_names and {"maart", "maandag"} <= v.not_names
    assert ("raad", "voor") in v.hard_phrases and "bartelink" in v.author_words


@pytest.mark.parametrize("entry", WORDS.domain_terms + WORDS.authors)
def test_every_domain_term_and_author_is_protected(entry):
    for sentence in (f"Wat zegt de richtlijn over {entry}?", f"Ik werk met {entry} in Utrecht."):
        r = redact(sentence)
        assert r.text == sentence and r.findings == [], sentence


@pytest.mark.parametrize("word", WORDS.not_names)
def test_every_not_name_is_protected_capitalised(word):
    sentence = f"Wat zegt de richtlijn over {word.capitalize()}?"
    assert redact(sentence).findings == [], sentence


@pytest.mark.parametrize("word", WORDS.titles)
def test_every_title_is_followed_by_a_name(word):
    before = "de " if word == "heer" else ""
    assert redact(f"Ik sprak {before}{word} Xylia gisteren").text == (
        f"Ik sprak {before}{word} [NAAM] gisteren")


@pytest.mark.parametrize("word", WORDS.family_words)
def test_every_family_word_is_followed_by_a_name(word):
    assert redact(f"Ik sprak {word} Xylia gisteren").text == f"Ik sprak {word} [NAAM] gisteren"


@pytest.mark.parametrize("word", WORDS.family_words_van)
def test_every_family_word_van_is_followed_by_a_name(word):
    assert redact(f"Ik sprak de {word} van Xylia").text == f"Ik sprak de {word} van [NAAM]"


@pytest.mark.parametrize("content, message", [
    ("- a list\n", "expected the sections"),
    ("authors: Vink\n", "authors: expected a list of words"),
    ("not_names: [turks]\n", "not_names: expected groups"),
    ("not_names:\n  numbers: [een, 2]\n", "not_names.numbers: expected a list of words"),
    ("family_words: [moeder]\nfamily_words_van: [juf]\n", "not in family_words: ['juf']"),
])
def test_malformed_privacy_content_is_named(tmp_path, content, message):
    path = tmp_path / "privacy.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PrivacyContentError, match=re.escape(message)):
        load_privacy_words(path)

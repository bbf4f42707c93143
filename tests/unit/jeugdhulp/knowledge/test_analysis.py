"""The Dutch analysis of the knowledge-base search (jeugdhulp/knowledge/analysis.py)."""
import pytest

from jeugdhulp.knowledge.analysis import analyze


@pytest.mark.parametrize("split, whole", [
    ("ik heb de neiging alles uit te vragen", "alles uitvragen"),
    ("de professional dient eenzijdig in te grijpen", "eenzijdig ingrijpen"),
    ("hoe ga je dat aan te pakken", "aanpakken")])
def test_a_separable_verb_with_te_is_analysed_as_the_whole_verb(split, whole):
    """"alles uit te vragen" meets a passage or practice word that says "uitvragen"."""
    assert analyze(whole)[-1] in analyze(split)


@pytest.mark.parametrize("text", ["om te beslissen", "samen te beslissen"])
def test_a_purpose_or_samen_before_te_stays_a_word_of_its_own(text):
    assert analyze(text)[-1] == analyze("beslissen")[0]


@pytest.mark.parametrize("text", [
    "Ga na of iedereen het eens is over de vraag en het probleem.",
    "wat als ouders het al niet eens zijn over wat het probleem is?",
    "ze zijn het onderling niet eens over wat er moet gebeuren",
    "ik ben het er eigenlijk niet mee eens", "en als we het wel eens zijn?",
    "vader en moeder zijn het oneens"])
def test_eens_that_says_people_agree_is_a_word(text):
    """"het (niet) eens zijn" meets the passage that asks whether everyone agrees."""
    assert "eensgezind" in analyze(text)


@pytest.mark.parametrize("text", [
    "vertel eens meer over MST", "dat het niet nog eens gebeurt",
    "heb je het wel eens meegemaakt", "het gezin wil eens praten", "we kijken niet eens anders",
    "ons gezinsplan zit vol jargon, ouders lezen het niet eens"])
def test_eens_of_once_or_even_is_no_word(text):
    assert "eensgezind" not in analyze(text)


@pytest.mark.parametrize("text", [
    "Eerlijk gezegd erger ik me mateloos aan vader",
    "ik vind het om eerlijk te zijn lastig met die ouders",
    "eerlijk is eerlijk, ik mag die moeder niet"])
def test_eerlijk_as_a_turn_of_phrase_is_no_word(text):
    """"eerlijk gezegd" says nothing about honesty: it must not find the passage on an honest
    attitude in the first contact."""
    assert "eerlijk" not in analyze(text)


def test_eerlijk_about_honesty_is_a_word():
    assert "eerlijk" in analyze("hoe eerlijk moet ik zijn over wat ik opschrijf?")

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

"""The subject a user's words mean (jeugdhulp/quiz/subjects.py)."""
import pytest

from jeugdhulp.quiz.subjects import resolve_subject


@pytest.mark.parametrize("text, subject", [
    ("oefen interventies", "interventies"),
    ("quiz samen beslissen", "samen-beslissen"),
    ("test mijn kennis over het eerste gesprek", "gedwongen-kader"),
    ("quiz gedwongen kader", "gedwongen-kader"),
    ("oefenvragen over definities", "definities"),
    ("overhoor me over multiprobleemgezinnen", "multiprobleemgezinnen"),
    ("quiz mpg", "multiprobleemgezinnen"),
    ("oefenen beslissen in onveilige situaties", "beslissen-onveilig"),
    ("samen-beslissen", "samen-beslissen"),
    ("oefenen", None),
    ("test mijn kennis", None),
    ("quiz over voetbal", None),
])
def test_user_words_map_to_subjects(text, subject):
    assert resolve_subject(text) == subject

"""The acute-danger detector (jeugdhulp.safety): what must show the escalation card, what must not.

Product rule: acute danger to a child is answered with the escalation card first, whatever
the NLU predicts; ordinary questions that merely mention mishandeling do not trigger it.
"""
from __future__ import annotations

import pytest

from jeugdhulp.safety import assess
from tests.unit.jeugdhulp.safety.cases import ACUTE, NOT_ACUTE


def test_sets_are_large_and_distinct():
    assert len(ACUTE) >= 40 and len(NOT_ACUTE) >= 40
    assert len(set(ACUTE)) == len(ACUTE) and len(set(NOT_ACUTE)) == len(NOT_ACUTE)


@pytest.mark.parametrize("text", ACUTE)
def test_acute_danger_is_detected(text):
    a = assess(text)
    assert a.acute, f"missed: {text!r} (suppressed: {a.suppressed})"
    assert a.reasons and all(isinstance(r, str) and len(r) < 120 for r in a.reasons)


@pytest.mark.parametrize("text", NOT_ACUTE)
def test_ordinary_questions_do_not_trigger(text):
    a = assess(text)
    assert not a.acute, f"false alarm: {text!r} -> {a.reasons}"


def test_example_from_the_spec():
    a = assess("vader slaat zijn zoon waar ik bij sta")
    assert a.acute is True
    assert a.reasons == ["geweld nu: 'slaat ... waar ik bij sta'"]
    assert bool(a) is True
    assert bool(assess("wat is de meldcode")) is False


def test_reasons_explain_and_suppressed_frames_are_reported():
    a = assess("stel dat vader zijn zoon slaat waar ik bij sta")
    assert not a.acute
    assert any("hypothetisch" in s for s in a.suppressed)
    a = assess("vorige maand sloeg een vader zijn zoon waar ik bij stond")
    assert not a.acute and any("verleden" in s for s in a.suppressed)
    a = assess("het kind zit opgesloten in de kelder")
    assert a.reasons == ["opgesloten: 'zit opgesloten'"]


def test_public_import_paths():
    """``jeugdhulp.safety`` is the public API; the NLU component imports from the engine."""
    import jeugdhulp.safety as safety
    from jeugdhulp.safety import engine

    assert safety.assess is engine.assess and safety.Assessment is engine.Assessment
    assert safety.MAX_CHARS == engine.MAX_CHARS

"""The state of a round as the slots remember it (jeugdhulp/quiz/state.py)."""
from jeugdhulp.quiz.rounds import HISTORY_SIZE
from jeugdhulp.quiz.state import QuizState

SLOTS = ["quiz_active", "quiz_questions", "quiz_index", "quiz_score", "quiz_wrong",
         "quiz_subject", "quiz_history"]


def test_the_state_round_trips_through_the_slots():
    state = QuizState(active=True, ids=["iv-age:mst-can#3", "def:lirik#1"], index=1, score=1,
                      subject="definities", history=[f"def:t{i}" for i in range(40)])
    slots = state.slots()
    assert list(slots) == SLOTS
    assert slots["quiz_history"] == state.history[-HISTORY_SIZE:]
    again = QuizState.from_slots(slots.get)
    assert (again.active, again.ids, again.index, again.score, again.subject) == \
        (True, state.ids, 1, 1, "definities")
    assert again.number == 2


def test_an_ended_round_clears_its_questions_but_keeps_subject_and_history():
    state = QuizState(active=False, ids=["def:lirik#1"], index=1, subject="definities",
                      history=["def:lirik"])
    assert state.slots() == {"quiz_active": False, "quiz_questions": None, "quiz_index": None,
                             "quiz_score": None, "quiz_wrong": None,
                             "quiz_subject": "definities", "quiz_history": ["def:lirik"]}


def test_odd_slot_values_give_an_inactive_or_zero_state():
    values = {"quiz_active": True, "quiz_questions": [], "quiz_index": "x", "quiz_score": 2.0}
    state = QuizState.from_slots(values.get)
    assert not state.active and state.index == 0 and state.score == 2 and state.wrong == []


def test_answers_are_counted_and_gone_questions_skipped(kb):
    state = QuizState(active=True, ids=["fact:mpg-aandeel#1", "iv-age:bestaat-niet#1",
                                        "def:lirik#1"])
    first = state.current(kb)
    assert first.id == "fact:mpg-aandeel#1"
    state.record(first, correct=False)
    assert state.current(kb).id == "def:lirik#1" and state.ids[1] == "def:lirik#1"
    state.record(state.current(kb), correct=True)
    assert (state.index, state.score, state.wrong) == (2, 1, ["fact:mpg-aandeel#1"])
    assert state.current(kb) is None
    assert [q.id for q in state.wrong_questions(kb)] == ["fact:mpg-aandeel#1"]

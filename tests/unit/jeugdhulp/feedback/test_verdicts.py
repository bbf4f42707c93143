"""What a message means for feedback (jeugdhulp.feedback.verdicts) and what an answer leaves
behind for it (jeugdhulp.feedback.answers): pure decisions, no Rasa."""
import pytest

from jeugdhulp.feedback import answers, verdicts
from jeugdhulp.feedback.store import DOWN, UP
from jeugdhulp.knowledge.answers import Answer

LAST = {"id": "3f9a0c1e", "question": "doelgroep IAG", "found": True, "closest": False,
        "intent": "ask_target_group", "guideline": "kindermishandeling", "version": "x",
        "passages": ["kindermishandeling/interventies-tabel/iag-doelgroep"], "topic": ""}


def click(verdict, answer_id):
    return [{"entity": "verdict", "value": verdict}, {"entity": "answer_id", "value": answer_id}]


@pytest.mark.parametrize("text, verdict", [
    ("klopt niet", DOWN), ("Dit klopt niet!", DOWN), ("niet nuttig", DOWN),
    ("fout antwoord", DOWN), ("niet echt nuttig", DOWN), ("geen goed antwoord", DOWN),
    ("👎", DOWN), ("goed antwoord", UP), ("top", UP), ("Nuttig!", UP), ("👍", UP),
    ("ik wil feedback geven", None), ("de link werkt", None),
    # about the family's situation, not the answer
    ("ze klaagt ook dat we alleen maar zien wat er fout gaat", None),
    ("het is onduidelijk wat er speelt", None), ("het loopt steeds verkeerd af", None),
    ("fout want het gaat over 12-18", DOWN), ("onduidelijk antwoord", DOWN),
])
def test_typed_verdicts_come_from_the_cue_words(text, verdict):
    assert verdicts.typed_verdict(text) == verdict


@pytest.mark.parametrize("text, more", [
    ("klopt niet", False), ("dit antwoord klopt echt niet", False), ("top, bedankt", False),
    ("klopt niet, de leeftijd is 12-18", True), ("niet nuttig: ik zocht de Meldcode", True),
])
def test_a_comment_is_what_the_message_says_besides_the_cue(text, more):
    assert verdicts.says_more(text) is more


@pytest.mark.parametrize("text, intent, confidence, question", [
    ("wat is reactance", "ask_definition", 0.95, True),
    ("MST-CAN doelgroep?", "nlu_fallback", 0.3, True),
    ("is MST-CAN effectief", "ask_effectiveness", 0.4, True),  # verb first
    ("Hoe lang duurt MST-CAN", "nlu_fallback", 0.2, True),
    ("MST-CAN doelgroep", "ask_target_group", 0.93, True),  # the NLU is sure
    ("MST-CAN doelgroep", "ask_target_group", 0.5, False),
    ("de leeftijdsgrens klopt niet", "ask_age_range", 0.95, False),  # a cue: about the answer
    ("het ging over iets anders", "feedback", 0.8, False),
    ("het ging over iets anders", "out_of_scope", 0.9, False),
    ('/feedback{"verdict":"goed","answer_id":"3f9a0c1e"}', "feedback", 1.0, True),
])
def test_a_question_is_told_from_a_comment(text, intent, confidence, question):
    assert verdicts.looks_like_question(text, intent, confidence) is question


def test_a_comment_is_taken_only_when_pending_and_is_redacted():
    text = "Jan de Vries belde 0612345678: de leeftijd klopt niet"
    assert verdicts.comment_of(text, "feedback", 0.9, pending=False) is None
    comment = verdicts.comment_of(text, "feedback", 0.9, pending=True)
    assert comment is not None and "de leeftijd klopt niet" in comment
    assert "Jan de Vries" not in comment and "0612345678" not in comment
    assert verdicts.comment_of("welke interventie bij verwaarlozing?", "ask_interventions_for",
                               0.9, pending=True) is None
    assert verdicts.comment_of("   ", "", 0.0, pending=True) is None


def test_a_click_counts_only_for_the_latest_cited_answer():
    assert verdicts.decide("/feedback", click("goed", "3f9a0c1e"), LAST, False) == \
        verdicts.Decision(verdicts.STORE, UP)
    down = verdicts.decide("/feedback", click("fout", "3f9a0c1e"), LAST, True)
    assert down == verdicts.Decision(verdicts.STORE, DOWN) and down.asks_comment
    stale = verdicts.Decision(verdicts.STALE)
    assert verdicts.decide("/feedback", click("goed", "0a0a0a0a"), LAST, True) == stale
    assert verdicts.decide("/feedback", click("goed", "3f9a0c1e"), None, True) == stale
    assert verdicts.decide("/feedback", click("ja", "3f9a0c1e"), LAST, True) == stale
    assert verdicts.decide("/feedback", [], LAST, True) == stale  # malformed payload
    assert verdicts.decide("/feedback", click("goed", "3f9a0c1e") + click("fout", "x"),
                           LAST, True) == stale  # two values: not a button of ours
    uncited = {**LAST, "passages": [], "found": False}
    assert verdicts.decide("/feedback", click("goed", "3f9a0c1e"), uncited, True) == stale


def test_typed_feedback_counts_for_the_answer_just_given():
    assert verdicts.decide("klopt niet", [], LAST, True) == verdicts.Decision(verdicts.STORE, DOWN)
    with_comment = verdicts.decide("klopt niet, Piet zegt 12-18 jaar", [], LAST, True)
    assert with_comment.verdict == DOWN and not with_comment.asks_comment
    assert "Piet" not in with_comment.comment and "12-18 jaar" in with_comment.comment
    assert verdicts.decide("top", [], LAST, True) == verdicts.Decision(verdicts.STORE, UP)
    general = verdicts.Decision(verdicts.GENERAL)
    assert verdicts.decide("klopt niet", [], LAST, False) == general  # not just after it
    assert verdicts.decide("klopt niet", [], None, True) == general  # no answer yet
    assert verdicts.decide("klopt niet", [], {**LAST, "passages": []}, True) == general
    assert verdicts.decide("ik wil een verbeterpunt doorgeven", [], LAST, True) == general


def test_buttons_and_record_of_an_answer(kb):
    from jeugdhulp.knowledge import compose

    answer = compose.search_answer(kb, "wat is reactance")
    assert answers.cited(answer)
    answer_id = answers.new_answer_id()
    assert len(answer_id) == 8 and answer_id[0] in "abcdef" and int(answer_id, 16) >= 0
    assert answers.new_answer_id() != answer_id
    up, down = answers.buttons(answer_id)
    assert up["payload"] == '/feedback{"verdict":"goed","answer_id":"%s"}' % answer_id
    assert down["payload"] == '/feedback{"verdict":"fout","answer_id":"%s"}' % answer_id
    record = answers.record(answer_id, answer, "wat is reactance", "ask_definition", kb)
    assert set(record) == {"id", "question", "found", "closest", "intent", "guideline",
                           "version", "passages", "topic"}
    first = kb.record(answer.quotes[0].key)
    assert record["passages"] == [q.key for q in answer.quotes]
    assert (record["guideline"], record["version"]) == (first.guideline_id,
                                                        first.guideline_edition)
    assert record["topic"] == kb.topic(first.topics[0]).label
    nothing = Answer(lead="Staat niet in de richtlijnen.", found=False)
    assert not answers.cited(nothing)
    empty = answers.record("00ff00ff", nothing, "hoe laat is het", "nlu_fallback", None)
    assert (empty["found"], empty["passages"], empty["guideline"]) == (False, [], "")

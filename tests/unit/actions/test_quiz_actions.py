"""Practice mode actions (actions/quiz.py): the Rasa adapter of jeugdhulp.quiz, with
tracker fixtures."""
import asyncio
import copy
import json

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.quiz import ActionQuizAnswer, ActionQuizStart, ActionQuizStop
from jeugdhulp.quiz.families import question
from jeugdhulp.quiz.replies import answer_payload
from jeugdhulp.quiz.rounds import round_size
from jeugdhulp.quiz.subjects import all_subjects
from tests.conftest import FIXTURES


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def tracker(text, intent, entities=(), slots=None, channel="rest", ranking=None):
    data = copy.deepcopy(json.loads((FIXTURES / "trackers" / "first_contact.json").read_text()))
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9},
               "entities": list(entities), "intent_ranking": ranking or []}
    data["latest_message"] = message
    data["events"][-1].update({"text": text, "parse_data": message, "input_channel": channel})
    data["slots"] = slots or {}
    return Tracker.from_dict(data)


def slots_of(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def quiz_slots(ids, index=0, score=0, wrong=(), history=()):
    return {"quiz_active": True, "quiz_questions": list(ids), "quiz_index": index,
            "quiz_score": score, "quiz_wrong": list(wrong), "quiz_history": list(history)}


def _start_with_seed(monkeypatch, seed):
    """A round started with its questions drawn with a fixed seed, so that the test sees
    the same round every run."""
    import jeugdhulp.quiz

    drawn = jeugdhulp.quiz.rounds.generate_round
    monkeypatch.setattr(jeugdhulp.quiz, "generate_round",
                        lambda *args, **kwargs: drawn(*args, **{**kwargs, "seed": seed}))
    return run(ActionQuizStart(), tracker("ik wil oefenen", "start_quiz"))


def test_start_asks_the_first_question_with_buttons(actions_kb, kb, monkeypatch):
    """Every round starts like this; the first question has buttons when it has options and
    none when it is an open question. Both kinds are seen (seeded rounds), so neither check
    can be skipped."""
    kinds = set()
    for seed in range(300):
        messages, events = _start_with_seed(monkeypatch, seed)
        slots = slots_of(events)
        assert slots["quiz_active"] is True and slots["quiz_index"] == 0
        assert slots["quiz_score"] == 0
        ids = slots["quiz_questions"]
        assert len(ids) == 5 and len({i.split("#")[0] for i in ids}) == 5
        assert slots["quiz_history"] == [i.split("#")[0] for i in ids]
        assert "Oefenronde: 5 vragen" in messages[0]["text"] and "stop" in messages[0]["text"]
        first = question(kb, ids[0])
        assert "Vraag 1 van 5" in messages[1]["text"] and first.prompt in messages[1]["text"]
        assert "“" not in messages[1]["text"]  # our question is never styled as a quote
        if first.is_choice:
            payloads = [b["payload"] for b in messages[1]["buttons"]]
            assert payloads == [answer_payload(1, n) for n in range(1, len(first.options) + 1)]
            assert all(len(p.encode()) <= 64 for p in payloads)
        else:
            assert not messages[1].get("buttons") and "weet ik niet" in messages[1]["text"]
        kinds.add(first.is_choice)
        if kinds == {True, False}:
            break
    assert kinds == {True, False}, "no seed gave both kinds of first question"


def test_start_with_a_subject_from_the_command_and_from_text(actions_kb, kb):
    _, events = run(ActionQuizStart(), tracker('/start_quiz{"subject": "samen beslissen"}',
                                               "start_quiz", [{"entity": "subject",
                                                               "value": "samen beslissen"}]))
    ids = slots_of(events)["quiz_questions"]
    assert {question(kb, i).subject for i in ids} == {"samen-beslissen"}
    _, events = run(ActionQuizStart(), tracker("oefen interventies", "start_quiz"))
    assert {question(kb, i).subject for i in slots_of(events)["quiz_questions"]} == {"interventies"}


def test_unknown_subject_offers_the_subjects(actions_kb):
    messages, events = run(ActionQuizStart(), tracker(
        '/start_quiz{"subject": "voetbal"}', "start_quiz", [{"entity": "subject", "value": "voetbal"}]))
    assert events == []
    assert "geen oefenvragen" in messages[0]["text"]
    assert len(messages[0]["buttons"]) == len(all_subjects()) + 1
    assert all(len(b["payload"].encode()) <= 64 for b in messages[0]["buttons"])


def test_round_size_is_configurable(actions_kb, monkeypatch):
    assert round_size("quiz met 10 vragen") == 10
    monkeypatch.setenv("QUIZ_QUESTIONS", "3")
    assert round_size("oefenen") == 3
    _, events = run(ActionQuizStart(), tracker("oefenen", "start_quiz"))
    assert len(slots_of(events)["quiz_questions"]) == 3


def test_new_round_avoids_the_previous_questions(actions_kb):
    _, events = run(ActionQuizStart(), tracker("oefenen", "start_quiz"))
    history = slots_of(events)["quiz_history"]
    _, events = run(ActionQuizStart(), tracker("nog een ronde", "start_quiz",
                                               slots={"quiz_history": history}))
    second = [i.split("#")[0] for i in slots_of(events)["quiz_questions"]]
    assert not set(second) & set(history)


def test_right_button_answer_gets_praise_quote_citation_and_next_question(actions_kb, kb):
    ids = ["iv-age:mst-can#3", "def:reactance#1", "ft:rgt-voorheen#2"]
    q = question(kb, ids[0])
    t = tracker(answer_payload(1, q.correct + 1), "quiz_answer",
                [{"entity": "choice", "value": f"1.{q.correct + 1}"}], slots=quiz_slots(ids))
    messages, events = run(ActionQuizAnswer(), t)
    feedback, following = messages[0]["text"], messages[1]["text"]
    assert feedback.startswith("✅ Goed!") and "6–17 jaar" in feedback
    assert f"“{kb.record(q.source_keys[0]).text}”" in feedback  # the passage, as a quote
    assert "Bron: Richtlijn Kindermishandeling" in feedback and "NVO, BPSW en NIP" in feedback
    assert "Vraag 2 van 3" in following
    slots = slots_of(events)
    assert slots["quiz_index"] == 1 and slots["quiz_score"] == 1 and slots["quiz_wrong"] == []
    assert slots["sources"] == list(q.source_keys)  # "waar staat dat?" works after it
    assert slots["subject"] == "intervention:mst-can"  # and so does "hoe effectief is dat?"


def test_wrong_answer_gets_the_right_answer(actions_kb, kb):
    ids = ["sb-next:2#5", "def:lirik#1"]
    q = question(kb, ids[0])
    wrong = (q.correct + 1) % len(q.options)
    messages, events = run(ActionQuizAnswer(), tracker(
        str(wrong + 1), "quiz_answer", slots=quiz_slots(ids)))  # typed option number
    assert messages[0]["text"].startswith(f"❌ Helaas, het juiste antwoord is: {q.answer_text}.")
    assert "Richtlijn Samen met ouders en jeugdige beslissen" in messages[0]["text"]
    assert slots_of(events)["quiz_wrong"] == [ids[0]]


def test_free_text_answer_is_checked_leniently_whatever_the_intent(actions_kb, kb):
    ids = ["ft:rgt-voorheen#1", "def:lirik#1"]
    messages, events = run(ActionQuizAnswer(), tracker(
        "relationele gezinsterapie", "ask_intervention",
        [{"entity": "intervention", "value": "Relationele Gezinstherapie"}], slots=quiz_slots(ids)))
    assert messages[0]["text"].startswith("✅ Goed!")
    assert "rekenen we goed" in messages[0]["text"]
    assert "Relationele Gezinstherapie (voorheen Functional Family Therapy -FFT)" in messages[0]["text"]
    assert slots_of(events)["quiz_score"] == 1
    messages, events = run(ActionQuizAnswer(), tracker("FFT", "ask_intervention",
                                                       slots=quiz_slots(ids)))
    assert messages[0]["text"].startswith("❌ Helaas")
    messages, _ = run(ActionQuizAnswer(), tracker("geen idee", "quiz_answer", slots=quiz_slots(ids)))
    assert messages[0]["text"].startswith("❌ Helaas, het juiste antwoord is: Relationele Gezinstherapie")


def test_a_real_question_in_the_middle_is_answered_and_the_round_continues(actions_kb, kb):
    ids = ["fact:mpg-aandeel#1", "def:lirik#1"]
    messages, events = run(ActionQuizAnswer(), tracker(
        "wat is de doelgroep van MST-CAN?", "ask_target_group",
        [{"entity": "intervention", "value": "MST-CAN"}], slots=quiz_slots(ids)))
    assert "binnen de laatste 180 dagen" in messages[0]["text"]  # the answer, quoted
    assert "Terug naar de oefenronde" in messages[1]["text"] and "Vraag 1 van 2" in messages[1]["text"]
    slots = slots_of(events)
    assert "quiz_index" not in slots and "quiz_active" not in slots  # the round goes on
    assert slots["subject"] == "intervention:mst-can"
    # the same during a free-text question
    messages, _ = run(ActionQuizAnswer(), tracker(
        "welke interventie past bij verwaarlozing bij een kind van 8 jaar?", "ask_interventions_for",
        [{"entity": "problem", "value": "verwaarlozing"}, {"entity": "age", "value": "8"}],
        slots=quiz_slots(["ft:lirik#1"])))
    assert "MST-CAN" in messages[0]["text"] and "Vraag 1 van 1" in messages[1]["text"]


def test_gibberish_during_a_choice_question_asks_again(actions_kb):
    messages, events = run(ActionQuizAnswer(), tracker(
        "blabla", "out_of_scope", slots=quiz_slots(["fact:mpg-aandeel#1"])))
    assert len(messages) == 1 and "Kies een van de antwoorden" in messages[0]["text"]
    assert events == []


def test_a_stale_button_does_not_count(actions_kb):
    messages, events = run(ActionQuizAnswer(), tracker(
        answer_payload(1, 2), "quiz_answer", [{"entity": "choice", "value": "1.2"}],
        slots=quiz_slots(["fact:mpg-aandeel#1", "def:lirik#1"], index=1, score=1)))
    assert "eerdere vraag" in messages[0]["text"] and "Vraag 2 van 2" in messages[0]["text"]
    assert events == []


def test_last_answer_gives_the_score_and_what_to_revisit(actions_kb, kb):
    ids = ["iv-age:mst-can#3", "fact:mpg-aandeel#1", "def:lirik#1"]
    last = question(kb, ids[2])
    wrong = (last.correct + 1) % len(last.options)
    messages, events = run(ActionQuizAnswer(), tracker(
        answer_payload(3, wrong + 1), "quiz_answer", [{"entity": "choice", "value": f"3.{wrong + 1}"}],
        slots=quiz_slots(ids, index=2, score=1, wrong=[ids[1]])))
    end = messages[-1]
    assert "Klaar! Je score: 1 van de 3." in end["text"]
    assert "hoeveel multiprobleemgezinnen er zijn" in end["text"] and "het begrip LIRIK" in end["text"]
    payloads = [b["payload"] for b in end["buttons"]]
    assert "hoeveel multiprobleemgezinnen zijn er?" in payloads and "wat is LIRIK?" in payloads
    assert "/start_quiz" in payloads
    slots = slots_of(events)
    assert slots["quiz_active"] is False and slots["quiz_questions"] is None


def test_stop_ends_the_round_with_the_score_so_far(actions_kb):
    ids = ["iv-age:mst-can#3", "fact:mpg-aandeel#1", "def:lirik#1"]
    messages, events = run(ActionQuizStop(), tracker("stop", "stop_quiz", slots=quiz_slots(
        ids, index=2, score=1, wrong=[ids[0]])))
    assert "gestopt" in messages[0]["text"] and "1 van de 2 beantwoorde vragen" in messages[0]["text"]
    assert slots_of(events)["quiz_active"] is False
    messages, events = run(ActionQuizStop(), tracker("stop", "stop_quiz"))
    assert "geen oefenronde" in messages[0]["text"]


@pytest.mark.parametrize("text", ["ik wil niet meer oefenen", "oefenmodus uit", "quiz afbreken",
                                  "beëindig de quiz", "klaar met oefenen", "geen quiz meer",
                                  "zet de quiz maar uit", "hou maar op met overhoren"])
def test_a_stop_taken_for_a_start_ends_the_round_and_never_restarts_it(actions_kb, text):
    ids = ["iv-age:mst-can#3", "fact:mpg-aandeel#1", "def:lirik#1"]
    messages, events = run(ActionQuizStart(), tracker(text, "start_quiz", slots=quiz_slots(
        ids, index=1, score=1)))
    assert len(messages) == 1 and "gestopt" in messages[0]["text"], messages
    assert "1 van de 1 beantwoorde" in messages[0]["text"]
    slots = slots_of(events)
    assert slots["quiz_active"] is False and slots["quiz_questions"] is None  # no new round


def test_answer_without_a_round(actions_kb):
    messages, events = run(ActionQuizAnswer(), tracker("2", "quiz_answer"))
    assert "geen oefenronde" in messages[0]["text"] and events == []


@pytest.mark.parametrize("channel, marker", [
    ("slack", "<https://"), ("telegram", "<a href="), ("cmdline", "https://"),
])
def test_feedback_is_rendered_for_the_channel(actions_kb, kb, channel, marker):
    ids = ["iv-age:vsv#1", "def:lirik#1"]
    q = question(kb, ids[0])
    messages, _ = run(ActionQuizAnswer(), tracker(
        str(q.correct + 1), "quiz_answer", slots=quiz_slots(ids), channel=channel))
    assert marker in messages[0]["text"]
    if channel == "telegram":
        assert "Veilig, Sterk &amp; Verder" in messages[0]["text"]  # escaped for Telegram HTML
    if channel == "cmdline":
        assert "**" not in messages[0]["text"]

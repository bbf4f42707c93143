"""Feedback through the actions, with rasa_sdk tracker fixtures: the answer's id and record,
the 👍 / 👎 clicks, typed feedback, the comment after a 👎 (or a question instead), a button
of an older answer. The feedback table is a real SQLite file (TRACKER_STORE_URL)."""
import asyncio
import copy
import json

import pytest
import sqlalchemy as sa
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import PENDING_SLOT, ActionFeedback, engine
from actions.guidelines import ActionAnswer, ActionEscalate, ActionFallback
from jeugdhulp.feedback import store
from jeugdhulp.feedback.answers import payload
from jeugdhulp.messages import message
from tests.conftest import FIXTURES

SENDER = "collega-feedback-7"


@pytest.fixture
def feedback_db(tmp_path, monkeypatch, actions_kb):
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    monkeypatch.setenv("TRACKER_STORE_URL", url)
    monkeypatch.setenv("FEEDBACK_HASH_KEY", "sleutel-van-de-test")
    yield store.engine_for(url)
    engine.cache_clear()


def rows(e):
    if not sa.inspect(e).has_table("feedback"):
        return []
    with e.connect() as c:
        return [dict(r._mapping) for r in c.execute(sa.select(store.FEEDBACK))]


class Conversation:
    """A tracker that grows turn by turn like Rasa's: user event, the action's slot events."""

    def __init__(self, channel="rest"):
        data = json.loads((FIXTURES / "trackers" / "first_contact.json").read_text())
        self.data = copy.deepcopy(data)
        self.data["sender_id"] = SENDER
        self.data["events"] = self.data["events"][:3]  # up to the first action_listen
        self.data["slots"] = {}
        self.channel = channel

    def say(self, action, text, intent, confidence=0.95, entities=(), **more):
        parse = {"text": text, "intent": {"name": intent, "confidence": confidence},
                 "entities": list(entities), **more}
        self.data["latest_message"] = parse
        self.data["events"].append({"event": "user", "text": text, "parse_data": parse,
                                    "input_channel": self.channel, "timestamp": 1.0})
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, Tracker.from_dict(self.data), {}))
        for e in events:
            if e.get("event") == "slot":
                self.data["slots"][e["name"]] = e["value"]
        self.data["events"] += [{"event": "action", "name": action.name()}, *events,
                                {"event": "action", "name": "action_listen"}]
        return dispatcher.messages, events

    def click(self, verdict, answer_id):
        text = payload(verdict, answer_id)
        entities = [{"entity": "verdict", "value": verdict},
                    {"entity": "answer_id", "value": answer_id}]
        return self.say(ActionFeedback(), text, "feedback", 1.0, entities)

    @property
    def last_answer(self):
        return self.data["slots"].get(store.ANSWER_SLOT)


def ask_iag(conversation):
    return conversation.say(ActionAnswer(), "doelgroep IAG", "ask_target_group",
                            entities=[{"entity": "intervention", "value": "IAG"}])


def test_a_cited_answer_gets_an_id_a_record_and_the_two_buttons(feedback_db):
    talk = Conversation()
    messages, _ = ask_iag(talk)
    record = talk.last_answer
    assert record["question"] == "doelgroep IAG" and record["intent"] == "ask_target_group"
    assert record["found"] is True and record["passages"] and record["guideline"]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads[-2:] == [payload("goed", record["id"]), payload("fout", record["id"])]
    assert len(payloads) > 2  # the answer's own buttons come first
    # An answer without a quote leaves its record, without buttons.
    messages, _ = talk.say(ActionFallback(), "hoe lang mag een time-out duren", "nlu_fallback",
                           0.3)
    assert talk.last_answer["found"] is False and talk.last_answer["passages"] == []
    assert not any(b["payload"].startswith("/feedback") for b in messages[0].get("buttons") or [])


def test_thumbs_up_is_stored_with_a_hashed_sender(feedback_db):
    talk = Conversation(channel="slack")
    ask_iag(talk)
    messages, events = talk.click("goed", talk.last_answer["id"])
    assert messages[0]["text"] == message("feedback.thanks_up")
    [row] = rows(feedback_db)
    assert (row["verdict"], row["answer_id"], row["channel"]) == (
        "goed", talk.last_answer["id"], "slack")
    assert json.loads(row["passages"]) == talk.last_answer["passages"]
    assert SENDER not in json.dumps(row, default=str)
    assert not any(e["name"] == PENDING_SLOT and e["value"] for e in events)


def test_thumbs_down_asks_once_and_the_next_message_is_the_comment(feedback_db):
    talk = Conversation()
    ask_iag(talk)
    messages, _ = talk.click("fout", talk.last_answer["id"])
    assert messages[0]["text"] == message("feedback.ask_comment")
    assert "Wat klopte er niet?" in messages[0]["text"]
    assert talk.data["slots"][PENDING_SLOT]["row"] == rows(feedback_db)[0]["id"]
    # The NLU took the comment for a question without being sure: a comment all the same.
    messages, events = talk.say(ActionAnswer(), "de leeftijd van Piet Jansen klopt niet",
                                "ask_age_range", 0.6)
    assert [m["text"] for m in messages] == [message("feedback.thanks_comment")]
    [row] = rows(feedback_db)
    assert row["verdict"] == "fout" and "de leeftijd van" in row["comment"]
    assert "Piet Jansen" not in row["comment"]
    assert talk.data["slots"][PENDING_SLOT] is None
    # The comment is taken once: the next message is answered.
    messages, _ = talk.say(ActionAnswer(), "wat is reactance", "ask_definition")
    assert "Bron:" in messages[0]["text"]


def test_a_question_instead_of_the_comment_is_answered(feedback_db):
    talk = Conversation()
    ask_iag(talk)
    talk.click("fout", talk.last_answer["id"])
    messages, _ = talk.say(ActionAnswer(), "voor welke leeftijd is IAG?", "ask_age_range",
                           entities=[{"entity": "intervention", "value": "IAG"}])
    assert "Bron:" in messages[0]["text"]
    assert talk.data["slots"][PENDING_SLOT] is None
    assert rows(feedback_db)[0]["comment"] is None


def test_a_comment_only_right_after_the_question(feedback_db):
    talk = Conversation()
    ask_iag(talk)
    talk.click("fout", talk.last_answer["id"])
    # A turn in between that no action of ours handled (say "hallo": utter_greet).
    talk.data["events"] += [{"event": "user", "text": "hallo", "parse_data": {}},
                            {"event": "action", "name": "utter_greet"}]
    messages, _ = talk.say(ActionFeedback(), "de bron klopt niet", "feedback")
    assert messages[0]["text"] == message("feedback.general")
    assert rows(feedback_db)[0]["comment"] is None


def test_a_button_of_an_older_answer_changes_nothing(feedback_db):
    talk = Conversation()
    messages, _ = talk.click("goed", "3f9a0c1e")  # no answer yet
    assert messages[0]["text"] == message("feedback.stale")
    assert "eerder antwoord" in messages[0]["text"]
    ask_iag(talk)
    old = talk.last_answer["id"]
    talk.say(ActionAnswer(), "wat is reactance", "ask_definition")
    messages, events = talk.click("fout", old)
    assert messages[0]["text"] == message("feedback.stale") and rows(feedback_db) == []
    assert not any(e.get("name") == PENDING_SLOT and e.get("value") for e in events)
    # A payload without an answer id (typed by hand, or cut off) likewise.
    messages, _ = talk.say(ActionFeedback(), '/feedback{"verdict":"goed"}', "feedback", 1.0,
                           [{"entity": "verdict", "value": "goed"}])
    assert messages[0]["text"] == message("feedback.stale") and rows(feedback_db) == []


def test_typed_feedback_right_after_an_answer(feedback_db):
    talk = Conversation()
    ask_iag(talk)
    messages, _ = talk.say(ActionFeedback(), "klopt niet", "feedback")
    assert messages[0]["text"] == message("feedback.ask_comment")
    assert rows(feedback_db)[0]["verdict"] == "fout"
    # Typed with an explanation: stored as its comment, no question asked.
    talk.say(ActionAnswer(), "wat is reactance", "ask_definition")
    messages, _ = talk.say(ActionFeedback(), "niet nuttig, ik zocht de Meldcode", "feedback")
    assert messages[0]["text"] == message("feedback.thanks_comment")
    latest = rows(feedback_db)[-1]
    assert latest["verdict"] == "fout" and latest["comment"] == "niet nuttig, ik zocht de Meldcode"
    # Low NLU confidence: the fallback recognises it too.
    talk.say(ActionAnswer(), "MST-CAN?", "ask_intervention",
             entities=[{"entity": "intervention", "value": "MST-CAN"}])
    messages, _ = talk.say(ActionFallback(), "top hoor", "nlu_fallback", 0.3)
    assert messages[0]["text"] == message("feedback.thanks_up")
    assert [r["verdict"] for r in rows(feedback_db)] == ["fout", "fout", "goed"]


def test_general_feedback_without_an_answer_to_attach_it_to(feedback_db):
    talk = Conversation()
    messages, _ = talk.say(ActionFeedback(), "ik wil een verbeterpunt doorgeven", "feedback")
    assert messages[0]["text"] == message("feedback.general")
    messages, _ = talk.say(ActionFeedback(), "klopt niet", "feedback")  # no answer yet
    assert messages[0]["text"] == message("feedback.general")
    assert rows(feedback_db) == []


def test_the_escalation_card_has_no_thumbs_but_the_answer_after_it_has(feedback_db):
    talk = Conversation()
    messages, _ = talk.say(
        ActionEscalate(),
        "vader slaat zijn zoon waar ik bij sta, welke interventie bij fysieke mishandeling?",
        "report_danger", entities=[{"entity": "problem", "value": "fysieke mishandeling"}],
        danger={"acute": True, "reasons": ["test"], "original_intent": "ask_interventions_for"})
    assert len(messages) == 2
    assert not any(b["payload"].startswith("/feedback") for b in messages[0].get("buttons") or [])
    assert messages[1]["buttons"][-1]["payload"] == payload("fout", talk.last_answer["id"])
    assert talk.last_answer["intent"] == "ask_interventions_for"  # what it answers


def test_a_question_with_a_verdicts_words_is_answered_not_stored(feedback_db):
    """"niet duidelijk" is a verdict's words, but "en als nog niet duidelijk is wat er
    speelt?" asks something: the NLU's "feedback" stored it as a 👎 with a comment."""
    talk = Conversation()
    talk.say(ActionAnswer(), "wat doe je na de vraagverheldering?", "ask_guideline")
    messages, _ = talk.say(ActionFeedback(), "en als nog niet duidelijk is wat er speelt?",
                           "feedback", 0.61)
    assert rows(feedback_db) == []
    assert messages[0]["text"] != message("feedback.thanks_comment")
    assert "Bron:" in messages[0]["text"]  # a cited answer
    # typed feedback without a question stays feedback
    messages, _ = talk.say(ActionFeedback(), "klopt niet?", "feedback")
    assert messages[0]["text"] == message("feedback.ask_comment")
    assert [r["verdict"] for r in rows(feedback_db)] == ["fout"]

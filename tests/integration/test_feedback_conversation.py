"""Feedback on answers through the REST channel of a running assistant (the trained model,
the action server, the tracker store of the ``servers`` fixture), read back from the
``feedback`` table in that tracker store's own database."""
import json
import re
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from jeugdhulp.feedback import store
from jeugdhulp.messages import message

pytestmark = pytest.mark.server

RUN = uuid.uuid4().hex[:6]
QUESTION = "doelgroep IAG"
FEEDBACK_PAYLOAD = re.compile(r'^/feedback\{"verdict":"(goed|fout)","answer_id":"([0-9a-f]{8})"\}$')
SENDERS = []


def sender(name):
    SENDERS.append(f"feedback-{RUN}-{name}")
    return SENDERS[-1]


def texts(messages):
    return "\n".join(m.get("text", "") for m in messages)


def tracker_store_url(servers):
    """The TRACKER_STORE_URL the servers run with (their environment), else the SQLite file
    the fixture made beside their log."""
    environ = Path(f"/proc/{servers.process.pid}/environ")
    if environ.exists():
        for item in environ.read_bytes().split(b"\0"):
            if item.startswith(b"TRACKER_STORE_URL="):
                return item.split(b"=", 1)[1].decode()
    [db] = Path(servers.log).parent.glob(f"tracker-{servers.rasa_port}.sqlite3")
    return f"sqlite:///{db}"


@pytest.fixture(scope="module")
def feedback_rows(servers):
    engine = store.engine_for(tracker_store_url(servers))

    def read(answer_id=None):
        if not sa.inspect(engine).has_table("feedback"):
            return []
        query = sa.select(store.FEEDBACK)
        if answer_id is not None:
            query = query.where(store.FEEDBACK.c.answer_id == answer_id)
        with engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(query)]

    yield read
    engine.dispose()


def thumbs(messages):
    """{verdict: payload} of the feedback buttons under the answer; its id."""
    found = {}
    for m in messages:
        for b in m.get("buttons") or []:
            match = FEEDBACK_PAYLOAD.match(b["payload"])
            if match:
                found[match.group(1)] = (b["title"], b["payload"], match.group(2))
    assert set(found) == {"goed", "fout"}, messages
    [answer_id] = {v[2] for v in found.values()}
    return {k: v[1] for k, v in found.items()}, answer_id, found


def test_an_answer_has_thumbs_and_a_thumbs_up_is_stored(servers, feedback_rows):
    who = sender("up")
    answer = servers.say(who, QUESTION)
    assert "Bron:" in texts(answer)
    payloads, answer_id, found = thumbs(answer)
    assert found["goed"][0] == message("feedback.buttons.up")
    assert found["fout"][0] == message("feedback.buttons.down")
    own = [b["payload"] for m in answer for b in m.get("buttons") or []]
    assert own.index(payloads["goed"]) == len(own) - 2  # after the answer's own buttons
    assert message("feedback.thanks_up") in texts(servers.say(who, payloads["goed"]))
    [row] = feedback_rows(answer_id)
    assert row["verdict"] == "goed" and row["question"] == QUESTION
    assert json.loads(row["passages"]) and row["guideline"] == "kindermishandeling"
    assert row["channel"] == "rest" and row["comment"] is None


def test_thumbs_down_asks_what_was_wrong_stores_the_comment_redacted_then_answers(
        servers, feedback_rows):
    who = sender("down")
    payloads, answer_id, _ = thumbs(servers.say(who, "MST-CAN?"))
    asked = texts(servers.say(who, payloads["fout"]))
    assert "Wat klopte er niet?" in asked
    [row] = feedback_rows(answer_id)
    assert row["verdict"] == "fout" and row["comment"] is None
    thanks = texts(servers.say(
        who, "de leeftijdsgrens klopt niet, vraag het Jan de Vries, 06-12345678"))
    assert message("feedback.thanks_comment") in thanks and "Bron:" not in thanks
    [row] = feedback_rows(answer_id)
    assert "leeftijdsgrens klopt niet" in row["comment"]
    for detail in ("Jan", "Vries", "06-12345678", "0612345678", "12345678"):
        assert detail not in row["comment"]
    # The conversation goes on: a question typed next is answered.
    reply = servers.say(who, "wat is reactance?")
    assert "Bron:" in texts(reply) and "reactance" in texts(reply).lower()
    assert feedback_rows(answer_id)[0]["comment"] == row["comment"]


def test_a_question_instead_of_the_comment_is_answered(servers, feedback_rows):
    who = sender("skip")
    payloads, answer_id, _ = thumbs(servers.say(who, QUESTION))
    servers.say(who, payloads["fout"])
    reply = texts(servers.say(who, "welke interventie bij verwaarlozing?"))
    assert "Bron:" in reply and message("feedback.thanks_comment") not in reply
    assert feedback_rows(answer_id)[0]["comment"] is None


def test_typed_klopt_niet_is_a_thumbs_down(servers, feedback_rows):
    who = sender("typed")
    _, answer_id, _ = thumbs(servers.say(who, QUESTION))
    reply = texts(servers.say(who, "klopt niet"))
    assert "Wat klopte er niet?" in reply
    [row] = feedback_rows(answer_id)
    assert row["verdict"] == "fout"


def test_a_button_of_an_older_answer_gets_a_dutch_message_and_changes_nothing(
        servers, feedback_rows):
    who = sender("old")
    old, old_id, _ = thumbs(servers.say(who, QUESTION))
    _, new_id, _ = thumbs(servers.say(who, "MST-CAN?"))
    assert new_id != old_id
    before = len(feedback_rows())
    for payload in (old["goed"], '/feedback{"verdict":"goed","answer_id":"deadbeef"}',
                    '/feedback{"verdict":"goed"}'):
        reply = texts(servers.say(who, payload))
        assert message("feedback.stale") in reply
    assert feedback_rows(old_id) == [] and len(feedback_rows()) == before
    # Without any answer in the conversation, likewise.
    assert message("feedback.stale") in texts(servers.say(sender("none"), old["fout"]))
    assert len(feedback_rows()) == before


def test_no_sender_id_is_stored_in_clear(servers, feedback_rows):
    who = sender("privacy")
    payloads, answer_id, _ = thumbs(servers.say(who, QUESTION))
    servers.say(who, payloads["goed"])
    rows = feedback_rows()
    assert feedback_rows(answer_id), "the verdict of this test was not stored"
    dump = json.dumps(rows, default=str)
    for name in SENDERS:  # this test's sender, and those of the tests that ran before it
        assert name not in dump
    assert all(re.fullmatch(r"[0-9a-f]{64}", r["sender"]) for r in rows)

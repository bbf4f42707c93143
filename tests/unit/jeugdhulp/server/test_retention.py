"""`make retention` deletes the feedback on answers after the same period as conversations
(the conversations themselves: tests/production/test_production.py). A real SQLite tracker
store made by Rasa's SQLTrackerStore, with the feedback table beside its events."""
import json
import time

import sqlalchemy as sa

from jeugdhulp.feedback import store
from jeugdhulp.server import retention

DAY = 86400
ANSWER = {"id": "a1", "question": "MST-CAN?", "passages": ["k/1"], "guideline": "k"}


def tracker_store(db, now):
    from jeugdhulp.server.runtime import SQLTrackerStore

    tracker = SQLTrackerStore(dialect="sqlite", db=str(db))
    with tracker.session_scope() as session:
        for sender, age_days in (("oud", 31), ("nieuw", 1)):
            session.add(tracker.SQLEvent(sender_id=sender, type_name="user",
                                         timestamp=now - age_days * DAY,
                                         data=json.dumps({"event": "user", "text": "x"})))
        session.commit()
    engine = store.engine_for(f"sqlite:///{db}")
    for answer_id, age_days in (("oud-1", 40), ("oud-2", 31), ("nieuw-1", 29), ("nieuw-2", 0)):
        store.save_verdict(engine, store.row("s", {**ANSWER, "id": answer_id}, store.DOWN,
                                             now=now - age_days * DAY,
                                             environ={"FEEDBACK_HASH_KEY": "k"}))
    return engine


def answer_ids(engine):
    with engine.connect() as c:
        return sorted(c.execute(sa.select(store.FEEDBACK.c.answer_id)).scalars())


def test_feedback_older_than_the_period_is_deleted_and_counted(tmp_path):
    now = time.time()
    engine = tracker_store(tmp_path / "tracker.sqlite3", now)
    environ = {"TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.sqlite3'}"}
    [dry] = retention.run(30, dry_run=True, now=now, environ=environ)
    assert dry.deleted_feedback == 2 and len(answer_ids(engine)) == 4
    [done] = retention.run(30, now=now, environ=environ)
    assert done.deleted_feedback == 2 and done.deleted_conversations == ["oud"]
    assert answer_ids(engine) == ["nieuw-1", "nieuw-2"]
    [shorter] = retention.run(7, now=now, environ=environ)
    assert shorter.deleted_feedback == 1 and answer_ids(engine) == ["nieuw-2"]


def test_the_command_says_how_many_verdicts_go(tmp_path, monkeypatch, capsys):
    now = time.time()
    db = tmp_path / "tracker.sqlite3"
    engine = tracker_store(db, now)
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{db}")
    monkeypatch.delenv("EVENT_BROKER_URL", raising=False)
    assert retention.main(["--days", "30", "--dry-run"]) == 0
    assert "feedback te verwijderen: 2 beoordeling(en)" in capsys.readouterr().out
    assert len(answer_ids(engine)) == 4
    assert retention.main(["--days", "30"]) == 0
    assert "feedback verwijderd: 2 beoordeling(en)" in capsys.readouterr().out
    assert answer_ids(engine) == ["nieuw-1", "nieuw-2"]


def test_a_store_without_feedback_table_is_fine(tmp_path):
    from jeugdhulp.server.runtime import SQLTrackerStore

    db = tmp_path / "tracker.sqlite3"
    SQLTrackerStore(dialect="sqlite", db=str(db))
    [result] = retention.run(30, environ={"TRACKER_STORE_URL": f"sqlite:///{db}"})
    assert result.deleted_feedback == 0
    assert not sa.inspect(store.engine_for(f"sqlite:///{db}")).has_table("feedback")

"""The feedback table on a real SQLite file: a verdict per answer and sender (a change of
mind replaces it), the comment added later, the sender only as a keyed hash, and the
retention's deletion of old rows."""
import json

import sqlalchemy as sa

from jeugdhulp.feedback import store

ANSWER = {"id": "3f9a0c1e", "question": "doelgroep IAG", "found": True, "closest": False,
          "intent": "ask_target_group", "guideline": "kindermishandeling",
          "version": "2023", "passages": ["kindermishandeling/interventies-tabel/iag-doelgroep"],
          "topic": "Interventies"}
KEY = {"FEEDBACK_HASH_KEY": "een-sleutel-voor-de-tests"}


def engine(tmp_path):
    return store.engine_for(f"sqlite:///{tmp_path / 'tracker.sqlite3'}")


def rows(e):
    with e.connect() as c:
        return [dict(r._mapping) for r in c.execute(sa.select(store.FEEDBACK))]


def test_a_verdict_row_keeps_the_answer_and_a_keyed_hash_of_the_sender(tmp_path):
    e = engine(tmp_path)
    row_id = store.save_verdict(e, store.row("collega-42", ANSWER, store.DOWN, "slack",
                                             environ=KEY))
    [row] = rows(e)
    assert row["id"] == row_id and row["verdict"] == "fout" and row["comment"] is None
    assert (row["answer_id"], row["question"], row["guideline"], row["guideline_version"],
            row["topic"], row["channel"]) == ("3f9a0c1e", "doelgroep IAG", "kindermishandeling",
                                              "2023", "Interventies", "slack")
    assert json.loads(row["passages"]) == ANSWER["passages"]
    assert "collega-42" not in json.dumps(row, default=str)
    assert row["sender"] == store.sender_hash("collega-42", KEY)
    assert row["sender"] != store.sender_hash("collega-42", {"FEEDBACK_HASH_KEY": "andere"})


def test_a_second_verdict_on_the_same_answer_replaces_the_first(tmp_path):
    e = engine(tmp_path)
    first = store.save_verdict(e, store.row("a", ANSWER, store.DOWN, environ=KEY))
    assert store.add_comment(e, first, "de leeftijd klopt niet")
    again = store.save_verdict(e, store.row("a", ANSWER, store.UP, environ=KEY))
    other = store.save_verdict(e, store.row("b", ANSWER, store.UP, environ=KEY))
    assert again == first and other != first
    by_id = {r["id"]: r for r in rows(e)}
    assert len(by_id) == 2
    assert by_id[first]["verdict"] == "goed"
    assert by_id[first]["comment"] == "de leeftijd klopt niet"  # kept


def test_delete_before_counts_or_deletes_only_old_rows(tmp_path):
    e = engine(tmp_path)
    assert store.delete_before(e, 1000.0) == 0  # no table yet: nothing, no error
    for n, when in enumerate((100.0, 200.0, 5000.0)):
        store.save_verdict(e, store.row("s", {**ANSWER, "id": f"id{n}"}, store.UP, now=when,
                                        environ=KEY))
    assert store.delete_before(e, 1000.0, dry_run=True) == 2 and len(rows(e)) == 3
    assert store.delete_before(e, 1000.0) == 2
    assert [r["answer_id"] for r in rows(e)] == ["id2"]

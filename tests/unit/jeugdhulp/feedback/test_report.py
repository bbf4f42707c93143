"""The content editors' report (jeugdhulp/feedback/report.py, report_html.py) on real
tracker stores: trackers written by Rasa's own SQLTrackerStore into SQLite (and into a real
PostgreSQL server), verdicts through store.py, passage texts from the test knowledge base."""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import time
from pathlib import Path

import pytest

from jeugdhulp.feedback import report, report_html, store
from jeugdhulp.feedback.report import (ANSWERED, CLOSEST, DOWN, UNANSWERED, Bucket, Period,
                                       ReportInputError)
from jeugdhulp.messages import catalog
from tests.support.report_demo import Turn, add_verdict, answer, rasa_store, save_conversation
from tests.support.servers import ROOT, free_port

TZ = report.TIMEZONE
XSS = "<script>alert('x')</script> wat nu?"
SCHOOL = "Mag ik het dossier delen met school?"


def at(today: dt.date, days_ago: int, hour: int, minute: int = 0) -> float:
    return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, minute),
                               TZ).timestamp()


def keys(kb, topic_id: str, n: int = 1):
    return [p.key for p in kb.topic_passages(topic_id)[:n]]


def fill(url: str, kb, now: float) -> dict:
    """A week of questions (and some outside it) relative to ``now``; returns what the
    report must find."""
    today = report.local_day(now)
    meldcode, mst = keys(kb, "meldcode"), keys(kb, "mst_can")
    netwerk = keys(kb, "sociaal_netwerk", 2)
    label = {t: kb.topic(t).label for t in ("meldcode", "mst_can", "sociaal_netwerk",
                                             "toestemming")}
    values = {
        "meldcode": answer("Wanneer meld ik bij Veilig Thuis?", topic=label["meldcode"],
                           guideline="kindermishandeling", version="2016", passages=meldcode),
        "school": answer(SCHOOL, found=False, topic=label["toestemming"]),
        "school2": answer(" Mag ik het dossier  delen met school? ", found=False,
                          topic=label["toestemming"], id="school2"),
        "reis": answer("Hoeveel reiskosten mag ik declareren?", found=False),
        "netwerk": answer("Hoe betrek ik opa en oma?", closest=True,
                          topic=label["sociaal_netwerk"], guideline="beslissen-onveilig",
                          passages=netwerk),
        "mst": answer("MST-CAN doelgroep?", topic=label["mst_can"],
                      guideline="kindermishandeling", version="2016", passages=mst),
        "xss": answer(XSS, found=False),
        "early": answer("Wat is SAVE?", topic="SAVE", guideline="kindermishandeling",
                        passages=mst),
        "before": answer("Te vroeg gesteld", found=False, topic="Te vroeg"),
    }
    tracker_store = rasa_store(url)
    conversations = {
        "a": [Turn(at(today, 1, 10), values["meldcode"]),
              Turn(at(today, 1, 10, 5), values["school"])],
        "b": [Turn(at(today, 1, 14), values["school2"]),
              Turn(at(today, 0, 0, 30), values["reis"])],
        "c": [Turn(at(today, 0, 0, 40), values["netwerk"]),
              Turn(at(today, 0, 0, 50), values["mst"])],
        "x": [Turn(at(today, 2, 9), values["xss"])],
        "edge": [Turn(at(today, 7, 23, 30), values["before"]),  # the day before the week
                 Turn(at(today, 6, 0, 10), values["early"])],  # its first day
    }
    for sender, turns in conversations.items():
        save_conversation(tracker_store, sender, turns)
    tracker_store.engine.dispose()
    add_verdict(url, "a", values["meldcode"], store.UP, at(today, 1, 10, 2))
    add_verdict(url, "c", values["mst"], store.UP, at(today, 0, 0, 51))
    add_verdict(url, "c", values["mst"], store.DOWN, at(today, 0, 0, 52),
                "Te lang, <b>kort</b> graag")
    add_verdict(url, "c", values["netwerk"], store.DOWN, at(today, 0, 0, 53))
    add_verdict(url, "z", values["before"], store.DOWN, at(today, 9, 12), "te oud")
    return {"values": values, "label": label, "today": today, "meldcode": meldcode,
            "mst": mst, "netwerk": netwerk}


NOW = dt.datetime(2024, 5, 21, 15, 0, tzinfo=TZ).timestamp()


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory, kb):
    url = f"sqlite:///{tmp_path_factory.mktemp('report') / 'tracker.sqlite3'}"
    return url, fill(url, kb, NOW)


@pytest.fixture(scope="module")
def week(sqlite_store):
    url, _ = sqlite_store
    return report.read(url, report.period_from(None, "7", NOW))


# --- reading and grouping -----------------------------------------------------------------

def test_the_answers_of_the_period_are_read_from_rasas_slot_events(week, sqlite_store):
    _, made = sqlite_store
    assert week.period == Period(dt.date(2024, 5, 15), dt.date(2024, 5, 21))
    questions = [a.question for a in week.answers]
    assert questions[0] == "Wat is SAVE?"  # 00:10 on the first day counts
    assert "Te vroeg gesteld" not in questions  # 23:30 the day before does not
    assert len(week.answers) == 8
    assert (week.count(ANSWERED), week.count(CLOSEST), week.count(UNANSWERED)) == (3, 1, 4)
    mst = next(a for a in week.answers if a.question == "MST-CAN doelgroep?")
    assert mst.passages == tuple(made["mst"]) and mst.guideline == "kindermishandeling"


def test_unanswered_questions_are_grouped_by_nearest_topic_with_their_wordings(week, sqlite_store):
    _, made = sqlite_store
    groups = week.groups[UNANSWERED]
    assert [(g.topic, g.count) for g in groups] == [("", 2), (made["label"]["toestemming"], 2)]
    school = groups[1]
    assert school.examples() == [(SCHOOL, 2)]  # the same wording, spaces aside
    assert school.quoted() == []
    assert {w for w, _ in groups[0].examples()} == {"Hoeveel reiskosten mag ik declareren?", XSS}


def test_closest_answers_are_their_own_category_with_the_quoted_passage(week, sqlite_store):
    _, made = sqlite_store
    [group] = week.groups[CLOSEST]
    assert (group.topic, group.count) == (made["label"]["sociaal_netwerk"], 1)
    assert group.quoted() == [(made["netwerk"][0], 1)]


def test_thumbs_down_count_once_per_answer_with_the_last_verdict(week, sqlite_store):
    _, made = sqlite_store
    assert (week.verdict_count(store.DOWN), week.verdict_count(store.UP)) == (2, 1)
    groups = {g.topic: g for g in week.groups[DOWN]}
    assert set(groups) == {made["label"]["mst_can"], made["label"]["sociaal_netwerk"]}
    mst = groups[made["label"]["mst_can"]]
    assert mst.count == 1 and mst.clues() == [("Te lang, <b>kort</b> graag", 1)]
    assert mst.quoted() == [(made["mst"][0], 1)]
    assert "te oud" not in [c for g in week.groups[DOWN] for c, _ in g.clues()]


def test_the_answered_share_per_day(week):
    assert week.buckets == [
        Bucket(dt.date(2024, 5, 15), 1, 1), Bucket(dt.date(2024, 5, 16), 0, 0),
        Bucket(dt.date(2024, 5, 17), 0, 0), Bucket(dt.date(2024, 5, 18), 0, 0),
        Bucket(dt.date(2024, 5, 19), 1, 0), Bucket(dt.date(2024, 5, 20), 3, 1),
        Bucket(dt.date(2024, 5, 21), 3, 1)]
    assert week.buckets[5].share == pytest.approx(1 / 3) and week.buckets[1].share is None


def test_most_asked_topics_and_cited_guidelines(week, sqlite_store):
    _, made = sqlite_store
    assert week.topics[0] == (made["label"]["toestemming"], 2, 0)
    assert (made["label"]["meldcode"], 1, 1) in week.topics
    assert week.guidelines[0] == ("kindermishandeling", "2016", 2)
    assert week.biggest()[0].count == 2


def test_a_long_period_is_counted_per_week_from_monday(sqlite_store):
    url, _ = sqlite_store
    long = report.read(url, report.period_from("2024-02-01", None, NOW))
    assert long.period.weekly
    assert all(b.start.weekday() == 0 for b in long.buckets)
    assert sum(b.total for b in long.buckets) == 9  # the week before is in it now
    assert long.buckets[-1] == Bucket(dt.date(2024, 5, 20), 3 + 3, 1 + 1)


def test_the_period_from_since_or_days():
    assert report.period_from(None, None, NOW) == Period(dt.date(2024, 4, 22), dt.date(2024, 5, 21))
    assert report.period_from("2024-05-20", "", NOW) == Period(dt.date(2024, 5, 20),
                                                               dt.date(2024, 5, 21))
    for since, days in (("20-05-2024", None), ("2024-13-01", None), ("gisteren", None),
                        (None, "0"), (None, "-3"), (None, "drie"), ("2024-05-22", None),
                        ("2024-05-01", "7")):
        with pytest.raises(ReportInputError):
            report.period_from(since, days, NOW)


def test_a_stored_value_that_is_not_an_answer_is_skipped():
    assert report.answer_from(json.dumps({"event": "slot", "name": store.ANSWER_SLOT,
                                          "value": None}), 1.0) is None
    assert report.answer_from("not json", 1.0) is None
    assert report.answer_from(json.dumps(["slot"]), 1.0) is None
    assert report.answer_from(json.dumps({"event": "slot", "name": "other",
                                          "value": {"found": True}}), 1.0) is None


# --- the page -------------------------------------------------------------------------------

def test_the_page_shows_groups_quoted_passages_and_an_inline_chart(week, sqlite_store, kb):
    _, made = sqlite_store
    page = report_html.render(week, kb)
    text = html.unescape(page)
    for label in (made["label"]["toestemming"], made["label"]["sociaal_netwerk"],
                  made["label"]["mst_can"], SCHOOL, "Te lang, <b>kort</b> graag"):
        assert label in text
    passage = kb.record(made["netwerk"][0])
    assert passage.text[:60] in text and passage.guideline_title in text
    assert page.count('<article class="group">') == 2 + 1 + 2
    assert "<?xml" not in page and re.search(r"<svg[^>]*>.*<path", page, re.S)
    assert "Beantwoord (%)" in text  # the chart's own Dutch labels, as text
    # nothing loaded from elsewhere (links to the guidelines are only followed on a click)
    assert not re.search(r"\bsrc=|<link\b|@import|url\((?!#)", page)


def test_every_user_wording_is_escaped(week, kb):
    page = report_html.render(week, kb)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<b>kort</b>" not in page and "&lt;b&gt;kort&lt;/b&gt;" in page


def test_wordings_are_redacted_again_in_the_page(kb, tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    value = answer("Mijn cliënt heeft BSN 111222333, tel 06-12345678, wat nu?", found=False)
    save_conversation(rasa_store(url), "p", [Turn(NOW - 3600, value)])
    page = report_html.render(report.read(url, report.period_from(None, "1", NOW)), kb)
    assert "111222333" not in page and "12345678" not in page and "[BSN]" in page


def test_a_passage_no_longer_in_the_knowledge_base_is_shown_by_its_key(kb):
    view = report_html.passage_view(kb, "kindermishandeling/bestaat-niet", 2)
    assert view["known"] is False and view["times"].startswith("2")
    assert report_html.passage_view(None, "x/y", 1)["known"] is False


def test_every_page_text_the_template_uses_exists():
    template = (ROOT / "jeugdhulp" / "feedback" / report_html.TEMPLATE).read_text(encoding="utf-8")
    used = set(re.findall(r"\bt\.([a-z_]+)", template))
    texts = report_html.page_texts()
    assert used and used <= set(texts), used - set(texts)
    labels = {f["label"] for f in report_html._figures(report.build([], [], Period(
        dt.date(2024, 5, 1), dt.date(2024, 5, 1))))}
    assert labels <= set(texts)
    assert all(f"report.categories.{c}" in catalog() for c in report.CATEGORIES)


# --- the command ----------------------------------------------------------------------------

def run(monkeypatch, capsys, url: str, *args: str, kb_url: str = ""):
    monkeypatch.setenv("TRACKER_STORE_URL", url)
    if kb_url:
        monkeypatch.setenv("DATABASE_URL", kb_url)
    code = report.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_writes_the_page_and_prints_a_summary(tmp_path, kb, kb_url, monkeypatch,
                                                          capsys):
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    fill(url, kb, time.time())
    out_file = tmp_path / "out" / "rapport.html"
    code, out, err = run(monkeypatch, capsys, url, "--days", "7", "--out", str(out_file),
                         kb_url=kb_url)
    assert code == 0, err
    assert "Vragen: 8, waarvan 3 beantwoord (38%), 1 alleen met de dichtstbijzijnde " \
           "passages en 4 niet beantwoord." in " ".join(out.split())
    assert "Duim omlaag (👎): 2; duim omhoog (👍): 1." in out
    assert "1. Niet beantwoord – (geen onderwerp gevonden): 2×" in out
    assert str(out_file) in out and out_file.read_text(encoding="utf-8").startswith("<!doctype")
    assert not list(out_file.parent.glob("*.tmp"))


def test_no_store_yet_gives_a_dutch_message_and_changes_nothing(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "nothing-here" / "tracker.sqlite3"
    out_file = tmp_path / "rapport.html"
    code, out, err = run(monkeypatch, capsys, f"sqlite:///{missing}", "--out", str(out_file))
    assert code == 0 and "Nog geen vragen in deze periode" in out and not err
    assert not missing.parent.exists() and not out_file.exists()


def test_an_empty_period_gives_a_dutch_message_and_no_page(sqlite_store, tmp_path, monkeypatch,
                                                           capsys):
    url, _ = sqlite_store  # its questions are of May 2024
    path = Path(url[len("sqlite:///"):])
    before = path.stat().st_mtime_ns, path.stat().st_size
    out_file = tmp_path / "rapport.html"
    code, out, _ = run(monkeypatch, capsys, url, "--days", "3", "--out", str(out_file))
    assert code == 0 and "Nog geen vragen in deze periode" in out and not out_file.exists()
    assert (path.stat().st_mtime_ns, path.stat().st_size) == before


def test_bad_input_gives_a_dutch_message_and_exit_2(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    for args, words in ((["--since", "21-05-2024"], "jaar-maand-dag"),
                        (["--since", "2999-01-01"], "in de toekomst"),
                        (["--days", "nul"], "geheel aantal dagen"),
                        (["--days", "0"], "geheel aantal dagen"),
                        (["--since", "2024-05-01", "--days", "7"], "niet allebei")):
        code, out, err = run(monkeypatch, capsys, url, *args)
        assert code == 2 and words in err and "Traceback" not in err, args
    assert not (tmp_path / "tracker.sqlite3").exists()


def test_a_database_that_cannot_be_reached_gives_exit_1(monkeypatch, capsys):
    url = f"postgresql://rapport:geheim@127.0.0.1:{free_port()}/tracker"
    code, out, err = run(monkeypatch, capsys, url)
    assert code == 1 and "niet bereikbaar" in err and "geheim" not in out + err
    assert "Traceback" not in err


def test_the_documentation_shows_the_report():
    doc = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    assert "make report" in doc and "images/report.png" in doc
    image = ROOT / "docs" / "images" / "report.png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert image.stat().st_size < 300_000


# --- the same on PostgreSQL (the production profile's tracker store) ------------------------

@pytest.mark.server
def test_the_report_on_a_postgresql_tracker_store(postgres, kb, kb_url, tmp_path, monkeypatch,
                                                  capsys):
    url = postgres.create_database("report")
    made = fill(url, kb, NOW)
    week = report.read(url, report.period_from(None, "7", NOW))
    assert len(week.answers) == 8 and week.verdict_count(store.DOWN) == 2
    assert [(g.topic, g.count) for g in week.groups[UNANSWERED]] == \
        [("", 2), (made["label"]["toestemming"], 2)]
    assert week.groups[UNANSWERED][1].examples() == [(SCHOOL, 2)]
    assert [b.total for b in week.buckets] == [1, 0, 0, 0, 1, 3, 3]
    assert "&lt;script&gt;" in report_html.render(week, kb)

    fresh = postgres.create_database("report_now")
    fill(fresh, kb, time.time())
    out_file = tmp_path / "rapport.html"
    code, out, err = run(monkeypatch, capsys, fresh, "--days", "7", "--out", str(out_file),
                         kb_url=kb_url)
    assert code == 0, err
    assert "Vragen: 8" in out and out_file.exists()
    empty = postgres.create_database("report_empty")
    code, out, _ = run(monkeypatch, capsys, empty, "--out", str(tmp_path / "leeg.html"))
    assert code == 0 and "Nog geen vragen" in out and not (tmp_path / "leeg.html").exists()

"""The report for content editors: where the assistant fails, read from the tracker store.

    python -m jeugdhulp.feedback.report [--since 2024-05-01] [--days 30] [--out PATH]
    (or: make report SINCE=2024-05-01 / make report DAYS=7)

It reads the two records of ``jeugdhulp/feedback/store.py`` for one period (default the last
30 days, today included): the ``last_answer`` slot event of every answer and the 👍 / 👎
rows. It groups the questions that were not answered, those answered only with the closest
passages and those with a 👎 by their nearest topic, counts the topics and guidelines asked
about, and follows the share of answered questions per day (per week over a long period).
``report_html`` renders that as one self-contained page; this module prints the summary.

Exit codes: 0 (also when there is nothing to report: a Dutch message and no page), 1 when the
store cannot be read, 2 for a bad ``--since`` / ``--days``. The store is only read: an
absent SQLite file is not created, and no table is added.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from jeugdhulp.feedback import store
from jeugdhulp.messages import message
from jeugdhulp.paths import VAR_DIR
from jeugdhulp.urls import hide_password

DEFAULT_DAYS = 30
TIMEZONE = ZoneInfo("Europe/Amsterdam")  # the editors' calendar days
WEEKLY_AFTER_DAYS = 62  # a longer period is charted per week
EXAMPLES = 3  # wordings shown per group
PASSAGES = 2  # quoted passages shown per group
TOP = 10  # rows of the topic and guideline tables
REPORTS_DIR = VAR_DIR / "reports"

ANSWERED, CLOSEST, UNANSWERED, DOWN = "answered", "closest", "unanswered", "down"
CATEGORIES = (UNANSWERED, CLOSEST, DOWN)  # the groups of the report, in this order

# The tracker store's table, as Rasa's SQLTrackerStore writes it: a slot event has the type
# "slot" and, in action_name, the slot's name (``data.get("name")`` in its save()).
EVENTS = sa.table("events", sa.column("sender_id"), sa.column("type_name"),
                  sa.column("timestamp"), sa.column("action_name"), sa.column("data"))


class ReportInputError(ValueError):
    """A period the report cannot be made for; the message is Dutch, for the editor."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def since(self) -> float:
        return _midnight(self.start)

    @property
    def until(self) -> float:
        return _midnight(self.end + dt.timedelta(days=1))

    @property
    def weekly(self) -> bool:
        return (self.end - self.start).days + 1 > WEEKLY_AFTER_DAYS


@dataclass(frozen=True)
class Answer:
    """One ``last_answer`` slot value (store.py) with its time."""
    at: float
    question: str
    outcome: str  # ANSWERED, CLOSEST or UNANSWERED
    topic: str
    guideline: str
    version: str
    passages: Tuple[str, ...]


@dataclass
class Group:
    """The questions of one category with the same nearest topic."""
    category: str
    topic: str
    count: int = 0
    wordings: Counter = field(default_factory=Counter)
    passages: Counter = field(default_factory=Counter)  # first quoted passage of each answer
    comments: Counter = field(default_factory=Counter)  # with the 👎: the editor's clues

    def examples(self, limit: int = EXAMPLES) -> List[Tuple[str, int]]:
        return self.wordings.most_common(limit)

    def clues(self, limit: int = EXAMPLES) -> List[Tuple[str, int]]:
        return self.comments.most_common(limit)

    def quoted(self, limit: int = PASSAGES) -> List[Tuple[str, int]]:
        return self.passages.most_common(limit)


@dataclass(frozen=True)
class Bucket:
    """One day (or week) of the chart."""
    start: dt.date
    total: int
    answered: int

    @property
    def share(self) -> Optional[float]:
        return self.answered / self.total if self.total else None


@dataclass
class Report:
    period: Period
    answers: List[Answer]
    verdicts: List[Dict[str, Any]]
    groups: Dict[str, List[Group]]
    buckets: List[Bucket]
    topics: List[Tuple[str, int, int]]  # (topic, questions, answered)
    guidelines: List[Tuple[str, str, int]]  # (guideline id, version, answers citing it)

    @property
    def empty(self) -> bool:
        return not self.answers and not self.verdicts

    def count(self, outcome: str) -> int:
        return sum(a.outcome == outcome for a in self.answers)

    def verdict_count(self, verdict: str) -> int:
        return sum(v["verdict"] == verdict for v in self.verdicts)

    def biggest(self, limit: int = 3) -> List[Group]:
        every = [g for c in CATEGORIES for g in self.groups[c]]
        return sorted(every, key=lambda g: -g.count)[:limit]


# --- the period ------------------------------------------------------------------------

def _midnight(day: dt.date) -> float:
    return dt.datetime.combine(day, dt.time(), TIMEZONE).timestamp()


def local_day(timestamp: float) -> dt.date:
    return dt.datetime.fromtimestamp(timestamp, TIMEZONE).date()


def period_from(since: Optional[str], days: Optional[str], now: Optional[float] = None) -> Period:
    """The period of ``--since`` (a date up to today) or the last ``--days`` days."""
    today = local_day(time.time() if now is None else now)
    if since and days:
        raise ReportInputError(message("report.both"))
    if since:
        try:
            start = dt.date.fromisoformat(since.strip())
        except ValueError:
            raise ReportInputError(message("report.bad_since", value=since)) from None
        if start > today:
            raise ReportInputError(message("report.future_since", value=since))
        return Period(start, today)
    try:
        count = int(days) if days not in (None, "") else DEFAULT_DAYS
    except ValueError:
        count = 0
    if count < 1:
        raise ReportInputError(message("report.bad_days", value=days))
    return Period(today - dt.timedelta(days=count - 1), today)


# --- reading ----------------------------------------------------------------------------

def outcome_of(value: Dict[str, Any]) -> str:
    if not value.get("found"):
        return UNANSWERED
    return CLOSEST if value.get("closest") else ANSWERED


def answer_from(data: str, timestamp: Optional[float]) -> Optional[Answer]:
    """The Answer of one stored slot event; None for one that is not a ``last_answer``
    value (reset to null, or not a mapping)."""
    try:
        event = json.loads(data or "{}")
    except ValueError:
        return None
    if not isinstance(event, dict) or event.get("name") != store.ANSWER_SLOT:
        return None
    value = event.get("value")
    if not isinstance(value, dict):
        return None
    return Answer(at=float(timestamp if timestamp is not None else event.get("timestamp") or 0),
                  question=str(value.get("question") or ""), outcome=outcome_of(value),
                  topic=str(value.get("topic") or ""), guideline=str(value.get("guideline") or ""),
                  version=str(value.get("version") or ""),
                  passages=tuple(str(k) for k in value.get("passages") or ()))


def read_answers(engine: Engine, period: Period) -> List[Answer]:
    """Every answer of the period, oldest first; none when there is no tracker table."""
    if not sa.inspect(engine).has_table("events"):
        return []
    e = EVENTS
    query = (sa.select(e.c.timestamp, e.c.data)
             .where(e.c.type_name == "slot", e.c.action_name == store.ANSWER_SLOT,
                    e.c.timestamp >= period.since, e.c.timestamp < period.until)
             .order_by(e.c.timestamp))
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [a for a in (answer_from(data, stamp) for stamp, data in rows) if a is not None]


def latest_verdicts(rows: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """One verdict per answer: the last one (someone who changed 👍 into 👎 counts once)."""
    latest: Dict[Any, Dict[str, Any]] = {}
    for n, row in enumerate(sorted(rows, key=lambda r: (r["created_at"], r.get("id") or 0))):
        latest[row["answer_id"] or ("row", n)] = row
    return sorted(latest.values(), key=lambda r: r["created_at"])


def read_verdicts(engine: Engine, period: Period) -> List[Dict[str, Any]]:
    rows = [r for r in store.rows_since(engine, period.since) if r["created_at"] < period.until]
    return latest_verdicts(rows)


# --- grouping ---------------------------------------------------------------------------

def _add(groups: Dict[Tuple[str, str], Group], category: str, topic: str, question: str,
         passages: Sequence[str], comment: Optional[str] = None) -> None:
    group = groups.setdefault((category, topic), Group(category, topic))
    group.count += 1
    if question.strip():
        group.wordings[" ".join(question.split())] += 1
    if passages:
        group.passages[passages[0]] += 1
    if comment and comment.strip():
        group.comments[" ".join(comment.split())] += 1


def group_questions(answers: Iterable[Answer],
                    verdicts: Iterable[Dict[str, Any]]) -> Dict[str, List[Group]]:
    """Per category, the groups by nearest topic, biggest first (ties by topic)."""
    groups: Dict[Tuple[str, str], Group] = {}
    for a in answers:
        if a.outcome in (UNANSWERED, CLOSEST):
            _add(groups, a.outcome, a.topic, a.question, a.passages)
    for v in verdicts:
        if v["verdict"] == store.DOWN:
            _add(groups, DOWN, v.get("topic") or "", v.get("question") or "",
                 json.loads(v.get("passages") or "[]"), v.get("comment"))
    return {c: sorted((g for (cat, _), g in groups.items() if cat == c),
                      key=lambda g: (-g.count, g.topic)) for c in CATEGORIES}


def buckets(answers: Iterable[Answer], period: Period) -> List[Bucket]:
    """Questions and answered questions per day of the period (per week, from Monday, when
    the period is long); days without questions are there with 0."""
    def key(day: dt.date) -> dt.date:
        return day - dt.timedelta(days=day.weekday()) if period.weekly else day

    totals: Counter = Counter()
    answered: Counter = Counter()
    for a in answers:
        k = key(local_day(a.at))
        totals[k] += 1
        answered[k] += a.outcome == ANSWERED
    step = dt.timedelta(days=7 if period.weekly else 1)
    day, result = key(period.start), []
    while day <= period.end:
        result.append(Bucket(day, totals[day], answered[day]))
        day += step
    return result


def top_topics(answers: Sequence[Answer], limit: int = TOP) -> List[Tuple[str, int, int]]:
    asked = Counter(a.topic for a in answers if a.topic)
    answered = Counter(a.topic for a in answers if a.topic and a.outcome == ANSWERED)
    return [(t, n, answered[t]) for t, n in sorted(asked.items(), key=lambda i: (-i[1], i[0]))
            ][:limit]


def top_guidelines(answers: Sequence[Answer], limit: int = TOP) -> List[Tuple[str, str, int]]:
    cited = Counter((a.guideline, a.version) for a in answers if a.guideline)
    return [(g, v, n) for (g, v), n in sorted(cited.items(), key=lambda i: (-i[1], i[0]))
            ][:limit]


def build(answers: List[Answer], verdicts: List[Dict[str, Any]], period: Period) -> Report:
    return Report(period, answers, verdicts, group_questions(answers, verdicts),
                  buckets(answers, period), top_topics(answers), top_guidelines(answers))


def read(url: str, period: Period) -> Report:
    """The report of the store at ``url``; an empty one for an SQLite file that is not there
    (nothing asked yet; no file is made by looking)."""
    engine = store.existing_engine(url)
    if engine is None:
        return build([], [], period)
    try:
        return build(read_answers(engine, period), read_verdicts(engine, period), period)
    finally:
        engine.dispose()


# --- the command ------------------------------------------------------------------------

def day_text(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def category_label(category: str) -> str:
    return message(f"report.categories.{category}")


def topic_label(topic: str) -> str:
    return topic or message("report.no_topic")


def summary(report: Report, path: Optional[Path]) -> List[str]:
    total, answered = len(report.answers), report.count(ANSWERED)
    share = f"{answered / total:.0%}" if total else "–"
    lines = [message("report.summary.period", start=day_text(report.period.start),
                     end=day_text(report.period.end)),
             message("report.summary.questions", total=total, answered=answered, share=share,
                     closest=report.count(CLOSEST), unanswered=report.count(UNANSWERED)),
             message("report.summary.verdicts", down=report.verdict_count(store.DOWN),
                     up=report.verdict_count(store.UP))]
    biggest = report.biggest()
    if biggest:
        lines.append(message("report.summary.biggest"))
        lines += [message("report.summary.group", n=n, category=category_label(g.category),
                          topic=topic_label(g.topic), count=g.count)
                  for n, g in enumerate(biggest, 1)]
    if path is not None:
        lines.append(message("report.summary.written", path=path))
    return lines


def default_out(period: Period) -> Path:
    return REPORTS_DIR / f"rapport-{period.end.isoformat()}.html"


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:200] if text else ''}"


def run(since: Optional[str], days: Optional[str], out: Optional[str], url: str) -> int:
    try:
        period = period_from(since, days)
    except ReportInputError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        report = read(url, period)
    except (SQLAlchemyError, OSError) as error:
        print(message("report.unreachable", store=hide_password(url),
                      error=_first_line(error)), file=sys.stderr)
        return 1
    if report.empty:
        print(message("report.empty", start=day_text(period.start), end=day_text(period.end)))
        return 0
    from jeugdhulp.feedback import report_html

    path = Path(out) if out else default_out(period)
    try:
        report_html.write(report, path)
    except OSError as error:
        print(message("report.cannot_write", path=path, error=_first_line(error)),
              file=sys.stderr)
        return 1
    print("\n".join(summary(report, path)))
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--since", help="first day, YYYY-MM-DD (up to today)")
    parser.add_argument("--days", help=f"the last N days, today included (default {DEFAULT_DAYS})")
    parser.add_argument("--out", help="the HTML file (default var/reports/rapport-<date>.html)")
    args = parser.parse_args(argv)
    return run(args.since, args.days, args.out, store.store_url())


if __name__ == "__main__":
    sys.exit(main())

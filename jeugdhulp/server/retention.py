"""Deletes old conversations from the tracker store (and the SQL event broker).

    python -m jeugdhulp.server.retention [--days 30] [--dry-run]        (or: make retention DAYS=30)

A conversation (all events of one sender) is deleted when its LAST event is older than the
retention period: ``--days``, else ``RETENTION_DAYS``, else 30 days. A conversation that is
still going on is kept whole. The stores are the ones the assistant uses:
``TRACKER_STORE_URL`` (default ``var/tracker.sqlite3``, see ``jeugdhulp/server/endpoints.py``) and,
when it is a database URL, ``EVENT_BROKER_URL``. ``--dry-run`` says what would go and
deletes nothing. The feedback on answers (the table ``feedback`` in the tracker store's
database, ``jeugdhulp.feedback.store``) goes after the same period: each verdict older than
it. Run it daily (cron or a systemd timer: docs/production.md); exit code 0
when it worked, 1 when a store could not be read.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from jeugdhulp.feedback import store as feedback_store
from jeugdhulp.server.endpoints import DEFAULT_TRACKER_STORE
from jeugdhulp.urls import hide_password

DEFAULT_DAYS = 30
BATCH = 500

# The columns Rasa's SQLTrackerStore and SQLEventBroker write (both call the table `events`).
TRACKER_EVENTS = sa.table("events", sa.column("id"), sa.column("sender_id"),
                          sa.column("timestamp"))
BROKER_EVENTS = sa.table("events", sa.column("id"), sa.column("sender_id"), sa.column("data"))


@dataclass
class Result:
    store: str
    deleted_conversations: List[str] = field(default_factory=list)
    deleted_events: int = 0
    kept_conversations: int = 0
    deleted_feedback: Optional[int] = None  # verdicts (tracker store only)


def _has_events_table(engine: Engine) -> bool:
    return sa.inspect(engine).has_table("events")


def _delete(engine: Engine, table: sa.sql.TableClause, senders: Sequence[str]) -> int:
    deleted = 0
    with engine.begin() as connection:
        for start in range(0, len(senders), BATCH):
            batch = list(senders[start:start + BATCH])
            deleted += connection.execute(
                sa.delete(table).where(table.c.sender_id.in_(batch))).rowcount or 0
    return deleted


def purge_tracker_store(url: str, cutoff: float, dry_run: bool = False) -> Result:
    """Whole conversations whose last event is before ``cutoff`` (a Unix timestamp), and
    the feedback verdicts given before it."""
    result = Result(hide_password(url))
    engine = feedback_store.existing_engine(url)
    if engine is None:
        return result
    try:
        result.deleted_feedback = feedback_store.delete_before(engine, cutoff, dry_run)
        if not _has_events_table(engine):
            return result
        t = TRACKER_EVENTS
        last = sa.func.max(t.c.timestamp)
        query = sa.select(t.c.sender_id, last, sa.func.count()).group_by(t.c.sender_id)
        old: List[str] = []
        events = 0
        with engine.connect() as connection:
            for sender, last_time, count in connection.execute(query):
                if last_time is not None and last_time < cutoff:
                    old.append(sender)
                    events += count
                else:
                    result.kept_conversations += 1
        result.deleted_conversations = old
        result.deleted_events = events if dry_run else _delete(engine, t, old)
        return result
    finally:
        engine.dispose()


def purge_event_broker(url: str, cutoff: float, dry_run: bool = False) -> Result:
    """The same for Rasa's SQL event broker, whose rows keep the timestamp in the JSON."""
    result = Result(hide_password(url))
    engine = feedback_store.existing_engine(url)
    if engine is None:
        return result
    try:
        if not _has_events_table(engine):
            return result
        t = BROKER_EVENTS
        last: Dict[str, float] = {}
        counts: Dict[str, int] = {}
        with engine.connect() as connection:
            rows = connection.execution_options(stream_results=True).execute(
                sa.select(t.c.sender_id, t.c.data))
            for sender, data in rows:
                try:
                    stamp = float(json.loads(data).get("timestamp") or 0)
                except (TypeError, ValueError, AttributeError):
                    stamp = 0.0
                last[sender] = max(last.get(sender, 0.0), stamp)
                counts[sender] = counts.get(sender, 0) + 1
        old = [s for s, stamp in last.items() if stamp < cutoff]
        result.kept_conversations = len(last) - len(old)
        result.deleted_conversations = old
        result.deleted_events = (sum(counts[s] for s in old) if dry_run
                                 else _delete(engine, t, old))
        return result
    finally:
        engine.dispose()


def retention_days(value: Optional[int]) -> int:
    if value is not None:
        return value
    configured = os.environ.get("RETENTION_DAYS", "").strip()
    return int(configured) if configured else DEFAULT_DAYS


def run(days: int, dry_run: bool = False, now: Optional[float] = None,
        environ: Optional[Dict[str, str]] = None) -> List[Result]:
    environ = dict(os.environ) if environ is None else environ
    cutoff = (time.time() if now is None else now) - days * 86400
    results = [purge_tracker_store(
        (environ.get("TRACKER_STORE_URL") or "").strip() or DEFAULT_TRACKER_STORE,
        cutoff, dry_run)]
    broker = (environ.get("EVENT_BROKER_URL") or "").strip()
    if broker and not broker.lower().startswith(("amqp", "kafka")):
        results.append(purge_event_broker(broker, cutoff, dry_run))
    return results


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=None,
                        help=f"retention in days (default RETENTION_DAYS or {DEFAULT_DAYS})")
    parser.add_argument("--dry-run", action="store_true",
                        help="only say what would be deleted")
    args = parser.parse_args(argv)
    try:
        days = retention_days(args.days)
    except ValueError:
        print("RETENTION_DAYS moet een geheel aantal dagen zijn.", file=sys.stderr)
        return 2
    if days < 1:
        print("De bewaartermijn moet minstens 1 dag zijn.", file=sys.stderr)
        return 2
    cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
    print(f"Bewaartermijn {days} dagen: gesprekken waarvan het laatste bericht van vóór "
          f"{cutoff:%Y-%m-%d %H:%M} UTC is, worden "
          f"{'NIET verwijderd (proefdraaien)' if args.dry_run else 'verwijderd'}.")
    try:
        results = run(days, args.dry_run)
    except (SQLAlchemyError, OSError) as error:
        print(f"FOUT: de opslag is niet bereikbaar ({type(error).__name__}: "
              f"{str(error).splitlines()[0][:200]})", file=sys.stderr)
        return 1
    verb = "te verwijderen" if args.dry_run else "verwijderd"
    for r in results:
        print(f"{r.store}: {verb}: {len(r.deleted_conversations)} gesprek(ken) met "
              f"{r.deleted_events} gebeurtenis(sen); bewaard: "
              f"{r.kept_conversations} gesprek(ken).")
        if r.deleted_feedback is not None:
            print(f"{r.store}: feedback {verb}: {r.deleted_feedback} beoordeling(en).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

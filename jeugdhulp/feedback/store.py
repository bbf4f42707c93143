"""Where the content loop keeps its data, and the one shape both writers and readers use.

Two kinds of record:

* **Every answer** the guideline actions give leaves a slot event ``last_answer`` in the
  tracker store (so it is deleted with its conversation by ``make retention``)::

      {"id": "3f9a0c1e",          # answer id: the feedback buttons carry it
       "question": "...",          # the user's message as stored (already redacted)
       "found": true,              # false: "not in the guidelines" (nearby topics only)
       "closest": false,           # true: "Dit komt het dichtst in de buurt ..."
       "intent": "ask_guideline",
       "guideline": "kindermishandeling", "version": "2023",   # the (first) cited guideline
       "passages": ["kindermishandeling/..."],                   # keys of the quoted passages
       "topic": "Meldcode"}                                      # nearest topic (label)

* **Every verdict** (👍 / 👎, a typed "klopt niet", the optional comment) is a row of the
  table ``feedback`` in the same database as the tracker store (``TRACKER_STORE_URL``,
  default ``var/tracker.sqlite3``; PostgreSQL in production). The sender is kept only as a
  keyed hash (HMAC-SHA256 with ``FEEDBACK_HASH_KEY``; without it, a random key made once and
  kept in ``var/feedback.key``). ``make retention`` deletes rows older than the retention
  period.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any, Dict, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jeugdhulp.paths import VAR_DIR
from jeugdhulp.urls import DEFAULT_TRACKER_STORE, sql_url

ANSWER_SLOT = "last_answer"
UP, DOWN = "goed", "fout"  # the verdicts, as the buttons' payloads carry them
KEY_FILE = VAR_DIR / "feedback.key"

METADATA = sa.MetaData()
FEEDBACK = sa.Table(
    "feedback", METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.Float, nullable=False, index=True),  # Unix time, like Rasa's events
    sa.Column("sender", sa.String(64), nullable=False),  # keyed hash, never the id itself
    sa.Column("channel", sa.String(32), nullable=False, default=""),
    sa.Column("answer_id", sa.String(32), nullable=False),
    sa.Column("question", sa.Text, nullable=False, default=""),  # redacted
    sa.Column("passages", sa.Text, nullable=False, default="[]"),  # JSON list of passage keys
    sa.Column("guideline", sa.String(80), nullable=False, default=""),
    sa.Column("guideline_version", sa.String(40), nullable=False, default=""),
    sa.Column("topic", sa.String(200), nullable=False, default=""),
    sa.Column("verdict", sa.String(8), nullable=False),  # UP or DOWN
    sa.Column("comment", sa.Text, nullable=True),  # redacted; None until given
)


def store_url(environ: Optional[Dict[str, str]] = None) -> str:
    """The database of the tracker store, which holds the feedback table too."""
    environ = os.environ if environ is None else environ
    return sql_url((environ.get("TRACKER_STORE_URL") or "").strip() or DEFAULT_TRACKER_STORE)


def engine_for(url: str) -> Engine:
    return sa.create_engine(sql_url(url), future=True, pool_pre_ping=True)


def existing_engine(url: str) -> Optional[Engine]:
    """The engine of ``url``; None for an SQLite file that does not exist (yet): nothing to
    read or delete, and no empty database file created by looking."""
    parsed = sa.engine.make_url(sql_url(url))
    if parsed.drivername.startswith("sqlite") and parsed.database and \
            not os.path.exists(parsed.database):
        return None
    return engine_for(url)


def ensure_table(engine: Engine) -> None:
    METADATA.create_all(engine, tables=[FEEDBACK], checkfirst=True)


def _key(environ: Optional[Dict[str, str]] = None) -> bytes:
    environ = os.environ if environ is None else environ
    configured = (environ.get("FEEDBACK_HASH_KEY") or "").strip()
    if configured:
        return configured.encode("utf-8")
    return _local_key(KEY_FILE)


def _local_key(path: Path) -> bytes:
    """A random key made once per installation, readable by its owner only."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_bytes().strip()
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_bytes().strip()


def sender_hash(sender_id: str, environ: Optional[Dict[str, str]] = None) -> str:
    return hmac.new(_key(environ), sender_id.encode("utf-8", "surrogatepass"),
                    hashlib.sha256).hexdigest()


def row(sender_id: str, answer: Dict[str, Any], verdict: str, channel: str = "",
        comment: Optional[str] = None, now: Optional[float] = None,
        environ: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """The feedback row for a verdict on ``answer`` (a ``last_answer`` slot value)."""
    return {
        "created_at": time.time() if now is None else now,
        "sender": sender_hash(sender_id, environ),
        "channel": (channel or "")[:32],
        "answer_id": str(answer.get("id") or "")[:32],
        "question": answer.get("question") or "",
        "passages": json.dumps(list(answer.get("passages") or [])),
        "guideline": (answer.get("guideline") or "")[:80],
        "guideline_version": str(answer.get("version") or "")[:40],
        "topic": (answer.get("topic") or "")[:200],
        "verdict": verdict,
        "comment": comment,
    }


def insert(engine: Engine, values: Dict[str, Any]) -> int:
    """Stores one verdict; returns its row id."""
    ensure_table(engine)
    with engine.begin() as connection:
        result = connection.execute(sa.insert(FEEDBACK).values(**values))
        return int(result.inserted_primary_key[0])


def add_comment(engine: Engine, row_id: int, comment: str) -> bool:
    ensure_table(engine)
    with engine.begin() as connection:
        result = connection.execute(
            sa.update(FEEDBACK).where(FEEDBACK.c.id == row_id).values(comment=comment))
        return bool(result.rowcount)


def rows_since(engine: Engine, since: float = 0.0) -> Iterable[Dict[str, Any]]:
    """Every verdict from ``since`` (Unix time) on, oldest first; none when no table yet."""
    if not sa.inspect(engine).has_table(FEEDBACK.name):
        return []
    query = sa.select(FEEDBACK).where(FEEDBACK.c.created_at >= since) \
        .order_by(FEEDBACK.c.created_at)
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(query)]


def delete_before(engine: Engine, cutoff: float, dry_run: bool = False) -> int:
    """Verdicts older than ``cutoff`` (retention); how many (would) go."""
    if not sa.inspect(engine).has_table(FEEDBACK.name):
        return 0
    old = FEEDBACK.c.created_at < cutoff
    with engine.begin() as connection:
        if dry_run:
            return int(connection.execute(
                sa.select(sa.func.count()).select_from(FEEDBACK).where(old)).scalar() or 0)
        return int(connection.execute(sa.delete(FEEDBACK).where(old)).rowcount or 0)


def save_verdict(engine: Engine, values: Dict[str, Any]) -> int:
    """Stores a verdict (``row``); a second verdict of the same sender on the same answer
    replaces the first, keeping its comment (a change of mind counts once). Its row id."""
    ensure_table(engine)
    same = (FEEDBACK.c.answer_id == values["answer_id"]) & (FEEDBACK.c.sender == values["sender"])
    with engine.begin() as connection:
        existing = connection.execute(sa.select(FEEDBACK.c.id).where(same)).scalar()
        if existing is None:
            result = connection.execute(sa.insert(FEEDBACK).values(**values))
            return int(result.inserted_primary_key[0])
        changes = {"verdict": values["verdict"], "created_at": values["created_at"]}
        if values.get("comment"):
            changes["comment"] = values["comment"]
        connection.execute(sa.update(FEEDBACK).where(FEEDBACK.c.id == existing).values(**changes))
        return int(existing)

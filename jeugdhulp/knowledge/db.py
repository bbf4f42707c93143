"""Database access: an embedded SQLite file by default, any SQLAlchemy URL via DATABASE_URL.

SQLAlchemy 1.4 with ``future=True`` (2.0-style API). The same code runs on SQLite and
PostgreSQL; nothing here is specific to one of them.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

from typing import Dict

from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from jeugdhulp.paths import VAR_DIR
from jeugdhulp.urls import hide_password, sql_url

DEFAULT_SQLITE_PATH = VAR_DIR / "knowledge.sqlite3"
SCHEMA_VERSION = "4"  # of the tables in models.py; a database of another version is rebuilt


def database_url() -> str:
    """``DATABASE_URL`` when set, else the project's SQLite file (``var/knowledge.sqlite3``)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return sql_url(url)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def describe_url(url: str) -> str:
    """The URL without its password, for messages."""
    return hide_password(url)


@functools.lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        return create_engine(url, future=True, connect_args={"check_same_thread": False})
    # pool_pre_ping: survive a database restart without restarting the process.
    return create_engine(url, future=True, pool_pre_ping=True)


def read_meta(session: Session) -> Dict[str, str]:
    """Facts about the build: schema version, Dutch analysis, content digest, build time."""
    from jeugdhulp.knowledge.models import Meta

    return {m.key: m.value for m in session.execute(select(Meta)).scalars()}


def session_factory(url: str | None = None) -> sessionmaker:
    return sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)


def new_session(url: str | None = None) -> Session:
    return session_factory(url)()

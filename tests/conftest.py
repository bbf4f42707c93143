"""Shared fixtures: a test knowledge base, and real Rasa + action servers on free ports."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support.prelaunch import Prelaunch, launch_ahead
from tests.support.servers import (  # noqa: F401  (re-exported for the test modules)
    MODEL,
    ROOT,
    Servers,
    ServersError,
    free_port,
    port_open,
    start_servers,
    stop_servers,
)

FIXTURES = Path(__file__).parent / "support" / "fixtures"

# A redaction detector that fails raises in the tests (and in the servers they start)
# instead of hiding behind the coarse fallback: jeugdhulp/privacy/redaction.py.
os.environ["JEUGDHULP_STRICT_REDACTION"] = "1"


def pytest_sessionstart(session):
    """The NLU's name lists are generated from knowledge/content/names.yml (`make` writes
    them too); tests that read the NLU data need them current."""
    from jeugdhulp.knowledge import vocabulary

    vocabulary.write_nlu_data()


@pytest.fixture(scope="session")
def prelaunched():
    """Servers started ahead of the tests that need them (tests/support/prelaunch.py)."""
    pool = Prelaunch()
    yield pool
    pool.stop()


@pytest.fixture(scope="session", autouse=True)
def launched_ahead(request, prelaunched):
    """At the start of the session, the servers that the selected tests' modules name in
    their ``prelaunch`` start loading, while other tests run (tests/support/prelaunch.py)."""
    launch_ahead(prelaunched, request)
    return prelaunched


@pytest.fixture(scope="session")
def kb_url(tmp_path_factory) -> str:
    """A freshly built SQLite knowledge base, separate from the one `make run` uses."""
    from jeugdhulp.knowledge import build as builder
    from jeugdhulp.knowledge import db

    path = tmp_path_factory.mktemp("kb") / "knowledge.sqlite3"
    url = f"sqlite:///{path}"
    builder.build(db.get_engine(url))
    return url


@pytest.fixture(scope="session")
def kb(kb_url):
    from jeugdhulp.knowledge.base import KnowledgeBase

    return KnowledgeBase(kb_url)


@pytest.fixture(scope="session")
def postgres(tmp_path_factory):
    """A real PostgreSQL server on loopback for this test session."""
    import shutil
    import tempfile

    from tests.support.services import start_postgres

    # Not under pytest's tmp dir: that is private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="jeugdhulp-pg-"))
    server = start_postgres(base, free_port())
    yield server
    server.stop("immediate")
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_kb_url(postgres):
    """The knowledge base built into PostgreSQL."""
    from jeugdhulp.knowledge import build as builder
    from jeugdhulp.knowledge import db

    url = postgres.create_database("knowledge")
    builder.build(db.get_engine(url))
    return url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def any_kb(request):
    """The knowledge base on each supported store: the same tests run on both."""
    from jeugdhulp.knowledge.base import KnowledgeBase

    url = request.getfixturevalue("kb_url" if request.param == "sqlite" else "pg_kb_url")
    return KnowledgeBase(url)


@pytest.fixture
def actions_kb(kb_url, monkeypatch):
    """Points the actions' knowledge base at the test database."""
    from actions import common

    monkeypatch.setenv("DATABASE_URL", kb_url)
    common.knowledge_base.cache_clear()
    yield
    common.knowledge_base.cache_clear()


def load_tracker(name: str):
    from rasa_sdk import Tracker

    data = json.loads((FIXTURES / "trackers" / f"{name}.json").read_text(encoding="utf-8"))
    return Tracker.from_dict(data)


@pytest.fixture(scope="session")
def trained_agent():
    """The trained model (models/jeugdhulp.tar.gz), loaded once for the session: a load takes
    30-60 s, and parsing does not change the agent."""
    from rasa.core.agent import Agent

    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run the tests through `make test`.")
    return Agent.load(str(MODEL))


@pytest.fixture(scope="session")
def messengers():
    """A local stand-in for Slack, Microsoft, Telegram and Mattermost (tests/support/messengers.py)."""
    from tests.support.messengers import Messengers, TELEGRAM_USERNAME

    stand_in = Messengers(telegram_username=TELEGRAM_USERNAME)
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="session")
def servers(tmp_path_factory, kb_url, messengers):
    """Rasa and the action server, started the way `make run` does, once for the whole
    session: every start costs about a minute. The REST, socket.io and web chat channels as
    `make run` has them, plus the messengers (switched on by their settings, talking to the
    stand-in) and the HTTP API (tests read the trackers). Tests that need other settings (a
    socket.io token key, Ctrl-C) start servers of their own."""
    from tests.support.messengers import channel_settings

    env = {"DATABASE_URL": kb_url, "RASA_EXTRA_ARGS": "--enable-api",
           **channel_settings(messengers.base)}
    try:
        s = start_servers(tmp_path_factory.mktemp("servers"), env)
    except ServersError as error:
        pytest.fail(str(error))
    yield s
    stop_servers(s)

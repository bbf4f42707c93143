"""Shared fixtures: a test knowledge base, and real Rasa + action servers on free ports."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).with_name("fixtures")
MODEL = ROOT / "models" / "jeugdhulp.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def kb_url(tmp_path_factory) -> str:
    """A freshly built SQLite knowledge base, separate from the one `make run` uses."""
    from knowledge import builder, db

    path = tmp_path_factory.mktemp("kb") / "knowledge.sqlite3"
    url = f"sqlite:///{path}"
    builder.build(db.get_engine(url))
    return url


@pytest.fixture(scope="session")
def kb(kb_url):
    from knowledge.base import KnowledgeBase

    return KnowledgeBase(kb_url)


@pytest.fixture(scope="session")
def postgres(tmp_path_factory):
    """A real PostgreSQL server on loopback for this test session."""
    import shutil
    import tempfile

    from tests.services import start_postgres

    # Not under pytest's tmp dir: that is private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="jeugdhulp-pg-"))
    server = start_postgres(base, free_port())
    yield server
    server.stop("immediate")
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_kb_url(postgres):
    """The knowledge base built into PostgreSQL."""
    from knowledge import builder, db

    url = postgres.create_database("knowledge")
    builder.build(db.get_engine(url))
    return url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def any_kb(request):
    """The knowledge base on each supported store: the same tests run on both."""
    from knowledge.base import KnowledgeBase

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


@dataclass
class Servers:
    process: subprocess.Popen
    rasa_port: int
    action_port: int
    log: Path

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def say(self, sender: str, text: str, timeout: float = 30) -> List[Dict]:
        response = requests.post(self.webhook, json={"sender": sender, "message": text},
                                 timeout=timeout)
        response.raise_for_status()
        return response.json()

    def interrupt(self, timeout: float = 30) -> Optional[int]:
        """Sends Ctrl-C (SIGINT to the process group, as a terminal does)."""
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None


def start_servers(tmp_dir: Path, env_extra: Dict[str, str], ready_timeout: float = 240) -> Servers:
    """Starts `bot/scripts/run.sh` (what `make run` runs) on free ports and waits for it."""
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run the tests through `make test`.")
    rasa_port, action_port = free_port(), free_port()
    log = tmp_dir / f"run-{rasa_port}.log"
    env = {**os.environ, "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port),
           "RASA_INTERFACE": "127.0.0.1", **env_extra}
    process = subprocess.Popen(
        ["bash", str(ROOT / "bot" / "scripts" / "run.sh")], cwd=ROOT, env=env,
        stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    servers = Servers(process, rasa_port, action_port, log)
    deadline = time.time() + ready_timeout
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail(f"run.sh exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        if "De assistent is klaar" in log.read_text(errors="replace"):
            return servers
        time.sleep(1)
    stop_servers(servers)
    pytest.fail(f"servers not ready after {ready_timeout} s:\n{log.read_text()[-3000:]}")


def stop_servers(servers: Servers) -> None:
    if servers.process.poll() is None:
        if servers.interrupt(timeout=30) is None:
            os.killpg(servers.process.pid, signal.SIGKILL)
            servers.process.wait()


@pytest.fixture(scope="session")
def servers(tmp_path_factory, kb_url):
    """Rasa (REST + socket.io) and the action server, started the way `make run` does."""
    s = start_servers(tmp_path_factory.mktemp("servers"), {"DATABASE_URL": kb_url})
    yield s
    stop_servers(s)

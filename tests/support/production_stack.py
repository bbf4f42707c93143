"""The production profile on loopback, shared by the production test modules.

Real PostgreSQL (tracker store, knowledge base, SQL event broker: three databases), real
Redis with a password (lock store), one action server and two Rasa servers, each started by
`bot/scripts/run.sh` with JEUGDHULP_PROFILE=production, the way an organisation runs them
behind a load balancer (docs/production.md).

Started once per pytest session, by whichever module asks first (:func:`production_stack`);
stopped when the session ends.

Each Rasa server runs its own copy of the trained model that differs from the other only in
its ``model_id`` (metadata.json). Rasa writes the model id into the metadata of every event
it stores, so the tracker store itself says which server handled a turn (:meth:`server_of`),
and ``/status`` says which id a server runs: a test can prove that a follow-up was answered
by the other server instead of trusting the address it sent it to.

A test that takes part of the stack away (a fault) uses the ``restores_stack`` fixture
(tests/production/conftest.py): afterwards :meth:`ProductionStack.restore` starts again
what is down and waits until :meth:`ProductionStack.health_problems` finds nothing, so no
later test sees the fault. When a production test fails, the lines the servers logged
during it are printed with the failure and kept in var/logs/production/.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import tarfile
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set

import pytest
import requests

from tests.support.messengers import Messengers
from tests.support.servers import (MODEL, ROOT, Servers, free_port, launch_servers, port_open,
                                   server_pids, stop_servers)
from tests.support.services import Postgres, Redis, start_postgres, start_redis

# Test secrets: only ever in this process's environment and the servers' environment.
AUTH_TOKEN = "test-api-token-0123456789abcdef"
JWT_SECRET = "test-jwt-secret-0123456789abcdef"
SOCKETIO_JWT_KEY = "test-socketio-key-0123456789abcdef"
DB_USER, DB_PASSWORD = "jeugdhulp", "db-wachtwoord-7c1f"
REDIS_PASSWORD = "redis-wachtwoord-93ab"
# Slack is on in both Rasa servers; its Web API is a local stand-in (``stack.messengers``).
SLACK_BOT_TOKEN = "xoxb-test-bot-token-5d2e"
SLACK_SIGNING_SECRET = "test-slack-signing-secret-0123456789"
SLACK_CHANNEL = "C0JEUGDHULP"  # the one channel whose every message is answered
SECRETS = (AUTH_TOKEN, JWT_SECRET, SOCKETIO_JWT_KEY, DB_PASSWORD, REDIS_PASSWORD,
           SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)


@dataclass(repr=False)
class ProductionStack:
    base: Path
    postgres: Postgres
    redis: Redis
    env: Dict[str, str]
    actions: Servers
    rasa: List[Servers]
    logs: List[Path] = field(default_factory=list)
    rasa_envs: List[Dict[str, str]] = field(default_factory=list)  # per Rasa server (its model)
    model_ids: List[str] = field(default_factory=list)  # what each Rasa server's /status says
    restarts: int = 0
    messengers: Optional[Messengers] = None  # the Slack Web API the Rasa servers post to

    def __repr__(self) -> str:  # short, and without the test secrets
        return (f"ProductionStack(rasa ports {[s.rasa_port for s in self.rasa]}, actions "
                f"{self.actions.action_port}, postgres {self.postgres.port}, redis "
                f"{self.redis.port})")

    def db_url(self, database: str) -> str:
        return db_url(self.postgres, database)

    @property
    def tracker_url(self) -> str:
        return self.db_url("tracker")

    @property
    def broker_url(self) -> str:
        return self.db_url("broker")

    def webhook(self, index: int) -> str:
        return self.rasa[index % len(self.rasa)].webhook

    def say(self, index: int, sender: str, text: str, timeout: float = 180) -> List[Dict]:
        response = requests.post(self.webhook(index), json={"sender": sender, "message": text},
                                 timeout=timeout)
        assert response.status_code == 200, (response.status_code, response.text[:300])
        return response.json()

    def kill_actions(self) -> None:
        """The action server crashes (SIGKILL to it and its run.sh)."""
        self.actions.kill()

    def start_actions(self, timeout: float = 120) -> None:
        self.actions = launch_servers(self.base, self.env, role="actions",
                                      rasa_port=free_port(),
                                      action_port=self.actions.action_port)
        self.logs.append(self.actions.log)
        self.actions.wait_ready(timeout)

    def pause_actions(self) -> None:
        """The action server stops taking requests (SIGSTOP): a message that needs it waits
        inside its turn, holding its conversation's lock. :meth:`resume_actions` ends it."""
        for pid in server_pids(self.actions):
            os.kill(pid, signal.SIGSTOP)

    def resume_actions(self) -> None:
        for pid in server_pids(self.actions):
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass

    def kill_rasa(self, index: int) -> None:
        """Rasa server ``index`` crashes (SIGKILL to it and its run.sh)."""
        self.rasa[index].kill()

    def start_rasa(self, index: int, timeout: float = 300, wait: bool = True) -> None:
        """Starts Rasa server ``index`` again, on its port, with its model; its earlier logs
        are kept beside the new ones. ``wait=False``: returns once it is starting (a test
        can go on while it loads; :meth:`restore` waits for it)."""
        old = self.rasa[index]
        port = old.rasa_port
        deadline = time.monotonic() + 30  # a killed server's socket closes as it exits
        while port_open(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.restarts += 1
        if old.log.exists():
            kept = old.log.with_name(f"run-rasa-{port}.before-restart-{self.restarts}.log")
            old.log.rename(kept)
            self.logs = [kept if p == old.log else p for p in self.logs]
        var_log = ROOT / "var" / "logs" / f"rasa-{port}.log"
        if var_log.exists():  # run.sh empties it on start
            kept = self.base / f"rasa-{port}.before-restart-{self.restarts}.log"
            shutil.copy2(var_log, kept)
            self.logs.append(kept)
        servers = launch_servers(self.base, self.rasa_envs[index], role="rasa", rasa_port=port)
        self.rasa[index] = servers
        self.logs.append(servers.log)
        if wait:
            servers.wait_ready(timeout)

    def rasa_alive(self) -> bool:
        return all(s.process.poll() is None for s in self.rasa)

    # --- which server handled what ------------------------------------------------------

    def server_of(self, event: dict) -> Optional[int]:
        """The Rasa server that created a stored event (its data), by the model id Rasa
        wrote into the event's metadata; None for an event without one."""
        model_id = (event.get("metadata") or {}).get("model_id")
        return self.model_ids.index(model_id) if model_id in self.model_ids else None

    def status_model_id(self, index: int) -> str:
        response = requests.get(f"{self.rasa[index].url}/status", params={"token": AUTH_TOKEN},
                                timeout=30)
        response.raise_for_status()
        return response.json()["model_id"]

    # --- health -------------------------------------------------------------------------

    def health_problems(self) -> List[str]:
        """What is wrong with the stack (empty: healthy). Every part must answer: PostgreSQL,
        Redis, the action server, both Rasa servers (their HTTP API, with the model id each
        started with); then one message per Rasa server must get a guideline answer, be
        stored in the tracker store and the broker, and be stored by that server."""
        import psycopg2

        from jeugdhulp.messages import message

        problems = []
        try:
            psycopg2.connect(self.tracker_url, connect_timeout=5).close()
        except Exception as error:
            problems.append(f"PostgreSQL: {type(error).__name__}: {str(error)[:200]}")
        try:
            self.redis.client().ping()
        except Exception as error:
            problems.append(f"Redis: {type(error).__name__}: {str(error)[:200]}")
        if self.actions.process.poll() is not None:
            problems.append("the action server is not running")
        else:
            try:
                health = requests.get(f"http://127.0.0.1:{self.actions.action_port}/health",
                                      timeout=10)
                if health.status_code != 200:
                    problems.append(f"action server /health: HTTP {health.status_code}")
            except requests.RequestException as error:
                problems.append(f"action server /health: {type(error).__name__}")
        for index, servers in enumerate(self.rasa):
            if servers.process.poll() is not None:
                problems.append(f"Rasa server {index} is not running")
                continue
            try:
                model_id = self.status_model_id(index)
                if model_id != self.model_ids[index]:
                    problems.append(f"Rasa server {index} runs model {model_id}, not "
                                    f"{self.model_ids[index]}")
            except (requests.RequestException, ValueError, KeyError) as error:
                problems.append(f"Rasa server {index} /status: {type(error).__name__}")
        if problems:
            return problems
        apologies = (message("channels.apology"), message("answers.unavailable"))
        probe = f"health-{uuid.uuid4().hex[:8]}"
        for index in range(len(self.rasa)):
            sender = f"{probe}-{index}"
            try:
                reply = "\n".join(m.get("text") or "" for m in
                                  self.say(index, sender, "MST-CAN?", timeout=120))
            except (AssertionError, requests.RequestException, ValueError) as error:
                problems.append(f"Rasa server {index}: a message failed: {error!r}"[:300])
                continue
            if any(a in reply for a in apologies) or "MST-CAN" not in reply:
                problems.append(f"Rasa server {index}: no guideline answer: {reply[:200]!r}")
                continue
            rows = tracker_rows(self, [sender])
            broker = tracker_rows(self, [sender], database="broker")
            users = [json.loads(r["data"]) for r in rows if r["type_name"] == "user"]
            if not users or not any(r["type_name"] == "bot" for r in rows):
                problems.append(f"Rasa server {index}: the turn is not in the tracker store")
            elif len(broker) != len(rows):
                problems.append(f"Rasa server {index}: {len(rows)} tracker rows but "
                                f"{len(broker)} broker rows")
            elif self.server_of(users[0]) != index:
                problems.append(f"Rasa server {index}: the turn was stored by server "
                                f"{self.server_of(users[0])}")
        return problems

    def wait_healthy(self, timeout: float = 300) -> None:
        """Waits until :meth:`health_problems` finds nothing; fails with what it found."""
        deadline = time.monotonic() + timeout
        while True:
            problems = self.health_problems()
            if not problems:
                return
            if time.monotonic() > deadline:
                pytest.fail(f"the production stack is not healthy after {timeout:.0f} s: "
                            f"{problems}", pytrace=False)
            time.sleep(1)

    def restore(self, timeout: float = 300) -> None:
        """Puts back whatever a fault test took away (a stopped PostgreSQL or Redis, a paused
        or killed action server, a killed Rasa server), then waits until the stack is
        healthy (:meth:`wait_healthy`)."""
        self.resume_actions()
        if not self.postgres.running:
            self.postgres.start()
        if not self.redis.running:
            self.redis.start()
        if self.actions.process.poll() is not None:
            self.start_actions(timeout)
        for index, servers in enumerate(self.rasa):
            if servers.process.poll() is not None:
                self.start_rasa(index, timeout)
            else:  # started again by the test itself, perhaps still loading
                servers.wait_ready(timeout)
        self.wait_healthy(timeout)

    # --- logs ---------------------------------------------------------------------------

    def log_paths(self) -> List[Path]:
        """Every log of the stack: run.sh of each server (all its output), Rasa's own log
        in var/logs/, PostgreSQL and Redis."""
        paths = [*self.logs, self.base / "pg" / "postgres.log", self.base / "redis" / "redis.log",
                 *(ROOT / "var" / "logs" / f"rasa-{s.rasa_port}.log" for s in self.rasa)]
        return list(dict.fromkeys(p for p in paths if p.exists()))

    def log_sizes(self) -> Dict[Path, int]:
        return {p: p.stat().st_size for p in self.log_paths()}

    def log_lines_since(self, sizes: Dict[Path, int], per_file: int = 200) -> str:
        """What each log got since ``sizes`` (:meth:`log_sizes`), the last ``per_file``
        lines of each."""
        out = []
        for path in self.log_paths():
            start = sizes.get(path, 0)
            with path.open("rb") as handle:
                if start > path.stat().st_size:  # emptied meanwhile (a restart)
                    start = 0
                handle.seek(start)
                lines = handle.read().decode("utf-8", "replace").splitlines()
            if not lines:
                continue
            shown = lines[-per_file:]
            skipped = f" (last {per_file} of {len(lines)})" if len(lines) > per_file else ""
            out.append(f"== {path.name}{skipped}\n" + "\n".join(shown))
        return "\n".join(out) or "(no log lines during the test)"

    def keep_failure_log(self, nodeid: str, text: str) -> Path:
        """Writes ``text`` where :meth:`stop` keeps it (var/logs/production/)."""
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1])[:120]
        path = self.base / f"failed-{name}.log"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
        return path

    def stop(self) -> None:
        self.resume_actions()
        if self.messengers is not None:
            self.messengers.close()
        for servers in [*self.rasa, self.actions]:
            try:
                stop_servers(servers)
            except Exception:
                servers.kill()
        self.redis.stop()
        try:
            self.postgres.stop("immediate")
        except Exception:
            pass
        # Keep the servers' logs for a look after the run (they hold no message text).
        keep = ROOT / "var" / "logs" / "production"
        shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir(parents=True, exist_ok=True)
        for log in [*self.base.glob("*.log"), *self.base.glob("*/*.log")]:
            shutil.copy2(log, keep / log.name)
        for log in (ROOT / "var" / "logs").glob("rasa-*.log"):
            if any(f"rasa-{s.rasa_port}." in log.name for s in self.rasa):
                shutil.copy2(log, keep / log.name)
        shutil.rmtree(self.base, ignore_errors=True)


def db_url(postgres: Postgres, database: str) -> str:
    return f"postgresql://{DB_USER}:{DB_PASSWORD}@127.0.0.1:{postgres.port}/{database}"


def _create_databases(postgres: Postgres) -> None:
    import psycopg2

    connection = psycopg2.connect(postgres.url())
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {DB_USER} LOGIN PASSWORD %s", (DB_PASSWORD,))
        for name in ("tracker", "knowledge", "broker"):
            cursor.execute(f'CREATE DATABASE "{name}" OWNER {DB_USER}')
    connection.close()


def _model_with_id(source: Path, target: Path, model_id: str) -> None:
    """A copy of the trained model that differs only in the model id in its metadata."""
    with tarfile.open(source, "r:gz") as src, \
            tarfile.open(target, "w:gz", compresslevel=1) as dst:
        for member in src:
            if member.isfile() and member.name.lstrip("/") == "metadata.json":
                metadata = json.loads(src.extractfile(member).read())
                metadata["model_id"] = model_id
                raw = json.dumps(metadata).encode("utf-8")
                member.size = len(raw)
                dst.addfile(member, io.BytesIO(raw))
            else:
                dst.addfile(member, src.extractfile(member) if member.isfile() else None)


def start_stack(ready_timeout: float = 300) -> ProductionStack:
    from jeugdhulp.knowledge import build as builder
    from jeugdhulp.knowledge import db

    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run the tests through `make test`.")
    # Not under pytest's tmp dir: that is private to root, and PostgreSQL runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="jeugdhulp-prod-"))
    base.chmod(0o755)
    postgres = start_postgres(base / "pg", free_port())
    redis = start_redis(base / "redis", free_port(), REDIS_PASSWORD)
    started: List[Servers] = []
    messengers = Messengers()
    try:
        _create_databases(postgres)
        model = base / "model.tar.gz"  # a private copy: others may retrain the shared one
        shutil.copy2(MODEL, model)
        # One copy per Rasa server, each with a model id of its own (see the module docstring).
        run_id = uuid.uuid4().hex[:8]
        model_ids = [f"jeugdhulp-test-{run_id}-rasa{i}" for i in range(2)]
        models = [base / f"model-rasa{i}.tar.gz" for i in range(2)]
        for path, model_id in zip(models, model_ids):
            _model_with_id(model, path, model_id)
        builder.build(db.get_engine(db_url(postgres, "knowledge")))
        action_port = free_port()
        env = {
            "JEUGDHULP_PROFILE": "production",
            "MODEL": str(model),
            "TRACKER_STORE_URL": db_url(postgres, "tracker"),
            "LOCK_STORE_URL": redis.url(0),
            "EVENT_BROKER_URL": db_url(postgres, "broker"),
            "DATABASE_URL": db_url(postgres, "knowledge"),
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
            "RASA_AUTH_TOKEN": AUTH_TOKEN,
            "RASA_JWT_SECRET": JWT_SECRET,
            "SOCKETIO_JWT_KEY": SOCKETIO_JWT_KEY,
            "SLACK_BOT_TOKEN": SLACK_BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
            "SLACK_CHANNEL": SLACK_CHANNEL,
            "SLACK_API_URL": f"{messengers.base}/slack/api/",
        }
        actions = launch_servers(base, env, role="actions", action_port=action_port)
        started.append(actions)
        rasa_envs = [{**env, "MODEL": str(path)} for path in models]
        rasa = [launch_servers(base, rasa_env, role="rasa") for rasa_env in rasa_envs]
        started += rasa
        deadline = time.time() + ready_timeout
        for servers in started:
            servers.wait_ready(max(10.0, deadline - time.time()))
        stack = ProductionStack(base, postgres, redis, env, actions, rasa,
                                [s.log for s in started], rasa_envs, model_ids,
                                messengers=messengers)
        running = [stack.status_model_id(i) for i in range(len(rasa))]
        if running != model_ids:
            raise RuntimeError(f"the Rasa servers run models {running}, not {model_ids}")
    except Exception as error:
        for servers in started:
            try:
                stop_servers(servers)
            except Exception:
                pass
        redis.stop()
        postgres.stop("immediate")
        messengers.close()
        pytest.fail(f"the production stack did not start: {error}")
    return stack


_KEY = pytest.StashKey[Optional[ProductionStack]]()
_FIGURES = pytest.StashKey[Dict[str, object]]()
FIGURES_FILE = ROOT / "results" / "production.txt"


def figures(config: pytest.Config) -> Dict[str, object]:
    """The session's measured figures (key -> text), written to results/production.txt
    (and .json) when the session ends; `make test-prod` prints them."""
    found = config.stash.get(_FIGURES, None)
    if found is None:
        found = config.stash[_FIGURES] = {}

        def write() -> None:
            if not found:
                return
            FIGURES_FILE.parent.mkdir(exist_ok=True)
            lines = ["Production suite (tests/production/):"] + [
                f"  {key}: {value}" for key, value in found.items()]
            FIGURES_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
            FIGURES_FILE.with_suffix(".json").write_text(
                json.dumps(found, indent=2, default=str), encoding="utf-8")

        config.add_cleanup(write)
    return found


def current_stack(config: pytest.Config) -> Optional[ProductionStack]:
    """The session's stack if it was started, without starting it."""
    return config.stash.get(_KEY, None)


def production_stack(config: pytest.Config) -> ProductionStack:
    """The session's stack, started on first use and stopped when the session ends."""
    stack = config.stash.get(_KEY, None)
    if stack is None:
        stack = start_stack()
        config.stash[_KEY] = stack
        config.add_cleanup(stack.stop)
    return stack


# --- reading the stores directly --------------------------------------------------------

def turn_servers(stack: ProductionStack, rows: List[dict]) -> List[Set[Optional[int]]]:
    """Per stored user turn of one conversation (its rows in id order): the Rasa servers
    whose model id is on the turn's events (the user message and everything up to the next
    one). A turn handled whole by one server gives one server."""
    turns: List[Set[Optional[int]]] = []
    for row in rows:
        data = json.loads(row["data"])
        if row["type_name"] == "user":
            turns.append(set())
        if turns:
            turns[-1].add(stack.server_of(data))
    return turns


def tracker_rows(stack: ProductionStack, senders: Optional[List[str]] = None,
                 database: str = "tracker") -> List[dict]:
    """Rows of the tracker store's (or the broker's) ``events`` table, in id order."""
    import psycopg2
    import psycopg2.extras

    connection = psycopg2.connect(stack.db_url(database))
    try:
        with connection.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cursor:
            if senders is None:
                cursor.execute("SELECT * FROM events ORDER BY id")
            else:
                cursor.execute("SELECT * FROM events WHERE sender_id = ANY(%s) ORDER BY id",
                               (list(senders),))
            return [dict(row) for row in cursor.fetchall()]
    finally:
        connection.close()

"""The production profile on loopback, shared by the production test modules.

Real PostgreSQL (tracker store, knowledge base, SQL event broker: three databases), real
Redis with a password (lock store), one action server and two Rasa servers, each started by
`bot/scripts/run.sh` with JEUGDHULP_PROFILE=production, the way an organisation runs them
behind a load balancer (docs/production.md).

Started once per pytest session, by whichever module asks first (:func:`production_stack`);
stopped when the session ends.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import pytest
import requests

from tests.support.servers import MODEL, ROOT, Servers, free_port, launch_servers, stop_servers
from tests.support.services import Postgres, Redis, start_postgres, start_redis

# Test secrets: only ever in this process's environment and the servers' environment.
AUTH_TOKEN = "test-api-token-0123456789abcdef"
JWT_SECRET = "test-jwt-secret-0123456789abcdef"
SOCKETIO_JWT_KEY = "test-socketio-key-0123456789abcdef"
DB_USER, DB_PASSWORD = "jeugdhulp", "db-wachtwoord-7c1f"
REDIS_PASSWORD = "redis-wachtwoord-93ab"
SECRETS = (AUTH_TOKEN, JWT_SECRET, SOCKETIO_JWT_KEY, DB_PASSWORD, REDIS_PASSWORD)


@dataclass(repr=False)
class ProductionStack:
    base: Path
    postgres: Postgres
    redis: Redis
    env: Dict[str, str]
    actions: Servers
    rasa: List[Servers]
    logs: List[Path] = field(default_factory=list)

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

    def say(self, index: int, sender: str, text: str, timeout: float = 60) -> List[Dict]:
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

    def rasa_alive(self) -> bool:
        return all(s.process.poll() is None for s in self.rasa)

    def stop(self) -> None:
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
    try:
        _create_databases(postgres)
        model = base / "model.tar.gz"  # a private copy: others may retrain the shared one
        shutil.copy2(MODEL, model)
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
        }
        actions = launch_servers(base, env, role="actions", action_port=action_port)
        started.append(actions)
        rasa = [launch_servers(base, env, role="rasa") for _ in range(2)]
        started += rasa
        deadline = time.time() + ready_timeout
        for servers in started:
            servers.wait_ready(max(10.0, deadline - time.time()))
    except Exception as error:
        for servers in started:
            try:
                stop_servers(servers)
            except Exception:
                pass
        redis.stop()
        postgres.stop("immediate")
        pytest.fail(f"the production stack did not start: {error}")
    return ProductionStack(base, postgres, redis, env, actions, rasa,
                           [s.log for s in started])


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
            lines = ["Production suite (tests/production/test_production.py, test_security.py, "
                     "test_fuzz.py):"] + [f"  {key}: {value}" for key, value in found.items()]
            FIGURES_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
            FIGURES_FILE.with_suffix(".json").write_text(
                json.dumps(found, indent=2, default=str), encoding="utf-8")

        config.add_cleanup(write)
    return found


def production_stack(config: pytest.Config) -> ProductionStack:
    """The session's stack, started on first use and stopped when the session ends."""
    stack = config.stash.get(_KEY, None)
    if stack is None:
        stack = start_stack()
        config.stash[_KEY] = stack
        config.add_cleanup(stack.stop)
    return stack


# --- reading the stores directly --------------------------------------------------------

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

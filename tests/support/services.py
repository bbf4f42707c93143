"""Throwaway real servers for tests: PostgreSQL and Redis on loopback, in temp directories.

Started by the tests themselves (the Debian packages are installed by
`bot/scripts/ensure_system_packages.sh`, which `make test` and `.ci/run` call). PostgreSQL
refuses to run as root, so as root the cluster runs as the `postgres` system user.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import pytest


def _find(binary: str) -> Optional[str]:
    found = shutil.which(binary)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{binary}"))
    return candidates[-1] if candidates else None


def _as_service_user(cmd: List[str]) -> List[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@dataclass
class Postgres:
    data_dir: Path
    port: int
    pg_ctl: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg2

        connection = psycopg2.connect(self.url())
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        return self.url(name)

    def _ctl(self, *args: str) -> None:
        subprocess.run(_as_service_user([self.pg_ctl, "-D", str(self.data_dir), *args]),
                       check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        log = self.data_dir.parent / "postgres.log"
        self._ctl("-l", str(log), "-w", "-o",
                  f"-p {self.port} -k {self.data_dir.parent} -c listen_addresses=127.0.0.1",
                  "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        """The server runs (``pg_ctl status``); whether it accepts connections is
        :meth:`accepts`."""
        result = subprocess.run(_as_service_user([self.pg_ctl, "-D", str(self.data_dir),
                                                  "status"]),
                                capture_output=True, timeout=60)
        return result.returncode == 0

    def accepts(self) -> bool:
        import psycopg2

        try:
            psycopg2.connect(self.url(), connect_timeout=5).close()
            return True
        except Exception:
            return False


def start_postgres(base: Path, port: int) -> Postgres:
    initdb, pg_ctl = _find("initdb"), _find("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.fail("PostgreSQL is not installed: run `make test` (it installs the Debian "
                    "package) or `apt-get install postgresql`.")
    base.mkdir(parents=True, exist_ok=True)
    data_dir = base / "data"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    subprocess.run(_as_service_user([initdb, "-D", str(data_dir), "-U", "postgres",
                                     "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                   check=True, capture_output=True, timeout=120)
    server = Postgres(data_dir, port, pg_ctl)
    server.start()
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            import psycopg2

            psycopg2.connect(server.url()).close()
            return server
        except Exception:
            time.sleep(0.3)
    pytest.fail("PostgreSQL did not accept connections")


@dataclass
class Redis:
    """A private redis-server on loopback: no persistence, optional password."""

    base: Path
    port: int
    password: Optional[str] = None
    process: Optional[subprocess.Popen] = None

    def url(self, db: int = 0) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/{db}"

    def client(self, db: int = 0):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, db=db, password=self.password,
                           socket_timeout=2)

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            pytest.fail("Redis is not installed: run `make test` (it installs the Debian "
                        "package) or `apt-get install redis-server`.")
        cmd = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(self.base), "--daemonize", "no"]
        if self.password:
            cmd += ["--requirepass", self.password]
        log = (self.base / "redis.log").open("a")
        self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if self.client().ping():
                    return
            except Exception:
                if self.process.poll() is not None:
                    pytest.fail(f"redis-server exited: {(self.base / 'redis.log').read_text()}")
                time.sleep(0.1)
        pytest.fail("Redis did not accept connections")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def start_redis(base: Path, port: int, password: Optional[str] = None) -> Redis:
    base.mkdir(parents=True, exist_ok=True)
    server = Redis(base, port, password)
    server.start()
    return server

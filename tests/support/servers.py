"""Starting the assistant for tests and evaluations: `bot/scripts/run.sh` (what `make run`
runs) on free ports, and stopping it the way a terminal does (Ctrl-C)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Set

import requests

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "jeugdhulp.tar.gz"


class ServersError(RuntimeError):
    pass


# Ports this test process has handed out: a server started a moment ago may not have bound
# its port yet, and the system would happily give the same port again.
_handed_out: Set[int] = set()


def free_port() -> int:
    return free_ports(1)[0]


def free_ports(count: int) -> List[int]:
    """``count`` different free ports, none handed out before by this process. Take them
    right before the server starts: a port that waits is free for anyone (another test
    part's outgoing connection takes its local port from the same range)."""
    kept: List[socket.socket] = []
    passed: List[socket.socket] = []
    try:
        while len(kept) < count:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            (passed if s.getsockname()[1] in _handed_out else kept).append(s)
        ports = [s.getsockname()[1] for s in kept]
        _handed_out.update(ports)
        return ports
    finally:
        for s in kept + passed:
            s.close()


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Servers:
    process: subprocess.Popen
    rasa_port: int
    action_port: int
    log: Path
    role: str = "both"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"

    @property
    def ready_text(self) -> str:
        return "De actieserver is klaar" if self.role == "actions" else "De assistent is klaar"

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

    def kill(self) -> None:
        """Kills run.sh and its servers at once (SIGKILL to the group): a crash."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()

    def wait_ready(self, timeout: float = 240) -> "Servers":
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise ServersError(f"run.sh exited with {self.process.returncode}:\n"
                                   f"{self.log.read_text(errors='replace')[-3000:]}")
            if self.ready_text in self.log.read_text(errors="replace"):
                return self
            time.sleep(0.5)
        stop_servers(self)
        raise ServersError(f"servers not ready after {timeout} s:\n"
                           f"{self.log.read_text(errors='replace')[-3000:]}")


def launch_servers(tmp_dir: Path, env_extra: Dict[str, str], role: str = "both",
                   rasa_port: Optional[int] = None, action_port: Optional[int] = None,
                   sigint_ignored: bool = False) -> Servers:
    """Starts `bot/scripts/run.sh` with RUN_SERVERS=role on free ports; does not wait.

    Conversations go to a private SQLite tracker store in tmp_dir unless env_extra names
    one (TRACKER_STORE_URL), never to the var/tracker.sqlite3 of `make run`.
    ``sigint_ignored`` starts it the way a background job of a non-interactive shell (a CI
    runner) is started: with SIGINT ignored."""
    if role != "actions" and not MODEL.exists() and "MODEL" not in env_extra:
        raise ServersError(f"No trained model at {MODEL}: run the tests through `make test`.")
    rasa_port, action_port = rasa_port or free_port(), action_port or free_port()
    log = tmp_dir / f"run-{role}-{rasa_port}.log"
    env = {**os.environ, "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port),
           "RASA_INTERFACE": "127.0.0.1", "RUN_SERVERS": role,
           "TRACKER_STORE_URL": f"sqlite:///{tmp_dir / f'tracker-{rasa_port}.sqlite3'}",
           **env_extra}
    for name in ("LOCK_STORE_URL", "EVENT_BROKER_URL", "JEUGDHULP_PROFILE",
                 "ACTION_ENDPOINT_URL", "RASA_AUTH_TOKEN", "RASA_JWT_SECRET",
                 "SOCKETIO_JWT_KEY"):
        if name not in env_extra:  # a developer's own settings must not leak into tests
            env.pop(name, None)
    process = subprocess.Popen(
        ["bash", str(ROOT / "bot" / "scripts" / "run.sh")], cwd=ROOT, env=env,
        stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        preexec_fn=_ignore_sigint if sigint_ignored else None,
    )
    return Servers(process, rasa_port, action_port, log, role)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def server_pids(servers: Servers) -> List[int]:
    """Processes of the servers' process group that are a Rasa or action server."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        pgid = int(stat.rsplit(")", 1)[1].split()[2])
        if pgid == servers.process.pid and ("run actions" in cmdline
                                            or "runtime run" in cmdline):
            pids.append(int(entry.name))
    return pids


def start_servers(tmp_dir: Path, env_extra: Dict[str, str], ready_timeout: float = 240,
                  role: str = "both") -> Servers:
    """Starts `bot/scripts/run.sh` (what `make run` runs) on free ports and waits for it."""
    return launch_servers(tmp_dir, env_extra, role).wait_ready(ready_timeout)


def stop_servers(servers: Servers) -> None:
    if servers.process.poll() is None:
        if servers.interrupt(timeout=30) is None:
            os.killpg(servers.process.pid, signal.SIGKILL)
            servers.process.wait()

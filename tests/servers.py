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
from typing import Dict, List, Optional

import requests

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "jeugdhulp.tar.gz"


class ServersError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    if not MODEL.exists() and "MODEL" not in env_extra:
        raise ServersError(f"No trained model at {MODEL}: run the tests through `make test`.")
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
            raise ServersError(f"run.sh exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        if "De assistent is klaar" in log.read_text(errors="replace"):
            return servers
        time.sleep(1)
    stop_servers(servers)
    raise ServersError(f"servers not ready after {ready_timeout} s:\n{log.read_text()[-3000:]}")


def stop_servers(servers: Servers) -> None:
    if servers.process.poll() is None:
        if servers.interrupt(timeout=30) is None:
            os.killpg(servers.process.pid, signal.SIGKILL)
            servers.process.wait()



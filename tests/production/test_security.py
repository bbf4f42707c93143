"""Security of the running assistant: requests without credentials are refused.

* The HTTP API of the production servers (tests/support/production_stack.py) requires the token
  (RASA_AUTH_TOKEN) or a JWT signed with RASA_JWT_SECRET; the one-machine default (what
  `make run` starts) has no HTTP API at all, only the channels.
* socket.io with SOCKETIO_JWT_KEY set refuses a connection without a valid JWT.
* The action server listens on loopback only unless ACTION_HOST says otherwise.
* Secrets come only from the environment: not in the repository's configuration, not on
  any command line, written only to files only the owner can read.
* The production profile refuses to start without its stores and secrets.
"""
from __future__ import annotations

import fcntl
import os
import re
import socket
import struct
import subprocess
import threading
from pathlib import Path
from typing import List

import jwt
import pytest
import requests
import yaml

from tests.support.production_stack import (AUTH_TOKEN, JWT_SECRET, SECRETS, SOCKETIO_JWT_KEY,
                                    ProductionStack, figures, production_stack)
from tests.support.prelaunch import plan_servers, take_servers
from tests.support.servers import ROOT, launch_servers, stop_servers

pytestmark = pytest.mark.server

# Endpoints of Rasa's HTTP API that need authentication when it is on.
PROTECTED = [
    ("GET", "/status", None),
    ("GET", "/conversations/someone/tracker", None),
    ("POST", "/conversations/someone/messages", {"text": "hallo", "sender": "user"}),
    ("POST", "/model/parse", {"text": "hallo"}),
    ("GET", "/domain", None),
    ("POST", "/conversations/someone/predict", None),
]


REFUSED = {"api": 0, "socketio": 0, "loopback": 0}


@pytest.fixture(scope="module", autouse=True)
def collect_figures(request):
    yield
    if any(REFUSED.values()):
        figures(request.config)["security: requests without valid credentials refused"] = (
            f"{REFUSED['api']} HTTP API requests (401), {REFUSED['socketio']} socket.io "
            f"connections, {REFUSED['loopback']} connections to action servers from a "
            "non-loopback address")


@pytest.fixture(scope="module")
def stack(request) -> ProductionStack:
    return production_stack(request.config)


def _launch_default(tmp_path_factory, kb_url):
    return launch_servers(tmp_path_factory.mktemp("default"), {"DATABASE_URL": kb_url})


def prelaunch(pool, items, request):
    """``default_servers`` are started ahead, while the production stack starts and the
    first tests run (tests/support/prelaunch.py)."""
    plan_servers(pool, items, request, "default_servers", "default-servers", _launch_default)


@pytest.fixture(scope="module")
def default_servers(tmp_path_factory, kb_url, prelaunched):
    """What `make run` starts on one machine: no API secret, no profile."""
    servers = take_servers(prelaunched, "default-servers", _launch_default, tmp_path_factory,
                           kb_url)
    yield servers
    stop_servers(servers)


def call(base: str, method: str, path: str, body, **kwargs) -> requests.Response:
    return requests.request(method, base + path, json=body, timeout=30, **kwargs)


def admin_jwt(secret: str = JWT_SECRET, role: str = "admin", username: str = "beheer") -> str:
    return jwt.encode({"user": {"username": username, "role": role}}, secret,
                      algorithm="HS256")


# --- HTTP API -----------------------------------------------------------------------------

@pytest.mark.parametrize("method,path,body", PROTECTED)
def test_api_refuses_requests_without_valid_credentials(stack, method, path, body):
    for servers in stack.rasa:
        assert call(servers.url, method, path, body).status_code == 401
        assert call(servers.url, method, path, body,
                    params={"token": "wrong-token-0123456789"}).status_code == 401
        forged = admin_jwt("not-the-secret-0123456789abcdef")
        assert call(servers.url, method, path, body,
                    headers={"Authorization": f"Bearer {forged}"}).status_code == 401
        REFUSED["api"] += 3


def test_api_accepts_the_token_or_a_jwt(stack):
    for servers in stack.rasa:
        assert requests.get(f"{servers.url}/status", params={"token": AUTH_TOKEN},
                            timeout=30).status_code == 200
        headers = {"Authorization": f"Bearer {admin_jwt()}"}
        assert requests.get(f"{servers.url}/status", headers=headers,
                            timeout=30).status_code == 200
        tracker = requests.get(f"{servers.url}/conversations/someone/tracker",
                               headers=headers, timeout=30)
        assert tracker.status_code == 200


def test_a_user_jwt_reaches_only_its_own_conversation(stack):
    token = admin_jwt(role="user", username="professional-1")
    headers = {"Authorization": f"Bearer {token}"}
    base = stack.rasa[0].url
    own = requests.get(f"{base}/conversations/professional-1/tracker", headers=headers,
                       timeout=30)
    other = requests.get(f"{base}/conversations/professional-2/tracker", headers=headers,
                         timeout=30)
    assert own.status_code == 200 and other.status_code == 403


def test_without_a_secret_the_http_api_is_off_and_the_channels_work(default_servers):
    base = default_servers.url
    for method, path, body in PROTECTED:
        assert call(base, method, path, body).status_code == 404, path
    reply = default_servers.say("security-default", "MST-CAN?")
    assert reply and "MST-CAN" in reply[0]["text"]


def test_secret_arguments_come_from_the_environment_only():
    from jeugdhulp.server.runtime import secret_arguments

    assert secret_arguments({}) == []
    assert secret_arguments({"RASA_AUTH_TOKEN": "t" * 20}) == [
        "--enable-api", "--auth-token", "t" * 20]
    assert secret_arguments({"RASA_JWT_SECRET": "s" * 20}) == [
        "--enable-api", "--jwt-secret", "s" * 20, "--jwt-method", "HS256"]


# --- socket.io ------------------------------------------------------------------------------

def _socketio_connect(url: str, token=None):
    import socketio

    client = socketio.Client(reconnection=False)
    replies: List[dict] = []
    events = {"session_confirm": threading.Event(), "bot_uttered": threading.Event()}

    def uttered(data) -> None:
        replies.append(data)
        events["bot_uttered"].set()

    client.on("session_confirm", lambda *_: events["session_confirm"].set())
    client.on("bot_uttered", uttered)
    kwargs = {"auth": {"token": token}} if token else {}
    client.connect(url, socketio_path="/socket.io", transports=["websocket"],
                   wait_timeout=10, **kwargs)
    client.jeugdhulp_events = events  # type: ignore[attr-defined]
    return client, replies


def test_socketio_refuses_a_connection_without_a_valid_jwt(stack):
    import socketio

    url = stack.rasa[0].url
    for token in (None, jwt.encode({"sub": "x"}, "not-the-key-0123456789abcdef",
                                   algorithm="HS256"), "no-jwt-at-all"):
        with pytest.raises(socketio.exceptions.ConnectionError):
            client, _ = _socketio_connect(url, token)
            client.disconnect()
        REFUSED["socketio"] += 1


def test_socketio_accepts_a_valid_jwt_and_answers(stack):
    token = jwt.encode({"sub": "webchat-user"}, SOCKETIO_JWT_KEY, algorithm="HS256")
    client, replies = _socketio_connect(stack.rasa[1].url, token)
    events = client.jeugdhulp_events
    try:
        session = "security-socketio-1"
        client.emit("session_request", {"session_id": session})
        # The server confirms the session (its room is joined) before the message is sent.
        assert events["session_confirm"].wait(timeout=60), "no session_confirm"
        client.emit("user_uttered", {"message": "MST-CAN?", "session_id": session})
        events["bot_uttered"].wait(timeout=120)
    finally:
        client.disconnect()
    assert replies and "MST-CAN" in replies[0].get("text", "")


# --- the action server ----------------------------------------------------------------------

def non_loopback_addresses() -> List[str]:
    addresses = []
    for _, name in socket.if_nameindex():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            try:
                packed = fcntl.ioctl(s.fileno(), 0x8915,  # SIOCGIFADDR
                                     struct.pack("256s", name[:15].encode()))
            except OSError:
                continue
        address = socket.inet_ntoa(packed[20:24])
        if not address.startswith("127."):
            addresses.append(address)
    return addresses


def reachable(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex((host, port)) == 0


def test_action_servers_listen_on_loopback_only(stack, default_servers):
    addresses = non_loopback_addresses()
    if not addresses:
        pytest.skip("this machine has no network address besides loopback")
    for port in (stack.actions.action_port, default_servers.action_port):
        assert reachable("127.0.0.1", port)
        for address in addresses:
            assert not reachable(address, port), f"action server open on {address}:{port}"
            REFUSED["loopback"] += 1


# --- secrets --------------------------------------------------------------------------------

SECRET_KEY = re.compile(r"token|secret|password|passwd|key", re.I)


def test_configuration_files_hold_no_secrets():
    for name in ("credentials.yml", "endpoints.yml"):
        config = yaml.safe_load((ROOT / name).read_text(encoding="utf-8")) or {}

        def walk(value, path=""):
            if isinstance(value, dict):
                for key, item in value.items():
                    if SECRET_KEY.search(str(key)) and isinstance(item, str):
                        assert re.fullmatch(r"\$\{[A-Z0-9_]+\}", item.strip()), \
                            f"{name}: {path}{key} is not taken from the environment"
                    walk(item, f"{path}{key}.")

        walk(config)


def test_no_command_line_shows_a_secret(stack):
    seen = 0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        seen += 1
        for secret in SECRETS:
            assert secret not in args, f"a secret on the command line of {cmdline.parent.name}"
    assert seen > 5


def test_generated_files_with_secrets_are_private(stack):
    for servers in stack.rasa:
        for name in (f"endpoints.{servers.rasa_port}.yml", f"credentials.{servers.rasa_port}.yml"):
            path = ROOT / "var" / name
            assert path.exists(), name
            assert path.stat().st_mode & 0o077 == 0, f"{name} readable by others"


# --- the production profile refuses to start without its stores and secrets ---------------

COMPLETE = {
    "JEUGDHULP_PROFILE": "production",
    "TRACKER_STORE_URL": "postgresql://rasa:pw@127.0.0.1:1/rasa",
    "LOCK_STORE_URL": "redis://127.0.0.1:1/0",
    "DATABASE_URL": "postgresql://kb:pw@127.0.0.1:1/kb",
    "RASA_AUTH_TOKEN": "a-long-enough-token-123",
}


def run_sh(env_extra: dict, role: str = "both") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in (*COMPLETE, "RASA_JWT_SECRET", "EVENT_BROKER_URL")}
    env.update({"RASA_PORT": "1", "ACTION_PORT": "2", "RUN_SERVERS": role,
                "MODEL": str(ROOT / "bot" / "scripts" / "run.sh"), **env_extra})
    return subprocess.run(["bash", str(ROOT / "bot" / "scripts" / "run.sh")], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("missing", ["TRACKER_STORE_URL", "LOCK_STORE_URL", "DATABASE_URL",
                                     "RASA_AUTH_TOKEN"])
def test_production_profile_refuses_to_start_without(missing):
    env = {k: v for k, v in COMPLETE.items() if k != missing}
    result = run_sh(env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert missing in result.stderr and "productieprofiel" in result.stderr
    assert "Starting" not in result.stdout


def test_production_profile_refuses_sqlite_and_short_secrets():
    for override, word in (({"TRACKER_STORE_URL": "sqlite:///x.db"}, "TRACKER_STORE_URL"),
                           ({"DATABASE_URL": "sqlite:///kb.db"}, "DATABASE_URL"),
                           ({"RASA_AUTH_TOKEN": "kort"}, "te kort")):
        result = run_sh({**COMPLETE, **override})
        assert result.returncode == 2 and word in result.stderr, result.stderr


def test_production_profile_needs_per_role_only_what_that_server_uses():
    from jeugdhulp.server.endpoints import profile_problems

    env = {"JEUGDHULP_PROFILE": "production", "DATABASE_URL": COMPLETE["DATABASE_URL"]}
    assert profile_problems(env, "actions") == []
    assert len(profile_problems(env, "rasa")) == 3
    env = {**COMPLETE, "RASA_AUTH_TOKEN": "", "RASA_JWT_SECRET": "a-long-enough-jwt-secret"}
    assert profile_problems(env, "both") == []
    assert profile_problems({"JEUGDHULP_PROFILE": "prod"}, "both")  # a typo is refused

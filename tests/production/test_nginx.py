"""nginx in front of the production stack's two Rasa servers, configured by the template that
docs/production.md tells people to use (docs/nginx/jeugdhulp.conf, filled in and started by
tests/support/nginx.py: loopback ports, a self-signed certificate made with openssl, a prefix
of its own, an unprivileged user).

* A flood from one client address (200 REST requests as fast as possible) is limited: most
  get 429 with a Dutch body, before they reach a Rasa server; at the same time a person at
  another address (127.0.0.2: nginx keys its limits on the client address) holds a
  conversation at human pace and gets every answer. Nothing is lost: every flood request
  that got 200 has its user message in the tracker store, every limited one left nothing
  there, and the person's turns are all stored, in order. The figures (sent, limited,
  answered, lost) go to results/production.txt.
* TLS with the certificate, HTTP redirected to HTTPS, REST only from the internal network,
  too large bodies refused, nginx not running as root, both Rasa servers used, and the web
  chat's socket.io over a WebSocket through nginx.
"""
from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Tuple

import jwt
import pytest
import requests

from jeugdhulp.messages import message
from jeugdhulp.server.runtime import APOLOGY
from tests.support.nginx import Nginx, remove, start_nginx
from tests.support.production_stack import (SOCKETIO_JWT_KEY, ProductionStack, figures,
                                            production_stack, tracker_rows)

pytestmark = pytest.mark.server

RUN = uuid.uuid4().hex[:6]
REST = "/webhooks/rest/webhook"
FLOOD_REQUESTS = 200
FLOOD_THREADS = 10  # below the template's limit_conn (100): the 429s come from limit_req
# The template's REST zone: rate 1 r/s, burst 10 (docs/nginx/jeugdhulp.conf).
RATE, BURST = 1.0, 10
HUMAN_PAUSE = 3.0  # seconds between a person's messages
HUMAN_TURNS: List[Tuple[str, str]] = [  # (message, a word the answer must contain)
    ("hallo", "richtlijnassistent"),
    ("MST-CAN?", "MST-CAN"),
    ("en hoe effectief is dat?", "MST-CAN"),
    ("voor welke leeftijd?", "jaar"),
    ("bedankt!", "Graag gedaan"),
]
TOO_MANY = "Je stuurt te veel berichten kort na elkaar"
FIGURES: Dict[str, object] = {}


@pytest.fixture(scope="module")
def stack(request) -> ProductionStack:
    return production_stack(request.config)


@pytest.fixture(scope="module")
def proxy(stack) -> Nginx:
    # REST and the HTTP API from 127.0.0.0 - 127.0.0.3 only (the template's INTERNAL_NETWORK).
    server = start_nginx([f"127.0.0.1:{s.rasa_port}" for s in stack.rasa],
                         internal_network="127.0.0.0/30")
    yield server
    remove(server, stack.base / "nginx")  # the logs end up in var/logs/production/


@pytest.fixture(scope="module", autouse=True)
def collect_figures(request):
    yield
    figures(request.config).update(FIGURES)


def user_texts(stack: ProductionStack, senders: List[str]) -> Dict[str, List[str]]:
    """The stored user messages per sender, in order."""
    found: Dict[str, List[str]] = {s: [] for s in senders}
    for row in tracker_rows(stack, senders):
        if row["type_name"] == "user":
            found[row["sender_id"]].append(json.loads(row["data"]).get("text") or "")
    return found


def test_a_flood_from_one_client_is_limited_while_another_user_is_answered(
        stack, proxy, capsys):
    url = proxy.url + REST
    flood_senders = [f"flood-{RUN}-{i:03d}" for i in range(FLOOD_REQUESTS)]
    person = f"mens-{RUN}"
    sessions = threading.local()
    sent = Counter()
    flood_under_way = threading.Event()
    person_replies: List[Tuple[int, object, float]] = []

    def flood_one(sender: str) -> Tuple[str, int, str, Dict[str, str]]:
        if not hasattr(sessions, "session"):  # one keep-alive connection per thread
            sessions.session = proxy.session("127.0.0.1")
        sent["flood"] += 1
        if sent["flood"] >= 20:
            flood_under_way.set()
        try:
            reply = sessions.session.post(url, json={"sender": sender, "message": "hallo"},
                                          timeout=180)
        except requests.RequestException as error:
            return sender, 0, repr(error), {}
        return sender, reply.status_code, reply.text, dict(reply.headers)

    def converse() -> None:
        session = proxy.session("127.0.0.2")
        flood_under_way.wait(timeout=60)
        for i, (said, _) in enumerate(HUMAN_TURNS):
            if i:
                time.sleep(HUMAN_PAUSE)
            started = time.monotonic()
            try:
                reply = session.post(url, json={"sender": person, "message": said},
                                     timeout=180)
                body = reply.json() if reply.status_code == 200 else reply.text
                person_replies.append((reply.status_code, body, time.monotonic() - started))
            except (requests.RequestException, ValueError) as error:
                person_replies.append((0, repr(error), time.monotonic() - started))

    human = threading.Thread(target=converse)
    human.start()
    started = time.monotonic()
    with ThreadPoolExecutor(FLOOD_THREADS) as pool:
        flood = list(pool.map(flood_one, flood_senders))
    flood_seconds = time.monotonic() - started
    human.join(timeout=900)
    assert not human.is_alive(), "the person's conversation did not end"

    # --- the flood ---------------------------------------------------------------------
    statuses = Counter(status for _, status, _, _ in flood)
    answered = [sender for sender, status, _, _ in flood if status == 200]
    limited = [(sender, text, headers) for sender, status, text, headers in flood
               if status == 429]
    other = [(sender, status, text[:200]) for sender, status, text, _ in flood
             if status not in (200, 429)]
    stored = user_texts(stack, flood_senders)
    lost_answered = [s for s in answered if stored[s] != ["hallo"]]
    reached_rasa_anyway = [s for s, _, _ in limited if stored[s]]
    flood_lost = len(lost_answered) + len(other)

    # --- the person ----------------------------------------------------------------------
    person_stored = user_texts(stack, [person])[person]
    person_answered = 0
    problems = []
    for (said, expected), (status, body, _) in zip(HUMAN_TURNS, person_replies):
        if status != 200:
            problems.append(f"{said!r}: HTTP {status} {str(body)[:200]}")
            continue
        text = "\n".join(m.get("text") or "" for m in body)
        if not text or APOLOGY in text or expected.lower() not in text.lower():
            problems.append(f"{said!r}: {text[:200]!r}")
            continue
        person_answered += 1
    person_lost = len(HUMAN_TURNS) - sum(1 for s in person_stored if s in dict(HUMAN_TURNS))
    slowest = max((seconds for _, _, seconds in person_replies), default=0.0)

    FIGURES["nginx flood from one address (docs/nginx/jeugdhulp.conf, 1 r/s, burst 10)"] = (
        f"{FLOOD_REQUESTS} sent in {flood_seconds:.1f} s by {FLOOD_THREADS} connections: "
        f"{len(limited)} limited (429), {len(answered)} answered, {flood_lost} lost, "
        f"{len(other)} other")
    FIGURES["nginx: a person at another address during the flood"] = (
        f"{len(HUMAN_TURNS)} turns {HUMAN_PAUSE:.0f} s apart: {person_answered} answered, "
        f"{sum(1 for s, _, _ in person_replies if s == 429)} limited, {person_lost} lost; "
        f"slowest answer {slowest:.1f} s")
    with capsys.disabled():
        print()
        for key in list(FIGURES)[-2:]:
            print(f"  {key}: {FIGURES[key]}")

    assert not other, f"flood requests neither answered nor limited: {other[:5]}"
    assert len(limited) >= FLOOD_REQUESTS // 2, f"too few limited: {dict(statuses)}"
    # The limit lets through the burst and the rate, no more (+1 for the timing at the ends).
    assert 1 <= len(answered) <= BURST + 1 + RATE * flood_seconds + 1, (
        f"{len(answered)} of the flood answered in {flood_seconds:.1f} s")
    assert not lost_answered, f"answered but not stored: {lost_answered[:5]}"
    assert not reached_rasa_anyway, f"limited but stored: {reached_rasa_anyway[:5]}"
    for _, text, headers in limited:
        assert headers.get("Content-Type", "").startswith("application/json")
        assert headers.get("Retry-After") == "10"
        assert TOO_MANY in json.loads(text)[0]["text"]

    assert len(person_replies) == len(HUMAN_TURNS)
    assert not problems, problems
    assert person_stored == [said for said, _ in HUMAN_TURNS], person_stored

    # nginx's own account: every 429 is a request limited by the REST zone, per address.
    assert len(proxy.error_lines('limiting requests, excess')) == len(limited)
    assert all('zone "jeugdhulp_messages", client: 127.0.0.1,' in line
               for line in proxy.error_lines("limiting requests"))
    log = [line for line in proxy.access_log() if line["uri"] == REST]
    assert Counter((line["client"], line["status"]) for line in log) == Counter(
        {("127.0.0.1", "200"): len(answered), ("127.0.0.1", "429"): len(limited),
         ("127.0.0.2", "200"): len(HUMAN_TURNS)})
    # Both Rasa servers answered through the upstream.
    upstreams = {line["upstream"] for line in log if line["status"] == "200"}
    assert upstreams == {f"127.0.0.1:{s.rasa_port}" for s in stack.rasa}, upstreams


def test_tls_redirect_internal_network_body_size_and_an_unprivileged_nginx(stack, proxy):
    inside, outside = proxy.session("127.0.0.2"), proxy.session("127.0.0.5")
    # TLS: the test certificate is checked (a client that trusts only the system's CAs
    # refuses it).
    with pytest.raises(requests.exceptions.SSLError):
        plain = requests.Session()
        plain.trust_env = False
        plain.post(proxy.url + REST, json={"sender": "x", "message": "hallo"}, timeout=10)
    reply = inside.get(f"http://127.0.0.1:{proxy.http_port}/chat/", allow_redirects=False,
                       timeout=10)
    assert reply.status_code == 301 and reply.headers["Location"].startswith("https://")
    assert "Strict-Transport-Security" in inside.get(proxy.url + "/webhooks/slack/",
                                                     timeout=10).headers
    # REST and the HTTP API: only from the internal network.
    assert outside.post(proxy.url + REST, json={"sender": f"buiten-{RUN}", "message": "hallo"},
                        timeout=10).status_code == 403
    assert outside.get(proxy.url + "/status", timeout=10).status_code == 403
    assert user_texts(stack, [f"buiten-{RUN}"])[f"buiten-{RUN}"] == []
    status = inside.get(proxy.url + "/status", params={"token": "wrong"}, timeout=10)
    assert status.status_code == 401  # the request reached Rasa, which wants its token
    # The messengers' webhooks are public (they check their own signatures).
    assert outside.get(proxy.url + "/webhooks/slack/", timeout=10).json() == {"status": "ok"}
    # A body above client_max_body_size (256 kB) never reaches Rasa.
    big = inside.post(proxy.url + REST, timeout=30,
                      json={"sender": f"groot-{RUN}", "message": "x" * 300_000})
    assert big.status_code == 413 and "te lang" in big.json()[0]["text"]
    assert user_texts(stack, [f"groot-{RUN}"])[f"groot-{RUN}"] == []
    # nginx runs unprivileged (master and workers).
    pids = [proxy.process.pid] + [
        int(p) for p in os.listdir("/proc") if p.isdigit()
        and _parent(int(p)) == proxy.process.pid]
    uids = {_uid(pid) for pid in pids}
    assert len(pids) >= 2 and 0 not in uids, (pids, uids)


def test_the_web_chat_talks_through_nginx_over_a_websocket(stack, proxy):
    import socketio

    http = requests.Session()
    http.trust_env = False
    http.verify = str(proxy.certificate)
    client = socketio.Client(reconnection=False, http_session=http)
    replies: List[dict] = []
    confirmed, uttered = threading.Event(), threading.Event()
    client.on("session_confirm", lambda *_: confirmed.set())
    client.on("bot_uttered", lambda data: (replies.append(data), uttered.set()))
    token = jwt.encode({"sub": "webchat-nginx"}, SOCKETIO_JWT_KEY, algorithm="HS256")
    client.connect(proxy.url, socketio_path="/socket.io", transports=["websocket"],
                   auth={"token": token}, wait_timeout=20)
    try:
        assert client.transport() == "websocket"
        session = f"nginx-socketio-{RUN}"
        client.emit("session_request", {"session_id": session})
        assert confirmed.wait(timeout=60), "no session_confirm through nginx"
        client.emit("user_uttered", {"message": "MST-CAN?", "session_id": session})
        assert uttered.wait(timeout=120), "no answer through nginx"
    finally:
        client.disconnect()
    assert "MST-CAN" in replies[0].get("text", "")
    # nginx logs a WebSocket request when the connection has closed, which it learns
    # shortly after the client's disconnect: wait for the line.
    deadline, upgrades = time.monotonic() + 15, []
    while not upgrades and time.monotonic() < deadline:
        upgrades = [line for line in proxy.access_log()
                    if line["uri"] == "/socket.io/" and line["status"] == "101"]
        time.sleep(0.2)
    assert upgrades, "no WebSocket upgrade (101) in nginx's access log"
    assert message("channels.apology") not in replies[0].get("text", "")


def _parent(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def _uid(pid: int) -> int:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("Uid:"):
                return int(line.split()[1])
    return -1

"""Slack behind a load balancer: a Slack event is answered once, whichever Rasa server each
of its deliveries reaches (jeugdhulp/channels/slack.py, ``RedisSeenEvents``).

Slack delivers one message more than once: a retry (``X-Slack-Retry-Num``) when it got no
200 in time or an error, and, for a mention in a channel the bot reads, a ``message`` and an
``app_mention`` event (other ``event_id``, same ``channel`` and ``ts``). Behind a load
balancer these land on different servers; the servers share what they answered through the
Redis of the lock store.

* With the production stack (two Rasa servers, Redis, PostgreSQL; Slack's Web API is the
  stand-in of tests/support/messengers.py): an event to server 0, its retry to server 1,
  the ``app_mention`` twin to server 1 and the twin's retry to server 0, one after the
  other and all at once: exactly one delivery is answered, the other three are
  acknowledged with ``X-Slack-No-Retry: 1``; one user message in the tracker store, and
  exactly the turn's bot messages reach the Slack API.
* The claim itself against a real redis-server of its own: atomic across clients, keys
  next to the lock store's, forgotten after their time; when Redis is down or hangs the
  event is answered (within Slack's 3 s) and logged, and this server still recognises a
  retry it saw.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Dict, List, Optional

import pytest
import requests

from tests.support.production_stack import (SLACK_CHANNEL, SLACK_SIGNING_SECRET,
                                            ProductionStack, production_stack, tracker_rows)
from tests.support.servers import free_port
from tests.support.services import start_redis

pytestmark = pytest.mark.server

RUN = uuid.uuid4().hex[:6].upper()
BOT_USER = "U0BOT"
QUESTION = "MST-CAN?"
# The sentinel: a quick command, always the same answer, in the same conversation.
SENTINEL = "!commando"
SENTINEL_MARK = "ook met ! in plaats van /"


@pytest.fixture(scope="module")
def stack(request) -> ProductionStack:
    return production_stack(request.config)


# --- Slack requests -------------------------------------------------------------------------

def signed(body: bytes) -> Dict[str, str]:
    timestamp = str(int(time.time()))
    digest = hmac.new(SLACK_SIGNING_SECRET.encode(), f"v0:{timestamp}:".encode() + body,
                      hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": f"v0={digest}"}


def event(kind: str, user: str, text: str, ts: str, event_id: Optional[str] = None) -> bytes:
    """A signed-to-be event of ``kind`` ("message" in the channel the bot reads, or
    "app_mention") as Slack sends it."""
    inner = {"type": kind, "channel": SLACK_CHANNEL, "user": user, "text": text, "ts": ts,
             "event_ts": ts}
    if kind == "message":
        inner["channel_type"] = "channel"
    return json.dumps({
        "token": "unused", "team_id": "T0TEST", "api_app_id": "A0TEST",
        "type": "event_callback", "event_id": event_id or f"Ev{uuid.uuid4().hex[:10]}",
        "event_time": int(float(ts)), "authorizations": [{"user_id": BOT_USER}],
        "event": inner,
    }).encode()


def deliver(stack: ProductionStack, server: int, body: bytes,
            retry: Optional[int] = None) -> requests.Response:
    headers = signed(body)
    if retry:
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"})
    reply = requests.post(f"{stack.rasa[server].url}/webhooks/slack/webhook", data=body,
                          headers=headers, timeout=30)
    assert reply.status_code == 200, (reply.status_code, reply.text[:200])
    return reply


def channel_posts(stack: ProductionStack) -> List[Dict]:
    return stack.messengers.slack_posts(SLACK_CHANNEL)


def post_text(post: Dict) -> str:
    return post.get("text") or ""


def stored_turns(stack: ProductionStack, sender: str, turns: int,
                 timeout: float = 60) -> List[dict]:
    """The sender's rows once at least ``turns`` user messages, each followed by a bot
    message, are stored; fails after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        rows = tracker_rows(stack, [sender])
        kinds = [r["type_name"] for r in rows if r["type_name"] in ("user", "bot")]
        done = kinds.count("user") >= turns and kinds and kinds[-1] == "bot"
        if done or time.monotonic() > deadline:
            assert done, f"{sender}: {kinds.count('user')} user messages stored, " \
                         f"expected {turns}: {kinds}"
            return rows
        time.sleep(0.5)


# --- the cluster ----------------------------------------------------------------------------

@pytest.mark.parametrize("at_once", [False, True], ids=["one-after-the-other", "all-at-once"])
def test_a_slack_event_its_retry_and_its_app_mention_twin_are_answered_once(stack, at_once):
    user = f"U{RUN}{int(at_once)}"
    ts = f"{time.time():.6f}"
    text = f"<@{BOT_USER}> {QUESTION}"
    original = event("message", user, text, ts)
    twin = event("app_mention", user, text, ts)
    # (server, body, retry number): the event and its retry, the twin and its retry.
    deliveries = [(0, original, None), (1, original, 1), (1, twin, None), (0, twin, 2)]
    before = len(channel_posts(stack))

    if at_once:
        barrier = threading.Barrier(len(deliveries))

        def send(delivery) -> requests.Response:
            barrier.wait(timeout=30)
            return deliver(stack, *delivery)

        with ThreadPoolExecutor(len(deliveries)) as pool:
            replies = list(pool.map(send, deliveries))
    else:
        replies = [deliver(stack, *delivery) for delivery in deliveries]

    answered = [i for i, r in enumerate(replies) if r.headers.get("X-Slack-No-Retry") != "1"]
    assert len(answered) == 1, (
        f"deliveries answered: {answered} (each of the four must be acknowledged, exactly "
        f"one answered): {[dict(r.headers) for r in replies]}")
    if not at_once:
        assert answered == [0], "the first delivery must be the one answered"

    # The answer reaches the Slack API; then the sentinel, in the same conversation, is
    # answered after everything sent before it (the conversation's lock in Redis).
    stack.messengers.wait_until(lambda: channel_posts(stack),
                                lambda posts: len(posts) > before,
                                "the answer at the Slack API", timeout=120)
    sentinel_ts = f"{time.time():.6f}"
    deliver(stack, 0, event("message", user, f"<@{BOT_USER}> {SENTINEL}", sentinel_ts))
    posts = stack.messengers.wait_until(
        lambda: channel_posts(stack)[before:],
        lambda found: any(SENTINEL_MARK in post_text(p) for p in found),
        "the sentinel's answer", timeout=120)
    mark = next(i for i, p in enumerate(posts) if SENTINEL_MARK in post_text(p))
    answer = posts[:mark]

    # The answer is posted during the turn, the turn is stored after it: wait for the
    # sentinel's turn in the tracker store (everything before it is stored by then).
    rows = stored_turns(stack, user, 2)
    users = [json.loads(r["data"]) for r in rows if r["type_name"] == "user"]
    assert [u.get("text") for u in users][:1] == [QUESTION], users
    assert len(users) == 2, f"{len(users)} user messages stored, expected the question and " \
                            f"the sentinel: {[u.get('text') for u in users]}"
    question_turn = rows[:next(i for i, r in enumerate(rows)
                               if r["type_name"] == "user"
                               and json.loads(r["data"]).get("text") != QUESTION)]
    bot_messages = [json.loads(r["data"]) for r in question_turn if r["type_name"] == "bot"]
    assert bot_messages, "the question's turn has no bot message"
    assert len(answer) == len(bot_messages), (
        f"{len(answer)} posts at the Slack API for one question with {len(bot_messages)} "
        f"bot messages: {[post_text(p)[:80] for p in answer]}")
    assert QUESTION.rstrip("?") in "\n".join(post_text(p) for p in answer)
    if not at_once:
        assert stack.server_of(users[0]) == 0, "the turn was not handled by server 0"


# --- the claim itself, against a redis-server of its own ------------------------------------

@pytest.fixture
def own_redis(tmp_path):
    server = start_redis(tmp_path / "redis", free_port(), "claim-wachtwoord-1234")
    yield server
    if server.process is not None and server.process.poll() is None:
        os.kill(server.process.pid, signal.SIGCONT)
    server.stop()


def lock_store_of(redis_server, key_prefix: Optional[str] = "org1"):
    from jeugdhulp.server.runtime import RedisLockStore

    return RedisLockStore(host="127.0.0.1", port=redis_server.port, db=3,
                          password=redis_server.password, key_prefix=key_prefix)


def slack_channel():
    from jeugdhulp.channels.slack import SlackWebhooks

    return SlackWebhooks("xoxb-unit", slack_signing_secret="unit-secret")


def request_with(lock_store) -> SimpleNamespace:
    """What ``claim_event`` reads of a request: the app's agent and its lock store."""
    return SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace(
        agent=SimpleNamespace(lock_store=lock_store))))


def test_the_redis_claim_is_atomic_and_lives_next_to_the_lock_store(own_redis):
    from jeugdhulp.channels.slack import SEEN_SECONDS, RedisSeenEvents

    servers = [RedisSeenEvents.for_lock_store(lock_store_of(own_redis)) for _ in range(2)]
    assert all(s is not None for s in servers)
    assert servers[0].prefix == "org1:slack_event:"

    def race(key_sets: List[List[str]]) -> List[bool]:
        barrier = threading.Barrier(len(key_sets))

        def claim(i: int) -> bool:
            barrier.wait(timeout=10)
            return servers[i % 2].claim(key_sets[i])

        with ThreadPoolExecutor(len(key_sets)) as pool:
            return list(pool.map(claim, range(len(key_sets))))

    # 16 deliveries of one event (retries), on two "servers", at the same moment.
    retries = race([["event:Ev1", "message:C1:1.0"]] * 16)
    assert retries.count(True) == 1, retries
    # 16 twins: another event id each, the same message.
    twins = race([[f"event:Ev2-{i}", "message:C1:2.0"] for i in range(16)])
    assert twins.count(True) == 1, twins
    # A retry of a twin that was not answered is not answered either.
    assert servers[0].claim(["event:Ev2-7", "message:C1:2.0"]) is False
    # Another message is answered.
    assert servers[1].claim(["event:Ev3", "message:C1:3.0"]) is True

    client = own_redis.client(db=3)
    keys = sorted(k.decode() for k in client.keys("*"))
    assert keys and all(k.startswith("org1:slack_event:") for k in keys), keys
    assert "org1:slack_event:event:Ev2-7" in keys  # the repeat's own key is set too
    ttls = [client.ttl(k) for k in keys]
    assert all(0 < t <= SEEN_SECONDS for t in ttls), ttls
    assert own_redis.client(db=0).keys("*") == []  # the lock store's database, not another

    # Without a key prefix: keys beside "lock:".
    plain = RedisSeenEvents.for_lock_store(lock_store_of(own_redis, key_prefix=None))
    assert plain.prefix == "slack_event:"


def test_a_claim_is_forgotten_after_its_time(own_redis):
    from jeugdhulp.channels.slack import RedisSeenEvents

    shared = RedisSeenEvents(own_redis.client(db=3), seconds=1)
    assert shared.claim(["event:Ev9"]) is True
    assert shared.claim(["event:Ev9"]) is False
    time.sleep(2.1)
    assert shared.claim(["event:Ev9"]) is True


def test_without_a_redis_lock_store_the_events_are_remembered_in_memory():
    from rasa.core.lock_store import InMemoryLockStore

    channel = slack_channel()
    request = request_with(InMemoryLockStore())
    assert channel.shared_events(request) is None
    assert asyncio.run(channel.claim_event(request, ["event:Ev1"])) is True
    assert asyncio.run(channel.claim_event(request, ["event:Ev1"])) is False
    assert asyncio.run(slack_channel().claim_event(request, ["event:Ev1"])) is True  # other process


@pytest.mark.parametrize("fault", ["stopped", "hanging"])
def test_when_redis_fails_the_event_is_answered_in_time_and_logged(own_redis, caplog, fault):
    lock_store = lock_store_of(own_redis)
    servers = [slack_channel(), slack_channel()]
    requests_ = [request_with(lock_store), request_with(lock_store_of(own_redis))]

    def claim(i: int, keys: List[str]) -> bool:
        return asyncio.run(servers[i].claim_event(requests_[i], keys))

    assert claim(0, ["event:EvA"]) is True
    assert claim(1, ["event:EvA"]) is False  # shared while Redis works

    if fault == "stopped":
        own_redis.stop()
    else:  # the process stops answering, the connections stay open
        os.kill(own_redis.process.pid, signal.SIGSTOP)
    caplog.set_level(logging.WARNING, logger="jeugdhulp.channels.slack")
    started = time.monotonic()
    assert claim(0, ["event:EvB"]) is True  # answered rather than dropped
    elapsed = time.monotonic() - started
    assert elapsed < 2.9, f"the claim took {elapsed:.1f} s; Slack wants its 200 within 3 s"
    assert claim(0, ["event:EvB"]) is False  # this server still knows its retry
    assert claim(0, ["event:EvA"]) is False  # and what it claimed in Redis before
    warnings = [r for r in caplog.records if "could not be checked in Redis" in r.getMessage()]
    assert len(warnings) >= 3, [r.getMessage() for r in caplog.records]
    if fault == "hanging":
        # Redis is back: claims are shared again. (A claim that timed out may still have
        # reached Redis: then a later delivery of it is recognised everywhere.)
        os.kill(own_redis.process.pid, signal.SIGCONT)
        assert claim(1, ["event:EvC"]) is True
        assert claim(0, ["event:EvC"]) is False

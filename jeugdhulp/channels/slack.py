"""Slack: Rasa's ``SlackInput`` with what a team workspace needs on top.

What Rasa 3.6 already does (and we keep): every request must carry a valid
``X-Slack-Signature`` (HMAC-SHA256 of ``v0:<timestamp>:<body>`` with the signing secret,
timestamp at most five minutes off), otherwise 400; events are handled in the background so
Slack gets its 200 at once; messages are answered in direct messages, when the bot is
mentioned, or in the one channel of ``slack_channel``.

What we add:

- **Retries and duplicates are answered once.** Rasa only drops retries whose
  ``X-Slack-Retry-Reason`` is ``http_timeout``; a retry for ``http_error`` (a proxy that
  returned 502, say) was answered twice, and a mention in a channel the bot reads arrives
  twice (``message`` and ``app_mention`` for the same message). We remember the
  ``event_id`` and the message's ``channel``+``ts`` for ten minutes and acknowledge any
  repeat with ``X-Slack-No-Retry: 1`` without answering. With a Redis lock store (the
  production profile: several Rasa servers behind a load balancer) the keys are claimed in
  that Redis (:class:`RedisSeenEvents`), so a retry or twin that lands on another server is
  not answered again either; without one they live in this process (:class:`SeenEvents`).
  When Redis cannot be reached, the event is answered unless this server saw it (logged
  at WARNING): a possible duplicate answer is better than a question left unanswered.
- **URL verification** is answered as ``{"challenge": ...}`` (Rasa sends a bare JSON string,
  which Slack no longer accepts everywhere).
- **Slash commands** (``/richtlijn bronnen``, ``/bronnen``, ...; form-encoded, signed like
  events) at ``/webhooks/slack/commands`` and at the events URL: acknowledged at once with
  a short text only the user sees, then answered in the channel through the bot.
- **Output**: one message per answer (Rasa posted every paragraph as its own message), Slack
  mrkdwn also next to buttons (Rasa used ``plain_text`` there, so links showed as
  ``<url|text>``), text that is not our mrkdwn escaped, and a configurable API address
  (``SLACK_API_URL``; tests and self-hosted proxies).
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Text, Tuple

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from jeugdhulp.messages import message
from jeugdhulp.channels.common import split_text
from jeugdhulp.channels.guard import command_message

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
SECTION_LIMIT = 3000  # characters of one section block
TEXT_LIMIT = 12000  # characters of one message (Slack truncates at 40,000)
MAX_BUTTONS = 25  # elements of one actions block
SEEN_SECONDS = 600  # Slack retries after about 0 s, 1 min and 5 min
SEEN_MAX = 10000
SEEN_KEY_PREFIX = "slack_event:"  # in the lock store's Redis, after its LOCK_STORE_KEY_PREFIX
REDIS_TIMEOUT = 1.0  # s per Redis call of a claim, 2 s in all (Slack wants its 200 in 3 s)
SLASH_ACK = message("channels.searching")

# Slack's own markup in a text: <https://...|text>, <@U123>, <#C123>, <!here>; entities.
SLACK_MARKUP = re.compile(r"<(?:https?://|mailto:|[@#!])[^<>\s|]*(?:\|[^<>]*)?>|&(?:amp|lt|gt);")


def slack_safe(text: Text) -> Text:
    """The text unchanged when it is Slack mrkdwn (our renderer's output), else with
    ``&``, ``<`` and ``>`` escaped, so a plain response ("/interventie <naam>") shows as
    typed instead of being read as a Slack link."""
    rest = SLACK_MARKUP.sub("", text)
    if not any(c in rest for c in "<>&"):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SlackOutput(SlackBot):
    """Answers as one Slack message in mrkdwn, buttons in an actions block."""

    def __init__(
        self,
        token: Text,
        slack_channel: Optional[Text] = None,
        thread_id: Optional[Text] = None,
        proxy: Optional[Text] = None,
        api_url: Optional[Text] = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        base_url = api_url or DEFAULT_API_URL
        self.client = AsyncWebClient(
            token, base_url=base_url if base_url.endswith("/") else base_url + "/", proxy=proxy
        )

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        recipient = self.slack_channel or recipient_id
        for piece in split_text(slack_safe(text), TEXT_LIMIT):
            await self._post_message(channel=recipient, text=piece, mrkdwn=True)

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        recipient = self.slack_channel or recipient_id
        text = slack_safe(text)
        pieces = split_text(text, TEXT_LIMIT)
        for piece in pieces[:-1]:
            await self._post_message(channel=recipient, text=piece, mrkdwn=True)
        last = pieces[-1] if pieces else ""
        blocks: List[Dict[Text, Any]] = [
            {"type": "section", "text": {"type": "mrkdwn", "text": part}}
            for part in split_text(last, SECTION_LIMIT)
        ]
        elements = [
            {
                "type": "button",
                "action_id": f"knop-{i}",
                "text": {"type": "plain_text", "text": str(b.get("title", ""))[:75] or "…"},
                "value": str(b.get("payload", ""))[:2000],
            }
            for i, b in enumerate(buttons[:MAX_BUTTONS])
            if b.get("payload")
        ]
        if elements:
            blocks.append({"type": "actions", "elements": elements})
        await self._post_message(channel=recipient, text=last, blocks=blocks)


class SeenEvents:
    """Keys of recently handled Slack events (in memory, per server process)."""

    def __init__(self, seconds: float = SEEN_SECONDS, size: int = SEEN_MAX) -> None:
        self.seconds, self.size = seconds, size
        self._seen: "OrderedDict[Text, float]" = OrderedDict()

    def _expire(self, now: float) -> None:
        while self._seen and (len(self._seen) > self.size
                              or next(iter(self._seen.values())) < now - self.seconds):
            self._seen.popitem(last=False)

    def seen(self, keys: List[Text]) -> bool:
        self._expire(time.time())
        return any(k in self._seen for k in keys)

    def add(self, keys: List[Text]) -> None:
        now = time.time()
        for key in keys:
            self._seen[key] = now
            self._seen.move_to_end(key)
        self._expire(now)

    def claim(self, keys: List[Text]) -> bool:
        """True when none of ``keys`` was seen (this server answers the event); the keys
        are remembered either way."""
        fresh = not self.seen(keys)
        self.add(keys)
        return fresh


class RedisSeenEvents:
    """Keys of recently handled Slack events, shared by every Rasa server through Redis.

    :meth:`claim` sets every key with ``SET key 1 NX EX seconds``, all in one ``MULTI``/
    ``EXEC`` transaction, so no other server's claim runs in between: of the deliveries
    that share a key (a retry shares the ``event_id``, the ``message``/``app_mention`` twin
    the ``channel``+``ts``), the first one to reach Redis finds none of its keys and answers,
    every later one finds at least one and does not. A repeat sets its own new keys too
    (a retry of the twin is recognised as well), like :class:`SeenEvents`."""

    def __init__(self, client: Any, prefix: Text = SEEN_KEY_PREFIX,
                 seconds: float = SEEN_SECONDS) -> None:
        self.client, self.prefix, self.seconds = client, prefix, max(1, int(seconds))

    def claim(self, keys: List[Text]) -> bool:
        """True when no server claimed any of ``keys`` in the last ``seconds``: the caller
        answers the event. Raises the Redis client's error when Redis cannot be used."""
        if not keys:
            return True
        with self.client.pipeline(transaction=True) as pipe:
            for key in keys:
                pipe.set(self.prefix + key, b"1", nx=True, ex=self.seconds)
            return all(pipe.execute())

    @classmethod
    def for_lock_store(cls, lock_store: Any) -> Optional["RedisSeenEvents"]:
        """The shared keys in the Redis of a Redis lock store (None for any other lock
        store): the same server, database, credentials and TLS settings as the lock store
        (``LOCK_STORE_URL``, or ``lock_store`` of the endpoints file), on a connection pool
        of its own with short timeouts, and keys next to the lock store's: its
        ``LOCK_STORE_KEY_PREFIX``, then ``slack_event:``."""
        from rasa.core.lock_store import RedisLockStore
        import redis

        red = getattr(lock_store, "red", None)
        if not isinstance(lock_store, RedisLockStore) or red is None:
            return None
        pool = red.connection_pool
        settings = {**pool.connection_kwargs, "socket_timeout": REDIS_TIMEOUT,
                    "socket_connect_timeout": REDIS_TIMEOUT}
        client = redis.Redis(connection_pool=redis.ConnectionPool(
            connection_class=pool.connection_class, **settings))
        lock_prefix = str(getattr(lock_store, "key_prefix", "") or "")
        shared_prefix = lock_prefix[:-len("lock:")] if lock_prefix.endswith("lock:") else ""
        return cls(client, shared_prefix + SEEN_KEY_PREFIX)


class SlackWebhooks(SlackInput):
    """Rasa's Slack channel with retries answered once, slash commands and our output."""

    api_url: Text = DEFAULT_API_URL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.api_url = (credentials or {}).get("api_url") or DEFAULT_API_URL
        return channel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Retries are answered unless this server saw the event (see ``SeenEvents``), so
        # Rasa's own rule (drop every retry for "http_timeout") is not needed.
        self.errors_ignore_retry = ("-",)
        self.seen_events = SeenEvents()
        self._shared_events: Optional[Tuple[Any, Optional[RedisSeenEvents]]] = None
        self._tasks: Set[asyncio.Task] = set()

    def get_output_channel(
        self, channel: Optional[Text] = None, thread_id: Optional[Text] = None
    ) -> OutputChannel:
        return SlackOutput(self.slack_token, channel or self.slack_channel, thread_id,
                           self.proxy, self.api_url)

    @staticmethod
    def _sanitize_user_message(text: Text, uids_to_remove: Optional[List[Text]]) -> Text:
        """Rasa's clean-up (the bot's own mention, links), then Slack's escaping undone:
        a user who types "R&D <12 jaar" is read as typed, not as "R&amp;D &lt;12 jaar"."""
        text = SlackInput._sanitize_user_message(text, uids_to_remove)
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

    # --- events ---------------------------------------------------------------------------
    def _event_keys(self, payload: Dict[Text, Any]) -> List[Text]:
        """Keys of an event this channel will answer (empty for events it ignores)."""
        event = payload.get("event") or {}
        if not isinstance(event, dict) or not self._is_user_message(payload):
            return []
        metadata = {"out_channel": event.get("channel")}
        if not self._is_supported_channel(payload, metadata):
            return []
        keys = []
        if payload.get("event_id"):
            keys.append(f"event:{payload['event_id']}")
        if event.get("channel") and event.get("ts"):
            keys.append(f"message:{event['channel']}:{event['ts']}")
        return keys

    def shared_events(self, request: Request) -> Optional[RedisSeenEvents]:
        """The keys shared through the Redis of the server's lock store, when it has one
        (looked up again when the agent, and so its lock store, was replaced)."""
        agent = getattr(request.app.ctx, "agent", None)
        lock_store = getattr(agent, "lock_store", None)
        if self._shared_events is None or self._shared_events[0] is not lock_store:
            self._shared_events = (lock_store, RedisSeenEvents.for_lock_store(lock_store))
        return self._shared_events[1]

    async def claim_event(self, request: Request, keys: List[Text]) -> bool:
        """True when this server answers the event with these keys: no server (with a Redis
        lock store) or not this server (without one) handled it in the last ten minutes.
        When Redis fails, the event is answered unless this server saw it (logged)."""
        shared = self.shared_events(request)
        if shared is None:
            return self.seen_events.claim(keys)
        loop = asyncio.get_running_loop()
        try:
            # redis-py is synchronous: in a thread, so a slow Redis does not stop the server.
            fresh = await asyncio.wait_for(loop.run_in_executor(None, shared.claim, keys),
                                           timeout=2 * REDIS_TIMEOUT)
        except Exception as error:  # Redis down, refused, timed out: answer rather than drop
            logger.warning("Slack event %s could not be checked in Redis (%s): answered "
                           "unless this server saw it; another server may answer it too.",
                           keys[0] if keys else "-", type(error).__name__)
            return self.seen_events.claim(keys)
        self.seen_events.add(keys)  # for the fallback when Redis fails later
        return fresh

    async def _before_event(self, request: Request) -> Optional[HTTPResponse]:
        """Checks a JSON event before Rasa's handler; a response ends the request."""
        try:
            payload = json.loads(request.body or b"{}")
        except ValueError:
            return response.text("Ongeldige JSON.", status=HTTPStatus.BAD_REQUEST)
        if not isinstance(payload, dict):
            return response.text("Ongeldige JSON.", status=HTTPStatus.BAD_REQUEST)
        if payload.get("type") == "url_verification" or "challenge" in payload:
            return response.json({"challenge": payload.get("challenge")})
        keys = self._event_keys(payload)
        if keys and not await self.claim_event(request, keys):
            logger.info("Slack event %s already handled (retry %s, %s): not answered again.",
                        payload.get("event_id"), request.headers.get(self.retry_num_header),
                        request.headers.get(self.retry_reason_header))
            return response.text("", status=HTTPStatus.OK, headers={"X-Slack-No-Retry": "1"})
        return None

    # --- slash commands -------------------------------------------------------------------
    async def _slash_command(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        form = request.form
        command, text = form.get("command") or "", form.get("text") or ""
        user_id, channel_id = form.get("user_id") or "", form.get("channel_id") or ""
        if not user_id or not channel_id:
            return response.text("Onvolledig commando.", status=HTTPStatus.BAD_REQUEST)
        message = command_message(command, text)
        conversation_id = self._get_conversation_id(user_id, channel_id, None)
        user_message = UserMessage(
            message,
            self.get_output_channel(channel_id),
            conversation_id,
            input_channel=self.name(),
            metadata={"out_channel": channel_id, "users": [user_id], "slash_command": command},
        )
        task = asyncio.create_task(self._handle(on_new_message, user_message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return response.json({"response_type": "ephemeral", "text": SLASH_ACK})

    @staticmethod
    async def _handle(on_new_message: Callable[[UserMessage], Awaitable[Any]],
                      message: UserMessage) -> None:
        try:
            await on_new_message(message)
        except Exception:  # the user already got the acknowledgement; log and go on
            logger.exception("Slack slash command could not be answered.")

    # --- routes ---------------------------------------------------------------------------
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = super().blueprint(on_new_message)

        def not_signed() -> HTTPResponse:
            return response.text(
                "Message is not properly signed with a valid X-Slack-Signature header",
                status=HTTPStatus.BAD_REQUEST,
            )

        async def before_request(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST" or not request.path.rstrip("/").endswith("/webhook"):
                return None
            if not self.is_request_from_slack_authentic(request):
                return not_signed()
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            if content_type == "application/json":
                return await self._before_event(request)
            if content_type == "application/x-www-form-urlencoded" and request.form.get("command"):
                return await self._slash_command(request, on_new_message)
            return None

        async def commands(request: Request) -> HTTPResponse:
            if not self.is_request_from_slack_authentic(request):
                return not_signed()
            return await self._slash_command(request, on_new_message)

        slack_webhook.middleware(before_request, "request")
        slack_webhook.add_route(commands, "/commands", methods=["POST"])
        return slack_webhook

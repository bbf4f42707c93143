"""Rasa's input channels, each with the project's guard in front (``jeugdhulp.channels.guard``).

Registered in ``credentials.yml`` by their full path. Each keeps the name of the Rasa
channel it extends ("rest", "socketio", "slack", ...), so webhook addresses, the answer
format per channel (``jeugdhulp.channels.render.format_for``) and Rasa's documentation stay valid.
"""
from __future__ import annotations

import hashlib
import inspect
import json
import logging
import re
import uuid
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.console import CmdlineInput
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request

from jeugdhulp.messages import message
from jeugdhulp.channels.botframework import BotFrameworkWebhooks
from jeugdhulp.channels.guard import guarded
from jeugdhulp.channels.mattermost import MattermostWebhooks
from jeugdhulp.channels.slack import SlackWebhooks
from jeugdhulp.channels.telegram import TelegramWebhooks

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


class GuardedInput:
    """Mixin: every message passes the guard before Rasa handles it."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(guarded(on_new_message))  # type: ignore[misc]


# What a client of the REST channel gets when its request is not what the channel takes.
MALFORMED_REQUEST = message("channels.malformed_request")
MAX_SENDER_CHARS = 128  # Rasa stores conversation ids in a column of 255 characters


def conversation_id(sender: Any) -> str:
    """The conversation id for a REST sender: as given when it is short; a long one is
    replaced by a stable digest of it (the same sender keeps its conversation); a missing
    or empty one gets a conversation of its own (Rasa would put every such request into
    one shared conversation called "default")."""
    if sender is None or (isinstance(sender, str) and not sender.strip()):
        return uuid.uuid4().hex
    sender = sender if isinstance(sender, str) else str(sender)
    if len(sender) > MAX_SENDER_CHARS:
        digest = hashlib.sha256(sender.encode("utf-8", "surrogatepass")).hexdigest()
        return f"lang-{digest[:40]}"
    return sender


def malformed_reason(request: Request) -> Optional[str]:
    """Why a POST to the REST webhook cannot be handled (None when it can): not JSON, JSON
    that is not an object, or a message that is not text."""
    try:
        body = request.json
    except Exception:  # sanic raises InvalidUsage on a body that is not JSON
        return "not JSON"
    if not isinstance(body, dict):
        return f"a JSON {type(body).__name__}, not an object"
    message = body.get("message")
    if message is not None and not isinstance(message, (str, int, float)):
        return f"a message of type {type(message).__name__}"
    return None


def without_text_in_logs(on_new_message: OnNewMessage) -> OnNewMessage:
    """Wraps the REST channel's ``on_new_message`` so that a turn that is cancelled (its
    client gave up) or fails is logged here, without the message. Rasa 3.6's REST channel
    would log the text as it arrived, before the guard redacted it
    (``rest.message.received.timeout`` / ``.failure``). The outcome for the client is
    Rasa's: whatever was collected so far."""

    async def handler(user_message: UserMessage) -> Any:
        try:
            return await on_new_message(user_message)
        except CancelledError:
            logger.warning("REST message not finished: its client stopped waiting "
                           "(conversation %s)", user_message.sender_id)
        except Exception as error:
            logger.error("REST message failed (conversation %s): %s", user_message.sender_id,
                         type(error).__name__, exc_info=logger.isEnabledFor(logging.DEBUG))
        return None

    return handler


class RestChannel(GuardedInput, RestInput):
    """Rasa's REST channel, with a Dutch answer (400) instead of a server error or an empty
    list for a request it cannot read, safe conversation ids (``conversation_id``), and no
    message text in the logs when a turn is cancelled or fails (``without_text_in_logs``)."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        blueprint = RestInput.blueprint(self, without_text_in_logs(guarded(on_new_message)))

        @blueprint.middleware("request")
        async def refuse_malformed(request: Request) -> Any:
            if request.method != "POST" or not request.path.rstrip("/").endswith("/webhook"):
                return None
            reason = malformed_reason(request)
            if reason is None:
                return None
            logger.info("REST request refused: %s", reason)
            return response.json([{"recipient_id": None, "text": MALFORMED_REQUEST}],
                                 status=400)

        return blueprint

    async def _extract_sender(self, req: Request) -> Optional[str]:
        return conversation_id(req.json.get("sender"))

    def _extract_message(self, req: Request) -> Optional[str]:
        message = req.json.get("message")  # str, number, bool or None (malformed_reason)
        return message if message is None or isinstance(message, str) else json.dumps(message)

    def _extract_input_channel(self, req: Request) -> str:
        channel = req.json.get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[str, Any]]:
        metadata = request.json.get("metadata")
        return metadata if isinstance(metadata, dict) else None


class TerminalChannel(GuardedInput, CmdlineInput):
    """The terminal chat of `make shell` (bot/scripts/shell.sh): Rasa's ``cmdline``
    channel, whose name makes ``rasa run`` read and print in the terminal, with the guard,
    so quick commands and redaction work there too. Answers are plain text. The loop that
    reads and prints is the project's (``jeugdhulp.channels.terminal``): Dutch, and buttons as
    numbered choices under the answer instead of Rasa's arrow-key menu."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        from rasa.core.channels import console

        from jeugdhulp.channels import terminal

        console.record_messages = terminal.record_messages  # what `rasa run` calls
        return super().blueprint(on_new_message)


class SocketIOChannel(GuardedInput, SocketIOInput):
    """socket.io (the web chat). Also repairs ``session_persistence``: Rasa 3.6 calls
    ``AsyncServer.enter_room`` without ``await``; with python-socketio 5.18 that is a
    coroutine, so a client never joined its session's room and every answer was lost."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        namespace = self.namespace or "/"
        if self.session_persistence and inspect.iscoroutinefunction(sio.enter_room):

            async def session_request(sid: Text, data: Optional[Dict]) -> None:
                session_id = data.get("session_id") if isinstance(data, dict) else None
                if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
                    session_id = uuid.uuid4().hex
                await sio.enter_room(sid, session_id, namespace=namespace)
                await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

            sio.on("session_request", session_request, namespace=namespace)
        return blueprint


class SlackChannel(GuardedInput, SlackWebhooks):
    """Slack (``jeugdhulp.channels.slack``): signed events, retries answered once, slash
    commands, mrkdwn answers."""


class MattermostChannel(GuardedInput, MattermostWebhooks):
    """Mattermost (``jeugdhulp.channels.mattermost``): token-checked outgoing webhook, signed
    buttons, optional slash command."""


class BotFrameworkChannel(GuardedInput, BotFrameworkWebhooks):
    """Microsoft Teams through the Bot Framework (``jeugdhulp.channels.botframework``); every
    request needs a valid Bot Framework JWT, also when Microsoft's keys cannot be fetched
    (then every request is refused)."""


class TelegramChannel(GuardedInput, TelegramWebhooks):
    """Telegram (``jeugdhulp.channels.telegram``): HTML answers, secret-token webhook."""

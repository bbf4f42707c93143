"""Rasa's input channels, each with the project's guard in front (``bot.channels.guard``).

Registered in ``credentials.yml`` by their full path. Each keeps the name of the Rasa
channel it extends ("rest", "socketio", "slack", ...), so webhook addresses, the answer
format per channel (``bot.render.format_for``) and Rasa's documentation stay valid.
"""
from __future__ import annotations

import inspect
import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.console import CmdlineInput
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot.channels.botframework import BotFrameworkWebhooks
from bot.channels.guard import guarded
from bot.channels.mattermost import MattermostWebhooks
from bot.channels.slack import SlackWebhooks
from bot.channels.telegram import TelegramHtmlOutput, TelegramWebhooks  # noqa: F401

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


class GuardedInput:
    """Mixin: every message passes the guard before Rasa handles it."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(guarded(on_new_message))  # type: ignore[misc]


class RestChannel(GuardedInput, RestInput):
    pass


class TerminalChannel(GuardedInput, CmdlineInput):
    """The terminal chat of `make shell` (bot/scripts/shell.sh): Rasa's ``cmdline``
    channel, whose name makes ``rasa run`` read and print in the terminal, with the guard,
    so quick commands and redaction work there too. Answers are plain text."""


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
    """Slack (``bot.channels.slack``): signed events, retries answered once, slash
    commands, mrkdwn answers."""


class MattermostChannel(GuardedInput, MattermostWebhooks):
    """Mattermost (``bot.channels.mattermost``): token-checked outgoing webhook, signed
    buttons, optional slash command."""


class BotFrameworkChannel(GuardedInput, BotFrameworkWebhooks):
    """Microsoft Teams through the Bot Framework (``bot.channels.botframework``); every
    request needs a valid Bot Framework JWT, also when Microsoft's keys cannot be fetched
    (then every request is refused)."""


class TelegramChannel(GuardedInput, TelegramWebhooks):
    """Telegram (``bot.channels.telegram``): HTML answers, secret-token webhook."""

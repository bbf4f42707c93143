"""Rasa's input channels, each with the project's guard in front (``bot.channels.guard``).

Registered in ``credentials.yml`` by their full path. Each keeps the name of the Rasa
channel it extends ("rest", "socketio", "slack", ...), so webhook addresses, the answer
format per channel (``bot.render.format_for``) and Rasa's documentation stay valid.
"""
from __future__ import annotations

import asyncio
import inspect
import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.botframework import BotFrameworkInput
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.mattermost import MattermostInput
from rasa.core.channels.rest import RestInput
from rasa.core.channels.slack import SlackInput
from rasa.core.channels.socketio import SocketIOInput
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint

from bot.channels.guard import guarded

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


class GuardedInput:
    """Mixin: every message passes the guard before Rasa handles it."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(guarded(on_new_message))  # type: ignore[misc]


class RestChannel(GuardedInput, RestInput):
    pass


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


class SlackChannel(GuardedInput, SlackInput):
    pass


class MattermostChannel(GuardedInput, MattermostInput):
    pass


class BotFrameworkChannel(GuardedInput, BotFrameworkInput):
    """Microsoft Teams through the Bot Framework; requests need a valid Bot Framework JWT
    (checked by Rasa's ``BotFrameworkInput``)."""


class TelegramHtmlOutput(TelegramOutput):
    """Telegram with HTML formatting: answers are rendered as Telegram HTML
    (``bot.render.TelegramRenderer``), so every message is sent with ``parse_mode=HTML``."""

    async def send_message(self, chat_id: Any, text: Text, *args: Any, **kwargs: Any) -> Any:
        if not args:
            kwargs.setdefault("parse_mode", "HTML")
            kwargs.setdefault("disable_web_page_preview", True)
        return await super().send_message(chat_id, text, *args, **kwargs)


class TelegramChannel(GuardedInput, TelegramInput):
    def get_output_channel(self) -> TelegramOutput:
        channel = TelegramHtmlOutput(self.access_token)
        try:
            asyncio.run(channel.set_webhook(url=self.webhook_url))
        except TelegramAPIError as error:
            raise RasaException("Failed to set channel webhook: " + str(error)) from error
        return channel

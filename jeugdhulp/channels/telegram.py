"""Telegram: Rasa's ``TelegramInput`` with HTML answers and an authenticated webhook.

- **Output**: answers are Telegram HTML (``jeugdhulp.channels.render.TelegramRenderer``) sent with
  ``parse_mode=HTML`` as one message (Rasa sent every paragraph separately; Telegram's limit
  of 4096 characters is respected by cutting between paragraphs). A text that is not our
  HTML ("/interventie <naam>" in a response) is escaped first: Telegram refuses a whole
  message with an unknown tag. Buttons are one per row; a button whose payload is longer
  than Telegram's 64-byte ``callback_data`` limit is left out (Telegram would refuse the
  whole message) and logged.
- **Webhook**: Rasa only compares the bot's own username with ``verify``, which anyone can
  know, so anyone could post fake updates. We register the webhook with a ``secret_token``
  (``TELEGRAM_SECRET_TOKEN``, or derived from the bot token when unset) and refuse every
  update without the matching ``X-Telegram-Bot-Api-Secret-Token`` header (403).
- **API address**: Telegram's Bot API at ``https://api.telegram.org`` unless
  ``TELEGRAM_API_URL`` names another (a local Bot API server, a proxy, the tests' stand-in);
  aiogram has the official address built in.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import logging
import os
import re
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from jeugdhulp.channels.common import split_text

logger = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64  # bytes, UTF-8
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
API_URL_VARIABLE = "TELEGRAM_API_URL"  # optional: default https://api.telegram.org

# Telegram's HTML: the tags and entities it accepts (what our renderer produces is a subset).
TELEGRAM_MARKUP = re.compile(
    r"</?(?:b|strong|i|em|u|ins|s|strike|del|code|pre|blockquote|tg-spoiler)>"
    r"|<a href=\"[^\"<>]*\">|</a>"
    r"|&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")


def telegram_safe(text: Text) -> Text:
    """The text unchanged when it is Telegram HTML, else escaped as plain text."""
    rest = TELEGRAM_MARKUP.sub("", text)
    if not any(c in rest for c in "<>&"):
        return text
    return html.escape(text, quote=False)


def fits_callback_data(payload: Text) -> bool:
    return 0 < len(payload.encode("utf-8")) <= CALLBACK_DATA_LIMIT


def derived_secret(access_token: Text) -> Text:
    """A webhook secret derived from the bot token (Telegram allows [A-Za-z0-9_-], 256)."""
    return hmac.new(access_token.encode("utf-8"), b"jeugdhulp-telegram-webhook",
                    hashlib.sha256).hexdigest()


class TelegramHtmlOutput(TelegramOutput):
    """Telegram with HTML formatting: every message is sent with ``parse_mode=HTML``;
    ``api_url`` is the Bot API's address (default Telegram's own)."""

    def __init__(self, access_token: Optional[Text], api_url: Optional[Text] = None) -> None:
        super().__init__(access_token)
        if api_url:
            self.server = TelegramAPIServer.from_base(api_url)

    async def send_message(self, chat_id: Any, text: Text, *args: Any, **kwargs: Any) -> Any:
        if not args:
            kwargs.setdefault("parse_mode", "HTML")
            kwargs.setdefault("disable_web_page_preview", True)
            if kwargs["parse_mode"] == "HTML":
                text = telegram_safe(text)
        return await super().send_message(chat_id, text, *args, **kwargs)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for piece in split_text(telegram_safe(text), MESSAGE_LIMIT):
            await self.send_message(recipient_id, piece)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], button_type: Optional[Text]
                                     = "vertical", **kwargs: Any) -> None:
        usable = [b for b in buttons if fits_callback_data(str(b.get("payload") or ""))]
        for b in buttons:
            if b not in usable:
                logger.warning("Telegram button %r left out: payload longer than %d bytes.",
                               b.get("title"), CALLBACK_DATA_LIMIT)
        pieces = split_text(telegram_safe(text), MESSAGE_LIMIT) or [""]
        for piece in pieces[:-1]:
            await self.send_message(recipient_id, piece)
        if not usable:
            await self.send_message(recipient_id, pieces[-1])
            return
        markup = InlineKeyboardMarkup()
        for b in usable:
            markup.row(InlineKeyboardButton(str(b.get("title") or "…"),
                                            callback_data=str(b["payload"])))
        await self.send_message(recipient_id, pieces[-1], reply_markup=markup)

    async def set_secret_webhook(self, url: Text, secret: Text) -> bool:
        """setWebhook with ``secret_token`` (aiogram 2.15 predates it: raw API call)."""
        return bool(await self.request("setWebhook", {"url": url, "secret_token": secret}))


async def acknowledge_button_press(bot: TelegramHtmlOutput, request: Request) -> None:
    """Answers the callback query of a pressed button (``answerCallbackQuery``) before the
    answer is worked out: Rasa's handler never does, and Telegram then shows the button as
    loading until its own time-out. A failure is logged; the press is still handled."""
    try:
        body = request.json
        query_id = body.get("callback_query", {}).get("id") if isinstance(body, dict) else None
    except Exception:  # not JSON: Rasa's handler answers it
        return
    if not query_id:
        return
    try:
        await bot.answer_callback_query(str(query_id))
    except Exception as error:
        logger.warning("Telegram button press not acknowledged: %s", type(error).__name__)


class TelegramWebhooks(TelegramInput):
    """Rasa's Telegram channel with HTML output and a secret-token webhook."""

    secret_token: Text = ""
    api_url: Optional[Text] = None

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.secret_token = ((credentials or {}).get("secret_token")
                                or derived_secret(channel.access_token or ""))
        channel.api_url = ((credentials or {}).get("api_url")
                           or os.environ.get(API_URL_VARIABLE) or None)
        return channel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.debug_mode = False  # Rasa re-raises handler errors in debug mode: a 500 each
        self.secret_token = self.secret_token or derived_secret(self.access_token or "")

    def get_output_channel(self) -> TelegramOutput:
        channel = TelegramHtmlOutput(self.access_token, self.api_url)

        async def register() -> None:
            try:
                await channel.set_secret_webhook(self.webhook_url, self.secret_token)
            finally:
                # The HTTP session belongs to this short-lived event loop; left open, every
                # later call from the server's loop failed ("Event loop is closed": each
                # update a 500). Closed, the server's loop opens its own.
                await channel.session.close()

        try:
            asyncio.run(register())
        except TelegramAPIError as error:
            raise RasaException("Failed to set channel webhook: " + str(error)) from error
        return channel

    def authentic(self, request: Request) -> bool:
        return hmac.compare_digest(request.headers.get(SECRET_HEADER) or "", self.secret_token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram_webhook = super().blueprint(on_new_message)
        acknowledger = TelegramHtmlOutput(self.access_token, self.api_url)

        async def before_request(request: Request) -> Optional[HTTPResponse]:
            path = request.path.rstrip("/")
            if path.endswith("/set_webhook"):
                # Rasa's route would register the webhook without our secret.
                return response.text("Not available.", status=HTTPStatus.NOT_FOUND)
            if path.endswith("/webhook") and request.method == "POST":
                if not self.authentic(request):
                    logger.warning("Telegram update without the right secret token refused.")
                    return response.text("Forbidden.", status=HTTPStatus.FORBIDDEN)
                await acknowledge_button_press(acknowledger, request)
            return None

        telegram_webhook.middleware(before_request, "request")
        return telegram_webhook

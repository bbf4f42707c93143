"""Mattermost: Rasa's ``MattermostInput`` with authentication and slash commands.

How Mattermost reaches the bot:

- an **outgoing webhook** (public channels only — a Mattermost limitation) for messages that
  start with a trigger word, e.g. ``@richtlijn`` or ``!``; the answer is posted by the bot
  account in the channel, with buttons;
- optionally a **custom slash command** (``/richtlijn bronnen``, ``/richtlijn MST-CAN?``),
  which works in every channel and direct message; the answer comes back at once as a reply
  only the asker sees (no buttons).

What Rasa 3.6 lacks and we add:

- The outgoing webhook's ``token`` is checked (``MATTERMOST_WEBHOOK_TOKEN``); Rasa accepted
  any POST, so anyone could make the bot post in any channel it is in. Button clicks carry an
  HMAC of their payload (keyed with the bot token) in their context, checked likewise.
- Only the trigger word itself is removed from the message (Rasa removed the first word of
  every message, so ``!zoek veiligheidsplan`` lost its command).
- Form-encoded webhooks are read too (Mattermost's default content type), not only JSON.
- One post per answer (Rasa posted every paragraph separately); HTTP calls off the event
  loop; the Mattermost address may be given with or without ``/api/v4``.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import requests
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.mattermost import MattermostBot, MattermostInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from jeugdhulp.channels.guard import command_message
from jeugdhulp.messages import message

logger = logging.getLogger(__name__)

HTTP_TIMEOUT = 10
MESSAGE_LIMIT = 16000


def api_url(url: Text) -> Text:
    url = (url or "").rstrip("/")
    return url if url.endswith("/api/v4") else url + "/api/v4"


def sign(secret: Text, payload: Text) -> Text:
    return hmac.new(secret.encode("utf-8"), payload.encode("utf-8"), hashlib.sha256).hexdigest()


class MattermostOutput(MattermostBot):
    """Posts an answer as one Mattermost post; buttons call our webhook back, signed."""

    def _post_data_to_channel(self, data: Dict[Text, Any]) -> requests.Response:
        reply = requests.post(self.url + "/posts", data=json.dumps(data), timeout=HTTP_TIMEOUT,
                              headers={"Authorization": "Bearer " + self.token})
        if reply.status_code not in (200, 201):
            logger.error("Could not post to Mattermost channel %s (%s): %s",
                         data.get("channel_id"), reply.status_code, reply.text[:300])
        return reply

    async def _post(self, data: Dict[Text, Any]) -> None:
        try:
            await asyncio.to_thread(self._post_data_to_channel, data)
        except requests.RequestException as error:
            logger.error("Could not post to Mattermost: %s", error)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._post({"channel_id": self.bot_channel, "message": text.strip()[:MESSAGE_LIMIT]})

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        actions = [{"id": f"knop{i}", "name": str(b.get("title", "")),
                    "integration": {"url": self.webhook_url, "context": {
                        "action": str(b["payload"]),
                        "signature": sign(self.token, str(b["payload"]))}}}
                   for i, b in enumerate(buttons) if b.get("payload")]
        await self._post({"channel_id": self.bot_channel,
                          "message": text.strip()[:MESSAGE_LIMIT],
                          "props": {"attachments": [{"actions": actions}]}})


class MattermostWebhooks(MattermostInput):
    """Rasa's Mattermost channel, authenticated, with an optional slash command."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(credentials.get("url"), credentials.get("token"),
                   credentials.get("webhook_url"), credentials.get("webhook_token"),
                   credentials.get("command_token"))

    def __init__(self, url: Text, token: Text, webhook_url: Text,
                 webhook_token: Optional[Text] = None,
                 command_token: Optional[Text] = None) -> None:
        super().__init__(api_url(url), token, webhook_url)
        # Several outgoing webhooks (say one for "@richtlijn", one for "!" commands) each
        # have their own token: a comma-separated list is accepted; likewise for commands.
        self.webhook_tokens = [t.strip() for t in (webhook_token or "").split(",") if t.strip()]
        self.command_tokens = [t.strip() for t in (command_token or "").split(",") if t.strip()]

    def output(self, channel_id: Text) -> MattermostOutput:
        return MattermostOutput(self.url, self.token, channel_id, self.webhook_url)

    @staticmethod
    async def _data(request: Request) -> Dict[Text, Any]:
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
        if content_type == "application/x-www-form-urlencoded":
            return {k: v[0] if isinstance(v, list) and v else v for k, v in request.form.items()}
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    @staticmethod
    def _same(given: Any, expected: Text) -> bool:
        return bool(expected) and isinstance(given, str) and hmac.compare_digest(given, expected)

    @classmethod
    def _one_of(cls, given: Any, tokens: List[Text]) -> bool:
        return any([cls._same(given, token) for token in tokens])  # no early exit

    @staticmethod
    def message_text(data: Dict[Text, Any]) -> Text:
        """The message without the trigger word that started it ("@richtlijn MST-CAN?" is
        "MST-CAN?"); a trigger word that is a quick command ("!bronnen") stays, and the
        trigger word alone asks for the help."""
        text = str(data.get("text") or "").strip()
        trigger = str(data.get("trigger_word") or "").strip()
        first, _, rest = text.partition(" ")
        if trigger and not trigger.startswith(("!", "/")) and first.lower() == trigger.lower():
            return rest.strip() or "/help"
        return text

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        mattermost_webhook = Blueprint("mattermost_webhook", __name__)

        async def handle(text: Text, data: Dict[Text, Any], request: Request) -> None:
            try:
                await on_new_message(UserMessage(
                    text, self.output(data["channel_id"]), data["user_id"],
                    input_channel=self.name(), metadata=self.get_metadata(request)))
            except Exception:  # noqa: BLE001 - Mattermost gets its 200 all the same
                logger.exception("Mattermost message could not be handled.")

        @mattermost_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @mattermost_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            data = await self._data(request)
            if not data.get("user_id") or not data.get("channel_id"):
                return response.json({"error": "onvolledig verzoek"}, status=HTTPStatus.BAD_REQUEST)
            context = data.get("context")
            if isinstance(context, dict) and "action" in context:
                action = str(context.get("action") or "")
                if not self._same(context.get("signature"), sign(self.token, action)):
                    return response.json({"error": "niet geautoriseerd"},
                                         status=HTTPStatus.UNAUTHORIZED)
                await handle(action, data, request)
                return response.json({})
            if not self._one_of(data.get("token"), self.webhook_tokens):
                logger.warning("Mattermost webhook call with a wrong token refused.")
                return response.json({"error": "niet geautoriseerd"},
                                     status=HTTPStatus.UNAUTHORIZED)
            if "trigger_word" in data:
                await handle(self.message_text(data), data, request)
            return response.json({})

        @mattermost_webhook.route("/commands", methods=["POST"])
        async def commands(request: Request) -> HTTPResponse:
            data = await self._data(request)
            if not self._one_of(data.get("token"), self.command_tokens):
                return response.json({"error": "niet geautoriseerd"},
                                     status=HTTPStatus.UNAUTHORIZED)
            if not data.get("user_id"):
                return response.json({"error": "onvolledig verzoek"}, status=HTTPStatus.BAD_REQUEST)
            collector = CollectingOutputChannel()
            text = command_message(str(data.get("command") or ""), str(data.get("text") or ""))
            try:
                await on_new_message(UserMessage(
                    text, collector, data["user_id"], input_channel=self.name(),
                    metadata=self.get_metadata(request)))
            except Exception:  # noqa: BLE001
                logger.exception("Mattermost slash command could not be handled.")
            answer = "\n\n".join(m.get("text") or "" for m in collector.messages).strip()
            return response.json({"response_type": "ephemeral",
                                  "text": answer[:MESSAGE_LIMIT] or message("channels.failed")})

        return mattermost_webhook

"""Microsoft Teams through the Bot Framework: Rasa's ``BotFrameworkInput`` made strict and
usable offline.

Rasa 3.6 fetches Microsoft's signing keys in the constructor without a timeout and lets the
error through, so without network access the whole server does not start; later refreshes
only survive HTTP errors (a network error gave a 500). Its token check takes the algorithm
from the token's own header and checks neither the issuer nor the ``serviceUrl`` claim, so a
valid token of one conversation could be replayed with another ``serviceUrl`` — and the bot
would send its own access token there.

Here every request needs a Bot Framework JWT that passes all of: ``Bearer`` header, RS256,
a key id among Microsoft's published keys (fetched with a timeout, refreshed daily, and on an
unknown key id at most every five minutes), a valid signature, audience = our app id,
issuer ``https://api.botframework.com``, not expired (five minutes' clock skew), the key
endorsed for the activity's channel, and the ``serviceurl`` claim equal to the activity's
``serviceUrl``. Anything else is 401 — also when the keys cannot be fetched: no keys, no
valid token.

Output: one message per answer in markdown (Rasa posted each paragraph separately), buttons
as ``messageBack`` actions on hero cards (Rasa's buttons lacked the action type), the access
token fetched for single-tenant apps too (``MICROSOFT_APP_TENANT_ID``), HTTP calls off the
event loop.
"""
from __future__ import annotations

import asyncio
import datetime
import json
import logging
import re
import threading
import time
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

import jwt
import requests
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.botframework import (
    MICROSOFT_OPEN_ID_URI,
    BotFramework,
    BotFrameworkInput,
)
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

ISSUER = "https://api.botframework.com"
TOKEN_SCOPE = "https://api.botframework.com/.default"
TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
DEFAULT_TENANT = "botframework.com"  # multi-tenant app registrations
BEARER = re.compile(r"^Bearer\s+(\S+)\s*$")
HTTP_TIMEOUT = 10
KEYS_MAX_AGE = datetime.timedelta(days=1)
KEYS_RETRY_SECONDS = 300
CLOCK_SKEW_SECONDS = 300
BUTTONS_PER_CARD = 6
# Teams puts "<at>Name of the bot</at>" in front of a message that mentions the bot.
MENTION = re.compile(r"<at>[^<]*</at>\s*", re.IGNORECASE)


class BotFrameworkOutput(BotFramework):
    """Sends answers to the conversation's ``serviceUrl`` with an app access token."""

    _tokens: Dict[Tuple[Text, Text], Tuple[Text, float]] = {}
    _tokens_lock = threading.Lock()

    def __init__(self, app_id: Text, app_password: Text, conversation: Dict[Text, Any],
                 bot: Text, service_url: Text, token_url: Optional[Text] = None) -> None:
        super().__init__(app_id, app_password, conversation, bot, service_url)
        self.token_url = token_url or TOKEN_URL.format(tenant=DEFAULT_TENANT)

    def _access_token(self) -> Optional[Text]:
        key = (self.token_url, self.app_id)
        with self._tokens_lock:
            cached = self._tokens.get(key)
            if cached and cached[1] > time.time() + 60:
                return cached[0]
        reply = requests.post(self.token_url, timeout=HTTP_TIMEOUT, data={
            "client_id": self.app_id, "client_secret": self.app_password,
            "grant_type": "client_credentials", "scope": TOKEN_SCOPE})
        if not reply.ok:
            logger.error("Could not get a Bot Framework access token (%s): %s",
                         reply.status_code, reply.text[:300])
            return None
        data = reply.json()
        with self._tokens_lock:
            self._tokens[key] = (data["access_token"], time.time() + int(data["expires_in"]))
        return data["access_token"]

    def _send(self, message_data: Dict[Text, Any]) -> None:
        token = self._access_token()
        if token is None:
            return
        uri = f"{self.global_uri}conversations/{self.conversation['id']}/activities"
        reply = requests.post(uri, timeout=HTTP_TIMEOUT, data=json.dumps(message_data),
                              headers={"content-type": "application/json",
                                       "Authorization": f"Bearer {token}"})
        if not reply.ok:
            logger.error("Could not send a Bot Framework message (%s): %s",
                         reply.status_code, reply.text[:300])

    async def send(self, message_data: Dict[Text, Any]) -> None:
        try:
            await asyncio.to_thread(self._send, message_data)
        except requests.RequestException as error:
            logger.error("Could not send a Bot Framework message: %s", error)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.send(self.prepare_message(
            recipient_id, {"text": text.strip(), "textFormat": "markdown"}))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        actions = [{"type": "messageBack", "title": str(b.get("title", "")),
                    "displayText": str(b.get("title", "")), "text": str(b.get("payload", ""))}
                   for b in buttons if b.get("payload")]
        cards = [{"contentType": "application/vnd.microsoft.card.hero",
                  "content": {"buttons": actions[i:i + BUTTONS_PER_CARD]}}
                 for i in range(0, len(actions), BUTTONS_PER_CARD)]
        await self.send(self.prepare_message(recipient_id, {
            "text": text.strip(), "textFormat": "markdown", "attachments": cards,
            "attachmentLayout": "list"}))


class BotFrameworkWebhooks(BotFrameworkInput):
    """The Bot Framework channel with a strict, offline-safe token check."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        tenant = credentials.get("tenant_id") or DEFAULT_TENANT
        return cls(credentials.get("app_id"), credentials.get("app_password"),
                   openid_url=credentials.get("openid_url"),
                   token_url=credentials.get("token_url") or TOKEN_URL.format(tenant=tenant))

    def __init__(self, app_id: Text, app_password: Text, openid_url: Optional[Text] = None,
                 token_url: Optional[Text] = None) -> None:
        # Not Rasa's constructor: it fetches the keys without a timeout and fails offline.
        self.app_id = app_id
        self.app_password = app_password
        self.openid_url = openid_url or MICROSOFT_OPEN_ID_URI
        self.token_url = token_url or TOKEN_URL.format(tenant=DEFAULT_TENANT)
        self.jwt_keys: Dict[Text, Any] = {}
        self.jwt_update_time = datetime.datetime.fromtimestamp(0)
        self._last_attempt = 0.0
        self._update_cached_jwk_keys()

    # --- Microsoft's signing keys -------------------------------------------------------
    def _update_cached_jwk_keys(self) -> None:
        """Fetches the signing keys; on any failure keeps the old ones (none at first: then
        every request is refused) and says so."""
        self._last_attempt = time.time()
        try:
            conf = requests.get(self.openid_url, timeout=HTTP_TIMEOUT)
            conf.raise_for_status()
            keys = requests.get(conf.json()["jwks_uri"], timeout=HTTP_TIMEOUT)
            keys.raise_for_status()
            self.jwt_keys = {k["kid"]: k for k in keys.json()["keys"] if k.get("kid")}
            self.jwt_update_time = datetime.datetime.now()
            logger.debug("Bot Framework signing keys updated (%d keys).", len(self.jwt_keys))
        except Exception as error:  # noqa: BLE001 - offline, DNS, bad JSON: all the same here
            logger.warning("Could not fetch the Bot Framework signing keys from %s (%s); "
                           "requests are refused until they can be fetched.",
                           self.openid_url, error)

    async def _keys(self, key_id: Optional[Text]) -> Dict[Text, Any]:
        stale = datetime.datetime.now() - self.jwt_update_time > KEYS_MAX_AGE
        unknown = key_id is not None and key_id not in self.jwt_keys
        if (stale or unknown) and time.time() - self._last_attempt > KEYS_RETRY_SECONDS:
            await asyncio.to_thread(self._update_cached_jwk_keys)
        return self.jwt_keys

    # --- the check ------------------------------------------------------------------------
    async def authenticate(self, auth_header: Optional[Text],
                           activity: Optional[Dict[Text, Any]]) -> Optional[Text]:
        """None when the request is authentic, else why not (for the log)."""
        if not auth_header:
            return "No authorization header provided."
        match = BEARER.match(auth_header)
        if not match:
            return "No Bearer token provided in Authorization header."
        token = match.group(1)
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != "RS256":
                return "JWT algorithm not allowed."
            key_id = header.get("kid")
            key = (await self._keys(key_id)).get(key_id) if isinstance(key_id, str) else None
            if key is None:
                return "JWT signed with an unknown key."
            claims = jwt.decode(
                token, key=RSAAlgorithm.from_jwk(json.dumps(key)), algorithms=["RS256"],
                audience=self.app_id, issuer=ISSUER, leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iss", "aud"]})
        except Exception as error:  # noqa: BLE001 - every failure is a refusal
            return f"Could not validate JWT token ({type(error).__name__})."
        if not isinstance(activity, dict):
            return "No activity."
        endorsements = key.get("endorsements")
        channel_id = activity.get("channelId")
        if endorsements is not None and channel_id not in endorsements:
            return "Signing key not endorsed for this channel."
        service_url = claims.get("serviceurl") or claims.get("serviceUrl")
        if not service_url or service_url != activity.get("serviceUrl"):
            return "serviceUrl of the token does not match the activity."
        return None

    def _validate_auth(self, auth_header: Optional[Text]) -> Optional[HTTPResponse]:
        """Rasa's synchronous check, kept for callers of the Rasa API: header only."""
        if not auth_header:
            return response.text("No authorization header provided.",
                                 status=HTTPStatus.UNAUTHORIZED)
        return response.text("Use the webhook.", status=HTTPStatus.UNAUTHORIZED)

    # --- routes ---------------------------------------------------------------------------
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        botframework_webhook = Blueprint("botframework_webhook", __name__)

        @botframework_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @botframework_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            try:
                activity = json.loads(request.body or b"null")
            except ValueError:
                activity = None
            problem = await self.authenticate(request.headers.get("Authorization"), activity)
            if problem:
                logger.warning("Bot Framework request refused: %s", problem)
                return response.text(problem, status=HTTPStatus.UNAUTHORIZED)
            if activity.get("type") != "message":
                return response.text("success")
            try:
                output = BotFrameworkOutput(self.app_id, self.app_password,
                                            activity["conversation"], activity["recipient"],
                                            activity["serviceUrl"], self.token_url)
                metadata = self.add_attachments_to_metadata(activity,
                                                            self.get_metadata(request))
                text = MENTION.sub("", activity.get("text") or "").strip()
                await on_new_message(UserMessage(
                    text=text, output_channel=output, sender_id=activity["from"]["id"],
                    input_channel=self.name(), metadata=metadata))
            except Exception:  # noqa: BLE001 - the channel must answer 200 to a valid call
                logger.exception("Bot Framework message could not be handled.")
            return response.text("success")

        return botframework_webhook

"""The messenger channels' parts that a running server cannot show: helper functions, limits
no real answer reaches (a 4096-character Telegram message, a button payload over 64 bytes),
settings that need a server of their own (an explicit Telegram secret, Mattermost without a
slash-command token). Everything a running server can show is tested through one, in
tests/integration/test_channels.py.

Telegram's output is sent over real HTTP to the local stand-in of the Bot API
(tests/support/messengers.py, through the ``TELEGRAM_API_URL`` setting), not monkeypatched.
"""
from __future__ import annotations

import asyncio
import json
import re
from typing import Dict, Optional

import pytest

from tests.support.messengers import Messengers

TELEGRAM_TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr"


# --- a request as the channels read it from Sanic -------------------------------------------
class _Headers(dict):
    """Case-insensitive, like Sanic's."""

    def get(self, key, default=None):
        return super().get(key.lower(), default)


class _Form(dict):
    """Lists of values; ``get`` gives the first, like Sanic's."""

    def get(self, key, default=None):
        value = super().get(key, default)
        return value[0] if isinstance(value, list) and value else value


class FakeRequest:
    """Just what the channels read from a Sanic request."""

    def __init__(self, body: bytes = b"", headers: Optional[Dict[str, str]] = None,
                 method: str = "POST", path: str = "/webhook", form: Optional[Dict] = None):
        self.body, self.method, self.path = body, method, path
        self.headers = _Headers({k.lower(): v for k, v in (headers or {}).items()})
        self.form = _Form(form or {})


def routes(blueprint) -> Dict[str, object]:
    return {route.uri: route.handler for route in blueprint._future_routes}


# --- Slack and common helpers -----------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def time(self) -> float:
        return self.now


def test_seen_events_forget_after_a_while(monkeypatch):
    from jeugdhulp.channels import slack
    from jeugdhulp.channels.slack import SeenEvents

    clock = Clock()
    monkeypatch.setattr(slack, "time", clock)  # the module's clock, not the test's
    seen = SeenEvents(seconds=0.2, size=3)
    seen.add(["a", "b"])
    assert seen.seen(["b"]) and not seen.seen(["c"])
    seen.add(["c", "d"])  # size 3: "a" goes
    assert not seen.seen(["a"]) and seen.seen(["d"])
    clock.now += 0.19
    assert seen.seen(["b"]) and seen.seen(["d"])  # not yet
    clock.now += 0.11
    assert not seen.seen(["b", "c", "d"])


def test_split_text_cuts_between_paragraphs():
    from jeugdhulp.channels.common import split_text

    text = "\n\n".join(["a" * 60, "b" * 60, "c" * 60])
    assert split_text(text, 130) == ["a" * 60 + "\n\n" + "b" * 60, "c" * 60]
    assert split_text("x" * 250, 100) == ["x" * 100, "x" * 100, "x" * 50]
    assert split_text("   ", 10) == []


# --- Telegram ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bot_api():
    stand_in = Messengers()
    yield stand_in
    stand_in.close()


@pytest.fixture
def telegram(bot_api):
    """Sends to chat 42 through a TelegramHtmlOutput pointed at the stand-in; gives the
    Bot API calls this made (method and fields), in order."""
    from jeugdhulp.channels.telegram import TelegramHtmlOutput

    def send(method: str, *args):
        async def go():
            output = TelegramHtmlOutput(TELEGRAM_TOKEN, f"{bot_api.base}/telegram")
            try:
                await getattr(output, method)("42", *args)
            finally:
                await output.session.close()

        start = len(bot_api.received(lambda c: True))
        asyncio.run(go())
        calls = bot_api.received(lambda c: True)[start:]
        assert all(c["token"] == TELEGRAM_TOKEN for c in calls)
        return [(c["method"], c["body"]) for c in calls]

    return send


def test_telegram_answer_is_sent_once_as_html(telegram):
    from jeugdhulp.channels.render import TELEGRAM, render
    from tests.unit.jeugdhulp.channels.test_render import answer

    text = render(answer(), TELEGRAM).text
    calls = telegram("send_text_message", text)
    assert len(calls) == 1
    method, data = calls[0]
    assert method == "sendMessage"
    assert data["parse_mode"] == "HTML" and data["text"] == text
    assert str(data["disable_web_page_preview"]).lower() == "true"
    assert str(data["chat_id"]) == "42"


def test_telegram_text_that_is_not_html_is_escaped(telegram):
    calls = telegram("send_text_message", "Snelle commando's: /interventie <naam> — R&D")
    assert calls[0][1]["text"] == "Snelle commando's: /interventie &lt;naam&gt; — R&amp;D"
    assert calls[0][1]["parse_mode"] == "HTML"


def test_telegram_long_answer_is_cut_between_paragraphs(telegram):
    from jeugdhulp.channels.telegram import MESSAGE_LIMIT

    paragraphs = [f"<b>Deel {i}</b> " + "woord " * 150 for i in range(12)]
    calls = telegram("send_text_message", "\n\n".join(paragraphs))
    sent = [d["text"] for _, d in calls]
    assert len(sent) > 1 and all(len(t) <= MESSAGE_LIMIT for t in sent)
    assert all(t.count("<b>") == t.count("</b>") for t in sent)


def test_telegram_buttons_one_per_row_and_too_long_payloads_left_out(telegram):
    buttons = [{"title": "Het gezinsplan", "payload": '/ask_topic{"topic": "gezinsplan"}'},
               {"title": "Te lang", "payload": "wat is " + "ë" * 40 + "?"},
               {"title": "Waar staat dat?", "payload": "waar staat dat?"}]
    calls = telegram("send_text_with_buttons", "<b>Kies</b>", buttons)
    method, data = calls[0]
    assert method == "sendMessage" and data["parse_mode"] == "HTML"
    markup = json.loads(data["reply_markup"])
    rows = markup["inline_keyboard"]
    assert [[b["callback_data"] for b in row] for row in rows] == [
        ['/ask_topic{"topic": "gezinsplan"}'], ["waar staat dat?"]]


def test_telegram_secret_is_derived_from_the_token_or_given():
    from jeugdhulp.channels.telegram import TelegramWebhooks, derived_secret

    channel = TelegramWebhooks.from_credentials(
        {"access_token": TELEGRAM_TOKEN, "verify": "JeugdhulpBot",
         "webhook_url": "https://bot.example.nl/webhooks/telegram/webhook"})
    secret = derived_secret(TELEGRAM_TOKEN)
    assert channel.secret_token == secret and re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret)
    assert secret not in TELEGRAM_TOKEN and TELEGRAM_TOKEN.split(":")[1] not in secret
    explicit = TelegramWebhooks.from_credentials(
        {"access_token": TELEGRAM_TOKEN, "verify": "x", "webhook_url": "https://x/",
         "secret_token": "eigen-geheim"})
    assert explicit.secret_token == "eigen-geheim"


def test_telegram_api_url_setting(monkeypatch):
    from jeugdhulp.channels.telegram import TelegramHtmlOutput, TelegramWebhooks

    credentials = {"access_token": TELEGRAM_TOKEN, "verify": "x", "webhook_url": "https://x/"}
    monkeypatch.delenv("TELEGRAM_API_URL", raising=False)
    assert TelegramWebhooks.from_credentials(credentials).api_url is None
    default = TelegramHtmlOutput(TELEGRAM_TOKEN)
    assert default.server.api_url(TELEGRAM_TOKEN, "getMe") == \
        f"https://api.telegram.org/bot{TELEGRAM_TOKEN}/getMe"
    monkeypatch.setenv("TELEGRAM_API_URL", "http://proxy.example.nl:8081/")
    channel = TelegramWebhooks.from_credentials(credentials)
    assert channel.api_url == "http://proxy.example.nl:8081/"
    output = TelegramHtmlOutput(TELEGRAM_TOKEN, channel.api_url)
    assert output.server.api_url(TELEGRAM_TOKEN, "getMe") == \
        f"http://proxy.example.nl:8081/bot{TELEGRAM_TOKEN}/getMe"


def test_every_button_payload_fits_telegram_callback_data(kb):
    """Telegram refuses a message whose button carries more than 64 bytes."""
    import ast

    import yaml

    from jeugdhulp.channels.telegram import CALLBACK_DATA_LIMIT
    from tests.conftest import ROOT

    payloads = {}
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in (domain.get("responses") or {}).items():
        for variant in variants:
            for button in variant.get("buttons") or []:
                payloads[f"domain {name}"] = payloads.get(f"domain {name}", []) + [button["payload"]]
    values = {
        "name": [i.name for i in kb.interventions()],
        "id": [t.id for t in kb.topics()],
    }
    # Buttons written as texts (knowledge/content/texts/): every payload, with every value
    # its fields can take.
    from jeugdhulp import messages

    for key, text in messages.catalog().items():
        if not key.endswith(".payload"):
            continue
        texts_ = [text]
        for field in messages.fields(text):
            assert field in values, f"{key}: unknown field {field}; extend the test"
            texts_ = [t.replace("{%s}" % field, v) for t in texts_ for v in values[field]]
        payloads[key] = texts_
    # Buttons built in the answering code (Suggestion(title, payload)).
    for path in sorted([*(ROOT / "jeugdhulp" / "knowledge").rglob("*.py"),
                        *(ROOT / "jeugdhulp" / "dialogue").rglob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Suggestion"):
                continue
            if len(node.args) == 1 and isinstance(node.args[0], ast.Starred):
                continue  # Suggestion(*button(key)): a text of the catalog, checked above
            arg = node.args[1] if len(node.args) > 1 else next(
                k.value for k in node.keywords if k.arg == "payload")
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(arg, ast.Constant):
                payloads[where] = [arg.value]
            elif isinstance(arg, ast.JoinedStr):
                texts_ = [""]
                for part in arg.values:
                    if isinstance(part, ast.Constant):
                        texts_ = [t + part.value for t in texts_]
                    else:
                        attribute = getattr(part.value, "attr", None)
                        assert attribute in values, f"{where}: unknown placeholder; extend the test"
                        texts_ = [t + v for t in texts_ for v in values[attribute]]
                payloads[where] = texts_
            else:
                pytest.fail(f"{where}: payload is neither a constant nor an f-string")
    assert len(payloads) > 10
    too_long = {where: p for where, ps in payloads.items() for p in ps
                if len(p.encode("utf-8")) > CALLBACK_DATA_LIMIT}
    assert not too_long


# --- Mattermost --------------------------------------------------------------------------------
@pytest.mark.parametrize("given", ["https://chat.example.nl", "https://chat.example.nl/",
                                   "https://chat.example.nl/api/v4"])
def test_mattermost_address_with_or_without_api_v4(given):
    from jeugdhulp.channels.mattermost import MattermostWebhooks

    channel = MattermostWebhooks.from_credentials({
        "url": given, "token": "bot-token", "webhook_url": "https://x/", "webhook_token": "h"})
    assert channel.url == "https://chat.example.nl/api/v4"


@pytest.mark.parametrize("text, trigger, message", [
    ("@richtlijn MST-CAN?", "@richtlijn", "MST-CAN?"),
    ("@Richtlijn !bronnen", "@richtlijn", "!bronnen"),
    ("!zoek veiligheidsplan", "!", "!zoek veiligheidsplan"),
    ("!bronnen", "!bronnen", "!bronnen"),
    ("@richtlijn", "@richtlijn", "/help"),
])
def test_mattermost_only_the_trigger_word_is_removed(text, trigger, message):
    from jeugdhulp.channels.mattermost import MattermostWebhooks

    assert MattermostWebhooks.message_text({"text": text, "trigger_word": trigger}) == message


def test_mattermost_slash_command_is_off_without_its_token():
    from jeugdhulp.channels.mattermost import MattermostWebhooks

    channel = MattermostWebhooks.from_credentials({
        "url": "https://chat.example.nl/api/v4", "token": "t", "webhook_url": "https://x/",
        "webhook_token": "h"})

    async def on_new_message(message):  # pragma: no cover
        raise AssertionError

    handler = routes(channel.blueprint(on_new_message))["/commands"]
    form = {"token": [""], "user_id": ["u1"], "command": ["/richtlijn"], "text": [""]}
    request = FakeRequest(b"", {"Content-Type": "application/x-www-form-urlencoded"}, form=form)
    assert asyncio.run(handler(request)).status == 401

"""The messenger channels against a real running server (bot/scripts/run.sh, the way
`make run` starts it) with Slack, the Bot Framework (Teams), Telegram and Mattermost switched
on by their environment variables. Their outgoing calls (Slack's Web API, Microsoft's keys,
token and Bot Connector, Telegram's Bot API, Mattermost's REST API) go to a local stand-in
(tests/support/messengers.py), so nothing leaves the machine; the tests send real webhook
requests to the server and check what the stand-in receives. Also the quick commands end to
end through the REST channel.

"Nothing was sent" is never concluded from waiting a while: after what must stay
unanswered, the test sends a sentinel (the quick command ``!commando``) in the same
conversation and waits for the sentinel's answer. The server answers a conversation's
messages one after the other (Rasa's lock per conversation), so when the sentinel's answer
has arrived, everything sent before it has been answered — or refused. Likewise "one
message per answer": the answer is everything that arrived before the sentinel's answer.
The channels' helpers that need no server are tested in
tests/unit/jeugdhulp/channels/test_channel_helpers.py."""
from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
import sqlite3
import time
import uuid
from itertools import count
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import urlencode

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.support.messengers import (
    APP_ID,
    MATTERMOST_BOT_TOKEN,
    MATTERMOST_COMMAND_TOKEN,
    MATTERMOST_HOOK_TOKENS,
    MATTERMOST_WEBHOOK_URL,
    SIGNING_SECRET,
    TELEGRAM_TOKEN,
    TELEGRAM_USERNAME,
    TELEGRAM_WEBHOOK_URL,
    Messengers,
)
from tests.support.messengers import BF_KEY_ID as KEY_ID

pytestmark = pytest.mark.server

GUIDELINE_127 = "https://www.richtlijnenjeugdhulp.nl/guideline/127/full"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

# The sentinel: a quick command, so its answer needs no NLU and is always the same text.
SENTINEL = "!commando"
SENTINEL_MARK = "ook met ! in plaats van /"  # in its answer, in every format


@pytest.fixture(scope="module")
def capture(messengers) -> Messengers:
    """The stand-in the session's servers send the channels' calls to (tests/conftest.py)."""
    return messengers


@pytest.fixture(scope="module")
def channel_servers(servers):
    """The session's servers: every channel is switched on there (tests/conftest.py)."""
    return servers


def url(servers, path: str) -> str:
    return f"http://127.0.0.1:{servers.rasa_port}{path}"


def user_messages(servers, sender: str) -> List[Dict[str, Any]]:
    """The user messages of a conversation as Rasa stored them (the private SQLite tracker
    store that tests.support.servers gives the server): what reached Rasa, after the guard."""
    path = servers.log.parent / f"tracker-{servers.rasa_port}.sqlite3"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' "
                          "ORDER BY id", (sender,)).fetchall()
    return [json.loads(data) for data, in rows]


def not_sentinel(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [m for m in messages if m.get("text") != "/list_commands"]


# --- waiting for answers: the sentinel ------------------------------------------------------
def settled(capture: Messengers, fetch: Callable[[], List], send_sentinel: Callable[[], Any],
            text: Callable[[Any], str]) -> List:
    """What ``fetch()`` holds once everything sent before has been handled: sends the
    sentinel in the same conversation, waits for its answer and returns what arrived
    before that answer (earlier sentinels' answers included)."""
    def marks(found: List) -> List[int]:
        return [n for n, item in enumerate(found) if SENTINEL_MARK in text(item)]

    seen = len(marks(fetch()))
    send_sentinel()
    found = capture.wait_until(fetch, lambda found: len(marks(found)) > seen,
                               "the answer to the sentinel")
    return found[:marks(found)[seen]]


def ask(capture: Messengers, fetch: Callable[[], List], send: Callable[[], Any],
        send_sentinel: Callable[[], Any], text: Callable[[Any], str],
        what: str = "an answer") -> List:
    """The whole answer to what ``send()`` sends: waits for its first message (the
    conversation is then busy with it), then for the sentinel's answer; the answer is
    everything in between."""
    already = len(fetch())
    send()
    capture.wait_until(fetch, lambda found: len(found) > already, what)
    return settled(capture, fetch, send_sentinel, text)[already:]


def is_sentinel_answer(text: str) -> bool:
    return SENTINEL_MARK in text


# --- Slack --------------------------------------------------------------------------------
def slack_headers(body: bytes, secret: str = SIGNING_SECRET, timestamp: Optional[int] = None,
                  content_type: str = "application/json") -> Dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": f"v0={digest}"}


def slack_event(channel: str, text: str, user: str = "U0TEST") -> bytes:
    return json.dumps({
        "token": "unused", "team_id": "T0TEST", "api_app_id": "A0TEST",
        "type": "event_callback", "event_id": f"Ev{uuid.uuid4().hex[:10]}",
        "event_time": int(time.time()), "authorizations": [{"user_id": "U0BOT"}],
        "event": {"type": "message", "channel_type": "im", "channel": channel, "user": user,
                  "text": text, "ts": f"{time.time():.6f}"},
    }).encode()


def post_slack(servers, body: bytes, headers: Dict[str, str], path="/webhooks/slack/webhook"):
    return requests.post(url(servers, path), data=body, headers=headers, timeout=10)


def slack_send(servers, body: bytes, headers: Optional[Dict[str, str]] = None,
               path: str = "/webhooks/slack/webhook") -> requests.Response:
    reply = post_slack(servers, body, headers or slack_headers(body), path)
    assert reply.status_code == 200, reply.text
    return reply


def slack_text(post: Dict) -> str:
    return post.get("text", "")


def slack_settled(servers, capture, channel: str, user: str = "U0TEST") -> List[Dict]:
    """The posts in a Slack channel once everything sent by ``user`` has been handled."""
    return settled(capture, lambda: capture.slack_posts(channel),
                   lambda: slack_send(servers, slack_event(channel, SENTINEL, user)), slack_text)


def slack_ask(servers, capture, channel: str, send: Callable[[], Any],
              user: str = "U0TEST") -> List[Dict]:
    """The whole answer (its chat.postMessage bodies) to what ``send()`` sends."""
    return ask(capture, lambda: capture.slack_posts(channel), send,
               lambda: slack_send(servers, slack_event(channel, SENTINEL, user)), slack_text,
               f"a chat.postMessage for {channel} at the (local) Slack API")


def test_signed_slack_message_is_answered_in_slack_mrkdwn(channel_servers, capture):
    body = slack_event("D0ANSWER", "MST-CAN?")
    replies = []
    posts = slack_ask(channel_servers, capture, "D0ANSWER", lambda: replies.append(
        post_slack(channel_servers, body, slack_headers(body))))
    assert replies[0].status_code == 200
    assert posts, "no chat.postMessage reached the (local) Slack API"
    text = "\n".join(p.get("text", "") for p in posts)
    assert f"<{GUIDELINE_127}|Lees de richtlijn>" in text
    assert "**" not in text and "](" not in text  # no markdown
    assert "Child Abuse &amp; Neglect" in text  # mrkdwn escaping
    with_buttons = [p for p in posts if p.get("blocks")]
    for post in with_buttons:  # buttons come with the same mrkdwn text, not plain_text
        sections = [b for b in post["blocks"] if b["type"] == "section"]
        assert sections and all(b["text"]["type"] == "mrkdwn" for b in sections)
    assert len(posts) == 1  # one message per answer, not one per paragraph


@pytest.mark.parametrize("headers", [
    {"Content-Type": "application/json"},  # unsigned
    "wrong-secret",
    "old-timestamp",
])
def test_unsigned_or_wrongly_signed_slack_event_is_rejected(channel_servers, capture, headers):
    channel = f"D0REJECT{uuid.uuid4().hex[:6]}"
    body = slack_event(channel, "MST-CAN?")
    if headers == "wrong-secret":
        headers = slack_headers(body, secret="not-the-secret")
    elif headers == "old-timestamp":
        headers = slack_headers(body, timestamp=int(time.time()) - 600)
    reply = post_slack(channel_servers, body, headers)
    assert reply.status_code == 400
    tampered = slack_headers(body)
    reply = post_slack(channel_servers, body.replace(b"MST-CAN", b"IAG"), tampered)
    assert reply.status_code == 400
    assert slack_settled(channel_servers, capture, channel) == []  # nothing before the sentinel
    assert all(is_sentinel_answer(slack_text(p)) for p in capture.slack_posts(channel))


def test_slack_retry_is_not_answered_twice(channel_servers, capture):
    channel, user = "D0RETRY", "U0RETRY"
    body = slack_event(channel, "Wat is een multiprobleemgezin?", user=user)
    first = slack_ask(channel_servers, capture, channel,
                      lambda: slack_send(channel_servers, body), user)
    assert first
    for number, reason in ((1, "http_error"), (2, "http_timeout"), (3, "connection_failed")):
        headers = {**slack_headers(body), "X-Slack-Retry-Num": str(number),
                   "X-Slack-Retry-Reason": reason}
        reply = post_slack(channel_servers, body, headers)
        assert reply.status_code == 200
        assert reply.headers.get("X-Slack-No-Retry") == "1"
    posts = slack_settled(channel_servers, capture, channel, user)
    assert [p for p in posts if not is_sentinel_answer(slack_text(p))] == first


def test_slack_url_verification(channel_servers):
    body = json.dumps({"token": "x", "challenge": "uitdaging123", "type": "url_verification"}
                      ).encode()
    reply = post_slack(channel_servers, body, slack_headers(body))
    assert reply.status_code == 200 and reply.json() == {"challenge": "uitdaging123"}
    assert post_slack(channel_servers, body, {"Content-Type": "application/json"}
                      ).status_code == 400


def slash_command(command: str, text: str, channel: str) -> bytes:
    return urlencode({"token": "unused", "team_id": "T0TEST", "channel_id": channel,
                      "user_id": "U0SLASH", "user_name": "test", "command": command,
                      "text": text, "response_url": "https://hooks.slack.invalid/x",
                      "trigger_id": "1.2.3"}).encode()


@pytest.mark.parametrize("path", ["/webhooks/slack/commands", "/webhooks/slack/webhook"])
def test_signed_slack_slash_command_bronnen_lists_the_guidelines(channel_servers, capture, kb,
                                                                  path):
    channel = f"C0SLASH{path.rsplit('/', 1)[-1].upper()}"
    body = slash_command("/bronnen", "", channel)
    form = "application/x-www-form-urlencoded"
    replies = []
    posts = slack_ask(channel_servers, capture, channel, lambda: replies.append(post_slack(
        channel_servers, body, slack_headers(body, content_type=form), path)), "U0SLASH")
    assert replies[0].status_code == 200
    assert replies[0].json() == {"response_type": "ephemeral", "text": "Even zoeken…"}
    text = "\n".join(p.get("text", "") for p in posts)
    for _, title, _, _, link in kb.guidelines():
        assert title in text and link in text
    # unsigned: refused, nothing posted
    other = f"{channel}X"
    body = slash_command("/bronnen", "", other)
    assert post_slack(channel_servers, body, {"Content-Type": form}, path).status_code == 400
    assert slack_settled(channel_servers, capture, other, "U0SLASH") == []
    assert all(is_sentinel_answer(slack_text(p)) for p in capture.slack_posts(other))


def test_slack_umbrella_slash_command_takes_a_quick_command(channel_servers, capture):
    body = slash_command("/richtlijn", "interventie MST-CAN", "C0UMBRELLA")
    form = "application/x-www-form-urlencoded"
    posts = slack_ask(channel_servers, capture, "C0UMBRELLA", lambda: slack_send(
        channel_servers, body, slack_headers(body, content_type=form),
        "/webhooks/slack/commands"), "U0SLASH")
    assert f"<{GUIDELINE_127}|Lees de richtlijn>" in "\n".join(p.get("text", "") for p in posts)


def test_slack_button_click_is_processed(channel_servers, capture):
    payload = {"type": "block_actions", "user": {"id": "U0CLICK"},
               "channel": {"id": "D0CLICK"}, "message": {"ts": "1.1"},
               "actions": [{"type": "button", "action_id": "knop-0",
                            "value": '/ask_topic{"topic": "gezinsplan"}'}]}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    form = "application/x-www-form-urlencoded"
    posts = slack_ask(channel_servers, capture, "D0CLICK", lambda: slack_send(
        channel_servers, body, slack_headers(body, content_type=form)), "U0CLICK")
    assert "gezinsplan" in "\n".join(p.get("text", "") for p in posts).lower()


# --- Bot Framework (Teams) ----------------------------------------------------------------
SERVICE_PATH = "/bf/service/"


def activity(capture, conversation: str, text: str = "MST-CAN?") -> Dict:
    return {"type": "message", "id": "1", "channelId": "msteams",
            "serviceUrl": capture.base + SERVICE_PATH, "text": text,
            "from": {"id": "29:user", "name": "Test"}, "recipient": {"id": "28:bot"},
            "conversation": {"id": conversation}}


def bf_token(capture, key=None, kid: str = KEY_ID, alg: str = "RS256", **claims) -> str:
    now = int(time.time())
    payload = {"iss": "https://api.botframework.com", "aud": APP_ID, "iat": now,
               "nbf": now - 10, "exp": now + 600, "serviceurl": capture.base + SERVICE_PATH,
               **claims}
    return jwt.encode(payload, key or capture.bf_key, algorithm=alg, headers={"kid": kid})


def post_bf(servers, body: Dict, authorization: Optional[str]):
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    return requests.post(url(servers, "/webhooks/botframework/webhook"), json=body,
                         headers=headers, timeout=30)


def bf_text(call: Dict) -> str:
    return call["body"].get("text") or ""


def bf_sentinel(servers, capture, conversation: str) -> None:
    reply = post_bf(servers, activity(capture, conversation, SENTINEL),
                    "Bearer " + bf_token(capture))
    assert reply.status_code == 200, reply.text


def test_bot_framework_request_without_valid_jwt_is_rejected(channel_servers, capture):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    conversation = "conv-reject"
    body = activity(capture, conversation)
    cases = {
        "missing": None,
        "not bearer": "Basic dXNlcjpwYXNz",
        "malformed": "Bearer dit.is.geen.jwt",
        "wrong signature": "Bearer " + bf_token(capture, key=other_key),
        "unknown key id": "Bearer " + bf_token(capture, kid="other-key"),
        "alg none": "Bearer " + jwt.encode({"aud": APP_ID}, None, algorithm="none",
                                          headers={"kid": KEY_ID}),
        "alg HS256": "Bearer " + jwt.encode({"aud": APP_ID, "iss": "https://api.botframework.com",
                                             "exp": int(time.time()) + 600},
                                            "geheim", algorithm="HS256",
                                            headers={"kid": KEY_ID}),
        "wrong audience": "Bearer " + bf_token(capture, aud="another-app"),
        "wrong issuer": "Bearer " + bf_token(capture, iss="https://evil.example"),
        "expired": "Bearer " + bf_token(capture, exp=int(time.time()) - 3600),
        "other serviceUrl": "Bearer " + bf_token(capture, serviceurl="https://evil.example/"),
    }
    for name, authorization in cases.items():
        reply = post_bf(channel_servers, body, authorization)
        assert reply.status_code == 401, name
    wrong_channel = {**body, "channelId": "webchat"}  # key not endorsed for it
    assert post_bf(channel_servers, wrong_channel, "Bearer " + bf_token(capture)
                   ).status_code == 401
    before = settled(capture, lambda: capture.bf_activities(conversation),
                     lambda: bf_sentinel(channel_servers, capture, conversation), bf_text)
    assert before == []
    assert all(is_sentinel_answer(bf_text(c)) for c in capture.bf_activities(conversation))


def test_bot_framework_valid_jwt_is_answered_in_teams_markdown(channel_servers, capture):
    conversation = "conv-answer"
    body = activity(capture, conversation, text="<at>Richtlijnassistent</at> MST-CAN?")
    replies = []
    sent = ask(capture, lambda: capture.bf_activities(conversation),
               lambda: replies.append(post_bf(channel_servers, body,
                                              "Bearer " + bf_token(capture))),
               lambda: bf_sentinel(channel_servers, capture, conversation), bf_text,
               "an activity for the conversation at the (local) Bot Connector")
    assert replies[0].status_code == 200
    assert len(sent) == 1  # one message per answer
    assert sent[0]["headers"].get("Authorization") == "Bearer bot-token-from-test"
    message = sent[0]["body"]
    assert message["type"] == "message" and message.get("textFormat") == "markdown"
    assert f"[Lees de richtlijn]({GUIDELINE_127})" in message["text"]
    assert "  \n" in message["text"]  # Teams line breaks
    for card in message.get("attachments") or []:
        assert all(b["type"] == "messageBack" and b["text"] for b in card["content"]["buttons"])


def test_bot_framework_offline_keys_still_reject(tmp_path):
    """Without Microsoft's keys (offline) the channel starts and refuses every token."""
    import asyncio

    from jeugdhulp.channels.botframework import BotFrameworkWebhooks

    channel = BotFrameworkWebhooks(APP_ID, "pw", openid_url="http://127.0.0.1:9/nothing")
    assert channel.jwt_keys == {}
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode({"aud": APP_ID, "iss": "https://api.botframework.com",
                        "exp": int(time.time()) + 600, "serviceurl": "https://x/"},
                       key, algorithm="RS256", headers={"kid": "any"})
    problem = asyncio.run(channel.authenticate(f"Bearer {token}",
                                               {"serviceUrl": "https://x/",
                                                "channelId": "msteams"}))
    assert problem == "JWT signed with an unknown key."


# --- quick commands, end to end through REST ----------------------------------------------
def texts(messages) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def test_quick_commands_through_rest(channel_servers, kb):
    say = channel_servers.say
    assert "Ik beantwoord vragen over vijf richtlijnen" in texts(say("cmd-help", "/help"))
    assert "richtlijnassistent" in texts(say("cmd-start", "/start"))  # Telegram's first message

    sources = texts(say("cmd-bronnen", "/bronnen"))
    guidelines = kb.guidelines()
    assert len(guidelines) == 5
    for _, title, _, edition, link in guidelines:
        assert f"{title} ({edition})" in sources and link in sources

    intervention = texts(say("cmd-interventie", "/interventie MST-CAN"))
    assert "Multisysteem Therapie Child Abuse & Neglect" in intervention
    assert GUIDELINE_127 in intervention

    found = texts(say("cmd-zoek", "/zoek veiligheidsplan"))
    assert "Zoekresultaten" in found and "veiligheidsplan" in found.lower()

    topics = say("cmd-onderwerpen", "/onderwerpen")
    assert "Belangrijke onderwerpen" in texts(topics)
    assert any(b["payload"].startswith("/ask_topic") for m in topics for b in m.get("buttons") or [])

    for unknown in ("/bestaatniet", "!bestaatniet"):
        assert "Snelle commando's" in texts(say("cmd-onbekend", unknown))

    assert "Zoekresultaten" in texts(say("cmd-uitroep", "!zoek veiligheidsplan"))

    topic = texts(say("cmd-knop", '/ask_topic{"topic": "gezinsplan"}'))
    assert kb.topic("gezinsplan").label in topic and "Bron:" in topic




# --- Telegram -------------------------------------------------------------------------------------
UPDATE_IDS = count(1)


def telegram_update(chat: int, text: Optional[str] = None, callback: Optional[Dict] = None,
                    chat_type: str = "private") -> Dict:
    """An update as Telegram posts it: a message, or a button press (callback query)."""
    person = {"id": chat, "is_bot": False, "first_name": "Test"}
    message = {"message_id": next(UPDATE_IDS), "date": int(time.time()), "from": person,
               "chat": {"id": chat, "type": chat_type}}
    if callback is None:
        return {"update_id": next(UPDATE_IDS), "message": {**message, "text": text}}
    return {"update_id": next(UPDATE_IDS), "callback_query": {
        "id": f"cb-{uuid.uuid4().hex[:8]}", "from": person, "chat_instance": f"ci-{chat}",
        **callback}}


def telegram_secret(capture) -> str:
    """The secret token the server registered with setWebhook at its start: what Telegram
    sends back with every update."""
    calls = capture.telegram("setWebhook")
    assert calls, "the server did not register its webhook at the (local) Bot API"
    return calls[-1]["body"]["secret_token"]


def post_telegram(servers, update: Dict, headers: Dict[str, str]) -> requests.Response:
    return requests.post(url(servers, "/webhooks/telegram/webhook"), json=update,
                         headers=headers, timeout=60)


def telegram_send(servers, capture, update: Dict) -> requests.Response:
    reply = post_telegram(servers, update, {SECRET_HEADER: telegram_secret(capture)})
    assert reply.status_code == 200 and reply.text == "success", reply.text
    return reply


def telegram_text(call: Dict) -> str:
    return call["body"].get("text") or ""


def telegram_ask(servers, capture, chat: int, update: Dict) -> List[Dict]:
    """The whole answer (the Bot API calls sending it) to an update from ``chat``."""
    return ask(capture, lambda: capture.telegram("sendMessage", chat),
               lambda: telegram_send(servers, capture, update),
               lambda: telegram_send(servers, capture, telegram_update(chat, SENTINEL)),
               telegram_text, f"a sendMessage to chat {chat} at the (local) Bot API")


def inline_keyboard(call: Dict) -> List[List[Dict]]:
    markup = call["body"].get("reply_markup")
    return json.loads(markup)["inline_keyboard"] if markup else []


def assert_telegram_buttons(rows: List[List[Dict]]) -> None:
    """One button per row, each with callback_data Telegram accepts (1-64 bytes)."""
    assert rows and all(len(row) == 1 for row in rows)
    for [button] in rows:
        assert button["text"] and 0 < len(button["callback_data"].encode("utf-8")) <= 64


def test_telegram_webhook_is_registered_with_its_secret(channel_servers, capture):
    from jeugdhulp.channels.telegram import derived_secret

    calls = capture.telegram("setWebhook")
    assert len(calls) == 1  # at the start, once
    assert calls[0]["token"] == TELEGRAM_TOKEN
    assert calls[0]["body"] == {"url": TELEGRAM_WEBHOOK_URL,
                                "secret_token": derived_secret(TELEGRAM_TOKEN)}
    secret = calls[0]["body"]["secret_token"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret)
    assert secret not in TELEGRAM_TOKEN and TELEGRAM_TOKEN.split(":")[1] not in secret
    assert requests.get(url(channel_servers, "/webhooks/telegram/"), timeout=10
                        ).json() == {"status": "ok"}


def test_telegram_update_without_the_secret_token_is_refused(channel_servers, capture):
    chat = 20001
    update = telegram_update(chat, "MST-CAN?")
    for headers in ({}, {SECRET_HEADER: "fout"},
                    {SECRET_HEADER: telegram_secret(capture)[:-1]}):
        assert post_telegram(channel_servers, update, headers).status_code == 403
    # Rasa's own route would register the webhook without the secret: off.
    registrations = len(capture.telegram("setWebhook"))
    for method in ("GET", "POST"):
        reply = requests.request(method, url(channel_servers, "/webhooks/telegram/set_webhook"),
                                 timeout=10)
        assert reply.status_code == 404
    before = settled(capture, lambda: capture.telegram("sendMessage", chat),
                     lambda: telegram_send(channel_servers, capture,
                                           telegram_update(chat, SENTINEL)), telegram_text)
    assert before == []
    assert all(is_sentinel_answer(telegram_text(c))
               for c in capture.telegram("sendMessage", chat))
    assert not_sentinel(user_messages(channel_servers, str(chat))) == []
    assert len(capture.telegram("setWebhook")) == registrations


def test_telegram_message_is_answered_once_in_telegram_html(channel_servers, capture):
    from jeugdhulp.channels.telegram import telegram_safe

    chat = 20002
    sent = telegram_ask(channel_servers, capture, chat, telegram_update(chat, "MST-CAN?"))
    assert len(sent) == 1  # one message per answer, not one per paragraph
    call = sent[0]
    assert call["method"] == "sendMessage" and call["token"] == TELEGRAM_TOKEN
    data = call["body"]
    assert str(data["chat_id"]) == str(chat)
    assert data["parse_mode"] == "HTML"
    assert str(data["disable_web_page_preview"]).lower() == "true"
    text = data["text"]
    assert f'<a href="{GUIDELINE_127}">Lees de richtlijn</a>' in text  # the citation's link
    assert "<i>Bron: Richtlijn Kindermishandeling" in text  # the citation, in italics
    assert "Child Abuse &amp; Neglect" in text  # HTML escaping
    assert "**" not in text and "](" not in text  # no markdown
    assert telegram_safe(text) == text  # Telegram HTML, sent as rendered (not escaped)
    assert_telegram_buttons(inline_keyboard(call))
    [message] = not_sentinel(user_messages(channel_servers, str(chat)))
    assert message["text"] == "MST-CAN?" and message["input_channel"] == "telegram"


def test_telegram_text_that_is_not_html_is_escaped(channel_servers, capture):
    chat = 20003
    sent = telegram_ask(channel_servers, capture, chat, telegram_update(chat, "/help"))
    text = "\n".join(telegram_text(c) for c in sent)
    assert "Ik beantwoord vragen over vijf richtlijnen" in text
    assert "/interventie &lt;naam&gt;" in text  # the help's "<naam>", escaped
    assert all(c["body"]["parse_mode"] == "HTML" for c in sent)


def press(chat: int, message: Dict, data: str) -> Dict:
    """The update of a press on a button with ``data`` under the bot's ``message``."""
    return telegram_update(chat, callback={"message": message, "data": data})


def test_telegram_buttons_are_an_inline_keyboard_and_a_press_is_answered(channel_servers,
                                                                        capture):
    chat = 20004
    greeting = telegram_ask(channel_servers, capture, chat, telegram_update(chat, "/start"))
    assert "richtlijnassistent" in "\n".join(telegram_text(c) for c in greeting).lower()
    with_buttons = [c for c in greeting if c["body"].get("reply_markup")]
    assert len(with_buttons) == 1
    rows = inline_keyboard(with_buttons[0])
    assert_telegram_buttons(rows)
    [button] = next(row for row in rows if row[0]["callback_data"] == "/help")
    answer = telegram_ask(channel_servers, capture, chat,
                          press(chat, with_buttons[0]["reply"]["result"], button["callback_data"]))
    assert "Ik beantwoord vragen over vijf richtlijnen" in "\n".join(
        telegram_text(c) for c in answer)
    assert not_sentinel(user_messages(channel_servers, str(chat)))[-1]["text"] == "/help"


def test_telegram_button_press_is_acknowledged(channel_servers, capture):
    """Rasa's handler never calls answerCallbackQuery (Telegram then shows the pressed
    button as loading until its own time-out); the channel does, before it answers."""
    chat = 20005
    bot_message = {"message_id": 1, "date": int(time.time()),
                   "chat": {"id": chat, "type": "private"}, "text": "Kies:"}
    update = press(chat, bot_message, "/help")
    telegram_ask(channel_servers, capture, chat, update)
    answered = [c["body"] for c in capture.telegram("answerCallbackQuery")]
    assert any(b.get("callback_query_id") == update["callback_query"]["id"] for b in answered)


def test_telegram_quick_commands(channel_servers, capture, kb):
    chat = 20006
    for command in ("/bronnen", f"/bronnen@{TELEGRAM_USERNAME}", "!bronnen"):
        sent = telegram_ask(channel_servers, capture, chat,
                            telegram_update(chat, command, chat_type="group"))
        text = "\n".join(telegram_text(c) for c in sent)
        for _, title, _, edition, link in kb.guidelines():
            assert html.escape(f"{title} ({edition})", quote=False) in text, command
            assert link in text, command
    sent = telegram_ask(channel_servers, capture, chat,
                        telegram_update(chat, "/interventie MST-CAN"))
    assert f'<a href="{GUIDELINE_127}">' in "\n".join(telegram_text(c) for c in sent)
    sent = telegram_ask(channel_servers, capture, chat,
                        telegram_update(chat, "/zoek veiligheidsplan"))
    found = "\n".join(telegram_text(c) for c in sent)
    assert "Zoekresultaten" in found and "veiligheidsplan" in found.lower()


def test_telegram_practice_round_starts_and_takes_a_button_press(channel_servers, capture):
    chat = 20007

    def question(number: int) -> Dict:
        """The message asking question ``number`` of the round, once it has arrived. (A
        round answers every message itself, so no sentinel here: each step waits for the
        message that must come.)"""
        found = capture.wait_until(
            lambda: capture.telegram("sendMessage", chat),
            lambda found: any(f"Vraag {number} van" in telegram_text(c) for c in found),
            f"question {number} of the practice round")
        return next(c for c in found if f"Vraag {number} van" in telegram_text(c))

    telegram_send(channel_servers, capture, telegram_update(chat, "/oefenen"))
    number, asked = 1, question(1)
    assert "Oefenronde" in telegram_text(capture.telegram("sendMessage", chat)[0])
    # Rounds mix open questions and questions with choices (jeugdhulp/quiz/rounds.py):
    # open ones are passed until one with choices comes.
    while not asked["body"].get("reply_markup"):
        assert number < 5, "no question with choices in the round"
        telegram_send(channel_servers, capture, telegram_update(chat, "weet ik niet"))
        number += 1
        asked = question(number)
    rows = inline_keyboard(asked)
    assert_telegram_buttons(rows)
    assert all(row[0]["callback_data"].startswith("/quiz_answer") for row in rows)
    before = len(capture.telegram("sendMessage", chat))
    choice = rows[0][0]["callback_data"]
    telegram_send(channel_servers, capture, press(chat, asked["reply"]["result"], choice))
    capture.wait_until(lambda: capture.telegram("sendMessage", chat),
                       lambda found: len(found) > before, "the feedback on the choice")
    assert not_sentinel(user_messages(channel_servers, str(chat)))[-1]["text"] == choice
    assert all(c["body"]["parse_mode"] == "HTML" for c in capture.telegram("sendMessage", chat))


# --- Mattermost -----------------------------------------------------------------------------------
MATTERMOST_WEBHOOK = "/webhooks/mattermost/webhook"
MATTERMOST_COMMANDS = "/webhooks/mattermost/commands"


def hook(text: str, trigger: str, channel: str, user: str,
         token: Optional[str] = MATTERMOST_HOOK_TOKENS[0]) -> Dict:
    """What a Mattermost outgoing webhook posts."""
    data = {"channel_id": channel, "channel_name": "town-square", "team_id": "team1",
            "user_id": user, "user_name": "test", "post_id": uuid.uuid4().hex, "text": text,
            "trigger_word": trigger, "timestamp": int(time.time() * 1000)}
    return data if token is None else {**data, "token": token}


def post_mattermost(servers, data: Dict, path: str = MATTERMOST_WEBHOOK,
                    form: bool = False) -> requests.Response:
    if form:
        return requests.post(url(servers, path), data=data, timeout=60)  # urlencoded
    return requests.post(url(servers, path), json=data, timeout=60)


def mattermost_send(servers, data: Dict, path: str = MATTERMOST_WEBHOOK,
                    form: bool = False) -> requests.Response:
    reply = post_mattermost(servers, data, path, form)
    assert reply.status_code == 200, reply.text
    return reply


def mattermost_text(call: Dict) -> str:
    return call["body"].get("message") or ""


def mattermost_sentinel(servers, channel: str, user: str) -> None:
    mattermost_send(servers, hook(SENTINEL, SENTINEL, channel, user))


def mattermost_settled(servers, capture, channel: str, user: str) -> List[Dict]:
    return settled(capture, lambda: capture.mattermost_posts(channel),
                   lambda: mattermost_sentinel(servers, channel, user), mattermost_text)


def mattermost_ask(servers, capture, channel: str, user: str,
                   send: Callable[[], Any]) -> List[Dict]:
    """The whole answer (the calls that posted it) to what ``send()`` sends."""
    return ask(capture, lambda: capture.mattermost_posts(channel), send,
               lambda: mattermost_sentinel(servers, channel, user), mattermost_text,
               f"a post in {channel} at the (local) Mattermost API")


def test_mattermost_outgoing_webhook_needs_its_token(channel_servers, capture):
    assert requests.get(url(channel_servers, "/webhooks/mattermost/"), timeout=10
                        ).json() == {"status": "ok"}
    channel, user = "mm-reject", "mm-u-reject"
    # wrong, empty, missing, and the setting's list as one token
    for token in ("wrong", "", None, ", ".join(MATTERMOST_HOOK_TOKENS)):
        reply = post_mattermost(channel_servers, hook("@richtlijn MST-CAN?", "@richtlijn",
                                                      channel, user, token))
        assert reply.status_code == 401, token
    assert mattermost_settled(channel_servers, capture, channel, user) == []
    posts = capture.mattermost_posts(channel)
    assert all(is_sentinel_answer(mattermost_text(c)) for c in posts)
    assert not_sentinel(user_messages(channel_servers, user)) == []  # nothing reached Rasa
    # (the sentinel's answer, a text without buttons: one post of just channel and text)
    assert [c["body"] for c in posts] == [{"channel_id": channel,
                                           "message": mattermost_text(posts[0])}]


def bronnen(kb) -> List[str]:
    return [f"{title} ({edition})" for _, title, _, edition, _ in kb.guidelines()] + [
        link for *_, link in kb.guidelines()]


@pytest.mark.parametrize("text, trigger, message, answer", [
    ("@richtlijn MST-CAN?", "@richtlijn", "MST-CAN?", "mst-can"),
    ("@Richtlijn !bronnen", "@richtlijn", "/list_sources", "bronnen"),
    ("!zoek veiligheidsplan", "!", '/search_command{"query": "veiligheidsplan"}', "zoek"),
    ("!bronnen", "!bronnen", "/list_sources", "bronnen"),
    ("@richtlijn", "@richtlijn", "/help", "help"),
])
def test_mattermost_only_the_trigger_word_is_removed(channel_servers, capture, kb, text,
                                                     trigger, message, answer):
    case = hashlib.sha256(text.encode()).hexdigest()[:8]
    channel, user = f"mm-trigger-{case}", f"mm-u-{case}"
    sent = mattermost_ask(channel_servers, capture, channel, user, lambda: mattermost_send(
        channel_servers, hook(text, trigger, channel, user)))
    assert len(sent) == 1  # one post per answer
    call = sent[0]
    assert call["path"] == "/mattermost/api/v4/posts"  # MATTERMOST_URL had no /api/v4
    assert call["headers"]["Authorization"] == f"Bearer {MATTERMOST_BOT_TOKEN}"
    body = call["body"]
    assert body["channel_id"] == channel and set(body) <= {"channel_id", "message", "props"}
    posted = body["message"]
    expected = {
        "mst-can": [f"[Lees de richtlijn]({GUIDELINE_127})", "_Bron: Richtlijn Kindermishandeling"],
        "bronnen": bronnen(kb),
        "zoek": ["Zoekresultaten", "veiligheidsplan"],
        "help": ["Ik beantwoord vragen over vijf richtlijnen", "/interventie <naam>"],
    }[answer]
    for part in expected:
        assert part in posted, part
    # what reached Rasa: only the trigger word removed (then the guard's quick command)
    received = not_sentinel(user_messages(channel_servers, user))
    assert [m["text"] for m in received] == [message]
    assert received[0]["input_channel"] == "mattermost"


def test_mattermost_accepts_each_of_several_webhook_tokens(channel_servers, capture, kb):
    channel, user = "mm-tokens", "mm-u-tokens"
    for token in MATTERMOST_HOOK_TOKENS:
        sent = mattermost_ask(channel_servers, capture, channel, user, lambda: mattermost_send(
            channel_servers, hook("!bronnen", "!bronnen", channel, user, token)))
        assert len(sent) == 1 and all(part in mattermost_text(sent[0]) for part in bronnen(kb))
    received = not_sentinel(user_messages(channel_servers, user))
    assert [m["text"] for m in received] == ["/list_sources", "/list_sources"]


def test_mattermost_form_encoded_webhook_is_read(channel_servers, capture):
    channel, user = "mm-form", "mm-u-form"
    replies = []
    sent = mattermost_ask(channel_servers, capture, channel, user, lambda: replies.append(
        mattermost_send(channel_servers, hook("@richtlijn IAG?", "@richtlijn", channel, user),
                        form=True)))
    assert replies[0].status_code == 200
    assert "Intensieve Ambulante Gezinsbehandeling" in mattermost_text(sent[0])
    assert [m["text"] for m in not_sentinel(user_messages(channel_servers, user))] == ["IAG?"]


def test_mattermost_buttons_are_signed_and_checked(channel_servers, capture):
    channel, user = "mm-buttons", "mm-u-buttons"
    sent = mattermost_ask(channel_servers, capture, channel, user, lambda: mattermost_send(
        channel_servers, hook("!onderwerpen", "!onderwerpen", channel, user)))
    actions = sent[0]["body"]["props"]["attachments"][0]["actions"]
    assert actions
    for action in actions:
        assert action["integration"]["url"] == MATTERMOST_WEBHOOK_URL
        context = action["integration"]["context"]
        assert context["signature"] == hmac.new(MATTERMOST_BOT_TOKEN.encode(),
                                                context["action"].encode(),
                                                hashlib.sha256).hexdigest()
    payload = '/ask_topic{"topic": "gezinsplan"}'
    context = next(a["integration"]["context"] for a in actions
                   if a["integration"]["context"]["action"] == payload)
    # the click, as Mattermost posts it to the button's integration url
    click = {"user_id": user, "channel_id": channel, "team_id": "team1",
             "post_id": "p1", "type": "", "context": context}
    answer = mattermost_ask(channel_servers, capture, channel, user,
                            lambda: mattermost_send(channel_servers, click))
    assert "gezinsplan" in mattermost_text(answer[0]).lower()
    received = not_sentinel(user_messages(channel_servers, user))
    assert received[-1]["text"] == payload
    for forged in ({"action": "/list_sources", "signature": context["signature"]},
                   {"action": "/list_sources"}):
        reply = post_mattermost(channel_servers, {**click, "context": forged})
        assert reply.status_code == 401
    after = mattermost_settled(channel_servers, capture, channel, user)
    assert [mattermost_text(c) for c in after if not is_sentinel_answer(mattermost_text(c))
            ] == [mattermost_text(c) for c in sent + answer]
    assert not_sentinel(user_messages(channel_servers, user)) == received  # one click only


def test_mattermost_slash_command_answers_in_the_response(channel_servers, capture, kb):
    channel, user = "mm-slash", "mm-u-slash"
    form = {"token": MATTERMOST_COMMAND_TOKEN, "channel_id": channel, "user_id": user,
            "command": "/richtlijn", "text": "zoek veiligheidsplan",
            "response_url": "https://chat.example.nl/hooks/commands/x"}
    reply = post_mattermost(channel_servers, form, MATTERMOST_COMMANDS, form=True)
    assert reply.status_code == 200
    answer = reply.json()
    assert set(answer) == {"response_type", "text"} and answer["response_type"] == "ephemeral"
    assert "Zoekresultaten" in answer["text"] and "veiligheidsplan" in answer["text"].lower()
    reply = post_mattermost(channel_servers, {**form, "text": "bronnen"}, MATTERMOST_COMMANDS,
                            form=True)
    assert reply.status_code == 200
    assert all(part in reply.json()["text"] for part in bronnen(kb))
    # the answers are in the responses, not posted
    assert mattermost_settled(channel_servers, capture, channel, user) == []
    assert all(is_sentinel_answer(mattermost_text(c))
               for c in capture.mattermost_posts(channel))
    received = not_sentinel(user_messages(channel_servers, user))
    assert [m["text"] for m in received] == ['/search_command{"query": "veiligheidsplan"}',
                                             "/list_sources"]
    assert all(m["input_channel"] == "mattermost" for m in received)
    # the webhook's token is not the command's
    reply = post_mattermost(channel_servers, {**form, "token": MATTERMOST_HOOK_TOKENS[0]},
                            MATTERMOST_COMMANDS, form=True)
    assert reply.status_code == 401


# --- the terminal of `make shell` -----------------------------------------------------------------
def test_terminal_channel_is_rasas_console_with_the_guard(tmp_path):
    from rasa.core.run import create_http_input_channels

    from jeugdhulp.channels.inputs import GuardedInput
    from jeugdhulp.channels.render import PLAIN, format_for
    from tests.conftest import ROOT

    script = (ROOT / "bot" / "scripts" / "shell.sh").read_text(encoding="utf-8")
    line = next(l for l in script.splitlines() if "credentials.shell.yml" in l and "echo" in l)
    content = re.search(r'echo "([^"]+)"', line).group(1)
    path = tmp_path / "credentials.shell.yml"
    path.write_text(content + "\n", encoding="utf-8")
    channels = create_http_input_channels(None, str(path))
    assert [c.name() for c in channels] == ["cmdline"]  # rasa run then reads the terminal
    assert isinstance(channels[0], GuardedInput)
    assert channels[0].url_prefix() == "rest"  # where Rasa's console sends the messages
    assert format_for("cmdline") == PLAIN


# --- the documentation names every setting ------------------------------------------------------
@pytest.mark.parametrize("doc, section", [
    ("slack.md", "SlackChannel"), ("mattermost.md", "MattermostChannel"),
    ("teams.md", "BotFrameworkChannel"), ("telegram.md", "TelegramChannel"),
])
def test_docs_name_every_variable_and_the_webhook(doc, section):
    import yaml

    from tests.conftest import ROOT

    text = (ROOT / "credentials.yml").read_text(encoding="utf-8")
    settings = yaml.safe_load(text)[f"jeugdhulp.channels.inputs.{section}"]
    variables = [v for value in settings.values() for v in re.findall(r"\$\{(\w+)\}", value)]
    guide = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    overview = (ROOT / "docs" / "channels.md").read_text(encoding="utf-8")
    for variable in variables:
        assert f"`{variable}`" in guide, (doc, variable)
        assert f"`{variable}`" in overview, ("channels.md", variable)
    name = doc.split(".")[0].replace("teams", "botframework")
    assert f"/webhooks/{name}/webhook" in guide
    assert doc in (ROOT / "README.md").read_text(encoding="utf-8")

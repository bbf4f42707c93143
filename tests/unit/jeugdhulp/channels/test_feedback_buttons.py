"""The 👍 / 👎 buttons under a cited answer, as each channel shows them with its own buttons:
Slack blocks, Teams hero cards, Telegram's inline keyboard, Mattermost's signed actions,
numbered choices in the terminal. Each output is sent over real HTTP to the local stand-in
of the messenger's API (tests/support/messengers.py), as in test_channel_helpers.py."""
from __future__ import annotations

import asyncio
import json
import re

import pytest

from jeugdhulp.channels.guard import guard_text
from jeugdhulp.channels.render import MARKDOWN, PLAIN, SLACK, TEAMS, TELEGRAM, render
from jeugdhulp.feedback.answers import payload
from jeugdhulp.messages import message
from tests.support.messengers import Messengers
from tests.unit.jeugdhulp.channels.test_render import answer

ANSWER_ID = "3f9a0c1e"
UP_TITLE, DOWN_TITLE = message("feedback.buttons.up"), message("feedback.buttons.down")
OWN = [("Waar staat dat?", "waar staat dat?"),
       ("Het gezinsplan", '/ask_topic{"topic": "gezinsplan"}')]  # test_render.answer()
FEEDBACK = [(UP_TITLE, payload("goed", ANSWER_ID)), (DOWN_TITLE, payload("fout", ANSWER_ID))]


def rendered_buttons(fmt):
    return render(answer(), fmt, feedback_id=ANSWER_ID).buttons


@pytest.fixture(scope="module")
def api():
    stand_in = Messengers()
    yield stand_in
    stand_in.close()


def sent(api, send):
    """The calls the stand-in received while ``send`` ran (a coroutine function)."""
    start = len(api.received(lambda c: True))
    asyncio.run(send())
    return api.received(lambda c: True)[start:]


@pytest.mark.parametrize("fmt", [MARKDOWN, PLAIN, SLACK, TEAMS, TELEGRAM])
def test_a_cited_answer_gets_thumbs_after_its_own_buttons_in_every_format(fmt):
    buttons = rendered_buttons(fmt)
    assert [(b["title"], b["payload"]) for b in buttons] == OWN + FEEDBACK
    assert UP_TITLE.startswith("👍") and DOWN_TITLE.startswith("👎")
    assert render(answer(), fmt).buttons == [{"title": t, "payload": p} for t, p in OWN]


def test_an_answer_without_quotes_gets_no_thumbs():
    from jeugdhulp.knowledge.answers import Answer

    bare = Answer(lead="Dat staat niet in de richtlijnen die ik ken.", found=False)
    assert render(bare, MARKDOWN, feedback_id=ANSWER_ID).buttons == []


def test_the_payloads_pass_the_guard_unchanged_and_fit_telegram():
    """The guard redacts client details in every message, button payloads included: an id
    of digits only ("37346179") was once taken for a BSN and the click got lost."""
    from jeugdhulp.feedback.answers import new_answer_id

    ids = [new_answer_id() for _ in range(2000)] + ["a0612345", "a1234567", "a1203199"]
    assert all(re.fullmatch(r"[a-f][0-9a-f]{7}", i) for i in ids)
    changed = [i for i in ids if guard_text(payload("goed", i)) != payload("goed", i)]
    assert not changed
    assert guard_text(payload("goed", "37346179")) != payload("goed", "37346179")  # why
    for _, p in FEEDBACK:
        assert guard_text(p) == p
        assert len(p.encode("utf-8")) <= 64
        assert json.loads(p[len("/feedback"):]) in ({"verdict": "goed", "answer_id": ANSWER_ID},
                                                    {"verdict": "fout", "answer_id": ANSWER_ID})


def test_slack_shows_them_as_buttons_of_the_actions_block(api):
    from jeugdhulp.channels.slack import SlackOutput

    async def send():
        output = SlackOutput("xoxb-test", api_url=f"{api.base}/slack/api/")
        text = render(answer(), SLACK, feedback_id=ANSWER_ID)
        await output.send_text_with_buttons("D0FEEDBACK", text.text, text.buttons)

    [call] = sent(api, send)
    blocks = call["body"]["blocks"]
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    [actions] = [b for b in blocks if b["type"] == "actions"]
    assert [(e["text"]["text"], e["value"]) for e in actions["elements"]] == OWN + FEEDBACK


def test_teams_shows_them_as_message_back_actions_on_a_card(api):
    from jeugdhulp.channels.botframework import BotFrameworkOutput

    async def send():
        output = BotFrameworkOutput("app-id", "app-secret", {"id": "conv-feedback"},
                                    {"id": "bot"}, f"{api.base}/bf/service/",
                                    token_url=f"{api.base}/bf/token")
        text = render(answer(), TEAMS, feedback_id=ANSWER_ID)
        await output.send_text_with_buttons("user", text.text, text.buttons)

    activities = [c for c in sent(api, send) if c["path"].startswith("/bf/service/")]
    assert len(activities) == 1
    actions = [a for card in activities[0]["body"]["attachments"]
               for a in card["content"]["buttons"]]
    assert [(a["title"], a["text"]) for a in actions] == OWN + FEEDBACK
    assert all(a["type"] == "messageBack" for a in actions)


def test_telegram_shows_them_in_the_inline_keyboard(api):
    from jeugdhulp.channels.telegram import TelegramHtmlOutput

    token = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr"

    async def send():
        output = TelegramHtmlOutput(token, f"{api.base}/telegram")
        try:
            text = render(answer(), TELEGRAM, feedback_id=ANSWER_ID)
            await output.send_text_with_buttons("42", text.text, text.buttons)
        finally:
            await output.session.close()

    [call] = [c for c in sent(api, send) if c.get("method") == "sendMessage"]
    rows = json.loads(call["body"]["reply_markup"])["inline_keyboard"]
    assert [(b["text"], b["callback_data"]) for row in rows for b in row] == OWN + FEEDBACK


def test_mattermost_shows_them_as_signed_actions(api):
    from jeugdhulp.channels.mattermost import MattermostOutput, sign

    async def send():
        output = MattermostOutput(f"{api.base}/mattermost/api/v4", "bot-token", "chan-fb",
                                  "https://bot.example.nl/webhooks/mattermost/webhook")
        text = render(answer(), MARKDOWN, feedback_id=ANSWER_ID)
        await output.send_text_with_buttons("user", text.text, text.buttons)

    [post] = [c for c in sent(api, send) if c["path"].endswith("/posts")]
    [attachment] = post["body"]["props"]["attachments"]
    actions = attachment["actions"]
    assert [(a["name"], a["integration"]["context"]["action"]) for a in actions] == OWN + FEEDBACK
    assert all(a["integration"]["context"]["signature"] ==
               sign("bot-token", a["integration"]["context"]["action"]) for a in actions)


def test_the_terminal_numbers_them_and_a_number_picks_one():
    from jeugdhulp.channels.terminal import choose, format_reply

    text = render(answer(), PLAIN, feedback_id=ANSWER_ID)
    shown, buttons = format_reply([{"text": text.text, "buttons": text.buttons}], width=80)
    lines = shown.splitlines()
    assert lines[-2:] == [f"  3. {UP_TITLE}", f"  4. {DOWN_TITLE}"]
    assert choose("4", buttons) == (payload("fout", ANSWER_ID), DOWN_TITLE)

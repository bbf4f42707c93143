"""One Answer, every format: the same parts in the same order, each in its own markup.

Quotes are always marked as quotes (“…”) and the citation follows them; our own words (the
lead, the notes, the hint) are never styled as quotes; characters that mean something in a
format (&, <, > in Slack and Telegram HTML) are escaped in the guideline text.
"""
from __future__ import annotations

import re

import pytest

from jeugdhulp.channels.slack import slack_safe
from jeugdhulp.channels.telegram import telegram_safe
from jeugdhulp.channels.render import (
    CHANNEL_FORMATS,
    MARKDOWN,
    PLAIN,
    SLACK,
    TEAMS,
    TELEGRAM,
    format_for,
    render,
)
from jeugdhulp.knowledge.answers import Answer, Citation, Quote, Suggestion

URL = "https://www.richtlijnenjeugdhulp.nl/guideline/127/full"
URL_2 = "https://www.richtlijnenjeugdhulp.nl/guideline/261/full"
TITLE = "Richtlijn Kindermishandeling"
AUTHORS = "Nederlands Jeugdinstituut (NJi) voor NVO, BPSW en NIP"
ALL_FORMATS = [MARKDOWN, PLAIN, SLACK, TEAMS, TELEGRAM]

QUOTE_1 = "Kinderen < 12 jaar & hun ouders krijgen > 1 gesprek."
QUOTE_2 = "Stel de veiligheid van het kind voorop."
QUOTE_3 = "Maak samen met het gezin een gezinsplan."
NOTE = "Niet (nog) bewezen effectief."
LEAD = "Dit zegt de richtlijn over MST-CAN:"


def citation(section: str, url: str = URL, title: str = TITLE) -> Citation:
    return Citation(guideline_title=title, authors=AUTHORS, section=section, url=url)


def answer(**changes) -> Answer:
    fields = dict(
        lead=LEAD,
        quotes=[
            Quote(QUOTE_1, "finding", citation("Interventies"), "k/1", heading="MST-CAN"),
            Quote(QUOTE_2, "recommendation", citation("Veiligheid"), "k/2"),
            Quote(QUOTE_3, "recommendation",
                  citation("Gezinsplan", URL_2, "Richtlijn Gezinnen met meervoudige en "
                                                "complexe problemen"), "m/1"),
        ],
        more=[Quote("nog iets", "finding", citation("Interventies"), "k/3")],
        notes=[NOTE],
        suggestions=[Suggestion("Waar staat dat?", "waar staat dat?"),
                     Suggestion("Het gezinsplan", '/ask_topic{"topic": "gezinsplan"}')],
    )
    fields.update(changes)
    return Answer(**fields)


def escaped(text: str, fmt: str) -> str:
    if fmt in (SLACK, TELEGRAM):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


# --- what every format shares ----------------------------------------------------------
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_every_part_in_order_and_quotes_quoted_and_cited(fmt):
    text = render(answer(), fmt).text
    positions = [text.index(escaped(part, fmt)) for part in
                 (LEAD, QUOTE_1, QUOTE_2, QUOTE_3, NOTE, "Bron: " + TITLE,
                  "Bron: Richtlijn Gezinnen", "Nog 1 punt hierover")]
    assert positions == sorted(positions)
    for quote in (QUOTE_1, QUOTE_2, QUOTE_3):
        assert f"“{escaped(quote, fmt)}”" in text  # always marked as a quote
    # citations of two sections of one guideline merge into one, naming both
    assert text.count("Bron: " + TITLE) == 1
    assert "Interventies; Veiligheid" in text
    assert AUTHORS in text


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_our_own_words_are_never_styled_as_quotes(fmt):
    text = render(answer(), fmt).text
    for ours in (LEAD, NOTE):
        line = next(l for l in text.splitlines() if escaped(ours, fmt) in l)
        assert "“" not in line and "”" not in line
        assert not re.match(r"^\s*(>|-|\*|•|&gt;)", line)  # no quote or list marker
        assert "<blockquote>" not in line
    hint = next(l for l in text.splitlines() if "Nog 1 punt hierover" in l)
    assert "“" not in hint


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_buttons_are_the_suggestions_in_every_format(fmt):
    rendered = render(answer(), fmt)
    assert rendered.buttons == [
        {"title": "Waar staat dat?", "payload": "waar staat dat?"},
        {"title": "Het gezinsplan", "payload": '/ask_topic{"topic": "gezinsplan"}'},
    ]


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_notes_first_and_no_quotes(fmt):
    card = render(answer(notes_first=True), fmt).text
    assert card.index(escaped(NOTE, fmt)) < card.index(escaped(QUOTE_1, fmt))
    bare = render(Answer(lead="Daar staat niets over in de richtlijnen.", found=False), fmt)
    assert bare.text == "Daar staat niets over in de richtlijnen."
    assert "Bron:" not in bare.text and bare.buttons == []


# --- per format -------------------------------------------------------------------------------
def test_markdown():
    text = render(answer(), MARKDOWN).text
    assert f"- **MST-CAN**: “{QUOTE_1}”" in text
    assert f"[Lees de richtlijn]({URL})" in text
    assert f"_Bron: {TITLE}, Interventies; Veiligheid. {AUTHORS}._" in text
    assert "\n\n" in text


def test_plain_has_no_markup_and_shows_the_address():
    text = render(answer(), PLAIN).text
    assert "**" not in text and "_Bron" not in text and "](" not in text
    assert f"  * MST-CAN: “{QUOTE_1}”" in text
    assert f"Bron: {TITLE}, Interventies; Veiligheid. {AUTHORS}. {URL}" in text


def test_slack_mrkdwn():
    text = render(answer(), SLACK).text
    assert f"<{URL}|Lees de richtlijn>" in text
    assert "“Kinderen &lt; 12 jaar &amp; hun ouders krijgen &gt; 1 gesprek.”" in text
    assert "*MST-CAN*" in text and "**" not in text
    assert "](" not in text
    assert f"_Bron: {TITLE}" in text
    # nothing but Slack's own markup: the output channel sends it unchanged
    assert slack_safe(text) == text
    assert re.sub(r"<https://[^|>]+\|[^>]+>|&(amp|lt|gt);", "", text).count("<") == 0


def test_slack_escapes_our_lead_and_notes_too():
    text = render(answer(lead="Wat is <b>R&D</b>?", notes=["a < b"]), SLACK).text
    assert "Wat is &lt;b&gt;R&amp;D&lt;/b&gt;?" in text and "a &lt; b" in text


def test_telegram_html():
    text = render(answer(), TELEGRAM).text
    assert f'<a href="{URL}">Lees de richtlijn</a>' in text
    assert "“Kinderen &lt; 12 jaar &amp; hun ouders krijgen &gt; 1 gesprek.”" in text
    assert "<b>MST-CAN</b>" in text
    assert f"<i>Bron: {TITLE}" in text
    assert "**" not in text
    tags = set(re.findall(r"</?([a-z]+)", text))
    assert tags <= {"a", "b", "i"}
    assert telegram_safe(text) == text  # valid Telegram HTML: sent unchanged


def test_telegram_escapes_a_quote_that_looks_like_html():
    text = render(answer(quotes=[Quote('<a href="x">klik</a> & <script>',
                                       "finding", citation("X"), "k/9")]), TELEGRAM).text
    assert "&lt;a href=\"x\"&gt;klik&lt;/a&gt; &amp; &lt;script&gt;" in text
    assert "<script>" not in text


def test_teams_line_breaks():
    text = render(answer(), TEAMS).text
    # list items each on their own line: two trailing spaces before every line break
    assert f"“{QUOTE_1}”  \n- “{QUOTE_2}”" in text
    assert all(line.endswith("  ") or line == "" or i == len(text.split("\n")) - 1
               for i, line in enumerate(text.split("\n")))
    assert f"[Lees de richtlijn]({URL})" in text
    assert "**MST-CAN**" in text


def test_telegram_and_slack_safety_nets_escape_text_that_is_not_theirs():
    raw = "/interventie <naam> — R&D"
    assert telegram_safe(raw) == "/interventie &lt;naam&gt; — R&amp;D"
    assert slack_safe(raw) == "/interventie &lt;naam&gt; — R&amp;D"
    plain = "Gewone tekst zonder tekens."
    assert telegram_safe(plain) == plain and slack_safe(plain) == plain
    assert slack_safe("zie <@U123> en <https://x.nl|x>") == "zie <@U123> en <https://x.nl|x>"


# --- which format for which channel -----------------------------------------------------------
@pytest.mark.parametrize("channel, fmt", [
    ("rest", MARKDOWN), ("socketio", MARKDOWN), ("cmdline", PLAIN), ("slack", SLACK),
    ("mattermost", MARKDOWN), ("botframework", TEAMS), ("telegram", TELEGRAM),
    (None, MARKDOWN), ("onbekend", MARKDOWN),
])
def test_format_for_channel(channel, fmt):
    assert format_for(channel) == fmt


def test_every_channel_of_credentials_has_a_format():
    import yaml

    from tests.conftest import ROOT

    channels = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    from importlib import import_module

    assert len(channels) >= 7  # REST, socket.io, web chat, Slack, Mattermost, Teams, Telegram
    for path in channels:
        module, name = path.rsplit(".", 1)
        assert getattr(import_module(module), name).name() in CHANNEL_FORMATS, path


def test_render_of_an_unknown_format_is_markdown():
    assert render(answer(), "onbekend").text == render(answer(), MARKDOWN).text


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_a_dossier_is_not_called_a_guideline(fmt):
    """The NJi "Wat werkt" dossier is no guideline: its link and the lead say so."""
    from jeugdhulp.knowledge.compose import guideline_phrase

    title = "Wat werkt bij beslissen in onveilige opvoedingssituaties?"
    dossier = Answer(lead=f"Dit zegt {guideline_phrase(title)} erover:", quotes=[
        Quote(QUOTE_2, "finding", citation("Houding", "https://www.nji.nl/", title), "b/1")])
    text = render(dossier, fmt).text
    assert "Lees het dossier" in text or "https://www.nji.nl/" in text
    assert "Lees de richtlijn" not in text
    assert "het NJi-dossier ‘Wat werkt bij beslissen" in text
    assert guideline_phrase(TITLE) == "de Richtlijn Kindermishandeling"

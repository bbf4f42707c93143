"""Rendering an ``Answer`` for the channel a question came from.

One renderer per format behind one interface: ``render(answer, fmt)``; ``format_for`` maps
a Rasa input channel to its format. Every renderer shows the same parts in the same order:
our lead, the quotes (always marked as quotes, with an optional heading of ours), our notes,
the citation(s), and a hint when there is more. Our own words are never styled as quotes.

Under a cited answer that the conversation can rate (``feedback_id``), the answer's own
buttons are followed by 👍 and 👎 (``jeugdhulp.feedback.answers.buttons``); every channel
shows them with its own buttons (Slack blocks, Teams cards, Telegram inline keyboard,
Mattermost actions, web chat quick replies, numbered choices in the terminal).

Formats: ``markdown`` (web chat, REST), ``plain`` (terminal), ``slack`` (Slack mrkdwn with
``<url|text>`` links), ``teams`` (Bot Framework markdown), ``telegram`` (Telegram HTML).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from jeugdhulp.feedback import answers as feedback
from jeugdhulp.knowledge.answers import Answer, Citation, Quote, is_guideline, merged_citations
from jeugdhulp.messages import message

MARKDOWN, PLAIN, SLACK, TEAMS, TELEGRAM = "markdown", "plain", "slack", "teams", "telegram"

# Rasa input channel name -> output format.
CHANNEL_FORMATS: Dict[str, str] = {
    "rest": MARKDOWN,
    "socketio": MARKDOWN,
    "webchat": MARKDOWN,
    "cmdline": PLAIN,
    "slack": SLACK,
    "mattermost": MARKDOWN,
    "botframework": TEAMS,
    "telegram": TELEGRAM,
}

@dataclass
class Rendered:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def format_for(input_channel: Optional[str]) -> str:
    return CHANNEL_FORMATS.get(input_channel or "", MARKDOWN)


def read_label(guideline_title: str) -> str:
    """The text of the link to the source: a guideline, or an NJi "Wat werkt" dossier."""
    return message("channels.render.read_guideline" if is_guideline(guideline_title)
                   else "channels.render.read_dossier")


class Renderer:
    """Markdown; the other formats override the few pieces that differ."""

    line_break = "\n"
    bullet = "- "

    def escape(self, text: str) -> str:
        return text

    def bold(self, text: str) -> str:
        return f"**{text}**"

    def italic(self, text: str) -> str:
        return f"_{text}_"

    def link(self, url: str, text: str) -> str:
        return f"[{text}]({url})"

    def quote(self, q: Quote) -> str:
        heading = f"{self.bold(self.escape(q.heading))}: " if q.heading else ""
        return f"{self.bullet}{heading}“{self.escape(q.text)}”"

    def citation(self, c: Citation) -> str:
        text = self.escape(message("channels.render.source", title=c.guideline_title,
                                   section=c.section, authors=c.authors))
        return f"{self.italic(text)} {self.link(c.url, read_label(c.guideline_title))}"

    def note(self, text: str) -> str:
        return self.escape(text)

    def render(self, answer: Answer, quotes: Optional[List[Quote]] = None) -> str:
        quotes = answer.quotes if quotes is None else quotes
        notes = [self.note(n) for n in answer.notes]
        parts = [self.escape(answer.lead)]
        if answer.notes_first:
            parts.append(self.line_break.join(notes))
        if quotes:
            parts.append(self.line_break.join(self.quote(q) for q in quotes))
        if not answer.notes_first and notes:
            parts.append(self.line_break.join(notes))
        parts.extend(self.citation(c) for c in merged_citations(quotes))
        if answer.more:
            n = len(answer.more)
            parts.append(self.escape(message("channels.render.more_one") if n == 1 else
                                     message("channels.render.more_many", n=n)))
        return (self.line_break * 2).join(p for p in parts if p)


class PlainRenderer(Renderer):
    bullet = "  * "

    def bold(self, text: str) -> str:
        return text

    def italic(self, text: str) -> str:
        return text

    def link(self, url: str, text: str) -> str:
        return url


class SlackRenderer(Renderer):
    """Slack mrkdwn: *bold*, _italic_, <url|text>; &, < and > escaped."""

    bullet = "• "

    def escape(self, text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def bold(self, text: str) -> str:
        return f"*{text}*"

    def link(self, url: str, text: str) -> str:
        return f"<{url}|{text}>"


class TeamsRenderer(Renderer):
    """Bot Framework (Teams) markdown: like markdown, but a line break needs a blank line
    or two trailing spaces; list items need their own line."""

    line_break = "  \n"


class TelegramRenderer(Renderer):
    """Telegram HTML parse mode: <b>, <i>, <a href>; everything else escaped."""

    bullet = "• "

    def escape(self, text: str) -> str:
        return html.escape(text, quote=False)

    def bold(self, text: str) -> str:
        return f"<b>{text}</b>"

    def italic(self, text: str) -> str:
        return f"<i>{text}</i>"

    def link(self, url: str, text: str) -> str:
        return f'<a href="{html.escape(url)}">{html.escape(text)}</a>'


RENDERERS: Dict[str, Renderer] = {
    MARKDOWN: Renderer(),
    PLAIN: PlainRenderer(),
    SLACK: SlackRenderer(),
    TEAMS: TeamsRenderer(),
    TELEGRAM: TelegramRenderer(),
}


def render(answer: Answer, fmt: str = MARKDOWN, quotes: Optional[List[Quote]] = None,
           feedback_id: Optional[str] = None) -> Rendered:
    """The message text and buttons for ``answer`` in format ``fmt``; with ``feedback_id``
    (the answer's id) a cited answer also gets the 👍 / 👎 buttons."""
    renderer = RENDERERS.get(fmt, RENDERERS[MARKDOWN])
    buttons = [{"title": s.title, "payload": s.payload} for s in answer.suggestions]
    if feedback_id and feedback.cited(answer):
        buttons.extend(feedback.buttons(feedback_id))
    return Rendered(text=renderer.render(answer, quotes), buttons=buttons)

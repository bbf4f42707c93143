"""Rendering an ``Answer`` for the channel a question came from.

One renderer per format behind one interface (``render(answer, fmt)``); ``format_for``
maps a Rasa input channel to its format. Quotes are always marked as quotes and always
followed by their citation; our own lead is never styled as a quote.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

from knowledge.answers import Answer, Citation, Quote

MARKDOWN = "markdown"
PLAIN = "plain"

# Rasa input channel name -> output format.
CHANNEL_FORMATS: Dict[str, str] = {
    "rest": MARKDOWN,
    "socketio": MARKDOWN,
    "cmdline": PLAIN,
}


@dataclass
class Rendered:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def format_for(input_channel: Optional[str]) -> str:
    return CHANNEL_FORMATS.get(input_channel or "", MARKDOWN)


def _quote_line_markdown(quote: Quote) -> str:
    return f"- “{quote.text}”"


def _citation_markdown(citation: Citation) -> str:
    return (f"_Bron: {citation.guideline_title}, {citation.section}. {citation.authors}._ "
            f"[Lees de richtlijn]({citation.url})")


def _citation_plain(citation: Citation) -> str:
    return f"Bron: {citation.plain()}"


def _body(answer: Answer, quotes: List[Quote], quote_line: Callable[[Quote], str],
          cite: Callable[[Citation], str]) -> str:
    parts = [answer.lead]
    if quotes:
        parts.append("\n".join(quote_line(q) for q in quotes))
    parts.extend(answer.notes)
    citations: List[Citation] = []
    for q in quotes:
        if q.citation not in citations:
            citations.append(q.citation)
    parts.extend(cite(c) for c in citations)
    if answer.more:
        parts.append(f"(Nog {len(answer.more)} punt(en): typ \"meer\".)")
    return "\n\n".join(parts)


def render(answer: Answer, fmt: str = MARKDOWN, quotes: Optional[List[Quote]] = None) -> Rendered:
    """The message text and buttons for ``answer`` in format ``fmt``."""
    quotes = answer.quotes if quotes is None else quotes
    if fmt == PLAIN:
        text = _body(answer, quotes, lambda q: f"  * “{q.text}”", _citation_plain)
    else:
        text = _body(answer, quotes, _quote_line_markdown, _citation_markdown)
    buttons = [{"title": s.title, "payload": s.payload} for s in answer.suggestions]
    return Rendered(text=text, buttons=buttons)

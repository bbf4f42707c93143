"""The Answer: what the assistant says, independent of channel and of Rasa.

An answer has a one-line lead written by us, quotes that are verbatim guideline passages,
the citation of every quote (title, authors, section, URL), the rest for "meer", and
follow-up suggestions. Renderers in ``bot/render.py`` turn it into Slack, Teams, Telegram,
markdown or plain text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from knowledge.search import PassageRecord


@dataclass(frozen=True)
class Citation:
    guideline_title: str
    authors: str
    section: str
    url: str
    edition: str = ""

    @classmethod
    def of(cls, record: PassageRecord) -> "Citation":
        return cls(
            guideline_title=record.guideline_title,
            authors=record.guideline_authors,
            section=" > ".join(record.section_path) or record.section_heading,
            url=record.section_url or record.guideline_url,
            edition=record.guideline_edition,
        )

    def plain(self) -> str:
        return f"{self.guideline_title}, {self.section}. {self.authors}. {self.url}"


@dataclass(frozen=True)
class Quote:
    text: str  # verbatim guideline text
    kind: str
    citation: Citation
    key: str
    label: Optional[str] = None

    @classmethod
    def of(cls, record: PassageRecord) -> "Quote":
        return cls(text=record.text, kind=record.kind, citation=Citation.of(record),
                   key=record.key, label=record.label)


@dataclass(frozen=True)
class Suggestion:
    title: str  # Dutch button text
    payload: str  # what is sent back when the button is pressed


@dataclass
class Answer:
    lead: str  # ours, one line
    quotes: List[Quote] = field(default_factory=list)
    more: List[Quote] = field(default_factory=list)  # shown after "meer"
    suggestions: List[Suggestion] = field(default_factory=list)
    found: bool = True
    notes: List[str] = field(default_factory=list)  # ours, e.g. "niet (nog) bewezen effectief"

    @property
    def citations(self) -> List[Citation]:
        seen: List[Citation] = []
        for quote in self.quotes:
            if quote.citation not in seen:
                seen.append(quote.citation)
        return seen

    @property
    def passage_keys(self) -> List[str]:
        return [q.key for q in self.quotes]

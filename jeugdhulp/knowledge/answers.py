"""The Answer: what the assistant says, independent of channel and of Rasa.

An answer has a one-line lead written by us, quotes that are verbatim guideline passages,
the citation of every quote (title, authors, section, URL), the rest for "meer", and
follow-up suggestions. Renderers in ``jeugdhulp/channels/render.py`` turn it into Slack, Teams, Telegram,
markdown or plain text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection, List, Optional

from jeugdhulp.knowledge.index import PassageRecord


def is_guideline(title: str) -> bool:
    """Whether a source is a guideline ("Richtlijn ...") rather than an NJi "Wat werkt"
    dossier: answers call it "de richtlijn" or "het NJi-dossier" accordingly."""
    return title.lower().startswith("richtlijn")


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
            section=record.section_heading,
            url=record.section_url or record.guideline_url,
            edition=record.guideline_edition,
        )

    @property
    def work(self) -> tuple:
        """The guideline as a whole (citations of several of its sections merge)."""
        return (self.guideline_title, self.authors, self.url)

    def plain(self) -> str:
        return f"{self.guideline_title}, {self.section}. {self.authors}. {self.url}"


@dataclass(frozen=True)
class Quote:
    text: str  # verbatim guideline text
    kind: str
    citation: Citation
    key: str
    label: Optional[str] = None
    heading: Optional[str] = None  # ours, shown before the quote (e.g. an intervention name)

    @classmethod
    def of(cls, record: PassageRecord, heading: Optional[str] = None) -> "Quote":
        return cls(text=record.text, kind=record.kind, citation=Citation.of(record),
                   key=record.key, label=record.label, heading=heading)


def merged_citations(quotes: List["Quote"]) -> List[Citation]:
    """One citation per guideline, naming every section quoted from it (in order)."""
    merged: List[Citation] = []
    for quote in quotes:
        c = quote.citation
        for i, m in enumerate(merged):
            if m.work == c.work:
                if c.section not in m.section.split("; "):
                    merged[i] = Citation(m.guideline_title, m.authors, f"{m.section}; {c.section}",
                                         m.url, m.edition)
                break
        else:
            merged.append(c)
    return merged


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
    notes_first: bool = False  # show the notes before the quotes (the escalation card)
    subject: str = ""  # what the answer was about, for follow-ups ("intervention:mst-can")
    closest: bool = False  # the nearest passages, not a clear answer ("dichtst in de buurt")

    @property
    def citations(self) -> List[Citation]:
        return merged_citations(self.quotes)

    @property
    def passage_keys(self) -> List[str]:
        return [q.key for q in self.quotes]

    def estimated_length(self, quotes: Optional[List[Quote]] = None) -> int:
        """Characters the answer takes in plain text (lead, quotes, notes, citations)."""
        quotes = self.quotes if quotes is None else quotes
        citations = merged_citations(quotes)
        return (len(self.lead) + sum(len(q.text) + len(q.heading or "") + 6 for q in quotes)
                + sum(len(n) + 2 for n in self.notes)
                + sum(len(c.plain()) + 40 for c in citations) + 40)

    def fit(self, budget: int = 1200, minimum: int = 1, greedy: bool = False,
            keep: Collection[str] = ()) -> "Answer":
        """Moves quotes that do not fit in ``budget`` characters to ``more`` ("meer"): the
        last ones first, never those of the passages ``keep`` names, or (``greedy``) every
        one after the first ``minimum`` that does not fit next to those kept before it, so
        that a long quote does not push out the short ones after it."""
        if greedy:
            kept, rest = self.quotes[:minimum], []
            for quote in self.quotes[minimum:]:
                if self.estimated_length([*kept, quote]) <= budget:
                    kept.append(quote)
                else:
                    rest.append(quote)
            self.quotes, self.more = kept, [*rest, *self.more]
            return self
        while len(self.quotes) > minimum and self.estimated_length() > budget:
            spare = [i for i in range(minimum, len(self.quotes)) if self.quotes[i].key not in keep]
            if not spare:
                break
            self.more.insert(0, self.quotes.pop(spare[-1]))
        return self

"""The answers about the sources: where the last answer's quotes come from ("waar staat
dat?") and which guidelines the assistant answers from ("welke richtlijnen ken je?")."""
from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

from jeugdhulp.knowledge.answers import Answer
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.compose.common import dutch_date
from jeugdhulp.knowledge.index import PassageRecord
from jeugdhulp.messages import message

# "waar staat dat?": the characters of quoted sentences shown under the sections they stand
# in (at least one per section); the rest is counted ("en nog 6 citaten uit dit onderdeel").
SOURCES_QUOTED = 700


def sources_answer(kb: KnowledgeBase, keys: Sequence[str]) -> Answer:
    """Where the last answer's quotes come from: guideline, edition, authors, section, URL,
    and under each section the sentences quoted from it ("waar staat dat?" after an answer
    from two sections: which sentence stands where), up to SOURCES_QUOTED characters of
    them in all, at least one per section."""
    sections: Dict[Tuple[str, Tuple[str, ...]], List[PassageRecord]] = {}
    for r in kb.records(keys):
        sections.setdefault((r.guideline_id, tuple(r.section_path)), []).append(r)
    found: List[str] = []
    room = SOURCES_QUOTED
    for records in sections.values():
        r = records[0]
        found.append(message("answers.sources.line", title=r.guideline_title,
                             edition=r.guideline_edition, path=" > ".join(r.section_path),
                             authors=r.guideline_authors, url=r.section_url or r.guideline_url,
                             retrieved=dutch_date(r.guideline_retrieved)))
        quoted = [records[0]]
        room -= len(records[0].text)
        for record in records[1:]:
            if len(record.text) > room:
                break
            quoted.append(record)
            room -= len(record.text)
        text = " ".join(f"“{record.text}”" for record in quoted)
        if len(quoted) < len(records):
            text += " " + message("answers.sources.cited_more", n=len(records) - len(quoted))
        found.append(message("answers.sources.cited", quotes=text))
    return Answer(lead=message("answers.sources.lead"),
                  notes=found + [message("answers.sources.revised")], found=bool(found))


def sources_overview(kb: KnowledgeBase) -> Answer:
    """The guidelines this assistant answers from: title, edition, authors, URL."""
    found = [message("answers.sources.overview_line", title=title, edition=edition,
                     authors=authors, url=url)
             for _, title, authors, edition, url in kb.guidelines()]
    return Answer(lead=message("answers.sources.overview_lead"),
                  notes=found + [message("answers.sources.terms")], subject="sources")

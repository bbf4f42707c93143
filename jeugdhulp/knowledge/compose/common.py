"""What every composer needs: the length budget, quotes from records, buttons and the small
phrases answers are built from (all texts from knowledge/content/texts/answers.yml)."""
from __future__ import annotations

import datetime as dt
from typing import Any, List, Optional, Sequence

from jeugdhulp.knowledge.answers import Answer, Quote, Suggestion, is_guideline
from jeugdhulp.knowledge.index import InterventionRecord, PassageRecord
from jeugdhulp.messages import button, lines, message

BUDGET = 1200  # characters of an answer shown at once; the rest after "meer"
SUBJECT_CHARS = 200  # characters of a question a search answer's subject keeps


def suggestion(key: str, **values: Any) -> Suggestion:
    """The button ``answers.<key>`` (title and payload from texts/answers.yml)."""
    return Suggestion(*button(f"answers.{key}", **values))


def quotes_of(records: Sequence[Optional[PassageRecord]],
              heading: Optional[str] = None) -> List[Quote]:
    """Quotes of the records, each passage once, in order; missing records skipped."""
    seen: List[str] = []
    quotes = []
    for r in records:
        if r is not None and r.key not in seen:
            seen.append(r.key)
            quotes.append(Quote.of(r, heading))
    return quotes


def with_subject(answer: Answer, subject: str) -> Answer:
    """The answer, remembering what it was about (for follow-ups: "intervention:mst-can")."""
    answer.subject = subject
    return answer


def search_subject(question: str) -> str:
    """The subject of a search answer: the words the next follow-up leans on (the first
    ``SUBJECT_CHARS`` characters of the question)."""
    return f"search:{question[:SUBJECT_CHARS]}"


def age_text(i: InterventionRecord) -> Optional[str]:
    """The age range of the table row in words (ours), or None when the row gives none."""
    if i.age_min is None and i.age_max is None:
        return None
    if i.age_max is None:
        return message("answers.age.all") if not i.age_min else \
            message("answers.age.from", min=i.age_min)
    return message("answers.age.range", min=i.age_min or 0, max=i.age_max)


def display_name(i: InterventionRecord) -> str:
    """The name with the abbreviation professionals use: "Intensieve ... (IAG)"."""
    short = i.abbreviation
    return f"{i.name} ({short})" if short and short not in i.name else i.name


def guideline_phrase(title: str) -> str:
    """The guideline as the object of a Dutch sentence: "de Richtlijn Kindermishandeling",
    but "het NJi-dossier ‘Wat werkt bij …?’" for a source that is not a guideline."""
    if is_guideline(title):
        return message("answers.search.guideline", title=title)
    return message("answers.search.dossier", title=title)


def dutch_date(day: Optional[dt.date]) -> str:
    """"3 november 2026" (month names from texts/answers.yml); a missing date says so."""
    if day is None:
        return message("answers.sources.retrieved_unknown")
    return f"{day.day} {lines('answers.sources.months')[day.month - 1]} {day.year}"

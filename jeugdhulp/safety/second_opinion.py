"""When the NLU alone thinks a message is an emergency (the rules do not), whether the card
still comes first.

The NLU's ``report_danger`` confidence does not tell a real emergency from a case
description with a question for the guidelines (both score 0.6-1.0), so it is weighed
against what the rules found in the message:

* a frame switched a rule off (past, hypothetical, knowledge question, training): the
  rules read it and said "not now" -> no card;
* the message asks something (a question sentence, or "en ... dan" without a question
  mark: "en zijn broertje van 9 dan, die doet alles na" after a question about a
  programme: ``ASKS_ABOUT_ANOTHER``; or a last clause that asks, after a comma:
  ``ASKS_AFTER_A_COMMA``) and nothing in it says it happens now or is urgent
  (cue group ``urgent`` in rules.yml: "nu", "vannacht", "help", "politie", "wat moet ik
  nu doen", ...) -> no card; it is answered as the question it asks;
* otherwise (a statement, or anything urgent) -> the card, as before: a miss costs more
  than a false alarm.
"""
from __future__ import annotations

import re
from typing import Optional

from jeugdhulp.knowledge.focus import asks
from jeugdhulp.safety.engine import Assessment


# "en zijn broertje van 9 dan, die doet alles na", "en de oudste dan?": the same question
# about someone or something else, a question with or without its question mark
ASKS_ABOUT_ANOTHER = re.compile(r"^\W*en\s+(\S+\s+){1,6}?dan\s*([,?!.]|$)", re.IGNORECASE)
# "moeder heeft lvb en leest slecht, waar let ik op": a question in the last clause, after a
# comma, without its question mark; not "..., wat moet ik doen", a cry for help
ASKS_AFTER_A_COMMA = re.compile(
    r",\s*(?:hoe|wat|waar|welke?|wie|wanneer|moet|kan|kun|mag)\s+(?:\S+\s+){0,2}?"
    r"(?:ik|je|jij|we|wij)\b(?![^,.!?]*\bdoen\W*$)[^,.!?]*$", re.IGNORECASE)


def dismissed(text: str, assessment: Assessment) -> Optional[str]:
    """Why the NLU's alarm does not stand (for the logs), or None when the card comes."""
    if assessment.acute or assessment.urgent:
        return None
    if assessment.suppressed:
        return "rules: " + "; ".join(assessment.suppressed)[:200]
    if asks(text or "") or ASKS_ABOUT_ANOTHER.match(text or "") \
            or ASKS_AFTER_A_COMMA.search(text or ""):
        return "a question without anything urgent"
    return None

"""A question as the answering code sees it: the intent, the words and the entities of the
message, and what the previous answer left behind. Built from Rasa's parse data and slots
(plain dicts), so nothing here needs rasa_sdk."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional

from jeugdhulp.knowledge.focus import split_question

# A guess of the NLU's guideline classifier counts when it is at least this sure.
GUIDELINE_CONFIDENCE = 0.5

NUMBER_WORDS = {"nul": 0, "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5,
                "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11,
                "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
                "zeventien": 17, "achttien": 18}
# Life stages as an age the intervention table's age ranges can be checked against.
STAGE_AGES = {"baby": 0, "babys": 0, "baby's": 0, "zuigeling": 0, "peuter": 2, "peuters": 2,
              "kleuter": 5, "kleuters": 5, "puber": 14, "pubers": 14, "tiener": 15,
              "tieners": 15}
STAGE_IN_TEXT = re.compile(r"\b(" + "|".join(re.escape(w) for w in STAGE_AGES) + r")\b",
                           re.IGNORECASE)
AGE_IN_TEXT = re.compile(r"\b(\d{1,2})\s*(?:-?\s*jarige?n?|jaar|jr\.?)\b")
# A number followed by one of these counts people or gives months, it is not an age in years:
# "3 kinderen", "2 kids", "25 gezinnen"; "4 maanden" is a baby (age 0).
COUNTED = re.compile(r"\s*(?:kinderen|kindjes|kids|kinds|jongens|meisjes|zonen|zoons|dochters|"
                     r"broers|zussen|pubers|tieners|gezinnen|ouders|personen|mensen|instanties|"
                     r"hulpverleners|keer|weken|dagen|uur)\b", re.IGNORECASE)
MONTHS = re.compile(r"\s*(?:maanden|maand|mnd)\b", re.IGNORECASE)
# "al 8 jaar in beeld", "2 jaar geleden", "sinds 3 jaar", "de afgelopen 2 jaar": a time span,
# not a child's age.
SPAN_AFTER = re.compile(
    r"\s*(?:(?:jaar|jr)\.?\s+)?(?:geleden|lang|in\s+beeld|bekend|bezig|in\s+zorg)\b", re.IGNORECASE)
SPAN_BEFORE = re.compile(r"\b(?:sinds|afgelopen|laatste)\s*$", re.IGNORECASE)
# "kinderen onder de 6", "jonger dan 4 jaar", "ouder dan 12": a bound on the children's ages,
# not an age. Below a bound are the ages from 0, above it those up to 17.
_BOUND_WORDS = r"onder\s+de|beneden\s+de|jonger\s+dan|boven\s+de|ouder\s+dan"
BOUND = re.compile(rf"\b(?P<side>{_BOUND_WORDS})\s+(?P<age>\d{{1,2}})\b", re.IGNORECASE)
BOUND_BEFORE = re.compile(rf"(?:{_BOUND_WORDS})\s*$", re.IGNORECASE)
OLDEST_CHILD = 17
# "de richtlijn kindermishandeling", "richtlijn multiprobleemgezinnen": a guideline's name
GUIDELINE_BEFORE = re.compile(r"\brichtlijn\s*$", re.IGNORECASE)


@dataclass
class Question:
    intent: str
    text: str
    interventions: List[str] = field(default_factory=list)  # entity values
    problems: List[str] = field(default_factory=list)
    terms: List[str] = field(default_factory=list)
    topics: List[str] = field(default_factory=list)
    queries: List[str] = field(default_factory=list)
    age: Optional[int] = None
    ages: List[int] = field(default_factory=list)  # every child's age the message gives
    subject: str = ""  # of the previous answer, e.g. "intervention:mst-can"
    more: List[str] = field(default_factory=list)
    sources: List[str] = field(default_factory=list)
    guideline: Optional[str] = None  # the NLU's guess which guideline it is about, if sure
    previous_text: str = ""  # the user's message before this one (for follow-ups)
    previous_intent: str = ""
    earlier_texts: List[str] = field(default_factory=list)  # the user's messages before that
    # the passages quoted by the answers before the last one, the most recent first
    earlier_sources: List[List[str]] = field(default_factory=list)


def entity_values(parse_data: Optional[Mapping[str, Any]], entity: str,
                  asked_first: bool = False) -> List[str]:
    """The values of one entity in the message, each once, in order; ``asked_first``: those
    named in the message's question before those in the facts around it ("... fysiek geweld
    door vader ... welke programma's zijn er om een uithuisplaatsing te voorkomen?": the
    threatened placement first). A problem that names a guideline ("de richtlijn
    kindermishandeling") is none."""
    values: List[str] = []
    entities = list((parse_data or {}).get("entities") or [])
    text = str((parse_data or {}).get("text") or "")
    if asked_first:
        asked = split_question(text)[0].lower()
        entities.sort(key=lambda e: not (isinstance(e.get("start"), int) and isinstance(
            e.get("end"), int) and text[e["start"]:e["end"]].lower() in asked))
    for e in entities:
        start = e.get("start")
        if entity == "problem" and isinstance(start, int) \
                and GUIDELINE_BEFORE.search(text[max(0, start - 20):start]):
            continue  # "de richtlijn kindermishandeling" names a guideline, not a problem
        if e.get("entity") == entity and e.get("value") not in (None, ""):
            value = str(e["value"])
            if value not in values:
                values.append(value)
    return values


def age_values(parse_data: Optional[Mapping[str, Any]], text: str) -> List[str]:
    """The age entity's values that are ages: not a count of people ("3 kinderen") and not
    months ("4 maanden" is age 0)."""
    values: List[str] = []
    for e in (parse_data or {}).get("entities") or []:
        if e.get("entity") != "age" or e.get("value") in (None, ""):
            continue
        end, start = e.get("end"), e.get("start")
        after = text[end:end + 20] if isinstance(end, int) else ""
        before = text[max(0, start - 20):start] if isinstance(start, int) else ""
        if COUNTED.match(after) or BOUND_BEFORE.search(before) or _span(before, after):
            continue
        value = "0" if MONTHS.match(after) else str(e["value"])
        if value not in values:
            values.append(value)
    return values


def _span(before: str, after: str) -> bool:
    """Whether the number between ``before`` and ``after`` is a time span (SPAN_AFTER,
    SPAN_BEFORE)."""
    return bool(SPAN_AFTER.match(after) or SPAN_BEFORE.search(before))


def parse_age(values: List[str], text: str) -> Optional[int]:
    """A child's age from the age entity, else from "8 jaar" / "8-jarige" in the text."""
    candidates = list(values)
    lowered = text.lower()
    match = next((m for m in AGE_IN_TEXT.finditer(lowered)
                  if not _span(lowered[max(0, m.start() - 20):m.start()],
                               lowered[m.end(1):m.end() + 20])), None)
    if match:
        candidates.append(match.group(1))
    stage = STAGE_IN_TEXT.search(text)
    if stage:
        candidates.append(str(STAGE_AGES[stage.group(1).lower()]))
    for value in candidates:
        value = value.strip().lower()
        number = NUMBER_WORDS.get(value)
        if number is None:
            digits = re.match(r"\d{1,2}", value)
            number = int(digits.group(0)) if digits else None
        if number is not None and 0 <= number <= 23:
            return number
    return None


def ages_mentioned(text: str) -> List[int]:
    """Every child's age a message gives, in order ("3 kids (4, 8 en 15 jr)": 4, 8, 15):
    numbers up to 23 that count no people or months, and life stages ("een baby")."""
    ages: List[int] = []
    for match in re.finditer(r"\b\d{1,2}\b", text):
        after = text[match.end():match.end() + 20]
        before = text[max(0, match.start() - 20):match.start()]
        if COUNTED.match(after) or MONTHS.match(after) or int(match.group(0)) > 23 \
                or BOUND_BEFORE.search(before) or _span(before, after):
            continue
        ages.append(int(match.group(0)))
    ages += [STAGE_AGES[m.group(1).lower()] for m in STAGE_IN_TEXT.finditer(text)]
    return ages


def bounded_ages(text: str) -> List[int]:
    """The ages a bound in the message allows, the nearest to the bound first ("drie kinderen
    onder de 6": 5 down to 0, "ouder dan 12": 13 to 17); none without a bound."""
    match = BOUND.search(text)
    if not match:
        return []
    limit = int(match.group("age"))
    below = match.group("side").lower().split()[0] in ("onder", "beneden", "jonger")
    return list(range(limit - 1, -1, -1)) if below else list(range(limit + 1, OLDEST_CHILD + 1))


def nlu_guideline(parse_data: Optional[Mapping[str, Any]]) -> Optional[str]:
    """The guideline the NLU's guideline classifier is sure the message is about."""
    guess = (parse_data or {}).get("guideline") or {}
    if not isinstance(guess, dict):
        return None
    try:
        sure = float(guess.get("confidence") or 0) >= GUIDELINE_CONFIDENCE
    except (TypeError, ValueError, AttributeError):
        return None
    name = guess.get("name")
    return name if sure and isinstance(name, str) else None


def question_of(parse_data: Optional[Mapping[str, Any]], slots: Mapping[str, Any],
                intent: str = "") -> Question:
    """The question in Rasa's parse data of a message, with the slots of the conversation
    (``subject``, ``more``, ``sources``). ``intent`` overrides the predicted one."""
    data: Dict[str, Any] = dict(parse_data or {})
    text = data.get("text") or ""
    values = age_values(data, text)
    ages = [a for a in (parse_age([v], "") for v in values) if a is not None]
    age = parse_age(values, BOUND.sub(" ", text))
    bounded = bounded_ages(text)
    if bounded and not ages:  # "kinderen onder de 6": any of those ages
        ages, age = bounded, age if age is not None else bounded[0]
    return Question(
        intent=intent or (data.get("intent") or {}).get("name") or "",
        text=text,
        interventions=entity_values(data, "intervention"),
        problems=entity_values(data, "problem", asked_first=True),
        terms=entity_values(data, "term"),
        topics=entity_values(data, "topic"),
        queries=entity_values(data, "query"),
        age=age,
        ages=ages,
        subject=slots.get("subject") or "",
        more=list(slots.get("more") or []),
        sources=list(slots.get("sources") or []),
        guideline=nlu_guideline(data),
        previous_text=str(slots.get("previous_text") or ""),
        previous_intent=str(slots.get("previous_intent") or ""),
        earlier_texts=[str(t) for t in slots.get("earlier_texts") or []],
        earlier_sources=[list(keys) for keys in slots.get("earlier_sources") or []],
    )

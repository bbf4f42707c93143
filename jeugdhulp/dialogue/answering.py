"""Which answer a question gets: from the intent, the entities and the conversation so far.

Pure functions over a ``Question`` (no Rasa objects), so the whole decision is testable on
its own. The rules, in order:

1. follow-ups ("meer", "waar staat dat?") use what the previous answer left behind;
2. questions about an intervention (named now, or the subject of the previous answer) get
   the structured row: what it is, for whom, how old, how effective; two named → compared;
3. a problem and/or age → interventions for it;
4. terms → their definition; structures → the whole list;
5. everything else → the knowledge-base search, preferring the guideline the intent is
   about; with no clear match an honest "not in the guidelines" with nearby topics.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

from jeugdhulp.knowledge import compose
from jeugdhulp.knowledge.answers import Answer, Suggestion
from jeugdhulp.knowledge.base import KnowledgeBase, resolve_problem
from jeugdhulp.knowledge.search import InterventionRecord

# Guideline an intent is about (a preference for the search, not a filter). ask_guideline
# is any other question about what a guideline says: intents are defined by the answer they
# get, and these all get the search. Which guideline it prefers comes from the NLU's
# guideline classifier (``Question.guideline``, jeugdhulp/nlu/guideline_classifier.py) when it is
# sure, else from the question's words alone.
GUIDELINE_CONFIDENCE = 0.5  # the NLU's guideline guess must be this sure to be used

INTENT_GUIDELINES = {
    "ask_first_contact": "mpg-gedwongen-kader",
    "ask_working_factors": "kindermishandeling",
    "ask_neglect_help": "kindermishandeling",
    "ask_intervention": "kindermishandeling",
    "ask_interventions_for": "kindermishandeling",
    "ask_guideline": None,
}

INTERVENTION_FOLLOW_UPS = ("ask_effectiveness", "ask_target_group", "ask_age_range")

# Words that make a question about an intervention a question about its effect.
# Research cues count too: a question that cites a study ("Vink et al 2017") or the
# databank asks what is known about the effect.
EFFECT_WORDS = re.compile(r"\b(werkt|werken|effectief|effectiviteit|effect\w*|bewezen|helpt|"
                          r"onderzoek|onderzocht|resultaten|resultaat|voorkomen|voorkomt|"
                          r"bewijs|onderbouwd|onderbouwing|evidence|DEI|KJP|databank|erkend|"
                          r"aantoonbaar|studies?|bevindingen?|et\s+al|(19|20)\d\d)\b",
                          re.IGNORECASE)
# "ask_source" is both "where is that written?" and "which guidelines do you know?": the
# NLU cannot tell "wat is je bron" from "wat zijn je bronnen", the wording can. Questions
# about all sources name them in the plural or ask for an overview; a question about the
# last answer points at it ("dat", "dit", "daar").
ALL_SOURCES = re.compile(
    r"\b(bronnen|richtlijnen|dossiers|documenten|overzicht|lijst|allemaal|alle)\b|"
    r"\bwelke\s+richtlijn(en)?\s+(ken|heb|gebruik|raadpleeg|citeer)", re.IGNORECASE)
THIS_SOURCE = re.compile(r"\b(dat|dit|daar\w*|hier(van|over|uit)|erover|vorige|antwoord)\b|"
                         r"\b(deze|die)\s+(richtlijn|bron|tekst|passage|citaat|informatie)\b",
                         re.IGNORECASE)
FOLLOW_UP_WORDS = 5  # a follow-up longer than this many words is a question of its own


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
    subject: str = ""  # of the previous answer, e.g. "intervention:mst-can"
    more: List[str] = field(default_factory=list)
    sources: List[str] = field(default_factory=list)
    guideline: Optional[str] = None  # the NLU's guess which guideline it is about, if sure


def _named_interventions(kb: KnowledgeBase, q: Question) -> List[InterventionRecord]:
    found: List[InterventionRecord] = []
    for value in q.interventions:
        row = kb.intervention(value)
        if row is not None and row not in found:
            found.append(row)
    for row in kb.interventions_in(q.text):
        if row not in found:
            found.append(row)
    return found


def _subject_intervention(kb: KnowledgeBase, subject: str) -> Optional[InterventionRecord]:
    if subject.startswith("intervention:"):
        return kb.index.interventions.get(subject.split(":", 1)[1])
    return None


def _which_intervention(kb: KnowledgeBase) -> Answer:
    rows = kb.interventions()[:6]
    return Answer(
        lead="Over welke interventie gaat je vraag? Noem de naam, bijvoorbeeld:",
        suggestions=[Suggestion(r.name, f"wat is {r.name}?") for r in rows],
        found=False)


def unknown_intervention(kb: KnowledgeBase) -> Answer:
    """"/interventie <naam>" for a name that is in none of the guidelines: say so, list the
    ones that are, with buttons."""
    rows = kb.interventions()
    names = "; ".join(compose.display_name(r) for r in rows)
    return Answer(
        lead="Die interventie of werkwijze staat niet in de richtlijnen die ik ken, dus "
             f"daar kan ik niets over citeren. Deze ken ik wel: {names}.",
        suggestions=[Suggestion(r.name, f"wat is {r.name}?") for r in rows[:6]],
        found=False)


def answer_question(kb: KnowledgeBase, q: Question) -> Answer:
    answer = _answer_question(kb, q)
    if not answer.found and q.intent == "ask_intervention" and q.interventions \
            and not _named_interventions(kb, q):
        return unknown_intervention(kb)
    return answer


def _answer_question(kb: KnowledgeBase, q: Question) -> Answer:
    intent = q.intent
    if intent == "ask_more":
        if not q.more:
            return Answer(lead="Ik heb bij het vorige antwoord niets meer dat ik nog niet liet "
                               "zien. Stel gerust een nieuwe vraag.", found=False,
                          subject=q.subject)
        answer = compose.more_answer(kb, q.more)
        answer.subject = q.subject
        return answer
    if intent == "ask_source" and ALL_SOURCES.search(q.text) and not THIS_SOURCE.search(q.text):
        intent = "list_sources"  # "welke richtlijnen ken je?", "wat zijn je bronnen"
    if intent == "ask_source":
        if not q.sources:
            return Answer(lead="Ik heb in dit gesprek nog niets uit een richtlijn geciteerd. "
                               "Stel een vraag, dan zeg ik erbij waar het staat.", found=False,
                          subject=q.subject)
        answer = compose.sources_answer(kb, q.sources)
        answer.subject = q.subject
        return answer
    if intent == "list_sources":
        return compose.sources_overview(kb)
    if intent == "search_command":
        query = q.queries[0] if q.queries else ""
        if not query.strip():
            return Answer(lead="Waar wil je naar zoeken? Typ bijvoorbeeld: /zoek veiligheidsplan",
                          found=False)
        return compose.search_listing(kb, query)
    if intent == "ask_topic":
        answer = compose.topic_answer(kb, q.topics[0]) if q.topics else None
        return answer or compose.topics_overview(kb)

    named = _named_interventions(kb, q)
    problem = next((p for p in q.problems if resolve_problem(p)), None)
    if problem is None and intent == "ask_interventions_for":
        problem = q.text if resolve_problem(q.text) else None
    if named and EFFECT_WORDS.search(q.text) and intent in (
            "ask_intervention", "ask_interventions_for", "ask_definition"):
        intent = "ask_effectiveness"  # "werkt Signs of Safety?", "kan X een UHP voorkomen?"

    if intent == "compare_interventions":
        if len(named) >= 2:
            return compose.compare_answer(kb, named[0], named[1])
        if len(named) == 1:
            return compose.intervention_answer(kb, named[0])
        return _which_intervention(kb)

    if intent == "ask_effectiveness" and named and not EFFECT_WORDS.search(q.text) \
            and len(q.text.split()) > FOLLOW_UP_WORDS:
        # "heeft een gezin recht op een familienetwerkberaad?": a question of its own that
        # names an intervention, not about its effect. The passage that answers it, if any.
        answer = compose.search_answer(kb, q.text, level="normal")
        if answer.found:
            return answer

    if intent in INTERVENTION_FOLLOW_UPS:
        row = named[0] if named else _subject_intervention(kb, q.subject)
        if row is not None:
            if intent == "ask_effectiveness":
                return compose.effectiveness_answer(kb, row)
            return compose.target_group_answer(kb, row, about_age=intent == "ask_age_range")
        if len(q.text.split()) > FOLLOW_UP_WORDS:  # a question of its own, not a follow-up
            answer = compose.search_answer(kb, q.text, "kindermishandeling")
            if answer.found:
                return answer
        if q.subject.startswith("problem:") or problem or q.age is not None:
            return compose.interventions_for(kb, problem or q.subject.split(":")[1] or None,
                                             q.age)
        context = q.subject.split(":", 1)[1] if ":" in q.subject else ""
        answer = compose.search_answer(kb, f"{q.text} {context}".strip(), level="normal")
        return answer if answer.found else _which_intervention(kb)

    if intent == "ask_interventions_for" or (problem and intent in ("ask_intervention",)
                                             and not named):
        if problem or q.age is not None:
            return compose.interventions_for(kb, problem, q.age)
        if named:
            return compose.intervention_answer(kb, named[0])
        return compose.intervention_overview(kb)

    if named and intent in ("ask_intervention", "ask_definition"):
        return compose.intervention_answer(kb, named[0])
    if named and intent == "ask_guideline":
        # "wanneer zet ik een EK-C in?": the passage about it, else what the guideline's
        # table says about the intervention.
        answer = compose.search_answer(kb, q.text, q.guideline)
        return answer if answer.found else compose.intervention_answer(kb, named[0])

    structure = _structure_for(kb, intent, q.text, q.guideline)
    if structure is not None:
        collection = kb.collection_record(structure)
        return compose.collection_answer(kb, structure, lead=f"{collection.title}:",
                                         intro=[collection.lead] if collection.lead else [])
    if intent in STRUCTURE_INTENTS:
        if not _search_disagrees(kb, q.text, intent):
            return _structure_answer(kb, intent)
        return compose.search_answer(kb, q.text)
    if len(q.terms) > 1:  # "veiligheidsplan multiprobleemgezin": a topic, not a definition
        return compose.search_answer(kb, q.text, preferred_guideline(intent, q.guideline))

    if intent in ("ask_definition", "ask_intervention") or intent not in INTENT_GUIDELINES:
        for term in q.terms:
            answer = compose.definition_answer(kb, term)
            if answer is not None:
                return answer
        answer = _definition_from_text(kb, q.text)
        if answer is not None:
            return answer
    return compose.search_answer(kb, q.text, preferred_guideline(intent, q.guideline))


def preferred_guideline(intent: str, guideline: Optional[str] = None) -> Optional[str]:
    """The guideline the search should prefer: the intent's own, or for ask_guideline the
    one the NLU's guideline classifier was sure of (jeugdhulp/nlu/guideline_classifier.py)."""
    if intent == "ask_guideline":
        return guideline
    return INTENT_GUIDELINES.get(intent)


STRUCTURE_INTENTS = ("ask_first_contact", "ask_neglect_help", "ask_working_factors")

# Named structures that a guideline question asks for as a whole: (the guideline the
# question must be about, words that ask for it, words that ask for something else) ->
# collection. "welke stappen zijn er bij samen beslissen?" wants all the decision steps.
STRUCTURE_CUES = (
    ("samen-beslissen", r"\b(stappen|stap|fasen|fases|beslisproces|besluitvormingsproces)\b",
     r"\b(doel\w*|analyse|verheldering|vraagverheldering|besluit te komen)\b", "beslisstappen"),
    ("beslissen-onveilig", r"\bhouding\b", r"\b(kennis|vaardigheden)\b",
     "houding-hulpverleners"),
    ("beslissen-onveilig", r"\bkennis\b", r"\b(houding|vaardigheden)\b",
     "kennis-hulpverleners"),
    ("beslissen-onveilig", r"\bvaardigheden\b", r"\b(houding|kennis)\b",
     "vaardigheden-hulpverleners"),
)


def _structure_for(kb: KnowledgeBase, intent: str, text: str,
                   guideline: Optional[str] = None) -> Optional[str]:
    if intent != "ask_guideline":
        return None
    cues = [(guideline, collection) for guideline, wanted, other, collection in STRUCTURE_CUES
            if re.search(wanted, text, re.IGNORECASE) and not re.search(other, text, re.IGNORECASE)]
    if not cues:
        return None
    hits = kb.search(text, limit=1, prefer_guideline=guideline)  # what it is about
    about = hits[0].passage.guideline_id if hits else None
    return next((collection for guideline, collection in cues if guideline == about), None)


def _search_disagrees(kb: KnowledgeBase, text: str, intent: str) -> bool:
    """True when the search clearly finds the question in another guideline than the
    structure the intent points to (the NLU picked the wrong intent)."""
    hits = kb.search(text, limit=1)
    return bool(hits) and compose.clear_match(hits, "normal") and \
        hits[0].passage.guideline_id != INTENT_GUIDELINES[intent]


def _structure_answer(kb: KnowledgeBase, intent: str) -> Answer:
    if intent == "ask_first_contact":
        return compose.first_contact(kb)
    if intent == "ask_neglect_help":
        return compose.collection_answer(
            kb, "hulpvormen-verwaarlozing",
            lead="Bij kinderverwaarlozing beveelt de Richtlijn Kindermishandeling aan:",
            intro=["kindermishandeling/toelichting/hulpvormen-inleiding"],
            suggestions=[Suggestion("Interventies bij verwaarlozing",
                                    "welke interventie bij verwaarlozing?")])
    return compose.collection_answer(
        kb, "werkzame-factoren",
        lead="Werkzame factoren bij hulp na kindermishandeling, volgens de richtlijn:",
        intro=["kindermishandeling/toelichting/werkzame-factoren-inleiding"])


def _definition_from_text(kb: KnowledgeBase, text: str) -> Optional[Answer]:
    """A definition when the question is just "wat is X" for a known term."""
    import re

    match = re.search(r"(?:wat\s+(?:is|zijn|betekent|verstaan\s+we\s+onder)\s+(?:een\s+|de\s+|het\s+)?"
                      r"|definitie\s+(?:van\s+)?(?:een\s+)?)(.+?)[\s?.!]*$",
                      text.strip(), re.IGNORECASE)
    candidate = match.group(1) if match else text.strip(" ?!.")
    if len(candidate) > 60:
        return None
    return compose.definition_answer(kb, candidate)


def fallback_answer(kb: KnowledgeBase, text: str, hint: str = "", hint_confidence: float = 0.0,
                    guideline: Optional[str] = None) -> Answer:
    """Low NLU confidence: search before giving up; answer only on a clear match.

    ``hint`` is the best intent the NLU had (below the fallback threshold): when it was a
    guideline question with some confidence, a less strict match is enough.
    """
    named = kb.interventions_in(text)
    if named and len(text.split()) <= 4:
        return compose.intervention_answer(kb, named[0])
    definition = _definition_from_text(kb, text)
    if definition is not None:
        return definition
    guideline_hint = hint in INTENT_GUIDELINES or hint in INTERVENTION_FOLLOW_UPS or \
        hint in ("ask_definition", "compare_interventions")
    level = "normal" if guideline_hint and hint_confidence >= 0.25 else "strict"
    return compose.search_answer(kb, text, preferred_guideline(hint, guideline), level=level)

"""Which answer a question gets: one small handler per intent (``HANDLERS``).

Pure functions over a ``Question`` (no Rasa objects), so the whole decision is testable on
its own. Before the handler is chosen, the wording may refine the intent the NLU gave
(``refine``): "welke richtlijnen ken je?" is asked like "waar staat dat?" but wants all
sources; "werkt Signs of Safety?" names an intervention but asks about its effect.

Then, by intent:

* follow-ups ("meer", "waar staat dat?") use what the previous answer left behind;
* questions about an intervention (named now, or the subject of the previous answer) get
  the structured row: what it is, for whom, how old, how effective; two named: compared;
* a problem and/or age: the interventions for it;
* the lists some questions ask for whole (first contact, neglect, working factors);
* everything else: a definition when it asks for one, else the knowledge-base search,
  preferring the guideline the question is about, and an honest "not in the guidelines"
  with nearby topics when nothing matches clearly.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Callable, Dict, List, Optional, Sequence, Set

from jeugdhulp.dialogue.intents import intent as intent_info
from jeugdhulp.dialogue.intents import kind_of
from jeugdhulp.dialogue.followup import (
    conversation_guideline,
    follow_up_answer,
    unanswered_in_context,
)
from jeugdhulp.dialogue.pointing import known_records, subject_intervention, what_comes_next
from jeugdhulp.dialogue.question import Question
from jeugdhulp.knowledge import compose
from jeugdhulp.knowledge.answers import Answer
from jeugdhulp.knowledge.base import KnowledgeBase, resolve_problem
from jeugdhulp.knowledge.focus import focus_query, split_question
from jeugdhulp.knowledge.index import InterventionRecord
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.knowledge.search import Hit
from jeugdhulp.messages import message
from jeugdhulp.text import fold

FOLLOW_UP_WORDS = 5  # a follow-up longer than this many words is a question of its own
Handler = Callable[[KnowledgeBase, Question], Answer]


# --- what the question names -------------------------------------------------------------------
def named_interventions(kb: KnowledgeBase, q: Question) -> List[InterventionRecord]:
    """Interventions named by the NLU's entities, then any other named in the text; in a
    case description those its question names first ("... al twee keer IAG gehad ... Een
    collega noemt MST-CAN: komt dit gezin daarvoor in aanmerking?" asks about MST-CAN)."""
    found: List[InterventionRecord] = []
    for value in q.interventions:
        row = kb.intervention(value)
        if row is not None and row not in found:
            found.append(row)
    for row in kb.interventions_in(q.text):
        if row not in found:
            found.append(row)
    question, facts = split_question(q.text)
    if facts and len(found) > 1:
        asked = kb.interventions_in(question)
        found.sort(key=lambda row: row not in asked)
    return found


def _problem(q: Question) -> Optional[str]:
    problem = next((p for p in q.problems if resolve_problem(p)), None)
    if problem is None and q.intent == "ask_interventions_for" and resolve_problem(q.text):
        problem = q.text
    return problem


def _crisis_problem(q: Question) -> Optional[str]:
    """The problem a question for interventions means when it is a crisis or a threatened
    placement (``interventions_asked``): the first problem, or one of the facts' when the
    question names none ("... fysiek geweld door vader ... de raad overweegt nu een
    uithuisplaatsing. welk programma past hier om dat nog te voorkomen?")."""
    crisis = rules().interventions_asked_problems
    first = _problem(q)
    if resolve_problem(first or "") in crisis:
        return first
    asked = resolve_problem(split_question(q.text)[0])
    if asked:  # the question names a problem of its own: "welke crisishulp thuis ...?"
        return asked if asked in crisis else None
    return next((p for p in q.problems if resolve_problem(p) in crisis), None)


def preferred_guideline(intent: str, guideline: Optional[str] = None) -> Optional[str]:
    """The guideline the search should prefer: the intent's own, or for ask_guideline the
    one the NLU's guideline classifier was sure of (jeugdhulp/nlu/guideline_classifier.py)."""
    if intent == "ask_guideline":
        return guideline
    info = intent_info(intent)
    return info.guideline if info else None


def refine(kb: KnowledgeBase, q: Question) -> str:
    """The intent the wording asks for, where it is more precise than the NLU's."""
    cues = rules()
    if q.intent == "ask_source" and cues.all_sources.search(q.text) \
            and not cues.this_source.search(q.text):
        return "list_sources"  # "welke richtlijnen ken je?", "wat zijn je bronnen"
    # "werkt Signs of Safety?", "kan X een UHP voorkomen?", "ekc bij mishandeling zinvol?"
    # (not the working factors), "heeft VSV zin bij verwaarlozing?"; a general question only
    # with a word of use ("de familie wil een EK-C ... Heeft dat zin?"; not "werken": "wij
    # werken met SAVE, wat waren die vier vensters?")
    effect = cues.usefulness_words if q.intent == "ask_guideline" else cues.effect_words
    if q.intent in ("ask_intervention", "ask_interventions_for", "ask_definition",
                    "ask_working_factors", "ask_neglect_help", "ask_guideline") \
            and effect.search(split_question(q.text)[0]) and named_interventions(kb, q):
        return "ask_effectiveness"
    if q.intent == "ask_guideline" and cues.interventions_asked.search(split_question(q.text)[0]) \
            and not named_interventions(kb, q) and _crisis_problem(q):
        # "De Raad overweegt een UHP. Welke intensieve hulp thuis kan dat nog voorkomen?"
        return "ask_interventions_for"
    if q.intent == "ask_interventions_for" and q.sources \
            and cues.follow_up.that_one.search(split_question(q.text)[0]) \
            and not cues.interventions_asked.search(q.text):
        # "er loopt al een OTS, kan zo'n programma daar gewoon naast?" after RGT: about it
        return "ask_guideline"
    if q.intent == "ask_source" and (not cues.source_words.search(q.text)
                                     or cues.source_content.search(q.text)
                                     or _points_at_a_quoted_thing(kb, q)):
        # "welke fases heeft dat?" (the NLU: "waar staat dat?"), "welke insteek kiest die
        # richtlijn dan?"
        return "ask_guideline"
    if q.intent == "ask_more" and (cues.follow_up.asks_what.search(q.text)
                                   or cues.follow_up.what_if.search(q.text) or kb.known_share(
            cues.follow_up.more_words.sub(" ", q.text)) > 0):
        # "en wat is engageren dan?", "kun je het uitgangspunt daarvan toelichten?", "en als
        # daar weinig uitkomt, wat dan?" (the NLU: "meer"): a question, or a word of the
        # guidelines besides the words of asking for more
        return "ask_guideline"
    return q.intent


def _points_at_a_quoted_thing(kb: KnowledgeBase, q: Question) -> bool:
    """"waar vind ik dat kader?" after the Afwegingskader: "dat" with a word the last
    answer quoted (also inside a longer word), not a word for a source ("die richtlijn")."""
    quoted = " ".join(fold(record.text) for record in known_records(kb, q.sources))
    return any(not rules().this_source.search(f"die {word}") and word in quoted
               for word in re.findall(r"\b(?:dat|die|dit|deze)\s+(\w{4,})", fold(q.text)))


# --- follow-ups and lookups ---------------------------------------------------------------------
def _more(kb: KnowledgeBase, q: Question) -> Answer:
    """"meer": the rest of the last answer. "en daarna?" (read as more by the NLU): what
    the guideline says next, when something follows the last answer's quotes."""
    following = what_comes_next(kb, q)
    if following is not None:
        return following
    if not q.more:
        return Answer(lead=message("answers.more.nothing_left"), found=False, subject=q.subject)
    answer = compose.more_answer(kb, q.more)
    answer.subject = q.subject
    return answer


def _source(kb: KnowledgeBase, q: Question) -> Answer:
    if not q.sources:
        return Answer(lead=message("answers.sources.nothing_cited"), found=False,
                      subject=q.subject)
    answer = compose.sources_answer(kb, q.sources)
    answer.subject = q.subject
    return answer


def _search_command(kb: KnowledgeBase, q: Question) -> Answer:
    query = q.queries[0] if q.queries else ""
    if not query.strip():
        return Answer(lead=message("answers.search.empty_command"), found=False)
    return compose.search_listing(kb, query)


def _topic(kb: KnowledgeBase, q: Question) -> Answer:
    answer = compose.topic_answer(kb, q.topics[0]) if q.topics else None
    return answer or compose.topics_overview(kb)


# --- interventions ----------------------------------------------------------------------------
def _compare(kb: KnowledgeBase, q: Question) -> Answer:
    named = named_interventions(kb, q)
    if len(named) >= 2 and rules().effect_words.search(q.text):
        return compose.compare_effect_answer(kb, named)  # "welke is effectiever, X of Y?"
    if len(named) >= 2:
        return compose.compare_answer(kb, named, q.text)
    if len(named) == 1:  # compared with an approach the table has no row for
        answer = compose.search_answer(kb, q.text, q.guideline, closest=False)
        return answer if answer.found else compose.intervention_answer(kb, named[0])
    return compose.which_intervention(kb)


def _said_clearly(kb: KnowledgeBase, q: Question) -> Answer:
    """What the guideline with the interventions table says clearly about the question (a
    "normal" match, no closest passages): found, or not found."""
    return compose.search_answer(kb, q.text, "kindermishandeling", level="normal",
                                 closest=False)


def _about_intervention(kb: KnowledgeBase, q: Question) -> Answer:
    """ask_effectiveness, ask_target_group, ask_age_range: about the intervention named,
    else the one the conversation is about (the last answer's subject), else a problem's
    interventions, else (a short question) the one the conversation's latest message named,
    else search."""
    named = named_interventions(kb, q)
    long_question = len(q.text.split()) > FOLLOW_UP_WORDS
    if q.intent == "ask_effectiveness" and named and not rules().effect_words.search(q.text):
        if rules().how_it_works.search(q.text):
            return compose.intervention_answer(kb, named[0])  # "en SAVE, hoe werkt dat?"
        if long_question or rules().list_words.search(q.text):
            # "heeft een gezin recht op een familienetwerkberaad?": a question of its own that
            # names an intervention, not about its effect; so is a short one that asks for
            # its parts ("in welke fases werkt ISC?"). The passage that answers it.
            answer = compose.search_answer(kb, q.text, level="normal", closest=False)
            if answer.found:
                return answer
    if not named and rules().follow_up.which_ones.search(q.text):
        # "welke zijn nou echt bewezen effectief?" after MST-CAN's effect: which of all of
        # them, where the guideline says it clearly; not MST-CAN's effect again
        answer = _said_clearly(kb, q)
        if answer.found:
            return answer
    row = named[0] if named else subject_intervention(kb, q.subject)
    if row is not None:
        if q.intent == "ask_effectiveness":
            return compose.effectiveness_answer(kb, row)
        return compose.target_group_answer(kb, row, about_age=q.intent == "ask_age_range")
    if long_question:  # a question of its own, not a follow-up
        answer = compose.search_answer(kb, q.text, "kindermishandeling", closest=False)
        if answer.found:
            return answer
    problem = _problem(q)
    if problem and q.intent == "ask_effectiveness":
        # "werkt intensieve thuishulp bij verwaarlozing?": what the guideline says about that
        # help for that problem, where it says it clearly; else the problem's interventions
        answer = _said_clearly(kb, q)
        if answer.found:
            return answer
    if q.subject.startswith("problem:") or problem or q.age is not None:
        return compose.interventions_for(kb, problem or q.subject.split(":")[1] or None, q.age)
    earlier = None if long_question else _intervention_of_conversation(kb, q)
    if earlier is not None:  # "is er onderzoek naar gedaan?" two turns after SAVE's windows
        return _about_intervention(kb, dataclasses.replace(q, interventions=[earlier.id]))
    context = q.subject.split(":", 1)[1] if ":" in q.subject else ""
    answer = compose.search_answer(kb, f"{q.text} {context}".strip(), level="normal")
    return answer if answer.found else compose.which_intervention(kb)


def _intervention_of_conversation(kb: KnowledgeBase, q: Question) -> Optional[InterventionRecord]:
    """The intervention the latest message of the conversation that names any named, when
    it named only that one; else None."""
    for text in (q.previous_text, *q.earlier_texts):
        names = kb.interventions_in(text or "")
        if names:
            return names[0] if len(names) == 1 else None
    return None


def _interventions_for(kb: KnowledgeBase, q: Question) -> Answer:
    problem, named = _problem(q), named_interventions(kb, q)
    if not problem and not named and rules().other_domain_words.search(q.text):
        return compose.search_answer(kb, q.text)  # "welke dosering methylfenidaat bij 9 jaar?"
    if problem or q.age is not None:  # a family's children of several ages: any of them
        return compose.interventions_for(kb, problem, q.age, ages=q.ages)
    if named:
        return compose.intervention_answer(kb, named[0])
    return _interventions_in_conversation(kb, q) or compose.intervention_overview(kb)


def _interventions_in_conversation(kb: KnowledgeBase, q: Question) -> Optional[Answer]:
    """Which intervention, asked in a conversation about another guideline than the one
    with the table of interventions, or naming one: what that guideline says about it,
    where it says it clearly ("wat voor interventie zet je dan in?" about a multi-problem
    family, "mpg gezin welke interventie inzetten, maakt t uit of die erkend is": a
    recognised, well-founded one)."""
    named = kb.guideline_named(q.text)
    conversation = named or conversation_guideline(kb, q)
    if conversation is None or conversation == preferred_guideline(q.intent):
        return None
    # the guideline it names: a match at the lenient level, as for a question to it
    answer = compose.search_answer(kb, q.text, within=conversation,
                                   level="lenient" if named else "normal", closest=False)
    return answer if answer.found else None


def _intervention(kb: KnowledgeBase, q: Question) -> Answer:
    """ask_intervention and ask_definition: the intervention named, a problem's
    interventions, else what the term means or the search."""
    named = named_interventions(kb, q)
    if q.intent == "ask_intervention" and _problem(q) and not named:
        return _interventions_for(kb, q)
    if named:
        return compose.intervention_answer(kb, named[0])
    return _general(kb, q)


# --- lists and everything else -------------------------------------------------------------------
def _guideline_question(kb: KnowledgeBase, q: Question) -> Answer:
    """ask_guideline: the passage that answers it, a list it asks for whole, or what the
    guideline's table says about an intervention it names ("wanneer zet ik een EK-C in?")."""
    named = named_interventions(kb, q)
    if named:
        answer = compose.search_answer(kb, q.text, q.guideline, closest=False)
        if answer.found:
            return answer
        asked = split_question(q.text)[0]
        if rules().effect_words.search(asked) and not rules().how_it_works.search(asked):
            # "... Mijn teamleider wil nu Ambulante Spoedhulp inzetten. Wat levert dat volgens
            # onderzoek op?": a case around the question keeps the match unclear ("hoe werkt
            # dat?" asks what it does)
            return compose.effectiveness_answer(kb, named[0])
        return compose.intervention_answer(kb, named[0])
    collection = _structure_asked(kb, q.text, q.guideline)
    if collection is not None:
        return compose.whole_collection(kb, collection)
    return _general(kb, q)


def _structure_asked(kb: KnowledgeBase, text: str,
                     guideline: Optional[str] = None) -> Optional[str]:
    """The collection a guideline question asks for whole ("welke stappen zijn er bij samen
    beslissen?"), when the question is about that collection's guideline: the search finds
    it first, or the question names its situation (a cue's ``when``)."""
    cues = [cue for cue in rules().structure_cues
            if cue.asks.search(text) and not cue.unless.search(text)]
    if not cues:
        return None
    situated = next((cue for cue in cues if cue.when and cue.when.search(text)), None)
    if situated is not None:  # "welke grondhouding ... of een kind thuis veilig genoeg is?"
        return situated.collection
    hits = kb.search(text, limit=6, prefer_guideline=guideline)  # what it is about
    about = hits[0].passage.guideline_id if hits else None
    collection = next((cue.collection for cue in cues if cue.guideline == about), None)
    if collection is None:
        return None
    # "wat moet de organisatie regelen ...? Wat zegt de kennis daarover?" asks for the
    # preconditions, not for the knowledge a professional needs; "welke stappen zijn er bij
    # samen beslissen?" names the list's guideline: its list
    if kb.guideline_named(text) == about:
        return collection
    listed = {r.key for r in kb.collection(collection)} | {
        kb.collection_record(collection).lead}
    return None if _found_elsewhere(hits, listed) else collection


STRUCTURES: Dict[str, Callable[[KnowledgeBase], Answer]] = {
    "first_contact": compose.first_contact,
    "neglect_help": compose.neglect_help,
    "working_factors": compose.working_factors,
}


# A question the NLU took for a list's intent whose best passage, in another guideline, scores
# this many times the best of the list's guideline is about that other passage.
ELSEWHERE_SHARE = 1.5
# ... and a clear match elsewhere that scores less than this many times the list's best does
# not overrule the NLU ("morgen 1e gesprek bij gezin met verse OTS, ze zijn woest op de GI.
# tips?": the Deltamethode's OTS and GI at 1.08 times the first contact's lead).
CLEAR_ELSEWHERE_SHARE = 1.2


def _listed_keys(kb: KnowledgeBase, structure: str) -> Set[str]:
    """The passages of a structure's list, its lead and its introduction."""
    spec = rules().structures[structure]
    return {r.key for r in kb.collection(spec.collection)} | set(spec.intro) | {
        kb.collection_record(spec.collection).lead}


def _found_elsewhere(hits: Sequence[Hit], listed: Set[str], model: bool = False) -> bool:
    """Whether the search finds the question outside a list: clearly, or ranked far above
    the list's best passage (ELSEWHERE_SHARE, CLEAR_ELSEWHERE_SHARE) and matched at the
    lenient level or, for a list the NLU's intent chose (``model``), picked by the passage
    model ("moet je bij kindermishandeling per se met erkende programma's werken?": the
    recommendation to work with well-founded programmes, not the working factors). A list
    word the question uses ("houding") is not overruled by the passage model alone."""
    if not hits or not listed or hits[0].passage.key in listed:
        return False
    own = [h.score for h in hits if h.passage.key in listed]
    above = not own or hits[0].score >= ELSEWHERE_SHARE * own[0]
    near = bool(own) and hits[0].score < CLEAR_ELSEWHERE_SHARE * own[0]
    return (compose.clear_match(hits, "normal") and not near) or (
        above and (compose.clear_match(hits) or (model and compose.model_stands_out(hits))))


def _structure(kb: KnowledgeBase, q: Question) -> Answer:
    """ask_first_contact, ask_neglect_help, ask_working_factors: the whole list, unless the
    search finds the question outside the list (the NLU picked the wrong intent): clearly,
    or ranked far above the list's best passage; in a case description, the whole message
    or its question sentence alone ("Ik heb morgen een eerste gesprek met moeder en dochter
    (16), aangemeld via de huisarts. Wat hoort er allemaal bij de vraagverheldering?": the
    facts thin out the question's clear match in samen beslissen)."""
    info = intent_info(q.intent)
    hits = kb.search(q.text, limit=6)
    listed = _listed_keys(kb, info.structure) if info is not None and info.structure else set()
    asked, facts = split_question(q.text)
    if _found_elsewhere(hits, listed, model=True) or not (info and info.structure) or (
            facts and _found_elsewhere(kb.search(asked, limit=6), listed, model=True)):
        return compose.search_answer(kb, q.text)
    answer = STRUCTURES[info.structure](kb)
    items = {r.key for r in kb.collection(rules().structures[info.structure].collection)}
    if _asks_a_later_item(hits, items, answer):
        return compose.search_answer(kb, q.text)
    return answer


# The passage model's probability for a later item of a list, and its lead over the next
# passage, that make the item the answer without a "normal" match of its own words.
LATER_ITEM_MODEL = 0.5
LATER_ITEM_LEAD = 4.0


def _asks_a_later_item(hits: Sequence[Hit], items: Set[str], answer: Answer) -> bool:
    """Whether the question asks clearly about one item of the list that its first screen
    does not show ("wat zegt de MPG-richtlijn over wat wel en niet onderhandelbaar is in
    dat eerste gesprek?": the first contact's seventh point, after "meer"): then that item
    answers it, not the list's first points. A long shorthand message matches its item's
    words only partly; the passage model picking the item surely (LATER_ITEM_MODEL, and
    LATER_ITEM_LEAD times the next passage's score) counts as well."""
    return bool(hits) and hits[0].passage.key in items \
        and hits[0].passage.key not in answer.passage_keys \
        and (compose.clear_match(hits, "normal") or (
            compose.clear_match(hits)
            and compose.model_stands_out(hits, LATER_ITEM_MODEL, LATER_ITEM_LEAD)))


def _general(kb: KnowledgeBase, q: Question) -> Answer:
    """A definition when the question asks what a term is, else the search."""
    preferred = preferred_guideline(q.intent, q.guideline)
    if len(q.terms) > 1:  # "veiligheidsplan multiprobleemgezin": a topic, not a definition
        return compose.search_answer(kb, q.text, preferred)
    if q.intent != "ask_guideline":
        for term in q.terms:
            answer = compose.definition_answer(kb, term)
            if answer is not None:
                return answer
        answer = definition_from_text(kb, q.text)
        if answer is not None:
            return answer
    return compose.search_answer(kb, q.text, preferred)


def definition_from_text(kb: KnowledgeBase, text: str) -> Optional[Answer]:
    """A definition when the question is just "wat is X" for a known term."""
    match = re.search(r"(?:wat\s+(?:is|zijn|betekent|verstaan\s+we\s+onder)\s+"
                      r"(?:een\s+|de\s+|het\s+)?|definitie\s+(?:van\s+)?(?:een\s+)?)"
                      r"(.+?)[\s?.!]*$", text.strip(), re.IGNORECASE)
    candidate = match.group(1) if match else text.strip(" ?!.")
    if len(candidate) > 60:
        return None
    return compose.definition_answer(kb, candidate)


HANDLERS: Dict[str, Handler] = {
    "ask_more": _more,
    "ask_source": _source,
    "list_sources": lambda kb, q: compose.sources_overview(kb),
    "search_command": _search_command,
    "ask_topic": _topic,
    "compare_interventions": _compare,
    "ask_effectiveness": _about_intervention,
    "ask_target_group": _about_intervention,
    "ask_age_range": _about_intervention,
    "ask_interventions_for": _interventions_for,
    "ask_intervention": _intervention,
    "ask_definition": _intervention,
    "ask_guideline": _guideline_question,
    "ask_first_contact": _structure,
    "ask_neglect_help": _structure,
    "ask_working_factors": _structure,
}


def answer_question(kb: KnowledgeBase, q: Question) -> Answer:
    """The answer to a question, by the handler of its (refined) intent."""
    intent = refine(kb, q)
    if intent == "ask_interventions_for" and q.intent == "ask_guideline":
        crisis = _crisis_problem(q)  # the facts' threatened placement, not their violence
        if crisis:
            q = dataclasses.replace(q, problems=[crisis] + [p for p in q.problems if p != crisis])
    q = dataclasses.replace(q, intent=intent)
    follow_up = follow_up_answer(kb, q, HANDLERS)
    if follow_up is not None:
        return follow_up
    if rules().other_domain_words.search(split_question(q.text)[0]) \
            and named_interventions(kb, q):
        # "Wie betaalt een MST-CAN traject, en wat kost zoiets?": about the intervention, but
        # a question of another field; the search answers it only where it matches clearly
        return compose.search_answer(kb, q.text)
    answer = HANDLERS.get(q.intent, _general)(kb, q)
    if not answer.found and q.intent == "ask_intervention" and q.interventions \
            and not named_interventions(kb, q):
        return compose.unknown_intervention(kb)
    if not answer.found:  # "en als ze blijft zeggen dat er niks aan de hand is?"
        return unanswered_in_context(kb, q) or answer
    return answer


def out_of_scope_answer(kb: KnowledgeBase, text: str) -> Optional[Answer]:
    """A message the NLU read as out of scope, when the guidelines still answer it clearly
    on their own words and the passage model picks the passage ("de huisarts wil graag
    terugkoppeling, mag dat zomaar?": the agreements on sharing information with the
    referrer); None for the out-of-scope reply. Never the closest passages: the NLU's
    reading stands unless the guidelines say otherwise plainly."""
    hits = kb.search(focus_query(text), limit=2)
    if not compose.model_stands_out(hits):
        return None
    answer = compose.search_answer(kb, text, closest=False)
    return answer if answer.found else None


def fallback_answer(kb: KnowledgeBase, text: str, hint: str = "", hint_confidence: float = 0.0,
                    guideline: Optional[str] = None, in_conversation: bool = False) -> Answer:
    """Low NLU confidence: search before giving up; answer only on a clear match.

    ``hint`` is the best intent the NLU had (below the fallback threshold): when it was a
    guideline question with some confidence, a less strict match is enough.
    ``in_conversation``: the last answer quoted the guidelines and the message points back
    to it, so a message without a word about children or families is still in their domain
    ("dat punt over reactance, wat bedoelen ze daar nou mee?" gets the closest passages).
    """
    named = kb.interventions_in(text)
    if named and len(text.split()) <= 4:
        return compose.intervention_answer(kb, named[0])
    definition = definition_from_text(kb, text)
    if definition is not None:
        return definition
    level = "normal" if kind_of(hint) == "question" and hint_confidence >= 0.25 else "strict"
    preferred = preferred_guideline(hint, guideline)
    answer = compose.search_answer(kb, text, preferred, level=level,
                                   in_conversation=in_conversation)
    if named and not answer.found and not rules().other_domain_words.search(text):
        # "kan iemand uitleggen hoe SAVE in elkaar zit?"; not "hoe lang is de wachtlijst
        # voor MST-CAN?" (another field: the search has answered that)
        answer = compose.search_answer(kb, text, preferred, level="normal", closest=False)
        return answer if answer.found else compose.intervention_answer(kb, named[0])
    return answer

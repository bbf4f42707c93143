"""Short follow-ups that lean on the question before them.

"en signs of safety?" after "is VSV effectief?" asks the same question about another
intervention; "wat is het doel van de eerste?" points into the list the last answer gave;
"en wie moet er allemaal bij zijn?" is about the subject of the last answer. An elliptical
follow-up keeps the subject and the kind of the last question and replaces one slot:

* an ordinal ("de eerste", "de tweede", "de laatste") picks a name from the last answer's
  quotes, or from an earlier answer's when the last one names too few, and is answered
  from the guideline that named it; when there is no such name, the assistant asks which
  one was meant;
* an intervention named after a question about an intervention (its effect, target group,
  ages): the same question about the new one;
* an effect question without a name ("en is het effectief?"): the effect of what the last
  question named;
* an age ("en bij een baby?", "en voor de oudste?", "en als ze 5 was geweest?") after the
  interventions for a problem or an intervention's target group: the same question for
  that age (``ages.for_another_age``);
* an effect question after an answer about an intervention, or whose first quote that
  names interventions names one ("en de effectiviteit daarvan?"), or in a conversation
  that named one: its effect; when that quote names two, the one the conversation named,
  else what its section says about their effect together ("zijn die onderzocht?" after
  the werkwijzen of the Deltamethode), else the assistant asks which one (``effects``);
* another list of the last list's guideline ("en welke vaardigheden?" after the attitude:
  ``pointing.another_list``); a name set against a search answer ("hoe verhoudt dat zich
  tot signs of safety?" after ORBA): that guideline on the two together;
* "en daarna?", "wat is de volgende stap?": what the guideline says right after the last
  answer's quotes (``pointing.what_comes_next``);
* anything else: the search, with the last question's words as context (the follow-up's
  own words count three times), in the guideline of the last answer; a follow-up that names
  another guideline ("en wat zegt samen beslissen daarover?") is searched in that one.

Which messages are follow-ups by their words (short ones, and those of up to LEANING_WORDS
words that refer back) is decided in ``cues``; a message that points at a word of the last
answer's quotes is one too (``points_at_last_answer``). A follow-up is answered here unless
the guidelines answer it clearly by itself. A longer one (up to RESCUE_WORDS) that refers
back or starts with "en" is a question of its own (a weak match in another guideline does
not make it one: ``_own_match``), but when that gets no answer it is searched in its
conversation before the assistant says it has none (``unanswered_in_context``); one the NLU
was unsure of, whose best passage is one the last answer's list still held, gets that
passage among the closest ones (``from_the_rest_of_the_list``).

The cue words are content (``follow_up`` in knowledge/content/answers.yml).
"""
from __future__ import annotations

import dataclasses
import re
from typing import List, Optional, Set, Tuple

from jeugdhulp.dialogue.context_words import (
    as_compound_shown,
    asked_beyond,
    beyond_the_guideline,
    other_items,
    own_weight,
)
from jeugdhulp.dialogue.cues import (
    LEANING_WORDS,
    cued,
    elliptical,
    leans_back,
    ordinal_number,
    ordinal_of_a_noun,
    short_follow_up,
    which_of,
)
from jeugdhulp.dialogue.intents import intent as intent_info
from jeugdhulp.dialogue.intents import kind_of
from jeugdhulp.dialogue.ages import for_another_age, named_for_an_age
from jeugdhulp.dialogue.effects import (
    asked_effect_last,
    effect_in_named_guideline,
    effect_of_earlier,
    only_guideline,
)
from jeugdhulp.dialogue.pointing import (
    another_list,
    asked_names,
    context_of,
    known_records,
    pointed_item,
    pointed_list,
    subject_intervention,
    what_comes_next,
    which_one,
)
from jeugdhulp.dialogue.question import NUMBER_WORDS, Question
from jeugdhulp.knowledge import compose
from jeugdhulp.knowledge.answers import Answer
from jeugdhulp.knowledge.analysis import analyze
from jeugdhulp.knowledge.base import KnowledgeBase, resolve_problem
from jeugdhulp.knowledge.compose.common import search_subject, with_subject
from jeugdhulp.knowledge.focus import focus_query, split_question
from jeugdhulp.knowledge.index import InterventionRecord, PassageRecord
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.knowledge.search import Hit, without_guideline_name
from jeugdhulp.text import fold

# A longer message that refers back or goes on ("en als ze de hele tijd blijft zeggen dat er
# niks aan de hand is?") and got no answer by itself is searched in its conversation, up to
# this many words, before the assistant says it has none.
RESCUE_WORDS = 30
# ... and so is a short one (up to LEANING_WORDS words) whose words the guidelines all but
# all use ("mag ik wel zeggen wat ik zelf het beste vind?" after deciding on help together).
# An aside of another field has words they do not use: "beslagvrije voet bij hun schulden"
# 0.8, "inwerkdagen als werktijd" 0.43 (stop 43: dev16 +2, no other set changed).
RESCUE_KNOWN = 0.9
# A follow-up the NLU read as out of scope or help (``closest`` off) is searched in its
# context only when its own words already share this much with some passage.
OWN_WORDS_SCORE = 5.0
# A follow-up is a question of its own when its own words match some passage clearly (the
# "normal" level) and score at least this much, or match one of the conversation's guideline,
# or it asks what something is (``_own_match``): "en moet ik alles zelf doen of mag ik
# doorverwijzen" about a multi-problem family shares "zelf" and "doen" with a passage on EK-C
# (4.3), and is no question of its own.
OWN_QUESTION_SCORE = 5.0
# A follow-up is searched with the guideline of the last answer raised this much (a new
# question by the NLU's guess: 1.25, search.PREFERRED_GUIDELINE_BOOST). Development sets,
# the follow-up turns of all three, expected passage first: 42 -> 44 of 94 with 1.5.
CONVERSATION_PREFERENCE = 1.5
# A single word in quotes is a term of the guidelines when a passage matches it alone with
# this score ("positioneren" 9.6, "reactance" 9.4, "tunnelvisie" 8.1; "samenwerken" 4.0,
# "prima" 1.8).
QUOTED_TERM_SCORE = 6.0


# The questions about a problem that a short follow-up naming another problem asks again,
# for that problem (``_swaps_the_problem``).
PROBLEM_QUESTIONS = ("ask_neglect_help",)
# A single word in quotes ("'positioneren'"): a word someone read or heard
QUOTED_WORD = re.compile(r"['‘’\"“”](\w{5,})['‘’\"“”]")


def points_at_last_answer(kb: KnowledgeBase, q: Question) -> bool:
    """A message of up to LEANING_WORDS words that points at something the last answer
    quoted ("hoe formuleer ik die doelen zodat ze er wat mee doen?" after the family plan,
    whose passages speak of goals): "die" or "deze" before a word of its quotes ("dat" is
    mostly a conjunction: "hoe zorg ik dat ouders ..."), or a word of its quotes in quotes
    ("wat wordt er bedoeld met 'positioneren'?"). Not with a word of another field ("kan ik
    die ORBA-formulieren in ons registratiesysteem terugvinden?")."""
    if len(q.text.split()) > LEANING_WORDS or not q.sources \
            or rules().other_domain_words.search(q.text):
        return False
    quoted = set().union(*(kb.index.doc_terms.get(key, set()) for key in q.sources))
    pointed = [m.group(2) for m in re.finditer(r"\b(die|deze)\s+(\w+)", q.text, re.IGNORECASE)]
    # or a word of them in quotes: "wat wordt er bedoeld met 'positioneren'?" after the skills
    return any(set(analyze(word)) & quoted for word in [*pointed, *QUOTED_WORD.findall(q.text)])


def conversation_guideline(kb: KnowledgeBase, q: Question) -> Optional[str]:
    """The guideline most of the last answer's quotes come from (the first quote's on a
    tie): "welke grondhouding hoort bij goed beslissen als je mishandeling vermoedt?" got one
    passage of samen beslissen, then two of the dossier on deciding in unsafe situations, and
    its follow-ups ask on in the dossier."""
    shown = [r.guideline_id for r in known_records(kb, q.sources)]
    return max(shown, key=lambda g: (shown.count(g), -shown.index(g))) if shown else None


def _ordinal_in_last_answer(kb: KnowledgeBase, q: Question, number: int) -> bool:
    """Whether the last answer's quotes count what the ordinal's noun names, and name fewer
    interventions than the ordinal counts ("wat bedoelen ze met die derde fase" after "...
    werkt van daaruit in drie fases: ..."): it points into that text, not into the names
    of an answer before it."""
    match = rules().follow_up.ordinal.search(q.text)
    noun = re.match(r"\s+(\w+)", q.text[match.end():]) if match else None
    if noun is None or len(noun.group(1)) < 4:
        return False
    names, _ = pointed_list(kb, dataclasses.replace(q, earlier_sources=[]), number)
    if number <= len(names):
        return False
    stem = fold(noun.group(1))[:max(4, len(noun.group(1)) - 1)]
    counts = "|".join(word for word, value in NUMBER_WORDS.items() if value >= 2)
    counted = re.compile(rf"\b(\d+|{counts})\s+(\w+\s+)?{re.escape(stem)}")
    return any(counted.search(fold(record.text)) for record in known_records(kb, q.sources))


def about_item(kb: KnowledgeBase, q: Question, item: PassageRecord,
               listed: List[str]) -> Answer:
    """What the guideline says about one item of a list, asked as the follow-up asks it
    ("hoe doe ik dat in de praktijk?" + "Verhelder de vraag."): its own passages first,
    beyond the list itself. Without the ordinal; without the word it goes with too ("stap")
    when that brings back the list itself."""
    def search(asked: str) -> Answer:
        return compose.search_answer(kb, f"{asked} {item.text}", item.guideline_id,
                                     within=item.guideline_id, in_conversation=True,
                                     shown=listed)

    answer = search(_without_ordinal(q.text))
    return search(_without_ordinal(q.text, True)) if set(answer.passage_keys) & set(listed) \
        else answer


def _without_ordinal(text: str, with_its_word: bool = False) -> str:
    """The message without its ordinal (``with_its_word``: also "stap" of "die eerste stap")."""
    ordinal = rules().follow_up.ordinal
    return re.sub(rf"(?:{ordinal.pattern})(?:\s+\w+)?", " ", text, flags=re.IGNORECASE) \
        if with_its_word else ordinal.sub(" ", text)


def _in_context(kb: KnowledgeBase, q: Question, row: InterventionRecord,
                guidelines: Set[str]) -> Optional[Answer]:
    """What the guideline the list came from says about the name the ordinal picked, when
    that is another guideline than the interventions table's ("methoden in het gedwongen
    kader ... wat is het doel van de eerste?" is answered from the gedwongen kader)."""
    if len(guidelines) != 1 or row.section_key.split("/")[0] in guidelines:
        return None
    answer = compose.search_answer(kb, f"{_without_ordinal(q.text)} {row.name}",
                                   next(iter(guidelines)), closest=False)
    if not answer.found or not any(row in kb.interventions_in(quote.text)
                                   for quote in answer.quotes[:1]):
        return None
    return answer


def _about_a_name(kb: KnowledgeBase, q: Question, handlers,  # type: ignore[no-untyped-def]
                  named: List[InterventionRecord], effect: bool) -> Tuple[bool, Optional[Answer]]:
    """An ordinal ("de tweede"), "welke van die twee" or a name ("en signs of safety?"):
    (decided, answer)."""
    count = which_of(q.text)
    if count and not named:
        names, guidelines = asked_names(kb, q, count)
        if not names:
            names, guidelines = pointed_list(kb, q, count, gather=True)
        if len(names) < 2:
            return True, which_one(names)
        if effect:
            return True, compose.compare_effect_answer(
                kb, names[:count], only_guideline(guidelines))
        return True, compose.compare_answer(kb, names[:count], q.text)
    number = ordinal_number(q.text)
    if number is not None and not named:
        names, guidelines = pointed_list(kb, q, number)
        if not names or number > len(names):
            item = pointed_item(kb, q, number)
            if item is not None:  # "die eerste stap, hoe doe ik dat?" after the steps
                return True, about_item(kb, q, *item)
        if not names and ordinal_of_a_noun(q.text):
            return False, None  # "en als het na het eerste gesprek nog onduidelijk is?"
        if _ordinal_in_last_answer(kb, q, number):
            return False, None  # "wat bedoelen ze met die derde fase" after ISC's phases
        if not names or number > len(names):
            return True, which_one(names)
        row = names[number - 1] if number > 0 else names[-1]
        return True, _in_context(kb, q, row, guidelines) or (
            compose.effectiveness_answer(kb, row) if effect
            else compose.intervention_answer(kb, row))
    if not named:
        return False, None
    previous = intent_info(q.previous_intent)
    # "en SAVE, hoe werkt dat?", "en wat is ISC?" after an effect question ask what it does
    name_only = len(q.text.split()) <= 5 and not (
        rules().how_it_works.search(q.text) or rules().follow_up.asks_what.search(q.text))
    if previous is not None and previous.about_intervention and name_only:
        again = dataclasses.replace(q, intent=q.previous_intent,
                                    interventions=[named[0].name], text=q.text)
        return True, handlers[q.previous_intent](kb, again)
    if name_only and _asked_its_effect(kb, q) and not _asks_whether_it_fits(q, effect):
        return True, compose.effectiveness_answer(kb, named[0])
    if len(q.text.split()) <= 5 and rules().how_it_works.search(q.text):
        return True, compose.intervention_answer(kb, named[0])  # whatever the NLU thought
    if q.subject.startswith(("search:", "term:")) \
            and rules().follow_up.sets_against.search(q.text):
        # "hoe verhoudt dat zich tot signs of safety?" after what ORBA is (a search answer or
        # a term; "en hoe past SoS daar dan bij?"): the guideline of the last answer on the
        # two together, where a quote of it names the one asked about
        together = _in_conversation(kb, q, context_of(q), closest=False)
        if together is not None and together.found and any(
                named[0] in kb.interventions_in(quote.text) for quote in together.quotes[:2]):
            return True, together
    for_age = named_for_an_age(kb, q, named[0]) if len({r.id for r in named}) == 1 else None
    if for_age is not None:
        return True, for_age
    return True, None  # it names its own subject: answered as a question of its own


def _asks_whether_it_fits(q: Question, effect: bool) -> bool:
    """"en mst-can? kan dat ook?" after the interventions that prevent a placement for
    children of 3 and 5: whether it is for them (the NLU reads a question about its ages or
    target group, and the message has no effect word), not its effect."""
    return not effect and q.intent in ("ask_age_range", "ask_target_group")


def _asked_its_effect(kb: KnowledgeBase, q: Question) -> bool:
    """Whether a short name after the last answer asks what it does for that: "en bij
    SAVE?" after "en wat levert het op?" (the NLU unsure, the effect of ISC); "en ambulante
    spoedhulp?" after "welke hulp kan een UHP nog voorkomen?" (the interventions for a
    threatened placement); "en SAVE zelf?" after "... Wat levert SoS op volgens de
    MPG-richtlijn?" and "en bij SoS?" after "en wat leverde die amsterdamse op?" (a search
    answer: its question sentence asks an effect). Not "IAG, voor wie is dat?" after "welke
    hulp is effectief gebleken ...?": where the last question named none, the NLU's reading
    as another question about an intervention (its target group) stands."""
    kind = q.subject.split(":")[0]
    if kind in ("intervention", "problem"):
        return asked_effect_last(q, years=kind == "intervention")
    asked, _ = split_question(q.previous_text or "")
    if kind != "search" or not rules().effect_words.search(asked):
        return False
    own = intent_info(q.intent)
    return bool(kb.interventions_in(asked)) or own is None or not own.about_intervention \
        or q.intent == "ask_effectiveness"


def _effect_together(kb: KnowledgeBase, q: Question) -> Optional[Answer]:
    """"zijn die onderzocht?" after the werkwijzen the Deltamethode became (SAVE one of
    them): the names in the last quote are examples, and what its section says clearly about
    their effect together answers it ("De werkwijzen zijn nog niet onderzocht")."""
    answer = _in_conversation(kb, q, context_of(q), closest=False)
    if answer is None or not answer.found or not answer.quotes \
            or not rules().effect_words.search(answer.quotes[0].text):
        return None
    first = kb.record(answer.quotes[0].key)
    return answer if any(r.key.rsplit("/", 1)[0] == first.key.rsplit("/", 1)[0]
                         and set(r.topics) & set(first.topics)
                         for r in known_records(kb, q.sources)) else None


def _in_conversation(kb: KnowledgeBase, q: Question, context: str,
                     closest: bool) -> Optional[Answer]:
    """The search for a follow-up: its own words three times and the last question's words,
    in the guideline of the last answer (or the one the message names, then only there).
    A message that the guidelines answer clearly by itself is a question of its own."""
    conversation = conversation_guideline(kb, q)
    short = short_follow_up(q.text)
    named_guideline = kb.guideline_named(q.text)
    # "zegt de richtlijn samen beslissen daar iets anders over?": its own words are those
    # that are left without the name of the guideline it moves to
    moved = named_guideline if named_guideline not in (None, conversation) else None
    own_text = without_guideline_name(q.text, moved) if moved else q.text
    own = [] if short and closest else kb.search(focus_query(own_text), limit=6)
    if not closest and max((h.lexical for h in own[:3]), default=0.0) < OWN_WORDS_SCORE:
        return compose.search_answer(kb, q.text, closest=False, level="strict")
    stands_for = bool(rules().follow_up.stands_for.search(q.text))  # "bij zoiets"
    if not short and not stands_for and (
            (compose.clear_match(own, "normal") and _own_match(own, conversation, q.text)) or (
                compose.clear_match(own)
                and beyond_the_guideline(kb, own, q.text, context, conversation)) or (
                q.intent not in ("ask_guideline", "nlu_fallback") and compose.clear_match(own))):
        # "hoe begin ik dan zo'n eerste gesprek na een OTS?" (the first contact): a question
        # of its own; "waarom zou je het dan toch gebruiken?" is not
        return _own_question(kb, q, conversation, named_guideline, closest)
    asked, facts = split_question(q.text)
    # "en wat zegt de richtlijn samen beslissen daarover?": the same question, in that one,
    # where a passage of it the last answer quoted (after the one it began with) may answer
    # it again ("en wat zegt de MPG-richtlijn daarover?" after goals from both guidelines)
    if moved:  # the names of both guidelines say nothing among the passages of the new one
        asked = without_guideline_name(asked, moved)
        context = without_guideline_name(context, conversation) if conversation else context
    in_last_guideline = conversation is not None and named_guideline is None
    # its facts once, as in a first message ("ze gaat sws heel defensief doen of de boel
    # mooier voorstellen dan het is. hoe ga ik daarmee om?": reactance), unless they are of
    # another field ("... ze willen in elk geval geen medicatie": what they do not ask)
    if rules().other_domain_words.search(facts):
        facts = ""
    elif facts and not _has_own_words(kb, asked):
        # "ze snappen eigenlijk niet goed wat die angst inhoudt. moet ik daar iets mee?": its
        # facts say what it asks about, and count as often as its own words (the search
        # still weighs the question sentence above them: ``focus_query``)
        asked, facts = f"{facts} {asked}", ""
    asked = as_compound_shown(kb, q, asked, context)
    weight = own_weight(kb, asked, context, named_guideline or conversation)
    answer = compose.search_answer(kb, " ".join([asked] * weight + [facts, context]),
                                   named_guideline or conversation or q.guideline,
                                   in_conversation=bool(q.sources), within=moved, closest=closest,
                                   preference=CONVERSATION_PREFERENCE if in_last_guideline
                                   else None,
                                   model_guideline=conversation if in_last_guideline else None,
                                   shown=asked_beyond(kb, q.sources, asked, context, moved),
                                   siblings=other_items(kb, q.sources) if short else ())
    if not answer.found and not closest:  # the context's words thinned out its own
        answer = compose.search_answer(kb, q.text, conversation, closest=False)
    elif answer.subject.startswith("search:"):
        # what the next follow-up leans on: this one and its context, each once ("en qua
        # houding?" after "en netwerk activeren, hoe doe ik dat dan?" after the skills)
        answer = with_subject(answer, search_subject(f"{asked} {context}"))
    return answer


def _own_match(own: List[Hit], conversation: Optional[str], text: str) -> bool:
    """Whether a follow-up's clear match on its own words makes it a question of its own:
    a strong one (OWN_QUESTION_SCORE), one in the conversation's guideline, or one for a
    question what something is ("en wat zijn die bodemeisen ...?")."""
    return own[0].lexical >= OWN_QUESTION_SCORE or own[0].passage.guideline_id == conversation \
        or bool(rules().follow_up.asks_what.search(text))


def _own_question(kb: KnowledgeBase, q: Question, conversation: Optional[str],
                  named_guideline: Optional[str], closest: bool) -> Optional[Answer]:
    """A follow-up that the guidelines answer clearly by its own words: None (a question of
    its own, for the handlers), or, where the message may be a question about what the
    conversation's guideline says, that guideline's clear answer ("waarom zou die positieve
    benadering helpen dan?"; also when the NLU was unsure: "moet dat dan thuis of kan het
    ook gewoon op kantoor?" after the working factors); the closest passages there are no
    such answer ("ok. en bij crusiale beslissingen, moet ik dan iemand laten meekijken?"
    after the preconditions for deciding in unsafe situations). Without ``closest``: the
    search's clear answer in the conversation's guideline."""
    if closest and q.intent in ("ask_guideline", "nlu_fallback") and conversation \
            and not named_guideline:
        answer = compose.search_answer(kb, q.text, conversation, closest=False,
                                       preference=CONVERSATION_PREFERENCE,
                                       model_guideline=conversation)
        return answer if answer.found and not answer.closest else None
    return None if closest else compose.search_answer(kb, q.text, conversation, closest=False)


def follow_up_answer(kb: KnowledgeBase, q: Question, handlers,  # type: ignore[no-untyped-def]
                     closest: bool = True) -> Optional[Answer]:
    """The answer to an elliptical follow-up, or None when the message is not one (or
    names what it is about itself). Without ``closest`` (the NLU read it as out of scope
    or help), a search answers only a clear match, and only when the message's own words
    share something with the guidelines."""
    if not (q.previous_text or q.subject) or not (
            elliptical(q.text) or points_at_last_answer(kb, q)):
        return None
    if kind_of(q.intent) not in ("question", "") and q.intent != "nlu_fallback":
        return None
    if _asks_about_other_field(kb, q.text) or _swaps_the_problem(q):
        return None  # ... or "en als het om verwaarlozing gaat?" after the working factors
    # "hoe dan?": a question word alone asks about the last answer, whatever the NLU thought
    closest = closest or bool(rules().follow_up.question_word.match(q.text.strip()))
    named = kb.interventions_in(q.text) + [r for r in (kb.intervention(v) for v in q.interventions)
                                           if r is not None]
    if named and not (cued(q.text) or leans_back(q.text)):
        return None  # "MST-CAN?" after the effect of IAG: a question of its own, not its effect
    effect = bool(rules().effect_words.search(q.text))
    if effect and not named and rules().follow_up.which_ones.search(q.text):
        return None  # "en welke van die programma's werkt echt?": which of all (the handlers)
    decided, answer = _about_a_name(kb, q, handlers, named, effect)
    if decided:
        return answer
    row = subject_intervention(kb, q.subject)
    if row is not None and not (named or effect or q.terms) and short_follow_up(q.text) \
            and rules().follow_up.asks_what.search(q.text) and not kb.names_a_term(q.text):
        # "en wat is precies het doel ervan?" after MST-CAN's target group: what it is (not
        # "en die routekaart naar veiligheid, wat is dat?" after Signs of Safety)
        return compose.intervention_answer(kb, row)
    answer = another_list(kb, q) or what_comes_next(kb, q) or for_another_age(kb, q) or \
        effect_in_named_guideline(kb, q, effect) or (
            effect_of_earlier(kb, q) if effect else None)
    if answer is not None and not answer.found and answer.suggestions and not named:
        answer = _effect_together(kb, q) or answer
    if answer is not None:
        return answer
    info = intent_info(q.intent)
    if q.subject.split(":")[0] in ("intervention", "problem") and info is not None \
            and info.about_intervention:
        return None  # its effect, target group or ages: the handlers keep that subject
    context = context_of(q)
    # a word in quotes that the last answer quoted is asked about in it ("wat wordt er bedoeld
    # met 'positioneren'?" after the skills, one of which it is); a name it mentions in
    # passing is not ("en die ORBA?" after LIRIK, "opgenomen in de ORBA-werkwijze")
    quoted = _quoted_words(kb, q.text)
    if quoted:  # most follow-ups quote no word: no need to read the last answer's passages
        shown = " ".join(r.text for r in known_records(kb, q.sources)).lower()
        quoted = [t for t in quoted if t.lower() not in shown]
    if not context or any(t.lower() not in context.lower()
                          for t in [*q.terms, *quoted, *_names(kb, q.text)]):
        # "en ORBA?" after LIRIK, "collega had het over 'positioneren', wat is dat?" after
        # partnership under coercion: a term of its own, a question of its own
        return None
    return _in_conversation(kb, q, context, closest)


def _swaps_the_problem(q: Question) -> bool:
    """A short follow-up that names another problem, which the NLU reads as the question
    about that problem (PROBLEM_QUESTIONS): "en als het om verwaarlozing gaat?" after what
    makes interventions after abuse work asks for the help to offer parents who neglect,
    not for the working factors' passages that name neglect."""
    if q.intent not in PROBLEM_QUESTIONS or not q.problems or not short_follow_up(q.text):
        return False
    asked = resolve_problem(q.problems[0])
    return asked is not None and asked != resolve_problem(q.previous_text or "")


def _asks_about_other_field(kb: KnowledgeBase, text: str) -> bool:
    """A message whose facts are of another field and whose question has no words of its
    own that the guidelines use ("moeder vroeg of ze haar antidepressiva kan combineren met
    de slaappillen van de huisarts. wat zeg ik dan?"): it asks about those facts, not about
    the last answer, and is answered (or declined) as a question of its own. A question
    with words of its own is still a follow-up ("en hoe kies ik samen met hen de
    behandeling? ze willen in elk geval geen medicatie")."""
    question, facts = split_question(text)
    return bool(facts) and bool(rules().other_domain_words.search(facts)) \
        and not _has_own_words(kb, question)


def _has_own_words(kb: KnowledgeBase, question: str) -> bool:
    """Whether a question has words of its own that the guidelines use (OWN_WORDS_SCORE):
    "moet ik daar iets mee?" and "wat zeg ik dan?" have none."""
    own = kb.search(focus_query(question), limit=1)
    return max((h.lexical for h in own), default=0.0) >= OWN_WORDS_SCORE


def _names(kb: KnowledgeBase, text: str) -> List[str]:
    """The defined terms the message names that are names ("en die ORBA?", where the NLU
    found no term after "die"): not the everyday ones ("gedwongen kader", "reactance"),
    which a follow-up uses about its conversation's subject."""
    return [term for term in kb.terms_named(text) if term[0].isupper()]


def _quoted_words(kb: KnowledgeBase, text: str) -> List[str]:
    """Single words in quotes that are terms of the guidelines ("'positioneren'": a passage
    matches the word alone with at least QUOTED_TERM_SCORE): a term the message names. A
    quote of several words is what someone said ("'jullie komen alleen maar
    controleren'"), an everyday word ("'prima'") is no term."""
    words = QUOTED_WORD.findall(text)
    return [word for word in words
            if max((h.lexical for h in kb.search(word, limit=1)), default=0.0)
            >= QUOTED_TERM_SCORE]


def unanswered_in_context(kb: KnowledgeBase, q: Question) -> Optional[Answer]:
    """A question of its own that got no answer, in a conversation the guidelines answered,
    that refers back to it or goes on from it (up to RESCUE_WORDS words), or that is short
    and in the guidelines' words (RESCUE_KNOWN): the search with the last question's words
    as context; None when that finds nothing either."""
    if not q.sources or kind_of(q.intent) != "question" \
            or _asks_about_other_field(kb, q.text) or not (
            leans_back(q.text, RESCUE_WORDS) or (len(q.text.split()) <= LEANING_WORDS
                                                  and kb.known_share(q.text) >= RESCUE_KNOWN)):
        return None
    context = context_of(q)
    answer = _in_conversation(kb, q, context, closest=True) if context else None
    return answer if answer is not None and answer.found else None


def from_the_rest_of_the_list(kb: KnowledgeBase, q: Question) -> Optional[Answer]:
    """A message that got no answer and goes on from the last one (up to RESCUE_WORDS
    words), whose best passage is one the last answer's list still held (``q.more``):
    "moet ik haar dan ook zeggen wat vaststaat en waar ze wel iets over te zeggen heeft?"
    after the first points for a first contact, with "Wees duidelijk over wat onderhandelbaar
    is en wat niet" among the rest. The closest passages, that one first."""
    if not q.more or not leans_back(q.text, RESCUE_WORDS) \
            or rules().other_domain_words.search(q.text):
        return None
    hits = kb.search(focus_query(q.text), limit=6)
    if not hits or hits[0].passage.key not in q.more:
        return None
    return compose.closest_answer(kb, q.text, hits)

"""Answers to free questions (the search), the honest "not in the guidelines", "meer", and the
escalation card (the answers about the sources: ``sources``)."""
from __future__ import annotations

from typing import Collection, Dict, List, Optional, Sequence, Tuple

from jeugdhulp.knowledge.analysis import analyze
from jeugdhulp.knowledge.answers import Answer, Quote
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.compose.common import (
    BUDGET,
    guideline_phrase,
    quotes_of,
    search_subject,
    suggestion,
    with_subject,
)
from jeugdhulp.knowledge.compose.interventions import name_table_cells, with_rated_approach
from jeugdhulp.knowledge.compose.lists import topic_button, whole_collection
from jeugdhulp.knowledge.focus import focus_query, sentences, split_question
from jeugdhulp.knowledge.index import InterventionRecord, PassageRecord
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.knowledge.search import Hit
from jeugdhulp.messages import lines, message
from jeugdhulp.text import fold

# How clearly the best passage must match: (coverage of the question, BM25 score).
# "lenient" when the NLU is confident the question is about the guidelines, "normal" when it
# is unsure, "strict" when nothing suggested a guideline question at all.
MATCH_LEVELS = {"lenient": (0.25, 3.0), "normal": (0.45, 4.0), "strict": (0.6, 6.0)}
# The closest passages of a question without a clear match are shown when the best one has
# at least this score (and the question is in the domain). Not a share of the question: a
# case description has many words no guideline uses. 5.0 let everyday questions that name
# a child through ("Hoeveel kinderbijslag krijgen ouders voor een kind van 12?" scores 6.6);
# case descriptions score 14-43 (development half of the independent set). A shorter
# question scores less: it needs only CLOSEST_SHORT_SCORE when the guidelines know at least
# CLOSEST_KNOWN of its words (kinderbijslag, vaccinaties, verlof: they do not).
CLOSEST_MIN_SCORE = 8.0
CLOSEST_SHORT_SCORE = 5.0
# The passage's own words score this high only for a term of the guidelines ("samenhangend
# beeld", "reactance"): in the domain, whatever other words the question has.
CLOSEST_STRONG_SCORE = 20.0
CLOSEST_KNOWN = 0.8
OWN_QUESTION_TERMS = 3  # words a case's question needs to be asked apart from its facts
CLOSEST_QUOTES = 3
# A closest answer shows at least this many of its passages at once, however long the first
# is (the rest after "meer"): the best one is uncertain by definition, so the next belongs
# next to it. Stop 44: with one, a long first passage pushed the others to "meer" ("Wat
# hoort die hulp aan het eind eigenlijk te doen?" after ambulante spoedhulp: its research
# passage first, its approach after "meer"). Readable sets +5, unread +5, none lost; the
# median reply grows by 0-20 characters per set. Keeping short quotes after a long one as
# well (greedy) moved no further turn.
CLOSEST_SHOWN = 2
# Or the best passage's example questions (knowledge/content/questions/) are this close to
# the question (the two closest examples' BM25 scores, weighted as in the search): a
# question in practice language whose words the passages do not use. Everyday questions
# that name a child reach at most 7.8 (test_closest.py); practice questions about
# evaluating or a short crisis programme 9.6-12.7 (development half). With about 22 example
# questions per passage instead of 10 (stop 33) the closest two score higher for every
# question: on the first turns of the six development sets and the out-of-domain set, 11.0
# and 14.0 let in as many out-of-domain messages (47 and 31 of 159) as 9.0 and 12.0 did
# before, and more of the in-domain ones (491 and 432 of 570 instead of 487 and 420).
# Stop 34: with "mpg", "rechter", "opgelegd" and "hulp" among the domain words, 10.0 and
# 12.0 answer 504 of those 570 first turns right instead of 500 (the search answer alone)
# and still decline the same 131 of 159 out-of-domain ones; 11.0 for CLOSEST_EXAMPLES_ALONE
# declines two fewer. In-domain questions refused at 11.0/14.0: "Hoe maak je van een
# opgelegd traject iets waar ouders zelf ook iets positiefs in kunnen zien?" (12.6 alone).
CLOSEST_EXAMPLES = 10.0
# Or the example questions of one of the three best passages are this close on their own,
# whatever the score of the passages' own words: a question about children or families in
# words no passage uses ("Met welke grondhouding stop je geweld in een gezin ...?" 13.7,
# "ouder belt het wijkteam: ... meteen doorverwijzen?" 13.5, "ouders die de boot afhouden"
# 12.1 for the second best; measured with 10 example questions per passage). 9.0 let
# out-of-domain questions in (development half). See CLOSEST_EXAMPLES for 14.0 and 12.0.
CLOSEST_EXAMPLES_ALONE = 12.0
# Or the passage model (trained on the example questions) gives the best passage at least
# this probability and it scores at least CLOSEST_MODEL_LEAD times the second: one passage
# stands out for a question in practice language ("Wanneer mag je een gezin officieel als
# 'multiprobleem' bestempelen?" 0.59 and 10.6 times, the definition; "Hoe breng ik ter
# sprake dat hun zoon met een blauw oog op school kwam ...?" 0.12 and 2.0 times). First
# turns of the readable sets: 4 in-domain questions answered instead of refused, and one
# out-of-domain one about the Wmo let in (now a word of another field).
CLOSEST_MODEL = 0.1
CLOSEST_MODEL_LEAD = 1.9
# A question without a word about children or families (``domain_words``) is still one the
# guidelines speak to when one passage stands out this much: the passage model gives it at
# least CLOSEST_MODEL_ALONE, it scores CLOSEST_MODEL_ALONE_LEAD times the second, and its
# example questions are CLOSEST_EXAMPLES_ALONE close ("Hoeveel huishoudens in ons land
# hebben naar schatting te maken met een opeenstapeling van hardnekkige problemen ...?",
# "... moet ik dat dan eerst bij onze orthopedagoog neerleggen?"). First turns of the
# readable sets without a domain word: the one out-of-domain message with a model
# probability above 0.2 has 0.29 and 5.9.
CLOSEST_MODEL_ALONE = 0.4
CLOSEST_MODEL_ALONE_LEAD = 4.0
# A closest answer whose best passage leads a list quotes it with the list's first items
# (the rest after "meer") and up to two of the next passages.
CLOSEST_LIST_ITEMS = 2
# Further passages of the best passage's guideline are quoted when they score at least this
# share of the best (measured on the development half of the independent set: 0.7 -> 0.5
# quotes a right passage for 73 instead of 68 of 100 first questions). Stop 41, with the
# passage model's sharper scores: 0.5 -> 0.35 read +3, unread +3, none lost (0.25: one more
# of each, longer replies).
NEXT_QUOTE_SHARE = 0.35
# A follow-up asks beyond the last answer ("ook in gedwongen kader?" after the basic
# attitude): the passages that answer quoted rank as if they scored this share.
SHOWN_SHARE = 0.6
# A follow-up that names one more thing of the list the last answer quoted from ("en de
# beschermende factoren?" after "welke gevolgen heeft de situatie voor het kind?", both items
# of the knowledge a professional needs) asks for that list's item: it goes first when its
# own words match better than the best passage's and it scores at least this share of it.
SIBLING_SHARE = 0.75
# In a conversation the guidelines answered (``in_conversation``: a follow-up searched with
# its context, or a message the NLU was unsure of that points back to the last answer), the
# next passages of the best one's guideline are quoted with it from this share of its score
# (NEXT_QUOTE_SHARE otherwise): a follow-up's words are few, and the passage it asks for is
# often the second ("zijn daar instrumenten voor?" after the knowledge needed to decide).
# Stop 36, readable sets: +2 with 0.35, +3 with 0.25 (none lost), +4 with 0.15, whose
# further quotes are only loosely related.
FOLLOW_UP_QUOTE_SHARE = 0.25
# A passage of another guideline than the best one's is quoted with it from this share, after
# those of the best one's guideline (it never takes their place). Stop 41, readable sets: +6,
# none lost; unread unchanged.
OTHER_GUIDELINE_SHARE = 0.7
# ... and from this share when it is the guideline the question is thought to be about (the
# NLU's guess, or the conversation's): "Waarom vinden hulpverleners het zo lastig om in
# onveilige gezinnen de juiste hulp te kiezen?" matches the multi-problem families' "moeilijk
# om ... de juiste hulp te bieden" best, and the dossier on deciding in unsafe situations,
# which it is about, at a third of that.
PREFERRED_SHARE = 0.3
# A closest answer (nothing matched clearly) quotes the next nearest passages from this share
# of the best one's score: the best is uncertain by definition. Stop 41, readable sets: +6
# with 0.25 (none lost), no more with 0.15; unread +1.
CLOSEST_QUOTE_SHARE = 0.25
# A best passage whose own words score less than this does not match at all (its example
# questions ranked it first): a passage quoted with it may make the answer clear.
OWN_WORDS_NONE = 1.0


def clear_match(hits: Sequence[Hit], level: str = "lenient") -> bool:
    """Whether the best passage really answers the question (not just shares a word). Its
    own words must match: example questions rank passages, they do not make a match."""
    if not hits:
        return False
    coverage, score = MATCH_LEVELS[level]
    return hits[0].coverage >= coverage and hits[0].lexical >= score


def _listed_collection(kb: KnowledgeBase, text: str, hits: Sequence[Hit]) -> Optional[str]:
    """The collection to quote whole. It must hold the best passage, as an item when the
    question asks for a list, or as its lead; or, for a question that asks for a list, two
    of the three best passages (of the best passage's guideline). A collection that holds
    only a lower passage is a near miss: quoting it would push the best passage out."""
    top = hits[0]
    wants_list = bool(rules().list_words.search(text))
    close = [h.passage.key for h in hits[:3] if h.score >= 0.7 * top.score
             and h.passage.guideline_id == top.passage.guideline_id]
    for collection in kb.collections_of(top.passage.key):
        if wants_list or top.passage.key == collection.lead:
            return collection.id
    if not wants_list:
        return None
    for key in close[1:]:
        for collection in kb.collections_of(key):
            held = {collection.lead, *(k for _, k in collection.items)}
            if sum(k in held for k in close) >= 2:
                return collection.id
    return None


def _quoted_together(hits: Sequence[Hit], share: float = NEXT_QUOTE_SHARE,
                     shown: Sequence[str] = (), preferred: Optional[str] = None) -> List[Hit]:
    """The passages an answer quotes: the best one and up to two more of its guideline that
    score at least ``share`` of it; a passage the last answer quoted (``shown``) only at
    NEXT_QUOTE_SHARE: it was just read. Where fewer than two do, the places left go to
    passages of other guidelines that score at least OTHER_GUIDELINE_SHARE of it, or
    PREFERRED_SHARE for the guideline the question is thought to be about (``preferred``)."""
    if not hits:
        return []
    top = hits[0]
    same = [h for h in hits[1:] if h.passage.guideline_id == top.passage.guideline_id
            and h.score >= (NEXT_QUOTE_SHARE if h.passage.key in shown else share) * top.score]
    other = [h for h in hits[1:] if h.passage.guideline_id != top.passage.guideline_id
             and h.score >= (PREFERRED_SHARE if h.passage.guideline_id == preferred
                             else OTHER_GUIDELINE_SHARE) * top.score]
    return [top] + (same + other)[:2]


def _answers_clearly(hits: Sequence[Hit], chosen: Sequence[Hit], level: str,
                     in_conversation: bool = False) -> bool:
    """Whether the best passage matches clearly on its own words; or, when its own words do
    not match at all (its example questions ranked it first: "waar kan ik ruimte geven en
    waar moet ik nee zeggen?" asks for the passage on what is negotiable, whose words it does
    not use), whether one quoted with it does. A best passage that shares a few words with
    the question but not clearly keeps the answer unclear: "wordt risperidon nog veel
    voorgeschreven aan jongeren?" shares "jongeren" with a table row, and another row
    matches "ernstige problemen" well, but the guidelines do not answer it. In a
    conversation the guidelines answered (a follow-up searched with its context) one
    quoted with the best passage makes the answer clear whatever the best one's words. Only
    one of the best one's guideline counts (OTHER_GUIDELINE_SHARE quotes one of another)."""
    if clear_match(hits, level):
        return True
    return bool(hits) and (in_conversation or hits[0].lexical < OWN_WORDS_NONE) and any(
        clear_match([hit], level) for hit in chosen[1:]
        if hit.passage.guideline_id == hits[0].passage.guideline_id)


def search_answer(
    kb: KnowledgeBase,
    text: str,
    prefer_guideline: Optional[str] = None,
    level: str = "lenient",
    closest: bool = True,
    in_conversation: bool = False,
    within: Optional[str] = None,
    preference: Optional[float] = None,
    model_guideline: Optional[str] = None,
    shown: Sequence[str] = (),
    siblings: Collection[str] = (),
) -> Answer:
    """The best passages for a free question; a collection when the question asks for the
    list the best passage belongs to and the list's first screen shows a passage found.
    When nothing matches clearly: the closest passages,
    labelled so, for a question about children, families or the help for them
    (``closest``), else an honest "no answer".

    The question inside a longer message counts more than the facts around it
    (``jeugdhulp.knowledge.focus``). A follow-up in a conversation the guidelines answered
    (``in_conversation``) counts as in the domain. ``within``: that guideline's passages only;
    ``preference``: how much the preferred guideline's passages are raised (the search's
    default otherwise); ``model_guideline``: the passage model chooses among that guideline's
    passages only (``search``); ``shown``: the passages the last answer quoted, which a
    follow-up asks beyond (``SHOWN_SHARE``); ``siblings``: the other items of the lists
    the last answer quoted from, which a follow-up may name one more of (``SIBLING_SHARE``)."""
    hits = kb.search(focus_query(text), limit=6, prefer_guideline=prefer_guideline,
                     guideline=within, model_guideline=model_guideline,
                     **({"preference": preference} if preference else {}))
    if shown:
        hits.sort(key=lambda h: -h.score * (SHOWN_SHARE if h.passage.key in shown else 1.0))
    if siblings:
        hits = _sibling_first(hits, siblings)
    other = other_field_word(kb, text) if level == "lenient" else None
    if other:
        level = "strict"  # "welke medicatie ...": a word of another field needs a clear match
    chosen = _quoted_together(hits, FOLLOW_UP_QUOTE_SHARE if in_conversation
                              else NEXT_QUOTE_SHARE, shown, prefer_guideline)
    if not _answers_clearly(hits, chosen, level, in_conversation) or (
            other and not _speaks_of(chosen, other)):
        if closest and in_domain(kb, text, hits, in_conversation):
            return closest_answer(kb, text, hits)
        return no_answer(kb, text, hits)
    collection = _listed_collection(kb, text, hits)
    if collection is not None:
        listed = whole_collection(kb, collection)
        # a long list whose first screen shows none of the passages found is no answer, nor
        # one that holds the best passage after "meer" ("uit welke onderdelen bestaat het"
        # after VSV: VSV's item of the general approaches, not Signs of Safety's)
        held = {key for _, key in kb.collection_record(collection).items}
        if set(listed.passage_keys) & {h.passage.key for h in chosen} and not (
                hits[0].passage.key in held and hits[0].passage.key not in listed.passage_keys):
            return listed
    return _clear_answer(kb, text, hits, chosen, level)


def subject_of(kb: KnowledgeBase, text: str, answer: Answer) -> str:
    """What a search answer was about, for the follow-ups: the intervention the message names
    when every quote is about it alone ("we krijgen een aanmelding voor mst-can: meisje van
    12, ... past ze in de doelgroep?" gets MST-CAN's target group; then "en wat is precies
    het doel ervan?"), else the question's words; with the sentence before it when the
    question points back into the message and that sentence names an intervention or a
    term ("... steeds over ORBA praten. Wat is dat precies en waarvoor is het bedoeld?":
    ORBA, for "en hoe verhoudt dat zich tot signs of safety?")."""
    named = kb.interventions_in(text)
    if len(named) == 1 and answer.passage_keys and all(
            _about_only(kb, kb.record(key).text, named[0]) for key in answer.passage_keys):
        return f"intervention:{named[0].id}"
    question, facts = split_question(text)
    before = sentences(facts)[-1] if facts else ""
    if before and rules().follow_up.refers.search(question) and kb.names_a_term(before):
        question = f"{before} {question}"
    return search_subject(question)


def _about_only(kb: KnowledgeBase, passage: str, row: InterventionRecord) -> bool:
    """Whether a passage is a cell of the intervention's table row or names it alone."""
    return passage in (row.approach_goal, row.target_group, row.dei, row.kjp) or \
        [i.id for i in kb.interventions_in(passage)] == [row.id]


def _sibling_first(hits: List[Hit], siblings: Collection[str]) -> List[Hit]:
    """The hits with an item of the last answer's list first, where its own words match
    better than the best passage's and it scores nearly as well (SIBLING_SHARE)."""
    if not hits or hits[0].passage.key in siblings:
        return hits
    top = hits[0]
    for hit in hits[1:3]:
        if hit.passage.key in siblings and hit.lexical > top.lexical \
                and hit.score >= SIBLING_SHARE * top.score:
            return [hit, *(h for h in hits if h is not hit)]
    return hits


def other_field_word(kb: KnowledgeBase, text: str) -> Optional[str]:
    """A word of another field the question has (``other_domain_words``). In a case
    description whose question the guidelines answer by itself, only the question counts:
    the facts around it ("schuldsanering", "bijstand", "omgangsregeling") describe the
    family, they are not what is asked ("... Hoe bouw ik binnen dat gedwongen kader toch een
    band op?"). By itself: at the lenient level with at least a case's score
    (CLOSEST_MIN_SCORE; "wanneer is een crisisinterventie meteen aan de orde?"), or clearly
    with the passage model picking the passage ("Hoe pak ik het plan aan en wie moeten daar
    allemaal bij aan tafel?": the family plan), or at the lenient level with one passage
    that stands out alone (``_stands_out_alone``: "Moet ik nou echt elke keuze langs onze
    orthopedagoog halen? Ze heeft een wachtlijst ..."), or when it names one of the
    guidelines ("Is er een kader dat de MPG-richtlijn daarvoor aanraadt?"). A question that
    leans on its facts ("De school wil hem schorsen. Mag dat zonder de ouders?", "...
    ADHD-medicatie ... wat zeg ik haar?") is asked about them."""
    found = rules().other_domain_words.search(text)
    if found is None:
        return None
    question, facts = split_question(text)
    if facts and not rules().other_domain_words.search(question):
        if kb.guideline_named(question):  # "... Is er een kader dat de MPG-richtlijn ...?"
            return None
        if kb.guideline_named(facts):
            # "Bij ons wordt elk gezin met een schuldsaneringstraject ... al snel een MPG
            # genoemd. Klopt dat eigenlijk wel?": the facts are about what a guideline names
            return None
        hits = kb.search(focus_query(question), limit=2)
        if (clear_match(hits) and hits[0].lexical >= CLOSEST_MIN_SCORE) or (
                clear_match(hits, "normal") and model_stands_out(hits)) or (
                clear_match(hits) and _stands_out_alone(hits)) or _asks_on_its_own(kb, question):
            return None
    return found.group(0)


def _asks_on_its_own(kb: KnowledgeBase, question: str) -> bool:
    """Whether a case's question asks something of its own, not about its facts: at least
    OWN_QUESTION_TERMS words, nearly all of them the guidelines' (CLOSEST_KNOWN), and none that
    points back into the facts ("... De leerplichtambtenaar is ook betrokken. Hoe kom ik tot
    doelen waar iedereen achter staat?"; not "Wat adviseer ik haar?" or "Iemand een idee?")."""
    cues = rules().follow_up
    return len(analyze(question)) >= OWN_QUESTION_TERMS \
        and kb.known_share(question) >= CLOSEST_KNOWN \
        and not cues.refers.search(question) and not cues.leans.search(question)


def _stands_out_alone(hits: Sequence[Hit]) -> bool:
    """Whether one passage stands out enough to answer a question without a domain word
    (CLOSEST_MODEL_ALONE): the passage model picks it more surely, and its example questions
    are close."""
    return model_stands_out(hits, CLOSEST_MODEL_ALONE, CLOSEST_MODEL_ALONE_LEAD) \
        and hits[0].examples >= CLOSEST_EXAMPLES_ALONE


def model_stands_out(hits: Sequence[Hit], model: float = CLOSEST_MODEL,
                     lead: float = CLOSEST_MODEL_LEAD) -> bool:
    """Whether the passage model picks the best passage: it gives it at least ``model``
    (CLOSEST_MODEL) and it scores ``lead`` (CLOSEST_MODEL_LEAD) times the next."""
    return bool(hits) and hits[0].model >= model and (
        len(hits) == 1 or hits[0].score >= lead * hits[1].score)


def _speaks_of(chosen: Sequence[Hit], word: str) -> bool:
    """Whether a passage to quote has the word of another field the question has, or its
    stem ("welke software gebruiken jullie voor het gezinsplan?": the passages on the plan
    do not speak of software). The guideline texts hold none of those words (`knowledge
    check`): at the lenient level such a question is answered clearly only where a stem is
    shared."""
    stem = fold(word)[:max(4, len(word) - 2)]
    return any(stem in fold(h.passage.text) for h in chosen)


def _with_announced_lists(kb: KnowledgeBase,
                          passages: List[PassageRecord]) -> List[PassageRecord]:
    """The passages, each that announces a list ("Om zorgvuldig te beslissen hebben
    hulpverleners kennis over de volgende zaken nodig:") followed by the list's items: the
    announcement alone says nothing."""
    expanded: List[PassageRecord] = []
    for passage in passages:
        expanded += [passage] if passage not in expanded else []
        if not passage.text.rstrip().endswith(":"):
            continue
        for collection in kb.collections_of(passage.key):
            if collection.lead == passage.key:
                expanded += [item for item in kb.records([k for _, k in collection.items])
                             if item not in expanded and item not in passages]
    return expanded


def _clear_answer(kb: KnowledgeBase, text: str, hits: Sequence[Hit], chosen: Sequence[Hit],
                  level: str) -> Answer:
    """The chosen passages, with the next ones after "meer"; the budget keeps the best one of
    each guideline chosen, and the lead names the guideline only when one is shown. A case
    description matches many passages and their example questions with its facts: what
    matches it only at the lenient level is labelled the closest (the same quotes: the hint
    how to ask would push one out of the answer's budget)."""
    top = hits[0]
    rest = [h for h in hits[1:] if h not in chosen and h.score >= 0.35 * top.score]
    nearest = level == "lenient" and bool(split_question(text)[1]) and \
        not clear_match(hits, "normal")
    # the budget keeps the best passage of each guideline quoted (OTHER_GUIDELINE_SHARE)
    firsts: Dict[str, str] = {}
    for hit in chosen:
        firsts.setdefault(hit.passage.guideline_id, hit.passage.key)
    quoted = _with_announced_lists(kb, with_rated_approach(kb, [h.passage for h in chosen]))
    answer = Answer(lead=message("answers.search.lead_several"),  # its length, for the budget
                    quotes=quotes_of(quoted),
                    more=quotes_of([h.passage for h in rest if h.passage not in quoted]),
                    suggestions=[suggestion("buttons.source")], closest=nearest)
    answer = answer.fit(BUDGET, keep=set(firsts.values()))
    several = len({q.citation.guideline_title for q in answer.quotes}) > 1
    answer.lead = message("answers.closest.lead") if nearest else message(
        "answers.search.lead_several") if several else message(
        "answers.search.lead", guideline=guideline_phrase(top.passage.guideline_title))
    return with_subject(name_table_cells(kb, answer), subject_of(kb, text, answer))


def in_domain(kb: KnowledgeBase, text: str, hits: Sequence[Hit],
              in_conversation: bool = False) -> bool:
    """Whether a question without a clear match is still one the guidelines speak to: it is
    about children, families or the help for them (``domain_words`` in answers.yml, or a
    follow-up in a conversation the guidelines answered: ``in_conversation``) and the
    search found passages that share more than a stray word with it: a high score of their
    own words, a fair one for a question whose words the guidelines know, or a fair one
    with example questions close to it. A question about child benefit shares a word or
    two with passages and examples too ("ouders", "kind"). A question that names one of the
    guidelines, one of their interventions or a term they define is one, and so is one that
    says what a found passage is about in the practice language ("ik ben alles gaan
    overnemen: post openen, school bellen"), without a word of ``domain_words``. A question
    with a word of another field ("dosering", "cao", "AVG": ``other_domain_words``) is not
    one."""
    lexical = max((h.lexical for h in hits[:CLOSEST_QUOTES]), default=0.0)
    if not hits or other_field_word(kb, text):
        return False
    if lexical >= CLOSEST_STRONG_SCORE:  # "samenhangend beeld": only a term of theirs does that
        return True
    if kb.guideline_named(text):  # "welke basishouding vraagt de richtlijn samen beslissen?"
        return True
    if kb.names_a_term(text):  # "... 'de ORBA-manier' uit de AMK-tijd. Wat was dat nou?"
        return True
    if not (in_conversation or rules().domain_words.search(text)
            or _stands_out_alone(hits)
            or kb.speaks_practice(text, [h.passage.key for h in hits[:CLOSEST_QUOTES]])):
        return False
    if max(h.examples for h in hits[:CLOSEST_QUOTES]) >= CLOSEST_EXAMPLES_ALONE:
        return True
    if model_stands_out(hits):
        return True
    if lexical < CLOSEST_SHORT_SCORE:
        return False
    return lexical >= CLOSEST_MIN_SCORE or hits[0].examples >= CLOSEST_EXAMPLES or \
        kb.known_share(split_question(text)[0]) >= CLOSEST_KNOWN


def _section(hit: Hit) -> tuple:
    return (hit.passage.guideline_id, hit.passage.section_path)


def closest_answer(kb: KnowledgeBase, text: str, hits: Sequence[Hit]) -> Answer:
    """The passages nearest to a question the guidelines do not answer clearly: from at
    most two sections, labelled "Dit komt het dichtst in de buurt", with a hint how to ask
    more precisely. A best passage that leads a list comes with the list's first items
    ("Met welke grondhouding stop je geweld ...?": the attitudes the list names); a best
    passage that is an item of a list comes after the list's lead-in, where the search
    found that too (``_with_lead_in``)."""
    listed = [c.id for c in kb.collections_of(hits[0].passage.key)
              if c.lead == hits[0].passage.key]
    if listed:
        quoted, more = _list_and_nearest(kb, listed[0], hits)
    else:
        quoted, more = _with_lead_in(kb, _nearest(hits), hits), []
    answer = Answer(lead=message("answers.closest.lead"), quotes=quotes_of(quoted),
                    more=quotes_of(more), notes=[message("answers.closest.hint")],
                    suggestions=[suggestion("buttons.source")], closest=True)
    answer = name_table_cells(kb, answer.fit(BUDGET, minimum=CLOSEST_SHOWN))
    # the list it leads; else the quotes that fit decide (``subject_of``)
    return with_subject(answer, f"collection:{listed[0]}" if listed
                        else subject_of(kb, text, answer))


def _list_and_nearest(kb: KnowledgeBase, collection_id: str,
                      hits: Sequence[Hit]) -> Tuple[List[PassageRecord], List[PassageRecord]]:
    """The list the best passage leads, its first items, then up to two of the next
    passages outside it (a lead-in of another list says nothing without it); the list's
    further items go to "meer"."""
    items = kb.collection(collection_id)
    listed = {record.key for record in items}
    top = hits[0]
    nearest = [h.passage for h in hits[1:] if h.passage.key not in listed
               and h.score >= CLOSEST_QUOTE_SHARE * top.score
               and not h.passage.text.rstrip().endswith(":")][:CLOSEST_QUOTES - 1]
    return ([top.passage, *items[:CLOSEST_LIST_ITEMS], *nearest],
            list(items[CLOSEST_LIST_ITEMS:]))


def _nearest(hits: Sequence[Hit]) -> List[PassageRecord]:
    """The nearest passages, from at most two sections."""
    # A list's lead-in ("Zet de volgende stappen ...:") says nothing without its list.
    hits = [h for h in hits if not h.passage.text.rstrip().endswith(":")] or list(hits)
    top = hits[0]
    sections = [_section(top)]
    chosen = [top]
    for hit in hits[1:]:
        if len(chosen) >= CLOSEST_QUOTES or hit.score < CLOSEST_QUOTE_SHARE * top.score:
            break
        if _section(hit) not in sections:
            if len(sections) >= 2:
                continue
            sections.append(_section(hit))
        chosen.append(hit)
    return [h.passage for h in chosen]


def _with_lead_in(kb: KnowledgeBase, quoted: List[PassageRecord],
                  hits: Sequence[Hit]) -> List[PassageRecord]:
    """The passages, with the lead-in of the list the best one is an item of before it,
    when the search found that lead-in too ("Bied ouders bij kinderverwaarlozing de
    volgende hulpvormen (gelijktijdig) aan:" before "Hulp die gericht is op de eigen ...
    problemen." for "tegelijk of eerst haar depressie?"): a lead-in alone says nothing, but
    it says what its item is an item of."""
    if not quoted:
        return quoted
    found = {h.passage.key for h in hits if h.score >= CLOSEST_QUOTE_SHARE * hits[0].score}
    leads = [c.lead for c in kb.collections_of(quoted[0].key)
             if c.lead and c.lead != quoted[0].key and c.lead in found]
    if not leads or leads[0] in {r.key for r in quoted}:
        return quoted
    return [*kb.records(leads[:1]), *quoted]


def no_answer(kb: KnowledgeBase, text: str, hits: Sequence[Hit] = ()) -> Answer:
    """Says plainly that the guidelines here do not answer it, and offers nearby topics."""
    topics = kb.find_topics(text, limit=3)
    if len(topics) < 3:
        for hit in hits:
            for topic_id in hit.passage.topics:
                topic = kb.topic(topic_id)
                if topic and topic not in topics and len(topics) < 3:
                    topics.append(topic)
    suggestions = [topic_button(t) for t in topics]
    lead = message("answers.no_answer.lead") + message(
        "answers.no_answer.with_topics" if suggestions else "answers.no_answer.without_topics")
    return with_subject(Answer(lead=lead, suggestions=suggestions, found=False), "")


def search_listing(kb: KnowledgeBase, query: str) -> Answer:
    """/zoek: the best passages for the words, each with its guideline, best first."""
    hits = kb.search(query, limit=5)
    if not clear_match(hits, "lenient"):
        return no_answer(kb, query, hits)
    quotes = [Quote.of(h.passage, heading=h.passage.guideline_title.replace("Richtlijn ", ""))
              for h in hits if h.score >= 0.4 * hits[0].score]
    answer = Answer(lead=message("answers.search.listing"), quotes=quotes,
                    suggestions=[suggestion("buttons.source")])
    return with_subject(answer.fit(BUDGET), search_subject(query))


# --- follow-ups and sources -------------------------------------------------------------------
def more_answer(kb: KnowledgeBase, keys: Sequence[str]) -> Answer:
    answer = Answer(lead=message("answers.more.lead"), quotes=quotes_of(kb.records(keys)))
    return answer.fit(BUDGET)


# --- acute danger --------------------------------------------------------------------------------
def escalation_card(kb: Optional[KnowledgeBase] = None) -> Answer:
    """The card for acute danger to a child: what to do now, then the guideline's words on
    acting unilaterally and on working together afterwards. Without a knowledge base (it
    cannot be reached) the card still gives what to do now."""
    quotes = quotes_of(kb.records(rules().escalation_passages)) if kb is not None else []
    return Answer(lead=message("answers.escalation.lead"),
                  notes=lines("answers.escalation.lines"), quotes=quotes, notes_first=True,
                  subject="danger" if kb is not None else "")

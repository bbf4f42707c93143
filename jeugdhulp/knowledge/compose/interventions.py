"""Composing Answers from the knowledge base: one function per kind of question.

Leads and notes are our own words (plain Dutch, never styled as quotes); every guideline
sentence in an Answer is a verbatim passage with its citation. Answers are fitted to about
1,200 characters; what does not fit is kept for "meer".
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence

from jeugdhulp.knowledge.answers import Answer, Quote, Suggestion, is_guideline
from jeugdhulp.knowledge.base import KnowledgeBase, resolve_problem
from jeugdhulp.knowledge import vocabulary
from jeugdhulp.knowledge.vocabulary import effectiveness_note
from jeugdhulp.knowledge.search import Hit, InterventionRecord, PassageRecord

BUDGET = 1200

# Extra passages the guideline gives for a problem, quoted after the interventions.
PROBLEM_PASSAGES: Dict[str, Sequence[str]] = {
    "verwaarlozing": ("kindermishandeling/toelichting/hulpvormen-inleiding",
                      "kindermishandeling/discussie/langdurige-verwaarlozing"),
    "fysieke_mishandeling": ("kindermishandeling/discussie/fysieke-mishandeling",),
    "crisis": ("kindermishandeling/discussie/internationale-studies",),
}

LIST_WORDS = re.compile(
    r"\b(stappen|stap|aandachtspunten|punten|adviezen|advies|factoren|hulpvormen|"
    r"aanbevelingen|welke|wat zijn|lijst|overzicht|vaardigheden|kennis|houding|fases|fasen)\b",
    re.IGNORECASE)


def age_text(i: InterventionRecord) -> Optional[str]:
    """The age range of the table row in words (ours), or None when the row gives none."""
    if i.age_min is None and i.age_max is None:
        return None
    if i.age_max is None:
        return "alle leeftijden" if not i.age_min else f"vanaf {i.age_min} jaar"
    return f"{i.age_min or 0}–{i.age_max} jaar"


def display_name(i: InterventionRecord) -> str:
    short = i.abbreviation
    return f"{i.name} ({short})" if short and short not in i.name else i.name


def _quotes(records: Sequence[Optional[PassageRecord]], heading: Optional[str] = None) -> List[Quote]:
    seen: List[str] = []
    quotes = []
    for r in records:
        if r is not None and r.key not in seen:
            seen.append(r.key)
            quotes.append(Quote.of(r, heading))
    return quotes


def _subject(answer: Answer, subject: str) -> Answer:
    answer.subject = subject
    return answer


# --- structures ----------------------------------------------------------------------------
def collection_answer(
    kb: KnowledgeBase,
    collection_id: str,
    lead: Optional[str] = None,
    intro: Sequence[str] = (),
    suggestions: Sequence[Suggestion] = (),
    budget: int = BUDGET,
) -> Answer:
    """Quotes a structure (steps, attention points, ...): optional introducing passages,
    then its items; what does not fit goes to "meer"."""
    collection = kb.collection_record(collection_id)
    quotes = _quotes(kb.records(intro))
    quotes += _quotes(kb.collection(collection_id))
    answer = Answer(lead=lead or f"{collection.title}:", quotes=quotes,
                    suggestions=list(suggestions))
    return _subject(answer.fit(budget), f"collection:{collection_id}")


def first_contact(kb: KnowledgeBase) -> Answer:
    return collection_answer(
        kb, "eerste-contact-aandachtspunten",
        lead="Zo begin je volgens de richtlijn het eerste gesprek in een gedwongen kader:",
        intro=["mpg-gedwongen-kader/hulp-in-gedwongen-kader/houding-eerste-contact"],
        suggestions=[Suggestion("Wat is reactance?", "wat is reactance?"),
                     Suggestion("Wat is niet onderhandelbaar?",
                                "wat is wel en niet onderhandelbaar in een gedwongen kader?")],
        budget=1350)


# --- interventions --------------------------------------------------------------------------
def rating_record(kb: KnowledgeBase, i: InterventionRecord) -> Optional[PassageRecord]:
    for value in (i.kjp, i.dei):
        record = kb.record_with_text(value, "kindermishandeling") if value else None
        if record is not None and (not i.dei or i.dei.split()[0] in record.text):
            return record
    return kb.record_with_text(i.dei) if i.dei else None


# Topic of an intervention's own passages, where it is not its id with underscores.
INTERVENTION_TOPICS = {
    "eigen-kracht-conferentie": "eigen_kracht",
    "methode-integrale-jeugdbescherming": "deltamethode_werkwijzen",
    "beter-beschermd": "deltamethode_werkwijzen",
    "nieuwe-jeugdbescherming-gelderland": "deltamethode_werkwijzen",
}


def intervention_topic(i: InterventionRecord) -> str:
    return INTERVENTION_TOPICS.get(i.id, i.id.replace("-", "_"))


def _is_about(i: InterventionRecord, r: PassageRecord) -> bool:
    """Whether a passage is specifically about this intervention (names it in its label)."""
    label = (r.label or "").casefold()
    return any(label.startswith(n.casefold()) for n in i.names)


def _description_records(kb: KnowledgeBase, i: InterventionRecord) -> List[PassageRecord]:
    """What the intervention is: its own description or definition, its table cells
    (approach and goal, former names, target group); shared cells only as a last resort."""
    topic = intervention_topic(i)
    related = [*kb.records(i.evidence), *kb.topic_passages(topic)]
    approach = kb.record_with_text(i.approach_goal)
    target = kb.record_with_text(i.target_group)
    shared = approach is not None and sum(
        1 for other in kb.interventions() if other.approach_goal == i.approach_goal) > 1
    own_approach = approach if approach is not None and not shared else None
    table_extra = [r for r in kb.topic_passages(topic)
                   if r.key.startswith(i.section_key + "/") and r not in (approach, target)
                   and r.kind == "explanation"]
    specific = [r for r in related if r.kind in ("definition", "explanation") and _is_about(i, r)]
    specific.sort(key=lambda r: r.kind != "definition")
    records: List[Optional[PassageRecord]] = []
    if own_approach is not None:
        records += [own_approach, *table_extra]
    elif specific:
        records += specific[:1]
    elif approach is not None:
        records.append(approach)
    records.append(target)
    found = [r for r in records if r is not None]
    if found:
        return list(dict.fromkeys(found))
    return [r for r in related if r.kind in ("definition", "explanation")][:2] or related[:1]


def _evidence_records(kb: KnowledgeBase, i: InterventionRecord) -> List[PassageRecord]:
    """Passages on its effect: findings about this intervention first, then general ones."""
    evidence = kb.records(i.evidence)
    names = [n.casefold() for n in i.names]

    def rank(r: PassageRecord) -> tuple:
        specific = _is_about(i, r) or any(n in r.text.casefold() for n in names)
        return (not specific, r.kind != "finding")
    return sorted(evidence, key=rank)


def _intervention_notes(i: InterventionRecord) -> List[str]:
    notes = []
    age = age_text(i)
    if age:
        notes.append(f"Leeftijd volgens de tabel: {age}.")
    notes.append(effectiveness_note(i.effectiveness))
    return notes


def _intervention_suggestions(i: InterventionRecord) -> List[Suggestion]:
    return [Suggestion("Hoe effectief?", "en hoe effectief is dat?"),
            Suggestion("Voor welke leeftijd?", "voor welke leeftijd?"),
            Suggestion("Waar staat dat?", "waar staat dat?")]


def intervention_answer(kb: KnowledgeBase, i: InterventionRecord) -> Answer:
    quotes = _quotes(_description_records(kb, i))
    rating = rating_record(kb, i)
    quotes += _quotes([rating] if rating else [])
    answer = Answer(lead=f"{display_name(i)} — zo beschrijft de richtlijn het:", quotes=quotes,
                    notes=_intervention_notes(i), suggestions=_intervention_suggestions(i))
    return _subject(answer.fit(BUDGET, minimum=2), f"intervention:{i.id}")


def effectiveness_answer(kb: KnowledgeBase, i: InterventionRecord) -> Answer:
    rating = rating_record(kb, i)
    evidence = _evidence_records(kb, i)
    quotes = _quotes([rating, *evidence] if rating else evidence)
    answer = Answer(
        lead=f"Hoe effectief is {display_name(i)}? Dit zegt de richtlijn:", quotes=quotes,
        notes=[effectiveness_note(i.effectiveness)],
        suggestions=[Suggestion("Voor wie is het?", "voor wie is dat bedoeld?"),
                     Suggestion("Waar staat dat?", "waar staat dat?")])
    return _subject(answer.fit(BUDGET), f"intervention:{i.id}")


def target_group_answer(kb: KnowledgeBase, i: InterventionRecord, about_age: bool = False) -> Answer:
    target = kb.record_with_text(i.target_group)
    records = [target] if target else _description_records(kb, i)
    age = age_text(i)
    if about_age:
        lead = (f"{display_name(i)}: {age} volgens de tabel. De doelgroep:" if age else
                f"De richtlijn noemt voor {display_name(i)} geen leeftijd. Wel dit:")
    else:
        lead = f"Voor wie is {display_name(i)}? Volgens de richtlijn:"
    answer = Answer(lead=lead, quotes=_quotes(records),
                    notes=[] if about_age or not age else [f"Leeftijd volgens de tabel: {age}."],
                    suggestions=[Suggestion("Hoe effectief?", "en hoe effectief is dat?"),
                                 Suggestion("Waar staat dat?", "waar staat dat?")])
    return _subject(answer.fit(BUDGET), f"intervention:{i.id}")


def interventions_for(kb: KnowledgeBase, problem: Optional[str], age: Optional[int]) -> Answer:
    """Interventions of the guideline table for a problem and/or age, best evidence first."""
    slug = resolve_problem(problem) if problem else None
    label = vocabulary.problems()[slug].label if slug else None
    rows = kb.interventions_for(slug, age) if (slug or age is not None) else kb.interventions()
    context = " ".join(filter(None, [f"bij {label}" if label else None,
                                     f"voor een kind van {age} jaar" if age is not None else None]))
    notes: List[str] = []
    if not rows and slug and age is not None:
        notes.append(f"Voor een kind van {age} jaar noemt de tabel bij {label} geen interventie; "
                     f"dit zijn de interventies bij {label} voor andere leeftijden.")
        rows = kb.interventions_for(slug, None)
    if not rows:
        return no_answer(kb, f"{problem or ''} interventie")
    quotes: List[Quote] = []
    for i in rows:
        target = kb.record_with_text(i.target_group) or next(iter(_description_records(kb, i)), None)
        if target is None:
            continue
        details = ", ".join(filter(None, [age_text(i), _short_rating(i)]))
        heading = f"{display_name(i)}" + (f" ({details})" if details else "")
        quotes.append(Quote.of(target, heading=heading))
    quotes += _quotes(kb.records(PROBLEM_PASSAGES.get(slug or "", ())))
    notes.append("Gerangschikt van sterkst naar zwakst onderbouwd volgens de richtlijn. "
                 "Vraag naar een interventie voor de details.")
    lead = (f"Interventies uit de Richtlijn Kindermishandeling {context}:" if context
            else "Interventies uit de Richtlijn Kindermishandeling:")
    suggestions = [Suggestion(f"Meer over {i.name}", f"wat is {i.name}?") for i in rows[:3]]
    answer = Answer(lead=lead, quotes=quotes, notes=notes, suggestions=suggestions)
    subject = f"intervention:{rows[0].id}" if len(rows) == 1 else f"problem:{slug or ''}:{age or ''}"
    return _subject(answer.fit(BUDGET, minimum=2), subject)


def _short_rating(i: InterventionRecord) -> Optional[str]:
    parts = []
    if i.dei and not i.dei.startswith("Niet"):
        parts.append(" ".join(i.dei.split()).rstrip("."))
    if i.kjp and not i.kjp.startswith(("Niet", "Wordt niet")):
        parts.append(i.kjp.rstrip("."))
    return "; ".join(parts) or None


def compare_answer(kb: KnowledgeBase, a: InterventionRecord, b: InterventionRecord) -> Answer:
    quotes: List[Quote] = []
    notes: List[str] = []
    for i in (a, b):
        target = kb.record_with_text(i.target_group) or next(iter(_description_records(kb, i)), None)
        rating = rating_record(kb, i)
        if target is not None:
            quotes.append(Quote.of(target, heading=f"{display_name(i)} — doelgroep"))
        if rating is not None:
            quotes.append(Quote.of(rating, heading=f"{display_name(i)} — beoordeling"))
        notes.append(f"{display_name(i)}: {age_text(i) or 'geen leeftijd genoemd'}; "
                     f"{effectiveness_note(i.effectiveness).lower().rstrip('.')}.")
    answer = Answer(lead=f"{a.name} en {b.name} naast elkaar, volgens de richtlijn:",
                    quotes=quotes, notes=notes,
                    suggestions=[Suggestion(f"Meer over {a.name}", f"wat is {a.name}?"),
                                 Suggestion(f"Meer over {b.name}", f"wat is {b.name}?")])
    return _subject(answer.fit(1400, minimum=2), f"intervention:{a.id}")


def intervention_overview(kb: KnowledgeBase) -> Answer:
    rows = kb.interventions()
    names = ", ".join(display_name(i) for i in rows)
    answer = Answer(
        lead=f"De Richtlijn Kindermishandeling noemt deze interventies en werkwijzen: {names}. "
             f"Vraag naar een ervan, of naar een probleem en leeftijd.",
        suggestions=[Suggestion("Bij verwaarlozing", "welke interventie bij verwaarlozing?"),
                     Suggestion("Bij acute crisis", "welke interventie bij een acute crisis?"),
                     Suggestion("Bij geweld tussen ouders",
                                "interventie bij geweld tussen ouders?")])
    return _subject(answer, "interventions")


# --- definitions, topics, search --------------------------------------------------------------
def definition_answer(kb: KnowledgeBase, term: str) -> Optional[Answer]:
    records = kb.definition(term)
    if not records:
        return None
    definitions = [r for r in records if r.kind == "definition"] or records
    label = definitions[0].label or term
    answer = Answer(lead=f"{label[:1].upper()}{label[1:]} — volgens de richtlijn:",
                    quotes=_quotes(definitions[:1]),
                    more=_quotes([r for r in records if r not in definitions[:1]]),
                    suggestions=[Suggestion("Waar staat dat?", "waar staat dat?")])
    return _subject(answer.fit(BUDGET), f"term:{label}")


def topic_answer(kb: KnowledgeBase, topic_id: str) -> Optional[Answer]:
    topic = kb.topic(topic_id)
    if topic is None:
        return None
    records = kb.topic_passages(topic_id)
    order = {"recommendation": 0, "definition": 1, "attention_point": 2, "step": 3,
             "finding": 4, "explanation": 5}
    records.sort(key=lambda r: (order.get(r.kind, 9), r.guideline_id, r.key))
    if not records:
        return None
    answer = Answer(lead=f"{topic.label} — dit zegt de richtlijn:", quotes=_quotes(records[:6]),
                    more=_quotes(records[6:]),
                    suggestions=[Suggestion("Waar staat dat?", "waar staat dat?")])
    return _subject(answer.fit(BUDGET), f"topic:{topic_id}")


# Topics offered in the overview, in this order (the most asked-about first).
OVERVIEW_TOPICS = ("eerste_contact", "reactance", "meldcode", "acute_onveiligheid",
                   "interventies", "verwaarlozing", "werkzame_factoren", "eigen_kracht",
                   "multiprobleemgezin", "gezinsplan", "veiligheidsplan",
                   "goed_genoeg_ouderschap", "beslisproces", "samenhangend_beeld",
                   "gedragswetenschapper", "beslissen_onveilig", "risicotaxatie")


def topics_overview(kb: KnowledgeBase) -> Answer:
    topics = [kb.topic(t) for t in OVERVIEW_TOPICS]
    topics = [t for t in topics if t is not None]
    labels = "; ".join(t.label for t in topics)
    return Answer(
        lead=f"Belangrijke onderwerpen uit de richtlijnen die ik ken: {labels}. Kies er een of "
             f"stel gewoon je vraag.",
        suggestions=[Suggestion(t.label, f'/ask_topic{{"topic": "{t.id}"}}') for t in topics[:10]],
        subject="topics")


# How clearly the best passage must match: (coverage of the question, BM25 score).
# "lenient" when the NLU is confident the question is about the guidelines, "normal" when it
# is unsure, "strict" when nothing suggested a guideline question at all.
MATCH_LEVELS = {"lenient": (0.25, 3.0), "normal": (0.45, 4.0), "strict": (0.6, 6.0)}


def clear_match(hits: Sequence[Hit], level: str = "lenient") -> bool:
    """Whether the best passage really answers the question (not just shares a word)."""
    if not hits:
        return False
    coverage, score = MATCH_LEVELS[level]
    return hits[0].coverage >= coverage and hits[0].score >= score


def guideline_phrase(title: str) -> str:
    """The guideline as the object of a Dutch sentence: "de Richtlijn Kindermishandeling",
    but "het NJi-dossier ‘Wat werkt bij …?’" for a source that is not a guideline."""
    if is_guideline(title):
        return f"de {title}"
    return f"het NJi-dossier ‘{title}’"


def search_answer(
    kb: KnowledgeBase,
    text: str,
    prefer_guideline: Optional[str] = None,
    level: str = "lenient",
) -> Answer:
    """The best passages for a free question; a collection when the question asks for the
    list the best passage belongs to; an honest "no answer" when nothing matches clearly."""
    hits = kb.search(text, limit=6, prefer_guideline=prefer_guideline)
    if not clear_match(hits, level):
        return no_answer(kb, text, hits)
    top = hits[0]
    wants_list = bool(LIST_WORDS.search(text))
    for hit in hits[:3]:
        if hit.score < 0.7 * top.score:
            break
        if hit.passage.guideline_id != top.passage.guideline_id:
            continue  # a list from another guideline than the best passage is a detour
        collections = kb.collections_of(hit.passage.key)
        if collections and (wants_list or hit.passage.key == collections[0].lead):
            collection = collections[0]
            return collection_answer(kb, collection.id, lead=f"{collection.title}:",
                                     intro=[collection.lead] if collection.lead else [])
    chosen = [top] + [h for h in hits[1:] if h.score >= 0.7 * top.score
                      and h.passage.guideline_id == top.passage.guideline_id][:2]
    rest = [h for h in hits[1:] if h not in chosen and h.score >= 0.5 * top.score]
    answer = Answer(lead=f"Dit zegt {guideline_phrase(top.passage.guideline_title)} erover:",
                    quotes=_quotes([h.passage for h in chosen]),
                    more=_quotes([h.passage for h in rest]),
                    suggestions=[Suggestion("Waar staat dat?", "waar staat dat?")])
    return _subject(answer.fit(BUDGET), f"search:{text[:200]}")


def no_answer(kb: KnowledgeBase, text: str, hits: Sequence[Hit] = ()) -> Answer:
    """Says plainly that the guidelines here do not answer it, and offers nearby topics."""
    topics = kb.find_topics(text, limit=3)
    if len(topics) < 3:
        for hit in hits:
            for topic_id in hit.passage.topics:
                topic = kb.topic(topic_id)
                if topic and topic not in topics and len(topics) < 3:
                    topics.append(topic)
    suggestions = [Suggestion(t.label, f'/ask_topic{{"topic": "{t.id}"}}') for t in topics]
    lead = ("Daar geven de richtlijnen die ik ken geen duidelijk antwoord op, dus ik ga niet "
            "gissen.")
    if suggestions:
        lead += " Misschien bedoel je een van deze onderwerpen:"
    else:
        lead += " Typ \"help\" om te zien waar ik wel over kan vertellen."
    return _subject(Answer(lead=lead, suggestions=suggestions, found=False), "")


# --- follow-ups -----------------------------------------------------------------------------
def more_answer(kb: KnowledgeBase, keys: Sequence[str]) -> Answer:
    quotes = _quotes(kb.records(keys))
    answer = Answer(lead="Het vervolg (letterlijk uit de richtlijn):", quotes=quotes)
    return answer.fit(BUDGET)


def sources_answer(kb: KnowledgeBase, keys: Sequence[str]) -> Answer:
    """Where the last answer's quotes come from: guideline, edition, authors, section, URL."""
    records = kb.records(keys)
    lines = []
    seen = set()
    for r in records:
        where = (r.guideline_id, r.section_path)
        if where in seen:
            continue
        seen.add(where)
        lines.append(f"{r.guideline_title} ({r.guideline_edition}), onderdeel "
                     f"\"{' > '.join(r.section_path)}\". Auteurs: {r.guideline_authors}. "
                     f"{r.section_url or r.guideline_url}")
    answer = Answer(
        lead="Het vorige antwoord citeert:",
        notes=lines + ["Richtlijnen worden regelmatig herzien: kijk op de website voor de "
                       "actuele versie."],
        found=bool(lines))
    return answer


def sources_overview(kb: KnowledgeBase) -> Answer:
    """The guidelines this assistant answers from: title, edition, authors, URL."""
    lines = [f"{title} ({edition}). {authors}. {url}"
             for _, title, authors, edition, url in kb.guidelines()]
    return Answer(
        lead="Ik citeer uit deze richtlijnen en dossiers van het Nederlands Jeugdinstituut, "
             "voor de beroepsverenigingen NVO, BPSW en NIP:",
        notes=lines + ["Overnemen is toegestaan met vermelding van de auteurs. Richtlijnen "
                       "worden regelmatig herzien: raadpleeg altijd de website voor de "
                       "actuele versie."],
        subject="sources")


def search_listing(kb: KnowledgeBase, query: str) -> Answer:
    """/zoek: the best passages for the words, each with its guideline, best first."""
    hits = kb.search(query, limit=5)
    if not clear_match(hits, "lenient"):
        return no_answer(kb, query, hits)
    quotes = [Quote.of(h.passage, heading=h.passage.guideline_title.replace("Richtlijn ", ""))
              for h in hits if h.score >= 0.4 * hits[0].score]
    answer = Answer(lead="Zoekresultaten in de richtlijnen, beste eerst:", quotes=quotes,
                    suggestions=[Suggestion("Waar staat dat?", "waar staat dat?")])
    return _subject(answer.fit(BUDGET), f"search:{query[:200]}")


ESCALATION_LINES = (
    "Is er direct levensgevaar? Bel 112.",
    "Veilig Thuis (advies en melden huiselijk geweld en kindermishandeling): 0800-2000, "
    "gratis, dag en nacht.",
    "Moet het kind nu beschermd worden? Doe een spoedmelding bij de Raad voor de "
    "Kinderbescherming.",
)


def escalation_card(kb: KnowledgeBase) -> Answer:
    """The card for acute danger to a child: what to do now, then the guideline's words on
    acting unilaterally and on working together afterwards."""
    quotes = _quotes(kb.records([
        "mpg-gedwongen-kader/onveilige-situaties-inschatten/eenzijdig-ingrijpen",
        "mpg-gedwongen-kader/onveilige-situaties-inschatten/daarna-samenwerken",
    ]))
    return Answer(lead="⚠️ Acuut gevaar voor een kind? Handel nu:", notes=list(ESCALATION_LINES),
                  quotes=quotes, notes_first=True, subject="danger")

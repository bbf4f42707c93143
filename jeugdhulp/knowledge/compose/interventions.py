"""Answers about interventions: what one is, for whom, how old, how effective; which ones
fit a problem and an age; two side by side; the overview.

Quoted: the verbatim table cells and passages of the guideline. Ours: leads, the age range
in words, the effectiveness note (knowledge/content/effectiveness.yml), buttons.
"""
from __future__ import annotations

import dataclasses
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from jeugdhulp.knowledge import vocabulary
from jeugdhulp.knowledge.answers import Answer, Quote
from jeugdhulp.knowledge.base import KnowledgeBase, resolve_problem
from jeugdhulp.knowledge.compose.common import (
    BUDGET,
    age_text,
    display_name,
    guideline_phrase,
    quotes_of,
    suggestion,
    with_subject,
)
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.knowledge.index import InterventionRecord, PassageRecord
from jeugdhulp.knowledge.vocabulary import effectiveness_note
from jeugdhulp.messages import message

GUIDELINE = "kindermishandeling"  # the guideline with the interventions table


def rating_record(kb: KnowledgeBase, i: InterventionRecord) -> Optional[PassageRecord]:
    """The passage that holds the intervention's own DEI/KJP rating (its table cell)."""
    for value in (i.kjp, i.dei):
        record = kb.cell(i, value) if value else None
        if record is not None and (not i.dei or i.dei.split()[0] in record.text):
            return record
    return None


_cells: Tuple[object, Dict[str, str]] = (None, {})  # (the index, its table cells' names)


def table_cells(kb: KnowledgeBase) -> Dict[str, str]:
    """The passages that are cells of an intervention's table row (its approach, target
    group and rating), each with the name of its intervention (or its label where several
    rows share it: "Werkwijzen zoals SAVE en Beter Beschermd: doelgroep"), computed once per
    loaded knowledge base."""
    global _cells
    if _cells[0] is not kb.index:
        owners: Dict[str, List[InterventionRecord]] = {}
        for i in kb.interventions():
            for r in (kb.cell(i, i.approach_goal), kb.cell(i, i.target_group),
                      rating_record(kb, i)):
                if r is not None:
                    owners.setdefault(r.key, []).append(i)
        names = {key: display_name(rows[0]) if len(rows) == 1 else kb.record(key).label or ""
                 for key, rows in owners.items()}
        _cells = (kb.index, {key: name for key, name in names.items() if name})
    return _cells[1]


def with_rated_approach(kb: KnowledgeBase, records: List[PassageRecord]) -> List[PassageRecord]:
    """The passages, with the approach cell of the intervention whose rating the first one
    is right after it: "DEI: Goed onderbouwd." alone does not say what the intervention
    does ("Welke gezinstherapie voor tieners met gedragsproblemen staat in de databank als
    goed onderbouwd?")."""
    if not records or records[0].key not in table_cells(kb):
        return records
    rated = [i for i in kb.interventions()
             if (rating := rating_record(kb, i)) is not None and rating.key == records[0].key]
    approach = kb.cell(rated[0], rated[0].approach_goal) if len(rated) == 1 else None
    if approach is None or approach in records:
        return records
    return [records[0], approach, *records[1:]]


def name_table_cells(kb: KnowledgeBase, answer: Answer) -> Answer:
    """The answer, with each quoted cell of the interventions table headed by the name of its
    intervention: on its own, "Kortdurende gezinsbehandeling, van gezinnen met 11-18-jarigen
    ..." does not say which one it is. After the answer is fitted to its budget: naming a
    quote does not push another one into "meer"."""
    cells = table_cells(kb)

    def named(quotes: List[Quote]) -> List[Quote]:
        return [dataclasses.replace(q, heading=cells[q.key])
                if q.key in cells and not q.heading else q for q in quotes]
    answer.quotes, answer.more = named(answer.quotes), named(answer.more)
    return answer


def intervention_topic(i: InterventionRecord) -> str:
    """The topic with the intervention's own passages (answers.yml, else its id)."""
    return rules().intervention_topics.get(i.id, i.id.replace("-", "_"))


def _is_about(i: InterventionRecord, r: PassageRecord) -> bool:
    """Whether a passage is specifically about this intervention (names it in its label)."""
    label = (r.label or "").casefold()
    return any(label.startswith(n.casefold()) for n in i.names)


def _table_records(kb: KnowledgeBase, i: InterventionRecord):  # type: ignore[no-untyped-def]
    """The cells of its table row: (own approach and goal or None, the approach cell, the
    target group cell, other explanations in the row)."""
    approach = kb.record_with_text(i.approach_goal)
    target = kb.record_with_text(i.target_group)
    shared = approach is not None and sum(
        1 for other in kb.interventions() if other.approach_goal == i.approach_goal) > 1
    own_approach = approach if approach is not None and not shared else None
    extra = [r for r in kb.topic_passages(intervention_topic(i))
             if r.key.startswith(i.section_key + "/") and r not in (approach, target)
             and r.kind == "explanation"]
    return own_approach, approach, target, extra


def description_records(kb: KnowledgeBase, i: InterventionRecord) -> List[PassageRecord]:
    """What the intervention is: its own description or definition, its table cells
    (approach and goal, former names, target group); shared cells only as a last resort.
    Another guideline's own description of it comes second."""
    related = [*kb.records(i.evidence), *kb.topic_passages(intervention_topic(i))]
    own_approach, approach, target, table_extra = _table_records(kb, i)
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
        return list(dict.fromkeys(found[:1] + _other_guidelines(found, specific) + found[1:]))
    return [r for r in related if r.kind in ("definition", "explanation")][:2] or related[:1]


def _other_guidelines(found: List[PassageRecord], candidates: List[PassageRecord]
                      ) -> List[PassageRecord]:
    """The first of ``candidates`` from each guideline that ``found`` does not quote: where
    another guideline describes the intervention too (Signs of Safety in the table of
    Kindermishandeling and in the text of MPG in gedwongen kader), the answer shows both."""
    quoted = {r.guideline_id for r in found}
    others: Dict[str, PassageRecord] = {}
    for r in candidates:
        if r.guideline_id not in quoted:
            others.setdefault(r.guideline_id, r)
    return list(others.values())


def _evidence_records(kb: KnowledgeBase, i: InterventionRecord,
                      guideline: Optional[str] = None) -> List[PassageRecord]:
    """Passages on its effect: those of ``guideline`` first (where the conversation named
    it), findings before descriptions, and of each those about this intervention before
    general ones ("De werkwijzen zijn nog niet onderzocht op effectiviteit" before the
    description of SAVE)."""
    evidence = kb.records(i.evidence)
    names = [n.casefold() for n in i.names]

    def rank(r: PassageRecord) -> tuple:
        specific = _is_about(i, r) or any(n in r.text.casefold() for n in names)
        return (guideline is not None and r.guideline_id != guideline,
                r.kind != "finding", not specific)
    return sorted(evidence, key=rank)


def _target_record(kb: KnowledgeBase, i: InterventionRecord) -> Optional[PassageRecord]:
    return kb.record_with_text(i.target_group) or next(iter(description_records(kb, i)), None)


def intervention_answer(kb: KnowledgeBase, i: InterventionRecord) -> Answer:
    quotes = quotes_of(description_records(kb, i))
    rating = rating_record(kb, i)
    quotes += quotes_of([rating] if rating else [])
    age = age_text(i)
    notes = [message("answers.age.note", age=age)] if age else []
    answer = Answer(lead=message("answers.intervention.lead", name=display_name(i)),
                    quotes=quotes, notes=[*notes, effectiveness_note(i.effectiveness)],
                    suggestions=[suggestion("buttons.effect"), suggestion("buttons.age"),
                                 suggestion("buttons.source")])
    return with_subject(answer.fit(BUDGET, minimum=2), f"intervention:{i.id}")


def effectiveness_answer(kb: KnowledgeBase, i: InterventionRecord) -> Answer:
    """Its rating and the passages on its effect. Where another guideline reports on its
    effect too, the first finding of each guideline is shown with the rating, whatever the
    budget (Signs of Safety: Kindermishandeling could not show its added value, MPG in
    gedwongen kader reports fewer protection orders): the answer shows what each says."""
    rating = rating_record(kb, i)
    records = list(dict.fromkeys(filter(None, [rating, *_evidence_records(kb, i)])))
    others = _other_guidelines(records[:1], records[1:])
    first = [r for r in records[1:] if r.guideline_id == records[0].guideline_id][:1]
    shown = records[:1] + (first + others if others else [])
    answer = Answer(
        lead=message("answers.intervention.effect_lead_both" if others
                     else "answers.intervention.effect_lead", name=display_name(i)),
        quotes=quotes_of(list(dict.fromkeys(shown + records))),
        # next to another guideline's findings, the note says whose rating it is
        notes=[message("answers.intervention.effect_note_of", note=effectiveness_note(
            i.effectiveness), title=records[0].guideline_title) if others and rating
            else effectiveness_note(i.effectiveness)],
        suggestions=[suggestion("buttons.target_group"), suggestion("buttons.source")])
    return with_subject(answer.fit(BUDGET, minimum=len(shown), greedy=True),
                        f"intervention:{i.id}")


def effect_in_guideline_answer(kb: KnowledgeBase, i: InterventionRecord,
                               guideline: str) -> Optional[Answer]:
    """What one guideline says about its effect ("en in de MPG-richtlijn?" after its effect
    by another): that guideline's passages on its effect, findings first; None when it has
    none."""
    records = [r for r in _evidence_records(kb, i, guideline) if r.guideline_id == guideline]
    rating = rating_record(kb, i)
    if rating is not None and rating.guideline_id == guideline:
        records.insert(0, rating)
    if not records:
        return None
    answer = Answer(
        lead=message("answers.intervention.effect_in_lead", name=display_name(i),
                     guideline=guideline_phrase(records[0].guideline_title)),
        quotes=quotes_of(list(dict.fromkeys(records))),
        suggestions=[suggestion("buttons.target_group"), suggestion("buttons.source")])
    return with_subject(answer.fit(BUDGET), f"intervention:{i.id}")


def target_group_answer(kb: KnowledgeBase, i: InterventionRecord,
                        about_age: bool = False) -> Answer:
    target = kb.record_with_text(i.target_group)
    records = [target] if target else description_records(kb, i)
    age = age_text(i)
    name = display_name(i)
    if about_age:
        lead = message("answers.intervention.age_lead", name=name, age=age) if age else \
            message("answers.intervention.no_age_lead", name=name)
    else:
        lead = message("answers.intervention.target_lead", name=name)
    notes = [] if about_age or not age else [message("answers.age.note", age=age)]
    answer = Answer(lead=lead, quotes=quotes_of(records), notes=notes,
                    suggestions=[suggestion("buttons.effect"), suggestion("buttons.source")])
    return with_subject(answer.fit(BUDGET), f"intervention:{i.id}")


def _row_quotes(kb: KnowledgeBase, rows: List[InterventionRecord]) -> List[Quote]:
    """Each intervention's target group, headed by its name, age and rating."""
    quotes = []
    for i in rows:
        target = _target_record(kb, i)
        if target is None:
            continue
        details = ", ".join(filter(None, [age_text(i), _short_rating(i)]))
        quotes.append(Quote.of(target, heading=display_name(i) +
                               (f" ({details})" if details else "")))
    return quotes


def interventions_for(kb: KnowledgeBase, problem: Optional[str], age: Optional[int],
                      ages: Sequence[int] = ()) -> Answer:
    """Interventions of the guideline table for a problem and/or age, best evidence first.
    ``ages``: the children of a family ("3 kids (4, 8 en 15 jr)"): interventions for any of
    them, not just for the first age named."""
    from jeugdhulp.knowledge.compose.general import no_answer

    slug = resolve_problem(problem) if problem else None
    label = vocabulary.problems()[slug].label if slug else None
    ages = sorted(set(ages))
    if len(ages) > 1:
        return _for_children(kb, slug, label, ages)
    rows = kb.interventions_for(slug, age) if (slug or age is not None) else kb.interventions()
    notes: List[str] = []
    if not rows and slug and age is not None:
        notes.append(message("answers.interventions_for.no_age_match", age=age, label=label))
        rows = kb.interventions_for(slug, None)
    if not rows:
        return no_answer(kb, message("answers.interventions_for.search", problem=problem or ""))
    notes.append(message("answers.interventions_for.ranked"))
    context = " ".join(filter(None, [
        message("answers.interventions_for.problem", label=label) if label else None,
        message("answers.interventions_for.age", age=age) if age is not None else None]))
    lead = message("answers.interventions_for.lead_for", context=context) if context else \
        message("answers.interventions_for.lead")
    answer = Answer(lead=lead, notes=notes,
                    suggestions=[suggestion("buttons.more_about", name=i.name)
                                 for i in rows[:3]])
    subject = f"intervention:{rows[0].id}" if len(rows) == 1 else f"problem:{slug or ''}:{age or ''}"
    return with_subject(_listed(kb, answer, rows, slug), subject)


def _listed(kb: KnowledgeBase, answer: Answer, rows: Sequence[InterventionRecord],
            slug: Optional[str]) -> Answer:
    """The answer with each intervention's target group, then the problem's passages. A
    short list (COMPARED) shows what each one does after the target groups, in the room of
    a side-by-side answer (COMPARE_BUDGET; what does not fit after "meer"): "welke
    intensieve programma's zijn er om een uithuisplaatsing te voorkomen?" asks what they do
    as much as for whom."""
    answer.quotes, budget = _row_quotes(kb, rows), BUDGET
    if len(rows) <= COMPARED:
        budget = COMPARE_BUDGET
        answer.quotes += _side_by_side(rows, lambda i: [(
            _approach_record(kb, i),
            lambda names: message("answers.compare.approach_heading", name=names))])
    answer.quotes += quotes_of(kb.records(rules().problem_passages.get(slug or "", ())))
    return answer.fit(budget, minimum=2)


def _for_children(kb: KnowledgeBase, slug: Optional[str], label: Optional[str],
                  ages: Sequence[int]) -> Answer:
    """The interventions for a problem that fit any of a family's children."""
    rows = [i for i in kb.interventions_for(slug, None) if any(i.fits_age(a) for a in ages)]
    if not rows:
        return interventions_for(kb, slug, None)
    if len(ages) > 2 and list(ages) == list(range(ages[0], ages[-1] + 1)):  # "onder de 6"
        named = message("answers.interventions_for.age_range", low=ages[0], high=ages[-1])
    else:
        named = message("answers.interventions_for.ages", ages=_joined([str(a) for a in ages]))
    context = " ".join(filter(None, [
        message("answers.interventions_for.problem", label=label) if label else None, named]))
    answer = Answer(lead=message("answers.interventions_for.lead_for", context=context),
                    notes=[message("answers.interventions_for.ranked")],
                    suggestions=[suggestion("buttons.more_about", name=i.name) for i in rows[:3]])
    return with_subject(_listed(kb, answer, rows, slug), f"problem:{slug or ''}:")


def _short_rating(i: InterventionRecord) -> Optional[str]:
    """The verbatim DEI and KJP ratings, left out where the table says there is none."""
    parts = []
    if i.dei and not i.dei.startswith("Niet"):
        parts.append(" ".join(i.dei.split()).rstrip("."))
    if i.kjp and not i.kjp.startswith(("Niet", "Wordt niet")):
        parts.append(i.kjp.rstrip("."))
    return "; ".join(parts) or None


# At most this many interventions side by side ("sos vs save vs isc").
COMPARED = 3
# The characters of a side-by-side answer: room for what each does and for whom.
COMPARE_BUDGET = 1700


def _joined(names: Sequence[str]) -> str:
    """"A en B", "A, B en C"."""
    return names[0] if len(names) == 1 else message(
        "answers.and", first=", ".join(names[:-1]), last=names[-1])


Heading = Optional[Callable[[str], str]]  # the heading of a quote from the names it is about


def _side_by_side(rows: Sequence[InterventionRecord],
                  records_of: Callable[[InterventionRecord],
                                       Sequence[Tuple[Optional[PassageRecord], Heading]]]
                  ) -> List[Quote]:
    """The records of each intervention, each record once: interventions that share a table
    row ("De werkwijzen ...") are named together in its heading ("SAVE en ISC — doelgroep")."""
    table: Dict[str, Tuple[PassageRecord, Heading, List[str]]] = {}
    for i in rows:
        for record, heading in records_of(i):
            if record is not None:
                table.setdefault(record.key, (record, heading, []))[2].append(display_name(i))
    return [Quote.of(record, heading=heading(_joined(names)) if heading else None)
            for record, heading, names in table.values()]


def _notes(rows: Sequence[InterventionRecord]) -> List[str]:
    return [message("answers.compare.note", name=display_name(i),
                    age=age_text(i) or message("answers.age.none"),
                    effect=effectiveness_note(i.effectiveness).lower().rstrip("."))
            for i in rows]


def _approach_record(kb: KnowledgeBase, i: InterventionRecord) -> Optional[PassageRecord]:
    """What the intervention does (its approach and goal), where that is not its target group."""
    target = _target_record(kb, i)
    return next((r for r in description_records(kb, i)
                 if target is None or r.key != target.key), None)


def compare_answer(kb: KnowledgeBase, rows: Sequence[InterventionRecord],
                   question: str = "") -> Answer:
    """Two or three interventions side by side, kind by kind: what each does ("wat is het
    verschil tussen Families First en Ambulante Spoedhulp?"), for whom (first where the
    ``question`` asks it: "verschil qua doelgroep?", ``for_whom`` in answers.yml), then its
    rating. The first kind is shown for all of them; a later one for all or, where it does
    not fit, in "meer"."""
    rows = list(rows)[:COMPARED]
    kinds = [(_approach_record, "answers.compare.approach_heading"),
             (_target_record, "answers.compare.target_heading"),
             (rating_record, "answers.compare.rating_heading")]
    if rules().for_whom.search(question):
        kinds[0], kinds[1] = kinds[1], kinds[0]
    layers = [_side_by_side(rows, lambda i, record_of=record_of, heading=heading: [
        (record_of(kb, i), lambda names: message(heading, name=names))])
        for record_of, heading in kinds]
    layers = [layer for layer in layers if layer]
    answer = Answer(lead=message("answers.compare.lead", names=_joined([i.name for i in rows])),
                    quotes=list(layers[0]) if layers else [], notes=_notes(rows),
                    suggestions=[suggestion("buttons.more_about", name=i.name) for i in rows])
    for layer in layers[1:]:
        fits = answer.estimated_length([*answer.quotes, *layer]) <= COMPARE_BUDGET
        (answer.quotes if fits else answer.more).extend(layer)
    return with_subject(answer, f"intervention:{rows[0].id}")


def compare_effect_answer(kb: KnowledgeBase, rows: Sequence[InterventionRecord],
                          guideline: Optional[str] = None) -> Answer:
    """"welke van die twee is beter onderbouwd?": what the guideline says about the effect
    of each, side by side (its rating and the research it cites); ``guideline``'s passages
    first (the one whose answer named them)."""
    rows = list(rows)[:COMPARED]
    each = 2 if len(rows) <= 2 else 1  # passages per intervention: three with two do not fit
    evidence = {i.id: _evidence_records(kb, i, guideline)[:each] for i in rows}
    quotes = _side_by_side(rows, lambda i: [
        (record, (lambda names: message("answers.compare.effect_heading", name=names))
         if n == 0 else None)
        for n, record in enumerate(evidence[i.id])])
    answer = Answer(lead=message("answers.compare.effect_lead",
                                 names=_joined([i.name for i in rows])),
                    quotes=quotes, notes=_notes(rows), suggestions=[suggestion("buttons.source")])
    firsts = {records[0].key for records in evidence.values() if records}  # every side stays
    return with_subject(answer.fit(1400, minimum=1, keep=firsts), f"intervention:{rows[0].id}")


def intervention_overview(kb: KnowledgeBase) -> Answer:
    names = ", ".join(display_name(i) for i in kb.interventions())
    answer = Answer(
        lead=message("answers.overview.interventions", names=names),
        suggestions=[suggestion("overview.intervention_buttons.neglect"),
                     suggestion("overview.intervention_buttons.crisis"),
                     suggestion("overview.intervention_buttons.violence")])
    return with_subject(answer, "interventions")


def which_intervention(kb: KnowledgeBase) -> Answer:
    """A follow-up about "it" with no intervention in the conversation: ask which one."""
    return Answer(lead=message("answers.intervention.which"),
                  suggestions=[suggestion("buttons.intervention", name=r.name)
                               for r in kb.interventions()[:6]],
                  found=False)


def unknown_intervention(kb: KnowledgeBase) -> Answer:
    """"/interventie <naam>" for a name that is in none of the guidelines: say so, list the
    ones that are, with buttons."""
    rows = kb.interventions()
    return Answer(
        lead=message("answers.intervention.unknown",
                     names="; ".join(display_name(r) for r in rows)),
        suggestions=[suggestion("buttons.intervention", name=r.name) for r in rows[:6]],
        found=False)


"""Practice questions drawn from the knowledge base (no Rasa here).

A round is a list of ``QuizQuestion``s. Every question is rebuilt from its id alone
(``question(kb, id)``), deterministically, so a conversation only needs to remember ids:
``"iv-age:mst-can#17"`` is the family ``iv-age``, the key ``mst-can`` and the variant 17,
which seeds the choice and order of the options.

Rules every question follows (tested in ``tests/unit/jeugdhulp/quiz/test_quiz.py``):

* the prompt and the options are our own words and are never presented as a quote; the
  feedback quotes the guideline passages named in ``source_keys`` with their citation;
* a multiple-choice question has exactly one correct option: distractors come from other
  knowledge-base items of the same kind whose value differs from the correct one (two
  interventions with the same age range are never both options), or are written by us and
  clearly wrong (numbers, attitudes);
* a free-text question lists the accepted answers; ``check_free_text`` is lenient about
  case, accents, articles, punctuation, abbreviations, inflection and typos.

Question families: interventions (age range, target group, approach and goal, rating in the
databases, which two proved effective), the methods of child protection (SAVE's four
windows, the phases of ISC, Signs of Safety), the steps of Samen beslissen, first-contact
attention points, definitions, numbers (share of multiprobleemgezinnen ...), skills and
preconditions for deciding in unsafe situations, and short free-text facts.
"""
from __future__ import annotations

import difflib
import random
import re
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from jeugdhulp.knowledge.analysis import analyze
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.compose import age_text, display_name
from jeugdhulp.text import fold, name_key
from jeugdhulp.knowledge.search import InterventionRecord, KnowledgeBaseError, PassageRecord

ROUND_SIZE = 5
MAX_OPTIONS = 4
MIN_OPTIONS = 3
HISTORY_SIZE = 30  # ids remembered across rounds, so that the next round asks other things


# --- subjects -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Subject:
    slug: str
    label: str  # Dutch, shown to the user
    synonyms: Tuple[str, ...]  # words a user may use for it ("oefen interventies")


SUBJECTS: Dict[str, Subject] = {s.slug: s for s in (
    Subject("interventies", "Interventies bij kindermishandeling",
            ("interventie", "interventies", "behandeling", "behandelingen", "programma",
             "programma's", "kindermishandeling", "effectiviteit", "effectief", "mst-can",
             "iag", "families first", "werkzame factoren", "verwaarlozing")),
    Subject("samen-beslissen", "Samen beslissen over hulp",
            ("samen beslissen", "beslisproces", "besluitvormingsproces", "beslisstappen",
             "stappen", "passende hulp", "samen met ouders beslissen")),
    Subject("gedwongen-kader", "Eerste gesprek en gedwongen kader",
            ("eerste gesprek", "eerste contact", "gedwongen kader", "gedwongen", "ots",
             "ondertoezichtstelling", "jeugdbescherming", "meldcode", "kennismaking",
             "save", "signs of safety", "methoden", "methodes", "drang en dwang")),
    Subject("definities", "Definities en begrippen",
            ("definitie", "definities", "begrip", "begrippen", "term", "termen",
             "afkorting", "afkortingen", "betekenis")),
    Subject("multiprobleemgezinnen", "Multiprobleemgezinnen",
            ("multiprobleemgezin", "multiprobleemgezinnen", "mpg", "gezinsplan",
             "complexe problemen", "meervoudige problemen", "goed genoeg ouderschap")),
    Subject("beslissen-onveilig", "Beslissen in onveilige opvoedingssituaties",
            ("onveilig", "onveilige", "onveilige opvoedingssituatie",
             "onveilige opvoedingssituaties", "onveiligheid", "besluitvorming",
             "vaardigheden", "randvoorwaarden", "valkuilen")),
)}


def subject_label(slug: Optional[str]) -> str:
    return SUBJECTS[slug].label if slug in SUBJECTS else "allerlei onderwerpen uit de richtlijnen"


def resolve_subject(text: Optional[str]) -> Optional[str]:
    """The subject a user means ("oefen interventies", "quiz samen beslissen"), or None.
    The longest matching synonym wins ("samen beslissen" over "beslissen")."""
    if not text or not text.strip():
        return None
    folded = fold(text).strip()
    if folded in SUBJECTS:
        return folded
    words = " " + " ".join(analyze(text)) + " "
    plain = " " + re.sub(r"[^a-z0-9'-]+", " ", folded) + " "
    best: Optional[Tuple[int, str]] = None
    for subject in SUBJECTS.values():
        for synonym in (subject.label, *subject.synonyms):
            syn_plain = re.sub(r"[^a-z0-9'-]+", " ", fold(synonym)).strip()
            syn_lemmas = " ".join(analyze(synonym))
            hit = (syn_plain and f" {syn_plain} " in plain) or \
                (syn_lemmas and f" {syn_lemmas} " in words)
            if hit and (best is None or len(syn_plain) > best[0]):
                best = (len(syn_plain), subject.slug)
    return best[1] if best else None


# --- questions ----------------------------------------------------------------------------
@dataclass(frozen=True)
class QuizQuestion:
    id: str  # "<family>:<key>#<variant>"
    subject: str  # slug of SUBJECTS
    prompt: str  # ours, never a quote
    options: Tuple[str, ...] = ()  # multiple choice: short option texts (ours)
    correct: int = -1  # index of the correct option
    expected: Tuple[str, ...] = ()  # free text: canonical answer first, then accepted variants
    source_keys: Tuple[str, ...] = ()  # passages quoted in the feedback
    source_headings: Tuple[str, ...] = ()  # ours, shown before each quote ("" for none)
    topic: str = ""  # what to revisit when answered wrong (ours, short)
    revisit: str = ""  # a question the assistant answers about it (≤ 64 bytes)
    answer_subject: str = ""  # "subject" slot after the feedback, for follow-ups
    option_aliases: Tuple[Tuple[str, ...], ...] = ()  # other names per option (typed answers)
    intervention_id: Optional[str] = None  # free text: any name of it counts ...
    forbidden: Tuple[str, ...] = ()  # ... except these (the names the prompt gives away)

    @property
    def base_id(self) -> str:
        return self.id.split("#", 1)[0]

    @property
    def family(self) -> str:
        return self.id.split(":", 1)[0]

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    @property
    def answer_text(self) -> str:
        return self.options[self.correct] if self.is_choice else self.expected[0]

    @property
    def subject_label(self) -> str:
        return subject_label(self.subject)


def split_id(question_id: str) -> Tuple[str, str, int]:
    base, _, variant = question_id.partition("#")
    family, _, key = base.partition(":")
    return family, key, int(variant) if variant.isdigit() else 0


def _choice(question_id: str, subject: str, prompt: str, correct: str,
            distractors: Sequence[str], sources: Sequence[str], topic: str, revisit: str,
            answer_subject: str = "", aliases: Optional[Dict[str, Sequence[str]]] = None,
            headings: Sequence[str] = ()) -> Optional[QuizQuestion]:
    """A multiple-choice question: up to three distractors that differ from the correct
    option and from each other (after folding), in an order fixed by the id."""
    rng = random.Random(question_id)
    seen = {name_key(correct)}
    pool = []
    for d in distractors:
        if name_key(d) not in seen:
            seen.add(name_key(d))
            pool.append(d)
    rng.shuffle(pool)
    options = [correct, *pool[:MAX_OPTIONS - 1]]
    if len(options) < MIN_OPTIONS:
        return None
    rng.shuffle(options)
    aliases = aliases or {}
    return QuizQuestion(
        id=question_id, subject=subject, prompt=prompt, options=tuple(options),
        correct=options.index(correct), source_keys=tuple(sources),
        source_headings=tuple(headings), topic=topic,
        revisit=revisit, answer_subject=answer_subject,
        option_aliases=tuple(tuple(aliases.get(o, ())) for o in options))


# --- interventions --------------------------------------------------------------------------
# Our own short descriptions (never quotes): whom an intervention is for, and what it does.
# Only interventions with a table row of their own; the feedback quotes the cell.
TARGET_DESCRIPTIONS = {
    "families-first": "gezinnen in een acute crisis die zo ernstig is dat uithuisplaatsing dreigt",
    "iag": ("gezinnen met kinderen van 0 tot 23 jaar met opvoedingsproblemen én ernstige "
            "problemen in het maatschappelijk functioneren"),
    "rgt": "jongeren van 11 tot 18 jaar met gedragsproblemen (ook crimineel gedrag) en hun gezin",
    "ambulante-spoedhulp": ("gezinnen met kinderen van 0 tot 18 jaar met spoedeisende "
                            "problemen of een crisis"),
    "mst-can": ("gezinnen met kinderen van 6 tot 17 jaar met een melding van "
                "kindermishandeling in de laatste 180 dagen"),
    "signs-of-safety": ("gezinnen met kinderen van alle leeftijden waarover zorgen bestaan "
                        "over kindermishandeling"),
    "vsv": ("gezinnen waarin kinderen stelselmatig of levensbedreigend fysiek mishandeld "
            "worden of getuige zijn van geweld tussen ouders"),
}
AIM_DESCRIPTIONS = {
    "families-first": ("een intensief huisbezoekprogramma dat een crisis oplost, de veiligheid "
                       "vergroot en zo uithuisplaatsing voorkomt"),
    "iag": ("intensieve begeleiding die het gezinsklimaat verbetert en gezinsleden leert "
            "hun sociale netwerk te gebruiken"),
    "rgt": ("kortdurende gezinsbehandeling die het functioneren verbetert en de kans op "
            "herhaling van crimineel gedrag verkleint"),
    "ambulante-spoedhulp": ("korte, intensieve hulp bij een crisis: problemen ordenen, het "
                            "netwerk activeren en doelen voor vervolghulp vaststellen"),
    "mst-can": ("een aangepaste variant van Multisysteem Therapie om kindermishandeling te "
                "stoppen en uithuisplaatsing te voorkomen"),
    "signs-of-safety": ("een samenwerkingsrelatie opbouwen met het gezin en veiligheid voor "
                        "het kind creëren met het eigen sociale netwerk"),
    "vsv": ("een behandeling met een dadermodule en een traumamodule die de veiligheid na "
            "geweld herstelt"),
}
# Pairs close enough to confuse a fair learner: never options of the same target/aim question.
CONFUSABLE = ({"families-first", "ambulante-spoedhulp"},)


def _short_name(i: InterventionRecord) -> str:
    return i.abbreviation or i.name


def _revisit_intervention(i: InterventionRecord) -> str:
    return f"wat is {_short_name(i)}?"


def _row_interventions(kb: KnowledgeBase) -> List[InterventionRecord]:
    """One intervention per row of the table (the werkwijzen share a row: SAVE stands for it)."""
    rows: List[InterventionRecord] = []
    seen = set()
    for i in kb.interventions():
        if not i.target_group:
            continue
        key = (i.approach_goal, i.target_group)
        if key not in seen:
            seen.add(key)
            rows.append(i)
    return rows


def _confusable(a: str, b: str) -> bool:
    return any({a, b} <= group for group in CONFUSABLE)


def _aliases(i: InterventionRecord) -> Tuple[str, ...]:
    return tuple(n for n in i.names if n != display_name(i))


def _own_record(kb: KnowledgeBase, i: InterventionRecord, text: Optional[str]) -> Optional[PassageRecord]:
    """The passage holding a verbatim cell of this intervention's row; where several rows
    have the same text (two "DEI: Effectief volgens eerste aanwijzingen."), its own one."""
    record = kb.record_with_text(text)
    if record is None:
        return None
    same = [r for r in kb.index.records if r.text == record.text]
    own = [r for r in same if any((r.label or "").casefold().startswith(n.casefold())
                                  for n in i.names)]
    return own[0] if own else record


def _iv_age(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    i = kb.index.interventions.get(key)
    if i is None or age_text(i) is None:
        return None
    target = _own_record(kb, i, i.target_group)
    if target is None:
        return None
    others = [age_text(o) for o in kb.interventions() if o.id != i.id and age_text(o)]
    return _choice(
        qid, "interventies",
        f"Voor welke leeftijd is {display_name(i)} bedoeld, volgens de tabel van de "
        f"Richtlijn Kindermishandeling?",
        str(age_text(i)), [o for o in others if o != age_text(i)], [target.key],
        f"{_short_name(i)}: doelgroep en leeftijd", f"voor wie is {_short_name(i)}?",
        f"intervention:{i.id}", headings=[f"{display_name(i)} — doelgroep"])


def _iv_age_keys(kb: KnowledgeBase) -> List[str]:
    return [i.id for i in _row_interventions(kb) if age_text(i)]


def _iv_named(kb: KnowledgeBase, qid: str, key: str, family: str) -> Optional[QuizQuestion]:
    """Which intervention fits our description of its target group ("iv-for") or of its
    approach and goal ("iv-aim")."""
    descriptions = TARGET_DESCRIPTIONS if family == "iv-for" else AIM_DESCRIPTIONS
    i = kb.index.interventions.get(key)
    if i is None or key not in descriptions:
        return None
    field = "target_group" if family == "iv-for" else "approach_goal"
    record = _own_record(kb, i, getattr(i, field))
    if record is None:
        return None
    pool = [o for o in _row_interventions(kb)
            if o.id != i.id and getattr(o, field) != getattr(i, field)
            and not _confusable(o.id, i.id) and o.id in descriptions]
    names = {display_name(o): _aliases(o) for o in [i, *pool]}
    if family == "iv-for":
        prompt = (f"Welke interventie is volgens de Richtlijn Kindermishandeling bedoeld voor "
                  f"{descriptions[key]}?")
        topic = f"{_short_name(i)}: doelgroep"
        revisit = f"voor wie is {_short_name(i)}?"
    else:
        prompt = f"Welke interventie is dit, volgens de Richtlijn Kindermishandeling: {descriptions[key]}?"
        topic = f"{_short_name(i)}: aanpak en doel"
        revisit = _revisit_intervention(i)
    return _choice(qid, "interventies", prompt, display_name(i),
                   [display_name(o) for o in pool], [record.key], topic, revisit,
                   f"intervention:{i.id}", aliases=names,
                   headings=[f"{display_name(i)} — {'doelgroep' if family == 'iv-for' else 'aanpak en doel'}"])


def rating_label(i: InterventionRecord) -> Optional[str]:
    """The rating of the table in our short words, from the verbatim DEI and KJP cells."""
    if not i.dei and not i.kjp:
        return None
    parts = []
    dei = (i.dei or "").strip().rstrip(".")
    if dei.startswith("DEI:"):
        value = dei[4:].strip()
        parts.append(f"DEI: {value[:1].lower()}{value[1:]}")
    kjp = (i.kjp or "").strip().rstrip(".")
    if kjp.startswith("KJP:"):
        value = re.sub(r"^[Bb]eschreven als\s+", "", kjp[4:].strip()).strip("‘’")
        parts.append(f"KJP: {value[:1].lower()}{value[1:]}")
    if not parts:
        return "niet in de DEI en niet vermeld door het KJP"
    if not dei.startswith("DEI:"):
        parts.append("niet in de DEI")
    return ", ".join(parts)


def _rating_record(kb: KnowledgeBase, i: InterventionRecord) -> Optional[PassageRecord]:
    for value in (i.kjp, i.dei):
        record = _own_record(kb, i, value) if value else None
        if record is not None and (not i.dei or i.dei.split()[0] in record.text):
            return record
    return None


def _iv_rating(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    i = kb.index.interventions.get(key)
    if i is None or rating_label(i) is None:
        return None
    record = _rating_record(kb, i)
    if record is None:
        return None
    correct = str(rating_label(i))
    others = [rating_label(o) for o in kb.interventions() if o.id != i.id and rating_label(o)]
    return _choice(
        qid, "interventies",
        f"Hoe is {display_name(i)} beoordeeld in de databank Effectieve jeugdinterventies "
        f"(DEI) en door het KJP, volgens de tabel van de Richtlijn Kindermishandeling?",
        correct, [str(o) for o in others if o != correct], [record.key],
        f"{_short_name(i)}: effectiviteit", f"hoe effectief is {_short_name(i)}?",
        f"intervention:{i.id}", headings=[f"{display_name(i)} — beoordeling"])


def _iv_rating_keys(kb: KnowledgeBase) -> List[str]:
    return [i.id for i in _row_interventions(kb) if rating_label(i) and _rating_record(kb, i)]


TWO_EFFECTIVE_KEY = "kindermishandeling/interventies-effectiviteit/twee-effectief"


def _two_effective(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    if key != "twee" or TWO_EFFECTIVE_KEY not in kb.index.by_key:
        return None
    ff, iag = kb.index.interventions.get("families-first"), kb.index.interventions.get("iag")
    if ff is None or iag is None:
        return None
    rng = random.Random(qid + "/pairs")
    others = [_short_name(o) for o in _row_interventions(kb) if o.id not in (ff.id, iag.id)]
    rng.shuffle(others)
    pairs = [f"{a} en {b}" for a, b in zip(others[0::2], others[1::2])]
    return _choice(
        qid, "interventies",
        "Welke twee behandelingen zijn volgens de Richtlijn Kindermishandeling effectief "
        "gebleken in het herstellen van de veiligheid in gezinnen?",
        f"{ff.name} en {_short_name(iag)}", pairs, [TWO_EFFECTIVE_KEY],
        "welke interventies effectief zijn gebleken", "welke interventies zijn effectief?")


# --- methods, facts and numbers (hand-written prompts, options from the knowledge base) -------
@dataclass(frozen=True)
class MethodFact:
    subject: str
    prompt: str
    answer: str  # intervention id
    sources: Tuple[str, ...]
    topic: str
    exclude: Tuple[str, ...] = ()  # interventions too close to be fair distractors


METHOD_FACTS: Dict[str, MethodFact] = {
    "save-vensters": MethodFact(
        "gedwongen-kader",
        "Welke werkwijze in de jeugdbescherming ordent het werk met een schema van vier "
        "vensters: de mensen, de feiten, de weging en de volgende stappen?",
        "save", ("mpg-gedwongen-kader/onveilige-situaties-inschatten/save-beschrijving",),
        "SAVE en de vier vensters"),
    "isc-fases": MethodFact(
        "gedwongen-kader",
        "Welke methodiek werkt in drie fases: verbinden en motiveren, ondersteunen en "
        "regievoeren, generaliseren en borgen?",
        "isc", ("mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-beschrijving",),
        "Intensief systeemgericht casemanagement"),
    "sos-veiligheidsplan": MethodFact(
        "gedwongen-kader",
        "Bij welke oplossingsgerichte benadering ontwikkelt de hulpverlener samen met het "
        "gezin een veiligheidsplan, als aanvulling op het gezinsplan?",
        "signs-of-safety",
        ("mpg-gedwongen-kader/onveilige-situaties-inschatten/sos-beschrijving",),
        "Signs of Safety", exclude=("save",)),
}


def _method(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    fact = METHOD_FACTS.get(key)
    i = kb.index.interventions.get(fact.answer) if fact else None
    if fact is None or i is None or not all(k in kb.index.by_key for k in fact.sources):
        return None
    # Of the werkwijzen only SAVE and ISC: the guideline does not describe the others well
    # enough to be sure they do not work the same way.
    pool = [o for o in kb.interventions()
            if o.id != i.id and o.id not in fact.exclude
            and (o.category != "werkwijze" or o.id in ("save", "isc"))]
    names = {display_name(o): _aliases(o) for o in [i, *pool]}
    return _choice(qid, fact.subject, fact.prompt, display_name(i),
                   [display_name(o) for o in pool], fact.sources, fact.topic,
                   _revisit_intervention(i), f"intervention:{i.id}", aliases=names)


@dataclass(frozen=True)
class Fact:
    """A question with our own clearly wrong distractors (numbers, attitudes ...)."""
    subject: str
    prompt: str
    answer: str
    distractors: Tuple[str, ...]
    sources: Tuple[str, ...]
    topic: str
    revisit: str


FACTS: Dict[str, Fact] = {
    "mpg-aandeel": Fact(
        "multiprobleemgezinnen",
        "In hoeveel procent van alle gezinnen in Nederland is er naar schatting sprake van "
        "meervoudige en complexe problematiek (multiprobleemgezinnen)?",
        "drie tot vijf procent",
        ("minder dan een half procent", "vijftien tot twintig procent", "ongeveer een derde"),
        ("multiprobleemgezinnen/inleiding/aantal",), "hoeveel multiprobleemgezinnen er zijn",
        "hoeveel multiprobleemgezinnen zijn er?"),
    "mpg-aantal": Fact(
        "multiprobleemgezinnen",
        "Om hoeveel multiprobleemgezinnen gaat het naar schatting in Nederland?",
        "75.000 tot 116.000",
        ("2.000 tot 5.000", "500.000 tot 750.000", "meer dan 2 miljoen"),
        ("multiprobleemgezinnen/inleiding/aantal",), "hoeveel multiprobleemgezinnen er zijn",
        "hoeveel multiprobleemgezinnen zijn er?"),
    "goed-genoeg-voorwaarden": Fact(
        "multiprobleemgezinnen",
        "Hoeveel voorwaarden voor een optimale ontwikkeling van de jeugdige gebruik je volgens "
        "de Richtlijn Multiprobleemgezinnen bij het beoordelen van goed genoeg ouderschap?",
        "veertien", ("drie", "zes", "dertig"),
        ("multiprobleemgezinnen/hulpverleningsplan/goed-genoeg-ouderschap",),
        "goed genoeg ouderschap", "wat is goed genoeg ouderschap?"),
    "werkrelatie-eerst": Fact(
        "multiprobleemgezinnen",
        "Waar werk je volgens de Richtlijn Multiprobleemgezinnen eerst aan, voordat je met "
        "het gezin aan gedragsverandering werkt?",
        "een werkrelatie met het gezin",
        ("een psychiatrische diagnose van alle gezinsleden", "een uithuisplaatsing voorbereiden",
         "een klachtenprocedure"),
        ("multiprobleemgezinnen/hulp-verlenen/werkrelatie",), "eerst een werkrelatie",
        "hoe bouw ik een werkrelatie op met een multiprobleemgezin?"),
    "houding-eerste-contact": Fact(
        "gedwongen-kader",
        "Hoe hoort de houding van de professional in het eerste contact in een gedwongen "
        "kader volgens de richtlijn te zijn?",
        "persoonlijk, transparant, eerlijk en oprecht",
        ("zakelijk, afstandelijk en neutraal", "streng, directief en controlerend",
         "voorzichtig, afwachtend en vrijblijvend"),
        ("mpg-gedwongen-kader/hulp-in-gedwongen-kader/houding-eerste-contact",),
        "houding in het eerste contact", "hoe begin ik het eerste gesprek?"),
    "meldcode-sinds": Fact(
        "gedwongen-kader",
        "Sinds wanneer zijn jeugdprofessionals op basis van de Meldcode verplicht in actie te "
        "komen bij een vermoeden van kindermishandeling?",
        "1 juli 2013", ("1 januari 1995", "1 januari 2003", "1 juli 2024"),
        ("mpg-gedwongen-kader/onveilige-situaties-inschatten/meldcode-verplicht",),
        "de Meldcode", "wat zegt de richtlijn over de meldcode?"),
    "eenzijdig-ingrijpen": Fact(
        "gedwongen-kader",
        "Wat doe je volgens de richtlijn bij signalen van acuut en zo ernstig geweld dat de "
        "jeugdige onmiddellijk beschermd moet worden?",
        "eenzijdig ingrijpen, bijvoorbeeld met een spoedmelding",
        ("eerst het vertrouwen van de ouders winnen", "de situatie een maand aankijken",
         "wachten tot het gezin zelf om hulp vraagt"),
        ("mpg-gedwongen-kader/onveilige-situaties-inschatten/eenzijdig-ingrijpen",),
        "eenzijdig ingrijpen bij acuut gevaar", "wanneer moet ik eenzijdig ingrijpen?"),
    "isc-uithuisplaatsingen": Fact(
        "gedwongen-kader",
        "Met hoeveel procent daalde het aantal uithuisplaatsingen sinds de invoering van "
        "Intensief systeemgericht casemanagement?",
        "60 procent", ("5 procent", "15 procent", "95 procent"),
        ("mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-resultaten",),
        "resultaten van Intensief systeemgericht casemanagement", "wat is ISC?"),
    "mst-can-dagen": Fact(
        "interventies",
        "MST-CAN is onder meer bedoeld voor gezinnen waar binnen een bepaalde periode een "
        "melding van kindermishandeling was. Hoe lang is die periode?",
        "180 dagen", ("7 dagen", "30 dagen", "5 jaar"),
        ("kindermishandeling/interventies-tabel/mst-can-doelgroep",),
        "MST-CAN: doelgroep", "voor wie is MST-CAN?"),
    "basishouding": Fact(
        "samen-beslissen",
        "Welke basishouding neem je volgens de Richtlijn Samen beslissen aan?",
        "onvoorwaardelijke positieve waardering, echtheid en empathie",
        ("zakelijkheid, afstand en neutraliteit", "controle, sturing en voorzichtigheid",
         "strengheid, consequentie en gezag"),
        ("samen-beslissen/samenwerking/basishouding",), "de basishouding bij samen beslissen",
        "welke basishouding bij samen beslissen?"),
    "analyse-overslaan": Fact(
        "samen-beslissen",
        "Je biedt hulp in het gedwongen kader en er is al uitgebreide informatie voordat de "
        "maatregel start. Wat zegt de Richtlijn Samen beslissen over de probleem- en "
        "krachtenanalyse?",
        "sla die over",
        ("doe die twee keer zo uitgebreid", "laat die door de rechter uitvoeren",
         "doe die pas na afloop van de hulp"),
        ("samen-beslissen/probleem-krachtenanalyse/gedwongen-kader-analyse-overslaan",),
        "de probleem- en krachtenanalyse", "wanneer sla ik de probleemanalyse over?"),
    "werkzame-factor": Fact(
        "interventies",
        "Interventies bij kindermishandeling hebben volgens de richtlijn meer kans van "
        "slagen als de hulp ...",
        "op maat is en uitgaat van de krachten van het gezin",
        ("zo kort mogelijk duurt", "alleen op het kind gericht is",
         "buiten de eigen leefsituatie plaatsvindt"),
        ("kindermishandeling/toelichting/werkzame-factoren-inleiding",
         "kindermishandeling/toelichting/factor-op-maat",
         "kindermishandeling/toelichting/factor-krachten-gezin"),
        "werkzame factoren", "wat zijn werkzame factoren?"),
    "randvoorwaarde": Fact(
        "beslissen-onveilig",
        "Welke randvoorwaarde noemt het NJi-dossier over beslissen in onveilige "
        "opvoedingssituaties, zodat hulpverleners hun werk goed kunnen doen?",
        "training, supervisie en een realistische caseload",
        ("zo min mogelijk overleg met collega's", "beslissen zonder het gezin erbij",
         "elke week een nieuwe methode"),
        ("beslissen-onveilig/randvoorwaarden/training-supervisie-caseload",),
        "randvoorwaarden voor goede besluitvorming", "welke randvoorwaarden zijn nodig?"),
}


def _fact(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    fact = FACTS.get(key)
    if fact is None or not all(k in kb.index.by_key for k in fact.sources):
        return None
    return _choice(qid, fact.subject, fact.prompt, fact.answer, fact.distractors,
                   fact.sources, fact.topic, fact.revisit)


# --- structures: steps of Samen beslissen, attention points, skills -------------------------
STEPS = "beslisstappen"


def _main_steps(kb: KnowledgeBase) -> List[Tuple[str, str, str]]:
    """(number, our short label, passage key) of the main steps 1-6 of Samen beslissen."""
    steps = []
    for record in kb.collection(STEPS):
        match = re.match(r"Stap (\d+):\s*(.+)$", record.label or "")
        if match:
            steps.append((match.group(1), match.group(2), record.key))
    return steps


def _sb_step(kb: KnowledgeBase, qid: str, key: str, family: str) -> Optional[QuizQuestion]:
    steps = _main_steps(kb)
    numbers = [s[0] for s in steps]
    if key not in numbers:
        return None
    position = numbers.index(key)
    lead = kb.collection_record(STEPS).lead
    if family == "sb-step":
        number, label, passage = steps[position]
        prompt = (f"Wat is stap {number} van het besluitvormingsproces in de Richtlijn Samen "
                  f"beslissen over passende hulp?")
        correct, excluded, sources = label, [label], [passage]
    else:
        if position + 1 >= len(steps):
            return None
        _, given, given_key = steps[position]
        _, label, passage = steps[position + 1]
        prompt = (f"Welke stap van het besluitvormingsproces in de Richtlijn Samen beslissen "
                  f"komt direct na de stap '{given}'?")
        correct, excluded, sources = label, [given, label], [given_key, passage]
    others = [s[1] for s in steps if s[1] not in excluded]
    return _choice(qid, "samen-beslissen", prompt, correct, others,
                   [lead, *sources] if lead else sources,
                   "de stappen van samen beslissen", "wat zijn de stappen van samen beslissen?",
                   f"collection:{STEPS}")


FIRST_CONTACT = "eerste-contact-aandachtspunten"
# Collections whose points are clearly no attention points for the first conversation.
NOT_FIRST_CONTACT = ("werkzame-factoren", "hulpvormen-verwaarlozing", "kennis-hulpverleners",
                     "vaardigheden-hulpverleners")
# Words that make a point of another list too close to a first-contact point to be fair.
TOO_CLOSE = re.compile(r"sterke kanten|samenwerk|gesprek|reactance|rol", re.IGNORECASE)


def _labels_of(kb: KnowledgeBase, collection_ids: Iterable[str]) -> List[str]:
    labels = []
    for cid in collection_ids:
        if cid not in kb.index.collections:
            continue
        for record in kb.collection(cid):
            if record.label and not TOO_CLOSE.search(record.label):
                labels.append(record.label)
    return labels


def _fc_point(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    points = {r.key.rsplit("/", 1)[-1]: r for r in kb.collection(FIRST_CONTACT)}
    record = points.get(key)
    if record is None or not record.label:
        return None
    lead = kb.collection_record(FIRST_CONTACT).lead
    return _choice(
        qid, "gedwongen-kader",
        "Welke van deze punten is volgens de richtlijn een aandachtspunt voor het eerste "
        "gesprek met een gezin in een gedwongen kader?",
        record.label, _labels_of(kb, NOT_FIRST_CONTACT),
        [lead, record.key] if lead else [record.key],
        "aandachtspunten voor het eerste gesprek", "hoe begin ik het eerste gesprek?",
        f"collection:{FIRST_CONTACT}")


SKILLS = "vaardigheden-hulpverleners"


def _bo_skill(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    skills = {r.key.rsplit("/", 1)[-1]: r for r in kb.collection(SKILLS)}
    record = skills.get(key)
    if record is None or not record.label:
        return None
    lead = kb.collection_record(SKILLS).lead
    return _choice(
        qid, "beslissen-onveilig",
        "Welke van deze vaardigheden hebben hulpverleners volgens het NJi-dossier nodig om "
        "samen met gezinnen te beslissen over de benodigde hulp?",
        record.label, _labels_of(kb, ("werkzame-factoren", "hulpvormen-verwaarlozing")),
        [lead, record.key] if lead else [record.key],
        "vaardigheden bij beslissen in onveilige situaties",
        "welke vaardigheden heb ik nodig om te beslissen?")


# --- definitions ----------------------------------------------------------------------------
# Our own paraphrases of the guideline definitions; the feedback quotes the definition.
DEFINITION_HINTS = {
    "reactance": ("gedrag waarmee iemand zijn persoonlijke controle en vrijheid probeert te "
                  "behouden en beperkingen van buitenaf zoveel mogelijk probeert te omzeilen"),
    "samenhangend beeld": ("een beschrijving van de aard en ernst van de problemen én van de "
                           "veroorzakende, instandhoudende en beschermende factoren"),
    "LIRIK": "een checklist waarmee beroepskrachten de veiligheid van kinderen in een gezin inschatten",
    "ORBA": "een werkwijze waarmee hulpverleners bij AMK's hun besluiten expliciteren en structureren",
    "multiprobleemgezin": ("een gezin van minstens één ouder en één kind dat langdurig kampt met "
                           "een combinatie van sociaal-economische en psychosociale problemen "
                           "en dat weerbarstig is voor hulp"),
    "Afwegingskader": ("een leidraad bij de besluitvorming die aangeeft wanneer er sprake is "
                       "van acute of structurele onveiligheid"),
    "gedwongen kader": ("het door de rechter vastgestelde kader van kinderbeschermingsmaatregelen, "
                        "meestal een ondertoezichtstelling"),
}


def _def_records(kb: KnowledgeBase, term: str) -> List[PassageRecord]:
    return [r for r in kb.definition(term) if r.kind == "definition"]


def _definition(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    terms = {name_key(t): t for t in DEFINITION_HINTS}
    term = terms.get(name_key(key))
    records = _def_records(kb, term) if term else []
    if not records:
        return None
    others = [t for t in DEFINITION_HINTS if t != term and _def_records(kb, t)]
    return _choice(
        qid, "definities",
        f"Welk begrip uit de richtlijnen past bij deze omschrijving (in onze woorden): "
        f"{DEFINITION_HINTS[term]}?",
        term, others, [records[0].key], f"het begrip {term}", f"wat is {term}?",
        f"term:{records[0].label or term}")


def _definition_keys(kb: KnowledgeBase) -> List[str]:
    return [_slug(t) for t in DEFINITION_HINTS if _def_records(kb, t)]


# --- free text --------------------------------------------------------------------------------
@dataclass(frozen=True)
class FreeText:
    subject: str
    prompt: str
    expected: Tuple[str, ...]  # canonical first
    sources: Tuple[str, ...]
    topic: str
    revisit: str
    intervention: Optional[str] = None  # any name of it counts, except `forbidden`
    forbidden: Tuple[str, ...] = ()


FREE_TEXT: Dict[str, FreeText] = {
    "rgt-voorheen": FreeText(
        "interventies", "Welke interventie heette vroeger Functional Family Therapy (FFT)?",
        ("Relationele Gezinstherapie", "RGT"),
        ("kindermishandeling/interventies-tabel/rgt-naam",),
        "Relationele Gezinstherapie", "wat is RGT?", intervention="rgt",
        forbidden=("FFT", "Functional Family Therapy")),
    "save-voorheen": FreeText(
        "gedwongen-kader", "Onder welke naam was de werkwijze SAVE eerder bekend?",
        ("Verve",), ("mpg-gedwongen-kader/onveilige-situaties-inschatten/save-beschrijving",),
        "SAVE", "wat is SAVE?", intervention="save", forbidden=("SAVE",)),
    "isc-voorheen": FreeText(
        "gedwongen-kader", "Hoe heette Intensief systeemgericht casemanagement vroeger?",
        ("Generiek Gezinsgericht Werken", "GGW"),
        ("mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-beschrijving",),
        "Intensief systeemgericht casemanagement", "wat is ISC?", intervention="isc",
        forbidden=("ISC", "Intensief systeemgericht casemanagement")),
    "isc-principe": FreeText(
        "gedwongen-kader",
        "Intensief systeemgericht casemanagement werkt volgens het principe: één gezin, één "
        "gezinsplan, één ... Vul het laatste woord in.",
        ("gezinsmanager", "één gezinsmanager"),
        ("mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-beschrijving",),
        "Intensief systeemgericht casemanagement", "wat is ISC?"),
    "mst-can-naam": FreeText(
        "interventies", "Waar staat de afkorting MST-CAN voor?",
        ("Multisysteem Therapie Child Abuse and Neglect", "Multisysteem Therapie Child Abuse & Neglect",
         "Multisystem Therapy Child Abuse and Neglect", "Multisysteemtherapie Child Abuse and Neglect"),
        ("kindermishandeling/interventies-effectiviteit/mst-can-veelbelovend",),
        "MST-CAN", "wat is MST-CAN?"),
    "lirik": FreeText(
        "definities", "Waar staat de afkorting LIRIK voor?",
        ("Licht Instrument Risicotaxatie Kindveiligheid",),
        ("beslissen-onveilig/werkwijzen-integreren/lirik",), "het begrip LIRIK", "wat is LIRIK?"),
    "orba": FreeText(
        "definities", "Waar staat de afkorting ORBA voor?",
        ("Onderzoek Risicotaxatie Besluitvorming AMK's", "Onderzoek Risicotaxatie Besluitvorming AMK"),
        ("beslissen-onveilig/werkwijzen-integreren/orba",), "het begrip ORBA", "wat is ORBA?"),
    "tunnelvisie": FreeText(
        "beslissen-onveilig",
        "Bij moeilijke beslissingen beslissen mensen soms intuïtief. Welke valkuil noemt het "
        "NJi-dossier dan als voorbeeld? (één woord)",
        ("tunnelvisie", "tunnel visie"), ("beslissen-onveilig/inleiding/moeilijke-beslissingen",),
        "valkuilen bij beslissen", "welke valkuilen zijn er bij beslissen?"),
    "engageren": FreeText(
        "beslissen-onveilig",
        "Hoe heet in het NJi-dossier de vaardigheid om motiverende en oplossingsgerichte "
        "gesprekstechnieken te gebruiken? (één woord)",
        ("engageren",), ("beslissen-onveilig/vaardigheden/engageren",),
        "vaardigheden bij beslissen in onveilige situaties",
        "welke vaardigheden heb ik nodig om te beslissen?"),
    "veiligheidsplan-onderdeel": FreeText(
        "multiprobleemgezinnen",
        "Van welk plan is het veiligheidsplan volgens de Richtlijn Multiprobleemgezinnen een "
        "onderdeel?",
        ("gezinsplan", "het gezinsplan"), ("multiprobleemgezinnen/hulpverleningsplan/veiligheidsplan",),
        "veiligheidsplan en gezinsplan", "wat is een gezinsplan?"),
    "gedragswetenschapper": FreeText(
        "samen-beslissen",
        "Met wie spreek je volgens de Richtlijn Samen beslissen cruciale beslissingen van "
        "tevoren door?",
        ("gedragswetenschapper", "een gedragswetenschapper", "gw'er", "gedragsdeskundige"),
        ("samen-beslissen/beslisproces/gedragswetenschapper-cruciale-beslissingen",),
        "de rol van de gedragswetenschapper", "wat doet de gedragswetenschapper?"),
}


def _free_text(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    item = FREE_TEXT.get(key)
    if item is None or not all(k in kb.index.by_key for k in item.sources):
        return None
    if item.intervention and item.intervention not in kb.index.interventions:
        return None
    return QuizQuestion(
        id=qid, subject=item.subject, prompt=item.prompt, expected=item.expected,
        source_keys=item.sources, topic=item.topic, revisit=item.revisit,
        answer_subject=f"intervention:{item.intervention}" if item.intervention else "",
        intervention_id=item.intervention, forbidden=item.forbidden)


# --- the families ---------------------------------------------------------------------------
Builder = Callable[[KnowledgeBase, str, str], Optional[QuizQuestion]]


@dataclass(frozen=True)
class Family:
    name: str
    keys: Callable[[KnowledgeBase], List[str]]
    build: Builder


FAMILIES: Dict[str, Family] = {f.name: f for f in (
    Family("iv-age", _iv_age_keys, _iv_age),
    Family("iv-for", lambda kb: [i.id for i in _row_interventions(kb) if i.id in TARGET_DESCRIPTIONS],
           lambda kb, qid, key: _iv_named(kb, qid, key, "iv-for")),
    Family("iv-aim", lambda kb: [i.id for i in _row_interventions(kb) if i.id in AIM_DESCRIPTIONS],
           lambda kb, qid, key: _iv_named(kb, qid, key, "iv-aim")),
    Family("iv-rating", _iv_rating_keys, _iv_rating),
    Family("iv-two", lambda kb: ["twee"], _two_effective),
    Family("method", lambda kb: list(METHOD_FACTS), _method),
    Family("fact", lambda kb: list(FACTS), _fact),
    Family("sb-step", lambda kb: [s[0] for s in _main_steps(kb)],
           lambda kb, qid, key: _sb_step(kb, qid, key, "sb-step")),
    Family("sb-next", lambda kb: [s[0] for s in _main_steps(kb)][:-1],
           lambda kb, qid, key: _sb_step(kb, qid, key, "sb-next")),
    Family("fc-point", lambda kb: [r.key.rsplit("/", 1)[-1] for r in kb.collection(FIRST_CONTACT)],
           _fc_point),
    Family("bo-skill", lambda kb: [r.key.rsplit("/", 1)[-1] for r in kb.collection(SKILLS)],
           _bo_skill),
    Family("def", _definition_keys, _definition),
    Family("ft", lambda kb: list(FREE_TEXT), _free_text),
)}


def question(kb: KnowledgeBase, question_id: str) -> Optional[QuizQuestion]:
    """The question with this id, rebuilt from the knowledge base; None when the id is not
    (or no longer) valid."""
    family, key, variant = split_id(question_id or "")
    builder = FAMILIES.get(family)
    if builder is None or not key:
        return None
    try:
        return builder.build(kb, f"{family}:{key}#{variant}", key)
    except KnowledgeBaseError:
        return None


def all_question_ids(kb: KnowledgeBase, subject: Optional[str] = None) -> List[str]:
    """Base ids ("family:key") of every question that can be built, for one subject or all."""
    ids = []
    for family in FAMILIES.values():
        for key in family.keys(kb):
            q = family.build(kb, f"{family.name}:{key}#0", key)
            if q is not None and (subject is None or q.subject == subject):
                ids.append(q.base_id)
    return ids


def generate_round(kb: KnowledgeBase, n: int = ROUND_SIZE, subject: Optional[str] = None,
                   seed: Optional[int] = None, exclude: Sequence[str] = ()) -> List[QuizQuestion]:
    """``n`` different questions (fewer when the subject has fewer), varied over the question
    families, avoiding the ids in ``exclude`` (e.g. the last rounds) while that is possible
    and never two questions that quote the same passage."""
    rng = random.Random(seed)
    base_ids = all_question_ids(kb, subject)
    excluded = [e.split("#", 1)[0] for e in exclude]
    fresh = [i for i in base_ids if i not in excluded]
    # Asked before: the longest ago first (exclude is ordered oldest first).
    stale = sorted((i for i in base_ids if i in excluded), key=excluded.index)
    by_family: Dict[str, List[str]] = {}
    for qid in fresh:
        by_family.setdefault(qid.split(":", 1)[0], []).append(qid)
    for ids in by_family.values():
        rng.shuffle(ids)
    families = list(by_family)
    rng.shuffle(families)
    ordered: List[str] = []
    while any(by_family.values()):  # round robin over the families: varied rounds
        for family in families:
            if by_family[family]:
                ordered.append(by_family[family].pop())
    ordered += stale
    # Introductions of lists ("En doorloop het besluitvormingsproces aan de hand van de
    # volgende stappen:") give nothing away; the other passages quoted in a feedback might.
    leads = {c.lead for c in kb.index.collections.values() if c.lead}
    chosen: List[QuizQuestion] = []
    taken: set = set()
    for relaxed in (False, True):
        for base in ordered:
            if len(chosen) >= n:
                break
            if any(q.base_id == base for q in chosen):
                continue
            q = question(kb, f"{base}#{rng.randrange(1000)}")
            if q is None:
                continue
            about = (set(q.source_keys) - leads) | ({q.answer_subject} if q.answer_subject
                                                    and not q.answer_subject.startswith("collection:")
                                                    else set())
            if not relaxed and taken & about:
                continue  # one question's feedback would give another's answer away
            chosen.append(q)
            taken.update(about)
    return chosen[:n]


# --- checking answers -----------------------------------------------------------------------
ARTICLES = re.compile(r"^(de|het|een|'t|n)\s+")
DONT_KNOW = re.compile(
    r"^(ik\s+)?(weet\s+(het\s+|ik\s+)?niet|(heb\s+)?(echt\s+)?geen\s+(flauw\s+)?idee|pas|passen|"
    r"ik\s+pas|sla\s+(maar\s+)?over|deze\s+(sla\s+ik\s+over|weet\s+ik\s+niet)|"
    r"overslaan|geen\s+flauw\s+benul|\?+|weet\s+niet|idk|no\s+idea)[\s.!?]*$", re.IGNORECASE)
# A typed choice may be hedged: "ik gok op 2", "volgens mij de derde", "3 denk ik".
CHOICE_HEDGES = re.compile(r"^(ik\s+gok\s+(maar\s+wat\s*:?\s*|op\s+)?|ik\s+denk\s+|"
                           r"volgens\s+mij\s+(is\s+het\s+)?|doe\s+maar\s+|het\s+is\s+|"
                           r"dat\s+is\s+|is\s+het\s+)")
CHOICE_TAILS = re.compile(r"\s*,?\s*(denk\s+ik|lijkt\s+me|volgens\s+mij)$")
NUMBER_WORDS = {"twee": "2", "drie": "3", "vier": "4"}
HEDGES = re.compile(r"^(ik\s+denk\s+(dat\s+het\s+)?|volgens\s+mij\s+(is\s+het\s+)?|is\s+het\s+|"
                    r"het\s+is\s+|dat\s+is\s+|antwoord\s*:?\s*)", re.IGNORECASE)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def normalize(text: str) -> str:
    """Folded, punctuation and leading articles and hedges removed: "Is het de RGT?" -> "rgt"."""
    text = fold(text or "").replace("&", " en ")
    text = re.sub(r"[^\w\s'-]", " ", text)
    text = " ".join(text.split())
    for _ in range(3):
        stripped = ARTICLES.sub("", HEDGES.sub("", text)).strip()
        if stripped == text:
            break
        text = stripped
    return text


def is_dont_know(text: str) -> bool:
    return bool(DONT_KNOW.match((text or "").strip()))


# Words that ask to end practice, even when the NLU takes the message for a start ("ik wil
# niet meer oefenen", "oefenmodus uit", "quiz afbreken"): a round must never restart then.
STOP_REQUEST = re.compile(
    r"\b(stop\w*|afbre\w*|be[eë]indig\w*|ophouden|kappen|kap|uitzetten|einde)\b"
    r"|\bzet\s+(\w+\s+){1,3}uit\b|\bhoud?\s+(maar\s+)?op\b"
    r"|\bniet\s+(meer|verder|langer)\b|\bgeen\s+(zin|quiz|oefen\w*|vragen|toets\w*)\s+meer\b"
    r"|\bklaar\s+met\b|\bgenoeg\s+(geoefend|gedaan|vragen|voor\s+vandaag)\b"
    r"|(modus|quiz|ronde)\s+uit\b|\buit\s+de\s+(oefen|quiz|training)\w*", re.IGNORECASE)


def is_stop_request(text: str) -> bool:
    """True for "ik wil niet meer oefenen", "klaar met de quiz", "oefenmodus uit"; not for
    "ik wil oefenen", "nog een ronde", "oefenen over de meldcode"."""
    return bool(STOP_REQUEST.search(text or ""))


def _close(a: str, b: str) -> bool:
    """Typo tolerance: identical compact forms, or one or two edits in longer words."""
    a, b = name_key(a), name_key(b)
    if not a or not b:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= (0.85 if len(b) < 10 else 0.8)


def _tokens_match(answer: str, expected: str) -> bool:
    """Every word of the expected answer is in the answer (typos tolerated), with at most
    two extra words: "ik denk de relationele gezinsterapie" matches "Relationele
    Gezinstherapie"."""
    given = normalize(answer).split()
    wanted = normalize(expected).split()
    if not wanted or not given or len(given) > len(wanted) + 2:
        return False
    return all(any(w == g or _close(w, g) for g in given) for w in wanted)


def _lemmas_match(answer: str, expected: str) -> bool:
    """Same lemmas for answers of several words ("de stappen verhelderen" ~ "stap
    verhelderen"); single words are left to the typo check (lemmas of short unknown words
    collide: "verf" and "Verve")."""
    a, e = set(analyze(answer)), set(analyze(expected))
    return len(e) >= 2 and e <= a and len(a - e) <= 2


def matches(answer: str, expected: str) -> bool:
    if not answer or len(answer) > 200:
        return False
    a, e = normalize(answer), normalize(expected)
    return (a == e or _close(a, e) or name_key(a) == name_key(e)
            or _tokens_match(answer, expected) or _lemmas_match(answer, expected))


def check_free_text(kb: KnowledgeBase, q: QuizQuestion, answer: str) -> bool:
    """Whether a typed answer to a free-text question is right (leniently)."""
    answer = (answer or "").strip()
    if not answer or is_dont_know(answer):
        return False
    if any(_close(normalize(answer), f) or name_key(answer) == name_key(f) for f in q.forbidden):
        return False
    if any(matches(answer, e) for e in q.expected):
        return True
    if q.intervention_id:
        found = kb.intervention(normalize(answer))
        if found is not None and found.id == q.intervention_id:
            return True
    return False


ORDINALS = ("eerste", "tweede", "derde", "vierde")


def match_option(q: QuizQuestion, answer: str) -> Optional[int]:
    """The option a typed answer picks: its number ("2", "optie 2"), a letter ("b"), or its
    text (leniently, also another name of an intervention); None when unclear."""
    text = fold((answer or "").strip()).rstrip(".!?) ")
    text = CHOICE_TAILS.sub("", CHOICE_HEDGES.sub("", text)).strip()
    text = re.sub(r"\b(optie|antwoord|nummer|nr\.?|keuze)\s+(een|één|een)$", r"\1 1", text)
    text = re.sub(r"\b(twee|drie|vier)$", lambda m: NUMBER_WORDS[m.group(1)], text)
    number = re.fullmatch(r"(?:ik\s+kies\s+)?(?:(?:optie|antwoord|nummer|nr\.?|keuze)\s*){0,2}(\d)",
                          text)
    if number:
        index = int(number.group(1)) - 1
        return index if 0 <= index < len(q.options) else None
    ordinal = re.fullmatch(r"(?:ik\s+kies\s+)?(?:de|het)?\s*(eerste|tweede|derde|vierde|laatste)"
                           r"(?:\s+(?:optie|antwoord))?", text)
    if ordinal:
        word = ordinal.group(1)
        index = len(q.options) - 1 if word == "laatste" else ORDINALS.index(word)
        return index if index < len(q.options) else None
    letter = re.fullmatch(r"(?:optie|antwoord|ik\s+kies)?\s*([a-d])", text)
    if letter:
        index = "abcd".index(letter.group(1))
        return index if index < len(q.options) else None
    hits = set()
    for index, option in enumerate(q.options):
        names = (option, *(q.option_aliases[index] if index < len(q.option_aliases) else ()))
        if any(name_key(answer) == name_key(n) or _close(normalize(answer), normalize(n))
               for n in names):
            hits.add(index)
    if len(hits) == 1:
        return hits.pop()
    if not hits:
        partial = [i for i, option in enumerate(q.options) if _tokens_match(answer, option)]
        if len(partial) == 1:
            return partial[0]
    return None

"""Dutch text analysis for the knowledge-base search: the same at build and at query time.

Text -> tokens (spaCy's Dutch tokenizer) -> lemmas (the project lemmatizer in
``jeugdhulp.text``) -> lower case without accents -> stop words dropped -> compound heads added
("kindermishandeling" also indexes "mishandeling", so a question about "mishandeling" finds
it). ``ANALYSIS_VERSION`` is stored in the database; the search refuses a database built
with another analysis, because its index terms would not meet the query's.
"""
from __future__ import annotations

import functools
import hashlib
import re
from typing import List, Tuple

from jeugdhulp.text import fold, lemmas, lemmatizer_identity

# Heads of Dutch compounds that matter in this domain. Kept explicit (rather than learned
# from the corpus) so that build and query time split words the same way.
COMPOUND_HEADS = (
    "mishandeling", "verwaarlozing", "misbruik", "geweld", "plan", "gesprek", "maatregel",
    "plaatsing", "hulp", "hulpverlening", "behandeling", "therapie", "contact", "kader",
    "beraad", "conferentie", "vaardigheid", "probleem", "problematiek", "situatie",
    "veiligheid", "netwerk", "ouder", "gezin", "kind", "jeugdige", "beslissing",
    "besluitvorming", "analyse", "doel", "factor", "relatie", "werkwijze", "methode",
    "methodiek", "programma", "interventie", "melding", "crisis", "instrument", "taxatie",
    "bescherming", "beschermer", "voogd", "werker", "verlener", "onderzoek", "zorg",
    "ouderschap", "vraag", "vorming", "opvoeding", "ontwikkeling", "dossier", "overleg",
)

# A separable verb with "te" is one word again ("alles uit te vragen" is "uitvragen", "in te
# grijpen" is "ingrijpen"), as in the infinitive the guidelines and questions also use. Not
# "om te" (purpose: "om te beslissen") nor "samen te" ("samen te beslissen" stays "samen
# beslissen").
_SEPARABLE_TE = re.compile(
    r"\b(aan|af|bij|door|in|mee|na|op|over|terug|toe|uit|voor|weg)\s+te\s+(?=\w)",
    re.IGNORECASE)

# "eens" that says people agree is a word of its own ("eensgezind"): "Ga na of iedereen het
# eens is over de vraag en het probleem", "wat als ouders het al niet eens zijn over wat het
# probleem is?", "ze zijn het onderling niet eens over wat er moet gebeuren". It goes with a
# form of "zijn" or "worden" (before "het" or right after it) or with "over", "met" or
# "mee" after it. Not the "eens" of "vertel eens", "nog eens" (again), "wel eens" (ever) or
# "ouders lezen het niet eens" (not even).
_AGREES = re.compile(r"\b(?:(\w+)\s+)?(o?n?eens)\b(?=(\s+(?:over|met|mee)\b)?(\s+\w+)?)",
                     re.IGNORECASE)
_AGREES_AFTER = re.compile(  # "zijn het eens", "ben het er eigenlijk niet mee eens"
    r"\b(\w+)\s+het(\s+(er|niet|al|mee|ermee|daar|daarmee|hier|hiermee|eigenlijk|onderling"
    r"|totaal|helemaal|wel|nog|eindelijk|ook|toch|echt|volledig|zo|absoluut|gewoon|nooit"
    r"|allemaal|samen|snel|grotendeels|vaak|meestal|zelf|alle(bei|maal)|met|elkaar|nergens"
    r"|ergens|overal|over)){0,4}\s*$",
    re.IGNORECASE)
_AGAIN = {"nog", "wel", "ooit", "maar", "nou", "even"}  # "nog eens", "wel eens", "kijk maar eens"
_BE = {"zijn", "is", "ben", "bent", "was", "waren", "worden", "wordt", "werd", "werden", "raken",
       "raakt", "geworden", "geweest"}


def _agreement(text: str) -> str:
    """The text with each "eens" that says people agree written "eensgezind"."""
    if "eens" not in text.lower():  # analyse runs on every message and passage: most have none
        return text
    def agrees(match: "re.Match[str]") -> str:
        before = (match.group(1) or "").lower()
        after = (match.group(4) or "").strip().lower()
        if before in _AGAIN and not match.group(3) and after not in _BE:
            return match.group(0)
        clause = _AGREES_AFTER.search(text[:match.start(2)])
        if match.group(3) or (clause and (after in _BE or clause.group(1).lower() in _BE)):
            return match.group(0)[:match.start(2) - match.start()] + "eensgezind"
        return match.group(0)
    return _AGREES.sub(agrees, text)


# Turns of phrase that say nothing about the subject: "eerlijk gezegd erger ik me aan vader"
# is not about being honest in the first contact ("persoonlijk, transparant, eerlijk en
# oprecht"), "om eerlijk te zijn" and "eerlijk is eerlijk" neither.
_FILLERS = re.compile(r"\b(eerlijk\s+gezegd|om\s+eerlijk\s+te\s+zijn|eerlijk\s+is\s+eerlijk)\b",
                      re.IGNORECASE)


# Dutch function words; spaCy's list minus words that carry meaning in questions here
# ("niet" in "wat is niet onderhandelbaar", "samen" in "samen beslissen").
_KEEP = {"niet", "samen", "eerste", "geen", "veel", "alleen", "jong", "zelf", "wanneer"}


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset:
    from spacy.lang.nl.stop_words import STOP_WORDS

    extra = {"hoe", "wat", "welk", "welke", "waar", "wie", "waarom", "je", "jij", "u",
             "ik", "we", "wij", "ze", "zij", "mijn", "m'n", "z'n", "dat", "deze", "dit",
             "zijn", "worden", "hebben", "kunnen", "moeten", "zullen", "gaan", "doen",
             "er", "eens", "even", "graag", "nou", "toch", "dan", "ook", "meer"}
    return frozenset(w for w in (set(STOP_WORDS) | extra) if w not in _KEEP)


def _expand(term: str) -> List[str]:
    terms = [term]
    if "-" in term:
        terms.extend(part for part in term.split("-") if len(part) > 1)
    for head in COMPOUND_HEADS:
        if term.endswith(head) and len(term) - len(head) >= 3:
            terms.append(head)
            break
    return terms


def analyze(text: str) -> List[str]:
    """Index terms of ``text``, in order, duplicates kept (BM25 counts them)."""
    if not text or not text.strip():
        return []
    stop = _stop_words()
    terms: List[str] = []
    text = _agreement(_SEPARABLE_TE.sub(r"\1", _FILLERS.sub(" ", text[:5000])))
    for lemma in lemmas(text):
        term = fold(lemma).strip("'’‘\"()[]")
        if len(term) < 2 and not term.isdigit():
            continue
        if term in stop or not any(c.isalnum() for c in term):
            continue
        terms.extend(_expand(term))
    return terms


@functools.lru_cache(maxsize=4096)
def analyze_cached(text: str) -> Tuple[str, ...]:
    """``analyze`` for the parse path, where several NLU components analyse the same
    message and its words (jeugdhulp/nlu/kb_features.py, jeugdhulp/nlu/linear_text.py): analysed once."""
    return tuple(analyze(text))


@functools.lru_cache(maxsize=1)
def analysis_version() -> str:
    """Identity of the analysis: the lemmatizer's pipeline plus this module's word lists."""
    material = repr(COMPOUND_HEADS) + repr(sorted(_stop_words())) + repr(sorted(_KEEP)) + \
        _SEPARABLE_TE.pattern + _FILLERS.pattern + _AGREES.pattern + \
        _AGREES_AFTER.pattern + repr(sorted(_AGAIN)) + repr(sorted(_BE))
    own = hashlib.sha256(material.encode()).hexdigest()[:8]
    return f"{lemmatizer_identity()}+analysis-{own}"

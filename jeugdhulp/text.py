"""Dutch text helpers shared by every room: folding, name keys and lemmas.

One copy of each, so that the knowledge base, the NLU components, the safety detector, the
quiz and the redaction compare words the same way.

Lemmas: spaCy's Dutch tokenizer, then a lemmatizer built on ``simplemma``'s Dutch dictionary
with spaCy's lookup table (``spacy-lookups-data``) behind it. Measured on the domain's
words, simplemma is clearly better (kinderen -> kind, gezinnen -> gezin, verwaarloosde ->
verwaarlozen; spaCy's table leaves kinderen, ouders and ga unchanged), so it goes first.
The same lemmatizer runs inside the NLU's spaCy pipeline (``jeugdhulp.nlu.pipeline``).
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import re
import unicodedata
from typing import Dict, List, Optional, Sequence

# Corrections where simplemma's dictionary picks a reading that is wrong in this domain
# ("eerste" is the ordinal in "eerste gesprek", not a form of "één") or misses a word
# that users type all the time.
LEMMA_EXCEPTIONS: Dict[str, str] = {
    "eerste": "eerste",
    "tweede": "tweede",
    "derde": "derde",
    "ots": "ots",
    "ots'en": "ots",
    "gi": "gi",
    "gi's": "gi",
    "uithuisplaatsingen": "uithuisplaatsing",
    "ondertoezichtstellingen": "ondertoezichtstelling",
    "kinderbeschermingsmaatregelen": "kinderbeschermingsmaatregel",
    "multiprobleemgezinnen": "multiprobleemgezin",
    "jeugdbeschermers": "jeugdbeschermer",
    "gezinsvoogden": "gezinsvoogd",
    "gedragswetenschappers": "gedragswetenschapper",
    "jongeren": "jongere",
    "jeugdigen": "jeugdige",
    "zorgen": "zorg",
    "geweld": "geweld",
    "kids": "kind",
    "koters": "kind",
}

# Plural/inflection suffixes for words neither dictionary knows (mostly compounds).
# Ordered longest first; each maps a suffix to its replacement.
SUFFIX_RULES = (
    ("ingen", "ing"),
    ("heden", "heid"),
    ("aties", "atie"),
    ("ties", "tie"),
    ("ssen", "s"),
)


# Letters that Unicode does not decompose into a base letter and a diacritic.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                          "ı": "i"})


def fold(text: str) -> str:
    """Lower case without diacritics: cliënt -> client, geïntegreerd -> geintegreerd,
    Łukasz -> lukasz."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """Comparable form of a name: folded, only letters and digits ("MST-CAN" == "mst can")."""
    return re.sub(r"[^a-z0-9]", "", fold(text or ""))


def abbreviation(names: Sequence[str]) -> Optional[str]:
    """The first name that is an abbreviation ("MST-CAN", "IAG"): upper case, 2-8 letters."""
    return next((n for n in names if n.isupper() and 2 <= len(n) <= 8), None)


def package_version(name: str) -> Optional[str]:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


class DutchLemmatizer:
    """Lemmatizes Dutch tokens: project exceptions, simplemma, spaCy's table, suffix rules."""

    def __init__(self) -> None:
        import simplemma
        from spacy.lookups import load_lookups

        self._simplemma = simplemma
        self._table = load_lookups("nl", ["lemma_lookup"]).get_table("lemma_lookup")

    @functools.lru_cache(maxsize=65536)
    def lemma(self, word: str) -> str:
        lower = word.lower()
        if lower in LEMMA_EXCEPTIONS:
            return LEMMA_EXCEPTIONS[lower]
        if not lower.isalpha():
            return lower
        candidate = self._simplemma.lemmatize(lower, lang="nl").lower()
        if candidate != lower:
            return candidate
        candidate = (self._table.get(lower) or lower).lower()
        if candidate != lower:
            return candidate
        for suffix, replacement in SUFFIX_RULES:
            if lower.endswith(suffix) and len(lower) > len(suffix) + 4:
                return lower[: -len(suffix)] + replacement
        return lower


@functools.lru_cache(maxsize=1)
def dutch_lemmatizer() -> DutchLemmatizer:
    return DutchLemmatizer()


@functools.lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    import spacy

    return spacy.blank("nl").tokenizer


def lemmas(text: str) -> List[str]:
    """Lower-case lemmas of the word tokens of ``text`` (punctuation and spaces dropped)."""
    lemmatizer = dutch_lemmatizer()
    return [lemmatizer.lemma(t.text) for t in _tokenizer()(text)
            if not (t.is_punct or t.is_space)]


@functools.lru_cache(maxsize=1)
def lemmatizer_identity() -> str:
    """Versions and rules behind ``lemmas``: a change means lemmas can differ."""
    material = repr(sorted(LEMMA_EXCEPTIONS.items())) + repr(SUFFIX_RULES)
    rules = hashlib.sha256(material.encode()).hexdigest()[:8]
    return (f"spacy-{package_version('spacy')}+simplemma-{package_version('simplemma')}"
            f"+lemmas-{rules}")

"""The lookup sets the detectors consult, loaded once from the word lists and the content.

No NER model can be had here, so names are found with rules and lists. Three sources:

* the name and place lists in ``jeugdhulp/privacy/data/*.txt`` (data, derived from the
  ``deduce`` de-identification tool, LGPL-3.0-or-later; see ``data/README.md``): about
  14,700 first names, 12,000 surnames, 6,300 places, 1,100 everyday words, the first names
  that are also words, and the first names that are ambiguous at the start of a sentence;
* ``knowledge/content/privacy.yml`` (content an editor maintains): the domain terms, the
  authors the guidelines cite, words that are never a name, titles and family words;
* the domain vocabulary the rest of the assistant already keeps: the names of interventions
  and problems (``knowledge/content/names.yml``) and the labels, synonyms and terms of the
  topics (``knowledge/content/topics.yml``).

Never a name, and why each set is kept apart:

* *protected* (``hard_words``, ``hard_phrases``): the domain terms and vocabulary ("Signs of
  Safety", "Veilig Thuis", "Raad voor de Kinderbescherming", "Jeugdwet"), and the words that
  are never a name (nationalities, languages, religions, months, days). Multi-word entries
  protect the whole phrase; every word of 3+ letters is also protected on its own, unless it
  is a first name ("Emmy" in "Emmy Berben" is protected only as part of that phrase);
* *places* (``soft_words``, ``soft_phrases``) and *authors* (``author_words``,
  ``author_phrases``: "Bartelink en Ten Berge", "Van der Stouwe"): protected unless a title
  or family word stands right before them ("mevrouw Vink", "zoon Damen").

Everything here is optional: a missing list or content file is logged and detection goes
on without it (names are then found by trigger words only). The sets are built once, at
the first use, under a lock; tests reset them by setting ``_VOCAB`` to None.
"""
from __future__ import annotations

import functools
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

import yaml

from jeugdhulp.knowledge import vocabulary as names_vocabulary
from jeugdhulp.paths import CONTENT_DIR
from jeugdhulp.privacy.tokens import phrase_words
from jeugdhulp.privacy.words import DAYS, MONTHS, NAMING, PARTICLE_WORDS, STOP

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).with_name("data")
TOPICS_FILE = CONTENT_DIR / "topics.yml"
PRIVACY_FILE = CONTENT_DIR / "privacy.yml"

Phrases = Dict[Tuple[str, ...], List[Tuple[str, ...]]]  # keyed by the first two words


class PrivacyContentError(ValueError):
    """privacy.yml is malformed; the message names the section."""


@dataclass(frozen=True)
class PrivacyWords:
    """The lists of ``knowledge/content/privacy.yml``, as written there."""

    domain_terms: Tuple[str, ...] = ()
    authors: Tuple[str, ...] = ()
    not_names: Tuple[str, ...] = ()  # all groups, lower case
    titles: Tuple[str, ...] = ()
    family_words: Tuple[str, ...] = ()
    family_words_van: Tuple[str, ...] = ()


def _strings(value: object, where: str) -> Tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PrivacyContentError(f"{where}: expected a list of words")
    return tuple(v.strip() for v in value)


def load_privacy_words(path: Optional[Path] = None) -> PrivacyWords:
    """Read privacy.yml; raises OSError or :class:`PrivacyContentError`."""
    spec = yaml.safe_load((path or PRIVACY_FILE).read_text(encoding="utf-8")) or {}
    if not isinstance(spec, dict):
        raise PrivacyContentError("privacy.yml: expected the sections domain_terms, authors, ...")
    groups = spec.get("not_names") or {}
    if not isinstance(groups, dict):
        raise PrivacyContentError("not_names: expected groups, each a list of words")
    not_names = tuple(w.lower() for group, words in groups.items()
                      for w in _strings(words, f"not_names.{group}"))
    words = PrivacyWords(
        domain_terms=_strings(spec.get("domain_terms"), "domain_terms"),
        authors=_strings(spec.get("authors"), "authors"),
        not_names=not_names,
        titles=tuple(w.lower() for w in _strings(spec.get("titles"), "titles")),
        family_words=tuple(w.lower() for w in _strings(spec.get("family_words"), "family_words")),
        family_words_van=tuple(w.lower() for w in _strings(spec.get("family_words_van"),
                                                           "family_words_van")))
    stray = set(words.family_words_van) - set(words.family_words)
    if stray:
        raise PrivacyContentError(f"family_words_van: not in family_words: {sorted(stray)}")
    return words


def _privacy_words() -> PrivacyWords:
    try:
        return load_privacy_words()
    except Exception:  # like the word lists: without it detection is weaker, not broken
        logger.warning("privacy: %s not read; name detection is weaker", PRIVACY_FILE,
                       exc_info=True)
        return PrivacyWords()


def read_list(name: str) -> List[str]:
    """The lines of ``data/<name>``, comments and blank lines left out; [] when missing."""
    try:
        text = (DATA_DIR / name).read_text(encoding="utf-8")
    except Exception:  # the lists are optional: without them only triggers find names
        logger.warning("privacy: word list %s not found; name detection is weaker", name)
        return []
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


def domain_vocabulary() -> List[str]:
    """Names from ``knowledge/content/names.yml`` and phrases from
    ``knowledge/content/topics.yml``: the vocabulary the rest of the assistant keeps."""
    out: List[str] = []
    try:
        out.extend(names_vocabulary.all_forms())
    except (OSError, ValueError):
        logger.debug("privacy: %s not read", names_vocabulary.NAMES_FILE)
    try:
        spec = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8")) or {}
        for topic in spec.get("topics") or []:
            if isinstance(topic, dict):
                out.append(str(topic.get("label", "")))
                out.extend(str(s) for s in topic.get("synonyms") or [])
                # Capitalised words inside descriptions ("Jeugdbescherming Regio Amsterdam").
                desc = str(topic.get("description", ""))
                out.extend(m.group() for m in re.finditer(r"(?<=\s)[A-Z][\w\-]+", desc))
        for key, value in (spec.get("terms") or {}).items():
            out.append(str(key))
            out.append(str(value))
    except Exception:
        logger.debug("privacy: %s not read", TOPICS_FILE)
    return out


def _lower_set(name: str) -> Set[str]:
    return {w.lower() for w in read_list(name)}


def _sort_longest_first(*tables: Phrases) -> None:
    for table in tables:
        for lst in table.values():
            lst.sort(key=len, reverse=True)


class Vocab:
    """All word sets, loaded once (see the module docstring for what each is for)."""

    def __init__(self, content: PrivacyWords) -> None:
        self.titles: FrozenSet[str] = frozenset(content.titles)
        self.kin: FrozenSet[str] = frozenset(content.family_words)
        self.kin_van: FrozenSet[str] = frozenset(content.family_words_van)
        # Capitalised words that are not names: nationalities, languages, months, days, ...
        self.not_names: FrozenSet[str] = frozenset(content.not_names) | frozenset(MONTHS) \
            | frozenset(DAYS)
        # What makes a word "blocked" for the name rules (with the protected mark).
        self.never_name: FrozenSet[str] = STOP | self.not_names | self.kin | self.titles
        self.never_name_after_particle: FrozenSet[str] = self.not_names | self.kin
        self._load_names()
        self.hard_words: Set[str] = set(self.not_names)
        self.hard_phrases: Phrases = {}
        self.soft_words: Set[str] = set()  # places
        self.soft_phrases: Phrases = {}
        self.author_words: Set[str] = set()
        self.author_phrases: Phrases = {}
        for phrase in content.domain_terms:
            self._add_domain(phrase)
        for phrase in domain_vocabulary():
            self._add_domain(phrase)
        for phrase in content.authors:
            self._add_author(phrase)
        self._load_places()
        self.place_words: FrozenSet[str] = frozenset(self.soft_words)
        _sort_longest_first(self.hard_phrases, self.soft_phrases, self.author_phrases)
        # Two-letter abbreviations that make "sinds 2015 GI" a year, not a postcode.
        self.domain_upper: FrozenSet[str] = frozenset(
            {"GI", "VT", "OT", "UHP", "AMK", "JB", "RVDK", "CJG", "GGZ", "GGD"}
            | {w.upper() for w in self.hard_words if len(w) == 2})

    def _load_names(self) -> None:
        self.first: Set[str] = _lower_set("first_names.txt")
        self.ambiguous: Set[str] = _lower_set("ambiguous_first_names.txt")
        self.surnames: Set[str] = _lower_set("surnames.txt")
        # also "meer", "wit", "jong": used only right after a particle ("van der Meer")
        self.surnames_raw: Set[str] = set(self.surnames) - self.not_names - self.kin - self.titles
        self.common: Set[str] = _lower_set("common_words.txt") | set(STOP)
        for w in STOP | self.not_names | self.kin | self.titles | NAMING:
            self.first.discard(w)
            self.surnames.discard(w)
        self.allnames: Set[str] = self.first | self.surnames
        # first names that are also Dutch or English words: not a name in lower case
        self.also_words: Set[str] = _lower_set("first_names_also_words.txt")

    def _add_domain(self, phrase: str) -> None:
        words = phrase_words(phrase)
        if not words:
            return
        if len(words) > 1:
            self.hard_phrases.setdefault(words[:2], []).append(words)
        for w in words:
            # Single domain words are protected unless they are first names ("Emmy" in
            # "Emmy Berben" is protected only as part of that phrase).
            if len(w) >= 3 and w not in PARTICLE_WORDS and w not in STOP and w not in self.first:
                self.hard_words.add(w)

    def _add_author(self, phrase: str) -> None:
        words = phrase_words(phrase)
        if len(words) == 1:
            self.author_words.add(words[0])
        elif words:
            self.author_phrases.setdefault(words[:2], []).append(words)

    def _load_places(self) -> None:
        for place in read_list("places.txt"):
            words = phrase_words(place)
            if len(words) == 1:
                if words[0] not in self.first:
                    self.soft_words.add(words[0])
            elif words:
                self.soft_phrases.setdefault(words[:2], []).append(words)


_DICTIONARY_WARNED = False


@functools.lru_cache(maxsize=4096)
def dutch_word(low: str) -> bool:
    """Is ``low`` (lower case) an ordinary Dutch word in simplemma's dictionary ("fase",
    "bijlage", "casus")? Asked only by the rules that take an unknown capitalised word for
    a name ("Sharlon Felida (12)"); when simplemma cannot be used the answer is True, so
    that those rules stay out rather than redact every capitalised word."""
    global _DICTIONARY_WARNED
    try:
        import simplemma  # a dependency of the bot; loads its Dutch dictionary once

        return bool(simplemma.is_known(low, lang="nl"))
    except Exception:
        if not _DICTIONARY_WARNED:
            _DICTIONARY_WARNED = True
            logger.warning("privacy: simplemma not usable; unknown words are not taken for "
                           "names", exc_info=True)
        return True


_VOCAB: Optional[Vocab] = None
_VOCAB_LOCK = threading.Lock()


def get() -> Vocab:
    """The word sets, built at the first call."""
    global _VOCAB
    if _VOCAB is None:
        with _VOCAB_LOCK:
            if _VOCAB is None:
                _VOCAB = Vocab(_privacy_words())
    return _VOCAB

"""The Dutch spaCy pipeline used by the NLU (Rasa) and by the knowledge base search.

Two pipelines can be behind it:

* ``nl_core_news_sm``, the official small Dutch pipeline, when it is installed;
* otherwise a project-built, rule-based pipeline: spaCy's Dutch tokenizer, a lemmatizer
  (``simplemma``'s bundled Dutch dictionary backed by spaCy's lookup table from
  ``spacy-lookups-data``), and the project's domain entity patterns (``patterns.yml``).

The machines this project is set up on cannot download ``nl_core_news_sm``, so the
rule-based pipeline is the one that normally runs. It is deliberately good at the one thing
the assistant needs from it: turning inflected Dutch words into stable lemmas
(kinderen -> kind, gezinnen -> gezin, verwaarloosde -> verwaarlozen), so that training
examples, questions and guideline passages meet on the same words.

Both pipelines get the same lemmatizer and entity patterns on top, so the search and the
entity features behave the same. Which one was used is identified by ``pipeline_identity()``;
a trained model records it (see ``bot.components``) and refuses to run on another.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
from pathlib import Path
from typing import Dict, List, Optional

import yaml

logger = logging.getLogger(__name__)

PREFERRED_PIPELINE = "nl_core_news_sm"
RULE_BASED_PIPELINE = "nl_jeugdhulp_rules"
PATTERNS_FILE = Path(__file__).with_name("patterns.yml")

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


def _package_version(name: str) -> Optional[str]:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def preferred_pipeline_available() -> bool:
    """True when ``nl_core_news_sm`` is installed (the official install succeeded)."""
    return _package_version(PREFERRED_PIPELINE) is not None


def _patterns_digest() -> str:
    return hashlib.sha256(PATTERNS_FILE.read_bytes()).hexdigest()[:12]


def _lemmatizer_digest() -> str:
    """Fingerprint of the lemmatizer's own rules: a change means lemmas can differ."""
    material = repr(sorted(LEMMA_EXCEPTIONS.items())) + repr(SUFFIX_RULES)
    return hashlib.sha256(material.encode()).hexdigest()[:8]


@functools.lru_cache(maxsize=None)
def pipeline_identity() -> str:
    """Name and version of the pipeline ``load_dutch()`` gives on this machine.

    Recorded with every trained model and with the knowledge database, and compared when
    they are loaded. Changes whenever the lemmas or entities it produces could change.
    """
    extras = (
        f"spacy-{_package_version('spacy')}+simplemma-{_package_version('simplemma')}"
        f"+lemmas-{_lemmatizer_digest()}+patterns-{_patterns_digest()}"
    )
    if preferred_pipeline_available():
        return f"{PREFERRED_PIPELINE}-{_package_version(PREFERRED_PIPELINE)}+{extras}"
    return f"{RULE_BASED_PIPELINE}+{extras}"


def pipeline_kind(identity: str) -> str:
    """The pipeline's name without versions (``nl_core_news_sm`` or the rule-based one)."""
    return identity.split("-", 1)[0].split("+", 1)[0]


class DutchLemmatizer:
    """Lemmatizes Dutch tokens: project exceptions, simplemma, spaCy's table, suffix rules.

    Measured on the domain's words, simplemma's dictionary is clearly better than spaCy's
    lookup table (kinderen, ouders, gezinnen, ga are left unchanged by the table), so it
    goes first; the table covers some words simplemma leaves alone.
    """

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


def _register_components() -> None:
    from spacy.language import Language

    if "jeugdhulp_lemmatizer" in Language.factories:
        return

    @Language.component("jeugdhulp_lemmatizer")
    def jeugdhulp_lemmatizer(doc):  # type: ignore[no-untyped-def]
        lemmatizer = dutch_lemmatizer()
        for token in doc:
            token.lemma_ = lemmatizer.lemma(token.text)
        return doc


def load_patterns(path: Path = PATTERNS_FILE) -> List[dict]:
    """Entity-ruler patterns from ``patterns.yml``: phrases per label, plus token patterns.

    Phrases are matched case-insensitively on the token text, so "MST-CAN", "mst-can" and
    "Mst-Can" are one entity.
    """
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    patterns: List[dict] = []
    for label, entries in (spec.get("phrases") or {}).items():
        for entry in entries:
            value = entry["value"]
            for phrase in [value, *entry.get("synonyms", [])]:
                patterns.append({"label": label, "pattern": phrase.lower(), "id": value})
    for item in spec.get("token_patterns") or []:
        patterns.append(item)
    return patterns


def _add_domain_components(nlp) -> None:  # type: ignore[no-untyped-def]
    _register_components()
    if "jeugdhulp_lemmatizer" not in nlp.pipe_names:
        nlp.add_pipe("jeugdhulp_lemmatizer")
    ruler_config = {"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
    ruler = nlp.add_pipe("entity_ruler", name="jeugdhulp_entities", config=ruler_config)
    ruler.add_patterns(load_patterns())


def build_rule_based_pipeline():  # type: ignore[no-untyped-def]
    """spaCy's Dutch tokenizer + the project lemmatizer + domain entity patterns."""
    import spacy

    nlp = spacy.blank("nl")
    _add_domain_components(nlp)
    nlp.meta["name"] = RULE_BASED_PIPELINE
    return nlp


def _load_preferred():  # type: ignore[no-untyped-def]
    import spacy

    # The parser is not used; its lemmatizer is replaced by the project's so that both
    # pipelines produce the same lemmas for the search.
    nlp = spacy.load(PREFERRED_PIPELINE, exclude=["parser", "lemmatizer"])
    _add_domain_components(nlp)
    return nlp


@functools.lru_cache(maxsize=1)
def load_dutch():  # type: ignore[no-untyped-def]
    """The Dutch pipeline: ``nl_core_news_sm`` when installed, else the rule-based one."""
    if preferred_pipeline_available():
        try:
            nlp = _load_preferred()
            logger.info("Dutch pipeline: %s", pipeline_identity())
            return nlp
        except Exception as error:  # a broken install must not silently differ
            raise RuntimeError(
                f"{PREFERRED_PIPELINE} is installed but cannot be loaded ({error}). "
                f"Reinstall it or remove it (`pip uninstall {PREFERRED_PIPELINE}`) to use "
                f"the rule-based pipeline, then retrain (`make train`)."
            ) from error
    nlp = build_rule_based_pipeline()
    logger.info("Dutch pipeline: %s", pipeline_identity())
    return nlp


def lemmas(text: str) -> List[str]:
    """Lower-case lemmas of the word tokens of ``text`` (punctuation and spaces dropped)."""
    lemmatizer = dutch_lemmatizer()
    doc = load_dutch().make_doc(text)  # tokenizer only: fast enough for every query
    return [lemmatizer.lemma(t.text) for t in doc if not (t.is_punct or t.is_space)]

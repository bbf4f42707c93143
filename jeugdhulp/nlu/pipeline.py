"""The Dutch spaCy pipeline used by the NLU (Rasa) and by the knowledge base search.

Two pipelines can be behind it:

* ``nl_core_news_sm``, the official small Dutch pipeline, when it is installed;
* otherwise a project-built, rule-based pipeline: spaCy's Dutch tokenizer, a lemmatizer
  (``simplemma``'s bundled Dutch dictionary backed by spaCy's lookup table from
  ``spacy-lookups-data``), and the domain entity patterns (the names of
  ``knowledge/content/names.yml`` and ``token_patterns.yml``).

The machines this project is set up on cannot download ``nl_core_news_sm``, so the
rule-based pipeline is the one that normally runs. It is deliberately good at the one thing
the assistant needs from it: turning inflected Dutch words into stable lemmas
(kinderen -> kind, gezinnen -> gezin, verwaarloosde -> verwaarlozen), so that training
examples, questions and guideline passages meet on the same words.

Both pipelines get the same lemmatizer and entity patterns on top, so the search and the
entity features behave the same. Which one was used is identified by ``pipeline_identity()``;
a trained model records it (see ``jeugdhulp.nlu.components``) and refuses to run on another.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
from pathlib import Path
from typing import List

import yaml

from jeugdhulp.knowledge.vocabulary import entity_patterns
from jeugdhulp.text import dutch_lemmatizer, lemmatizer_identity, package_version

logger = logging.getLogger(__name__)

PREFERRED_PIPELINE = "nl_core_news_sm"
RULE_BASED_PIPELINE = "nl_jeugdhulp_rules"
PATTERNS_FILE = Path(__file__).with_name("token_patterns.yml")


def preferred_pipeline_available() -> bool:
    """True when ``nl_core_news_sm`` is installed (the official install succeeded)."""
    return package_version(PREFERRED_PIPELINE) is not None


def _patterns_digest() -> str:
    material = json.dumps(load_patterns(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(material.encode()).hexdigest()[:12]


@functools.lru_cache(maxsize=None)
def pipeline_identity() -> str:
    """Name and version of the pipeline ``load_dutch()`` gives on this machine.

    Recorded with every trained model and with the knowledge database, and compared when
    they are loaded. Changes whenever the lemmas or entities it produces could change.
    """
    extras = f"{lemmatizer_identity()}+patterns-{_patterns_digest()}"
    if preferred_pipeline_available():
        return f"{PREFERRED_PIPELINE}-{package_version(PREFERRED_PIPELINE)}+{extras}"
    return f"{RULE_BASED_PIPELINE}+{extras}"


def pipeline_kind(identity: str) -> str:
    """The pipeline's name without versions (``nl_core_news_sm`` or the rule-based one)."""
    return identity.split("-", 1)[0].split("+", 1)[0]


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
    """Entity-ruler patterns: every name of names.yml (its entity as the id), plus the
    token patterns of ``token_patterns.yml``.

    Phrases are matched case-insensitively on the token text, so "MST-CAN", "mst-can" and
    "Mst-Can" are one entity.
    """
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [*entity_patterns(), *(spec.get("token_patterns") or [])]


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

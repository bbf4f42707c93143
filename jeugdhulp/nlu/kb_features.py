"""Knowledge-base features for the NLU: what the guidelines themselves say a word is about.

The rule-based Dutch pipeline has no word vectors, so DIET only sees the words of its own
training examples: "zorgcoördinatie" or "opvoedcapaciteiten" mean nothing to it unless an
example used them. The five guidelines do know these words. At training time this
featurizer reads the knowledge base and records, for every index term, how strongly it
belongs to each guideline, topic, section, collection (the guidelines' own lists, such as
the working factors) and kind of passage (a likelihood ratio per
passage group, normalised to a distribution). A message then gets:

- per token: the distribution of its term (zeros for words the guidelines do not use);
- for the sentence: the idf-weighted mean of those distributions, which topics the message
  names by one of their synonyms, and how much of the message the guidelines cover at all
  (questions about the weather or a printer share hardly a word with them).

The table is stored in the model, so a trained model does not need the database; it is
rebuilt whenever the model is trained (``make train`` depends on the knowledge base).
"""
from __future__ import annotations

import json
import logging
import math
from collections import Counter, defaultdict
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

TABLE_FILE = "knowledge_features.json"
MIN_IDF = 0.05


def _distribution(counts: Dict[str, Counter], totals: Dict[str, int],
                  groups: Sequence[str]) -> Dict[str, List[float]]:
    """term -> normalised rate of the term in each group: count / (group size + the mean
    group size), so one mention in a tiny group does not outweigh many in a large one."""
    table = {}
    prior = sum(totals.get(g, 0) for g in groups) / max(len(groups), 1)
    for term, by_group in counts.items():
        rates = [by_group.get(g, 0) / (totals.get(g, 0) + prior + 1) for g in groups]
        total = sum(rates)
        if total > 0:
            table[term] = [round(r / total, 4) for r in rates]
    return table


def _section(record: Any) -> str:
    """The passage's guideline and the first two levels of its section path."""
    return " > ".join((record.guideline_id, *record.section_path[:2]))


GROUPS = ("guideline", "topic", "kind", "section", "collection")


def _collections_of(index: Any) -> Dict[str, List[str]]:
    """passage key -> the collections it is an item or the lead of."""
    in_collections: Dict[str, List[str]] = defaultdict(list)
    for collection in index.collections.values():
        for key in [collection.lead, *(k for _, k in collection.items)]:
            if key:
                in_collections[key].append(collection.id)
    return in_collections


def _count_terms(index: Any) -> Tuple[Dict[str, Dict[str, Counter]], Dict[str, Counter]]:
    """How often each analysed term occurs per guideline, topic, kind, section and
    collection, and how many terms each of those has."""
    from jeugdhulp.knowledge.analysis import analyze

    in_collections = _collections_of(index)
    counts: Dict[str, Dict[str, Counter]] = {n: defaultdict(Counter) for n in GROUPS}
    totals: Dict[str, Counter] = {n: Counter() for n in GROUPS}
    for record in index.records:
        terms = analyze(" ".join(filter(None, [*record.section_path, record.section_heading,
                                               record.label or "", record.text,
                                               *getattr(record, "practice", ())])))
        groups = {"guideline": [record.guideline_id],
                  "topic": [t for t in record.topics if t in index.topics],
                  "kind": [record.kind],
                  "section": [_section(record)],
                  "collection": in_collections.get(record.key, [])}
        for term in terms:
            for name, members in groups.items():
                for member in members:
                    counts[name][term][member] += 1
        for name, members in groups.items():
            for member in members:
                totals[name][member] += len(terms)
    return counts, totals


def _count_topic_synonyms(index: Any, counts: Dict[str, Dict[str, Counter]]) -> None:
    """Topic synonyms belong to their topic (and its guidelines) even where a passage
    words it differently."""
    topic_guidelines: Dict[str, Counter] = defaultdict(Counter)
    for record in index.records:
        for topic in record.topics:
            topic_guidelines[topic][record.guideline_id] += 1
    for topic, synonyms in index.topic_terms.items():
        if topic not in index.topics:
            continue
        for synonym in synonyms:
            for term in synonym:
                counts["topic"][term][topic] += 1
                for guideline in topic_guidelines[topic]:
                    counts["guideline"][term][guideline] += 1


def build_table(kb: Any = None) -> Dict[str, Any]:
    """The feature table from the knowledge base (``jeugdhulp.knowledge.base.KnowledgeBase``)."""
    from jeugdhulp.knowledge.base import KnowledgeBase

    index = (kb or KnowledgeBase()).index
    records = index.records
    members = {"guideline": sorted({r.guideline_id for r in records}),
               "topic": sorted(index.topics),
               "kind": sorted({r.kind for r in records}),
               "section": sorted({_section(r) for r in records}),
               "collection": sorted(index.collections)}
    counts, totals = _count_terms(index)
    _count_topic_synonyms(index, counts)
    idf = dict(index.bm25.idf) if index.bm25 is not None else {}
    ceiling = max(idf.values(), default=1.0)
    return {
        "guidelines": members["guideline"],
        "topics": members["topic"],
        "kinds": members["kind"],
        "sections": members["section"],
        "collections": members["collection"],
        "idf": {t: round(max(idf.get(t, ceiling), MIN_IDF), 4) for t in counts["guideline"]},
        "max_idf": round(ceiling, 4),
        **{name: _distribution(counts[name], totals[name], members[name]) for name in GROUPS},
        "topic_synonyms": {t: [list(s) for s in index.topic_terms[t]] for t in members["topic"]
                           if t in index.topic_terms},
    }


class FeatureTable:
    """Looks terms up in a table from ``build_table`` and makes the feature vectors.

    Layout: one block per group (guideline, topic, kind, section, collection), then the
    topics the message names by a synonym, then two numbers: the share of the message the
    guidelines cover, and its length (sentence) or 1 for a known word (token).
    """

    GROUPS = (("guideline", "guidelines"), ("topic", "topics"), ("kind", "kinds"),
              ("section", "sections"), ("collection", "collections"))

    def __init__(self, table: Dict[str, Any]) -> None:
        self.table = table
        self.guidelines: List[str] = table["guidelines"]
        self.topics: List[str] = table["topics"]
        self.kinds: List[str] = table["kinds"]
        self.n_g, self.n_t, self.n_k = len(self.guidelines), len(self.topics), len(self.kinds)
        self.blocks: List[Tuple[str, int, int]] = []  # (group, start, size)
        start = 0
        for group, members in self.GROUPS:
            size = len(table.get(members, []))
            self.blocks.append((group, start, size))
            start += size
        self.named_offset = start
        self.dimension = start + self.n_t + 2
        self.positions = {t: i for i, t in enumerate(self.topics)}
        self.synonyms = {t: [tuple(s) for s in syns]
                         for t, syns in table["topic_synonyms"].items()}

    def term_vector(self, term: str) -> Optional[np.ndarray]:
        if term not in self.table["guideline"]:
            return None
        vector = np.zeros(self.dimension, dtype=np.float32)
        for group, start, size in self.blocks:
            values = self.table.get(group, {}).get(term)
            if values is not None and size:
                vector[start:start + size] = values
        vector[-1] = 1.0
        return vector

    def token_vector(self, terms: Sequence[str]) -> np.ndarray:
        vectors = [v for v in (self.term_vector(t) for t in terms) if v is not None]
        if not vectors:
            return np.zeros(self.dimension, dtype=np.float32)
        return np.mean(vectors, axis=0).astype(np.float32)

    def sentence_vector(self, terms: Sequence[str]) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        if not terms:
            return vector
        idf, ceiling = self.table["idf"], self.table["max_idf"]
        known_weight = all_weight = 0.0
        for term in terms:
            weight = idf.get(term, ceiling)
            all_weight += weight
            term_vector = self.term_vector(term)
            if term_vector is not None:
                vector += weight * term_vector
                known_weight += weight
        if known_weight > 0:
            vector /= known_weight
        from jeugdhulp.knowledge.search import topics_named

        for topic in topics_named(self.synonyms, terms):
            vector[self.named_offset + self.positions[topic]] = 1.0
        vector[-2] = known_weight / all_weight if all_weight else 0.0
        vector[-1] = min(1.0, math.log1p(len(terms)) / math.log1p(12))
        return vector


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True
)
class KnowledgeFeaturizer(DenseFeaturizer, GraphComponent):
    """Dense features from the knowledge base (see the module docstring)."""

    @classmethod
    def required_components(cls) -> List[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config()}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage,
                 resource: Resource, table: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(name, config)
        self._model_storage = model_storage
        self._resource = resource
        self._features = FeatureTable(table) if table else None

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """Rasa retrains this component when the knowledge base was rebuilt, not only when
        the NLU data changed."""
        try:
            from jeugdhulp.knowledge.base import KnowledgeBase

            return KnowledgeBase().index.built_at
        except Exception:  # no database yet: training will say so
            return None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "KnowledgeFeaturizer":
        return cls(config, execution_context.node_name, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "KnowledgeFeaturizer":
        table = None
        try:
            with model_storage.read_from(resource) as directory:
                table = json.loads((directory / TABLE_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            logger.warning("The model has no knowledge-base feature table; retrain it.")
        return cls(config, execution_context.node_name, model_storage, resource, table)

    def train(self, training_data: TrainingData) -> Resource:
        table = build_table()
        self._features = FeatureTable(table)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / TABLE_FILE).write_text(json.dumps(table, ensure_ascii=False),
                                                encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if self._features is None:
            return messages
        for message in messages:
            self._featurize(message)
        return messages

    def _terms(self, text: str) -> List[str]:
        from jeugdhulp.knowledge.analysis import analyze_cached

        try:
            return list(analyze_cached(text))
        except Exception:  # never let a feature break understanding
            logger.exception("analysis failed")
            return []

    def _featurize(self, message: Message) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT])
        text = message.get(TEXT)
        if not tokens or not text:
            return
        features = self._features
        assert features is not None
        sequence = np.stack([features.token_vector(self._terms(t.text)) for t in tokens])
        sentence = features.sentence_vector(self._terms(text))[np.newaxis, :]
        name = self._identifier
        message.add_features(Features(sequence, FEATURE_TYPE_SEQUENCE, TEXT, name))
        message.add_features(Features(sentence, FEATURE_TYPE_SENTENCE, TEXT, name))

"""A small linear text classifier for the NLU components that need one: tf-idf + a
multinomial logistic regression, trained with scikit-learn and stored as plain weights.

Used by ``jeugdhulp.nlu.guideline_classifier`` (which guideline a question is about) and
``jeugdhulp.nlu.intent_ensemble`` (a second opinion on the intent). Features come in blocks; each
block is a list of analyzers whose features share one tf-idf space (sublinear tf, l2
normalised per block). Stored as JSON (labels, vocabularies) and ``.npy`` arrays: no
pickles in the model archive.
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Text, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

from jeugdhulp.linear import class_weights, softmax

logger = logging.getLogger(__name__)

MAX_CHARS = 2000  # longer messages are classified on their start
CHAR_NGRAMS = (2, 5)


def term_features(text: str) -> List[str]:
    """The analysed terms of the text (as the search sees them) and their bigrams."""
    from jeugdhulp.knowledge.analysis import analyze_cached

    try:
        terms = list(analyze_cached(text[:MAX_CHARS]))
    except Exception:  # never let a feature break understanding
        logger.exception("analysis failed")
        return []
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


def word_features(text: str) -> List[str]:
    """Plain lower-case words and their bigrams."""
    words = text[:MAX_CHARS].lower().split()
    return [f"w:{w}" for w in words] + [f"w:{a} {b}" for a, b in zip(words, words[1:])]


def char_features(text: str) -> List[str]:
    """Character n-grams inside word boundaries (scikit-learn's ``char_wb``)."""
    grams = []
    low, high = CHAR_NGRAMS
    for word in text[:MAX_CHARS].lower().split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) < n:
                break
            grams.extend(f"c:{padded[i:i + n]}" for i in range(len(padded) - n + 1))
    return grams


class LookupMasker:
    """Replaces every name of a lookup table in a text by the table's name: "werkt VSV?" and
    "werkt Signs of Safety?" both become "werkt _intervention_ ?", "hoi daar" becomes
    "_greeting_word_ daar"; numbers become "_num_". A model over the masked words learns
    the shape of a question once instead of once per intervention, farewell or age.

    The tables are the NLU data's lookup tables (data/nlu/lookups/), the same lists the
    RegexFeaturizer gives DIET. Case-insensitive; the longest name wins; a name in two
    tables counts for the first.
    """

    def __init__(self, tables: Dict[str, List[str]]) -> None:
        self._table_of: Dict[str, str] = {}
        for name, values in tables.items():
            for value in values:
                key = " ".join(str(value).lower().split())
                if key:
                    self._table_of.setdefault(key, name)
        names = sorted(self._table_of, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
            + r")(?!\w)") if names else None

    def mask(self, text: str) -> List[str]:
        low = text[:MAX_CHARS].lower()
        if self._pattern is not None:
            low = self._pattern.sub(
                lambda m: f" _{self._table_of.get(' '.join(m.group(0).split()), 'name')}_ ", low)
        low = re.sub(r"\d+", " _num_ ", low)
        return re.findall(r"[\w'-]+|[?!]", low)

    def features(self, text: str) -> List[str]:
        """The masked words and their bigrams."""
        words = self.mask(text)
        return [f"m:{w}" for w in words] + [f"m:{a} {b}" for a, b in zip(words, words[1:])]


ANALYZERS: Dict[str, Callable[[str], List[str]]] = {
    "terms": term_features, "words": word_features, "chars": char_features}
MASKED = "masked"  # the LookupMasker's features; needs the lookup tables


def _analyzer(names: Sequence[str], masker: Optional[LookupMasker] = None
              ) -> Callable[[str], List[str]]:
    functions = []
    for name in names:
        if name == MASKED:
            if masker is None:
                raise ValueError("the 'masked' features need lookup tables")
            functions.append(masker.features)
        else:
            functions.append(ANALYZERS[name])
    return lambda text: [f for function in functions for f in function(text)]


def fit_sklearn(blocks: Sequence[Sequence[str]], texts: List[str], labels: List[str], c: float,
                min_df: Sequence[int] = (), class_weight: Optional[str] = None,
                lookups: Optional[Dict[str, List[str]]] = None) -> Tuple[List[Any], Any]:
    """tf-idf vectorizers (one per block of features, each normalised on its own) and a
    logistic regression over their columns, fitted with scikit-learn."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    masker = LookupMasker(lookups or {}) if any(MASKED in b for b in blocks) else None
    vectorizers = [TfidfVectorizer(analyzer=_analyzer(block, masker), sublinear_tf=True,
                                   min_df=(list(min_df) + [1] * len(blocks))[i])
                   for i, block in enumerate(blocks)]
    matrix = hstack([v.fit_transform(texts) for v in vectorizers]).tocsr()
    classifier = LogisticRegression(C=c, max_iter=3000, class_weight=class_weight)
    classifier.fit(matrix, labels)
    return vectorizers, classifier


class LinearTextModel:
    """tf-idf blocks + softmax over stored weights; ``fit`` trains it with scikit-learn."""

    def __init__(self, blocks: Sequence[Sequence[str]], labels: List[str],
                 vocabularies: List[Dict[str, int]], idf: np.ndarray, coef: np.ndarray,
                 intercept: Sequence[float],
                 lookups: Optional[Dict[str, List[str]]] = None) -> None:
        self.blocks = [list(b) for b in blocks]
        self.lookups = lookups or {}
        masker = LookupMasker(self.lookups) if any(MASKED in b for b in self.blocks) else None
        self.labels = labels
        self.vocabularies = vocabularies
        self.idf = np.asarray(idf, dtype=np.float64)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self._analyzers = [_analyzer(b, masker) for b in self.blocks]

    @classmethod
    def fit(cls, blocks: Sequence[Sequence[str]], texts: List[str], labels: List[str],
            c: float, min_df: Sequence[int] = (), class_weight: Optional[str] = None,
            lookups: Optional[Dict[str, List[str]]] = None) -> "LinearTextModel":
        vectorizers, classifier = fit_sklearn(blocks, texts, labels, c, min_df, class_weight,
                                              lookups)
        return cls.from_sklearn(blocks, vectorizers, classifier, lookups)

    @classmethod
    def from_sklearn(cls, blocks: Sequence[Sequence[str]], vectorizers: List[Any],
                     classifier: Any, lookups: Optional[Dict[str, List[str]]] = None
                     ) -> "LinearTextModel":
        """The fitted scikit-learn vectorizers and classifier as stored weights: the same
        probabilities as ``classifier.predict_proba`` (tested), without scikit-learn."""
        coef, intercept = class_weights(classifier)
        vocabularies, offset = [], 0
        for vectorizer in vectorizers:
            vocabularies.append({t: int(i) + offset for t, i in vectorizer.vocabulary_.items()})
            offset += len(vectorizer.vocabulary_)
        masked = any(MASKED in b for b in blocks)
        return cls(blocks, [str(x) for x in classifier.classes_], vocabularies,
                   np.concatenate([v.idf_ for v in vectorizers]), coef, intercept,
                   lookups=lookups if masked else None)

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.coef.shape[1], dtype=np.float64)
        for analyzer, vocabulary in zip(self._analyzers, self.vocabularies):
            counts: Dict[int, int] = {}
            for feature in analyzer(text):
                index = vocabulary.get(feature)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if counts:
                indices = np.fromiter(counts.keys(), dtype=np.int64)
                values = (1 + np.log(np.fromiter(counts.values(), dtype=np.float64))) \
                    * self.idf[indices]
                vector[indices] = values / np.linalg.norm(values)
        return vector

    def probabilities(self, text: str) -> Optional[Dict[str, float]]:
        """label -> probability; None when no feature of the text is known."""
        vector = self._vector(text or "")
        if not vector.any():
            return None
        scores = softmax(self.coef @ vector + self.intercept)
        return {label: float(p) for label, p in zip(self.labels, scores)}

    def save(self, directory: Path, name: str) -> None:
        meta = {"blocks": self.blocks, "labels": self.labels, "vocabularies": self.vocabularies,
                "intercept": self.intercept.tolist(), "lookups": self.lookups}
        (directory / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False),
                                                encoding="utf-8")
        np.save(directory / f"{name}_idf.npy", self.idf.astype(np.float32), allow_pickle=False)
        np.save(directory / f"{name}_coef.npy", self.coef.astype(np.float32), allow_pickle=False)

    @classmethod
    def load(cls, directory: Path, name: str) -> "LinearTextModel":
        meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        return cls(meta["blocks"], meta["labels"], meta["vocabularies"],
                   np.load(directory / f"{name}_idf.npy", allow_pickle=False),
                   np.load(directory / f"{name}_coef.npy", allow_pickle=False),
                   meta["intercept"], lookups=meta.get("lookups"))


class LinearTextComponent(GraphComponent):
    """A trainable pipeline component around one ``LinearTextModel``. Subclasses say what
    it learns (``training_pairs``) and what it does with a message (``process``)."""

    NAME = "linear_text"  # file name of the stored model
    BLOCKS: Sequence[Sequence[str]] = (("terms",),)
    MIN_DF: Sequence[int] = ()
    CLASS_WEIGHT: Optional[str] = None

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"c": 10.0}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage,
                 resource: Resource, model: Optional[LinearTextModel] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LinearTextComponent":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearTextComponent":
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                if (directory / f"{cls.NAME}.json").exists():
                    model = LinearTextModel.load(directory, cls.NAME)
        except (ValueError, FileNotFoundError, KeyError):
            logger.warning("The model has no %s; retrain it.", cls.NAME)
        return cls(config, model_storage, resource, model)

    def training_pairs(self, training_data: TrainingData) -> List[tuple]:
        raise NotImplementedError

    @staticmethod
    def lookup_tables(training_data: TrainingData) -> Dict[str, List[str]]:
        """name -> values of the NLU data's lookup tables (for the 'masked' features)."""
        tables: Dict[str, List[str]] = {}
        for table in training_data.lookup_tables or []:
            elements = table.get("elements")
            if isinstance(elements, list):
                tables.setdefault(str(table.get("name")), []).extend(
                    str(e) for e in elements if str(e).strip())
        return tables

    @classmethod
    def fit_model(cls, texts: List[str], labels: List[str], c: float,
                  lookups: Optional[Dict[str, List[str]]] = None) -> LinearTextModel:
        """The component's model for these examples: its feature blocks, its settings."""
        return LinearTextModel.fit(cls.BLOCKS, texts, labels, c=c, min_df=cls.MIN_DF,
                                   class_weight=cls.CLASS_WEIGHT, lookups=lookups)

    def train(self, training_data: TrainingData) -> Resource:
        pairs = [(t, label) for t, label in self.training_pairs(training_data) if t and label]
        self._model = None
        if len({label for _, label in pairs}) >= 2:
            self._model = self.fit_model([t for t, _ in pairs], [label for _, label in pairs],
                                         c=float(self._config["c"]),
                                         lookups=self.lookup_tables(training_data))
        else:
            logger.warning("%s: fewer than two labels in the training data; not trained.",
                           self.NAME)
        with self._model_storage.write_to(self._resource) as directory:
            if self._model is not None:
                self._model.save(directory, self.NAME)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

"""Which guideline a question is about: a second, small classifier next to DIET's intent.

The intent says what kind of answer a message gets. Most guideline questions get the same
one (``ask_guideline``: the knowledge-base search), so the intent no longer says which of
the five guidelines they are about. The training examples still do: every ``ask_guideline``
block in ``data/nlu/`` names its guideline in its metadata::

    - intent: ask_guideline
      metadata:
        guideline: samen-beslissen
      examples: |
        - wat zijn de stappen van samen beslissen?

This component learns those labels (a multinomial logistic regression over tf-idf of the
knowledge base's own analysis of the words, so "gezinsplannen" and "gezinsplan" are one
word, as in the search) and adds ``guideline: {"name", "confidence"}`` to every parsed
message. ``actions/answering.py`` lets the search prefer that guideline when it is
confident. It never changes the intent, so it costs the intent classification nothing.

The model is stored as JSON (vocabulary, idf, weights): no pickles in the model archive.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

MODEL_FILE = "guideline_classifier.json"
OUTPUT_KEY = "guideline"
METADATA_KEY = "guideline"
MAX_CHARS = 2000  # longer messages are classified on their start


def training_label(message: Message) -> Optional[str]:
    """The guideline named in the metadata of the message's intent block, if any."""
    metadata = message.get(METADATA) or {}
    intent_metadata = metadata.get(METADATA_INTENT) if isinstance(metadata, dict) else None
    if isinstance(intent_metadata, dict):
        label = intent_metadata.get(METADATA_KEY)
        return str(label) if label else None
    return None


def features(text: str) -> List[str]:
    """The analysed terms of the text (as the search sees them) and their bigrams."""
    from knowledge.analysis import analyze

    try:
        terms = analyze(text[:MAX_CHARS])
    except Exception:  # never let this break understanding
        logger.exception("analysis failed")
        return []
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


class GuidelineModel:
    """tf-idf + softmax over stored weights; ``fit`` trains it with scikit-learn."""

    def __init__(self, labels: List[str], vocabulary: Dict[str, int], idf: List[float],
                 coef: List[List[float]], intercept: List[float]) -> None:
        self.labels = labels
        self.vocabulary = vocabulary
        self.idf = np.asarray(idf, dtype=np.float64)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)

    @classmethod
    def fit(cls, texts: List[str], labels: List[str], c: float = 10.0) -> "GuidelineModel":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True)
        matrix = vectorizer.fit_transform(texts)
        classifier = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
        classifier.fit(matrix, labels)
        classes = [str(c) for c in classifier.classes_]
        coef = classifier.coef_
        intercept = classifier.intercept_
        if len(classes) == 2:  # binary: scikit-learn keeps one row, the second class's
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.asarray([-intercept[0] / 2, intercept[0] / 2])
        vocabulary = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
        return cls(classes, vocabulary, vectorizer.idf_.tolist(), coef.tolist(),
                   intercept.tolist())

    def vector(self, text: str) -> np.ndarray:
        counts = np.zeros(len(self.vocabulary), dtype=np.float64)
        for term in features(text):
            index = self.vocabulary.get(term)
            if index is not None:
                counts[index] += 1
        nonzero = counts > 0
        counts[nonzero] = (1 + np.log(counts[nonzero])) * self.idf[nonzero]
        norm = np.linalg.norm(counts)
        return counts / norm if norm else counts

    def predict(self, text: str) -> Optional[Dict[str, Any]]:
        """{"name", "confidence", "ranking"}; None when no word of the text is known."""
        vector = self.vector(text)
        if not vector.any():
            return None
        scores = self.coef @ vector + self.intercept
        scores = np.exp(scores - scores.max())
        probabilities = scores / scores.sum()
        order = np.argsort(-probabilities)
        return {"name": self.labels[order[0]], "confidence": round(float(probabilities[order[0]]), 4),
                "ranking": [{"name": self.labels[i], "confidence": round(float(probabilities[i]), 4)}
                            for i in order]}

    def to_dict(self) -> Dict[str, Any]:
        return {"labels": self.labels, "vocabulary": self.vocabulary, "idf": self.idf.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept.tolist()}

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "GuidelineModel":
        return cls(data["labels"], data["vocabulary"], data["idf"], data["coef"],
                   data["intercept"])


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class GuidelineClassifier(GraphComponent):
    """Adds ``guideline`` (which guideline a question is about) to every parsed message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"c": 10.0}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage,
                 resource: Resource, model: Optional[GuidelineModel] = None) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "GuidelineClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "GuidelineClassifier":
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                data = json.loads((directory / MODEL_FILE).read_text(encoding="utf-8"))
            model = GuidelineModel.from_dict(data) if data else None
        except (ValueError, FileNotFoundError):
            logger.warning("The model has no guideline classifier; retrain it.")
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        pairs = [(m.get(TEXT), training_label(m)) for m in training_data.intent_examples]
        pairs = [(text, label) for text, label in pairs if text and label]
        if len({label for _, label in pairs}) >= 2:
            self._model = GuidelineModel.fit([t for t, _ in pairs], [l for _, l in pairs],
                                             c=float(self._config.get("c", 10.0)))
        else:
            logger.warning("Fewer than two guidelines in the NLU metadata: no guideline "
                           "classifier trained.")
            self._model = None
        with self._model_storage.write_to(self._resource) as directory:
            (directory / MODEL_FILE).write_text(
                json.dumps(self._model.to_dict() if self._model else {}, ensure_ascii=False),
                encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not text or not isinstance(text, str):
                continue
            prediction = self._model.predict(text)
            if prediction is not None:
                message.set(OUTPUT_KEY, prediction, add_to_output=True)
        return messages

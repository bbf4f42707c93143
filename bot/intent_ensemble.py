"""A second opinion on the intent: a linear model over words and character n-grams, averaged
with DIET's ranking.

DIET learns a lot from 1,700 examples, but a large share of its cross-validation errors are
questions whose words say plainly what they are ("verschil tussen ... en ...", "stop de
quiz") and that a linear bag-of-words model gets right. The two err on different messages,
so their average errs less than either (figures in docs/nlu.md). This component sits right
after DIETClassifier in ``config.yml``:

- training: a multinomial logistic regression over tf-idf of the knowledge base's analysed
  terms, the plain words (both with bigrams) and character 2-5-grams (typos, compounds);
- parsing: ``p = (1 - weight) * p_DIET + weight * p_linear`` for every intent; the intent
  and the ranking become the averaged ones, so the FallbackClassifier after it judges the
  averaged confidence. DIET's own ranking is kept in ``intent_votes`` for debugging.

Stored as JSON (vocabularies, labels) and ``.npy`` arrays (no pickles in the model).
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Sequence, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

META_FILE = "intent_ensemble.json"
COEF_FILE = "intent_ensemble_coef.npy"
IDF_FILE = "intent_ensemble_idf.npy"
MAX_CHARS = 2000
CHAR_NGRAMS = (2, 5)


def word_features(text: str) -> List[str]:
    """Analysed terms (as the search sees them) and plain lower-case words, with bigrams."""
    from knowledge.analysis import analyze

    text = text[:MAX_CHARS]
    try:
        terms = analyze(text)
    except Exception:  # never let a feature break understanding
        logger.exception("analysis failed")
        terms = []
    words = text.lower().split()
    return (terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]
            + [f"w:{w}" for w in words] + [f"w:{a} {b}" for a, b in zip(words, words[1:])])


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


def all_features(text: str) -> List[str]:
    return word_features(text) + char_features(text)


class LinearIntentModel:
    """tf-idf (sublinear, l2 per block) + softmax over stored weights."""

    def __init__(self, labels: List[str], word_vocab: Dict[str, int], char_vocab: Dict[str, int],
                 idf: np.ndarray, coef: np.ndarray, intercept: Sequence[float]) -> None:
        self.labels = labels
        self.word_vocab = word_vocab
        self.char_vocab = char_vocab
        self.idf = np.asarray(idf, dtype=np.float64)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)

    @classmethod
    def fit(cls, texts: List[str], labels: List[str], c: float = 30.0) -> "LinearIntentModel":
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        words = TfidfVectorizer(analyzer=word_features, sublinear_tf=True)
        chars = TfidfVectorizer(analyzer=char_features, sublinear_tf=True, min_df=2)
        matrix = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
        classifier = LogisticRegression(C=c, max_iter=3000)
        classifier.fit(matrix, labels)
        offset = len(words.vocabulary_)
        return cls([str(x) for x in classifier.classes_],
                   {t: int(i) for t, i in words.vocabulary_.items()},
                   {t: int(i) + offset for t, i in chars.vocabulary_.items()},
                   np.concatenate([words.idf_, chars.idf_]), classifier.coef_,
                   classifier.intercept_)

    def _block(self, features: List[str], vocab: Dict[str, int], vector: np.ndarray) -> None:
        counts: Dict[int, int] = {}
        for feature in features:
            index = vocab.get(feature)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if not counts:
            return
        indices = np.fromiter(counts.keys(), dtype=np.int64)
        values = (1 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[indices]
        vector[indices] = values / np.linalg.norm(values)

    def probabilities(self, text: str) -> Optional[Dict[str, float]]:
        """intent -> probability; None when no feature of the text is known."""
        vector = np.zeros(self.coef.shape[1], dtype=np.float64)
        self._block(word_features(text), self.word_vocab, vector)
        self._block(char_features(text), self.char_vocab, vector)
        if not vector.any():
            return None
        scores = self.coef @ vector + self.intercept
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        return {label: float(p) for label, p in zip(self.labels, scores)}


def combine(diet_ranking: Sequence[Dict[str, Any]], linear: Dict[str, float],
            weight: float) -> List[Dict[str, Any]]:
    """The averaged ranking, best first. Intents missing from DIET's (shortened) ranking
    count as 0 for DIET."""
    diet = {r["name"]: float(r.get("confidence") or 0) for r in diet_ranking if r.get("name")}
    names = set(diet) | set(linear)
    averaged = {n: (1 - weight) * diet.get(n, 0.0) + weight * linear.get(n, 0.0) for n in names}
    ranking = sorted(averaged.items(), key=lambda kv: -kv[1])
    return [{"name": n, "confidence": round(p, 6)} for n, p in ranking]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class IntentEnsemble(GraphComponent):
    """Averages DIET's intent ranking with a linear model's (see the module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"weight": 0.5, "c": 30.0, "ranking_length": 10}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage,
                 resource: Resource, model: Optional[LinearIntentModel] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "IntentEnsemble":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "IntentEnsemble":
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
                if meta:
                    model = LinearIntentModel(
                        meta["labels"], meta["word_vocab"], meta["char_vocab"],
                        np.load(directory / IDF_FILE, allow_pickle=False),
                        np.load(directory / COEF_FILE, allow_pickle=False), meta["intercept"])
        except (ValueError, FileNotFoundError, KeyError):
            logger.warning("The model has no linear intent model; retrain it.")
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        pairs = [(m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples]
        pairs = [(t, i) for t, i in pairs if t and i]
        self._model = None
        if len({i for _, i in pairs}) >= 2:
            self._model = LinearIntentModel.fit([t for t, _ in pairs], [i for _, i in pairs],
                                                c=float(self._config["c"]))
        with self._model_storage.write_to(self._resource) as directory:
            if self._model is None:
                (directory / META_FILE).write_text("{}", encoding="utf-8")
                return self._resource
            model = self._model
            meta = {"labels": model.labels, "word_vocab": model.word_vocab,
                    "char_vocab": model.char_vocab, "intercept": model.intercept.tolist()}
            (directory / META_FILE).write_text(json.dumps(meta, ensure_ascii=False),
                                               encoding="utf-8")
            np.save(directory / IDF_FILE, model.idf.astype(np.float32), allow_pickle=False)
            np.save(directory / COEF_FILE, model.coef.astype(np.float32), allow_pickle=False)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
            return messages
        weight = float(self._config["weight"])
        for message in messages:
            text = message.get(TEXT)
            diet_ranking = message.get(INTENT_RANKING_KEY) or []
            if not text or not isinstance(text, str) or not diet_ranking:
                continue
            linear = self._model.probabilities(text)
            if linear is None:
                continue
            ranking = combine(diet_ranking, linear, weight)
            top = [(k, v) for k, v in sorted(linear.items(), key=lambda kv: -kv[1])[:5]]
            message.set("intent_votes", {
                "diet": diet_ranking[:5],
                "linear": [{"name": k, "confidence": round(v, 6)} for k, v in top]},
                add_to_output=True)
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[:int(self._config["ranking_length"])],
                        add_to_output=True)
        return messages

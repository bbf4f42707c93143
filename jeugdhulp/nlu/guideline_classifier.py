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

It also learns from the example questions of the knowledge base's content
(``knowledge/content/questions/<guideline>.yml``, ``jeugdhulp.knowledge.examples``): each
is labelled with the guideline of the passage it was written for. They are questions in
the professionals' own words, which the NLU data has few of.

This component learns those labels (a multinomial logistic regression over tf-idf of the
knowledge base's own analysis of the words, so "gezinsplannen" and "gezinsplan" are one
word, as in the search) and adds ``guideline: {"name", "confidence"}`` to every parsed
message. ``jeugdhulp/dialogue/answering.py`` lets the search prefer that guideline when it is
confident. It never changes the intent, so it costs the intent classification nothing.

The model is a ``jeugdhulp.nlu.linear_text.LinearTextModel`` (stored as JSON and .npy, no pickles).
"""
from __future__ import annotations

import hashlib
from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from jeugdhulp.knowledge import examples
from jeugdhulp.nlu.linear_text import LinearTextComponent, LinearTextModel

MODEL_NAME = "guideline_classifier"
OUTPUT_KEY = "guideline"
METADATA_KEY = "guideline"
# A block whose examples span the guidelines (case descriptions: data/nlu/case_statements.yml)
# says so with ``guideline: several``; the classifier does not learn from it.
SEVERAL = "several"
BLOCKS = (("terms",),)


def _block_guideline(message: Message) -> Optional[str]:
    metadata = message.get(METADATA) or {}
    intent_metadata = metadata.get(METADATA_INTENT) if isinstance(metadata, dict) else None
    if isinstance(intent_metadata, dict):
        label = intent_metadata.get(METADATA_KEY)
        return str(label) if label else None
    return None


def training_label(message: Message) -> Optional[str]:
    """The guideline named in the metadata of the message's intent block, if any."""
    label = _block_guideline(message)
    return None if label == SEVERAL else label


def spans_guidelines(message: Message) -> bool:
    """Whether the message's intent block says it spans the guidelines (``several``)."""
    return _block_guideline(message) == SEVERAL


def example_pairs() -> List[tuple]:
    """(question, guideline) for every example question of the content."""
    return [(question, entry.passage.split("/", 1)[0])
            for entry in examples.load() for question in entry.questions]


def predict(model: LinearTextModel, text: str) -> Optional[Dict[str, Any]]:
    """{"name", "confidence", "ranking"}; None when no word of the text is known."""
    probabilities = model.probabilities(text)
    if probabilities is None:
        return None
    ranking = [{"name": name, "confidence": round(p, 4)}
               for name, p in sorted(probabilities.items(), key=lambda kv: -kv[1])]
    return {**ranking[0], "ranking": ranking}


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class GuidelineClassifier(LinearTextComponent):
    """Adds ``guideline`` (which guideline a question is about) to every parsed message."""

    NAME = MODEL_NAME
    BLOCKS = BLOCKS
    CLASS_WEIGHT = "balanced"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"c": 10.0}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """Rasa retrains this component when the example questions change, not only when
        the NLU data does."""
        digest = hashlib.sha256()
        for path in examples.files():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()[:16]

    def training_pairs(self, training_data: TrainingData) -> List[tuple]:
        pairs = [(m.get(TEXT), training_label(m)) for m in training_data.intent_examples]
        return pairs + example_pairs()

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not text or not isinstance(text, str):
                continue
            prediction = predict(self._model, text)
            if prediction is not None:
                message.set(OUTPUT_KEY, prediction, add_to_output=True)
        return messages

"""A second opinion on the intent: a linear model over words and character n-grams, averaged
with DIET's ranking.

DIET learns a lot from 1,700 examples, but a large share of its cross-validation errors are
questions whose words say plainly what they are ("verschil tussen ... en ...", "stop de
quiz") and that a linear bag-of-words model gets right. The two err on different messages,
so their average errs less than either (figures in docs/nlu.md). This component sits right
after DIETClassifier in ``config.yml``:

- training: a multinomial logistic regression over tf-idf of the *masked* words and their
  bigrams (every name from the NLU lookup tables replaced by its table: "werkt VSV?" ->
  "werkt _intervention_ ?", so the model learns the shape of a question once rather than
  once per intervention, farewell word or age) and character 2-5-grams (typos, compounds);
- parsing: ``p = (1 - weight) * p_DIET + weight * p_linear`` for every intent; the intent
  and the ranking become the averaged ones, so the FallbackClassifier after it judges the
  averaged confidence. DIET's own ranking is kept in ``intent_votes`` for debugging.

The linear model is a ``jeugdhulp.nlu.linear_text.LinearTextModel`` (JSON and .npy, no pickles).
"""
from __future__ import annotations

from typing import Any, Dict, List, Sequence, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from jeugdhulp.nlu.linear_text import LinearTextComponent

MODEL_NAME = "intent_ensemble"
BLOCKS = (("masked",), ("chars",))
MIN_DF = (2, 2)  # words and character n-grams seen in one example only are mostly noise
C = 100.0


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
class IntentEnsemble(LinearTextComponent):
    """Averages DIET's intent ranking with a linear model's (see the module docstring)."""

    NAME = MODEL_NAME
    BLOCKS = BLOCKS
    MIN_DF = MIN_DF

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"weight": 0.65, "c": C, "ranking_length": 10}

    def training_pairs(self, training_data: TrainingData) -> List[tuple]:
        return [(m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples]

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
            top = sorted(linear.items(), key=lambda kv: -kv[1])[:5]
            message.set("intent_votes", {
                "diet": diet_ranking[:5],
                "linear": [{"name": k, "confidence": round(v, 6)} for k, v in top]},
                add_to_output=True)
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[:int(self._config["ranking_length"])],
                        add_to_output=True)
        return messages

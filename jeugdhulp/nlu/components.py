"""Custom Rasa components.

``jeugdhulp.nlu.components.SpacyNLP`` replaces Rasa's ``SpacyNLP`` as the pipeline's model loader. It gives the
Dutch pipeline from ``jeugdhulp.nlu.pipeline`` (``nl_core_news_sm`` when installed, else the project's
rule-based pipeline), records at training time which pipeline that was, and refuses to load
a model on a machine whose pipeline differs: the lemmas, and so the features the model
learned, would silently differ.

Its ``fingerprint_addon`` is the pipeline identity, so ``rasa train`` retrains (instead of
answering "nothing changed") when the pipeline changes.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Text

# Rasa's own components must be registered before ours: ours is registered under the same
# class name and has to win (see the class docstring).
import rasa.engine.recipes.default_components  # noqa: F401  (registers Rasa's components)
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.nlu.utils.spacy_utils import SpacyNLP as RasaSpacyNLP
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from jeugdhulp.dialogue import intents
from jeugdhulp.nlu import pipeline as nlp

logger = logging.getLogger(__name__)

RECORD_FILE = "dutch_pipeline.json"


class PipelineMismatchError(RasaException):
    """The model was trained on another Dutch pipeline than the one available here."""


def placeholders_as_words(text: Text) -> Text:
    """Every redaction placeholder replaced by its word, padded to the same length."""
    from jeugdhulp.privacy import PLACEHOLDER_RE

    def word(match: Any) -> str:
        placeholder = match.group(0)
        inner = placeholder.strip("[]").lower()
        return PLACEHOLDER_WORDS.get(inner, inner)[:len(placeholder)].ljust(len(placeholder))

    return PLACEHOLDER_RE.sub(word, text) if "[" in text else text


# A placeholder's word where it is not the placeholder's own name in lower case.
PLACEHOLDER_WORDS = {"naam": "iemand"}


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=True,
    model_from="SpacyNLP",
)
class SpacyNLP(RasaSpacyNLP):
    """Provides the project's Dutch spaCy pipeline to the spaCy tokenizer and featurizers.

    The class name must be ``SpacyNLP``: Rasa's recipe connects ``SpacyTokenizer`` and
    ``SpacyFeaturizer`` to the node whose class is *named* ``SpacyNLP``. Registering this
    subclass under that name makes it the provider; ``config.yml`` names it by its full
    path, ``jeugdhulp.nlu.components.SpacyNLP``.

    The redaction's placeholders ("[NAAM]", "[BSN]") are read as the words they stand for
    ("iemand", "bsn"), padded to the same length so that every token keeps its place in
    the message: a question around them is understood like the same question with a name
    or a number in it (the training data has no placeholders).
    """

    def _preprocess_text(self, text: Optional[Text]) -> Text:
        return super()._preprocess_text(placeholders_as_words(text) if text else text)

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**RasaSpacyNLP.get_default_config(), "model": "auto"}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        return nlp.pipeline_identity()

    @staticmethod
    def load_model(spacy_model_name: Text = "auto") -> SpacyModel:
        return SpacyModel(model=nlp.load_dutch(), model_name=nlp.pipeline_identity())

    @staticmethod
    def ensure_proper_language_model(model: Any) -> None:
        # SpacyNLP rejects pipelines not loaded from disk; ours is built in code on purpose.
        if model is None or model.lang != "nl":
            raise RasaException("The Dutch spaCy pipeline could not be loaded.")

    def __init__(
        self,
        model: SpacyModel,
        config: Dict[Text, Any],
        model_storage: Optional[ModelStorage] = None,
        resource: Optional[Resource] = None,
    ) -> None:
        super().__init__(model, config)
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SpacyNLP":
        """Called while training: loads the pipeline available here."""
        model = cls.load_model()
        cls.ensure_proper_language_model(model.model)
        return cls(model, {**cls.get_default_config(), **config}, model_storage, resource)

    def train(self, training_data: TrainingData, model: Optional[SpacyModel] = None) -> Resource:
        """Records which Dutch pipeline this model is trained with.

        A training "output" (a Resource) rather than a side effect, so that Rasa's training
        cache restores it when it skips this step, and invalidates it (through
        ``fingerprint_addon``) when the pipeline changes.
        """
        identity = nlp.pipeline_identity()
        record = {"pipeline": identity, "kind": nlp.pipeline_kind(identity)}
        assert self._model_storage is not None and self._resource is not None
        with self._model_storage.write_to(self._resource) as directory:
            (directory / RECORD_FILE).write_text(json.dumps(record), encoding="utf-8")
        return self._resource

    @staticmethod
    def _record_resource(resource: Resource, execution_context: ExecutionContext) -> Resource:
        """The resource of the ``train_`` node, where ``train`` wrote the record.

        The class is used by three nodes: ``train_<name>`` writes the record,
        ``provide_<name>`` (loads the pipeline) and ``run_<name>`` (adds spaCy docs to
        messages) read it.
        """
        node_name = execution_context.node_name or resource.name
        prefix, _, component = node_name.partition("_")
        if prefix in ("provide", "run", "train") and component:
            return Resource(f"train_{component}")
        return resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "SpacyNLP":
        """Loads the pipeline for a trained model; refuses a model from another pipeline."""
        current = nlp.pipeline_identity()
        record_resource = cls._record_resource(resource, execution_context)
        try:
            with model_storage.read_from(record_resource) as directory:
                trained = json.loads((directory / RECORD_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError) as error:
            raise PipelineMismatchError(
                "Dit model vermeldt niet met welke Nederlandse spaCy-pipeline het is "
                "getraind. Train het opnieuw met `make train`. "
                f"(The model has no record of its Dutch pipeline: {error})"
            ) from error
        if trained.get("pipeline") != current:
            raise PipelineMismatchError(
                "Het model is getraind met een andere Nederlandse pipeline dan er op deze "
                "machine draait; train opnieuw met `make train`.\n"
                f"  trained with: {trained.get('pipeline')}\n"
                f"  available:    {current}"
            )
        model = cls.load_model()
        return cls(model, {**cls.get_default_config(), **config}, model_storage, resource)


class RuleIntentClassifier(GraphComponent):
    """Base of the classifiers that set an intent by rules after DIET: nothing to train."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "RuleIntentClassifier":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class AcuteDangerClassifier(RuleIntentClassifier):
    """Overrides the predicted intent with ``report_danger`` when a message describes acute
    danger to a child (``jeugdhulp.safety``: rules in rules.yml, see its README), whatever DIET or
    the fallback predicted.

    Placed last among the classifiers. The original prediction stays in ``intent_ranking``
    and in the ``danger`` property of the parse data (``original_intent``), so the
    escalation action can still answer the question after the escalation card.
    """

    INTENT = "report_danger"
    SURE = 0.5  # the FallbackClassifier's threshold (config.yml): below it, nlu_fallback
    # Below SURE a danger read still counts from here ("kinderen alleen in een auto in de
    # zon, de kleinste reageert nauwelijks" scored 0.50 and got the fallback's search).
    UNSURE = 0.4

    def process(self, messages: List[Message]) -> List[Message]:
        from jeugdhulp.safety import assess

        for message in messages:
            text = message.get(TEXT) or ""
            try:
                assessment = assess(text)
            except Exception:  # never let the safety net break understanding
                logger.exception("danger assessment failed")
                continue
            original = message.get(INTENT) or {}
            ranking = intents.ranked({"intent_ranking": message.get(INTENT_RANKING_KEY)},
                                     excluding=[self.INTENT])
            if assessment.acute:
                message.set(INTENT, {"name": self.INTENT, "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY,
                            [{"name": self.INTENT, "confidence": 1.0}, *ranking],
                            add_to_output=True)
                message.set("danger", {"acute": True, "source": "rules",
                                       "reasons": list(assessment.reasons),
                                       "original_intent": original.get("name")},
                            add_to_output=True)
            elif original.get("name") == self.INTENT:
                self._weigh_nlu_alarm(message, assessment, original, ranking)
            elif self._unsure_alarm(message, original):
                # The fallback hid a danger read just under its threshold: weighed the same
                # way; when it stands, the card comes.
                alarm = {"name": self.INTENT, "confidence": self.SURE}
                message.set(INTENT, alarm, add_to_output=True)
                self._weigh_nlu_alarm(message, assessment, alarm, ranking)
        return messages

    def _unsure_alarm(self, message: Message, original: Dict[str, Any]) -> bool:
        """nlu_fallback, with report_danger the NLU's best intent at UNSURE or more."""
        if original.get("name") != "nlu_fallback":
            return False
        best = intents.ranked({"intent_ranking": message.get(INTENT_RANKING_KEY)},
                              excluding=["nlu_fallback"])
        return bool(best) and best[0].get("name") == self.INTENT \
            and float(best[0].get("confidence") or 0) >= self.UNSURE

    def _weigh_nlu_alarm(self, message: Message, assessment: Any, original: Dict[str, Any],
                         ranking: List[Dict[str, Any]]) -> None:
        """The NLU alone thinks it is an emergency: weighed against what the rules read in
        the message (jeugdhulp/safety/second_opinion.py)."""
        from jeugdhulp.safety.second_opinion import dismissed

        why = dismissed(message.get(TEXT) or "", assessment)
        if why:  # answered as the question it asks: the next intent, or the fallback
            sure = ranking and float(ranking[0].get("confidence") or 0) >= self.SURE
            nxt = ranking[0] if sure else {"name": "nlu_fallback", "confidence": self.SURE}
            message.set(INTENT, nxt, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [*ranking, {**original}], add_to_output=True)
            message.set("danger", {"acute": False, "source": "nlu", "dismissed": why,
                                   "original_intent": nxt.get("name")}, add_to_output=True)
            return
        # Keep the card (a false alarm is cheaper than a miss), and remember what else it
        # could be, so the question still gets its answer after the card.
        second = ranking[0].get("name") if ranking else None
        message.set("danger", {"acute": False, "source": "nlu", "original_intent": second},
                    add_to_output=True)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class OtherLanguageClassifier(RuleIntentClassifier):
    """Sets the intent ``other_language`` when a message is written in another language
    than Dutch (``jeugdhulp/nlu/language.py``), so that it gets a reply saying the assistant works in
    Dutch instead of an answer to a misread question or "daar kan ik je niet mee helpen".

    Placed after the fallback and before ``AcuteDangerClassifier``: acute danger always
    wins. The entities the NLU found (intervention names such as "Signs of Safety") are
    left out of the count, and so is a button payload. The detector decides both ways:
    when DIET predicts ``other_language`` for a message the detector finds Dutch, the next
    intent of the ranking is taken.
    """

    INTENT = "other_language"

    def process(self, messages: List[Message]) -> List[Message]:
        from jeugdhulp.nlu.language import detect

        for message in messages:
            text = message.get(TEXT) or ""
            spans = [(e.get("start", 0), e.get("end", 0))
                     for e in message.get(ENTITIES) or [] if isinstance(e, dict)]
            try:
                verdict = detect(text, spans)
            except Exception:  # never let this break understanding
                logger.exception("language detection failed")
                continue
            ranking = [r for r in (message.get(INTENT_RANKING_KEY) or [])
                       if r.get("name") != self.INTENT]
            if not verdict.foreign:
                if (message.get(INTENT) or {}).get("name") == self.INTENT:
                    # DIET alone thinks so: the detector decides, take the next intent.
                    fallback = ranking[0] if ranking else {"name": "nlu_fallback",
                                                           "confidence": 1.0}
                    message.set(INTENT, fallback, add_to_output=True)
                    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
                continue
            message.set(INTENT, {"name": self.INTENT, "confidence": 1.0}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{"name": self.INTENT, "confidence": 1.0},
                                             *ranking], add_to_output=True)
        return messages


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class FollowUpGuard(RuleIntentClassifier):
    """A follow-up that refers back to the conversation ("wat wordt er dan qua houding van
    me verwacht?", "welke vraag stel je jezelf daarbij dan?") or asks what a word means
    ("goednieuwsboodschap?? wat is dat nou weer") is now and then read as out of scope or as
    a request for help ("hoe werkt dit?" is left alone: "dit" is no such word). When the
    NLU is not sure of that (below ``SURE``), the intent becomes ``nlu_fallback``: the
    fallback action answers it as a follow-up when the conversation has one (a clear match
    only), else declines unless the guidelines match it clearly. Placed after the fallback
    classifier; a button payload is always sure. In a longer message the question at its
    end counts ("hij heeft ook goeie kanten hoor, ... moet ik daar wat mee?"). An elliptical
    follow-up read as a start of practice without certainty ("en qua kennis?" after the
    attitude a professional needs) and without a word that asks for practice
    (``PRACTICE_WORDS`` in jeugdhulp/quiz/matching.py) goes to the fallback as well."""

    INTENTS = ("out_of_scope", "help")
    QUIZ = "start_quiz"
    SURE = 0.75

    def process(self, messages: List[Message]) -> List[Message]:
        from jeugdhulp.dialogue.cues import asks_what_it_is, elliptical, refers_back
        from jeugdhulp.knowledge.focus import split_question
        from jeugdhulp.quiz.matching import PRACTICE_WORDS

        for message in messages:
            intent = message.get(INTENT) or {}
            confidence = float(intent.get("confidence") or 0)
            text = message.get(TEXT) or ""
            if confidence >= self.SURE:
                continue
            if (intent.get("name") in self.INTENTS and (
                    refers_back(text) or refers_back(split_question(text)[0])
                    or asks_what_it_is(text))) or (
                    intent.get("name") == self.QUIZ and elliptical(text)
                    and not PRACTICE_WORDS.search(text)):
                message.set(INTENT, {"name": "nlu_fallback", "confidence": confidence},
                            add_to_output=True)
        return messages

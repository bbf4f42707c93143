"""Which guideline a question is about: the classifier next to DIET's intent
(jeugdhulp/nlu/guideline_classifier.py) and how the answer uses it."""
import asyncio
import random
import tarfile
from collections import Counter

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from actions.guidelines import ActionAnswer
from jeugdhulp.dialogue.question import nlu_guideline
from jeugdhulp.nlu.guideline_classifier import (
    MODEL_NAME,
    GuidelineClassifier,
    predict,
    spans_guidelines,
    training_label,
)
from jeugdhulp.nlu.linear_text import LinearTextModel
from tests.conftest import MODEL
from tests.unit.actions.test_actions import run_action, slot_events, tracker_with

GUIDELINES = {"kindermishandeling", "multiprobleemgezinnen", "mpg-gedwongen-kader",
              "samen-beslissen", "beslissen-onveilig"}


@pytest.fixture(scope="module")
def labelled():
    data = load_data("data/nlu")
    return [(m.get("text"), training_label(m)) for m in data.intent_examples
            if training_label(m)]


def test_every_guideline_question_block_names_a_real_guideline(labelled):
    data = load_data("data/nlu")
    guideline_questions = [m for m in data.intent_examples if m.get("intent") == "ask_guideline"]
    assert guideline_questions and all(training_label(m) or spans_guidelines(m)
                                       for m in guideline_questions)
    assert sum(1 for m in guideline_questions if training_label(m)) >= \
        0.9 * len(guideline_questions)
    counts = Counter(label for _, label in labelled)
    assert set(counts) == GUIDELINES, counts
    assert min(counts.values()) >= 30, counts


def test_held_out_questions_are_mostly_placed_in_their_guideline(labelled):
    """Five folds over the labelled examples: the sure guesses are the ones the answer uses,
    so they must be right far more often than not."""
    pairs = list(labelled)
    random.Random(7).shuffle(pairs)
    right = sure = sure_right = 0
    for fold in range(5):
        test = pairs[fold::5]
        train = [p for i, p in enumerate(pairs) if i % 5 != fold]
        model = GuidelineClassifier.fit_model([t for t, _ in train], [g for _, g in train],
                                              c=10.0)
        for text, guideline in test:
            guess = predict(model, text)
            right += bool(guess and guess["name"] == guideline)
            if guess and guess["confidence"] >= 0.5:
                sure += 1
                sure_right += guess["name"] == guideline
    assert right / len(pairs) >= 0.8
    assert sure / len(pairs) >= 0.6 and sure_right / sure >= 0.88


def test_stored_model_predicts_the_same_and_unknown_or_huge_text_is_safe(labelled, tmp_path):
    model = GuidelineClassifier.fit_model([t for t, _ in labelled], [g for _, g in labelled],
                                          c=10.0)
    model.save(tmp_path, MODEL_NAME)
    again = LinearTextModel.load(tmp_path, MODEL_NAME)
    for text in ("wat doe ik na een spoedmelding?", "stappen samen beslissen", "gezinsplan"):
        assert predict(again, text)["name"] == predict(model, text)["name"]
        assert abs(predict(again, text)["confidence"] - predict(model, text)["confidence"]) < 1e-3
    assert predict(model, "") is None
    assert predict(model, "xqzv plorf") is None  # no known word: no guess, not a wild one
    huge = predict(model, "gezinsplan " * 20000)
    assert huge["name"] == "multiprobleemgezinnen"
    assert abs(sum(r["confidence"] for r in huge["ranking"]) - 1) < 0.01


def test_the_trained_model_adds_the_guideline_to_the_parse_but_keeps_the_intent(trained_agent):
    with tarfile.open(MODEL) as archive:
        assert any(m.name.endswith(f"{MODEL_NAME}.json") for m in archive.getmembers())
    agent = trained_agent
    cases = [("hoeveel multiprobleemgezinnen zijn er in Nederland?", "multiprobleemgezinnen"),
             ("wat doe ik na een spoedmelding bij Veilig Thuis?", "mpg-gedwongen-kader"),
             ("hoe kom je samen met ouders tot een besluit over hulp?", "samen-beslissen")]
    for text, guideline in cases:
        parsed = asyncio.run(agent.parse_message(text))
        assert parsed["intent"]["name"] == "ask_guideline", (text, parsed["intent"])
        assert parsed["guideline"]["name"] == guideline, (text, parsed["guideline"])
    parsed = asyncio.run(agent.parse_message("hallo"))
    assert parsed["intent"]["name"] == "greet"


def test_a_sure_guideline_guess_steers_the_search(actions_kb):
    # "stappen ... zetten" are the words of Samen beslissen; the question is about the
    # urgent report of the MPG guideline (coercion chapter).
    text = "welke stappen zet ik na een spoedmelding?"
    guess = {"name": "mpg-gedwongen-kader", "confidence": 0.8}
    tracker = tracker_with(text, "ask_guideline")
    tracker.latest_message["guideline"] = guess
    messages, events = run_action(ActionAnswer(), tracker)
    assert all(s.startswith("mpg-gedwongen-kader/") for s in slot_events(events)["sources"])
    assert "Richtlijn Gezinnen met meervoudige en complexe problemen" in messages[0]["text"]
    unsure = tracker_with(text, "ask_guideline")
    unsure.latest_message["guideline"] = {**guess, "confidence": 0.3}
    assert nlu_guideline(unsure.latest_message) is None
    assert nlu_guideline(tracker.latest_message) == "mpg-gedwongen-kader"
    for broken in ({"name": 3, "confidence": 0.9}, {"confidence": "hoog"}, "samen", None):
        tracker.latest_message["guideline"] = broken
        assert nlu_guideline(tracker.latest_message) is None

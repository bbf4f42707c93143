"""The intent ensemble: DIET's ranking averaged with a linear model (bot/intent_ensemble.py)."""
import asyncio
import tarfile

import numpy as np
import pytest
from rasa.shared.nlu.training_data.loading import load_data

from bot.intent_ensemble import MODEL_NAME, combine, fit
from bot.linear_text import char_features
from tests.conftest import MODEL


@pytest.fixture(scope="module")
def linear():
    data = load_data("data/nlu")
    examples = data.intent_examples
    return fit([m.get("text") for m in examples], [m.get("intent") for m in examples])


def test_combine_averages_and_counts_missing_intents_as_zero():
    diet = [{"name": "ask_intervention", "confidence": 0.6},
            {"name": "compare_interventions", "confidence": 0.4}]
    linear = {"compare_interventions": 0.9, "ask_intervention": 0.05, "help": 0.05}
    ranking = combine(diet, linear, 0.5)
    assert [r["name"] for r in ranking] == ["compare_interventions", "ask_intervention", "help"]
    assert ranking[0]["confidence"] == pytest.approx(0.65)
    assert ranking[2]["confidence"] == pytest.approx(0.025)
    assert combine(diet, linear, 0.0)[0]["name"] == "ask_intervention"  # DIET alone
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


def test_the_linear_model_reads_plain_wording_and_survives_bad_input(linear):
    for text, intent in [("doei", "goodbye"), ("wat is het verschil tussen IAG en VSV", "compare_interventions"),
                         ("stop de quiz", "stop_quiz"), ("waar staat dat?", "ask_source")]:
        probabilities = linear.probabilities(text)
        assert max(probabilities, key=probabilities.get) == intent, (text, probabilities)
    assert linear.probabilities("") is None
    huge = linear.probabilities("verwaarlozing " * 50000)
    assert huge is not None and abs(sum(huge.values()) - 1) < 1e-6
    assert np.isfinite(list(huge.values())).all()
    assert "c: w" in char_features("wat") and len(char_features("x" * 10)) > 0


def test_the_trained_model_stores_the_linear_model_and_averages_the_votes():
    from rasa.core.agent import Agent

    with tarfile.open(MODEL) as archive:
        names = {m.name.rsplit("/", 1)[-1] for m in archive.getmembers()}
    assert {f"{MODEL_NAME}.json", f"{MODEL_NAME}_coef.npy", f"{MODEL_NAME}_idf.npy"} <= names
    agent = Agent.load(str(MODEL))
    parsed = asyncio.run(agent.parse_message("wat is het verschil tussen MST-CAN en FFT?"))
    assert parsed["intent"]["name"] == "compare_interventions"
    votes = parsed["intent_votes"]
    diet = {v["name"]: v["confidence"] for v in votes["diet"]}
    lin = {v["name"]: v["confidence"] for v in votes["linear"]}
    expected = 0.5 * diet.get("compare_interventions", 0) + 0.5 * lin.get("compare_interventions", 0)
    assert parsed["intent"]["confidence"] == pytest.approx(expected, abs=1e-4)
    # The rules after the ensemble still decide danger and language.
    danger = asyncio.run(agent.parse_message("vader slaat zijn zoon waar ik bij sta"))
    assert danger["intent"]["name"] == "report_danger"
    english = asyncio.run(agent.parse_message("What is the best intervention for neglect?"))
    assert english["intent"]["name"] == "other_language"

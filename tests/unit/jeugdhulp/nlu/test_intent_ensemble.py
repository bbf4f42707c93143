"""The intent ensemble: DIET's ranking averaged with a linear model (jeugdhulp/nlu/intent_ensemble.py)."""
import asyncio
import tarfile

import numpy as np
import pytest
from rasa.shared.nlu.training_data.loading import load_data

import yaml

from jeugdhulp.nlu.intent_ensemble import C, MODEL_NAME, IntentEnsemble, combine
from jeugdhulp.nlu.linear_text import LinearTextComponent, LinearTextModel, LookupMasker, char_features
from tests.conftest import MODEL


@pytest.fixture(scope="module")
def data():
    return load_data("data/nlu")


@pytest.fixture(scope="module")
def linear(data):
    examples = data.intent_examples
    return IntentEnsemble.fit_model([m.get("text") for m in examples],
                                    [m.get("intent") for m in examples], c=C,
                                    lookups=LinearTextComponent.lookup_tables(data))


def configured_weight() -> float:
    with open("config.yml", encoding="utf-8") as handle:
        pipeline = yaml.safe_load(handle)["pipeline"]
    return next(c for c in pipeline if c["name"].endswith("IntentEnsemble"))["weight"]


def test_the_masker_replaces_lookup_names_by_their_table(data):
    masker = LookupMasker(LinearTextComponent.lookup_tables(data))
    assert masker.mask("Werkt VSV?") == ["_effect_word_", "_intervention_", "?"]
    assert masker.mask("hoe lang duurt IAG bij verwaarlozing") == \
        ["hoe", "lang", "duurt", "_intervention_", "bij", "_problem_"]
    # Longest name first, any case and spacing; numbers become _num_.
    assert masker.mask("is  signs OF   safety geschikt voor kinderen van 8?") == \
        ["is", "_intervention_", "_target_word_", "kinderen", "van", "_num_", "?"]
    assert masker.mask("hallo, tot ziens!") == ["_greeting_word_", "_farewell_word_", "!"]
    assert masker.mask("") == [] and LookupMasker({}).mask("IAG") == ["iag"]
    assert "m:duurt _intervention_" in masker.features("duurt IAG lang?")


def test_the_masked_words_carry_a_question_shape_over_to_other_interventions(linear, data):
    """The examples ask "werkt ...?" about some interventions; the masked words make the
    shape count for every name in the lookup table."""
    asked = " ".join(m.get("text").lower() for m in data.intent_examples
                     if m.get("intent") == "ask_effectiveness")
    names = [n for n in LinearTextComponent.lookup_tables(data)["intervention"]
             if n.lower() not in asked]
    assert len(names) >= 20
    for shape, intent in [("{}, bewezen?", "ask_effectiveness"),
                          ("voor welke leeftijd is {}?", "ask_age_range")]:
        wrong = []
        for name in names:
            probabilities = linear.probabilities(shape.format(name))
            if max(probabilities, key=probabilities.get) != intent:
                wrong.append(name)
        # Without the masking, a third of the names went to ask_intervention/ask_guideline.
        assert len(wrong) <= len(names) // 20, (shape, wrong)


def test_a_stored_model_keeps_its_lookup_tables(linear, tmp_path):
    linear.save(tmp_path, "m")
    loaded = LinearTextModel.load(tmp_path, "m")
    assert loaded.lookups == linear.lookups and loaded.lookups["intervention"]
    for text in ("werkt MST-CAN?", "doei", "xyz"):
        assert loaded.probabilities(text) == pytest.approx(linear.probabilities(text), abs=1e-5)


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


def test_the_trained_model_stores_the_linear_model_and_averages_the_votes(trained_agent):
    with tarfile.open(MODEL) as archive:
        names = {m.name.rsplit("/", 1)[-1] for m in archive.getmembers()}
    assert {f"{MODEL_NAME}.json", f"{MODEL_NAME}_coef.npy", f"{MODEL_NAME}_idf.npy"} <= names
    agent = trained_agent
    parsed = asyncio.run(agent.parse_message("wat is het verschil tussen MST-CAN en FFT?"))
    assert parsed["intent"]["name"] == "compare_interventions"
    votes = parsed["intent_votes"]
    diet = {v["name"]: v["confidence"] for v in votes["diet"]}
    lin = {v["name"]: v["confidence"] for v in votes["linear"]}
    weight = configured_weight()
    expected = (1 - weight) * diet.get("compare_interventions", 0) + \
        weight * lin.get("compare_interventions", 0)
    assert parsed["intent"]["confidence"] == pytest.approx(expected, abs=1e-4)
    # The rules after the ensemble still decide danger and language.
    danger = asyncio.run(agent.parse_message("vader slaat zijn zoon waar ik bij sta"))
    assert danger["intent"]["name"] == "report_danger"
    english = asyncio.run(agent.parse_message("What is the best intervention for neglect?"))
    assert english["intent"]["name"] == "other_language"

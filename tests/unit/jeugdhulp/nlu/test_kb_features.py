"""The knowledge-base featurizer: guideline and topic features from the guidelines' own words."""
import asyncio
import json
import tarfile

import numpy as np
import pytest

from jeugdhulp.nlu.kb_features import TABLE_FILE, FeatureTable, build_table
from jeugdhulp.knowledge.analysis import analyze
from tests.conftest import MODEL


@pytest.fixture(scope="module")
def table(kb):
    return FeatureTable(build_table(kb))


def _guideline(table, text):
    vector = table.sentence_vector(analyze(text))
    scores = dict(zip(table.guidelines, vector[:table.n_g]))
    return max(scores, key=scores.get), vector


@pytest.mark.parametrize("text, guideline", [
    # Words that no NLU example needs to contain: the guidelines know where they belong.
    ("zorgcoördinatie bij multiprobleemgezinnen", "multiprobleemgezinnen"),
    ("hoe ga ik om met de weerstand van moeder?", "mpg-gedwongen-kader"),
    ("welke interventie bij verwaarlozing?", "kindermishandeling"),
    ("hoe doe ik de vraagverheldering?", "samen-beslissen"),
    ("welke valkuilen zijn er bij het beslissen over onveiligheid?", "beslissen-onveilig"),
])
def test_a_question_leans_to_the_guideline_that_answers_it(table, text, guideline):
    best, vector = _guideline(table, text)
    assert best == guideline
    assert vector[-2] > 0.3  # the guidelines cover a good share of the question


@pytest.mark.parametrize("text", ["wat voor weer wordt het morgen in Utrecht?", "houdoe",
                                  "hoe reset ik mijn wachtwoord?"])
def test_everyday_messages_are_hardly_covered_by_the_guidelines(table, text):
    vector = table.sentence_vector(analyze(text))
    assert vector[-2] < 0.2
    assert not vector[:table.n_g].any()


def test_a_named_topic_sets_its_feature(table):
    vector = table.sentence_vector(analyze("wat zegt de richtlijn over het gezinsplan?"))
    named = [t for i, t in enumerate(table.topics) if vector[table.named_offset + i] == 1.0]
    assert "gezinsplan" in named


def test_the_guidelines_own_lists_are_features(table):
    vector = table.sentence_vector(analyze("welke factoren maken hulp bij mishandeling werkzaam?"))
    group, start, size = next(b for b in table.blocks if b[0] == "collection")
    collections = dict(zip(table.table["collections"], vector[start:start + size]))
    assert max(collections, key=collections.get) == "werkzame-factoren"


def test_empty_and_huge_input_give_finite_vectors(table):
    assert not table.sentence_vector([]).any()
    vector = table.sentence_vector(analyze("verwaarlozing " * 5000))
    assert np.isfinite(vector).all() and vector.shape == (table.dimension,)


def test_the_trained_model_carries_its_table_and_uses_it(trained_agent):
    """The table is inside the model (no database needed at run time) and the parse works."""
    with tarfile.open(MODEL) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith(TABLE_FILE))
        stored = json.loads(archive.extractfile(member).read())
    assert set(stored["guidelines"]) == {"kindermishandeling", "multiprobleemgezinnen",
                                         "mpg-gedwongen-kader", "samen-beslissen",
                                         "beslissen-onveilig"}
    agent = trained_agent
    parsed = asyncio.run(agent.parse_message("zorgcoördinatie bij multiprobleemgezinnen"))
    assert parsed["intent"]["name"] == "ask_guideline"

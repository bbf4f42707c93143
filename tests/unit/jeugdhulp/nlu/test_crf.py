"""The CRF entity extractor that keeps its trained CRFsuite files (jeugdhulp/nlu/crf.py):
loaded from them it tags exactly as Rasa's extractor that trains again on load, and a model
without them still loads."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from jeugdhulp.nlu.crf import SUFFIX, PersistedCRFEntityExtractor

ROOT = Path(__file__).resolve().parents[4]
QUESTIONS = [
    "Wat is MST-CAN?",
    "welke interventie bij verwaarlozing, kind van 8?",
    "Werkt Signs of Safety bij huiselijk geweld?",
    "vanaf welke leeftijd is Veilig Thuis bedoeld",
    "wat betekent reactance",
    "jongen van 15 zegt dat hij niet meer naar huis wil",
    "hallo",
]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The extractor trained on the project's NLU data (entity examples only), persisted."""
    data = load_data(str(ROOT / "data" / "nlu"))
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process_training_data(data)
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    context = ExecutionContext(GraphSchema({}), "test")
    # the CRF trains on messages that have features (as in the real pipeline)
    featurizer = CountVectorsFeaturizer.create(CountVectorsFeaturizer.get_default_config(),
                                               storage, Resource("cvf"), context)
    featurizer.train(data)
    featurizer.process_training_data(data)
    config = {**PersistedCRFEntityExtractor.get_default_config(), "max_iterations": 100}
    resource = Resource("crf")
    extractor = PersistedCRFEntityExtractor.create(config, storage, resource, context)
    extractor.train(data)
    return config, storage, resource, context, Pipeline(tokenizer, featurizer)


class Pipeline:
    def __init__(self, *components):
        self.components = components

    def process(self, messages):
        for component in self.components:
            component.process(messages)


def tagged(extractor, tokenizer, texts):
    messages = [Message(data={TEXT: t}) for t in texts]
    tokenizer.process(messages)
    extractor.process(messages)
    return [[(e["entity"], e["value"], e["start"], e["end"], e["confidence_entity"])
             for e in m.get("entities", [])] for m in messages]


def test_loaded_from_its_files_it_tags_exactly_as_rasas_retrained_extractor(trained):
    config, storage, resource, context, tokenizer = trained
    fast = PersistedCRFEntityExtractor.load(config, storage, resource, context)
    slow = CRFEntityExtractor.load(config, storage, resource, context)
    # loaded, not trained: sklearn-crfsuite sets training_log_ (None on the class) only in fit()
    assert all(t.training_log_ is None for t in fast.entity_taggers.values())
    assert all(t.training_log_ is not None for t in slow.entity_taggers.values())
    assert list(fast.entity_taggers) == list(slow.entity_taggers)
    expected = tagged(slow, tokenizer, QUESTIONS)
    assert any(expected), "the CRF found no entity at all: the comparison would prove nothing"
    assert tagged(fast, tokenizer, QUESTIONS) == expected


def test_a_model_without_the_files_still_loads_and_tags_the_same(trained, tmp_path):
    config, storage, resource, context, tokenizer = trained
    with storage.read_from(resource) as model_dir:
        files = sorted(Path(model_dir).glob(f"*{SUFFIX}"))
        assert files, "persist() wrote no CRFsuite file"
        saved = {f: f.read_bytes() for f in files}
        for f in files:
            f.unlink()
    try:
        fallback = PersistedCRFEntityExtractor.load(config, storage, resource, context)
        assert all(t.training_log_ is not None for t in fallback.entity_taggers.values())
        fast_expected = tagged(CRFEntityExtractor.load(config, storage, resource, context),
                               tokenizer, QUESTIONS)
        assert tagged(fallback, tokenizer, QUESTIONS) == fast_expected
    finally:
        for f, content in saved.items():
            f.write_bytes(content)

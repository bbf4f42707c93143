"""The custom SpacyNLP component: the trained model records its Dutch pipeline."""
import asyncio
import json
import tarfile

import pytest

from jeugdhulp.nlu import components
from jeugdhulp.nlu import pipeline as nlp
from tests.conftest import MODEL


def _recorded_pipeline() -> dict:
    with tarfile.open(MODEL) as archive:
        member = next(m for m in archive.getmembers()
                      if m.name.endswith(components.RECORD_FILE))
        return json.loads(archive.extractfile(member).read())


def test_model_records_the_pipeline_it_was_trained_with():
    record = _recorded_pipeline()
    assert record["pipeline"] == nlp.pipeline_identity()
    assert record["kind"] == nlp.RULE_BASED_PIPELINE


def test_model_loads_and_understands_dutch_on_the_same_pipeline():
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    parsed = asyncio.run(agent.parse_message("Hoe begin ik het eerste gesprek bij een OTS-gezin?"))
    assert parsed["intent"]["name"] == "ask_first_contact"


def test_model_refuses_to_run_on_another_pipeline(monkeypatch):
    from rasa.core.agent import Agent

    other = "nl_core_news_sm-3.7.0+spacy-3.7.5+simplemma-1.1.2+lemmas-x+patterns-y"
    monkeypatch.setattr(nlp, "pipeline_identity", lambda: other)
    with pytest.raises(components.PipelineMismatchError) as error:
        Agent.load(str(MODEL))
    message = str(error.value)
    assert "andere Nederlandse pipeline" in message
    assert "make train" in message
    assert other in message

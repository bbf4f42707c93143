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


def test_model_loads_and_understands_dutch_on_the_same_pipeline(trained_agent):
    agent = trained_agent
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


# --- the danger classifier: rules first, the NLU's danger intent as a second opinion ------
def _parsed(text, intent, ranking):
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": ranking[0][1]})
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking])
    return message


def test_acute_danger_by_the_rules_overrides_the_prediction():
    from jeugdhulp.nlu.components import AcuteDangerClassifier

    message = _parsed("vader slaat zijn zoon waar ik bij sta, welke interventie?",
                      "ask_interventions_for", [("ask_interventions_for", 0.8), ("greet", 0.1)])
    AcuteDangerClassifier().process([message])
    assert message.get("intent") == {"name": "report_danger", "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")][:2] == [
        "report_danger", "ask_interventions_for"]
    danger = message.get("danger")
    assert danger["acute"] is True and danger["source"] == "rules" and danger["reasons"]
    assert danger["original_intent"] == "ask_interventions_for"


def test_the_nlus_danger_intent_alone_keeps_the_card_and_remembers_the_question():
    """The rules are silent but the NLU predicted report_danger: the card stays (a false
    alarm is cheaper than a miss) and the next best intent, never the fallback, is kept so
    the question is still answered after the card."""
    from jeugdhulp.nlu.components import AcuteDangerClassifier

    message = _parsed("ze zit er helemaal doorheen met dat kind, wat moet ik doen",
                      "report_danger", [("report_danger", 0.7), ("nlu_fallback", 0.5),
                                        ("ask_guideline", 0.2)])
    AcuteDangerClassifier().process([message])
    assert message.get("intent")["name"] == "report_danger"
    assert message.get("danger") == {"acute": False, "source": "nlu",
                                     "original_intent": "ask_guideline"}


def test_no_danger_leaves_the_prediction_alone():
    from jeugdhulp.nlu.components import AcuteDangerClassifier

    message = _parsed("welke interventie bij verwaarlozing?", "ask_interventions_for",
                      [("ask_interventions_for", 0.9)])
    AcuteDangerClassifier().process([message])
    assert message.get("intent")["name"] == "ask_interventions_for"
    assert message.get("danger") is None


def test_a_detector_error_never_breaks_understanding(monkeypatch):
    import jeugdhulp.safety
    from jeugdhulp.nlu.components import AcuteDangerClassifier

    def broken(text):
        raise RuntimeError("bug")

    monkeypatch.setattr(jeugdhulp.safety, "assess", broken)
    message = _parsed("vader slaat zijn zoon waar ik bij sta", "ask_guideline",
                      [("ask_guideline", 0.9)])
    AcuteDangerClassifier().process([message])
    assert message.get("intent")["name"] == "ask_guideline" and message.get("danger") is None


# --- the follow-up guard ------------------------------------------------------------------
@pytest.mark.parametrize("text, intent, confidence, expected", [
    # a follow-up read as out of scope or help without certainty: the fallback decides
    ("wat wordt er dan qua houding van me verwacht?", "out_of_scope", 0.54, "nlu_fallback"),
    ("welke vraag stel je jezelf daarbij dan?", "help", 0.6, "nlu_fallback"),
    # what a word means: mostly a word of the last answer
    ("engageren?? wat betekent dat nou weer", "out_of_scope", 0.58, "nlu_fallback"),
    ("engageren?? wat betekent dat nou weer", "out_of_scope", 0.9, "out_of_scope"),
    # a longer message: the question at its end leans back
    ("hij heeft ook goeie kanten hoor, super betrokken bij het voetbal van zijn zoon. moet "
     "ik daar wat mee?", "out_of_scope", 0.52, "nlu_fallback"),
    ("mijn laptop doet al de hele ochtend raar en ik mis daardoor afspraken. wie kan ik "
     "bellen?", "out_of_scope", 0.6, "out_of_scope"),
    # sure, or not a follow-up, or another intent: left alone
    ("en hoeveel verdien je daar eigenlijk mee?", "out_of_scope", 0.9, "out_of_scope"),
    ("hoeveel gezinnen per fte staat er in onze cao?", "out_of_scope", 0.6, "out_of_scope"),
    ("help", "help", 0.6, "help"),
    ("hoe werkt dit?", "help", 0.6, "help"),
    ("hoe laat is het?", "out_of_scope", 0.6, "out_of_scope"),
    ("moet ik dat dan allemaal zelf doen?", "ask_guideline", 0.6, "ask_guideline"),
    # an elliptical follow-up read as a start of practice, unsure: the fallback ("en qua
    # kennis?" after the attitude); a word that asks for practice, or sure: a start
    ("en qua kennis?", "start_quiz", 0.749, "nlu_fallback"),
    ("en de vaardigheden?", "start_quiz", 0.6, "nlu_fallback"),
    ("en nog een ronde?", "start_quiz", 0.6, "start_quiz"),
    ("en nu even oefenen?", "start_quiz", 0.6, "start_quiz"),
    ("test mijn kennis", "start_quiz", 0.6, "start_quiz"),
    ("kun je me overhoren?", "start_quiz", 0.6, "start_quiz"),
    ("en qua kennis?", "start_quiz", 0.9, "start_quiz")])
def test_an_unsure_out_of_scope_or_help_follow_up_goes_to_the_fallback(text, intent,
                                                                       confidence, expected):
    from jeugdhulp.nlu.components import FollowUpGuard

    message = _parsed(text, intent, [(intent, confidence), ("ask_guideline", 0.1)])
    FollowUpGuard().process([message])
    assert message.get("intent")["name"] == expected
    assert message.get("intent_ranking")[0]["name"] == intent  # what the NLU read is kept

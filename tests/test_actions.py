"""Custom actions with rasa_sdk tracker fixtures (financial-demo style)."""
import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.guidelines import ActionAnswerFirstContact
from tests.conftest import load_tracker


def run_action(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_first_contact_answer_quotes_attention_points_and_cites(actions_kb, kb):
    messages, events = run_action(ActionAnswerFirstContact(), load_tracker("first_contact"))
    assert events == []
    assert len(messages) == 1
    text = messages[0]["text"]
    for point in kb.collection("eerste-contact-aandachtspunten"):
        assert f"“{point.text}”" in text  # every attention point, verbatim, as a quote
    assert "Richtlijn Gezinnen met meervoudige en complexe problemen" in text
    assert "NVO, BPSW en NIP" in text
    assert "https://www.richtlijnenjeugdhulp.nl/guideline/261/full" in text


def test_action_apologises_in_dutch_when_the_knowledge_base_is_missing(tmp_path, monkeypatch):
    from actions import common

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing.sqlite3'}")
    common.knowledge_base.cache_clear()
    try:
        messages, _ = run_action(ActionAnswerFirstContact(), load_tracker("first_contact"))
    finally:
        common.knowledge_base.cache_clear()
    assert messages[0]["text"] == common.SORRY_KB_UNAVAILABLE

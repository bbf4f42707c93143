"""The guard every input channel puts in front of Rasa (jeugdhulp/channels/guard.py): quick
commands, button payloads, bad input and the redaction of client details."""
from __future__ import annotations

import asyncio
import json
import re

import pytest

from jeugdhulp.dialogue.intents import INTENTS
from jeugdhulp.channels.guard import (
    COMMANDS,
    MAX_CHARS,
    clean,
    command_message,
    guard_metadata,
    guard_text,
    guarded,
    translate_command,
)

PAYLOAD = re.compile(r"^/([a-z_]+)(\{.*\})?$", re.DOTALL)


def parse(payload: str):
    """Rasa's reading of "/intent{json}": the intent and the entities."""
    match = PAYLOAD.match(payload)
    assert match, payload
    return match.group(1), json.loads(match.group(2)) if match.group(2) else {}


# --- quick commands ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, intent, entities", [
    ("/help", "help", {}),
    ("/hulp", "help", {}),
    ("/bronnen", "list_sources", {}),
    ("/interventie MST-CAN", "ask_intervention", {"intervention": "MST-CAN"}),
    ("/interventie   Families First  ", "ask_intervention", {"intervention": "Families First"}),
    ("/interventie", "ask_intervention", {}),
    ("/zoek veiligheidsplan", "search_command", {"query": "veiligheidsplan"}),
    ("/zoek", "search_command", {}),
    ("/onderwerpen", "ask_topic", {}),
    ("/bestaatniet", "list_commands", {}),
    ("/BRONNEN", "list_sources", {}),
    ("/start", "greet", {}),
    # "!" for messengers that keep "/" for their own commands
    ("!help", "help", {}),
    ("!bronnen", "list_sources", {}),
    ("!zoek gezinsplan opstellen", "search_command", {"query": "gezinsplan opstellen"}),
    ("!interventie IAG", "ask_intervention", {"intervention": "IAG"}),
    ("!onderwerpen", "ask_topic", {}),
    ("!bestaatniet", "list_commands", {}),
    # Telegram in groups: /command@NameOfTheBot
    ("/bronnen@JeugdhulpBot", "list_sources", {}),
    ("/zoek@JeugdhulpBot veiligheidsplan", "search_command", {"query": "veiligheidsplan"}),
])
def test_quick_commands_become_intents_with_entities(text, intent, entities):
    assert parse(guard_text(text)) == (intent, entities)


def test_every_command_intent_is_in_the_domain_or_is_the_quiz():
    intents = set(INTENTS)  # the intent table, which a test compares with domain.yml
    assert intents, "the intent table is empty"
    for command, (intent, _) in COMMANDS.items():
        assert intent in intents or intent.endswith("_quiz"), command


@pytest.mark.parametrize("text", [
    "MST-CAN?", "wat is een multiprobleemgezin?", "help", "bronnen", "zoek veiligheidsplan",
    "1/2 van de gezinnen", "! belangrijk", "/ bronnen", "//bronnen",
])
def test_ordinary_text_is_not_a_command(text):
    assert translate_command(clean(text)) is None


# --- button payloads ---------------------------------------------------------------------------
@pytest.mark.parametrize("payload", [
    "/ask_first_contact",
    '/ask_topic{"topic": "gezinsplan"}',
    '/ask_topic{"topic": "veiligheidsplan"}',
    "/help",
    "/list_sources",
    '/search_command{"query": "gezinsplan"}',
    "/greet",
])
def test_button_payloads_of_the_domain_pass_unchanged(payload):
    assert guard_text(payload) == payload


def test_payload_of_an_unknown_intent_is_an_unknown_command():
    assert guard_text('/restart_everything{"x": 1}') == "/list_commands"


# --- JSON injection in command arguments --------------------------------------------------------
@pytest.fixture(scope="module")
def rasa_reads():
    """How Rasa itself reads a "/intent{json}" message (its RegexMessageHandler)."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.nlu.training_data.message import Message

    from tests.conftest import ROOT

    domain = Domain.load(str(ROOT / "domain.yml"))

    def read(payload: str):
        message = YAMLStoryReader.unpack_regex_message(Message(data={"text": payload}), domain)
        return (message.get("intent") or {}).get("name"), \
            [(e["entity"], e["value"]) for e in message.get("entities") or []]

    return read


@pytest.mark.parametrize("argument", [
    'MST"}',
    'MST", "intervention": "IAG',
    '"}{"query": "x',
    'MST}{"topic": "gezinsplan"}',
    '\\"}, {"entity": "topic", "value": "x"}',
    "@0.99",
    'x"}@0.1',
    "MST-CAN @1.0",
    "{}",
])
@pytest.mark.parametrize("command, entity", [("interventie", "intervention"), ("zoek", "query")])
def test_command_arguments_cannot_inject_json(rasa_reads, command, entity, argument):
    payload = guard_text(f"/{command} {argument}")
    intent, entities = parse(payload)
    assert intent == COMMANDS[command][0]
    assert entities == {entity: argument.strip()}  # one entity, its value the argument
    assert rasa_reads(payload) == (intent, [(entity, argument.strip())])


def test_command_argument_is_cut_to_200_characters():
    intent, entities = parse(guard_text("/zoek " + "veiligheid " * 100))
    assert intent == "search_command" and len(entities["query"]) <= 200


# --- bad input --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", "\n\t", None, "\x00\x01\x02", "\u200b", "\u200b \ufeff\u200d"])
def test_empty_message_becomes_the_empty_message_intent(text):
    assert guard_text(text) == "/empty_message"


def test_huge_message_is_cut():
    text = guard_text("Wat is een veiligheidsplan? " * 10000)
    assert len(text) <= MAX_CHARS


def test_control_characters_are_removed_line_breaks_kept():
    assert clean("MST\x00-CAN\x07?\r\nen\tIAG\x1b[31m") == "MST-CAN?\nen\tIAG[31m"
    assert guard_text("/bron\x00nen") == "/list_sources"
    assert guard_text("\x00/bronnen") == "/list_sources"


def test_non_strings_are_read_as_text():
    assert guard_text(12) == "12"
    assert guard_text(["x"]) == "['x']"


def test_unicode_is_normalised():
    assert clean("cli\u0065\u0308nt") == "cliënt"


# --- redaction ----------------------------------------------------------------------------------
def test_client_details_are_redacted_in_text():
    text = guard_text("Jan de Vries (BSN 123456782) belt 06-12345678, jan@example.nl")
    for detail in ("Jan", "Vries", "123456782", "06-12345678", "jan@example.nl"):
        assert detail not in text
    assert "[NAAM]" in text and "[BSN]" in text and "[TELEFOON]" in text


def test_client_details_are_redacted_in_command_arguments():
    intent, entities = parse(guard_text("/zoek veiligheidsplan Fatima Yilmaz 06-12345678"))
    assert intent == "search_command"
    assert "Yilmaz" not in entities["query"] and "06-12345678" not in entities["query"]
    assert entities["query"].startswith("veiligheidsplan")
    intent, entities = parse(guard_text("/interventie MST-CAN voor Jan de Vries"))
    assert "Vries" not in entities["intervention"]


def test_client_details_are_redacted_in_metadata():
    metadata = {"user": {"name": "Jan de Vries", "email": "jan@example.nl"},
                "history": ["belt 06-12345678", 3, None],
                "channel": "D0123ABC", "count": 7,
                "deep": {"a": {"b": {"c": {"d": {"e": {"f": {"g": "Jan de Vries"}}}}}}}}
    guarded_metadata = guard_metadata(metadata)
    flat = json.dumps(guarded_metadata)
    for detail in ("Vries", "jan@example.nl", "06-12345678"):
        assert detail not in flat
    assert guarded_metadata["count"] == 7 and guarded_metadata["history"][1:] == [3, None]
    assert guarded_metadata["channel"] == "D0123ABC"


def test_metadata_lists_and_strings_are_bounded():
    guarded_metadata = guard_metadata({"many": list(range(1000)), "long": "x" * 100000})
    assert len(guarded_metadata["many"]) == 100
    assert len(guarded_metadata["long"]) <= MAX_CHARS


def test_guarded_handler_sees_only_guarded_messages():
    seen = []

    class Message:
        text = "/zoek veiligheidsplan Jan de Vries"
        metadata = {"from": "jan@example.nl"}

    async def on_new_message(message):
        seen.append((message.text, message.metadata))

    asyncio.run(guarded(on_new_message)(Message()))
    text, metadata = seen[0]
    assert parse(text)[0] == "search_command" and "Vries" not in text
    assert "jan@example.nl" not in json.dumps(metadata)


# --- slash commands of Slack and Mattermost ---------------------------------------------------
@pytest.mark.parametrize("command, text, message", [
    ("/bronnen", "", "/bronnen"),
    ("/interventie", "MST-CAN", "/interventie MST-CAN"),
    ("/zoek", " veiligheidsplan ", "/zoek veiligheidsplan"),
    ("/richtlijn", "", "/help"),
    ("/richtlijn", "bronnen", "/bronnen"),
    ("/richtlijn", "zoek veiligheidsplan", "/zoek veiligheidsplan"),
    ("/richtlijn", "!onderwerpen", "/onderwerpen"),
    ("/richtlijn", "MST-CAN?", "MST-CAN?"),
    ("/jeugdhulp", "wat is een gezinsplan?", "wat is een gezinsplan?"),
])
def test_slash_command_messages(command, text, message):
    assert command_message(command, text) == message


def test_slash_command_then_guard():
    assert parse(guard_text(command_message("/richtlijn", "interventie MST-CAN"))) == (
        "ask_intervention", {"intervention": "MST-CAN"})
    assert guard_text(command_message("/richtlijn", "bestaatniet")) != "/list_commands"


# --- the REST channel's conversation ids ----------------------------------------------------
def test_rest_conversation_ids():
    from jeugdhulp.channels.inputs import MAX_SENDER_CHARS, conversation_id

    assert conversation_id("ik") == "ik"
    assert conversation_id(42) == "42"
    long_id = "x" * 300
    assert conversation_id(long_id) == conversation_id(long_id)  # stable: follow-ups work
    assert len(conversation_id(long_id)) <= MAX_SENDER_CHARS
    assert conversation_id(long_id) != conversation_id(long_id + "y")
    assert conversation_id("\ud800" * 200).startswith("lang-")  # lone surrogates hash too
    fresh = {conversation_id(None), conversation_id(""), conversation_id("  ")}
    assert len(fresh) == 3 and "default" not in fresh  # never one shared conversation

"""A question around the redaction's placeholders ("[NAAM]", "[BSN]", "[TELEFOON]") is
understood like the same question with a name or a number in it: the Dutch pipeline reads a
placeholder as its word, in place (jeugdhulp/nlu/components.py). The training data has no
placeholders (examples with them would reshuffle the seeded cross-validation folds for
little gain). Checked with the trained model."""
import asyncio

import pytest

from jeugdhulp.dialogue.intents import kind_of

QUESTIONS = [
    # (question with placeholders, the same question with a name / number in it)
    ("Hoe krijg ik vader [NAAM] mee als hij elke afspraak in het gedwongen kader afzegt?",
     "Hoe krijg ik vader Pieter mee als hij elke afspraak in het gedwongen kader afzegt?"),
    ("Welke interventie past bij [NAAM] van 11 die thuis mishandeld wordt?",
     "Welke interventie past bij Daan van 11 die thuis mishandeld wordt?"),
    ("Mag ik het dossier van [NAAM] ([BSN]) delen met de jeugdbeschermer?",
     "Mag ik het dossier van Lisa (123456782) delen met de jeugdbeschermer?"),
    ("Moeder [NAAM] belde vanaf [TELEFOON]: hoe beslissen we samen over de hulp voor haar zoon?",
     "Moeder Anja belde vanaf 0612345678: hoe beslissen we samen over de hulp voor haar zoon?"),
]


@pytest.fixture(scope="module")
def agent(trained_agent):
    return trained_agent


@pytest.mark.parametrize("redacted, plain", QUESTIONS)
def test_a_question_around_placeholders_is_understood(agent, redacted, plain):
    parsed = asyncio.run(agent.parse_message(redacted))
    intent = parsed["intent"]["name"]
    assert kind_of(intent) == "question", parsed["intent"]
    assert parsed["text"] == redacted  # the message itself is not changed
    same = asyncio.run(agent.parse_message(plain))["intent"]["name"]
    assert intent == same, (intent, same)

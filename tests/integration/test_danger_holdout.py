"""The escalation card on messages the NLU was not trained on (issue 16).

A helper wrote acute and non-acute messages from the guideline texts and the glossary only;
two thirds are training examples (data/nlu/case_statements.yml), every third message of each
kind was kept out of training (tests/support/danger_holdout.yml). Through the real REST
channel and the trained model: acute danger now gets the card first, the rest never does.
"""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import yaml

from jeugdhulp.messages import lines

HOLDOUT = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "support" / "danger_holdout.yml").read_text(
        encoding="utf-8"))
TRAINING = (Path(__file__).resolve().parents[2] / "data" / "nlu" / "case_statements.yml") \
    .read_text(encoding="utf-8")

def _card_first(reply: str) -> bool:
    first_line = lines("answers.escalation.lines")[0]
    return first_line in reply and reply.find(first_line) <= 200


def _reply(servers, text: str) -> str:
    return "\n".join(m.get("text", "") for m in servers.say(f"holdout-{uuid.uuid4().hex[:8]}",
                                                           text))


def _cases(group: str):
    for item in HOLDOUT[group]:
        yield pytest.param(item["say"], id=f"{item['kind']}-{item['say'][:30]}")


def test_the_held_out_messages_are_not_training_examples():
    assert len(HOLDOUT["acute"]) >= 10 and len(HOLDOUT["not_acute"]) >= 18
    for group in ("acute", "not_acute"):
        for item in HOLDOUT[group]:
            assert item["say"][:60] not in TRAINING, item["say"]


@pytest.mark.parametrize("message", list(_cases("acute")))
def test_held_out_acute_danger_gets_the_card_first(servers, message):
    assert _card_first(_reply(servers, message))


@pytest.mark.parametrize("message", list(_cases("not_acute")))
def test_held_out_non_acute_message_gets_no_card(servers, message):
    assert not _card_first(_reply(servers, message))

"""Bad input through the REST channel of the production servers (tests/support/production_stack.py),
property-based with hypothesis: random text, 100 kB, empty, binary-ish, control
characters, mixed scripts, markup, JSON-looking strings, odd sender ids. Never a 5xx,
always at least one Dutch reply, and the servers stay up.

Deterministic (``derandomize``): the same examples on every run, so CI does not flake;
about a minute.
"""
from __future__ import annotations

import itertools
import json
import re

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.production_stack import AUTH_TOKEN, ProductionStack, figures, production_stack

pytestmark = pytest.mark.server

DUTCH_WORDS = re.compile(
    r"\b(de|het|een|je|jij|ik|niet|van|over|voor|met|vraag|vragen|richtlijn|richtlijnen|"
    r"sorry|graag|typ|hallo|kan|bij|wat|zijn|is|en|op|dat|er|nu|geen|wil|of|kies|hier|"
    r"hieronder|mij|mee|helaas|alleen|gerust|stel)\b", re.I)
ENGLISH_ONLY = re.compile(r"\b(the|sorry, i|please|error|exception)\b", re.I)
COUNTER = itertools.count()
SEEN = {"examples": 0, "largest": 0, "raw": 0}


@pytest.fixture(scope="module")
def stack(request) -> ProductionStack:
    return production_stack(request.config)


def looks_dutch(text: str) -> bool:
    return len({w.lower() for w in DUTCH_WORDS.findall(text)}) >= 2 \
        and not ENGLISH_ONLY.search(text)


MARKUP = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</div><b>vet</b>",
    "**vet** _schuin_ [klik](javascript:alert(1))", "```\ncode\n```", "# kop\n> citaat",
    "{{7*7}}", "${jndi:ldap://x/a}", "'; DROP TABLE events; --", "<?xml version='1.0'?><a/>",
    "/restart", "/intent{\"x\": 1}", "/zoek ", "!interventie MST-CAN", "/quiz", "@everyone",
    "\\u0000", "%00%0a", "\u202e gnirts", "😀" * 50, "ﷺ", "\ufeff", "\u200b\u200b",
]
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12).map(json.dumps)
MIXED_SCRIPTS = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd", "Zs", "So", "Mn",
                                                 "Po", "Sm")),
    max_size=200)
BINARYISH = st.binary(max_size=400).map(lambda b: b.decode("latin-1"))
CONTROL = st.text(alphabet=st.characters(whitelist_categories=("Cc", "Cf", "Zl", "Zp")),
                  max_size=50)
HUGE = st.builds(lambda seed: (seed or "x") * (100_000 // len(seed or "x") + 1),
                 st.text(min_size=1, max_size=40)).map(lambda s: s[:100_000])
EMPTY = st.sampled_from(["", " ", "\n", "\t\t", "   \n  ", "\u00a0", "\u200b"])
QUESTIONISH = st.builds(lambda a, b: f"{a} MST-CAN? {b}", MIXED_SCRIPTS, st.sampled_from(MARKUP))

MESSAGES = st.one_of(
    st.text(max_size=300), MIXED_SCRIPTS, BINARYISH, CONTROL, HUGE, EMPTY, JSONISH,
    st.sampled_from(MARKUP), QUESTIONISH,
    st.builds(lambda a, b: a + b, st.sampled_from(MARKUP), st.text(max_size=100)),
)
SENDERS = st.one_of(
    st.just(None),  # a fresh conversation id per example (below)
    st.text(min_size=1, max_size=300),
    st.sampled_from(["fuzz-vast", "💬", "a" * 255, "a" * 256, "../../etc/passwd", "' OR 1=1"]),
)


def _servers_up_and_answering(stack: ProductionStack, tag: str) -> None:
    """Both Rasa servers still run, their API answers, and each answers a question."""
    assert stack.rasa_alive()
    for i, servers in enumerate(stack.rasa):
        status = requests.get(f"{servers.url}/status", params={"token": AUTH_TOKEN},
                              timeout=30)
        assert status.status_code == 200
        reply = stack.say(i, f"fuzz-after-{tag}-{i}", "MST-CAN?")
        assert "MST-CAN" in reply[0]["text"]


def test_any_message_gets_a_dutch_reply_and_never_a_server_error(stack, request):
    """The generated examples, then (in the same test, so it never passes without them):
    at least 100 of them were sent, and both servers are still up and answering."""
    examples = {"count": 0, "largest": 0}

    @settings(max_examples=110, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(message=MESSAGES, sender=SENDERS)
    def any_message(message, sender):
        n = next(COUNTER)
        sender = sender if sender is not None else f"fuzz-{n}"
        response = requests.post(stack.webhook(n), json={"sender": sender, "message": message},
                                 timeout=120)
        assert response.status_code < 500, (message[:200], response.status_code)
        assert response.status_code == 200
        replies = response.json()
        assert isinstance(replies, list) and replies, (message[:200], sender[:50])
        text = "\n".join(r.get("text") or "" for r in replies)
        assert looks_dutch(text), (message[:200], text[:300])
        examples["count"] += 1
        examples["largest"] = max(examples["largest"], len(message))

    any_message()
    SEEN["examples"] += examples["count"]
    SEEN["largest"] = max(SEEN["largest"], examples["largest"])
    assert examples["count"] >= 100
    _servers_up_and_answering(stack, "generated")
    figures(request.config)["bad input through REST (hypothesis)"] = (
        f"{examples['count']} generated messages (largest {examples['largest']} characters): "
        "no 5xx, every reply Dutch, both Rasa servers still up and answering")


def test_lone_surrogates_nul_characters_and_odd_sender_ids(stack):
    """A NUL character in the sender id used to end a Rasa server (see jeugdhulp.server.runtime)."""
    for raw in ('{"sender": "fuzz-raw-1", "message": "\\ud800"}',
                '{"sender": "fuzz-raw-2", "message": "a\\udfffb\\u0000c"}',
                '{"sender": "fuzz-raw-3", "message": "\\u0000\\u0001\\u001f"}',
                '{"sender": "fuzz\\u0000nul", "message": "MST-CAN?"}',
                '{"sender": ["x"], "message": "hallo"}'):
        response = requests.post(stack.webhook(0), data=raw.encode(),
                                 headers={"Content-Type": "application/json"}, timeout=60)
        assert response.status_code == 200, raw
        assert looks_dutch("\n".join(r.get("text") or "" for r in response.json())), raw
        SEEN["raw"] += 1


@pytest.mark.parametrize("raw, status", [
    ('[1, 2]', 400), ('"tekst"', 400), ('null', 400), ('{"sender": "fuzz-n", "message"',
                                                      400),
    ('{"sender": "fuzz-n", "message": {"text": "hallo"}}', 400),
    ('{"sender": "fuzz-n", "message": 12}', 200),
    ('{"sender": "fuzz-n", "message": true, "metadata": [1], "input_channel": 5}', 200),
])
def test_malformed_bodies_get_a_dutch_explanation(stack, raw, status):
    """A body that is not a JSON object, or a message that is not text, is refused with a
    Dutch explanation of what the channel takes (400); a number as message is read as
    text. Rasa's own REST channel answered these with a 500 or an empty list."""
    response = requests.post(stack.webhook(1), data=raw.encode(),
                             headers={"Content-Type": "application/json"}, timeout=60)
    assert response.status_code == status, (raw, response.status_code, response.text[:200])
    replies = response.json()
    assert replies and looks_dutch(replies[0].get("text") or ""), (raw, replies)
    if status == 400:
        assert '"message"' in replies[0]["text"]
    SEEN["raw"] += 1


def test_long_and_missing_sender_ids(stack):
    """A sender id longer than Rasa's column keeps one conversation of its own (a digest),
    and requests without a sender do not share one conversation."""
    long_sender = "gesprek-" + "x" * 400
    first = stack.say(0, long_sender, "MST-CAN?")
    assert "MST-CAN" in first[0]["text"]
    follow_up = stack.say(1, long_sender, "voor welke leeftijd?")
    assert "6–17 jaar" in follow_up[0]["text"], follow_up
    other = stack.say(0, long_sender[:-1] + "y", "voor welke leeftijd?")
    assert "6–17 jaar" not in other[0]["text"]
    for text in ("Wat is MST-CAN?", "voor welke leeftijd?"):
        response = requests.post(stack.webhook(0), json={"message": text}, timeout=60)
        assert response.status_code == 200
    assert "6–17 jaar" not in response.json()[0]["text"], response.json()
    SEEN["raw"] += 4


def test_servers_are_still_up_and_answering_after_the_fuzz(stack, request):
    """Sends bad raw bodies itself (a NUL in the sender id among them: it used to end a
    Rasa server), then both servers must still be up and answering. (The generated
    examples check the same at their end: test_any_message_gets_a_dutch_reply_...)"""
    for index, (raw, status) in enumerate((
            ('{"sender": "fuzz\\u0000after", "message": "MST-CAN?"}', 200),
            ('{"sender": "fuzz-after-raw", "message": "a\\udfffb\\u0000c"}', 200),
            ('[1, 2]', 400), ('{"sender": "fuzz-after-raw", "message": 12}', 200))):
        response = requests.post(stack.webhook(index), data=raw.encode(),
                                 headers={"Content-Type": "application/json"}, timeout=60)
        assert response.status_code == status, (raw, response.status_code)
        SEEN["raw"] += 1
    _servers_up_and_answering(stack, "raw")
    figures(request.config)["bad raw bodies through REST"] = (
        f"{SEEN['raw']} raw bodies in this session (lone surrogates, NUL in the sender id, "
        "not JSON objects, numbers as text): no 5xx, both Rasa servers still up and answering")

"""The production profile, for real: PostgreSQL, Redis, two Rasa servers and an action server
on loopback (tests/support/production_stack.py), each started by bot/scripts/run.sh with
JEUGDHULP_PROFILE=production.

* privacy: client details typed into the chat never reach the tracker store, the event
  broker or the logs (read directly), and the question is still answered;
* load and consistency: 50 conversations of 10 turns at once, every turn to the other
  server, follow-ups answered in context, every turn stored whole, in order, unmixed;
* faults: the action server killed, PostgreSQL restarted, Redis stopped during load, a Rasa
  server killed while it holds a conversation's lock; each fault test leaves the stack as
  it found it (the ``restores_stack`` fixture of conftest.py checks it);
* the logs at INFO level hold no message text and no secret;
* retention: `python -m jeugdhulp.server.retention` deletes old conversations (PostgreSQL and SQLite).

The figures (conversations x turns, events checked, latencies, faults survived, failed
requests) go to results/production.txt (tests/support/production_stack.py), printed by
`make test-prod` and `make test`.
"""
from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

import pytest
import requests

from jeugdhulp.messages import message
from jeugdhulp.server.runtime import APOLOGY
from tests.support.production_stack import (AUTH_TOKEN, DB_PASSWORD, SECRETS, ProductionStack,
                                            figures, production_stack, tracker_rows,
                                            turn_servers)
from tests.support.servers import ROOT

pytestmark = pytest.mark.server

RUN = uuid.uuid4().hex[:6]  # sender ids of this run
FIGURES: Dict[str, object] = {}
SORRY_KB = message("answers.unavailable")

# Passage keys of the knowledge base the answers must quote.
MST_WHAT = ["kindermishandeling/interventies-tabel/mst-can-aanpak"]
MST_EFFECT = ["kindermishandeling/interventies-effectiviteit/mst-can-meta-analyse",
              "kindermishandeling/interventies-effectiviteit/mst-can-veelbelovend",
              "kindermishandeling/interventies-tabel/mst-can-beoordeling"]
MST_AGE = ["kindermishandeling/interventies-tabel/mst-can-doelgroep"]
FIRST_CONTACT = ["mpg-gedwongen-kader/hulp-in-gedwongen-kader/duidelijk-en-direct"]
FIRST_CONTACT_MORE = ["mpg-gedwongen-kader/hulp-in-gedwongen-kader/onderhandelbaar",
                      "mpg-gedwongen-kader/hulp-in-gedwongen-kader/sterke-kanten"]
IAG_TARGET = ["kindermishandeling/interventies-tabel/iag-doelgroep"]
IAG_EFFECT = ["kindermishandeling/interventies-tabel/iag-dei",
              "kindermishandeling/interventies-effectiviteit/twee-effectief"]
BEHAVIOUR_15 = ["kindermishandeling/interventies-tabel/rgt-doelgroep"]


@dataclass(frozen=True)
class Turn:
    say: str
    quotes: Tuple[str, ...] = ()     # the reply quotes at least one of these passages
    contains: Tuple[str, ...] = ()   # ... and contains all of these
    follow_up: bool = False          # answered from the context of the previous turns


def T(say: str, quotes: Sequence[str] = (), contains: Sequence[str] = (),
      follow_up: bool = False) -> Turn:
    return Turn(say, tuple(quotes), tuple(contains), follow_up)


# Ten-turn conversations with follow-ups; turn t of conversation i goes to server (i+t) % 2,
# so every follow-up is answered by the other server than the turn it follows up.
SCRIPTS: List[List[Turn]] = [
    [T("hallo", contains=["richtlijnassistent"]),
     T("MST-CAN?", MST_WHAT),
     T("en hoe effectief is dat?", MST_EFFECT, follow_up=True),
     T("voor welke leeftijd?", MST_AGE, ["6–17 jaar"], follow_up=True),
     T("waar staat dat?", contains=["Richtlijn Kindermishandeling", "NVO, BPSW en NIP"],
       follow_up=True),
     T("Hoe begin ik een eerste gesprek met een gezin in een gedwongen kader?", FIRST_CONTACT),
     T("meer", FIRST_CONTACT_MORE, follow_up=True),
     T("doelgroep IAG", IAG_TARGET),
     T("hoe effectief?", IAG_EFFECT, follow_up=True),
     T("bedankt!", contains=["Graag gedaan"])],
    [T("verwaarlozing interventie 8 jaar", MST_AGE),
     T("doelgroep IAG", IAG_TARGET),
     T("hoe effectief?", IAG_EFFECT, follow_up=True),
     T("MST-CAN?", MST_WHAT),
     T("voor welke leeftijd?", MST_AGE, ["6–17 jaar"], follow_up=True),
     T("en hoe effectief is dat?", MST_EFFECT, follow_up=True),
     T("eerste gesprek bij een OTS, waar let ik op?", FIRST_CONTACT),
     T("meer", FIRST_CONTACT_MORE, follow_up=True),
     T("is signs of safety bewezen effectief?", contains=["niet aangetoond"]),
     T("doei", contains=["Tot ziens"])],
    [T("welke interventie bij gedragsproblemen, jongen van 15", BEHAVIOUR_15),
     T("MST-CAN?", MST_WHAT),
     T("waar staat dat?", contains=["Richtlijn Kindermishandeling"], follow_up=True),
     T("en hoe effectief is dat?", MST_EFFECT, follow_up=True),
     T("doelgroep IAG", IAG_TARGET),
     T("hoe effectief?", IAG_EFFECT, follow_up=True),
     T("Hoe begin ik een eerste gesprek met een gezin in een gedwongen kader?", FIRST_CONTACT),
     T("meer", FIRST_CONTACT_MORE, follow_up=True),
     T("voor welke leeftijd is MST-CAN?", MST_AGE, ["6–17 jaar"]),
     T("bedankt!", contains=["Graag gedaan"])],
]


@pytest.fixture(scope="module")
def stack(request) -> ProductionStack:
    return production_stack(request.config)


@pytest.fixture(scope="module")
def kb(stack):
    from jeugdhulp.knowledge.base import KnowledgeBase

    return KnowledgeBase(stack.db_url("knowledge"))


@pytest.fixture(scope="module", autouse=True)
def collect_figures(request):
    yield
    figures(request.config).update(FIGURES)


# --- helpers ----------------------------------------------------------------------------

def texts(messages: List[Dict]) -> List[str]:
    return [m.get("text") or "" for m in messages]


def check_turn(kb, turn: Turn, reply: str) -> Optional[str]:
    """None when the reply meets the turn's expectations, else what is wrong."""
    if turn.quotes and not any(kb.record(k).text in reply for k in turn.quotes):
        return f"none of {turn.quotes} quoted"
    for text in turn.contains:
        if text not in reply:
            return f"missing {text!r}"
    return None


def parts(messages: List[str]) -> List[str]:
    """Bot texts as the REST channel sends them: split at blank lines (one stored message
    with paragraphs reaches a REST client as several messages)."""
    return [p.strip() for p in "\n\n".join(messages).split("\n\n") if p.strip()]


def stored_turns(rows: List[dict]) -> List[Tuple[str, List[str]]]:
    """(user text, bot message parts) per turn, from a sender's events in id order."""
    turns: List[Tuple[str, List[str]]] = []
    for row in rows:
        data = json.loads(row["data"])
        if row["type_name"] == "user":
            turns.append((data.get("text") or "", []))
        elif row["type_name"] == "bot":
            assert turns, "a bot message stored before any user message"
            turns[-1][1].append(data.get("text") or "")
    return [(said, parts(bot)) for said, bot in turns]


def match_store(client: List[Tuple[str, List[str]]], rows: List[dict]) -> Optional[str]:
    """None when the store holds exactly the turns the client saw, in order, each with the
    same bot messages; a turn may be missing only when its reply was the apology (a turn
    that could not be handled is not stored). Also: ids and timestamps ascend."""
    ids = [r["id"] for r in rows]
    if ids != sorted(ids):
        return "events not in id order"
    stamps = [r["timestamp"] for r in rows]
    if any(b < a - 1e-3 for a, b in zip(stamps, stamps[1:])):
        return "timestamps go back"
    stored = stored_turns(rows)
    i = 0
    for said, replies in client:
        replies = parts(replies)
        if i < len(stored) and stored[i] == (said, replies):
            i += 1
        elif replies == [APOLOGY]:
            continue  # not handled, not stored: the user was told
        else:
            got = stored[i] if i < len(stored) else None
            return f"turn {said!r} -> {replies!r} stored as {got!r}"
    if i != len(stored):
        return f"{len(stored) - i} stored turn(s) the client never saw: {stored[i:]!r}"
    return None


def percentile(values: List[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --- privacy ----------------------------------------------------------------------------

PRIVACY_CASES = [
    # (message, original values that must not be stored, placeholders, what the answer is
    # about: a word the guideline answer must contain, next to a citation)
    ("Wat is MST-CAN? Het gaat om Jan de Vries, BSN 111222333",
     ["Jan de Vries", "Vries", "111222333"], ["[NAAM]", "[BSN]"], "MST-CAN"),
    ("De moeder van Sanne belt steeds, tel 06-12345678. Hoe begin ik een eerste gesprek met "
     "een gezin in een gedwongen kader?",
     ["Sanne", "06-12345678", "12345678"], ["[NAAM]", "[TELEFOON]"], "gedwongen kader"),
    ("Mevrouw Yilmaz (j.yilmaz@example.nl) vraagt: wat is de doelgroep van IAG?",
     ["Yilmaz", "j.yilmaz@example.nl", "example.nl"], ["[NAAM]", "[E-MAIL]"], "IAG"),
    ("Het gezin woont op 1234 AB 12. Welke interventie bij verwaarlozing, kind van 8 jaar?",
     ["1234 AB"], ["[POSTCODE]"], "verwaarlozing"),
    ("Kind geb. 12-03-2016, BSN 123.456.782: welke interventie bij gedragsproblemen, jongen "
     "van 15?", ["12-03-2016", "123.456.782"], ["[GEBOORTEDATUM]", "[BSN]"],
     "gedragsproblemen"),
    ("Dhr. P. Bakker, Kerkstraat 12, p.bakker@gmail.com, +31 6 12345678: is signs of safety "
     "bewezen effectief?",
     ["Bakker", "Kerkstraat", "p.bakker@gmail.com", "+31 6 12345678"],
     ["[NAAM]", "[ADRES]", "[E-MAIL]", "[TELEFOON]"], "Signs of Safety"),
    ("Geboortedatum 3 maart 2015, postcode 3511AB 7, mobiel 0612345679. Hoe begin ik een "
     "eerste gesprek met een gezin in een gedwongen kader?",
     ["3 maart 2015", "3511AB", "0612345679"],
     ["[GEBOORTEDATUM]", "[POSTCODE]", "[TELEFOON]"], "gedwongen kader"),
    ("Cliënt Mohammed El Amrani (BSN 111 222 333, tel 020-1234567) - voor welke leeftijd is "
     "MST-CAN?", ["Mohammed", "Amrani", "111 222 333", "020-1234567"],
     ["[NAAM]", "[BSN]", "[TELEFOON]"], "MST-CAN"),
]
ORIGINALS = sorted({o for _, originals, _, _ in PRIVACY_CASES for o in originals})
# Words in ordinary messages that must not appear in the logs either (no message text).
MARKERS = ["zebrakwartel", "okapiwimpel", "pelikaanmotor"]


def test_client_details_are_redacted_before_anything_is_stored(stack, kb):
    senders = []
    for i, (message, originals, placeholders, subject) in enumerate(PRIVACY_CASES):
        sender = f"privacy-{RUN}-{i}"
        senders.append(sender)
        reply = "\n".join(texts(stack.say(i, sender, message)))
        # Answered from the guidelines, on the redacted text: the subject and a citation.
        assert APOLOGY not in reply
        assert subject.lower() in reply.lower() and "Richtlijn" in reply, (message, reply)
        for original in originals:
            assert original not in reply  # nothing echoed back either
    for i, marker in enumerate(MARKERS):
        stack.say(i, f"privacy-{RUN}-marker-{i}", f"Wat is MST-CAN? Vraag van {marker}")

    tracker = tracker_rows(stack, senders)
    broker = tracker_rows(stack, senders, database="broker")
    assert tracker and broker
    for rows, store in ((tracker, "tracker store"), (broker, "event broker")):
        dump = "\n".join(json.dumps(json.loads(r["data"]), ensure_ascii=False) for r in rows)
        for original in ORIGINALS:
            assert original not in dump, f"{original!r} stored in the {store}"
        users = [json.loads(r["data"]) for r in rows
                 if json.loads(r["data"]).get("event") == "user"]
        assert len(users) == len(PRIVACY_CASES)
        for (message, _, placeholders, _), user in zip(PRIVACY_CASES, users):
            for placeholder in placeholders:
                assert placeholder in user["text"], (store, user["text"])
                assert placeholder in user["parse_data"]["text"]
    FIGURES["redaction cases tried (end to end)"] = (
        f"{len(PRIVACY_CASES)} messages, {len(ORIGINALS)} client details "
        f"({', '.join(sorted({p for c in PRIVACY_CASES for p in c[2]}))}); "
        f"{len(tracker)} tracker rows + {len(broker)} broker rows read: no original value")


# --- load and consistency ---------------------------------------------------------------

@dataclass
class ClientTurn:
    say: str
    server: int
    status: int
    replies: List[str]
    seconds: float


async def _conversation(session, stack: ProductionStack, sender: str, index: int,
                        script: List[Turn]) -> List[ClientTurn]:
    turns = []
    for t, turn in enumerate(script):
        server = (index + t) % 2
        started = time.monotonic()
        async with session.post(stack.webhook(server),
                                json={"sender": sender, "message": turn.say}) as response:
            status = response.status
            body = await response.json(content_type=None) if status == 200 else []
        turns.append(ClientTurn(turn.say, server, status, texts(body),
                                time.monotonic() - started))
    return turns


async def _load(stack: ProductionStack, senders: List[str]) -> List[List[ClientTurn]]:
    import aiohttp

    timeout = aiohttp.ClientTimeout(total=300)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        return await asyncio.gather(*(
            _conversation(session, stack, sender, i, SCRIPTS[i % len(SCRIPTS)])
            for i, sender in enumerate(senders)))


def _stored_turn(rows: List[dict], served: List[Set[Optional[int]]], t: int) -> str:
    """How turn ``t`` of a conversation was stored: the user text, the intents the NLU gave
    it, which server(s) stored it, the start of the bot's answer (for a failure report)."""
    users = [i for i, r in enumerate(rows) if r["type_name"] == "user"]
    if t >= len(users):
        return f"not stored ({len(users)} user turns stored)"
    start, end = users[t], users[t + 1] if t + 1 < len(users) else len(rows)
    user = json.loads(rows[start]["data"])
    ranking = (user.get("parse_data") or {}).get("intent_ranking") or []
    intents = ", ".join(f"{r.get('name')} {float(r.get('confidence') or 0):.3f}"
                        for r in ranking[:3])
    bots = [json.loads(r["data"]).get("text") or "" for r in rows[start:end]
            if r["type_name"] == "bot"]
    return (f"user {user.get('text')!r} (intents {intents}) stored by server(s) "
            f"{sorted(served[t], key=str)}, answer {' | '.join(bots)[:120]!r}")


def test_fifty_conversations_of_ten_turns_alternating_between_two_servers(stack, kb):
    conversations, turns_each = 50, 10
    senders = [f"load-{RUN}-{i:02d}" for i in range(conversations)]
    started = time.monotonic()
    results = asyncio.run(_load(stack, senders))
    wall = time.monotonic() - started

    # The stores are read first, so that a wrong reply is reported with how its turn was
    # stored. Which server handled a turn comes from the servers themselves: each writes
    # its own model id into the metadata of the events it stores (production_stack.py).
    rows = tracker_rows(stack, senders)
    by_sender: Dict[str, List[dict]] = {s: [] for s in senders}
    for row in rows:
        by_sender[row["sender_id"]].append(row)
    served = {sender: turn_servers(stack, by_sender[sender]) for sender in senders}

    problems, follow_ups = [], 0
    latencies = [t.seconds for turns in results for t in turns]
    for sender, i, turns in zip(senders, range(conversations), results):
        script = SCRIPTS[i % len(SCRIPTS)]
        assert len(turns) == turns_each
        by_server = served[sender] + [set()] * (turns_each - len(served[sender]))
        for t, (turn, got) in enumerate(zip(script, turns)):
            if got.status != 200:
                problems.append(f"{sender} turn {t}: HTTP {got.status}")
                continue
            problem = check_turn(kb, turn, "\n".join(got.replies))
            if problem:
                problems.append(f"{sender} turn {t} ({turn.say!r} sent to server {got.server}): "
                                f"{problem}; got {' | '.join(got.replies)[:200]!r}; stored: "
                                f"{_stored_turn(by_sender[sender], served[sender], t)}")
            elif turn.follow_up:
                # Answered by the other server than the turn it follows up, by the servers'
                # own record: each turn stored whole by one server, not the same one.
                this, before = by_server[t], by_server[t - 1]
                assert len(this) == len(before) == 1 and None not in this | before \
                    and this != before, (sender, t, by_server)
                follow_ups += 1
    assert not problems, problems[:10]

    for sender, turns in zip(senders, results):
        client = [(t.say, t.replies) for t in turns]
        mismatch = match_store(client, by_sender[sender])
        assert mismatch is None, f"{sender}: {mismatch}"
        stored = stored_turns(by_sender[sender])
        assert len(stored) == turns_each  # every turn stored, none lost, none extra
        types = [r["type_name"] for r in by_sender[sender]]
        assert types[:2] == ["action", "session_started"]
        # Every turn handled and stored whole by the server it was sent to.
        assert served[sender] == [{t.server} for t in turns], (sender, served[sender])
    broker = tracker_rows(stack, senders, database="broker")
    assert len(broker) == len(rows)  # the event broker got every stored event once

    FIGURES["load"] = (f"{conversations} conversations x {turns_each} turns = "
                       f"{conversations * turns_each} messages held, alternating 2 Rasa "
                       f"servers per message, in {wall:.0f} s "
                       f"({conversations * turns_each / wall:.1f} messages/s)")
    FIGURES["load: follow-ups answered in context on the other server"] = (
        f"{follow_ups} (which server stored each turn read from the model id on its events)")
    FIGURES["load: events checked in PostgreSQL"] = (
        f"{len(rows)} tracker rows ({sum(len(stored_turns(v)) for v in by_sender.values())} "
        f"user turns, {sum(r['type_name'] == 'bot' for r in rows)} bot messages) + "
        f"{len(broker)} broker rows")
    FIGURES["load: latency per message"] = (f"p50 {statistics.median(latencies):.2f} s, "
                                            f"p95 {percentile(latencies, 95):.2f} s, "
                                            f"max {max(latencies):.2f} s")


def test_simultaneous_messages_of_one_conversation_on_both_servers_are_serialised(stack):
    """A double send behind a load balancer: the same conversation on both servers at the
    same moment. The Redis lock makes one wait; both turns are stored whole."""
    import concurrent.futures

    senders = [f"double-{RUN}-{i}" for i in range(8)]
    for sender in senders:
        stack.say(0, sender, "MST-CAN?")
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        futures = {}
        for sender in senders:
            for server, text in ((0, "voor welke leeftijd?"), (1, "en hoe effectief is dat?")):
                futures[pool.submit(stack.say, server, sender, text)] = (sender, text)
        answers = {futures[f]: texts(f.result()) for f in futures}
    rows = tracker_rows(stack, senders)
    for sender in senders:
        stored = stored_turns([r for r in rows if r["sender_id"] == sender])
        assert len(stored) == 3, stored
        assert sorted(t for t, _ in stored[1:]) == ["en hoe effectief is dat?",
                                                     "voor welke leeftijd?"]
        for said, replies in stored[1:]:
            assert replies == parts(answers[(sender, said)]) and replies
    FIGURES["double sends (same conversation, both servers at once)"] = (
        f"{len(senders)} x 2 simultaneous messages, all stored whole and in sequence")


# --- faults -----------------------------------------------------------------------------

@dataclass
class Result:
    sender: str
    say: str
    sent: float
    done: float
    status: int
    replies: List[str]

    @property
    def kind(self) -> str:
        if self.status != 200:
            return f"http-{self.status}"
        if not self.replies or not any(self.replies):
            return "empty"
        joined = "\n".join(self.replies)
        if APOLOGY in joined or SORRY_KB in joined:
            return "apology"
        return "answer"


@dataclass
class BackgroundLoad:
    """Conversations that keep talking (alternating servers) while a fault happens.

    The test moves on when something it can see happened (:meth:`wait_until`, e.g. every
    conversation got two answers), never after a fixed time."""

    stack: ProductionStack
    name: str
    conversations: int = 6
    results: List[Result] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    threads: List[threading.Thread] = field(default_factory=list)

    MESSAGES = ("MST-CAN?", "en hoe effectief is dat?", "doelgroep IAG", "hoe effectief?")

    def _talk(self, index: int) -> None:
        sender = f"{self.name}-{RUN}-{index}"
        turn = 0
        while not self.stop.is_set():
            text = self.MESSAGES[turn % len(self.MESSAGES)]
            sent = time.monotonic()
            try:
                response = requests.post(
                    self.stack.webhook(index + turn),
                    json={"sender": sender, "message": text}, timeout=90)
                status = response.status_code
                replies = texts(response.json()) if status == 200 else []
            except requests.RequestException:
                status, replies = 0, []
            result = Result(sender, text, sent, time.monotonic(), status, replies)
            self.results.append(result)
            turn += 1
            time.sleep(0.05 if result.kind == "answer" else 0.5)  # a person tries again

    def __enter__(self) -> "BackgroundLoad":
        for i in range(self.conversations):
            thread = threading.Thread(target=self._talk, args=(i,), daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=300)  # a request gives up after 90 s
        alive = sum(t.is_alive() for t in self.threads)
        if alive and exc[0] is None:  # a later test must not meet this load
            raise AssertionError(f"{alive} conversation(s) of {self.name} still talking")

    def between(self, start: float, end: float = float("inf")) -> List[Result]:
        return [r for r in list(self.results) if start <= r.sent < end]

    def each_conversation_has(self, count: int, start: float = 0.0,
                              kind: Optional[str] = None) -> bool:
        """Every conversation has ``count`` replies (of ``kind``) to messages sent from
        ``start`` on."""
        seen = Counter(r.sender for r in self.between(start) if kind in (None, r.kind))
        return len(seen) == self.conversations and min(seen.values()) >= count

    def wait_until(self, what: str, condition: Callable[[], bool], timeout: float = 180) -> None:
        """Waits until ``condition`` holds (polling); fails naming ``what`` if it never does."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: not seen in {timeout:.0f} s: {what}; "
                                     f"replies so far {_counts(list(self.results))}")
            time.sleep(0.1)

    def senders(self) -> List[str]:
        return sorted({r.sender for r in self.results})

    def check_store(self) -> int:
        """Every conversation in the store is exactly what its user saw; returns rows."""
        senders = self.senders()
        rows = tracker_rows(self.stack, senders)
        for sender in senders:
            client = [(r.say, r.replies) for r in self.results if r.sender == sender]
            mismatch = match_store(client, [r for r in rows if r["sender_id"] == sender])
            assert mismatch is None, f"{sender}: {mismatch}"
        return len(rows)


def _counts(results: List[Result]) -> Dict[str, int]:
    out: Dict[str, int] = {}
    for r in results:
        out[r.kind] = out.get(r.kind, 0) + 1
    return out


def _api_status(stack: ProductionStack) -> List[int]:
    return [requests.get(f"{s.url}/status", params={"token": AUTH_TOKEN}, timeout=30).status_code
            for s in stack.rasa]


def test_action_server_killed_during_load_users_get_an_apology_then_answers(restores_stack):
    stack = restores_stack
    with BackgroundLoad(stack, "fault-actions") as load:
        load.wait_until("two answers in every conversation before the kill",
                        lambda: load.each_conversation_has(2, kind="answer"))
        killed = time.monotonic()
        stack.kill_actions()
        # The outage lasts until every conversation has had replies to 3 messages sent
        # during it (sent 0.5 s after the kill or later).
        load.wait_until("replies to 3 messages per conversation during the outage",
                        lambda: load.each_conversation_has(3, killed + 0.5))
        restarting = time.monotonic()
        stack.start_actions()
        back = time.monotonic()
        load.wait_until("replies to 3 messages per conversation after the restart",
                        lambda: load.each_conversation_has(3, back + 0.5))
    results = load.results
    assert all(r.kind in ("answer", "apology") for r in results), _counts(results)
    # In flight at the kill: either. Sent during the outage: the apology.
    before = [r for r in results if r.done < killed]
    outage = load.between(killed + 0.5, restarting)
    after = load.between(back + 0.5)
    assert before and all(r.kind == "answer" for r in before), _counts(before)
    assert outage and all(r.kind == "apology" for r in outage), _counts(outage)
    assert after and all(r.kind == "answer" for r in after), _counts(after)
    assert all(APOLOGY in "\n".join(r.replies) for r in outage)
    assert stack.rasa_alive() and _api_status(stack) == [200, 200]
    rows = load.check_store()
    FIGURES["fault: action server killed (SIGKILL) during load"] = (
        f"{len(results)} messages: {_counts(results)}; outage {back - killed:.1f} s "
        f"(restart took {back - restarting:.1f} s); every message during the outage got the "
        f"Dutch apology, every message after the restart an answer; both Rasa servers up; "
        f"{rows} rows checked")


def test_postgres_restart_during_load_servers_recover_without_restart(restores_stack):
    stack = restores_stack
    with BackgroundLoad(stack, "fault-postgres") as load:
        load.wait_until("two answers in every conversation before PostgreSQL stops",
                        lambda: load.each_conversation_has(2, kind="answer"))
        down = time.monotonic()
        stack.postgres.stop("fast")
        stopped = time.monotonic()
        # Down until every conversation has had replies to 2 messages sent while it was.
        load.wait_until("replies to 2 messages per conversation while PostgreSQL is down",
                        lambda: load.each_conversation_has(2, stopped))
        stack.postgres.start()
        up = time.monotonic()
        load.wait_until("replies to 3 messages per conversation after PostgreSQL is back",
                        lambda: load.each_conversation_has(3, up))
    results = load.results
    assert all(r.kind in ("answer", "apology") for r in results), _counts(results)
    during = load.between(down, up)
    after = load.between(up)
    assert after and all(r.kind == "answer" for r in after), _counts(after)
    assert stack.rasa_alive() and _api_status(stack) == [200, 200]
    rows = load.check_store()
    FIGURES["fault: PostgreSQL stopped and started during load"] = (
        f"{len(results)} messages: {_counts(results)}; during the outage "
        f"({up - down:.1f} s): {_counts(during)}; after it: {_counts(after)} (0 failed); "
        f"no server restarted; {rows} rows checked")


def test_redis_unavailable_messages_are_refused_with_an_apology_and_nothing_stored(
        restores_stack, kb):
    stack = restores_stack
    sender = f"redis-{RUN}"
    assert any(kb.record(k).text in "\n".join(texts(stack.say(0, sender, "MST-CAN?")))
               for k in MST_WHAT)
    rows_before = len(tracker_rows(stack))
    stack.redis.stop()
    try:
        refused = []
        for i, (who, text) in enumerate([(sender, "en hoe effectief is dat?"),
                                         (f"redis-new-{RUN}", "MST-CAN?"),
                                         (sender, "voor welke leeftijd?"),
                                         (f"redis-new-{RUN}", "doelgroep IAG")]):
            started = time.monotonic()
            refused.append((texts(stack.say(i, who, text)), time.monotonic() - started))
        assert all(reply == [APOLOGY] for reply, _ in refused), refused
        assert len(tracker_rows(stack)) == rows_before  # nothing half-written
        assert stack.rasa_alive()
    finally:
        stack.redis.start()
    # Redis is back (empty: it keeps nothing): the conversation goes on in context.
    reply = "\n".join(texts(stack.say(1, sender, "en hoe effectief is dat?")))
    assert any(kb.record(k).text in reply for k in MST_EFFECT), reply[:300]
    stored = stored_turns(tracker_rows(stack, [sender]))
    assert [t for t, _ in stored] == ["MST-CAN?", "en hoe effectief is dat?"]
    FIGURES["fault: Redis stopped"] = (
        f"{len(refused)} messages refused with the Dutch apology in "
        f"{max(s for _, s in refused):.2f} s at most, 0 rows written; after Redis started "
        f"again the first message was answered in context")


USER_PAUSE = 5.0  # seconds a user without an answer waits before sending again


def _lock(stack: ProductionStack, sender: str) -> Optional[dict]:
    """The conversation's lock as Rasa keeps it in Redis (None: no lock)."""
    client = stack.redis.client()
    keys = [k for k in client.keys("*") if k.decode(errors="replace").endswith(f":{sender}")]
    if not keys:
        return None
    raw = client.get(keys[0])
    if raw is None:
        return None
    lock = json.loads(raw)
    lock["tickets"] = [json.loads(t) for t in lock.get("tickets", [])]
    return lock


def test_a_rasa_server_killed_while_holding_a_conversation_lock(restores_stack, kb):
    """docs/production.md: a Rasa server that dies while handling a message leaves its
    conversation locked in Redis; the lock expires TICKET_LOCK_LIFETIME (60 s) after the
    dead server took it, and until then the conversation's next message waits. Here: the
    action server is paused so that a message stays inside its turn on Rasa server 1,
    holding the lock; server 1 is killed (SIGKILL); the user, without an answer, sends again
    a few seconds later, to server 0: answered in context once the dead server's ticket has
    expired, and nothing is lost. The killed server is started again and continues the
    conversation. (A message sent within about a second of the lost one is the known limit
    of the next test.)"""
    stack = restores_stack
    victim, survivor = 1, 0
    sender = f"lockdeath-{RUN}"
    first = "\n".join(texts(stack.say(survivor, sender, "MST-CAN?")))
    assert any(kb.record(k).text in first for k in MST_WHAT), first[:300]
    assert _lock(stack, sender) is None  # released after the turn: nobody waits

    outcome: Dict[str, object] = {}

    def send_to_victim() -> None:
        try:
            response = requests.post(stack.webhook(victim), timeout=300,
                                     json={"sender": sender, "message": "voor welke leeftijd?"})
            outcome["status"], outcome["body"] = response.status_code, response.text[:300]
        except requests.RequestException as error:
            outcome["error"] = type(error).__name__

    stack.pause_actions()
    try:
        thread = threading.Thread(target=send_to_victim, daemon=True)
        thread.start()
        deadline = time.monotonic() + 120
        while not (_lock(stack, sender) or {}).get("tickets"):
            assert thread.is_alive(), f"the message was not held: {outcome}"
            assert time.monotonic() < deadline, "server 1 never took the conversation's lock"
            time.sleep(0.05)
        held = _lock(stack, sender)
        killed = time.time()
        stack.kill_rasa(victim)
        thread.join(timeout=120)
        assert not thread.is_alive()
    finally:
        stack.resume_actions()
    assert "error" in outcome, outcome  # no answer to the message of the killed server
    assert len(held["tickets"]) == 1
    dead = held["tickets"][0]
    # The dead server's ticket is still there: the conversation stays locked.
    assert _lock(stack, sender)["tickets"] == [dead]

    from rasa.core.lock_store import LOCK_LIFETIME

    # The killed server is started again straight away (as a process manager would), so
    # that it loads while the conversation waits for the dead ticket to expire; it takes no
    # part in the conversation until the end of the test.
    stack.start_rasa(victim, wait=False)
    # The user waits a few seconds for the answer that does not come, then sends again.
    taken = dead["expires"] - LOCK_LIFETIME
    time.sleep(max(0.0, taken + USER_PAUSE - time.time()))
    sent = time.time()
    reply = texts(stack.say(survivor, sender, "en hoe effectief is dat?",
                            timeout=3 * LOCK_LIFETIME + 120))
    answered = time.time()
    joined = "\n".join(reply)
    assert APOLOGY not in joined
    assert any(kb.record(k).text in joined for k in MST_EFFECT), joined[:300]  # in context
    # It waited for the lock: handled only once the dead server's ticket had expired.
    assert answered >= dead["expires"], (answered, dead)
    assert _lock(stack, sender) is None  # and the survivor released it

    rows = tracker_rows(stack, [sender])
    stored = stored_turns(rows)
    # Nothing lost, nothing of the killed turn: the first turn and the answered one, whole.
    assert [t for t, _ in stored] == ["MST-CAN?", "en hoe effectief is dat?"]
    assert stored[1][1] == parts(reply)
    assert turn_servers(stack, rows) == [{survivor}, {survivor}]
    assert len(tracker_rows(stack, [sender], database="broker")) == len(rows)

    # The stack as it was: the killed server, started again, goes on with the conversation.
    stack.restore()
    again = "\n".join(texts(stack.say(victim, sender, "voor welke leeftijd?")))
    assert any(kb.record(k).text in again for k in MST_AGE) and "6–17 jaar" in again
    assert turn_servers(stack, tracker_rows(stack, [sender]))[-1] == {victim}
    FIGURES["fault: a Rasa server killed (SIGKILL) while holding a conversation's lock"] = (
        f"killed {killed - taken:.1f} s after it took the lock; the conversation's next "
        f"message, sent to the other server {sent - taken:.1f} s after the lock was taken, "
        f"was answered in context {answered - sent:.1f} s later, "
        f"{answered - dead['expires']:.1f} s after the dead server's ticket expired "
        f"(lifetime {LOCK_LIFETIME} s); the killed turn was not stored, nothing else lost; "
        f"the killed server restarted and answered the conversation in context")


def test_a_message_sent_right_after_the_lost_one_gets_the_lock_when_it_expires(stack):
    """A server takes a conversation's lock and dies (its ticket stays in Redis); the next
    message of the conversation arrives within the same second, on another server, and
    waits. It must get the lock once the dead server's ticket has expired. The project's
    lock store against the stack's Redis, with a ticket lifetime of 2 s instead of 60 s;
    the waiting message is given 20 lifetimes. (Rasa 3.6's own store let the waiting
    message's ticket expire in the same poll as the dead one; it then waited forever.)"""
    from jeugdhulp.server.runtime import RedisLockStore

    def store() -> RedisLockStore:
        return RedisLockStore(host="127.0.0.1", port=stack.redis.port, db=0,
                              password=stack.redis.password)

    sender, lifetime = f"lockrace-{RUN}", 2.0
    store().issue_ticket(sender, lifetime)  # taken by a server that then dies
    if len((_lock(stack, sender) or {}).get("tickets", [])) != 1:
        pytest.fail(f"no dead ticket in Redis: {_lock(stack, sender)}")

    async def next_message() -> float:
        started = time.monotonic()
        async with store().lock(sender, lock_lifetime=lifetime, wait_time_in_seconds=1):
            return time.monotonic() - started

    async def attempt() -> Tuple[Optional[float], Optional[dict]]:
        task = asyncio.ensure_future(next_message())
        done, _ = await asyncio.wait({task}, timeout=20 * lifetime)
        if task in done:
            return task.result(), None
        stuck = _lock(stack, sender)  # what Redis holds while the message still waits
        task.cancel()  # the client gives up: the message's ticket is cleaned up
        await asyncio.gather(task, return_exceptions=True)
        return None, stuck

    waited, stuck = asyncio.run(attempt())
    assert waited is not None, f"the waiting message never got the lock; Redis held {stuck}"
    if waited < lifetime - 0.5:
        pytest.fail(f"got the lock after {waited:.1f} s: before the dead ticket expired")
    if _lock(stack, sender) is not None:
        pytest.fail(f"the lock was not released: {_lock(stack, sender)}")


# --- logs -------------------------------------------------------------------------------

def _count_in(path: Path, needle: str) -> int:
    return path.read_text(errors="replace").count(needle) if path.exists() else 0


def _wait_for_log_lines(stack: ProductionStack, timeout: float = 120) -> int:
    """Makes every server of the stack log a known line after everything it logged so far
    and waits until each line is in that server's log files: lines are written in order, so
    then every line that earlier messages caused is in the files too. Returns how many
    sentinel lines were seen."""
    refused = "REST request refused"  # INFO: the REST channel refuses a JSON list
    seen = 0
    for index, servers in enumerate(stack.rasa):
        files = [servers.log, ROOT / "var" / "logs" / f"rasa-{servers.rasa_port}.log"]
        before = {path: _count_in(path, refused) for path in files}
        response = requests.post(stack.webhook(index), data=b"[1, 2]", timeout=60,
                                 headers={"Content-Type": "application/json"})
        assert response.status_code == 400
        deadline = time.monotonic() + timeout
        while any(_count_in(path, refused) <= before[path] for path in files):
            assert time.monotonic() < deadline, f"Rasa server {index} did not log {refused!r}"
            time.sleep(0.1)
        seen += len(files)
    action = f"action_log_sentinel_{RUN}_{uuid.uuid4().hex[:6]}"  # ERROR: an unknown action
    response = requests.post(f"http://127.0.0.1:{stack.actions.action_port}/webhook",
                             json={"next_action": action}, timeout=60)
    assert response.status_code == 404
    deadline = time.monotonic() + timeout
    while _count_in(stack.actions.log, action) < 1:
        assert time.monotonic() < deadline, f"the action server did not log {action!r}"
        time.sleep(0.1)
    return seen + 1


def test_info_logs_hold_no_message_text_and_no_secret(stack, kb):
    """All logs of the stack's servers (Rasa at INFO, the action server, run.sh): no
    client detail, no marker word of a message, no password or token. The test sends those
    messages itself, each answered: the privacy cases, the marker words, and a conversation
    like the load's; then it waits until every server has logged a known line after them."""
    for i, (question, _, _, subject) in enumerate(PRIVACY_CASES):
        reply = "\n".join(texts(stack.say(i, f"logs-{RUN}-{i}", question)))
        assert subject.lower() in reply.lower() and APOLOGY not in reply, (question, reply)
    for i, marker in enumerate(MARKERS):
        reply = "\n".join(texts(stack.say(i, f"logs-{RUN}-marker-{i}",
                                          f"Wat is MST-CAN? Vraag van {marker}")))
        assert reply and APOLOGY not in reply, reply
    stack.say(0, f"logs-{RUN}-load", "MST-CAN?")
    reply = "\n".join(texts(stack.say(1, f"logs-{RUN}-load", "en hoe effectief is dat?")))
    assert any(kb.record(k).text in reply for k in MST_EFFECT), reply[:300]
    sentinels = _wait_for_log_lines(stack)

    logs = {path.name: path.read_text(errors="replace") for path in stack.logs}
    logs.update({p.name: p.read_text(errors="replace")
                 for p in (ROOT / "var" / "logs").glob("rasa-*.log")
                 if any(str(s.rasa_port) in p.name for s in stack.rasa)})
    assert logs
    for name, text in logs.items():
        for needle in [*ORIGINALS, *MARKERS, *SECRETS]:
            assert needle not in text, f"{needle!r} in {name}"
        assert "en hoe effectief is dat" not in text  # the load's messages are not logged
    FIGURES["logs checked"] = (f"{len(logs)} log files, {sum(len(t) for t in logs.values())} "
                               f"characters, read after {sentinels} sentinel lines had "
                               f"arrived: none of {len(ORIGINALS)} client details, "
                               f"{len(MARKERS)} marker words or {len(SECRETS)} secrets")


def test_a_message_whose_client_gives_up_leaves_no_text_in_the_logs(restores_stack):
    """A turn that takes long (here: the action server paused) and a client that stops
    waiting (a timeout, or nginx's proxy_read_timeout): the message text, with its client
    details, must not reach the logs either. (Rasa 3.6's REST channel logs it as it arrived,
    before the guard redacted it: ``jeugdhulp.channels.inputs.without_text_in_logs``.)"""
    stack = restores_stack
    sender = f"logs-gave-up-{RUN}"
    question = f"Wat is MST-CAN? Vraag over Jan de Vries, {MARKERS[0]}"
    stack.pause_actions()
    try:
        with pytest.raises(requests.Timeout):  # the client gives up
            requests.post(stack.webhook(0), json={"sender": sender, "message": question},
                          timeout=5)
        deadline = time.monotonic() + 60  # the server ends the turn: the lock is released
        while _lock(stack, sender) is not None:
            if time.monotonic() > deadline:
                pytest.fail("the turn of the client that gave up never ended")
            time.sleep(0.1)
    finally:
        stack.resume_actions()
    try:
        _wait_for_log_lines(stack)
    except AssertionError as error:
        pytest.fail(f"no sentinel lines: {error}")
    for path in stack.log_paths():
        text = path.read_text(errors="replace")
        for needle in ("Jan de Vries", MARKERS[0], "Vraag over"):
            assert needle not in text, f"{needle!r} in {path.name}"


# --- retention --------------------------------------------------------------------------

def _retention(env: Dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jeugdhulp.server.retention", *args], cwd=ROOT, capture_output=True,
        text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def _age(stack: ProductionStack, sender: str, days: float) -> None:
    """Moves a conversation ``days`` into the past (tracker store and broker)."""
    import psycopg2

    shift = days * 86400
    for database in ("tracker", "broker"):
        connection = psycopg2.connect(stack.db_url(database))
        with connection, connection.cursor() as cursor:
            if database == "tracker":
                cursor.execute("UPDATE events SET timestamp = timestamp - %s "
                               "WHERE sender_id = %s", (shift, sender))
            else:
                cursor.execute("SELECT id, data FROM events WHERE sender_id = %s", (sender,))
                for row_id, data in cursor.fetchall():
                    event = json.loads(data)
                    event["timestamp"] = event["timestamp"] - shift
                    cursor.execute("UPDATE events SET data = %s WHERE id = %s",
                                   (json.dumps(event), row_id))
        connection.close()


def test_retention_deletes_conversations_older_than_the_period_on_postgres(stack):
    old, recent, young = (f"retention-{RUN}-old", f"retention-{RUN}-recent",
                          f"retention-{RUN}-young")
    for sender in (old, recent, young):
        stack.say(0, sender, "MST-CAN?")
        stack.say(1, sender, "en hoe effectief is dat?")
    _age(stack, old, 40)
    _age(stack, recent, 29)
    env = {"TRACKER_STORE_URL": stack.tracker_url, "EVENT_BROKER_URL": stack.broker_url}
    before = len(tracker_rows(stack))
    old_rows = len(tracker_rows(stack, [old]))

    dry = _retention(env, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "te verwijderen: 1 gesprek(ken)" in dry.stdout
    assert len(tracker_rows(stack)) == before
    assert DB_PASSWORD not in dry.stdout

    done = _retention(env)  # the default period: 30 days
    assert done.returncode == 0, done.stderr
    assert f"verwijderd: 1 gesprek(ken) met {old_rows} gebeurtenis(sen)" in done.stdout
    assert tracker_rows(stack, [old]) == []
    assert tracker_rows(stack, [old], database="broker") == []
    assert tracker_rows(stack, [recent]) and tracker_rows(stack, [young])
    assert len(tracker_rows(stack)) == before - old_rows

    shorter = _retention({**env, "RETENTION_DAYS": "20"})
    assert shorter.returncode == 0 and tracker_rows(stack, [recent]) == []
    assert tracker_rows(stack, [young])
    # The conversation that was deleted can start afresh.
    assert texts(stack.say(0, old, "MST-CAN?"))
    FIGURES["retention"] = (f"PostgreSQL: a 40-day-old conversation ({old_rows} events) "
                            "deleted at 30 days from the tracker store and the broker, a "
                            "29-day-old one kept (deleted with RETENTION_DAYS=20), "
                            "--dry-run deleted nothing")


def test_retention_on_the_default_sqlite_tracker_store(tmp_path):
    from jeugdhulp.server.runtime import SQLTrackerStore

    db = tmp_path / "tracker.sqlite3"
    store = SQLTrackerStore(dialect="sqlite", db=str(db))
    now = time.time()
    with store.session_scope() as session:
        for sender, age_days in (("oud", 31), ("nieuw", 1)):
            for n in range(3):
                session.add(store.SQLEvent(sender_id=sender, type_name="user",
                                           timestamp=now - age_days * 86400 + n,
                                           data=json.dumps({"event": "user", "text": "x"})))
        session.commit()
    result = _retention({"TRACKER_STORE_URL": f"sqlite:///{db}"}, "--days", "30")
    assert result.returncode == 0, result.stderr
    assert "verwijderd: 1 gesprek(ken) met 3 gebeurtenis(sen); bewaard: 1 gesprek(ken)" \
        in result.stdout
    with store.session_scope() as session:
        assert {e.sender_id for e in session.query(store.SQLEvent)} == {"nieuw"}
    assert _retention({"TRACKER_STORE_URL": f"sqlite:///{db}"}, "--days", "0").returncode == 2


# --- the effective endpoints file (no servers) -------------------------------------------

def test_endpoints_from_the_environment():
    from jeugdhulp.server.endpoints import ConfigError, DEFAULT_TRACKER_STORE, effective

    one_machine = effective({"action_endpoint": {"url": "x"}, "nlg": {"url": "keep"}}, {})
    assert one_machine["action_endpoint"] == {"url": "http://127.0.0.1:5055/webhook"}
    assert one_machine["tracker_store"] == {
        "type": "jeugdhulp.server.runtime.SQLTrackerStore", "dialect": "sqlite",
        "db": DEFAULT_TRACKER_STORE[len("sqlite:///"):]}
    assert "lock_store" not in one_machine and "event_broker" not in one_machine
    assert one_machine["nlg"] == {"url": "keep"}  # the rest of endpoints.yml is kept

    config = effective({}, {
        "ACTION_ENDPOINT_URL": "http://actions.internal:5055/webhook",
        "TRACKER_STORE_URL": "postgres://rasa:p%40ss@db:5433/rasa?sslmode=require",
        "LOCK_STORE_URL": "rediss://:ge%2Fheim@redis:6380/2",
        "LOCK_STORE_KEY_PREFIX": "jeugdhulp",
        "EVENT_BROKER_URL": "amqp://user:pw@rabbit:5672/vh",
    })
    assert config["action_endpoint"]["url"] == "http://actions.internal:5055/webhook"
    assert config["tracker_store"] == {
        "type": "jeugdhulp.server.runtime.SQLTrackerStore", "dialect": "postgresql", "url": "db",
        "port": 5433, "db": "rasa", "username": "rasa", "password": "p@ss",
        "query": {"sslmode": "require"}}
    assert config["lock_store"] == {
        "type": "jeugdhulp.server.runtime.RedisLockStore", "url": "redis", "port": 6380, "db": 2,
        "password": "ge/heim", "use_ssl": True, "key_prefix": "jeugdhulp"}
    assert config["event_broker"] == {
        "type": "pika", "url": "rabbit", "port": 5672, "queues": ["rasa_events"],
        "username": "user", "password": "pw", "virtual_host": "vh"}
    kafka = effective({}, {"EVENT_BROKER_URL": "kafka://k:9093"})["event_broker"]
    assert kafka["type"] == "kafka" and kafka["url"] == "k:9093"
    sql = effective({}, {"EVENT_BROKER_URL": "postgresql://b@db/broker"})["event_broker"]
    assert sql["type"] == "jeugdhulp.server.runtime.SQLEventBroker" and sql["db"] == "broker"
    host = effective({}, {"ACTION_HOST": "0.0.0.0", "ACTION_PORT": "6000"})
    assert host["action_endpoint"]["url"] == "http://127.0.0.1:6000/webhook"

    for bad in ({"LOCK_STORE_URL": "memcached://x"}, {"TRACKER_STORE_URL": "postgresql://"},
                {"LOCK_STORE_URL": "redis://h/abc"}, {"EVENT_BROKER_URL": "nonsense"},
                {"ACTION_ENDPOINT_URL": "ftp://x"}, {"LOCK_STORE_KEY_PREFIX": "a:b",
                                                     "LOCK_STORE_URL": "redis://h"}):
        with pytest.raises(ConfigError):
            effective({}, bad)


def test_the_start_summary_hides_passwords():
    from jeugdhulp.server.endpoints import describe

    lines = "\n".join(describe({"TRACKER_STORE_URL": "postgresql://u:geheim1@db/rasa",
                                "LOCK_STORE_URL": "redis://:geheim2@r:6379/0",
                                "DATABASE_URL": "postgresql://k:geheim3@db/kb",
                                "RASA_AUTH_TOKEN": "geheim4-0123456789"}))
    assert not any(f"geheim{i}" in lines for i in range(1, 5))
    assert "***" in lines and "HTTP-API: aan, met RASA_AUTH_TOKEN" in lines

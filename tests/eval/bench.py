"""The assistant next to a stock Rasa bot, in one run: latency, throughput, memory, CPU.

    python -m tests.eval.bench [--quick] [--single 300] [--rounds 5] [--round-seconds 25]
                               [--users 8] [--warmup 5] [--json results/bench.json]

Starts the assistant the way `make run` does (bot/scripts/run.sh: Rasa server and action
server, on free ports, with a private SQLite tracker store) and a stock Rasa bot of the same
Rasa version: `rasa init`'s moodbot, trained once and cached in var/bench/, served by plain
`rasa run` with the REST channel and an SQLite tracker store of its own (the same kind of
store). Both get the same pattern of traffic, interleaved, because the machines are shared
and noisy: whatever else the machine does hits both about equally.

1. Warm-up: ``--warmup`` messages to each (not measured; the first answer is reported).
2. One user: ``--single`` messages to each, alternately (A, B, A, B, ...); p50 and p95.
3. ``--users`` concurrent conversations (closed loop: each user sends its next message as
   soon as the answer is in): ``--rounds`` rounds of ``--round-seconds`` per bot, in the
   order A B B A A B ..., pooled: throughput (messages/s), p50 and p95, CPU per message.
4. Memory: VmRSS of every server process after the warm-up and after the load, and the
   peak (VmHWM).
5. Bad input under load: during the assistant's first load round a 100 kB message and an
   empty one, each in a conversation of its own after a normal question. Each must get
   the reply the same message gets without load (measured before the load) — today: the
   guard cuts the 100 kB text to its first 2000 characters and answers that, and an empty
   message gets utter_empty_message — never the apology for a failure; and the tracker
   store must hold exactly one more user event and at least one more bot event for it
   (counted before and after).
6. Nothing lost: for every conversation of the run, the tracker store holds one user event
   per message that was answered (HTTP 200), and between one bot event per answered turn
   and one per reply message.

The assistant's traffic is the project's question set: every question of
tests/eval/questions.yml as the first turn of a conversation (every second one followed by
a follow-up of conversations.yml: "waar staat dat?" or "meer"), and the guideline cases of
tests/eval/conversations.yml (first turns and follow-ups). The moodbot gets its own kind of
messages (greeting, mood, yes/no, goodbye) along its stories.

Prints one table (assistant, stock, ratio assistant/stock) and the machine (cores, load
average at the start and the end, to judge the noise); writes everything to --json. Exit
code 1 when a check (bad input, nothing lost, no errors) failed, 2 when the servers could
not be started. A real run takes about 5-8 minutes (plus about a minute once to train the
moodbot); --quick is a smoke test of under a minute of traffic.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Tuple

import requests
import yaml

from tests.eval.e2e import conversation_cases
from tests.eval.retrieval import load_questions
from tests.support.servers import (ROOT, Servers, ServersError, free_port, launch_servers,
                                   server_pids, stop_servers)

BENCH_DIR = ROOT / "var" / "bench"
DEFAULT_JSON = ROOT / "results" / "bench.json"
RASA = ROOT / ".venv" / "bin" / "rasa"
CLK_TCK = os.sysconf("SC_CLK_TCK")
READY_TIMEOUT = 300  # both servers start at the same time on a shared machine
REQUEST_TIMEOUT = 120

# Follow-ups of tests/eval/conversations.yml that fit after any guideline answer.
FOLLOW_UPS = ("waar staat dat?", "meer")

# The moodbot's own kind of conversations, along the stories of `rasa init`'s project
# (data/stories.yml: happy path, sad path 1 and 2), in words of its NLU examples.
MOODBOT_CONVERSATIONS = [
    ["hello there", "I am feeling very good", "bye"],
    ["hey", "I am sad", "yes", "goodbye"],
    ["good morning", "I don't feel very well", "no", "see you around"],
    ["hi", "perfect", "have a nice day"],
    ["hey there", "so sad", "indeed", "bye bye"],
    ["good evening", "I am disappointed", "never", "good night"],
    ["hello", "great", "are you a bot?", "bye"],
    ["moin", "very sad", "of course", "cee you later"],
]

# A professional pastes a long report after the question: 100 kB of it.
HUGE_MESSAGE = ("Hoe begin ik een eerste gesprek met een gezin in een gedwongen kader? "
                + "Moeder vertelt dat het thuis onrustig is en dat de afspraken met school "
                  "niet worden nagekomen. " * 1200)[:100_000]
BAD_INPUTS = {"100 kB": HUGE_MESSAGE, "empty": ""}
BAD_INPUT_LEAD = "Hoe begin ik een eerste gesprek met een gezin in een gedwongen kader?"


class BenchError(RuntimeError):
    pass


# --------------------------------------------------------------------------------------------
# Traffic


def assistant_conversations() -> List[List[str]]:
    """The guideline cases of conversations.yml, and every question of questions.yml as a
    first turn (every second one with a follow-up), interleaved so that any stretch of the
    list mixes both."""
    cases = conversation_cases()
    turns_said = {t["say"] for case in cases for t in case["turns"]}
    missing = [f for f in FOLLOW_UPS if f not in turns_said]
    if missing:
        raise BenchError(f"follow-ups {missing} are no longer in tests/eval/conversations.yml")
    guideline_cases = [
        [t["say"] for t in case["turns"]] for case in cases
        # the out-of-scope case (weather, parking, football) is not a guideline question
        if any(t.get("quotes") or t.get("contains") or t.get("card") for t in case["turns"])
    ]
    singles = []
    for i, question in enumerate(load_questions()):
        turns = [question.text]
        if i % 2 == 1:
            turns.append(FOLLOW_UPS[(i // 2) % len(FOLLOW_UPS)])
        singles.append(turns)
    mixed: List[List[str]] = []
    step = max(1, len(singles) // max(1, len(guideline_cases)))
    for i, conversation in enumerate(singles):
        if i % step == 0 and guideline_cases:
            mixed.append(guideline_cases.pop(0))
        mixed.append(conversation)
    return mixed + guideline_cases


class Feed:
    """One user's messages: conversation after conversation from ``start`` on, cycling,
    each under a new sender id."""

    def __init__(self, conversations: List[List[str]], prefix: str, start: int = 0) -> None:
        self._iterator = self._messages(conversations, prefix, start)

    @staticmethod
    def _messages(conversations: List[List[str]], prefix: str,
                  start: int) -> Iterator[Tuple[str, str]]:
        n = 0
        while True:
            conversation = conversations[(start + n) % len(conversations)]
            sender = f"{prefix}-{n}"
            for text in conversation:
                yield sender, text
            n += 1

    def next(self) -> Tuple[str, str]:
        return next(self._iterator)


# --------------------------------------------------------------------------------------------
# The two bots


@dataclass
class Ledger:
    """What was sent per conversation, to compare with the tracker store afterwards."""
    sent_ok: Dict[str, int] = field(default_factory=dict)       # HTTP 200
    answered: Dict[str, int] = field(default_factory=dict)      # 200 with >= 1 reply
    replies: Dict[str, int] = field(default_factory=dict)       # reply messages returned
    uncertain: Dict[str, int] = field(default_factory=dict)     # no HTTP answer (exception)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sender: str, status: Optional[int], replies: Optional[list]) -> None:
        with self.lock:
            if status is None:
                self.uncertain[sender] = self.uncertain.get(sender, 0) + 1
            if status != 200:
                return
            self.sent_ok[sender] = self.sent_ok.get(sender, 0) + 1
            self.replies[sender] = self.replies.get(sender, 0) + len(replies or [])
            if replies:
                self.answered[sender] = self.answered.get(sender, 0) + 1


@dataclass
class Bot:
    key: str                      # "assistant" | "stock"
    url: str
    tracker_db: Path
    conversations: List[List[str]]
    processes: Callable[[], Dict[int, str]]  # server pid -> role
    ledger: Ledger = field(default_factory=Ledger)
    errors: List[str] = field(default_factory=list)
    empty_replies: int = 0

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"

    def say(self, session: requests.Session, sender: str, text: str,
            timeout: float = REQUEST_TIMEOUT) -> Tuple[float, Optional[int], Optional[list]]:
        """(seconds, HTTP status or None, replies or None); recorded in the ledger."""
        started = time.perf_counter()
        status, replies = None, None
        try:
            response = session.post(self.webhook, json={"sender": sender, "message": text},
                                     timeout=timeout)
            status = response.status_code
            if status == 200:
                replies = response.json()
            else:
                self.errors.append(f"HTTP {status}")
        except (requests.RequestException, ValueError) as error:
            self.errors.append(type(error).__name__)
        seconds = time.perf_counter() - started
        if status == 200 and not replies:
            self.empty_replies += 1
        self.ledger.add(sender, status, replies)
        return seconds, status, replies

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.processes())

    def memory(self) -> Dict[str, Dict[str, float]]:
        """Per server process (by role): VmRSS and VmHWM in MB."""
        return {role: proc_memory(pid) for pid, role in sorted(self.processes().items(),
                                                              key=lambda item: item[1])}


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def proc_memory(pid: int) -> Dict[str, float]:
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = round(int(rest.split()[0]) / 1024, 1)
    except OSError:
        pass
    return {"rss_mb": values.get("VmRSS", float("nan")),
            "peak_mb": values.get("VmHWM", float("nan"))}


def group_processes(pgid: int) -> List[Tuple[int, str]]:
    """(pid, command line) of every process in a process group."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[2]) == pgid:
            found.append((int(entry.name), cmdline))
    return found


def assistant_processes(servers: Servers) -> Dict[int, str]:
    roles = {}
    for pid in server_pids(servers):
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        roles[pid] = "action server" if "run actions" in cmdline else "Rasa server"
    return roles


def helper_processes(servers: Servers) -> Dict[str, float]:
    """RSS (MB) of the other processes of run.sh's group (bash, log filters, tee): a cost
    of the way the assistant runs, not of a server; reported apart."""
    servers_pids = set(server_pids(servers))
    return {f"{pid} {cmdline[:60]}": proc_memory(pid)["rss_mb"]
            for pid, cmdline in group_processes(servers.process.pid)
            if pid not in servers_pids}


# --------------------------------------------------------------------------------------------
# The stock bot


def moodbot_dir() -> Path:
    return BENCH_DIR / f"moodbot-rasa-{package_version('rasa')}"


def moodbot_model(project: Path) -> Optional[Path]:
    models = sorted((project / "models").glob("*.tar.gz"))
    return models[-1] if models else None


def ensure_moodbot() -> Path:
    """The cached moodbot's model; `rasa init --no-prompt` (which trains it) when missing."""
    project = moodbot_dir()
    model = moodbot_model(project)
    if model is not None:
        return model
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    building = project.with_name(project.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    print(f">> Training the stock bot (rasa init --no-prompt) into {project.relative_to(ROOT)}"
          " (once per Rasa version, about a minute)", flush=True)
    log = building / "init.log"
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false",
           "RASA_CACHE_DIRECTORY": str(building / ".rasa" / "cache")}
    with log.open("w") as out:
        result = subprocess.run([str(RASA), "init", "--no-prompt", "--init-dir", str(building)],
                                cwd=building, env=env, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0 or moodbot_model(building) is None:
        raise BenchError(f"rasa init failed (exit {result.returncode}); see {log}")
    shutil.rmtree(building / ".rasa", ignore_errors=True)  # the training cache: not needed
    shutil.rmtree(project, ignore_errors=True)
    building.rename(project)
    return moodbot_model(project)  # type: ignore[return-value]


@dataclass
class StockServer:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def processes(self) -> Dict[int, str]:
        return {pid: "Rasa server" for pid, cmdline in group_processes(self.process.pid)
                if "rasa" in cmdline}

    def ready(self) -> bool:
        if self.process.poll() is not None:
            raise BenchError(f"the stock bot stopped (exit {self.process.returncode}):\n"
                             f"{self.log.read_text(errors='replace')[-2000:]}")
        return "Rasa server is up and running" in self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass


def launch_stock(model: Path, work: Path) -> Tuple[StockServer, Path]:
    """`rasa run` with only the REST channel and an SQLite tracker store; no API, no action
    server (the moodbot's actions are all responses)."""
    port = free_port()
    tracker = work / f"stock-tracker-{port}.sqlite3"
    credentials, endpoints = work / "stock-credentials.yml", work / "stock-endpoints.yml"
    credentials.write_text("rest:\n")
    endpoints.write_text(yaml.safe_dump(
        {"tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(tracker)}}))
    log = work / f"stock-{port}.log"
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    for name in ("RASA_CACHE_DIRECTORY", "SANIC_WORKERS"):
        env.pop(name, None)
    process = subprocess.Popen(
        [str(RASA), "run", "--model", str(model), "--interface", "127.0.0.1", "--port",
         str(port), "--credentials", str(credentials), "--endpoints", str(endpoints)],
        cwd=model.parent.parent, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True)
    return StockServer(process, port, log), tracker


# --------------------------------------------------------------------------------------------
# Tracker store


def stored_events(db: Path, senders: Optional[List[str]] = None) -> Dict[str, Dict[str, int]]:
    """sender -> {"user": n, "bot": n} from a Rasa SQLite tracker store."""
    uri = f"file:{db}?mode=ro"
    with sqlite3.connect(uri, uri=True, timeout=30) as connection:
        query = ("SELECT sender_id, type_name, COUNT(*) FROM events "
                 "WHERE type_name IN ('user', 'bot')")
        parameters: List[str] = []
        if senders is not None:
            query += f" AND sender_id IN ({','.join('?' * len(senders))})"
            parameters = list(senders)
        rows = connection.execute(query + " GROUP BY sender_id, type_name", parameters)
        counts: Dict[str, Dict[str, int]] = {}
        for sender, kind, n in rows:
            counts.setdefault(sender, {"user": 0, "bot": 0})[kind] = n
    return counts


def last_user_event(db: Path, sender: str) -> Dict:
    uri = f"file:{db}?mode=ro"
    with sqlite3.connect(uri, uri=True, timeout=30) as connection:
        row = connection.execute(
            "SELECT intent_name, data FROM events WHERE sender_id = ? AND type_name = 'user' "
            "ORDER BY id DESC LIMIT 1", (sender,)).fetchone()
    if row is None:
        return {}
    return {"intent": row[0], "stored_chars": len(json.loads(row[1]).get("text") or "")}


def nothing_lost(bot: Bot) -> Dict:
    """Every answered message is one user event; bot events between answered turns and
    reply messages. Conversations with a request that got no HTTP answer are left out."""
    ledger = bot.ledger
    counts = stored_events(bot.tracker_db)
    checked = [s for s in ledger.sent_ok if s not in ledger.uncertain]
    mismatches = []
    for sender in checked:
        stored = counts.get(sender, {"user": 0, "bot": 0})
        if stored["user"] != ledger.sent_ok[sender] or not (
                ledger.answered.get(sender, 0) <= stored["bot"] <= ledger.replies[sender]):
            mismatches.append({"conversation": sender, "sent": ledger.sent_ok[sender],
                               "answered": ledger.answered.get(sender, 0),
                               "replies": ledger.replies[sender], "stored": stored})
    return {
        "conversations": len(checked),
        "messages_answered": sum(ledger.sent_ok[s] for s in checked),
        "user_events": sum(counts.get(s, {}).get("user", 0) for s in checked),
        "bot_events": sum(counts.get(s, {}).get("bot", 0) for s in checked),
        "left_out_no_http_answer": len(ledger.uncertain),
        "mismatches": mismatches[:20],
        "ok": not mismatches and bool(checked),
    }


# --------------------------------------------------------------------------------------------
# Measurements


def percentile(values: List[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def reply_texts(replies: Optional[list]) -> List[str]:
    return [str(r.get("text") or r.get("custom") or r.get("image") or "") for r in replies or []]


def warm_up(bot: Bot, n: int) -> Dict:
    session = requests.Session()
    feed = Feed(bot.conversations, f"bench-{bot.key}-warmup-{RUN_ID}", 3)
    timings = []
    for _ in range(max(1, n)):
        seconds, _, _ = bot.say(session, *feed.next())
        timings.append(seconds)
    return {"first_answer_ms": round(timings[0] * 1000, 1), "messages": len(timings)}


def single_user(bots: List[Bot], n: int) -> Dict[str, Dict[str, object]]:
    """n messages to each bot, alternately A, B, A, B, ...: per bot the latencies (ms) and
    the CPU seconds its server processes spent on them."""
    sessions = {bot.key: requests.Session() for bot in bots}
    feeds = {bot.key: Feed(bot.conversations, f"bench-{bot.key}-single-{RUN_ID}")
             for bot in bots}
    latencies: Dict[str, List[float]] = {bot.key: [] for bot in bots}
    cpu: Dict[str, float] = {bot.key: 0.0 for bot in bots}
    for _ in range(n):
        for bot in bots:
            before = bot.cpu_seconds()
            seconds, _, _ = bot.say(sessions[bot.key], *feeds[bot.key].next())
            cpu[bot.key] += bot.cpu_seconds() - before
            latencies[bot.key].append(seconds * 1000)
    return {"latencies": latencies, "cpu": cpu}


@dataclass
class Round:
    bot: str
    seconds: float
    latencies_ms: List[float]
    cpu_seconds: float
    client_cpu_seconds: float
    probe: Optional[Dict] = None


def load_round(bot: Bot, users: int, seconds: float, index: int,
               probe: Optional[Callable[[], Dict]] = None) -> Round:
    """``users`` conversations at once for ``seconds`` (and, with a probe, at least until
    the probe is done, so that it runs under load)."""
    latencies: List[float] = []
    finished: List[float] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    probe_done = threading.Event()
    if probe is None:
        probe_done.set()
    probe_result: Dict = {}

    def user(u: int) -> None:
        session = requests.Session()
        feed = Feed(bot.conversations, f"bench-{bot.key}-load{index}-u{u}-{RUN_ID}",
                    start=u * max(1, len(bot.conversations) // users) + index)
        while time.perf_counter() < stop_at or not probe_done.is_set():
            took, _, _ = bot.say(session, *feed.next())
            with lock:
                latencies.append(took * 1000)
                finished.append(time.perf_counter())

    def run_probe() -> None:
        try:
            time.sleep(min(2.0, seconds / 4))  # let the load build up first
            begin = time.perf_counter()
            probe_result.update(probe())  # type: ignore[misc]
            end = time.perf_counter()
            # Under load: every user still sending when the probe was done, and load
            # messages answered while it ran (a server that served only the probe fails).
            with lock:
                during = sum(1 for t in finished if begin <= t <= end)
            probe_result["users_sending_at_end"] = sum(t.is_alive() for t in threads)
            probe_result["load_answers_during_probe"] = during
            probe_result["under_load"] = (probe_result["users_sending_at_end"] == users
                                          and during >= 1)
        finally:
            probe_done.set()

    cpu_before, client_before = bot.cpu_seconds(), time.process_time()
    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(u,), daemon=True) for u in range(users)]
    for thread in threads:
        thread.start()
    prober = threading.Thread(target=run_probe, daemon=True) if probe else None
    if prober:
        prober.start()
        prober.join()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return Round(bot.key, elapsed, latencies, bot.cpu_seconds() - cpu_before,
                 time.process_time() - client_before, probe_result or None)


def bad_input_reference(bot: Bot) -> Dict[str, List[str]]:
    """The replies to the bad inputs without load, each in a conversation of its own
    after a normal question."""
    session = requests.Session()
    reference = {}
    for kind, text in BAD_INPUTS.items():
        sender = f"bench-bad-idle-{kind.replace(' ', '')}-{RUN_ID}"
        bot.say(session, sender, BAD_INPUT_LEAD)
        _, status, replies = bot.say(session, sender, text)
        reference[kind] = reply_texts(replies) if status == 200 else [f"HTTP {status}"]
    return reference


def bad_input_probe(bot: Bot, reference: Dict[str, List[str]]) -> Callable[[], Dict]:
    from jeugdhulp.messages import message

    apology = message("channels.apology")
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    empty_reply = domain["responses"]["utter_empty_message"][0]["text"].strip()

    def probe() -> Dict:
        session = requests.Session()
        results = {}
        for kind, text in BAD_INPUTS.items():
            sender = f"bench-bad-load-{kind.replace(' ', '')}-{RUN_ID}"
            bot.say(session, sender, BAD_INPUT_LEAD)
            before = stored_events(bot.tracker_db, [sender]).get(sender, {"user": 0, "bot": 0})
            seconds, status, replies = bot.say(session, sender, text)
            after = stored_events(bot.tracker_db, [sender]).get(sender, {"user": 0, "bot": 0})
            texts = reply_texts(replies)
            problems = []
            if status != 200:
                problems.append(f"HTTP {status}")
            if not texts:
                problems.append("no reply")
            if any(apology in t for t in texts):
                problems.append("the apology for a failure")
            if texts != reference[kind]:
                problems.append("another reply than without load")
            if kind == "empty" and texts and texts[0].strip() != empty_reply:
                problems.append("not utter_empty_message")
            if after["user"] - before["user"] != 1:
                problems.append(f"{after['user'] - before['user']} user events stored, not 1")
            if not 1 <= after["bot"] - before["bot"] <= max(1, len(texts)):
                problems.append(f"{after['bot'] - before['bot']} bot events stored for "
                                f"{len(texts)} replies")
            results[kind] = {
                "ms": round(seconds * 1000, 1), "status": status,
                "reply": texts[0][:120] if texts else "", "replies": len(texts),
                "events_before": before, "events_after": after,
                "stored_user_event": last_user_event(bot.tracker_db, sender),
                "problems": problems, "ok": not problems,
            }
        return results

    return probe


PY_SPY = ROOT / ".venv" / "tools" / "bin" / "py-spy"


def start_profilers(bot: "Bot", index: int, seconds: float,
                    folder: Optional[Path]) -> List[subprocess.Popen]:
    """py-spy sampling each server process of ``bot`` for one load round (``--profile``):
    collapsed stacks in ``folder``/<bot>-<process>-round<index>.txt (tests/eval/profile.py
    sums them up)."""
    if folder is None:
        return []
    if not PY_SPY.exists():
        raise BenchError(f"py-spy is not installed ({PY_SPY}): run `make audit` or "
                         "`make lock` once, which install the tools venv")
    folder.mkdir(parents=True, exist_ok=True)
    profilers = []
    for pid, name in bot.processes().items():
        out = folder / f"{bot.key}-{name.replace(' ', '-')}-round{index}.txt"
        profilers.append(subprocess.Popen(
            [str(PY_SPY), "record", "--pid", str(pid), "--duration", str(int(seconds)),
             "--rate", "100", "--nonblocking", "--format", "raw", "--output", str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return profilers


def machine(when: str) -> Dict:
    info = {f"load_average_{when}": [round(x, 2) for x in os.getloadavg()]}
    if when == "start":
        cpu_model = ""
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu_model = line.split(":", 1)[1].strip()
                    break
            mem = {line.split(":")[0]: int(line.split()[1]) for line in
                   Path("/proc/meminfo").read_text().splitlines()[:3]}
        except OSError:
            mem = {}
        info.update({
            "cores": os.cpu_count(), "cores_usable": len(os.sched_getaffinity(0)),
            "cpu": cpu_model, "memory_total_mb": mem.get("MemTotal", 0) // 1024,
            "memory_available_mb": mem.get("MemAvailable", 0) // 1024,
            "python": platform.python_version(), "rasa": package_version("rasa"),
        })
    return info


# --------------------------------------------------------------------------------------------
# Report


def summarise(bot: Bot, single: Dict, rounds: List[Round], warm: Dict, memory_idle: Dict,
              memory_load: Dict, started_s: float) -> Dict:
    single_ms = single["latencies"][bot.key]
    mine = [r for r in rounds if r.bot == bot.key]
    load_ms = [x for r in mine for x in r.latencies_ms]
    load_seconds = sum(r.seconds for r in mine)
    load_cpu = sum(r.cpu_seconds for r in mine)
    client_cpu = sum(r.client_cpu_seconds for r in mine)
    return {
        "ready_after_s": round(started_s, 1),
        "warm_up": warm,
        "single": {"messages": len(single_ms), "p50_ms": percentile(single_ms, 0.5),
                   "p95_ms": percentile(single_ms, 0.95),
                   "mean_ms": statistics.fmean(single_ms) if single_ms else float("nan"),
                   "cpu_ms_per_message": 1000 * single["cpu"][bot.key] / max(1, len(single_ms))},
        "load": {"rounds": len(mine), "seconds": round(load_seconds, 2),
                 "messages": len(load_ms),
                 "throughput_per_s": len(load_ms) / load_seconds if load_seconds else 0.0,
                 "throughput_per_round": [round(len(r.latencies_ms) / r.seconds, 2)
                                          for r in mine],
                 "p50_ms": percentile(load_ms, 0.5), "p95_ms": percentile(load_ms, 0.95),
                 "cpu_ms_per_message": 1000 * load_cpu / max(1, len(load_ms)),
                 "cpu_cores_busy": load_cpu / load_seconds if load_seconds else 0.0,
                 # the load generator (this process) shares the machine with the servers
                 "client_cpu_cores_busy": client_cpu / load_seconds if load_seconds else 0.0},
        "memory_after_warm_up": memory_idle,
        "memory_after_load": memory_load,
        "rss_total_mb": round(sum(m["rss_mb"] for m in memory_load.values()), 1),
        "peak_total_mb": round(sum(m["peak_mb"] for m in memory_load.values()), 1),
        "errors": len(bot.errors), "error_kinds": sorted(set(bot.errors)),
        "empty_replies": bot.empty_replies,
    }


ROWS = [  # label, path in the summary, digits
    ("ready after start (s, started together)", ("ready_after_s",), 0),
    ("first answer (ms)", ("warm_up", "first_answer_ms"), 0),
    ("1 user: p50 (ms)", ("single", "p50_ms"), 0),
    ("1 user: p95 (ms)", ("single", "p95_ms"), 0),
    ("1 user: server CPU per message (ms)", ("single", "cpu_ms_per_message"), 0),
    ("{users} users: throughput (msg/s)", ("load", "throughput_per_s"), 2),
    ("{users} users: p50 (ms)", ("load", "p50_ms"), 0),
    ("{users} users: p95 (ms)", ("load", "p95_ms"), 0),
    ("{users} users: server CPU per message (ms)", ("load", "cpu_ms_per_message"), 0),
    ("{users} users: server CPU cores busy", ("load", "cpu_cores_busy"), 2),
    ("{users} users: load generator CPU cores busy", ("load", "client_cpu_cores_busy"), 2),
]


def _get(summary: Dict, path: Tuple[str, ...]) -> float:
    value: object = summary
    for key in path:
        value = value.get(key, float("nan")) if isinstance(value, dict) else float("nan")
    return float(value)  # type: ignore[arg-type]


def _ratio(a: float, b: float) -> float:
    return a / b if b and not math.isnan(a) and not math.isnan(b) else float("nan")


def _fmt(value: float, digits: int) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def table(summaries: Dict[str, Dict], users: int) -> Tuple[List[str], Dict[str, float]]:
    a, b = summaries["assistant"], summaries["stock"]
    lines = [f"{'':44}{'assistant':>12}{'stock':>12}{'ratio':>9}"]
    ratios = {}
    rows = [(label.format(users=users), path, digits) for label, path, digits in ROWS]
    for role in sorted(set(a["memory_after_load"]) | set(b["memory_after_load"])):
        rows.append((f"RSS after load: {role} (MB)", ("memory_after_load", role, "rss_mb"), 0))
    rows += [("RSS after load: all servers (MB)", ("rss_total_mb",), 0),
             ("peak RSS (VmHWM): all servers (MB)", ("peak_total_mb",), 0)]
    for label, path, digits in rows:
        x, y = _get(a, path), _get(b, path)
        ratio = _ratio(x, y)
        ratios[label] = ratio
        lines.append(f"{label:44}{_fmt(x, digits):>12}{_fmt(y, digits):>12}"
                     f"{_fmt(ratio, 1) + ('x' if not math.isnan(ratio) else ''):>9}")
    for label, key in (("messages (warm-up, 1 user, load)", None), ("errors", "errors"),
                       ("empty replies", "empty_replies")):
        if key is None:
            x = f"{a['warm_up']['messages']}+{a['single']['messages']}+{a['load']['messages']}"
            y = f"{b['warm_up']['messages']}+{b['single']['messages']}+{b['load']['messages']}"
        else:
            x, y = str(a[key]), str(b[key])
        lines.append(f"{label:44}{x:>12}{y:>12}")
    return lines, ratios


def _clean_nan(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_nan(v) for v in value]
    return value


# --------------------------------------------------------------------------------------------
# Main


RUN_ID = uuid.uuid4().hex[:6]


def _wait_ready(assistant: Servers, stock: StockServer) -> Tuple[float, float]:
    started = time.perf_counter()
    ready: Dict[str, float] = {}
    while len(ready) < 2:
        elapsed = time.perf_counter() - started
        if elapsed > READY_TIMEOUT:
            raise BenchError(f"not ready after {READY_TIMEOUT} s: "
                             f"{', '.join(k for k in ('assistant', 'stock') if k not in ready)}")
        if "assistant" not in ready:
            if assistant.process.poll() is not None:
                raise BenchError(f"the assistant stopped (exit {assistant.process.returncode}):"
                                 f"\n{assistant.log.read_text(errors='replace')[-2000:]}")
            if assistant.ready_text in assistant.log.read_text(errors="replace"):
                ready["assistant"] = elapsed
        if "stock" not in ready and stock.ready():
            ready["stock"] = elapsed
        time.sleep(0.5)
    return ready["assistant"], ready["stock"]


def _terminate(signum, frame):  # noqa: ARG001 - signal handler signature
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: --single 20 --rounds 2 --round-seconds 6 --warmup 3")
    parser.add_argument("--single", type=int, default=300,
                        help="messages per bot with one user (default 300)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="load rounds per bot (default 5)")
    parser.add_argument("--round-seconds", type=float, default=25,
                        help="length of one load round (default 25)")
    parser.add_argument("--users", type=int, default=8,
                        help="concurrent conversations in the load rounds (default 8)")
    parser.add_argument("--warmup", type=int, default=5,
                        help="messages per bot before measuring (default 5)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON,
                        help="where to write the results "
                             f"(default {DEFAULT_JSON.relative_to(ROOT)})")
    parser.add_argument("--profile", type=Path, default=None, metavar="DIR",
                        help="sample every server process with py-spy during the load rounds "
                             "and write collapsed stacks to DIR (docs/performance.md)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the logs and tracker stores of the run (printed path)")
    args = parser.parse_args(argv)
    if args.quick:
        args.single, args.rounds, args.round_seconds, args.warmup = 20, 2, 6, 3
    if min(args.single, args.rounds, args.users) < 1 or args.round_seconds <= 0:
        parser.error("--single, --rounds, --users and --round-seconds must be positive")

    signal.signal(signal.SIGTERM, _terminate)
    host = machine("start")
    print(f">> Machine: {host['cores_usable']} of {host['cores']} cores, {host['cpu']}; "
          f"load average {host['load_average_start']}", flush=True)
    try:
        model = ensure_moodbot()
        conversations = assistant_conversations()
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="jeugdhulp-bench-"))
    assistant: Optional[Servers] = None
    stock: Optional[StockServer] = None
    ok = False
    try:
        print(">> Starting the assistant (bot/scripts/run.sh) and the stock bot (rasa run) "
              "on free ports ...", flush=True)
        assistant = launch_servers(work, {})
        stock, stock_tracker = launch_stock(model, work)
        ready_a, ready_b = _wait_ready(assistant, stock)
        # The server processes, once: reading /proc for them per message costs the client.
        a_processes, b_processes = assistant_processes(assistant), stock.processes()
        if sorted(a_processes.values()) != ["Rasa server", "action server"] or not b_processes:
            raise BenchError(f"server processes not found: assistant {a_processes}, "
                             f"stock {b_processes}")
        bots = [
            Bot("assistant", assistant.url, work / f"tracker-{assistant.rasa_port}.sqlite3",
                conversations, lambda: a_processes),
            Bot("stock", stock.url, stock_tracker, MOODBOT_CONVERSATIONS, lambda: b_processes),
        ]
        a_bot, b_bot = bots
        print(f">> Ready (assistant {ready_a:.0f} s, stock {ready_b:.0f} s). Warm-up ...",
              flush=True)
        warm = {bot.key: warm_up(bot, args.warmup) for bot in bots}
        reference = bad_input_reference(a_bot)
        memory_idle = {bot.key: bot.memory() for bot in bots}

        print(f">> One user: {args.single} messages to each, alternately ...", flush=True)
        single = single_user(bots, args.single)

        print(f">> {args.users} users: {args.rounds} rounds of {args.round_seconds:g} s per bot "
              "(A B B A ...); bad input during the assistant's first round ...", flush=True)
        rounds: List[Round] = []
        probe = bad_input_probe(a_bot, reference)
        order = [bots[(r // 2 + r) % 2] for r in range(2 * args.rounds)]  # A B B A A B ...
        for i, bot in enumerate(order):
            first_assistant_round = bot is a_bot and not any(r.bot == "assistant"
                                                             for r in rounds)
            profilers = start_profilers(bot, i, args.round_seconds, args.profile)
            rounds.append(load_round(bot, args.users, args.round_seconds, i,
                                     probe if first_assistant_round else None))
            for profiler in profilers:
                profiler.wait(timeout=60)
        memory_load = {bot.key: bot.memory() for bot in bots}
        helpers = helper_processes(assistant)

        summaries = {
            "assistant": summarise(a_bot, single, rounds, warm["assistant"],
                                   memory_idle["assistant"], memory_load["assistant"], ready_a),
            "stock": summarise(b_bot, single, rounds, warm["stock"], memory_idle["stock"],
                               memory_load["stock"], ready_b),
        }
        probe_round = next(r for r in rounds if r.probe is not None)
        bad = probe_round.probe or {}
        under_load = bool(bad.get("under_load"))
        lost = {bot.key: nothing_lost(bot) for bot in bots}
        host.update(machine("end"))
        lines, ratios = table(summaries, args.users)

        bad_ok = under_load and all(bad.get(kind, {}).get("ok") for kind in BAD_INPUTS)
        lost_ok = all(v["ok"] for v in lost.values())
        errors_ok = all(s["errors"] == 0 for s in summaries.values())
        ok = bad_ok and lost_ok and errors_ok

        print()
        print(f"Bench: the assistant next to the stock Rasa {host['rasa']} bot (moodbot), "
              f"interleaved in one run")
        print(f"Machine: {host['cores_usable']} of {host['cores']} cores ({host['cpu']}), "
              f"{host['memory_available_mb']} of {host['memory_total_mb']} MB free; "
              f"load average at start {host['load_average_start']}, at end "
              f"{host['load_average_end']}")
        print()
        print("\n".join(lines))
        print()
        print(f"Other processes of run.sh (bash, log filters; not in the table): "
              f"{sum(helpers.values()):.0f} MB RSS in {len(helpers)} processes")
        print(f"Bad input under the {args.users}-user load "
              + ("(the load ran throughout):" if under_load
                 else "(NOT under load: a user stopped, or no load answer while it ran):"))
        for kind in BAD_INPUTS:
            result = bad.get(kind, {})
            events = (f"events user/bot {result['events_before']['user']}/"
                      f"{result['events_before']['bot']} -> {result['events_after']['user']}/"
                      f"{result['events_after']['bot']}") if result else ""
            verdict = "ok" if result.get("ok") else "FAILED: " + "; ".join(
                result.get("problems") or ["not run"])
            print(f"  {kind:7} {_fmt(result.get('ms', float('nan')), 0):>6} ms, "
                  f"{result.get('replies', 0)} replies ({result.get('reply', '')[:60]!r}), "
                  f"{events}: {verdict}")
        for key, result in lost.items():
            print(f"Nothing lost ({key}): {result['user_events']} user events for "
                  f"{result['messages_answered']} answered messages in "
                  f"{result['conversations']} conversations, {result['bot_events']} bot events"
                  + ("" if result["ok"] else f": FAILED {result['mismatches'][:3]}"))
        if not errors_ok:
            print("Errors: " + "; ".join(f"{k} {s['error_kinds']}" for k, s in summaries.items()
                                         if s["errors"]))
        print("Ratios are assistant / stock; the stock bot is the floor that Rasa itself costs.")

        report = {
            "machine": host,
            "settings": {"single": args.single, "rounds": args.rounds,
                         "round_seconds": args.round_seconds, "users": args.users,
                         "warmup": args.warmup, "quick": args.quick,
                         "assistant_conversations": len(conversations),
                         "stock_model": str(model.relative_to(ROOT))},
            "assistant": summaries["assistant"], "stock": summaries["stock"],
            "ratios_assistant_to_stock": ratios,
            "assistant_run_sh_helpers_rss_mb": helpers,
            "bad_input_under_load": {"under_load": under_load, **bad, "ok": bad_ok},
            "nothing_lost": lost,
            "table": lines,
            "ok": ok,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(_clean_nan(report), indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
        print(f"Written to {args.json}")
    except (BenchError, ServersError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted; stopping the servers", file=sys.stderr)
        return 130
    finally:
        if assistant is not None:
            stop_servers(assistant)
            for name in (f"endpoints.{assistant.rasa_port}.yml",
                         f"credentials.{assistant.rasa_port}.yml"):
                (ROOT / "var" / name).unlink(missing_ok=True)
        if stock is not None:
            stock.stop()
        if ok and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
            if assistant is not None:  # run.sh's copy of the Rasa log
                (ROOT / "var" / "logs" / f"rasa-{assistant.rasa_port}.log").unlink(missing_ok=True)
        else:
            print(f"Logs and tracker stores of this run: {work}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

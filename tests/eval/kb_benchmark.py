"""Latency of the in-process parts: knowledge-base search, redaction, danger detection.

    python -m tests.eval.kb_benchmark [--rounds 20] [--large-rounds 3] [--parts kb,privacy,safety]

Runs every question of the evaluation set (plus bad inputs: empty, 100 kB, punctuation,
SQL-like, other scripts) ``rounds`` times through ``KnowledgeBase.search`` on a warm index
and prints p50 / p95 / max per query, and the same for the structured intervention query.

Then the two steps every message goes through before it is answered, over the message sets
of their tests: the redaction of client details (``jeugdhulp.privacy.redact``: the case
lists of tests/unit/jeugdhulp/privacy/cases.py, the 100 kB message full of client details
and the long unbroken blobs) and the acute-danger detector (``jeugdhulp.safety.assess``: the
case lists of tests/unit/jeugdhulp/safety/cases.py and the 100 kB message of
test_robustness.py). The 100 kB inputs run ``large-rounds`` times. The tests check what
these return; how fast they are is only measured here.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Callable, List, Optional

from jeugdhulp.knowledge import db
from jeugdhulp.knowledge.base import KnowledgeBase
from tests.eval.retrieval import load_questions

BAD_INPUTS = ["", "   ", "?!?!...", "x" * 100_000, "'; DROP TABLE passage; --",
              "<script>alert(1)</script>", "это не голландский вопрос", "\x00\x01\x02"]


def _measure(fn: Callable[[], object], rounds: int) -> List[float]:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _report(label: str, timings: List[float]) -> None:
    timings = sorted(timings)
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    print(f"{label:34} n={len(timings):5}  p50={statistics.median(timings):{_width(timings)}} ms  "
          f"p95={p95:{_width(timings)}} ms  max={timings[-1]:{_width(timings)}} ms")


def _width(timings: List[float]) -> str:
    """Two decimals, three for sub-millisecond figures (the detectors take microseconds)."""
    return "6.3f" if statistics.median(timings) < 1 else "6.2f"


PARTS = ("kb", "privacy", "safety")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--large-rounds", type=int, default=3,
                        help="rounds for the 100 kB inputs of redaction and danger detection")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"comma-separated, of {', '.join(PARTS)} (default: all)")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    if "kb" in parts:
        bench_search(args.rounds)
    if "privacy" in parts:
        bench_redaction(args.rounds, args.large_rounds)
    if "safety" in parts:
        bench_danger(args.rounds, args.large_rounds)
    return 0


def bench_search(rounds: int) -> None:
    kb = KnowledgeBase()
    print(f"database: {db.describe_url(kb.url)}; {len(kb.index.records)} passages, "
          f"{len(kb.index.interventions)} interventions")
    kb.search("warm-up")  # loads the index and the Dutch pipeline
    questions = [q.text for q in load_questions()]
    search_times: List[float] = []
    for text in questions:
        search_times += _measure(lambda: kb.search(text, limit=5), rounds)
    _report("search (question set)", search_times)
    bad_times: List[float] = []
    for text in BAD_INPUTS:
        bad_times += _measure(lambda: kb.search(text, limit=5), rounds)
    _report("search (bad input, incl. 100 kB)", bad_times)
    structured: List[float] = []
    for problem, age in [("verwaarlozing", 8), ("fysieke mishandeling", None),
                         ("getuige van geweld tussen ouders", 10), ("crisis", 4),
                         ("gedragsproblemen", 15)]:
        structured += _measure(lambda: kb.interventions_for(problem, age), rounds)
    _report("interventions_for(problem, age)", structured)


def bench_redaction(rounds: int, large_rounds: int) -> None:
    """``redact`` over the messages of tests/unit/jeugdhulp/privacy/test_redact.py."""
    from jeugdhulp import privacy
    from tests.unit.jeugdhulp.privacy.cases import BLOBS, LARGE_TEXT, NEGATIVE, POSITIVE

    messages = [text for text, _ in POSITIVE] + NEGATIVE
    privacy.reset_fallbacks()
    for text in messages:  # warm up: the word lists and the regex caches
        privacy.redact(text)
    typical: List[float] = []
    for text in messages:
        typical += _measure(lambda: privacy.redact(text), rounds)
    _report(f"redact ({len(messages)} case-list messages)", typical)
    _report("redact (100 kB of client details)",
            _measure(lambda: privacy.redact(LARGE_TEXT), large_rounds))
    blobs: List[float] = []
    for blob in BLOBS:
        blobs += _measure(lambda: privacy.redact(blob), large_rounds)
    _report("redact (100 kB unbroken blobs)", blobs)
    if privacy.fallbacks():  # a figure of the coarse fallback would mean nothing
        print(f"WARNING: redaction fell back {privacy.fallbacks()} times (see the log)")


def bench_danger(rounds: int, large_rounds: int) -> None:
    """``assess`` over the messages of tests/unit/jeugdhulp/safety/test_robustness.py."""
    from jeugdhulp.safety import assess
    from tests.unit.jeugdhulp.safety.cases import ACUTE, NOT_ACUTE
    from tests.unit.jeugdhulp.safety.test_robustness import LARGE_MESSAGE

    messages = ACUTE + NOT_ACUTE
    for text in messages:  # warm up the regex caches
        assess(text)
    typical: List[float] = []
    for text in messages:
        typical += _measure(lambda: assess(text), rounds)
    _report(f"assess ({len(messages)} case-list messages)", typical)
    _report("assess (100 kB message)", _measure(lambda: assess(LARGE_MESSAGE), large_rounds))


if __name__ == "__main__":
    sys.exit(main())

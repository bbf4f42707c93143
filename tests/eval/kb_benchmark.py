"""Search latency over the full knowledge base.

    python -m tests.eval.kb_benchmark [--rounds 20]

Runs every question of the evaluation set (plus bad inputs: empty, 100 kB, punctuation,
SQL-like, other scripts) ``rounds`` times through ``KnowledgeBase.search`` on a warm index
and prints p50 / p95 / max per query, and the same for the structured intervention query.
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
    print(f"{label:34} n={len(timings):5}  p50={statistics.median(timings):6.2f} ms  "
          f"p95={p95:6.2f} ms  max={timings[-1]:6.2f} ms")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    kb = KnowledgeBase()
    print(f"database: {db.describe_url(kb.url)}; {len(kb.index.records)} passages, "
          f"{len(kb.index.interventions)} interventions")
    kb.search("warm-up")  # loads the index and the Dutch pipeline
    questions = [q.text for q in load_questions()]
    search_times: List[float] = []
    for text in questions:
        search_times += _measure(lambda: kb.search(text, limit=5), args.rounds)
    _report("search (question set)", search_times)
    bad_times: List[float] = []
    for text in BAD_INPUTS:
        bad_times += _measure(lambda: kb.search(text, limit=5), args.rounds)
    _report("search (bad input, incl. 100 kB)", bad_times)
    structured: List[float] = []
    for problem, age in [("verwaarlozing", 8), ("fysieke mishandeling", None),
                         ("getuige van geweld tussen ouders", 10), ("crisis", 4),
                         ("gedragsproblemen", 15)]:
        structured += _measure(lambda: kb.interventions_for(problem, age), args.rounds)
    _report("interventions_for(problem, age)", structured)
    return 0


if __name__ == "__main__":
    sys.exit(main())

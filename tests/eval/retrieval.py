"""Retrieval quality of the knowledge-base search, measured on the project's question set.

    python -m tests.eval.retrieval [--questions tests/eval/questions.yml] [--verbose]

For every question the set names the passage(s) that answer it. Reported: top-1 and top-3
hit rates of our search, and of a plain BM25 baseline over the raw source paragraphs
(lower-cased words, no lemmas, no synonyms, no typo tolerance): a baseline paragraph counts
as a hit when it contains an expected passage's text (or lies within it).
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml
from rank_bm25 import BM25Okapi

from jeugdhulp.knowledge import content
from jeugdhulp.knowledge.base import KnowledgeBase

QUESTIONS_FILE = Path(__file__).resolve().parent / "questions.yml"


@dataclass
class Question:
    text: str
    expected: List[str]  # passage keys; any of them answers the question
    style: str = "formal"
    guideline: Optional[str] = None
    tags: List[str] = field(default_factory=list)


def load_questions(path: Path = QUESTIONS_FILE) -> List[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = []
    for item in data["questions"]:
        questions.append(Question(
            text=item["q"], expected=list(item["expected"]), style=item.get("style", "formal"),
            guideline=item.get("guideline"), tags=list(item.get("tags") or [])))
    return questions


def _words(text: str) -> List[str]:
    return re.findall(r"\w+", text.lower())


class Baseline:
    """Plain BM25 over the raw source paragraphs (non-empty lines of the page dumps)."""

    def __init__(self) -> None:
        self.paragraphs: List[str] = []
        for path in sorted(content.SOURCES_DIR.glob("*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                line = content.normalize_space(line)
                if len(_words(line)) >= 3:
                    self.paragraphs.append(line)
        self.bm25 = BM25Okapi([_words(p) for p in self.paragraphs])

    def top(self, question: str, k: int) -> List[str]:
        words = _words(question)
        if not words:
            return []
        scores = self.bm25.get_scores(words)
        ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
        return [self.paragraphs[i] for i in ranked[:k] if scores[i] > 0]


def _paragraph_hits(paragraph: str, expected_texts: Sequence[str]) -> bool:
    return any(t in paragraph or paragraph in t for t in expected_texts)


@dataclass
class Result:
    top1: int = 0
    top3: int = 0
    misses: List[Tuple[str, List[str]]] = field(default_factory=list)


def evaluate(kb: KnowledgeBase, questions: Sequence[Question]) -> Dict[str, Result]:
    ours, baseline_result = Result(), Result()
    baseline = Baseline()
    for q in questions:
        expected_texts = [kb.record(k).text for k in q.expected]
        keys = [h.passage.key for h in kb.search(q.text, limit=3)]
        if keys[:1] and keys[0] in q.expected:
            ours.top1 += 1
        if any(k in q.expected for k in keys):
            ours.top3 += 1
        else:
            ours.misses.append((q.text, keys))
        paragraphs = baseline.top(q.text, 3)
        if paragraphs and _paragraph_hits(paragraphs[0], expected_texts):
            baseline_result.top1 += 1
        if any(_paragraph_hits(p, expected_texts) for p in paragraphs):
            baseline_result.top3 += 1
        else:
            baseline_result.misses.append((q.text, [p[:60] for p in paragraphs]))
    return {"ours": ours, "baseline": baseline_result}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, default=QUESTIONS_FILE)
    parser.add_argument("--verbose", action="store_true", help="list the misses")
    args = parser.parse_args(argv)
    questions = load_questions(args.questions)
    kb = KnowledgeBase()
    results = evaluate(kb, questions)
    n = len(questions)
    print(f"{n} vragen ({args.questions})")
    print(f"{'':24}{'top-1':>8}{'top-3':>8}")
    for name, label in (("ours", "lemma-zoeken (ons)"), ("baseline", "BM25 op ruwe tekst")):
        r = results[name]
        print(f"{label:24}{r.top1 / n:>8.1%}{r.top3 / n:>8.1%}")
    if args.verbose:
        for name in ("ours", "baseline"):
            print(f"\nMisses ({name}):")
            for text, got in results[name].misses:
                print(f"  - {text}\n      got: {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

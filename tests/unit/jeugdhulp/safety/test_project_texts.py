"""The project's own texts never trigger the detector: guideline passages, evaluation
questions, NLU examples (except the danger intent's, which all do)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from jeugdhulp.safety import MAX_CHARS, assess

ROOT = Path(__file__).resolve().parents[4]


def _eval_questions():
    data = yaml.safe_load((ROOT / "tests" / "eval" / "questions.yml").read_text(encoding="utf-8"))
    return [q["q"] for q in data["questions"]]


def _guideline_sentences():
    """Every sentence of the five guideline sources and every passage of the knowledge base."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "knowledge" / "sources").glob("*.txt"))]
    passages = 0
    for path in sorted((ROOT / "knowledge" / "content" / "guidelines").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in (data or {}).get("sections", []) or []:
            for passage in section.get("passages", []) or []:
                if passage.get("text"):
                    texts.append(passage["text"])
                    passages += 1
    assert passages >= 200, "the guideline files' passages were not found"
    sentences = []
    for text in texts:
        sentences.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if s.strip())
    return sentences


def _nlu_examples():
    """The NLU training examples by intent (entity markup removed)."""
    examples = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu", []) or []:
            if "intent" in item:
                lines = [l.strip()[2:] for l in item["examples"].splitlines() if l.strip().startswith("- ")]
                lines = [re.sub(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}", lambda m: m.group(1) or m.group(2), l)
                         for l in lines]
                examples.setdefault(item["intent"], []).extend(lines)
    return examples


def test_project_eval_questions_do_not_trigger():
    questions = _eval_questions()
    assert len(questions) > 50
    alarms = [(q, assess(q).reasons) for q in questions if assess(q).acute]
    assert alarms == []


def test_nlu_danger_examples_agree_with_the_detector():
    """The NLU's own danger examples get the card; none of its other examples do."""
    examples = _nlu_examples()
    danger = examples.pop("report_danger", [])
    if not danger:
        pytest.skip("no report_danger intent in data/nlu")
    missed = [t for t in danger if not assess(t).acute]
    alarms = [(intent, t, assess(t).reasons) for intent, ts in examples.items() for t in ts if assess(t).acute]
    assert missed == [] and alarms == []


def test_guideline_sentences_do_not_trigger():
    """Questions quoting the guidelines must not trigger: the guidelines themselves never do."""
    sentences = _guideline_sentences()
    assert len(sentences) > 200
    alarms = [(s[:100], assess(s).reasons) for s in sentences if assess(s).acute]
    assert alarms == []
    # nor a question built around a quoted guideline sentence
    for s in sentences[::7]:
        q = f'In de richtlijn staat: "{s}" Wat betekent dat voor mijn werk?'
        assert not assess(q).acute, (q, assess(q).reasons)


def test_danger_inside_a_long_guideline_question_is_found():
    filler = " ".join(_guideline_sentences()[:40])
    text = f"{filler} Ik zit nu bij het gezin en vader slaat de baby waar ik bij sta. {filler}"
    assert len(text) < MAX_CHARS
    assert assess(text).acute

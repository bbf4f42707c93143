"""Messages in another language than Dutch (jeugdhulp/nlu/language.py): recognised, while Dutch
questions full of English jargon ("Signs of Safety", "Families First") stay Dutch."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from jeugdhulp.nlu.language import detect


def is_foreign(text, spans=()):
    """The detector's verdict on its own (what the OtherLanguageClassifier acts on)."""
    return detect(text, spans).foreign

ROOT = Path(__file__).resolve().parents[4]

FOREIGN = [
    "What is the best intervention for neglect?",
    "How do I start a first conversation with a family?",
    "what can you do?",
    "Can you help me",
    "Which intervention works for children who witness violence?",
    "Is MST-CAN effective for a child of 8?",
    "Wie beginne ich das erste Gespräch mit der Familie?",
    "Welche Hilfe bekommen Eltern bei Vernachlässigung?",
    "Comment commencer le premier entretien avec la famille?",
    "¿Qué intervención para un niño de 8 años?",
    "Как начать разговор с семьей?",
    "كيف أبدأ المحادثة مع العائلة؟",
    "如何与家庭开始第一次谈话？",
]

DUTCH = [
    "Wat is MST-CAN?",
    "Signs of Safety?",
    "is signs of safety bewezen effectief",
    "families first?",
    "Family First voor welke leeftijd?",
    "Hoe effectief is Multisysteem Therapie Child Abuse & Neglect?",
    "Wat zegt de richtlijn over the best interests of the child?",
    "wat is good practice volgens de KJP?",
    "welke interventie bij verwaarlozing, kind van 8?",
    "hoi", "help", "stop", "thanks", "ok", "the people", "", "/help", "😀😀😀",
    "[NAAM] wordt geslagen door zijn vader",
]


@pytest.mark.parametrize("text", FOREIGN)
def test_other_languages_are_recognised(text):
    assert is_foreign(text), detect(text)


@pytest.mark.parametrize("text", DUTCH)
def test_dutch_with_english_jargon_stays_dutch(text):
    assert not is_foreign(text), detect(text)


def test_entity_spans_are_left_out():
    text = "Functional Family Therapy for children?"
    assert not is_foreign("Wat is Functional Family Therapy?")
    start = text.index("for")
    assert is_foreign("Which families does Functional Family Therapy help?")
    assert not is_foreign(text, [(0, start + 3)])  # only "children?" is left


def _examples():
    """Every Dutch NLU training example and every question of the question set."""
    annotated = re.compile(r"\[([^\]]+)\](?:\([^)]+\)|\{[^}]+\})")
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if block.get("intent") == "other_language":
                continue
            for line in (block.get("examples") or "").splitlines():
                line = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
                if line:
                    yield path.name, annotated.sub(r"\1", line)
    questions = yaml.safe_load((ROOT / "tests" / "eval" / "questions.yml").read_text("utf-8"))
    for item in questions.get("questions") or questions:
        if isinstance(item, dict) and isinstance(item.get("q"), str):
            yield "questions.yml", item["q"]


def test_no_dutch_training_example_or_question_is_taken_for_another_language():
    examples = list(_examples())
    assert len(examples) > 1500
    assert sum(1 for name, _ in examples if name == "questions.yml") >= 60
    flagged = [(name, text) for name, text in examples if is_foreign(text)]
    assert not flagged, flagged[:10]


def _intent_examples(intent: str):
    annotated = re.compile(r"\[([^\]]+)\](?:\([^)]+\)|\{[^}]+\})")
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if block.get("intent") == intent:
                for line in (block.get("examples") or "").splitlines():
                    if line.strip().startswith("- "):
                        yield annotated.sub(r"\1", line.strip()[2:].strip())


def test_the_training_labels_agree_with_the_detector():
    """The other_language examples are all recognised, and the out_of_scope ones (Dutch, or
    a language the detector does not cover, such as short Turkish) are not: the labels in
    the cross-validation are what the pipeline really predicts."""
    foreign = list(_intent_examples("other_language"))
    assert len(foreign) >= 25
    assert [t for t in foreign if not is_foreign(t)] == []
    out_of_scope = list(_intent_examples("out_of_scope"))
    assert len(out_of_scope) >= 50
    assert [t for t in out_of_scope if is_foreign(t)] == []


def _classified(text, intent, ranking, entities=()):
    from rasa.shared.nlu.training_data.message import Message

    from jeugdhulp.nlu.components import OtherLanguageClassifier

    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9},
                            "intent_ranking": ranking, "entities": list(entities)})
    OtherLanguageClassifier().process([message])
    return message.get("intent")["name"], [r["name"] for r in message.get("intent_ranking")]


def test_the_component_sets_and_unsets_other_language():
    ranking = [{"name": "ask_interventions_for", "confidence": 0.9},
               {"name": "out_of_scope", "confidence": 0.1}]
    assert _classified("What is the best intervention for neglect?", "ask_interventions_for",
                       ranking) == ("other_language", ["other_language",
                                                       "ask_interventions_for", "out_of_scope"])
    # DIET says other_language, the detector says Dutch: the next intent is taken.
    assert _classified("Signs of Safety?", "other_language",
                       [{"name": "other_language", "confidence": 0.6},
                        {"name": "ask_intervention", "confidence": 0.3}]) == \
        ("ask_intervention", ["ask_intervention"])
    # An entity (an English name) is not counted.
    text = "Functional Family Therapy for children?"
    assert _classified(text, "ask_intervention", ranking,
                       [{"entity": "intervention", "start": 0, "end": 29}])[0] == \
        "ask_intervention"

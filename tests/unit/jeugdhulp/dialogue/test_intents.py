"""The intent table (jeugdhulp/dialogue/intents.py) is the one place that says what an
intent means: it must hold exactly the intents of domain.yml, and everything else that
names intents (the answering handlers, the quick commands, the rules and stories) must use
intents of the table."""
from pathlib import Path

import pytest
import yaml

from jeugdhulp.channels.guard import COMMANDS
from jeugdhulp.dialogue import answering, intents
from jeugdhulp.knowledge.rules import rules

ROOT = Path(__file__).resolve().parents[4]


def _domain_intents():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return [i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]]


def test_the_table_holds_exactly_the_intents_of_the_domain():
    domain = _domain_intents()
    assert sorted(intents.INTENTS) == sorted(domain)
    assert len(domain) == len(set(domain))


def test_every_intent_has_a_known_kind_and_its_attributes_fit_it():
    for info in intents.INTENTS.values():
        assert info.kind in intents.KINDS, info
        if info.structure:
            assert info.kind == "question" and info.structure in rules().structures, info
        if info.about_intervention or info.guideline:
            assert info.kind == "question", info


def test_every_handler_is_for_an_intent_answered_from_the_guidelines_or_a_follow_up():
    for name in answering.HANDLERS:
        assert intents.kind_of(name) in ("question", "lookup", "follow_up"), name
    answered = {n for n, i in intents.INTENTS.items() if i.kind in ("question", "lookup")}
    assert answered <= set(answering.HANDLERS)
    structures = {i.structure for i in intents.INTENTS.values() if i.structure}
    assert structures <= set(answering.STRUCTURES)


def test_quick_commands_lead_to_intents_of_the_table():
    for command, (intent, _) in COMMANDS.items():
        assert intent in intents.INTENTS, command


@pytest.mark.parametrize("folder", ["data/rules", "data/stories", "tests/stories"])
def test_rules_and_stories_use_intents_of_the_table(folder):
    used = set()
    for path in (ROOT / folder).glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in [*(data.get("rules") or []), *(data.get("stories") or [])]:
            used |= {step["intent"] for step in block.get("steps") or [] if "intent" in step}
    assert used, folder
    assert used - {"nlu_fallback"} <= set(intents.INTENTS)


def test_the_next_best_intent_leaves_out_the_fallback_and_what_is_asked():
    parse = {"intent_ranking": [{"name": "nlu_fallback", "confidence": 0.6},
                                {"name": "report_danger", "confidence": 0.3},
                                {"name": "ask_guideline", "confidence": 0.1}, "broken"]}
    assert intents.next_best(parse) == {"name": "report_danger", "confidence": 0.3}
    assert intents.next_best(parse, excluding=["report_danger"])["name"] == "ask_guideline"
    assert intents.next_best({}) == {} and intents.next_best(None) == {}
    assert [r["name"] for r in intents.ranked(parse)] == ["report_danger", "ask_guideline"]

"""The rules as data (jeugdhulp/safety/rules.yml, loaded by jeugdhulp.safety.loader)."""
from __future__ import annotations

import re

import pytest

from jeugdhulp.safety.loader import RULES_FILE, load_rules
from jeugdhulp.safety.ruleset import RulesError


def test_rule_table_is_consistent():
    from jeugdhulp.safety.engine import RULESET

    CUES, RULES = RULESET.cues, RULESET.rules
    NEEDS_CONTEXT, ACUTE_ALONE = RULESET.needs_context, RULESET.acute_alone
    assert len(RULES) >= 10 and CUES and NEEDS_CONTEXT and ACUTE_ALONE
    for rule in RULES:
        assert rule.danger in CUES, rule
        assert rule.context is None or rule.context.lstrip("*") in CUES, rule
        assert rule.danger in NEEDS_CONTEXT + ACUTE_ALONE, rule
        # danger that needs context never fires alone, and vice versa
        assert (rule.context is None) == (rule.danger in ACUTE_ALONE), rule


def test_rules_file_loads_and_every_regex_compiles():
    rules = load_rules(RULES_FILE)
    assert len(rules.cues) >= 40 and len(rules.rules) >= 50 and len(rules.suppressors) >= 5
    for name, source in rules.cues.items():
        assert re.compile(source).pattern == rules.patterns[name].pattern, name
        assert "{" not in re.sub(r"\{\d*,?\d*\}", "", source), f"unexpanded placeholder in {name}"
    for s in rules.suppressors:
        assert s.cue is None or s.cue in rules.cues, s
        assert all(c in rules.cues for c in s.unless), s
    assert rules.habitual.search("dat gebeurt al jaren")
    assert rules.tense.lexicon["sloeg"] == "past" and rules.tense.lexicon["slaad"] == "pres"
    assert rules.tense.lexicon["mishandeld"] == "part"  # a real form wins over a d/t typo


def _write_rules(tmp_path, old: str, new: str):
    text = RULES_FILE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "rules.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, names", [
    # a regex that does not compile: the cue and the alternative are named
    ("      - 'bont en blauw'", "      - 'bont en (blauw'", ["cues.needs_context.geweld[7]", "does not compile"]),
    # a rule that refers to a cue that does not exist
    ("context: getuige_verleden, window: 10}", "context: getuige_verleeden, window: 10}",
     ["rules[3] (geweld nu)", "getuige_verleeden"]),
    # a placeholder nobody defined
    ("'{violence_verbs}'", "'{violent_verbs}'", ["cues.needs_context.geweld[0]", "{violent_verbs}"]),
    # a word list with a number in it (YAML reads 112 as an int)
    ("wort], reach: 4}", "wort, 112], reach: 4}", ["tense.passive.words[4]", "112"]),
    # a cue defined twice
    ("    angst:\n", "    angst:\n      - 'bang'\n    angst:\n", ["duplicate key 'angst'"]),
    # an acute danger given a context
    ("{label: wapen, danger: wapen}", "{label: wapen, danger: wapen, context: nu}", ["rules[17] (wapen).context", "no context"]),
    # a misspelt section
    ("\ncue_groups:\n", "\ncue_group:\n", ["top level", "cue_group"]),
    # a suppressor that does not say where to look
    ("where: near, window: 30, unless: {groups: [present]", "where: nearby, window: 30, unless: {groups: [present]",
     ["suppressors[6].where", "nearby"]),
])
def test_malformed_rules_file_names_the_entry(tmp_path, old, new, names):
    path = _write_rules(tmp_path, old, new)
    with pytest.raises(RulesError) as info:
        load_rules(path)
    message = str(info.value)
    assert message.startswith("rules.yml"), message
    for name in names:
        assert name in message, message


def test_unreadable_rules_file_is_a_rules_error(tmp_path):
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "missing.yml")
    bad = tmp_path / "rules.yml"
    bad.write_text("cues: [unclosed\n", encoding="utf-8")
    with pytest.raises(RulesError, match="rules.yml: cannot read"):
        load_rules(bad)

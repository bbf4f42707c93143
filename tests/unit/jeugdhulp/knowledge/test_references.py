"""Content outside the guideline files points into the knowledge base (answers.yml,
quiz.yml, names.yml): every reference must resolve, and one that does not is reported by
`knowledge check` with its place, never silently dropped."""
import pytest
import yaml

from jeugdhulp import cli
from jeugdhulp.knowledge import references, rules, vocabulary
from jeugdhulp.knowledge.references import Reference


def test_every_reference_of_the_content_resolves(kb):
    found = cli.content_references()
    kinds = {r.kind for r in found}
    assert {"passage", "collection", "topic", "guideline"} <= kinds
    assert any(r.where.startswith("quiz.yml") for r in found), "no quiz references read"
    assert references.unresolved(found, kb.index, vocabulary.problems()) == []


def test_a_renamed_passage_is_reported_with_its_place(kb, tmp_path, monkeypatch):
    data = yaml.safe_load(rules.RULES_FILE.read_text(encoding="utf-8"))
    data["escalation"]["passages"][0] += "-hernoemd"
    data["structures"]["neglect_help"]["collection"] = "bestaat-niet"
    data["overview_topics"].append("geen_onderwerp")
    data["interventions_asked"]["problems"].append("geen_probleem")
    broken = tmp_path / "answers.yml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(rules, "RULES_FILE", broken)
    found = rules.references(rules.load(broken))
    problems = references.unresolved(found, kb.index, vocabulary.problems())
    assert any("answers.yml: escalation" in p and "-hernoemd" in p for p in problems)
    assert any("structures.neglect_help" in p and "bestaat-niet" in p for p in problems)
    assert any("overview_topics" in p and "geen_onderwerp" in p for p in problems)
    assert any("interventions_asked" in p and "geen_probleem" in p for p in problems)
    assert len(problems) == 4
    assert cli.reference_problems(kb.url) == problems


def test_unknown_kinds_and_targets_are_named():
    class Index:
        by_key, collections, topics, interventions, records = {"a/b/c": 1}, {}, {}, {}, []
    found = [Reference("x.yml: item 1", "passage", "a/b/c"),
             Reference("x.yml: item 2", "passage", "a/b/d"),
             Reference("x.yml: item 3", "colour", "rood")]
    assert references.unresolved(found, Index, []) == [
        "x.yml: item 2: no passage 'a/b/d'", "x.yml: item 3: unknown kind of reference 'colour'"]


def test_a_broken_rules_file_names_the_entry(tmp_path):
    data = yaml.safe_load(rules.RULES_FILE.read_text(encoding="utf-8"))
    data["effect_words"] = "(niet gesloten"
    path = tmp_path / "answers.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(rules.RulesError, match="effect_words"):
        rules.load(path)


def test_names_list_mistakes_are_named(tmp_path):
    assert vocabulary.problems_of_names(vocabulary.load_names()) == []
    data = yaml.safe_load(vocabulary.NAMES_FILE.read_text(encoding="utf-8"))
    data["interventions"][0]["aliases"].append("Niet Gespeld")
    data["interventions"][1]["spellings"].append(data["interventions"][1]["spellings"][0])
    path = tmp_path / "names.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    mistakes = vocabulary.problems_of_names(vocabulary.load_names(path))
    assert any("Niet Gespeld" in m for m in mistakes)
    assert any("listed twice" in m for m in mistakes)

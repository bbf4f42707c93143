"""`python -m knowledge lint FILE`: an editor's check of one content file without a
database. Every kind of mistake is named with its place; the real files are clean."""
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from jeugdhulp.knowledge import check, content

ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize("path", [*content.guideline_files(), content.TOPICS_FILE],
                         ids=lambda p: p.name)
def test_every_content_file_is_clean(path):
    assert check.lint_file(path) == []


def _edited(tmp_path, edit, name="kindermishandeling.yml"):
    data = yaml.safe_load((content.GUIDELINES_DIR / name).read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return [str(p) for p in check.lint_file(path)]


def _first_passage(data):
    return data["sections"][0]["passages"][0]


def test_a_passage_that_is_not_verbatim_is_named(tmp_path):
    refs = []

    def reword(data):
        passage = _first_passage(data)
        passage["text"] = "Dit staat er niet. " + passage["text"].replace(" ", "  ", 1)
        refs.append(f"{data['sections'][0]['slug']}/{passage['id']}")
    problems = _edited(tmp_path, reword)
    assert [p for p in problems if "is not verbatim" in p] == [
        f"passage {refs[0]}: is not verbatim: «{p.split('«', 1)[1]}"
        for p in problems if "is not verbatim" in p]
    assert any(p.startswith(f"passage {refs[0]}: is not verbatim: «Dit staat er niet.")
               for p in problems)


def test_an_unknown_topic_problem_section_and_effectiveness_are_named(tmp_path):
    def spoil(data):
        _first_passage(data)["topics"] = ["geen_onderwerp"]
        data["interventions"][0]["section"] = "geen-sectie"
        data["interventions"][0]["problems"] = ["geen_probleem"]
        data["interventions"][0]["effectiveness"] = "wonderbaarlijk"
    problems = _edited(tmp_path, spoil)
    first = yaml.safe_load((content.GUIDELINES_DIR / "kindermishandeling.yml").read_text())
    intervention = first["interventions"][0]["id"]
    assert any("unknown topic 'geen_onderwerp'" in p for p in problems)
    assert f"intervention {intervention}: no section 'geen-sectie'" in problems
    assert any(p.startswith(f"intervention {intervention}: unknown problem 'geen_probleem'")
               for p in problems)
    assert any(p.startswith(f"intervention {intervention}: effectiveness must be one of")
               for p in problems)


def test_a_reference_to_a_missing_passage_is_named(tmp_path):
    def spoil(data):
        data["collections"][0]["items"][0] = "toelichting/bestaat-niet"
        data["interventions"][0]["evidence"] = ["samen-beslissen:geen/passage"]
    problems = _edited(tmp_path, spoil)
    assert any("no passage 'toelichting/bestaat-niet'" in p for p in problems)
    assert any("no passage 'samen-beslissen:geen/passage'" in p for p in problems)


def test_a_source_sentence_that_is_nowhere_is_named(tmp_path):
    def drop(data):
        data["sections"][0]["passages"].pop(0)
    first = _first_passage(yaml.safe_load(
        (content.GUIDELINES_DIR / "kindermishandeling.yml").read_text()))
    problems = _edited(tmp_path, drop)
    assert any(p.startswith("not covered:") for p in problems), problems
    assert any(first["text"].split()[0] in p for p in problems if p.startswith("not covered"))


def test_a_file_that_cannot_be_read_says_so(tmp_path):
    path = tmp_path / "kapot.yml"
    path.write_text("guideline: [niet afgesloten\n", encoding="utf-8")
    problems = [str(p) for p in check.lint_file(path)]
    assert len(problems) == 1 and "cannot be read" in problems[0]
    path.write_text("sections: []\n", encoding="utf-8")
    assert [str(p) for p in check.lint_file(path)] == ["'guideline' is missing"]


def test_the_command_line_exits_non_zero_and_names_the_file(tmp_path):
    good = content.GUIDELINES_DIR / "samen-beslissen.yml"
    bad = tmp_path / "kapot.yml"
    bad.write_text("sections: []\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "knowledge", "lint", str(good), str(bad)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 1
    assert f"{good}: in orde" in run.stdout
    assert f"{bad}: 'guideline' is missing" in run.stderr

"""``python -m knowledge import`` on a copy of knowledge/ (JEUGDHULP_KNOWLEDGE_DIR): --apply
writes the new source and wording and passes the check; it refuses, and writes nothing, when
a gone passage is still pointed at, when the check fails (the previous files come back) and
for every kind of bad input. The real knowledge/ is never touched."""
import hashlib
import shutil
import subprocess
import sys
import zipfile

import pytest
import yaml

from jeugdhulp.knowledge.revision import pointers
from jeugdhulp.paths import KNOWLEDGE_DIR
from tests.conftest import ROOT
from tests.unit.jeugdhulp.knowledge.test_revision import (
    NEW_PARAGRAPH,
    normalized_source,
    pick,
    replace_once,
    revised_copy,
    spec_of,
)


def digest(folder):
    """A hash of every file under ``folder`` (names and bytes)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def real_digest():
    return digest(KNOWLEDGE_DIR)


@pytest.fixture
def knowledge_copy(tmp_path, real_digest):
    """A copy of knowledge/content and knowledge/sources; afterwards the real ones are
    checked to be as they were."""
    copy = tmp_path / "knowledge"
    for name in ("content", "sources"):
        shutil.copytree(KNOWLEDGE_DIR / name, copy / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    yield copy
    assert digest(KNOWLEDGE_DIR) == real_digest, "the real knowledge/ was changed"


def run_import(copy, *args):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false",
           "JEUGDHULP_KNOWLEDGE_DIR": str(copy),
           "DATABASE_URL": f"sqlite:///{copy.parent / 'unused.sqlite3'}"}
    return subprocess.run([sys.executable, "-m", "knowledge", "import", *map(str, args)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def unpointed_guideline(specs, references):
    """A guideline with a passage that nothing but its example questions points at (it may
    go once they are taken out: ``without_examples``), and that passage."""
    pointed = pointers.by_passage([r for r in references
                                   if not r.where.startswith("questions/")], specs)
    for spec in specs:
        source = normalized_source(spec)
        for p in spec.passages():
            if f"{spec.id}/{p.ref}" not in pointed and source.count(p.text) == 1:
                return spec, p
    raise AssertionError("every passage is pointed at: no passage can go")


def without_examples(copy, key):
    """Takes the example questions of passage ``key`` out of the copy's questions files."""
    from jeugdhulp.knowledge import examples

    for path in (copy / "content" / "questions").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        kept = [e for e in data["questions"] if e["passage"] != key]
        if len(kept) != len(data["questions"]):
            path.write_text(yaml.safe_dump({"questions": kept}, allow_unicode=True),
                            encoding="utf-8")
    assert key not in examples.by_passage(examples.load(copy / "content" / "questions"))


def test_apply_updates_the_wording_keeps_the_keys_and_replaces_the_source(
        knowledge_copy, tmp_path, specs, references):
    spec, removable = unpointed_guideline(specs, references)
    without_examples(knowledge_copy, f"{spec.id}/{removable.ref}")
    source = normalized_source(spec)
    reworded = pick(spec, source, references, specs, skip={removable.ref})
    new_wording = reworded.text.replace(" ", " ook ", 1)
    copy = replace_once(source, reworded.text, new_wording)
    copy = replace_once(copy, removable.text, "") + f"\n{NEW_PARAGRAPH}\n"
    saved = tmp_path / "nieuw.txt"
    saved.write_text(copy, encoding="utf-8")
    yml = knowledge_copy / "content" / "guidelines" / spec.file.name
    before = yml.read_text(encoding="utf-8")

    result = run_import(knowledge_copy, spec.id, saved, "--apply", "--date", "2026-12-03")

    assert result.returncode == 0, result.stderr + result.stdout
    assert "In orde" in result.stdout and "Nog te doen" in result.stdout
    after = yml.read_text(encoding="utf-8")
    data = yaml.safe_load(after)
    texts = {f"{s['slug']}/{p['id']}": " ".join(p["text"].split())
             for s in data["sections"] for p in s["passages"]}
    assert [s["slug"] for s in data["sections"]] == [s.slug for s in spec.sections]
    assert set(texts) == {p.ref for p in spec.passages()} - {removable.ref}
    assert texts[reworded.ref] == new_wording
    assert all(texts[p.ref] == p.text for p in spec.passages()
               if p.ref not in (reworded.ref, removable.ref))
    assert str(data["guideline"]["retrieved"]) == "2026-12-03"
    comments = [line for line in before.splitlines() if line.strip().startswith("#")]
    assert comments == [line for line in after.splitlines() if line.strip().startswith("#")]
    assert (knowledge_copy / "sources" / spec.source).read_text(encoding="utf-8") == copy


def test_apply_refuses_while_a_gone_passage_is_pointed_at(knowledge_copy, tmp_path, specs,
                                                          references):
    spec = spec_of(specs, "samen-beslissen")
    copy, made = revised_copy(spec, references, specs)
    saved = tmp_path / "nieuw.txt"
    saved.write_text(copy, encoding="utf-8")
    before = digest(knowledge_copy)

    result = run_import(knowledge_copy, spec.id, saved, "--apply")

    assert result.returncode == 1
    key = f"{spec.id}/{made['removed'].ref}"
    assert f"{key} is verdwenen, maar oefenvraag (quiz.yml:" in result.stderr
    assert "praktijktaal (practice.yml:" in result.stderr
    assert "--apply is geweigerd, er is niets gewijzigd" in result.stderr
    assert digest(knowledge_copy) == before


def test_a_failing_check_puts_the_previous_files_back(knowledge_copy, tmp_path, specs,
                                                     references):
    spec = spec_of(specs, "samen-beslissen")
    source = normalized_source(spec)
    reworded = pick(spec, source, references, specs)
    saved = tmp_path / "nieuw.txt"
    saved.write_text(replace_once(source, reworded.text, reworded.text.replace(" ", " ook ", 1)),
                     encoding="utf-8")
    # a mistake only the check sees: topics of the passages that topics.yml no longer has
    topics = knowledge_copy / "content" / "topics.yml"
    data = yaml.safe_load(topics.read_text(encoding="utf-8"))
    used = {t for p in spec.passages() for t in p.topics}
    kept = [t for t in data["topics"] if t["id"] not in used]
    assert len(kept) < len(data["topics"])
    topics.write_text(yaml.safe_dump({**data, "topics": kept}, allow_unicode=True),
                      encoding="utf-8")
    before = digest(knowledge_copy)

    result = run_import(knowledge_copy, spec.id, saved, "--apply")

    assert result.returncode == 1, result.stdout
    assert "zijn teruggezet" in result.stderr
    assert digest(knowledge_copy) == before


def bad_inputs(tmp_path, specs):
    samen = spec_of(specs, "samen-beslissen")
    other = spec_of(specs, "kindermishandeling")
    lines = normalized_source(samen).splitlines()
    files = {
        "leeg.txt": b"",
        "afbeelding.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40),
        "latin1.txt": "\n".join(lines).encode("cp1252", errors="replace"),
        "afgekapt.txt": "\n".join(lines[:len(lines) // 5]).encode("utf-8"),
        "andere.txt": other.source_path.read_bytes(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with zipfile.ZipFile(tmp_path / "pagina.zip", "w") as archive:
        archive.writestr("pagina.txt", "\n".join(lines))
    return samen


@pytest.mark.parametrize("guideline,name,expected", [
    ("bestaat-niet", "leeg.txt", "Onbekende richtlijn 'bestaat-niet'. Kies een van:"),
    (None, "weg.txt", "Bestand niet gevonden"),
    (None, "leeg.txt", "is leeg"),
    (None, "afbeelding.png", "is geen tekstbestand"),
    (None, "pagina.zip", "is geen tekstbestand"),
    (None, "latin1.txt", "geen leesbare tekst in UTF-8"),
    (None, "afgekapt.txt", "Het bestand lijkt afgekapt"),
    (None, "andere.txt", "Dit lijkt een kopie van Richtlijn Kindermishandeling "
                         "(kindermishandeling)"),
])
def test_bad_input_gets_a_dutch_message_and_changes_nothing(
        knowledge_copy, tmp_path, specs, guideline, name, expected):
    spec = bad_inputs(tmp_path, specs)
    before = digest(knowledge_copy)
    result = run_import(knowledge_copy, guideline or spec.id, tmp_path / name, "--apply")
    assert result.returncode == 2, result.stdout
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(knowledge_copy) == before


def test_a_bad_date_is_refused(knowledge_copy, tmp_path, specs):
    spec = spec_of(specs, "samen-beslissen")
    before = digest(knowledge_copy)
    result = run_import(knowledge_copy, spec.id, spec.source_path, "--apply", "--date",
                        "3 december")
    assert result.returncode == 2
    assert "'3 december' is geen datum" in result.stderr
    assert digest(knowledge_copy) == before

"""Comparing a new copy of a guideline page with the content (python -m knowledge import):
revised copies of the real sources, made here, with a sentence reworded, one removed, one
added and one moved; the saved HTML page; the date of retrieval in the source answer.

The command line on copies of knowledge/ (--apply, bad input) is in test_revision_cli.py.
"""
import datetime as dt
import html

import pytest
import yaml

from jeugdhulp.knowledge import content, revision
from jeugdhulp.knowledge.compose import sources_answer
from jeugdhulp.knowledge.compose.common import dutch_date
from jeugdhulp.knowledge.revision import pointers
from jeugdhulp.knowledge.revision.reading import html_to_text
from jeugdhulp.knowledge.validate import resolve_ref

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]
NEW_PARAGRAPH = ("Deze alinea is nieuw in de herziene richtlijn: bespreek het plan elk half "
                 "jaar met het hele gezin en het netwerk.")


def spec_of(specs, guideline_id):
    return next(g for g in specs if g.id == guideline_id)


def normalized_source(spec) -> str:
    """The current source with the whitespace of each line normalised (a copy of the page
    may differ in whitespace only)."""
    raw = spec.source_path.read_text(encoding="utf-8")
    return "\n".join(" ".join(line.split()) for line in raw.splitlines()) + "\n"


def once(text: str, piece: str) -> bool:
    return text.count(piece) == 1


def replace_once(text: str, old: str, new: str) -> str:
    assert once(text, old), old
    return text.replace(old, new, 1)


def pick(spec, source, references, specs, pointed_by_quiz_and_practice=False, skip=()):
    """A passage of ``spec`` whose text occurs once in the source and in no other passage;
    optionally one that a quiz item and practice language point at."""
    pointed = pointers.by_passage(references, specs)
    texts = [p.text for p in spec.passages()]
    for p in spec.passages():
        key = f"{spec.id}/{p.ref}"
        if p.ref in skip or len(p.text.split()) < 6 or not once(source, p.text):
            continue
        if sum(p.text in t for t in texts) != 1:
            continue
        lines = pointed.get(key, [])
        if pointed_by_quiz_and_practice and not (
                any("quiz.yml" in line for line in lines)
                and any("practice.yml" in line for line in lines)):
            continue
        return p
    raise AssertionError(f"no suitable passage in {spec.id}")


def revised_copy(spec, references, specs):
    """A copy of the real source: one passage reworded, one removed (one a quiz item and
    practice language point at), one moved to the end, a new paragraph added."""
    source = normalized_source(spec)
    removed = pick(spec, source, references, specs, pointed_by_quiz_and_practice=True)
    reworded = pick(spec, source, references, specs, skip={removed.ref})
    moved = pick(spec, source, references, specs, skip={removed.ref, reworded.ref})
    words = reworded.text.split()
    new_wording = " ".join([*words[:2], "voortaan", *words[2:]])
    source = replace_once(source, reworded.text, new_wording)
    source = replace_once(source, removed.text, "")
    source = replace_once(source, moved.text, "")
    middle = source.index("\n", len(source) // 2)
    source = source[:middle] + f"\n\n{NEW_PARAGRAPH}\n" + source[middle:]
    source += f"\n{moved.text}\n"
    return source, {"removed": removed, "reworded": reworded, "moved": moved,
                    "new_wording": new_wording}


def test_an_identical_copy_has_every_passage_unchanged(specs):
    for spec in specs:
        copy = spec.source_path.read_text(encoding="utf-8")
        c = revision.compare(spec, copy)
        assert len(c.unchanged) == len(spec.passages()), spec.id
        assert (c.changed, c.gone, c.new_paragraphs, c.moved, c.fields) == ([], [], [], [], [])


@pytest.mark.parametrize("guideline", ["samen-beslissen", "mpg-gedwongen-kader",
                                       "kindermishandeling"])
def test_reworded_removed_added_and_moved_sentences_are_told_apart(
        specs, references, guideline):
    spec = spec_of(specs, guideline)
    copy, made = revised_copy(spec, references, specs)
    c = revision.compare(spec, copy)

    assert [ch.passage.ref for ch in c.changed] == [made["reworded"].ref]
    assert c.changed[0].new_text == made["new_wording"]
    assert 0.6 <= c.changed[0].score < 1
    assert [p.ref for p in c.gone] == [made["removed"].ref]
    assert made["moved"] in c.unchanged and [p.ref for p in c.moved] == [made["moved"].ref]
    assert len(c.unchanged) == len(spec.passages()) - 2
    assert c.new_paragraphs == [NEW_PARAGRAPH]
    assert content.normalize_space(c.changed[0].new_text) in content.normalize_space(copy)


def test_the_report_shows_old_and_new_and_names_what_points_at_a_gone_passage(
        specs, references):
    spec = spec_of(specs, "samen-beslissen")
    copy, made = revised_copy(spec, references, specs)
    c = revision.compare(spec, copy)
    text = "\n".join(revision.report(c, references, specs))
    removed_key = f"{spec.id}/{made['removed'].ref}"
    quiz = [r.where for r in references if r.target == removed_key and "quiz" in r.where]
    practice = [r.where for r in references
                if r.target == removed_key and "practice" in r.where]

    assert f"Ongewijzigd: {len(spec.passages()) - 2} passages (waarvan 1 verplaatst)" in text
    assert "Gewijzigd: 1 passage\n" in text and "Verdwenen: 1 passage\n" in text
    assert "Nieuw: 1 alinea," in text
    gone_part = text.split("Verdwenen:")[1].split("Nieuw:")[0]
    assert removed_key in gone_part
    for where in quiz:
        assert f"oefenvraag ({where})" in gone_part
    for where in practice:
        assert f"praktijktaal ({where})" in gone_part
    changed_part = text.split("Gewijzigd:")[1].split("Verdwenen:")[0]
    assert "oud:" in changed_part and "nieuw:" in changed_part
    assert "erbij: «voortaan»" in changed_part

    refusals = revision.refusals(c, references, specs)
    assert refusals and all(removed_key in line for line in refusals)
    assert any("oefenvraag" in line for line in refusals)


def test_a_gone_passage_that_a_list_or_intervention_points_at_names_it(specs):
    spec = spec_of(specs, "kindermishandeling")
    lines = pointers.by_passage([], specs)
    evidence = next(i for i in spec.interventions if i.evidence and i.aliases)
    key = resolve_ref(evidence.evidence[0], spec.id)
    assert any(evidence.name in line and evidence.aliases[0] in line and "names.yml" in line
               for line in lines[key])
    collection = next(c for c in spec.collections if c.lead)
    assert any(collection.title in line for line in lines[f"{spec.id}/{collection.lead}"])


def test_a_changed_table_cell_of_an_intervention_is_reported(specs, references):
    spec = spec_of(specs, "kindermishandeling")
    intervention = next(i for i in spec.interventions if i.target_group)
    source = normalized_source(spec)
    old = content.normalize_space(intervention.target_group)
    copy = replace_once(source, old, old.replace(" ", " vooral ", 1))
    c = revision.compare(spec, copy)
    assert [(f.intervention.id, f.field) for f in c.fields] == [
        (intervention.id, "target_group")]
    refusals = revision.refusals(c, references, specs)
    assert any(intervention.id in line and "target_group" in line for line in refusals)


def test_a_truncated_copy_and_a_copy_of_another_guideline_are_recognised(specs):
    spec = spec_of(specs, "samen-beslissen")
    lines = normalized_source(spec).splitlines()
    truncated = "\n".join(lines[:len(lines) // 5])
    assert revision.looks_truncated(revision.compare(spec, truncated))
    assert not revision.looks_truncated(revision.compare(spec, "\n".join(lines)))
    other = spec_of(specs, "kindermishandeling")
    copy = other.source_path.read_text(encoding="utf-8")
    assert revision.other_guideline(spec, specs, copy) is other
    assert revision.other_guideline(other, specs, copy) is None


def test_a_saved_html_page_is_read_as_its_text(specs, tmp_path):
    spec = spec_of(specs, "multiprobleemgezinnen")
    lines = [line for line in normalized_source(spec).splitlines() if line]
    body = "".join(f"<li>{html.escape(line[2:])}</li>" if line.startswith("• ")
                   else f"<p>{html.escape(line)}</p>" for line in lines)
    page = (f"<!DOCTYPE html>\n<html><head><title>Menu titel</title><style>p {{}}</style>"
            f"<script>var x = '<p>geen inhoud</p>';</script></head><body>"
            f"<nav><a href='/'>Naar de startpagina</a></nav><main><ul>{body}</ul></main>"
            f"<footer>Cookie-instellingen</footer></body></html>")
    saved = tmp_path / "pagina.html"
    saved.write_text(page, encoding="utf-8")
    text = revision.read_copy(saved)
    for debris in ("Menu titel", "geen inhoud", "startpagina", "Cookie"):
        assert debris not in text
    c = revision.compare(spec, text)
    assert len(c.unchanged) == len(spec.passages())
    assert c.new_paragraphs == []
    assert html_to_text("<p>a &amp; b<br>c</p>") == "a & b\n\nc\n"
    legacy = tmp_path / "oud.html"  # a page saved in the character set it declares
    legacy.write_bytes(page.replace("<head>", '<head><meta charset="windows-1252">')
                       .encode("cp1252"))
    assert len(revision.compare(spec, revision.read_copy(legacy)).unchanged) == len(
        spec.passages())


@pytest.mark.parametrize("data,expected", [
    (b"", "leeg"), (b" \n\n", "leeg"), (b"<html><body><nav>x</nav></body></html>", "leeg"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "geen tekstbestand"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "geen tekstbestand"),
    ("caf\u00e9 en cr\u00e8che".encode("cp1252"), "geen leesbare tekst in UTF-8"),
])
def test_a_file_that_is_no_copy_of_a_page_is_refused_in_dutch(tmp_path, data, expected):
    path = tmp_path / "kopie.txt"
    path.write_bytes(data)
    with pytest.raises(revision.RevisionInputError, match=expected):
        revision.read_copy(path)
    with pytest.raises(revision.RevisionInputError, match="niet gevonden"):
        revision.read_copy(tmp_path / "bestaat-niet.txt")


def test_the_retrieval_date_is_required_and_read(tmp_path, specs):
    spec = spec_of(specs, "samen-beslissen")
    assert isinstance(spec.retrieved, dt.date)
    data = yaml.safe_load(spec.file.read_text(encoding="utf-8"))
    for value, problem in [(None, "'retrieved' is missing"), ("gisteren", "not a date")]:
        data["guideline"]["retrieved"] = value
        path = tmp_path / spec.file.name
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        with pytest.raises(content.ContentError, match=problem):
            content.load_guideline(path)


def test_dutch_dates():
    assert dutch_date(dt.date(2026, 11, 3)) == "3 november 2026"
    assert dutch_date(dt.date(2027, 1, 21)) == "21 januari 2027"
    assert dutch_date(None) == "onbekende datum"


def test_waar_staat_dat_says_when_the_source_was_taken_from_the_website(kb, specs):
    for spec in specs:
        key = f"{spec.id}/{spec.passages()[0].ref}"
        answer = sources_answer(kb, [key])
        day = spec.retrieved
        wanted = f"geraadpleegd op {day.day} {MONTHS[day.month - 1]} {day.year}"
        assert answer.found
        assert any(wanted in " ".join(note.split()) for note in answer.notes), answer.notes


def test_waar_staat_dat_shows_which_quoted_sentence_stands_in_which_section(kb):
    """An answer quoted two sections: under each one's source line the sentences it quoted
    from it, verbatim; a long list is cut with a count of the rest (SOURCES_QUOTED)."""
    physical = "kindermishandeling/discussie/fysieke-mishandeling"
    unknown = "kindermishandeling/toelichting/werkzame-factoren-onbekend"
    answer = sources_answer(kb, [physical, unknown])
    records = {r.key: r for r in kb.records([physical, unknown])}
    discussion = next(i for i, n in enumerate(answer.notes) if "Discussie" in n)
    explanation = next(i for i, n in enumerate(answer.notes) if "Toelichting" in n)
    assert f"“{records[physical].text}”" in answer.notes[discussion + 1]
    assert f"“{records[unknown].text}”" in answer.notes[explanation + 1]
    assert records[unknown].text not in answer.notes[discussion + 1]
    steps = [key for key in kb.index.doc_terms if key.startswith("samen-beslissen/")][:40]
    notes = " ".join(sources_answer(kb, steps).notes)
    assert "(en nog " in notes and len(notes) < 40 * 200

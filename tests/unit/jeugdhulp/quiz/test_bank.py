"""The quiz content file (jeugdhulp/quiz/bank.py): it loads, every reference into the
knowledge base resolves, and a reference that does not is reported with the item's name."""
import pytest

from jeugdhulp.knowledge import compose
from jeugdhulp.quiz import bank, families
from jeugdhulp.quiz.families import question
from jeugdhulp.quiz.interventions import rating_record
from jeugdhulp.text import name_key


def _copy(tmp_path, old, new):
    """A copy of the quiz file with ``old`` replaced by ``new`` (exactly once)."""
    text = bank.QUIZ_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "quiz.yml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_the_content_file_loads_with_every_kind_of_item():
    b = bank.load()
    assert b.name == "quiz.yml"
    assert len(b.subjects) == 6 and len(b.facts) >= 10 and len(b.free_text) >= 8
    assert b.methods and b.definitions and b.targets and b.aims and b.question_words
    assert all(item.subject in b.subjects
               for item in [*b.facts.values(), *b.methods.values(), *b.free_text.values()])


def test_passage_references_name_the_item_and_the_kind():
    refs = bank.passage_references()
    assert all(len(r) == 3 and r[1] in bank.REFERENCE_KINDS for r in refs)
    assert ("quiz.yml: fact 'mpg-aandeel'", "passage",
            "multiprobleemgezinnen/inleiding/aantal") in refs
    assert ("quiz.yml: interventions.two_effective", "passage",
            "kindermishandeling/interventies-effectiviteit/twee-effectief") in refs
    assert ("quiz.yml: lists.steps", "collection", "beslisstappen") in refs
    assert ("quiz.yml: free text 'rgt-voorheen'", "intervention", "rgt") in refs
    assert ("quiz.yml: definition 'reactance'", "passage",
            "mpg-gedwongen-kader/hulp-in-gedwongen-kader/reactance-definitie") in refs
    # every item that quotes passages is in the list, by its name
    wheres = {r[0] for r in refs}
    b = bank.load()
    assert {f"quiz.yml: fact '{k}'" for k in b.facts} <= wheres
    assert {f"quiz.yml: method '{k}'" for k in b.methods} <= wheres
    assert {f"quiz.yml: free text '{k}'" for k in b.free_text} <= wheres
    assert {f"quiz.yml: definition '{t}'" for t in b.definitions} <= wheres


def test_every_reference_resolves_in_the_knowledge_base(kb):
    refs = bank.passage_references()
    assert {kind for _, kind, _ in refs} == set(bank.REFERENCE_KINDS)
    for where, kind, key in refs:
        if kind == "passage":
            assert key in kb.index.by_key, (where, key)
        elif kind == "collection":
            assert key in kb.index.collections, (where, key)
        else:
            assert key in kb.index.interventions, (where, key)
    assert bank.unresolved_references(kb) == []
    for d in bank.load().definitions.values():  # the passage defines the term it is for
        record = kb.record(d.passage)
        assert record.kind == "definition" and name_key(record.label) == name_key(d.term), d


@pytest.mark.parametrize("old, new, problem", [
    ("    sources: [multiprobleemgezinnen/hulpverleningsplan/goed-genoeg-ouderschap]",
     "    sources: [multiprobleemgezinnen/hulpverleningsplan/goed-genoeg]",
     "quiz.yml: fact 'goed-genoeg-voorwaarden': no passage "
     "'multiprobleemgezinnen/hulpverleningsplan/goed-genoeg'"),
    ("  steps: beslisstappen", "  steps: beslisstappen-oud",
     "quiz.yml: lists.steps: no collection 'beslisstappen-oud'"),
    ("    intervention: rgt\n", "    intervention: fft\n",
     "quiz.yml: free text 'rgt-voorheen': no intervention 'fft'"),
    ("    passage: beslissen-onveilig/werkwijzen-integreren/lirik\n",
     "    passage: beslissen-onveilig/werkwijzen-integreren/lirik-oud\n",
     "quiz.yml: definition 'LIRIK': no passage 'beslissen-onveilig/werkwijzen-integreren/lirik-oud'"),
])
def test_a_reference_that_does_not_resolve_is_reported_by_name(kb, tmp_path, old, new, problem):
    wrong = bank.read(_copy(tmp_path, old, new))
    assert bank.unresolved_references(kb, wrong) == [problem]


def test_a_renamed_passage_would_otherwise_drop_the_question_silently(kb, tmp_path,
                                                                      monkeypatch):
    """Why the check matters: a question whose passage is gone is simply never built."""
    assert question(kb, "fact:goed-genoeg-voorwaarden#1") is not None
    wrong = bank.read(_copy(
        tmp_path, "    sources: [multiprobleemgezinnen/hulpverleningsplan/goed-genoeg-ouderschap]",
        "    sources: [multiprobleemgezinnen/hulpverleningsplan/goed-genoeg]"))
    monkeypatch.setattr(families, "load", lambda: wrong)
    assert question(kb, "fact:goed-genoeg-voorwaarden#1") is None
    assert "fact:goed-genoeg-voorwaarden" not in families.all_question_ids(kb)


@pytest.mark.parametrize("old, new, problem", [
    ("  - id: mpg-aantal\n    subject: multiprobleemgezinnen",
     "  - id: mpg-aantal\n    subject: mpg",
     "quiz.yml: fact 'mpg-aantal': subject 'mpg' is not one of"),
    ("    answer: 60 procent\n", "", "quiz.yml: fact 'isc-uithuisplaatsingen': 'answer' is missing"),
    ("  - id: mpg-aantal\n", "  - id: mpg-aandeel\n", "quiz.yml: fact 'mpg-aandeel' appears twice"),
])
def test_a_malformed_item_is_named(tmp_path, old, new, problem):
    with pytest.raises(bank.BankError) as error:
        bank.read(_copy(tmp_path, old, new))
    assert str(error.value).startswith(problem), str(error.value)


def test_the_rating_quoted_is_the_interventions_own_table_cell(kb):
    """The quiz quotes the rating cell of the intervention asked about, through the one
    rating_record of jeugdhulp.knowledge.compose: where a DEI cell reads the same as another
    row's (IAG and Families First), it is the intervention's own row."""
    def own(i, record):
        return any(record.label.casefold().startswith(n.casefold()) for n in i.names)

    assert rating_record is compose.rating_record
    shared = []
    for i in kb.interventions():
        record = rating_record(kb, i)
        if record is not None and sum(r.text == record.text for r in kb.index.records) > 1:
            shared.append(i.id)
            assert own(i, record), i.id
    assert rating_record(kb, kb.index.interventions["iag"]).key.endswith("/iag-dei")
    assert "iag" in shared and "families-first" in shared

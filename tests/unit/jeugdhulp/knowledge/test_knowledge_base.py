"""The whole knowledge base, on SQLite and on a real PostgreSQL (same tests, `any_kb`):
coverage of the sources, structured rows, named structures, definitions, search."""
import subprocess
import sys

import pytest

from jeugdhulp.knowledge import check
from jeugdhulp.knowledge import coverage
from tests.conftest import ROOT


def test_every_content_sentence_of_the_sources_is_in_the_knowledge_base(any_kb):
    with any_kb.session() as session:
        missing = coverage.missing_sentences(session)
    assert [str(m) for m in missing] == []


def test_check_passes(any_kb):
    with any_kb.session() as session:
        assert [str(p) for p in check.check_database(session)] == []


def test_check_command_passes_on_this_store(any_kb):
    result = subprocess.run([sys.executable, "-m", "knowledge", "check"], cwd=ROOT,
                            env={"DATABASE_URL": any_kb.url, "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "In orde" in result.stdout


def test_all_five_guidelines_with_authors_and_url(any_kb):
    guidelines = {g[0]: g for g in any_kb.guidelines()}
    assert set(guidelines) == {"mpg-gedwongen-kader", "kindermishandeling", "beslissen-onveilig",
                               "multiprobleemgezinnen", "samen-beslissen"}
    for gid, title, authors, edition, url in guidelines.values():
        assert "NJi" in authors or "Nederlands Jeugdinstituut" in authors
        assert url.startswith("https://www.")
        if gid != "beslissen-onveilig":
            assert all(a in authors for a in ("NVO", "BPSW", "NIP"))


TABLE = {
    # id: (a name to find it by, age_min, age_max, DEI as given, KJP as given)
    "families-first": ("Families First", None, None,
                       "DEI: Effectief volgens eerste aanwijzingen.", None),
    "iag": ("IAG", 0, 23, "DEI: Effectief volgens eerste aanwijzingen.", None),
    "rgt": ("FFT", 11, 18, "DEI: Goed onderbouwd.", None),
    "ambulante-spoedhulp": ("ambulante spoedhulp", 0, 18, "Niet in de DEI.",
                            "Niet vermeld door KJP."),
    "mst-can": ("MST-CAN", 6, 17, "Niet in de DEI.",
                "KJP: Beschreven als ‘evidence-based programma’."),
    "signs-of-safety": ("SoS", 0, None, "Niet in de DEI.", "KJP: beschreven als ‘good practice’."),
    "vsv": ("Veilig, Sterk & Verder", 0, 18, "Niet in de DEI.", "KJP: Theoretisch onderbouwd."),
    "save": ("Verve", None, None, "Niet in de DEI.", "Wordt niet vermeld door KJP."),
}


@pytest.mark.parametrize("intervention_id", sorted(TABLE))
def test_intervention_rows_as_the_table_gives_them(any_kb, intervention_id):
    name, age_min, age_max, dei, kjp = TABLE[intervention_id]
    row = any_kb.intervention(name)
    assert row is not None and row.id == intervention_id
    assert (row.age_min, row.age_max) == (age_min, age_max)
    assert " ".join((row.dei or "").split()) == dei
    assert row.kjp == kjp
    assert row.approach_goal and row.target_group
    assert row.evidence, "every table row cites the text about its effect"


def test_all_interventions_and_werkwijzen_are_there(any_kb):
    ids = {i.id for i in any_kb.interventions()}
    assert ids >= {"families-first", "iag", "rgt", "ambulante-spoedhulp", "mst-can",
                   "signs-of-safety", "vsv", "save", "methode-integrale-jeugdbescherming", "isc",
                   "beter-beschermd", "eigen-kracht-conferentie"}


@pytest.mark.parametrize("name", ["MST-CAN", "mst can", "Multisysteem Therapie Child Abuse & Neglect",
                                  "mstcan", "Relationele Gezinstherapie", "FFT", "EK-C",
                                  "eigen kracht conferentie", "familienetwerkberaad", "GGW",
                                  "Generiek Gezinsgericht Werken", "Intensieve Ambulante Gezinsbehandeling",
                                  "Families Frist"])
def test_one_intervention_by_any_of_its_names(any_kb, name):
    assert any_kb.intervention(name) is not None


def test_unknown_intervention_is_none(any_kb):
    assert any_kb.intervention("Triple P") is None
    assert any_kb.intervention("") is None


def ids(rows):
    return [r.id for r in rows]


def test_interventions_for_neglect_at_age_8(any_kb):
    rows = ids(any_kb.interventions_for("verwaarlozing", 8))
    assert "mst-can" in rows
    assert "rgt" not in rows  # 11-18 years


def test_interventions_for_physical_abuse_and_witnessing_violence(any_kb):
    assert "vsv" in ids(any_kb.interventions_for("fysieke mishandeling"))
    assert "vsv" in ids(any_kb.interventions_for("getuige van geweld tussen ouders", 10))


def test_interventions_for_acute_crisis_with_threatened_placement(any_kb):
    crisis = ids(any_kb.interventions_for("crisis"))
    assert {"families-first", "ambulante-spoedhulp"} <= set(crisis)
    placement = ids(any_kb.interventions_for("dreigende uithuisplaatsing", 9))
    assert {"families-first", "mst-can"} <= set(placement)
    # ranked by effectiveness as the guideline gives it: first indications before not proven
    assert placement.index("families-first") < placement.index("ambulante-spoedhulp")


def test_interventions_for_behaviour_problems_at_15(any_kb):
    assert ids(any_kb.interventions_for("gedragsproblemen", 15)) == ["rgt"]
    assert ids(any_kb.interventions_for("gedragsproblemen", 9)) == []


@pytest.mark.parametrize("collection,count,first", [
    ("eerste-contact-aandachtspunten", 8, "Wees duidelijk en direct"),
    ("beslisstappen", 8, "Verhelder de vraag."),
    ("hulpvormen-verwaarlozing", 3, "Hulp die gericht is op opvoedvaardigheden."),
    ("werkzame-factoren", 9, "zich richt op meerdere domeinen"),
    ("houding-hulpverleners", 5, "een houding hebben waarin"),
    ("aanbevelingen-hulpverleningsplan", 6, "Stel samen met de gezinsleden"),
    ("randvoorwaarden", 2, "Om hun werk goed te kunnen doen"),
])
def test_named_structures(any_kb, collection, count, first):
    items = any_kb.collection(collection)
    assert len(items) == count
    assert items[0].text.startswith(first)


@pytest.mark.parametrize("term,words", [
    ("multiprobleemgezin", "minimaal één ouder en één kind"),
    ("reactance", "persoonlijke controle en vrijheid"),
    ("samenhangend beeld", "veroorzakende, instandhoudende en beschermende factoren"),
    ("LIRIK", "Licht Instrument Risicotaxatie Kindveiligheid"),
    ("ORBA", "Onderzoek Risicotaxatie Besluitvorming"),
    ("goed genoeg ouderschap", "veertien voorwaarden"),
])
def test_definitions(any_kb, term, words):
    found = any_kb.definition(term)
    assert found and words in found[0].text


def test_search_filters(any_kb):
    hits = any_kb.search("veiligheidsplan", guideline="multiprobleemgezinnen")
    assert hits and all(h.passage.guideline_id == "multiprobleemgezinnen" for h in hits)
    hits = any_kb.search("doelen", kinds=["recommendation"])
    assert hits and all(h.passage.kind == "recommendation" for h in hits)
    hits = any_kb.search("stappen", topic="beslisproces")
    assert hits and all("beslisproces" in h.passage.topics for h in hits)


def test_search_results_carry_citations(any_kb):
    hit = any_kb.search("Wat is LIRIK?")[0]
    assert hit.passage.guideline_title and hit.passage.guideline_authors
    assert hit.passage.guideline_url.startswith("https://")


@pytest.mark.parametrize("query", ["", "   ", "?!?!", "x" * 100_000, "'; DROP TABLE passage; --",
                                   "<script>alert(1)</script>", "это не голландский", "\x00\x01",
                                   "SELECT * FROM guideline", "🙂" * 500])
def test_bad_input_gives_empty_or_sensible_results(any_kb, query):
    assert isinstance(any_kb.search(query), list)
    assert any_kb.interventions_for(query, None) is not None
    any_kb.intervention(query)
    any_kb.definition(query)
    assert any_kb.search("LIRIK")  # still works afterwards

"""The knowledge layer on its own: build, verbatim check, search, CLI."""
import subprocess
import sys

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jeugdhulp.knowledge import build as builder
from jeugdhulp.knowledge import check
from jeugdhulp.knowledge import db
from jeugdhulp.knowledge.models import Guideline, Passage
from tests.conftest import ROOT

FIRST_CONTACT_QUESTION = "Hoe begin ik een eerste gesprek met een gezin in een gedwongen kader?"


def test_database_passes_the_check(kb):
    with kb.session() as session:
        assert check.check_database(session) == []


def test_source_000_is_loaded_with_citation_data(kb):
    with kb.session() as session:
        g = session.get(Guideline, "mpg-gedwongen-kader")
        assert g.title == "Richtlijn Gezinnen met meervoudige en complexe problemen"
        for association in ("NVO", "BPSW", "NIP"):
            assert association in g.authors
        assert g.url == "https://www.richtlijnenjeugdhulp.nl/guideline/261/full"
        passages = session.execute(
            select(Passage).join(Passage.section).where(Passage.key.like("mpg-gedwongen-kader/%"))
        ).scalars().all()
    assert len(passages) >= 30
    assert {p.kind for p in passages} >= {"recommendation", "attention_point", "definition",
                                          "finding", "explanation"}


def test_first_contact_attention_points_in_order(kb):
    points = kb.collection("eerste-contact-aandachtspunten")
    assert len(points) == 8
    assert points[0].text.startswith("Wees duidelijk en direct over de aanleiding")
    assert points[-1].text.startswith("Heb niet slechts oog voor problematische aspecten")
    assert all(p.kind == "attention_point" for p in points)


def test_check_names_a_passage_that_is_not_verbatim(tmp_path):
    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    builder.build(db.get_engine(url))
    with Session(db.get_engine(url), future=True) as session:
        session.execute(update(Passage).where(Passage.key.like("%/onderhandelbaar"))
                        .values(text="Wees duidelijk over wat wel en niet kan.")
                        .execution_options(synchronize_session=False))
        session.commit()
        problems = check.check_database(session)
    assert len(problems) == 1
    assert "onderhandelbaar" in problems[0].where
    assert "not verbatim" in problems[0].message


def test_check_cli_exits_non_zero_with_the_offending_passage(tmp_path):
    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    builder.build(db.get_engine(url))
    with Session(db.get_engine(url), future=True) as session:
        session.execute(update(Guideline).values(authors=""))
        session.commit()
    result = subprocess.run([sys.executable, "-m", "knowledge", "check"], cwd=ROOT,
                            env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "citation lacks the guideline authors" in result.stderr
    assert "passage mpg-gedwongen-kader/" in result.stderr


def test_search_finds_the_first_contact_passages(kb):
    hits = kb.search(FIRST_CONTACT_QUESTION, limit=3)
    keys = [h.passage.key for h in hits]
    assert any(k.endswith("/aandachtspunten-inleiding") or k.endswith("/houding-eerste-contact")
               for k in keys)


@pytest.mark.parametrize("query,expected", [
    ("wat is reactanse", "reactance"),  # typo
    ("OTS", "kader-rechter"),  # abbreviation -> ondertoezichtstelling
    ("eenzijdig ingrijpen", "eenzijdig-ingrijpen"),
    ("Afwegingskader", "afwegingskader"),
])
def test_search_handles_typos_abbreviations_and_terms(kb, query, expected):
    keys = [h.passage.key.rsplit("/", 1)[1] for h in kb.search(query, limit=3)]
    assert expected in keys


def test_disagreeing_is_searched_as_the_practice_word_for_it(kb):
    """"het niet eens" (disagreeing; "eens" alone is a stop word) is searched as "oneens"
    (terms in topics.yml), the practice language of the passage on agreeing on the
    question and the problem."""
    hits = kb.search("vader en moeder zijn het niet eens over wat het probleem is", limit=1)
    assert hits[0].passage.key == "samen-beslissen/doelformulering/eens-over-vraag"


@pytest.mark.parametrize("query, expected", [
    ("en hoeveel info haal ik op, gewoon alles wat ik kan krijgen?",
     "samen-beslissen/beslisproces/systematisch-werken"),
    ("hoeveel info verzamel ik?", "samen-beslissen/beslisproces/systematisch-werken")])
def test_info_is_searched_as_information(kb, query, expected):
    """"info" is what professionals type for "informatie" (terms in topics.yml), and counts
    as much: not collecting more information than needed."""
    hits = kb.search(query, limit=2)
    spelled_out = {h.passage.key: h for h in kb.search(query.replace("info", "informatie"))}
    assert hits[0].passage.key == expected
    assert hits[0].lexical >= spelled_out[expected].lexical


@pytest.mark.parametrize("query", ["", "   ", "?!?!", "x" * 100_000, "'; DROP TABLE passage; --",
                                   "<script>alert(1)</script>", "это не голландский", "\x00\x01"])
def test_search_survives_bad_input(kb, query):
    hits = kb.search(query)
    assert isinstance(hits, list)
    with kb.session() as session:  # the table is still there
        assert session.execute(select(Passage)).first() is not None


def test_search_cli_shows_ranked_results_with_citation(kb_url):
    result = subprocess.run([sys.executable, "-m", "knowledge", "search", FIRST_CONTACT_QUESTION],
                            cwd=ROOT, env={"DATABASE_URL": kb_url, "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1. [")
    assert "Bron: Richtlijn Gezinnen met meervoudige en complexe problemen" in result.stdout
    assert "NVO, BPSW en NIP" in result.stdout


def test_cli_explains_a_missing_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = subprocess.run([sys.executable, "-m", "knowledge", "search", "ots"], cwd=ROOT,
                            env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "python -m knowledge build" in result.stderr
    assert "Traceback" not in result.stderr


def test_km_is_kindermishandeling_but_not_in_a_compound(kb):
    """"hulp na km?" (the users' shorthand) searches for kindermishandeling; "km-vergoeding"
    (kilometres) does not."""
    from jeugdhulp.knowledge.search import query_terms
    assert "kindermishandeling" in query_terms(kb.index, "werkzame factoren bij hulp na km?")
    assert "kindermishandeling" not in query_terms(kb.index, "hoeveel km-vergoeding krijg ik?")


def test_tegelijk_finds_what_the_guideline_calls_gelijktijdig(kb):
    """"tegelijk of eerst het een en dan het ander?" after the help for neglect: the
    guideline offers the forms of help "(gelijktijdig)"."""
    from jeugdhulp.knowledge.search import query_terms
    assert "gelijktijdig" in query_terms(kb.index, "tegelijk of eerst het een en dan het ander?")
    hits = kb.search("tegelijk of eerst het een en dan het ander? hulp bij verwaarlozing", limit=1)
    assert hits[0].passage.key == "kindermishandeling/toelichting/hulpvormen-inleiding"

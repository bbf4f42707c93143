"""Question families: every question can be built, has one correct option, quotes a
citable source and is written in our own words (jeugdhulp/quiz/families.py and the families
in interventions.py and lists.py)."""
import re

import pytest

from jeugdhulp.knowledge.compose import age_text, display_name
from jeugdhulp.quiz.bank import load
from jeugdhulp.quiz.families import FAMILIES, all_question_ids, question
from jeugdhulp.quiz.interventions import confusable, rating_label
from jeugdhulp.quiz.lists import main_steps
from jeugdhulp.quiz.matching import check_free_text
from jeugdhulp.quiz.question import MAX_OPTIONS, MIN_OPTIONS
from jeugdhulp.quiz.subjects import all_subjects
from jeugdhulp.text import fold


@pytest.fixture(scope="module")
def every_question(kb):
    """Every question of every family, in several variants (variants order the options)."""
    questions = []
    for base in all_question_ids(kb):
        for variant in (0, 1, 7, 42, 999):
            q = question(kb, f"{base}#{variant}")
            assert q is not None, base
            questions.append(q)
    assert len(questions) >= 5 * 60, "fewer questions than the bank holds: the tests would read little"
    return questions


# --- generation ---------------------------------------------------------------------------------
def test_there_are_questions_of_every_family_and_subject(kb):
    ids = all_question_ids(kb)
    assert len(ids) >= 60
    assert {i.split(":")[0] for i in ids} == set(FAMILIES)
    for subject in all_subjects():
        assert len(all_question_ids(kb, subject)) >= 5, subject


def test_stable_ids_rebuild_the_same_question(kb):
    q = question(kb, "iv-age:mst-can#3")
    assert q.base_id == "iv-age:mst-can" and q.family == "iv-age"
    assert q == question(kb, "iv-age:mst-can#3")
    assert q.answer_text == "6–17 jaar"
    assert question(kb, "iv-age:bestaat-niet#1") is None
    assert question(kb, "onzin") is None


def test_multiple_choice_has_exactly_one_correct_and_unique_options(kb, every_question):
    choice = [q for q in every_question if q.is_choice]
    assert len(choice) > 200
    for q in choice:
        assert MIN_OPTIONS <= len(q.options) <= MAX_OPTIONS, q.id
        assert 0 <= q.correct < len(q.options), q.id
        compact = [re.sub(r"[^a-z0-9]", "", fold(o)) for o in q.options]
        assert len(set(compact)) == len(compact), (q.id, q.options)


def test_distractors_are_really_wrong(kb, every_question):
    """Where the correct value comes from the knowledge base, no distractor has it too."""
    by_name = {}
    for i in kb.interventions():
        by_name[display_name(i)] = i
    for q in every_question:
        if q.family == "iv-age":
            i = kb.index.interventions[q.base_id.split(":")[1]]
            assert [o for o in q.options if o == age_text(i)] == [q.answer_text]
        if q.family in ("iv-for", "iv-aim"):
            field = "target_group" if q.family == "iv-for" else "approach_goal"
            right = by_name[q.answer_text]
            for option in q.options:
                if option != q.answer_text:
                    other = by_name[option]
                    assert getattr(other, field) != getattr(right, field), (q.id, option)
                    assert not confusable(other.id, right.id)
        if q.family == "iv-rating":
            i = kb.index.interventions[q.base_id.split(":")[1]]
            assert q.answer_text == rating_label(i)
        if q.family in ("sb-step", "sb-next"):
            labels = [label for _, label, _ in main_steps(kb)]
            assert all(o in labels for o in q.options)
            if q.family == "sb-next":
                given = re.search(r"de stap '(.+)'\?", q.prompt).group(1)
                assert labels.index(q.answer_text) == labels.index(given) + 1
                assert given not in q.options
        if q.family == "fc-point":
            points = [r.label for r in kb.collection(load().first_contact.collection)]
            assert [o for o in q.options if o in points] == [q.answer_text]
        if q.family == "bo-skill":
            skills = [r.label for r in kb.collection(load().skills.collection)]
            assert [o for o in q.options if o in skills] == [q.answer_text]
        if q.family == "def":
            for option in q.options:
                assert kb.definition(option), option


def test_every_question_carries_a_citable_source(kb, every_question):
    from jeugdhulp.knowledge.answers import Citation

    for q in every_question:
        assert q.source_keys, q.id
        for key in q.source_keys:
            citation = Citation.of(kb.record(key))
            assert citation.guideline_title and citation.authors and citation.url.startswith("http")
        assert q.topic and q.revisit, q.id
        assert len(q.revisit.encode()) <= 64  # a button payload, also on Telegram
        assert q.subject in all_subjects()


def test_question_text_is_ours_never_a_guideline_quote(kb, every_question):
    """Prompts and options are written by us: no passage text is copied into them."""
    passages = [r.text for r in kb.index.records if len(r.text) >= 40]
    for q in every_question:
        for text in (q.prompt, *q.options):
            assert "“" not in text and "”" not in text, q.id
            assert not any(p in text for p in passages), (q.id, text)


def test_free_text_questions_accept_the_expected_answers(kb, every_question):
    free = [q for q in every_question if not q.is_choice]
    assert len({q.base_id for q in free}) >= 8
    for q in free:
        for expected in q.expected:
            assert check_free_text(kb, q, expected), (q.id, expected)
            assert check_free_text(kb, q, expected.upper()), (q.id, expected)

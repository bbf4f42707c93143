"""Retrieval quality on the project's question set (tests/eval/questions.yml), on both stores.
`make eval-kb` prints the figures; this pins them per question."""
from tests.eval.retrieval import evaluate, load_questions


def test_question_set_is_sound(kb):
    questions = load_questions()
    assert len(questions) >= 60
    assert {q.style for q in questions} >= {"formal", "informal", "terse", "typo"}
    for q in questions:
        for key in q.expected:
            kb.record(key)  # raises when a content edit removed an expected passage


# Measured on the question set (make eval-kb): every question but these finds one of its
# passages in the top 3, and 71 of 83 find it first. Pinned per question, so that one
# question getting worse fails the test even while the rate stays high; a question that
# gets better is taken out of the list. (The example questions of
# knowledge/content/questions/ found the EK-C question's passage: top 3 went from 82 to 83.)
KNOWN_TOP3_MISSES: set = set()
TOP1_MEASURED = 71


def test_every_question_finds_its_passage_in_the_top3_and_beats_plain_bm25(any_kb):
    questions = load_questions()
    results = evaluate(any_kb, questions)
    ours, baseline = results["ours"], results["baseline"]
    missed = {text for text, _ in ours.misses}
    assert missed <= KNOWN_TOP3_MISSES, ours.misses
    assert ours.top3 == len(questions) - len(missed)
    assert ours.top1 >= TOP1_MEASURED
    assert ours.top3 > baseline.top3
    assert ours.top1 > baseline.top1

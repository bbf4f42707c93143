"""Retrieval quality on the project's question set (tests/eval/questions.yml), on both stores.
`make eval-kb` prints the figures; this keeps them from regressing below the target."""
from tests.eval.retrieval import evaluate, load_questions


def test_question_set_is_sound(kb):
    questions = load_questions()
    assert len(questions) >= 60
    assert {q.style for q in questions} >= {"formal", "informal", "terse", "typo"}
    for q in questions:
        for key in q.expected:
            kb.record(key)  # raises when a content edit removed an expected passage


def test_top3_hit_rate_meets_target_and_beats_plain_bm25(any_kb):
    questions = load_questions()
    results = evaluate(any_kb, questions)
    ours, baseline = results["ours"], results["baseline"]
    assert ours.top3 / len(questions) >= 0.90, ours.misses
    assert ours.top3 > baseline.top3
    assert ours.top1 > baseline.top1

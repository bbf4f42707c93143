"""Rounds: no repeats, varied, avoiding the last rounds, on their subject
(jeugdhulp/quiz/rounds.py)."""
from jeugdhulp.quiz.families import all_question_ids, question
from jeugdhulp.quiz.rounds import HISTORY_SIZE, generate_round
from jeugdhulp.quiz.subjects import all_subjects

SEEDS = range(60)


def test_rounds_have_no_repeats_and_only_valid_questions(kb):
    for seed in SEEDS:
        questions = generate_round(kb, seed=seed)
        assert len(questions) == 5
        assert len({q.base_id for q in questions}) == 5
        assert all(question(kb, q.id) == q for q in questions)


def test_a_mixed_round_is_varied(kb):
    for seed in SEEDS:
        questions = generate_round(kb, seed=seed)
        assert len({q.family for q in questions}) >= 4, [q.id for q in questions]
        sources = [k for q in questions for k in q.source_keys
                   if not k.endswith(("-inleiding", "stappen-inleiding"))]
        assert len(sources) == len(set(sources))  # one feedback never gives another away


def test_rounds_differ_and_the_history_is_avoided(kb):
    rounds = [frozenset(q.base_id for q in generate_round(kb, seed=s)) for s in SEEDS]
    assert len(set(rounds)) >= len(rounds) - 2
    history = []
    for seed in range(8):
        questions = generate_round(kb, seed=seed, exclude=history[-HISTORY_SIZE:])
        asked = [q.base_id for q in questions]
        assert not set(asked) & set(history[-HISTORY_SIZE:]), seed
        history += asked


def test_subject_rounds_stay_on_their_subject(kb):
    for subject in all_subjects():
        for seed in range(10):
            questions = generate_round(kb, n=5, subject=subject, seed=seed)
            assert len(questions) == 5
            assert {q.subject for q in questions} == {subject}
    assert len(generate_round(kb, n=50, subject="multiprobleemgezinnen", seed=1)) == \
        len(all_question_ids(kb, "multiprobleemgezinnen"))

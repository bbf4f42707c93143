"""Practice mode (oefenronde): rounds of questions drawn from the knowledge base, no Rasa here.

    bank           the content file knowledge/content/quiz.yml: subjects, our own question
                   items, and what they point at in the knowledge base
    subjects       the subjects of a round and the subject a user's words mean
    question       QuizQuestion and the rule every multiple-choice question follows
    interventions  question families about the interventions table
    lists          question families from named lists (steps, attention points, skills)
                   and from definitions
    families       the registry of families; a question rebuilt from its id
    rounds         which questions a round asks (varied, avoiding the last rounds)
    matching       reading what the user types: an option, a free-text answer, "weet ik
                   niet", a stop request, or a question of its own
    state          the state of a round as the conversation's slots remember it
    replies        every reply the user reads, as Answers (texts/quiz.yml)

``actions/quiz.py`` is the Rasa adapter: it reads the tracker, calls these and sends the
replies. The names below are what it (and the tests) use.
"""
from jeugdhulp.quiz.bank import passage_references, unresolved_references  # noqa: F401
from jeugdhulp.quiz.families import all_question_ids  # noqa: F401
from jeugdhulp.quiz.matching import (  # noqa: F401
    ANSWER,
    QUESTION,
    Reading,
    check_free_text,
    is_dont_know,
    is_stop_request,
    looks_like_question,
    match_option,
    read_button,
    read_message,
)
from jeugdhulp.quiz.question import QuizQuestion  # noqa: F401
from jeugdhulp.quiz.rounds import HISTORY_SIZE, ROUND_SIZE, generate_round, round_size  # noqa: F401
from jeugdhulp.quiz.state import QuizState  # noqa: F401
from jeugdhulp.quiz.subjects import all_subjects, resolve_subject, subject_label  # noqa: F401

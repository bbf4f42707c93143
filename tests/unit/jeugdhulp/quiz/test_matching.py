"""Reading what the user types during a round (jeugdhulp/quiz/matching.py): free text
leniently, typed options, "weet ik niet", stop requests, questions in between."""
import pytest

from jeugdhulp.quiz.families import question
from jeugdhulp.quiz.matching import (
    check_free_text,
    is_dont_know,
    is_stop_request,
    looks_like_question,
    match_option,
)


@pytest.mark.parametrize("qid, answer, right", [
    ("ft:rgt-voorheen", "Relationele Gezinstherapie", True),
    ("ft:rgt-voorheen", "RGT", True),
    ("ft:rgt-voorheen", "relationele gezinsterapie", True),  # typo
    ("ft:rgt-voorheen", "r.g.t.", True),
    ("ft:rgt-voorheen", "ik denk de relationele gezinstherapie", True),
    ("ft:rgt-voorheen", "Is het RGT?", True),
    ("ft:rgt-voorheen", "FFT", False),  # the name the question gives
    ("ft:rgt-voorheen", "Functional Family Therapy", False),
    ("ft:rgt-voorheen", "MST-CAN", False),
    ("ft:rgt-voorheen", "weet ik niet", False),
    ("ft:save-voorheen", "Verve", True),
    ("ft:save-voorheen", "verf", False),
    ("ft:save-voorheen", "SAVE", False),
    ("ft:isc-voorheen", "GGW", True),
    ("ft:isc-voorheen", "generiek gezins gericht werken", True),
    ("ft:isc-voorheen", "ISC", False),
    ("ft:lirik", "licht instrument risico taxatie kind veiligheid", True),
    ("ft:lirik", "kindveiligheid", False),
    ("ft:veiligheidsplan-onderdeel", "het gezinsplan", True),
    ("ft:veiligheidsplan-onderdeel", "Gezinsplannen", True),  # inflection
    ("ft:veiligheidsplan-onderdeel", "veiligheidsplan", False),
    ("ft:tunnelvisie", "tunnelvisei", True),
    ("ft:tunnelvisie", "een tunnel visie", True),
    ("ft:mst-can-naam", "multisysteemtherapie child abuse & neglect", True),
    ("ft:gedragswetenschapper", "de gedragswetenschappers", True),
    ("ft:gedragswetenschapper", "mijn teamleider", False),
    ("ft:engageren", "engageren", True),
    ("ft:engageren", "positioneren", False),
])
def test_free_text_is_checked_leniently(kb, qid, answer, right):
    assert check_free_text(kb, question(kb, qid + "#1"), answer) is right


def test_typed_options_are_recognised(kb):
    q = question(kb, "iv-for:iag#2")
    right = q.answer_text
    assert match_option(q, str(q.correct + 1)) == q.correct
    assert match_option(q, f"optie {q.correct + 1}") == q.correct
    assert match_option(q, "abcd"[q.correct]) == q.correct
    assert match_option(q, right.lower()) == q.correct
    assert match_option(q, "IAG") == q.correct  # another name of the option
    assert match_option(q, "de laatste") == len(q.options) - 1
    assert match_option(q, "9") is None
    assert match_option(q, "iets heel anders") is None
    assert len(q.options) >= 3
    # Hedged and spelled-out choices, as people type them.
    for typed, index in [("ik gok op 2", 1), ("volgens mij de derde", 2), ("3 denk ik", 2),
                         ("doe maar de eerste", 0), ("ik denk optie 1", 0),
                         ("antwoord nummer drie", 2), ("optie een", 0), ("het is de tweede", 1),
                         ("ik gok maar wat: 1", 0)]:
        assert match_option(q, typed) == index, typed
    assert match_option(q, "ik denk het niet") is None


@pytest.mark.parametrize("text", ["deze sla ik over", "passen", "ik heb echt geen idee",
                                  "deze weet ik niet", "geen idee", "ik pas"])
def test_dont_know_in_its_usual_forms(text):
    assert is_dont_know(text)


@pytest.mark.parametrize("text", ["ik wil oefenen", "nog een ronde", "oefen interventies",
                                  "start de quiz", "overhoor me over de meldcode", "quiz"])
def test_start_requests_are_not_stop_requests(text):
    assert not is_stop_request(text)


@pytest.mark.parametrize("intent, text, question", [
    ("ask_intervention", "RGT", False),
    ("ask_definition", "reactance", False),
    ("nlu_fallback", "Licht Instrument Risicotaxatie Kindveiligheid", False),
    ("ask_intervention", "is het Signs of Safety?", False),
    ("ask_target_group", "wat is de doelgroep van MST-CAN?", True),
    ("ask_guideline", "hoeveel multiprobleemgezinnen zijn er in Nederland eigenlijk volgens de richtlijn", True),
])
def test_answers_and_questions_are_told_apart(intent, text, question):
    assert looks_like_question(intent, text) is question

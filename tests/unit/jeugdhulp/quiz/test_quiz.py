"""Practice mode: question generation (jeugdhulp/quiz/questions.py) and the quiz actions (actions/quiz.py)."""
import asyncio
import copy
import json
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.quiz import (
    ActionQuizAnswer,
    ActionQuizStart,
    ActionQuizStop,
    answer_payload,
    looks_like_question,
    round_size,
)
from jeugdhulp.quiz import questions as quiz
from jeugdhulp.knowledge.compose import age_text
from tests.conftest import FIXTURES

SEEDS = range(60)


@pytest.fixture(scope="module")
def every_question(kb):
    """Every question of every family, in several variants (variants order the options)."""
    questions = []
    for base in quiz.all_question_ids(kb):
        for variant in (0, 1, 7, 42, 999):
            q = quiz.question(kb, f"{base}#{variant}")
            assert q is not None, base
            questions.append(q)
    return questions


# --- generation ---------------------------------------------------------------------------------
def test_there_are_questions_of_every_family_and_subject(kb):
    ids = quiz.all_question_ids(kb)
    assert len(ids) >= 60
    assert {i.split(":")[0] for i in ids} == set(quiz.FAMILIES)
    for subject in quiz.SUBJECTS:
        assert len(quiz.all_question_ids(kb, subject)) >= 5, subject


def test_stable_ids_rebuild_the_same_question(kb):
    q = quiz.question(kb, "iv-age:mst-can#3")
    assert q.base_id == "iv-age:mst-can" and q.family == "iv-age"
    assert q == quiz.question(kb, "iv-age:mst-can#3")
    assert q.answer_text == "6–17 jaar"
    assert quiz.question(kb, "iv-age:bestaat-niet#1") is None
    assert quiz.question(kb, "onzin") is None


def test_multiple_choice_has_exactly_one_correct_and_unique_options(kb, every_question):
    choice = [q for q in every_question if q.is_choice]
    assert len(choice) > 200
    for q in choice:
        assert quiz.MIN_OPTIONS <= len(q.options) <= quiz.MAX_OPTIONS, q.id
        assert 0 <= q.correct < len(q.options), q.id
        compact = [re.sub(r"[^a-z0-9]", "", quiz.fold(o)) for o in q.options]
        assert len(set(compact)) == len(compact), (q.id, q.options)


def test_distractors_are_really_wrong(kb, every_question):
    """Where the correct value comes from the knowledge base, no distractor has it too."""
    by_name = {}
    for i in kb.interventions():
        by_name[quiz.display_name(i)] = i
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
                    assert not quiz._confusable(other.id, right.id)
        if q.family == "iv-rating":
            i = kb.index.interventions[q.base_id.split(":")[1]]
            assert q.answer_text == quiz.rating_label(i)
        if q.family in ("sb-step", "sb-next"):
            labels = [label for _, label, _ in quiz._main_steps(kb)]
            assert all(o in labels for o in q.options)
            if q.family == "sb-next":
                given = re.search(r"de stap '(.+)'\?", q.prompt).group(1)
                assert labels.index(q.answer_text) == labels.index(given) + 1
                assert given not in q.options
        if q.family == "fc-point":
            points = [r.label for r in kb.collection(quiz.FIRST_CONTACT)]
            assert [o for o in q.options if o in points] == [q.answer_text]
        if q.family == "bo-skill":
            skills = [r.label for r in kb.collection(quiz.SKILLS)]
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
        assert q.subject in quiz.SUBJECTS


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
            assert quiz.check_free_text(kb, q, expected), (q.id, expected)
            assert quiz.check_free_text(kb, q, expected.upper()), (q.id, expected)


def test_rounds_have_no_repeats_and_only_valid_questions(kb):
    for seed in SEEDS:
        questions = quiz.generate_round(kb, seed=seed)
        assert len(questions) == 5
        assert len({q.base_id for q in questions}) == 5
        assert all(quiz.question(kb, q.id) == q for q in questions)


def test_a_mixed_round_is_varied(kb):
    for seed in SEEDS:
        questions = quiz.generate_round(kb, seed=seed)
        assert len({q.family for q in questions}) >= 4, [q.id for q in questions]
        sources = [k for q in questions for k in q.source_keys
                   if not k.endswith(("-inleiding", "stappen-inleiding"))]
        assert len(sources) == len(set(sources))  # one feedback never gives another away


def test_rounds_differ_and_the_history_is_avoided(kb):
    rounds = [frozenset(q.base_id for q in quiz.generate_round(kb, seed=s)) for s in SEEDS]
    assert len(set(rounds)) >= len(rounds) - 2
    history = []
    for seed in range(8):
        questions = quiz.generate_round(kb, seed=seed, exclude=history[-quiz.HISTORY_SIZE:])
        asked = [q.base_id for q in questions]
        assert not set(asked) & set(history[-quiz.HISTORY_SIZE:]), seed
        history += asked


def test_subject_rounds_stay_on_their_subject(kb):
    for subject in quiz.SUBJECTS:
        for seed in range(10):
            questions = quiz.generate_round(kb, n=5, subject=subject, seed=seed)
            assert len(questions) == 5
            assert {q.subject for q in questions} == {subject}
    assert len(quiz.generate_round(kb, n=50, subject="multiprobleemgezinnen", seed=1)) == \
        len(quiz.all_question_ids(kb, "multiprobleemgezinnen"))


@pytest.mark.parametrize("text, subject", [
    ("oefen interventies", "interventies"),
    ("quiz samen beslissen", "samen-beslissen"),
    ("test mijn kennis over het eerste gesprek", "gedwongen-kader"),
    ("quiz gedwongen kader", "gedwongen-kader"),
    ("oefenvragen over definities", "definities"),
    ("overhoor me over multiprobleemgezinnen", "multiprobleemgezinnen"),
    ("quiz mpg", "multiprobleemgezinnen"),
    ("oefenen beslissen in onveilige situaties", "beslissen-onveilig"),
    ("samen-beslissen", "samen-beslissen"),
    ("oefenen", None),
    ("test mijn kennis", None),
    ("quiz over voetbal", None),
])
def test_user_words_map_to_subjects(text, subject):
    assert quiz.resolve_subject(text) == subject


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
    assert quiz.check_free_text(kb, quiz.question(kb, qid + "#1"), answer) is right


def test_typed_options_are_recognised(kb):
    q = quiz.question(kb, "iv-for:iag#2")
    right = q.answer_text
    assert quiz.match_option(q, str(q.correct + 1)) == q.correct
    assert quiz.match_option(q, f"optie {q.correct + 1}") == q.correct
    assert quiz.match_option(q, "abcd"[q.correct]) == q.correct
    assert quiz.match_option(q, right.lower()) == q.correct
    assert quiz.match_option(q, "IAG") == q.correct  # another name of the option
    assert quiz.match_option(q, "de laatste") == len(q.options) - 1
    assert quiz.match_option(q, "9") is None
    assert quiz.match_option(q, "iets heel anders") is None
    assert len(q.options) >= 3
    # Hedged and spelled-out choices, as people type them.
    for typed, index in [("ik gok op 2", 1), ("volgens mij de derde", 2), ("3 denk ik", 2),
                         ("doe maar de eerste", 0), ("ik denk optie 1", 0),
                         ("antwoord nummer drie", 2), ("optie een", 0), ("het is de tweede", 1),
                         ("ik gok maar wat: 1", 0)]:
        assert quiz.match_option(q, typed) == index, typed
    assert quiz.match_option(q, "ik denk het niet") is None


@pytest.mark.parametrize("text", ["deze sla ik over", "passen", "ik heb echt geen idee",
                                  "deze weet ik niet", "geen idee", "ik pas"])
def test_dont_know_in_its_usual_forms(text):
    assert quiz.is_dont_know(text)


# --- actions ------------------------------------------------------------------------------------
def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def tracker(text, intent, entities=(), slots=None, channel="rest", ranking=None):
    data = copy.deepcopy(json.loads((FIXTURES / "trackers" / "first_contact.json").read_text()))
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9},
               "entities": list(entities), "intent_ranking": ranking or []}
    data["latest_message"] = message
    data["events"][-1].update({"text": text, "parse_data": message, "input_channel": channel})
    data["slots"] = slots or {}
    return Tracker.from_dict(data)


def slots_of(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def quiz_slots(ids, index=0, score=0, wrong=(), history=()):
    return {"quiz_active": True, "quiz_questions": list(ids), "quiz_index": index,
            "quiz_score": score, "quiz_wrong": list(wrong), "quiz_history": list(history)}


def test_start_asks_the_first_question_with_buttons(actions_kb, kb):
    messages, events = run(ActionQuizStart(), tracker("ik wil oefenen", "start_quiz"))
    slots = slots_of(events)
    assert slots["quiz_active"] is True and slots["quiz_index"] == 0 and slots["quiz_score"] == 0
    ids = slots["quiz_questions"]
    assert len(ids) == 5 and len({i.split("#")[0] for i in ids}) == 5
    assert slots["quiz_history"] == [i.split("#")[0] for i in ids]
    assert "Oefenronde: 5 vragen" in messages[0]["text"] and "stop" in messages[0]["text"]
    first = quiz.question(kb, ids[0])
    assert "Vraag 1 van 5" in messages[1]["text"] and first.prompt in messages[1]["text"]
    assert "“" not in messages[1]["text"]  # our question is never styled as a quote
    if first.is_choice:
        payloads = [b["payload"] for b in messages[1]["buttons"]]
        assert payloads == [answer_payload(1, n) for n in range(1, len(first.options) + 1)]
        assert all(len(p.encode()) <= 64 for p in payloads)


def test_start_with_a_subject_from_the_command_and_from_text(actions_kb, kb):
    _, events = run(ActionQuizStart(), tracker('/start_quiz{"subject": "samen beslissen"}',
                                               "start_quiz", [{"entity": "subject",
                                                               "value": "samen beslissen"}]))
    ids = slots_of(events)["quiz_questions"]
    assert {quiz.question(kb, i).subject for i in ids} == {"samen-beslissen"}
    _, events = run(ActionQuizStart(), tracker("oefen interventies", "start_quiz"))
    assert {quiz.question(kb, i).subject for i in slots_of(events)["quiz_questions"]} == {"interventies"}


def test_unknown_subject_offers_the_subjects(actions_kb):
    messages, events = run(ActionQuizStart(), tracker(
        '/start_quiz{"subject": "voetbal"}', "start_quiz", [{"entity": "subject", "value": "voetbal"}]))
    assert events == []
    assert "geen oefenvragen" in messages[0]["text"]
    assert len(messages[0]["buttons"]) == len(quiz.SUBJECTS) + 1
    assert all(len(b["payload"].encode()) <= 64 for b in messages[0]["buttons"])


def test_round_size_is_configurable(actions_kb, monkeypatch):
    assert round_size("quiz met 10 vragen") == 10
    monkeypatch.setenv("QUIZ_QUESTIONS", "3")
    assert round_size("oefenen") == 3
    _, events = run(ActionQuizStart(), tracker("oefenen", "start_quiz"))
    assert len(slots_of(events)["quiz_questions"]) == 3


def test_new_round_avoids_the_previous_questions(actions_kb):
    _, events = run(ActionQuizStart(), tracker("oefenen", "start_quiz"))
    history = slots_of(events)["quiz_history"]
    _, events = run(ActionQuizStart(), tracker("nog een ronde", "start_quiz",
                                               slots={"quiz_history": history}))
    second = [i.split("#")[0] for i in slots_of(events)["quiz_questions"]]
    assert not set(second) & set(history)


def test_right_button_answer_gets_praise_quote_citation_and_next_question(actions_kb, kb):
    ids = ["iv-age:mst-can#3", "def:reactance#1", "ft:rgt-voorheen#2"]
    q = quiz.question(kb, ids[0])
    t = tracker(answer_payload(1, q.correct + 1), "quiz_answer",
                [{"entity": "choice", "value": f"1.{q.correct + 1}"}], slots=quiz_slots(ids))
    messages, events = run(ActionQuizAnswer(), t)
    feedback, following = messages[0]["text"], messages[1]["text"]
    assert feedback.startswith("✅ Goed!") and "6–17 jaar" in feedback
    assert f"“{kb.record(q.source_keys[0]).text}”" in feedback  # the passage, as a quote
    assert "Bron: Richtlijn Kindermishandeling" in feedback and "NVO, BPSW en NIP" in feedback
    assert "Vraag 2 van 3" in following
    slots = slots_of(events)
    assert slots["quiz_index"] == 1 and slots["quiz_score"] == 1 and slots["quiz_wrong"] == []
    assert slots["sources"] == list(q.source_keys)  # "waar staat dat?" works after it
    assert slots["subject"] == "intervention:mst-can"  # and so does "hoe effectief is dat?"


def test_wrong_answer_gets_the_right_answer(actions_kb, kb):
    ids = ["sb-next:2#5", "def:lirik#1"]
    q = quiz.question(kb, ids[0])
    wrong = (q.correct + 1) % len(q.options)
    messages, events = run(ActionQuizAnswer(), tracker(
        str(wrong + 1), "quiz_answer", slots=quiz_slots(ids)))  # typed option number
    assert messages[0]["text"].startswith(f"❌ Helaas, het juiste antwoord is: {q.answer_text}.")
    assert "Richtlijn Samen met ouders en jeugdige beslissen" in messages[0]["text"]
    assert slots_of(events)["quiz_wrong"] == [ids[0]]


def test_free_text_answer_is_checked_leniently_whatever_the_intent(actions_kb, kb):
    ids = ["ft:rgt-voorheen#1", "def:lirik#1"]
    messages, events = run(ActionQuizAnswer(), tracker(
        "relationele gezinsterapie", "ask_intervention",
        [{"entity": "intervention", "value": "Relationele Gezinstherapie"}], slots=quiz_slots(ids)))
    assert messages[0]["text"].startswith("✅ Goed!")
    assert "rekenen we goed" in messages[0]["text"]
    assert "Relationele Gezinstherapie (voorheen Functional Family Therapy -FFT)" in messages[0]["text"]
    assert slots_of(events)["quiz_score"] == 1
    messages, events = run(ActionQuizAnswer(), tracker("FFT", "ask_intervention",
                                                       slots=quiz_slots(ids)))
    assert messages[0]["text"].startswith("❌ Helaas")
    messages, _ = run(ActionQuizAnswer(), tracker("geen idee", "quiz_answer", slots=quiz_slots(ids)))
    assert messages[0]["text"].startswith("❌ Helaas, het juiste antwoord is: Relationele Gezinstherapie")


def test_a_real_question_in_the_middle_is_answered_and_the_round_continues(actions_kb, kb):
    ids = ["fact:mpg-aandeel#1", "def:lirik#1"]
    messages, events = run(ActionQuizAnswer(), tracker(
        "wat is de doelgroep van MST-CAN?", "ask_target_group",
        [{"entity": "intervention", "value": "MST-CAN"}], slots=quiz_slots(ids)))
    assert "binnen de laatste 180 dagen" in messages[0]["text"]  # the answer, quoted
    assert "Terug naar de oefenronde" in messages[1]["text"] and "Vraag 1 van 2" in messages[1]["text"]
    slots = slots_of(events)
    assert "quiz_index" not in slots and "quiz_active" not in slots  # the round goes on
    assert slots["subject"] == "intervention:mst-can"
    # the same during a free-text question
    messages, _ = run(ActionQuizAnswer(), tracker(
        "welke interventie past bij verwaarlozing bij een kind van 8 jaar?", "ask_interventions_for",
        [{"entity": "problem", "value": "verwaarlozing"}, {"entity": "age", "value": "8"}],
        slots=quiz_slots(["ft:lirik#1"])))
    assert "MST-CAN" in messages[0]["text"] and "Vraag 1 van 1" in messages[1]["text"]


def test_gibberish_during_a_choice_question_asks_again(actions_kb):
    messages, events = run(ActionQuizAnswer(), tracker(
        "blabla", "out_of_scope", slots=quiz_slots(["fact:mpg-aandeel#1"])))
    assert len(messages) == 1 and "Kies een van de antwoorden" in messages[0]["text"]
    assert events == []


def test_a_stale_button_does_not_count(actions_kb):
    messages, events = run(ActionQuizAnswer(), tracker(
        answer_payload(1, 2), "quiz_answer", [{"entity": "choice", "value": "1.2"}],
        slots=quiz_slots(["fact:mpg-aandeel#1", "def:lirik#1"], index=1, score=1)))
    assert "eerdere vraag" in messages[0]["text"] and "Vraag 2 van 2" in messages[0]["text"]
    assert events == []


def test_last_answer_gives_the_score_and_what_to_revisit(actions_kb, kb):
    ids = ["iv-age:mst-can#3", "fact:mpg-aandeel#1", "def:lirik#1"]
    last = quiz.question(kb, ids[2])
    wrong = (last.correct + 1) % len(last.options)
    messages, events = run(ActionQuizAnswer(), tracker(
        answer_payload(3, wrong + 1), "quiz_answer", [{"entity": "choice", "value": f"3.{wrong + 1}"}],
        slots=quiz_slots(ids, index=2, score=1, wrong=[ids[1]])))
    end = messages[-1]
    assert "Klaar! Je score: 1 van de 3." in end["text"]
    assert "hoeveel multiprobleemgezinnen er zijn" in end["text"] and "het begrip LIRIK" in end["text"]
    payloads = [b["payload"] for b in end["buttons"]]
    assert "hoeveel multiprobleemgezinnen zijn er?" in payloads and "wat is LIRIK?" in payloads
    assert "/start_quiz" in payloads
    slots = slots_of(events)
    assert slots["quiz_active"] is False and slots["quiz_questions"] is None


def test_stop_ends_the_round_with_the_score_so_far(actions_kb):
    ids = ["iv-age:mst-can#3", "fact:mpg-aandeel#1", "def:lirik#1"]
    messages, events = run(ActionQuizStop(), tracker("stop", "stop_quiz", slots=quiz_slots(
        ids, index=2, score=1, wrong=[ids[0]])))
    assert "gestopt" in messages[0]["text"] and "1 van de 2 beantwoorde vragen" in messages[0]["text"]
    assert slots_of(events)["quiz_active"] is False
    messages, events = run(ActionQuizStop(), tracker("stop", "stop_quiz"))
    assert "geen oefenronde" in messages[0]["text"]


@pytest.mark.parametrize("text", ["ik wil niet meer oefenen", "oefenmodus uit", "quiz afbreken",
                                  "beëindig de quiz", "klaar met oefenen", "geen quiz meer",
                                  "zet de quiz maar uit", "hou maar op met overhoren"])
def test_a_stop_taken_for_a_start_ends_the_round_and_never_restarts_it(actions_kb, text):
    ids = ["iv-age:mst-can#3", "fact:mpg-aandeel#1", "def:lirik#1"]
    messages, events = run(ActionQuizStart(), tracker(text, "start_quiz", slots=quiz_slots(
        ids, index=1, score=1)))
    assert len(messages) == 1 and "gestopt" in messages[0]["text"], messages
    assert "1 van de 1 beantwoorde" in messages[0]["text"]
    slots = slots_of(events)
    assert slots["quiz_active"] is False and slots["quiz_questions"] is None  # no new round


@pytest.mark.parametrize("text", ["ik wil oefenen", "nog een ronde", "oefen interventies",
                                  "start de quiz", "overhoor me over de meldcode", "quiz"])
def test_start_requests_are_not_stop_requests(text):
    assert not quiz.is_stop_request(text)


def test_answer_without_a_round(actions_kb):
    messages, events = run(ActionQuizAnswer(), tracker("2", "quiz_answer"))
    assert "geen oefenronde" in messages[0]["text"] and events == []


@pytest.mark.parametrize("channel, marker", [
    ("slack", "<https://"), ("telegram", "<a href="), ("cmdline", "https://"),
])
def test_feedback_is_rendered_for_the_channel(actions_kb, kb, channel, marker):
    ids = ["iv-age:vsv#1", "def:lirik#1"]
    q = quiz.question(kb, ids[0])
    messages, _ = run(ActionQuizAnswer(), tracker(
        str(q.correct + 1), "quiz_answer", slots=quiz_slots(ids), channel=channel))
    assert marker in messages[0]["text"]
    if channel == "telegram":
        assert "Veilig, Sterk &amp; Verder" in messages[0]["text"]  # escaped for Telegram HTML
    if channel == "cmdline":
        assert "**" not in messages[0]["text"]


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


def test_long_options_are_listed_and_numbered_on_short_buttons(kb):
    from actions.quiz import BUTTON_CHARS, question_message
    from jeugdhulp.channels.render import render

    q = quiz.question(kb, "iv-rating:mst-can#1")  # "KJP: evidence-based programma, niet in de DEI"
    assert any(len(o) > BUTTON_CHARS for o in q.options)
    rendered = render(question_message(q, 2, 5))
    for i, option in enumerate(q.options, 1):
        assert f"{i}. {option}" in rendered.text
        assert rendered.buttons[i - 1]["title"].startswith(f"{i}. ")
        assert len(rendered.buttons[i - 1]["title"]) <= BUTTON_CHARS
    short = quiz.question(kb, "iv-age:mst-can#1")
    rendered = render(question_message(short, 1, 5))
    assert [b["title"] for b in rendered.buttons] == list(short.options)
    assert "1. " not in rendered.text

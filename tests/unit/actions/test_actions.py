"""Custom actions with rasa_sdk tracker fixtures (financial-demo style)."""
import asyncio
import copy
import json

import pytest

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.guidelines import ActionAnswer, ActionEscalate, ActionFallback, ActionOutOfScope
from jeugdhulp.messages import message
from tests.conftest import FIXTURES, load_tracker


def run_action(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def tracker_with(text, intent, entities=(), slots=None, danger=None, channel="rest"):
    data = json.loads((FIXTURES / "trackers" / "first_contact.json").read_text())
    data = copy.deepcopy(data)
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9},
               "entities": list(entities)}
    if danger:
        message["danger"] = danger
    data["latest_message"] = message
    data["events"][-1].update({"text": text, "parse_data": message, "input_channel": channel})
    data["slots"] = slots or {}
    return Tracker.from_dict(data)


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_first_contact_answer_quotes_attention_points_and_cites(actions_kb, kb):
    messages, events = run_action(ActionAnswer(), load_tracker("first_contact"))
    assert len(messages) == 1
    text = messages[0]["text"]
    points = kb.collection("eerste-contact-aandachtspunten")
    shown = [p for p in points if f"“{p.text}”" in text]
    assert shown == points[:len(shown)] and len(shown) >= 4  # in order, verbatim, as quotes
    assert "Richtlijn Gezinnen met meervoudige en complexe problemen" in text
    assert "NVO, BPSW en NIP" in text
    assert "https://www.richtlijnenjeugdhulp.nl/guideline/261/full" in text
    slots = slot_events(events)
    assert slots["more"] == [p.key for p in points[len(shown):]]  # the rest for "meer"
    assert slots["subject"] == "collection:eerste-contact-aandachtspunten"


def test_more_shows_the_rest(actions_kb, kb):
    points = kb.collection("eerste-contact-aandachtspunten")
    rest = [p.key for p in points[5:]]
    tracker = tracker_with("meer", "ask_more", slots={"more": rest, "subject": "collection:x"})
    messages, events = run_action(ActionAnswer(), tracker)
    for p in points[5:]:
        assert p.text in messages[0]["text"]
    assert slot_events(events)["more"] == []


def test_follow_up_uses_the_intervention_of_the_previous_answer(actions_kb):
    tracker = tracker_with("en hoe effectief is dat?", "ask_effectiveness",
                           slots={"subject": "intervention:mst-can"})
    messages, events = run_action(ActionAnswer(), tracker)
    text = messages[0]["text"]
    assert "Van der Stouwe et al., 2014" in text
    assert "Bron: Richtlijn Kindermishandeling" in text
    assert slot_events(events)["subject"] == "intervention:mst-can"


def test_where_is_that_written_names_guideline_authors_and_url(actions_kb):
    tracker = tracker_with("waar staat dat?", "ask_source",
                           slots={"sources": ["kindermishandeling/interventies-tabel/iag-doelgroep"]})
    messages, _ = run_action(ActionAnswer(), tracker)
    text = messages[0]["text"]
    assert "Richtlijn Kindermishandeling" in text and "NVO, BPSW en NIP" in text
    assert "https://www.richtlijnenjeugdhulp.nl/guideline/127/full" in text


def test_entities_drive_interventions_for_a_problem_and_age(actions_kb):
    tracker = tracker_with("verwaarlozing interventie 8 jaar", "ask_interventions_for",
                           entities=[{"entity": "problem", "value": "verwaarlozing"},
                                     {"entity": "age", "value": "8"}])
    messages, _ = run_action(ActionAnswer(), tracker)
    text = messages[0]["text"]
    assert "MST-CAN" in text and "Relationele Gezinstherapie" not in text


def test_escalation_card_comes_first_then_the_question(actions_kb):
    tracker = tracker_with(
        "vader slaat zijn zoon waar ik bij sta, welke interventie bij fysieke mishandeling?",
        "report_danger", entities=[{"entity": "problem", "value": "fysieke mishandeling"}],
        danger={"acute": True, "reasons": ["test"], "original_intent": "ask_interventions_for"})
    messages, _ = run_action(ActionEscalate(), tracker)
    assert len(messages) == 2
    card = messages[0]["text"]
    assert card.index("112") < card.index("Veilig Thuis") < card.index("Raad voor de Kinderbescherming")
    assert "dient de professional eenzijdig in te grijpen" in card  # the guideline's words
    assert "Bron: Richtlijn Gezinnen met meervoudige en complexe problemen" in card
    # and samen beslissen's words on an acutely threatening situation, cited
    assert "zet je direct een crisisinterventie in" in card
    assert "Richtlijn Samen met ouders en jeugdige beslissen over passende hulp" in card
    assert "Veilig, Sterk & Verder" in messages[1]["text"]


def test_escalation_without_danger_data_answers_the_next_best_intent(actions_kb):
    """report_danger from a button or an older model carries no danger data: the card
    first, then the question by the next best intent of the ranking (never the fallback or
    the danger intent itself)."""
    tracker = tracker_with(
        "mijn collega zegt dat de vader slaat, welke interventie bij fysieke mishandeling?",
        "report_danger", entities=[{"entity": "problem", "value": "fysieke mishandeling"}])
    tracker.latest_message["intent_ranking"] = [
        {"name": "report_danger", "confidence": 0.6}, {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "ask_interventions_for", "confidence": 0.3}, {"name": "greet", "confidence": 0.1}]
    messages, _ = run_action(ActionEscalate(), tracker)
    assert len(messages) == 2
    assert messages[0]["text"].startswith("⚠️") and "112" in messages[0]["text"]
    assert "Veilig, Sterk & Verder" in messages[1]["text"]  # the interventions answer


@pytest.mark.parametrize("second", ["greet", "nlu_fallback", "report_danger", None])
def test_escalation_answers_nothing_else_when_the_message_asked_nothing(actions_kb, second):
    tracker = tracker_with("help, vader slaat de baby nu", "report_danger")
    tracker.latest_message["intent_ranking"] = [{"name": "report_danger", "confidence": 0.9}] + (
        [{"name": second, "confidence": 0.1}] if second else [])
    messages, _ = run_action(ActionEscalate(), tracker)
    assert len(messages) == 1 and "112" in messages[0]["text"]


def test_fallback_answers_a_clear_match_and_admits_the_rest(actions_kb):
    messages, _ = run_action(ActionFallback(), tracker_with("LIRIK", "nlu_fallback"))
    assert "Licht Instrument Risicotaxatie Kindveiligheid" in messages[0]["text"]
    messages, events = run_action(ActionFallback(), tracker_with(
        "hoe lang mag een time-out in een jeugdinstelling duren", "nlu_fallback"))
    assert "geen duidelijk antwoord" in messages[0]["text"]
    assert "Bron:" not in messages[0]["text"]


def test_out_of_scope_gets_the_passage_the_guidelines_answer_it_with_clearly(actions_kb):
    """The NLU reads a question about sharing information with the referrer as out of
    scope; the guidelines answer it plainly, so it gets that passage. The weather and a
    question of another field keep the out-of-scope reply, and set no subject."""
    messages, events = run_action(ActionOutOfScope(), tracker_with(
        "de huisarts wil graag terugkoppeling, mag dat zomaar?", "out_of_scope"))
    assert "verstrekking van gegevens" in messages[0]["text"]
    assert "Bron:" in messages[0]["text"]
    assert slot_events(events)["sources"]
    for text in ("wat voor weer wordt het morgen in Utrecht?",
                 "hoeveel vakantiedagen heb ik volgens de cao jeugdzorg?"):
        messages, events = run_action(ActionOutOfScope(), tracker_with(text, "out_of_scope"))
        assert [m.get("response") for m in messages] == ["utter_out_of_scope"]
        assert events == []


def test_a_refused_aside_leaves_the_conversation_where_it_was(actions_kb):
    """A question the guidelines do not answer (an aside about a time-out in an institution)
    sets neither the quoted passages nor the subject: the next follow-up goes on from the
    answer before it. An answer sets both."""
    before = {"subject": "collection:eerste-contact-aandachtspunten",
              "sources": ["mpg-gedwongen-kader/hulp-in-gedwongen-kader/duidelijk-en-direct"]}
    messages, events = run_action(ActionFallback(), tracker_with(
        "hoe lang mag een time-out in een jeugdinstelling duren", "nlu_fallback", slots=before))
    assert "geen duidelijk antwoord" in messages[0]["text"]
    slots = slot_events(events)
    assert "sources" not in slots and "subject" not in slots
    _, events = run_action(ActionFallback(), tracker_with("LIRIK", "nlu_fallback", slots=before))
    assert slot_events(events)["sources"] and slot_events(events)["sources"] != before["sources"]


def test_an_unsure_message_in_a_conversation_the_guidelines_answered_gets_the_closest_passages(
        actions_kb):
    """"dat punt over reactance, wat bedoelen ze daar nou precies mee ...?" (NLU unsure)
    after the first-contact list: no word about children or families, but it goes on from a
    guideline answer and points back to it ("dat punt"), so it gets the closest passage on
    reactance. Out of the blue it names a term the guidelines define, which puts it in the
    domain too (stop 42; before, it was refused); without that term it is refused, and so is
    a message that does not point back ("hoe lang mag een time-out duren",
    test_feedback_actions.py)."""
    text = "dat punt over reactance, wat bedoelen ze daar nou precies mee en wat doe ik ermee?"
    alone, _ = run_action(ActionFallback(), tracker_with(text, "nlu_fallback"))
    assert "Reactance is gedrag waarmee iemand" in alone[0]["text"]
    vague = "dat punt, wat bedoelen ze daar nou precies mee en wat doe ik ermee?"
    alone, _ = run_action(ActionFallback(), tracker_with(vague, "nlu_fallback"))
    assert "geen duidelijk antwoord" in alone[0]["text"]
    after = {"subject": "collection:eerste-contact-aandachtspunten", "previous_text": "hoe begin ik?",
             "sources": ["mpg-gedwongen-kader/hulp-in-gedwongen-kader/duidelijk-en-direct"]}
    messages, _ = run_action(ActionFallback(), tracker_with(text, "nlu_fallback", slots=after))
    assert message("answers.closest.lead") in messages[0]["text"]
    assert "Reactance is gedrag waarmee iemand" in messages[0]["text"]


def test_answers_are_rendered_for_the_channel(actions_kb):
    tracker = tracker_with("doelgroep IAG", "ask_target_group",
                           entities=[{"entity": "intervention", "value": "IAG"}], channel="slack")
    messages, _ = run_action(ActionAnswer(), tracker)
    text = messages[0]["text"]
    assert "<https://www.richtlijnenjeugdhulp.nl/guideline/127/full|Lees de richtlijn>" in text
    assert "**" not in text


def test_action_apologises_in_dutch_when_the_knowledge_base_is_missing(tmp_path, monkeypatch):
    from actions import common

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing.sqlite3'}")
    common.knowledge_base.cache_clear()
    try:
        messages, _ = run_action(ActionAnswer(), load_tracker("first_contact"))
    finally:
        common.knowledge_base.cache_clear()
    assert messages[0]["text"] == message("answers.unavailable")


def test_an_unknown_intervention_gets_the_list_of_known_ones(actions_kb):
    tracker = tracker_with('/ask_intervention{"intervention": "Triple P"}', "ask_intervention",
                           entities=[{"entity": "intervention", "value": "Triple P"}])
    messages, _ = run_action(ActionAnswer(), tracker)
    text = messages[0]["text"]
    assert "staat niet in de richtlijnen die ik ken" in text
    assert "Families First" in text and "MST-CAN" in text
    assert "Bron:" not in text  # nothing quoted, so nothing cited
    assert [b["title"] for b in messages[0]["buttons"]][:1] == ["Families First"]
    known = tracker_with('/ask_intervention{"intervention": "iag"}', "ask_intervention",
                         entities=[{"entity": "intervention", "value": "iag"}])
    messages, _ = run_action(ActionAnswer(), known)
    assert "Intensieve Ambulante Gezinsbehandeling" in messages[0]["text"]
    assert "staat niet in" not in messages[0]["text"]


def test_which_guidelines_do_you_know_lists_all_five_even_after_an_answer(actions_kb, kb):
    # One intent (ask_source) for "waar staat dat?" and "welke richtlijnen ken je?": the
    # wording decides, because the NLU cannot tell "je bron" from "je bronnen".
    sources = {"sources": ["kindermishandeling/interventies-tabel/iag-doelgroep"]}
    for text in ("welke richtlijnen ken je?", "wat zijn je bronnen", "overzicht van de richtlijnen",
                 "Welke richtlijnen kan ik via deze assistent raadplegen?"):
        messages, _ = run_action(ActionAnswer(), tracker_with(text, "ask_source", slots=sources))
        reply = messages[0]["text"]
        for _, title, _, _, url in kb.guidelines():
            assert title in reply and url in reply, (text, title)
        assert not reply.startswith("Het vorige antwoord citeert"), text


def test_source_of_this_answer_is_not_the_overview(actions_kb):
    sources = {"sources": ["kindermishandeling/interventies-tabel/iag-doelgroep"]}
    for text in ("wat is je bron", "uit welke richtlijn komt dit", "van wanneer is deze richtlijn?",
                 "kun je de bronnen van dit antwoord geven"):
        messages, _ = run_action(ActionAnswer(), tracker_with(text, "ask_source", slots=sources))
        reply = messages[0]["text"]
        assert reply.startswith("Het vorige antwoord citeert"), (text, reply[:80])
        assert "Richtlijn Samen met ouders en jeugdige beslissen" not in reply
    messages, _ = run_action(ActionAnswer(), tracker_with("wat is je bron", "ask_source"))
    assert "nog niets uit een richtlijn geciteerd" in messages[0]["text"]


def test_one_guideline_intent_finds_the_guideline_from_the_words(actions_kb, kb):
    # ask_guideline has no guideline preference: each question is answered from, and cited
    # to, the guideline its words are about.
    cases = [
        ("hoeveel multiprobleemgezinnen zijn er in Nederland?", "Richtlijn Multiprobleemgezinnen"),
        ("wanneer moet ik eenzijdig ingrijpen?",
         "Richtlijn Gezinnen met meervoudige en complexe problemen"),
        ("welke valkuilen zijn er bij beslissen over onveiligheid?",
         "Wat werkt bij beslissen in onveilige opvoedingssituaties?"),
        ("wie beslist er mee over de hulp?", "Richtlijn Samen met ouders en jeugdige beslissen"),
    ]
    titles = [title for _, title, *_ in kb.guidelines()]
    for text, title_start in cases:
        messages, _ = run_action(ActionAnswer(), tracker_with(text, "ask_guideline"))
        reply = messages[0]["text"]
        cited = [t for t in titles if t in reply]
        assert cited and all(t.startswith(title_start) for t in cited), (text, cited)


def test_a_whole_list_only_when_the_question_is_about_its_guideline(actions_kb, kb):
    steps = kb.collection("beslisstappen")
    messages, events = run_action(ActionAnswer(), tracker_with(
        "wat zijn de stappen van samen beslissen?", "ask_guideline"))
    assert f"“{steps[0].text}”" in messages[0]["text"]
    assert slot_events(events)["subject"] == "collection:beslisstappen"
    messages, events = run_action(ActionAnswer(), tracker_with(
        "welke vaardigheden heb ik nodig om te beslissen bij onveiligheid?", "ask_guideline"))
    assert slot_events(events)["subject"] == "collection:vaardigheden-hulpverleners"
    # "stappen" about the Meldcode is not the Samen-beslissen list.
    messages, events = run_action(ActionAnswer(), tracker_with(
        "welke stappen heeft de meldcode?", "ask_guideline"))
    assert slot_events(events).get("subject") != "collection:beslisstappen"
    assert "Meldcode" in messages[0]["text"] or "meldcode" in messages[0]["text"]


def test_a_named_intervention_in_a_question_of_its_own_gets_the_passage(actions_kb):
    # Taken for an effect question, but it asks about a right: the passage that answers it.
    messages, events = run_action(ActionAnswer(), tracker_with(
        "heeft een gezin recht op een familienetwerkberaad?", "ask_effectiveness",
        entities=[{"entity": "intervention", "value": "Eigen Kracht-conferentie"}]))
    assert "kindermishandeling/benaderingen/familienetwerkberaad" in slot_events(events)["sources"]
    # A question that cites a study is about the evidence, whatever the intent said.
    messages, events = run_action(ActionAnswer(), tracker_with(
        "Wat vond Vink et al 2017 over signs of safety?", "ask_intervention",
        entities=[{"entity": "intervention", "value": "Signs of Safety"}]))
    assert "kindermishandeling/benaderingen/sos-vink-2017" in slot_events(events)["sources"]
    # A short question for its parts is one of its own too (stop 58) ...
    messages, events = run_action(ActionAnswer(), tracker_with(
        "in welke fases werkt ISC?", "ask_effectiveness",
        entities=[{"entity": "intervention", "value": "ISC"}]))
    assert slot_events(events)["sources"][0] == \
        "mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-beschrijving"
    # ... but a short effect follow-up still gets the effect answer.
    messages, events = run_action(ActionAnswer(), tracker_with(
        "en hoe goed is dat?", "ask_effectiveness", slots={"subject": "intervention:mst-can"}))
    assert slot_events(events)["subject"] == "intervention:mst-can"
    assert "effectief" in messages[0]["text"].lower()


def test_the_question_knows_what_the_answers_before_the_last_one_quoted():
    from actions.common import question_from

    tracker = tracker_with("en de tweede?", "ask_guideline", slots={"sources": ["c"]})
    slot = {"event": "slot", "name": "sources"}
    tracker.events[-1:-1] = [{**slot, "value": ["a1", "a2"]}, {**slot, "value": ["b"]},
                             {**slot, "value": ["b"]}, {**slot, "value": ["c"]}]
    q = question_from(tracker)
    assert q.sources == ["c"]
    assert q.earlier_sources == [["b"], ["a1", "a2"]]  # most recent first, each once


def test_the_question_knows_the_messages_before_the_last_one():
    from actions.common import question_from

    tracker = tracker_with("is het effectief?", "ask_effectiveness")
    user = {"event": "user", "parse_data": {"intent": {"name": "ask_guideline"}}}
    tracker.events[-1:-1] = [{**user, "text": t} for t in ("eerste", "tweede", "derde")]
    q = question_from(tracker)
    assert q.previous_text == "derde" and q.previous_intent == "ask_guideline"
    assert q.earlier_texts[:2] == ["tweede", "eerste"]  # most recent first

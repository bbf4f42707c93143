"""The NLU's danger intent as a second opinion (jeugdhulp/safety/second_opinion.py): when only
the NLU thinks a message is an emergency, a case description that asks the guidelines
something and says nothing urgent is answered as the question it asks; anything urgent, or
a statement, keeps the escalation card."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from jeugdhulp.nlu.components import AcuteDangerClassifier
from jeugdhulp.safety import assess
from jeugdhulp.safety.second_opinion import dismissed

# Says it happens now, or asks for help right away (cue group `urgent` in rules.yml); none
# of these is acute by the rules alone.
URGENT = [
    "Ik sta nu bij het gezin en vader is heel boos. Wat moet ik doen?",
    "Vannacht is er geschreeuwd in het gezin. Wat zegt de richtlijn?",
    "Help, de moeder reageert niet meer op haar baby!",
    "Wat moet ik nu doen?",
]

# Case descriptions about the past with a question for the guidelines.
CASE_QUESTIONS = [
    "Vorig jaar heeft vader zijn zoon geslagen. Het gezin krijgt hulp van het wijkteam. "
    "Hoe bespreek ik de veiligheid met de ouders?",
    "Twee jaar geleden is het meisje seksueel misbruikt door een oom. Ze heeft therapie "
    "gehad. Welke hulp raadt de richtlijn aan voor de verwerking?",
    "Er is vroeger huiselijk geweld geweest in het gezin. De ouders zijn inmiddels "
    "gescheiden. Hoe betrek ik vader bij het plan?",
    "In 2020 is ze mishandeld. Nu wil ze terug naar huis. Wat zegt de richtlijn?",
]


# --- Assessment.urgent -----------------------------------------------------------------------
def test_a_message_saying_it_happens_now_or_asking_for_help_is_urgent():
    for text in URGENT:
        a = assess(text)
        assert a.urgent is True, text
        assert a.acute is False, text  # urgent is its own finding, not the rules' verdict


def test_a_case_description_about_the_past_is_not_urgent():
    for text in CASE_QUESTIONS:
        a = assess(text)
        assert a.urgent is False and a.acute is False, text


def test_now_counts_only_in_the_sentence_that_names_the_danger():
    assert assess("Het kind wordt nu mishandeld, denk ik. Wat zegt de richtlijn?").urgent
    assert not assess("Het kind is mishandeld, denk ik. Wat zegt de richtlijn?").urgent
    # "nu" in a sentence of its own, far from "mishandeld"
    assert not assess("In 2020 is ze mishandeld. Nu wil ze terug naar huis. "
                      "Wat zegt de richtlijn?").urgent
    assert not assess("Tot nu toe is er geen geweld geweest. "
                      "Hoe houd ik zicht op de veiligheid?").urgent
    # "nu" in the sentence, but about the help that runs now, after a dated blow
    assert not assess("Mijn eerste gezin: moeder heeft vorig jaar haar zoon van 7 geslagen, "
                      "dat is gemeld en er loopt nu hulp. Wat wordt met houding bedoeld?").urgent
    assert assess("Moeder slaat haar zoon nu, het is gemeld. Wat zegt de richtlijn?").urgent


def _answered_as_questions(texts):
    """Neither acute nor urgent: the NLU's alarm is dismissed, the question answered."""
    for text in texts:
        a = assess(text)
        assert not a.urgent and not a.acute, text
        assert dismissed(text, a) == "a question without anything urgent", text


def _cards_kept(texts):
    """Neither acute nor urgent by the rules, and still no question: the NLU's alarm stands."""
    for text in texts:
        a = assess(text)
        assert not a.acute and not a.urgent, text
        assert dismissed(text, a) is None, text


def test_a_question_for_figures_is_not_urgent_unless_it_names_a_danger():
    """"op dit moment" in a question for figures asks how many there are now; the same words
    with a danger in the sentence, or a cry for help, still count."""
    _answered_as_questions(["Hoeveel kinderen zijn er in Nederland op dit moment uit huis "
                            "geplaatst?", "Hoeveel gezinnen hebben momenteel een OTS?"])
    assert assess("Hoeveel kinderen worden er momenteel mishandeld in Nederland?").urgent
    assert assess("Hoeveel keer heeft hij haar op dit moment al geslagen?").urgent
    assert assess("Help, hoeveel tijd heb ik nog?").urgent
    # without a question for figures "op dit moment" still says it happens now
    assert assess("Op dit moment is moeder niet thuis en de kinderen zijn alleen.").urgent


def test_net_for_recently_is_urgent_only_with_a_danger_in_its_sentence():
    """"net" is "just now" in "heeft hem net geslagen" but "recently" in "vader is net
    ontslagen": without a danger word in its sentence it says nothing urgent."""
    _answered_as_questions(["Gezin bij ons wijkteam: vader is net ontslagen en de zoon van 9 "
                            "spijbelt. Kan vader een uitkering krijgen?",
                            "Er is net een OTS uitgesproken. Hoe begin ik het eerste gesprek?"])
    assert assess("Vader heeft zijn zoon net geslagen, wat moet ik doen?").urgent
    assert assess("Ik kom net terug van een huisbezoek, vader was dronken. Wat nu?").urgent
    assert assess("Zojuist is er bij de buren geschreeuwd. Wat zegt de richtlijn?").urgent


def test_tomorrow_is_urgent_only_in_a_message_that_names_someone_or_a_danger():
    """"morgenochtend" says when, not that someone is in danger: a question about the roads
    names nobody; a threat to take the children away tomorrow does."""
    _answered_as_questions(["wordt het morgenochtend glad op de weg? moet om 8u op huisbezoek "
                            "in Emmen", "Gaat het dit weekend sneeuwen? Wat is het advies?"])
    assert assess("vader dreigt de kinderen morgen mee te nemen naar Marokko, wat kan ik "
                  "doen?").urgent
    assert assess("Morgen komt hij weer thuis en ze is doodsbang. Wat zegt de richtlijn?").urgent
    assert assess("Moet morgen naar de tandarts en ik raak in paniek, wat nu?").urgent


# --- dismissed ---------------------------------------------------------------------------------
def test_a_case_question_without_anything_urgent_is_dismissed():
    for text in CASE_QUESTIONS:
        assert dismissed(text, assess(text)) == "a question without anything urgent", text


def test_a_rule_switched_off_by_a_frame_is_dismissed_with_the_frame():
    text = "Stel dat vader tijdens het huisbezoek zijn zoon slaat, hoe reageer ik dan?"
    a = assess(text)
    assert not a.acute and not a.urgent and a.suppressed
    why = dismissed(text, a)
    assert why.startswith("rules: ") and "hypothetisch 'stel dat'" in why


def test_an_urgent_message_is_not_dismissed():
    for text in URGENT:
        assert dismissed(text, assess(text)) is None, text


def test_a_statement_of_one_sentence_is_not_dismissed():
    _cards_kept(["Vader is erg agressief geworden en de kinderen zijn bang voor hem.",
                 "De moeder reageert niet meer op haar baby!",
                 "ze zit er helemaal doorheen met dat kind, wat moet ik doen"])


def test_a_message_the_rules_find_acute_is_not_dismissed():
    for text in ["Moet ik de politie bellen?",
                 "vader slaat zijn zoon waar ik bij sta, wat zegt de richtlijn?",
                 "Het kind wordt nu mishandeld, denk ik. Wat zegt de richtlijn?"]:
        a = assess(text)
        assert a.acute, text
        assert dismissed(text, a) is None, text


def test_and_someone_else_then_is_a_question_without_its_question_mark():
    """"en zijn broertje van 9 dan, die doet alles na" after a question about a programme for
    a 15-year-old asks the same about his brother (the NLU read "broertje" as a danger):
    "en ... dan" asks, with or without "?". "en dan slaat hij haar" is no such question,
    and what the rules find acute keeps the card."""
    _answered_as_questions(["en zijn broertje van 9 dan, die doet alles na",
                            "en het zusje van 6 dan, die ziet alles"])
    _cards_kept(["en dan gaat hij weer tekeer tegen de kinderen",
                 "en de volgende dag dan weer ruzie met de kinderen"])
    assert dismissed("en zijn zusje dan, vader slaat haar ook",
                     assess("en zijn zusje dan, vader slaat haar ook")) is None


def test_a_last_clause_that_asks_after_a_comma_is_a_question_without_its_question_mark():
    """"moeder heeft lvb en leest slecht, waar let ik op" (the NLU read a danger in it) asks
    the guidelines something in its last clause; "..., wat moet ik doen" is a cry for help
    and keeps the card (``test_a_statement_of_one_sentence_is_not_dismissed``)."""
    _answered_as_questions(["moeder heeft lvb en leest slecht, waar let ik op",
                            "vader drinkt en is vaak boos op de kinderen, hoe pak ik dat aan"])
    _cards_kept(["vader drinkt en is vaak boos op de kinderen, wat moet ik doen",
                 "vader drinkt en is boos op de kinderen, wat kunnen we doen!"])


def test_a_statement_of_several_sentences_is_not_dismissed():
    text = "Vader is erg agressief geworden. De kinderen zijn bang voor hem."
    a = assess(text)
    assert not a.acute and not a.urgent
    assert dismissed(text, a) is None


# --- AcuteDangerClassifier -------------------------------------------------------------------
def _predicted(text, danger=0.9, next_best=0.6):
    """A message as the NLU leaves it: report_danger first, then ask_guideline."""
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": "report_danger", "confidence": danger})
    message.set(INTENT_RANKING_KEY, [{"name": "report_danger", "confidence": danger},
                                     {"name": "ask_guideline", "confidence": next_best},
                                     {"name": "greet", "confidence": 0.01}])
    return message


@pytest.mark.parametrize("confidence, intent", [(0.5, "ask_guideline"),
                                                (0.49, "nlu_fallback")])
def test_the_nlus_alarm_on_a_case_question_gives_way_to_the_next_intent(confidence, intent):
    message = _predicted(CASE_QUESTIONS[0], next_best=confidence)
    AcuteDangerClassifier().process([message])
    assert message.get(INTENT)["name"] == intent
    danger = message.get("danger")
    assert danger["acute"] is False and danger["source"] == "nlu"
    assert danger["dismissed"] == "a question without anything urgent"
    assert danger["original_intent"] == intent
    ranking = [r["name"] for r in message.get(INTENT_RANKING_KEY)]
    assert ranking[0] == "ask_guideline" and "report_danger" in ranking


def test_the_nlus_alarm_on_an_urgent_message_keeps_the_card():
    message = _predicted("Ik sta nu bij het gezin en vader is heel boos. Wat moet ik doen?")
    AcuteDangerClassifier().process([message])
    assert message.get(INTENT) == {"name": "report_danger", "confidence": 0.9}
    assert message.get("danger") == {"acute": False, "source": "nlu",
                                     "original_intent": "ask_guideline"}


def test_a_message_the_rules_find_acute_gets_the_card_from_the_rules():
    message = _predicted("Moet ik de politie bellen?")
    AcuteDangerClassifier().process([message])
    assert message.get(INTENT) == {"name": "report_danger", "confidence": 1.0}
    danger = message.get("danger")
    assert danger["acute"] is True and danger["source"] == "rules" and danger["reasons"]
    assert "dismissed" not in danger

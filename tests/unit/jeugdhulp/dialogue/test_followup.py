"""Short follow-ups that lean on the previous question (jeugdhulp/dialogue/followup.py), the
case facts that are not an age (jeugdhulp/dialogue/question.py) and the redaction
placeholders as the NLU reads them (jeugdhulp/nlu/components.py)."""
import dataclasses

import pytest

from jeugdhulp.dialogue.answering import HANDLERS, answer_question
from jeugdhulp.dialogue.context_words import as_compound_shown
from jeugdhulp.dialogue.followup import (
    context_of,
    elliptical,
    follow_up_answer,
    from_the_rest_of_the_list,
    points_at_last_answer,
)
from jeugdhulp.dialogue.question import Question, ages_mentioned, question_of
from jeugdhulp.knowledge import compose
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.messages import message
from jeugdhulp.nlu.components import placeholders_as_words


@pytest.mark.parametrize("text", ["en signs of safety?", "en de effectiviteit?",
                                  "wat is het doel van de eerste?", "en wie moet er bij zijn?",
                                  "en bij een baby?", "en daarna, met de ouders?",
                                  "moet ik dat dan allemaal zelf doen? ik ben geen schuldhulpverlener",
                                  "tegelijk of eerst haar depressie behandelen?",
                                  "alles tegelijk of eerst de verslaving aanpakken?",
                                  "wie betrek ik daar verder allemaal bij? school ook?",
                                  # a person of the conversation, an item of the last list
                                  "ze klaagt ook dat we alleen maar zien wat er fout gaat",
                                  "die eerste stap, hoe doe ik dat in de praktijk?",
                                  "er stond ook iets over kennis van wat werkt toch?",
                                  # a pronominal adverb: what it is in, on, about
                                  "wat voor doelen horen erin?",
                                  "moet er ook iets over veiligheid in?",
                                  # "die term", "die methode": what was just named
                                  "waarom zou je die term eigenlijk liever niet gebruiken?"])
def test_short_messages_that_lean_on_the_previous_one_are_follow_ups(text):
    assert elliptical(text)


@pytest.mark.parametrize("text", [
    "Wat is het verschil tussen Signs of Safety en VSV?",
    "Hoe stel ik samen met een multiprobleemgezin doelen op voor het gezinsplan?",
    "en dan nog een hele lange vraag over iets heel anders dan de vorige vraag ging",
    "hallo"])
def test_questions_of_their_own_are_not_follow_ups(text):
    assert not elliptical(text)


def _ask(kb, text, intent="ask_guideline", **context):
    return answer_question(kb, Question(intent=intent, text=text, **context))


def test_a_name_after_a_question_about_an_intervention_asks_the_same_about_it(kb):
    answer = _ask(kb, "en signs of safety?", intent="ask_intervention",
                  previous_text="is VSV effectief?", previous_intent="ask_effectiveness",
                  subject="intervention:vsv")
    same = answer_question(kb, Question(intent="ask_effectiveness",
                                        text="is Signs of Safety effectief?"))
    assert answer.lead == same.lead and "Signs of Safety" in answer.lead
    assert answer.passage_keys == same.passage_keys


@pytest.mark.parametrize("text, intent, effect", [
    ("en SAVE zelf?", "ask_intervention", True),
    # how it works or what it is: a question of its own (stop 58), whatever the NLU thought
    ("en SAVE, hoe werkt dat?", "ask_intervention", False),
    ("en SAVE, hoe werkt dat?", "ask_effectiveness", False),
    ("en SAVE, hoe werkt dat?", "nlu_fallback", False),  # stop 59
    ("en wat is SAVE?", "ask_definition", False),
])
def test_a_name_after_an_effect_question_with_a_question_of_its_own(kb, text, intent, effect):
    """After the effect of Signs of Safety, "en SAVE zelf?" asks SAVE's effect; "en SAVE, hoe
    werkt dat?" asks how SAVE works: its description."""
    answer = _ask(kb, text, intent=intent, interventions=["SAVE"],
                  previous_text="en wat levert signs of safety op?",
                  previous_intent="ask_effectiveness", subject="intervention:signs-of-safety")
    effect_answer = answer_question(kb, Question(intent="ask_effectiveness",
                                                 text="is SAVE effectief?"))
    assert (answer.lead == effect_answer.lead) == effect, answer.lead
    if not effect:
        assert answer.passage_keys[0] == \
            "mpg-gedwongen-kader/onveilige-situaties-inschatten/save-beschrijving"


def test_a_name_after_an_effect_question_the_nlu_was_unsure_of_asks_its_effect(kb):
    """"en bij SAVE?" after "en wat levert het op?" (nlu_fallback; the effect of ISC): the
    effect of SAVE, not its description."""
    answer = _ask(kb, "en bij SAVE?", intent="ask_intervention",
                  previous_text="en wat levert het op?", previous_intent="nlu_fallback",
                  subject="intervention:isc")
    same = answer_question(kb, Question(intent="ask_effectiveness", text="is SAVE effectief?"))
    assert answer.lead == same.lead and "SAVE" in answer.lead
    assert answer.passage_keys == same.passage_keys


SOS_MPG = "mpg-gedwongen-kader/onveilige-situaties-inschatten/sos-onderzoek"


@pytest.mark.parametrize("text, context", [
    # after the effect answer on Signs of Safety
    ("en in de MPG-richtlijn gedwongen kader? daar las ik iets positievers volgens mij",
     dict(subject="intervention:signs-of-safety", previous_intent="ask_effectiveness",
          previous_text="Is Signs of Safety bewezen effectief?")),
    # after a search answer to a question that named it; "huh," before "maar"
    ("huh, maar in de MPG-richtlijn bij gedwongen kader klinkt het juist positief?",
     dict(subject="search:In de richtlijn kindermishandeling staat een studie naar SoS",
          previous_intent="ask_guideline",
          previous_text="In de richtlijn kindermishandeling staat toch een Nederlandse studie "
                        "naar SoS, wat kwam daar nou uit?")),
    # nothing but the guideline's name (stop 58)
    ("en volgens de MPG-richtlijn gedwongen kader?",
     dict(subject="intervention:signs-of-safety", previous_intent="ask_effectiveness",
          previous_text="Is Signs of Safety bewezen effectief?"))])
def test_the_effect_of_an_intervention_asked_again_of_another_guideline(kb, text, context):
    """The same question, answered by the guideline the follow-up names: what that one says
    about its effect (fewer protection orders), not what it says about the method."""
    answer = _ask(kb, text, **context)
    assert answer.passage_keys[0] == SOS_MPG
    assert {kb.record(k).guideline_id for k in answer.passage_keys} == {"mpg-gedwongen-kader"}
    assert "over het effect van Signs of Safety" in answer.lead


def test_another_guideline_named_without_asking_about_the_effect_is_a_search(kb):
    """"en wat zegt de MPG-richtlijn over de fases?" after its effect asks about the phases."""
    answer = _ask(kb, "en wat zegt de MPG-richtlijn gedwongen kader over de fases?",
                  subject="intervention:signs-of-safety", previous_intent="ask_effectiveness",
                  previous_text="Is Signs of Safety bewezen effectief?")
    assert "over het effect van" not in answer.lead


def test_an_effect_question_without_a_name_is_about_what_the_last_question_named(kb):
    answer = _ask(kb, "en is het effectief?", previous_intent="ask_guideline",
                  previous_text="Is een Eigen Kracht-conferentie mogelijk als er al een OTS loopt?",
                  subject="search:Is een Eigen Kracht-conferentie mogelijk als er al een OTS loopt?")
    expected = answer_question(kb, Question(intent="ask_effectiveness",
                                            text="is een Eigen Kracht-conferentie effectief?"))
    assert answer.passage_keys == expected.passage_keys
    assert "Eigen Kracht" in answer.lead


def _quoting(kb, *names):
    """Keys of passages that name these interventions, in that order."""
    keys = []
    for name in names:
        row = kb.intervention(name)
        keys.append(next(r.key for r in kb.index.records
                         if r.key not in keys and kb.interventions_in(r.text) == [row]))
    return keys


def test_an_ordinal_picks_the_name_from_the_last_answer(kb):
    sources = _quoting(kb, "VSV", "MST-CAN")
    second = _ask(kb, "en de tweede?", sources=sources, previous_text="welke programma's zijn er?",
                  previous_intent="ask_guideline", subject="search:welke programma's zijn er?")
    assert second.lead == answer_question(
        kb, Question(intent="ask_intervention", text="MST-CAN")).lead
    effect = _ask(kb, "werkt de eerste?", sources=sources, previous_text="welke programma's?",
                  previous_intent="ask_guideline", subject="search:welke programma's?")
    assert "Veilig, Sterk & Verder" in effect.lead and "effectief" in effect.lead.lower()


def test_an_ordinal_that_cannot_be_resolved_asks_which_one_was_meant(kb):
    sources = _quoting(kb, "VSV")
    answer = _ask(kb, "en de derde?", sources=sources, previous_text="welke programma's?",
                  previous_intent="ask_guideline", subject="search:welke programma's?")
    assert answer.lead == message("answers.follow_up.which_of") and not answer.quotes
    assert [s.payload for s in answer.suggestions] == [f'wat is {kb.intervention("VSV").name}?']
    nothing = _ask(kb, "wat is het doel van de eerste?", previous_text="hoe gaat het?",
                   previous_intent="ask_guideline", subject="search:hoe gaat het?")
    assert nothing.lead == message("answers.follow_up.which") and not nothing.found


def test_an_ordinal_with_a_noun_and_no_list_before_it_is_no_reference(kb):
    """"het eerste gesprek" after the steps of deciding together (no names in that answer)
    is a conversation, not the first of a list: the follow-up is searched, not answered
    with "which one do you mean?"."""
    steps = kb.collection("beslisstappen")
    answer = _ask(kb, "en als het na het eerste gesprek nog steeds onduidelijk is?",
                  intent="ask_first_contact", sources=[p.key for p in steps[:3]],
                  previous_text="ik heb nog geen idee wat er achter zit. hoe ga ik verder?",
                  previous_intent="ask_guideline", subject="collection:beslisstappen")
    assert answer.found and answer.lead != message("answers.follow_up.which")
    assert answer.passage_keys[0] == "samen-beslissen/vraagverheldering/vervolg-verder-onderzoek"


def test_a_follow_up_searches_with_the_last_question_as_context(kb):
    first = "Wat staat er in de MPG-richtlijn over het veiligheidsplan?"
    alone = _ask(kb, "en wie moet er allemaal bij zijn?")
    answer = _ask(kb, "en wie moet er allemaal bij zijn?", previous_text=first,
                  previous_intent="ask_guideline", subject=f"search:{first}")
    plan = "multiprobleemgezinnen/hulpverleningsplan/veiligheidsplan"
    assert kb.record(plan)  # the passage exists
    assert plan in answer.passage_keys and plan not in alone.passage_keys


def test_a_follow_up_with_a_word_that_points_into_the_last_answer_keeps_its_subject(kb):
    """"wat voor doelen horen erin?" after the family plan: the goals of the family plan
    (refused as a question of its own)."""
    first = "Wat adviseert de richtlijn Multiprobleemgezinnen over het plan?"
    alone = _ask(kb, "wat voor doelen horen erin?")
    answer = _ask(kb, "wat voor doelen horen erin?", previous_text=first,
                  previous_intent="ask_guideline", subject=f"search:{first}",
                  sources=["multiprobleemgezinnen/hulpverleningsplan/gezinsplan-opstellen"])
    assert not alone.found
    assert answer.found and answer.passage_keys[0].startswith("multiprobleemgezinnen/")
    assert "doelen" in " ".join(q.text for q in answer.quotes)


def test_daarop_leans_on_the_last_answer(kb):
    """"... hoe reageer ik daarop?" after the first conversation in a coercive setting: what
    that list says about reactance ("daarop" points back like "daarover"); refused by
    itself."""
    first = ("nieuw gezin in een OTS, moeder is woest op de GI. volgende week mn eerste "
             "huisbezoek. hoe pak ik dat eerste gesprek aan?")
    text = ("ik verwacht eerlijk gezegd dat ze alles gaat afketsen wat ik zeg, bij de raad "
            "deed ze ook al zo. hoe reageer ik daarop?")
    alone = _ask(kb, text)
    answer = _ask(kb, text, previous_text=first, previous_intent="ask_first_contact",
                  subject="collection:eerste-contact-aandachtspunten",
                  sources=["mpg-gedwongen-kader/hulp-in-gedwongen-kader/houding-eerste-contact",
                           "mpg-gedwongen-kader/hulp-in-gedwongen-kader/duidelijk-en-direct",
                           "mpg-gedwongen-kader/hulp-in-gedwongen-kader/reactance"])
    assert not alone.found
    assert answer.found
    assert answer.passage_keys[0] == "mpg-gedwongen-kader/hulp-in-gedwongen-kader/reactance"


def test_a_short_question_in_the_guidelines_words_that_got_no_answer_is_asked_in_context(kb):
    """"mag ik wel zeggen wat ik zelf het beste vind?" after deciding on help together: the
    recommendation on advising the best help (refused by itself). A short aside of another
    field in the same conversation stays unanswered."""
    first = ("Jongere van 16 wil absoluut geen hulp van 'weer een instantie', ouders willen "
             "juist dat er een behandeling komt. Hoe beslis je dan samen over de hulp?")
    context = dict(previous_text=first, previous_intent="ask_guideline",
                   subject=f"search:{first}",
                   sources=["samen-beslissen/doelformulering/hulp-kiezen"])
    text = "mag ik wel zeggen wat ik zelf het beste vind?"
    assert not _ask(kb, text).found
    answer = _ask(kb, text, **context)
    assert "aanbevelingen doen voor de beste hulp" in " ".join(q.text for q in answer.quotes)
    aside = _ask(kb, "hoe vraag ik een parkeervergunning aan voor mijn dienstauto?", **context)
    assert not aside.found


def test_after_an_answer_about_a_problem_the_handlers_keep_the_subject(kb):
    """"en bij een baby?" after the interventions for neglect: the same question for that
    age, whatever intent the NLU gave the short message."""
    asked = HANDLERS["ask_interventions_for"](kb, Question(
        intent="ask_interventions_for", text="welke hulp bij verwaarlozing van een baby?",
        problems=["verwaarlozing"], age=0))
    for intent in ("ask_interventions_for", "ask_guideline", "nlu_fallback"):
        q = Question(intent=intent, text="en bij een baby?", age=0,
                     subject="problem:verwaarlozing", previous_text="wat helpt bij verwaarlozing?",
                     previous_intent="ask_interventions_for")
        answer = follow_up_answer(kb, q, HANDLERS)
        assert answer is not None and answer.found, intent
        assert answer.lead == asked.lead and answer.passage_keys == asked.passage_keys


@pytest.mark.parametrize("text, age", [("en voor de oudste?", 15), ("en de jongste?", 4),
                                       ("en als ze 9 was geweest?", 9)])
def test_an_age_follow_up_asks_the_last_question_again_for_that_age(kb, text, age):
    first = "gezin met 3 kids (4, 8 en 15 jr), fysiek geweld door vader. welke programma's?"
    answer = follow_up_answer(kb, Question(
        intent="ask_guideline", text=text, subject="problem:fysieke_mishandeling:4",
        previous_text=first, previous_intent="ask_interventions_for"), HANDLERS)
    assert answer is not None and str(age) in answer.lead
    same = HANDLERS["ask_interventions_for"](kb, Question(
        intent="ask_interventions_for", text=f"fysieke mishandeling {age} jaar",
        problems=["fysieke mishandeling"], age=age))
    assert answer.passage_keys == same.passage_keys


def test_a_term_in_quotes_that_the_conversation_did_not_name_is_a_question_of_its_own(kb):
    """"collega had het over 'positioneren', wat is dat?" after partnership under coercion:
    not searched with that context (whose passages it then got), but a question of its own
    (the fallback's search finds the skill). A quote of what someone said is no term."""
    partnership = "maar partnerschap terwijl het gedwongen is, klinkt tegenstrijdig toch?"
    sources = ["mpg-gedwongen-kader/onveilige-situaties-inschatten/partnerschap-en-veiligheid"]
    context = dict(previous_text=partnership, previous_intent="ask_guideline", sources=sources,
                   subject=f"search:{partnership}")
    term = "collega had het over 'positioneren', wat is dat?"
    assert follow_up_answer(kb, Question(intent="nlu_fallback", text=term, **context),
                            HANDLERS) is None
    said = "en als vader zegt 'jullie komen alleen maar controleren'?"
    assert follow_up_answer(kb, Question(intent="ask_guideline", text=said, **context),
                            HANDLERS) is not None


def test_a_term_in_quotes_that_the_last_answer_quoted_is_asked_about_in_it(kb):
    """"wat wordt er bedoeld met 'positioneren'?" after the skills, one of which is
    positioneren: a follow-up about the last answer (no "die", no "dat"), answered with that
    skill, not a question of its own that the fallback refuses."""
    first = ("welke vaardigheden hebben hulpverleners nodig om samen met gezinnen te beslissen "
             "bij onveiligheid?")
    last = answer_question(kb, Question(intent="ask_guideline", text=first))
    skill = "beslissen-onveilig/vaardigheden/positioneren"
    assert skill in last.passage_keys
    q = Question(intent="nlu_fallback", text="wat wordt er bedoeld met 'positioneren'?",
                 subject=last.subject, previous_text=first, previous_intent="ask_guideline",
                 sources=last.passage_keys)
    assert points_at_last_answer(kb, q)
    answer = follow_up_answer(kb, q, HANDLERS, closest=False)
    assert answer is not None and answer.passage_keys[0] == skill


def test_an_age_follow_up_about_an_intervention_gets_its_ages(kb):
    answer = follow_up_answer(kb, Question(
        intent="nlu_fallback", text="en als ze 5 was geweest?", subject="intervention:mst-can",
        previous_text="is dat bewezen effectief?", previous_intent="ask_effectiveness"),
        HANDLERS)
    assert answer is not None and "MST-CAN" in answer.lead
    assert "kindermishandeling/interventies-tabel/mst-can-doelgroep" in answer.passage_keys


def test_the_ages_a_message_gives_leave_out_counts_and_months():
    assert ages_mentioned("gezin met 3 kids (4, 8 en 15 jr), sinds 2 maanden bij ons") == \
        [4, 8, 15]
    assert ages_mentioned("28 gezinnen en een baby") == [0]


@pytest.mark.parametrize("text, intent", [
    ("en wordt het er ook echt veiliger van voor de kids?", "nlu_fallback"),
    ("voorkomt dat een uhp?", "nlu_fallback"),
    ("en merk je daar iets van in de praktijk?", "ask_guideline"),
    ("en wat levert het op? is daar iets over bekend?", "ask_guideline")])
def test_an_effect_follow_up_is_about_the_intervention_of_the_last_answer(kb, text, intent):
    answer = follow_up_answer(kb, Question(
        intent=intent, text=text, subject="intervention:eigen-kracht-conferentie",
        previous_text="heeft een eigen kracht conferentie nog zin bij een OTS?",
        previous_intent="ask_guideline"), HANDLERS)
    assert answer is not None and answer.subject == "intervention:eigen-kracht-conferentie"
    assert "effect" in answer.lead.lower()


def test_an_effect_follow_up_finds_the_intervention_named_earlier_in_the_conversation(kb):
    answer = follow_up_answer(kb, Question(
        intent="ask_effectiveness", text="is het ook bewezen effectief?",
        subject="search:en merk je daar iets van", previous_text="en doen ouders meer mee?",
        earlier_texts=["bij ons op de GI werken we met SAVE, wat zijn die vensters?"]),
        HANDLERS)
    assert answer is not None and answer.subject == "intervention:save"


def test_an_effect_follow_up_is_about_the_intervention_the_last_answer_quoted_first(kb):
    """After a search answer (no intervention as its subject): the first quote that names
    interventions says which one "daarvan" is; when it names two, the assistant asks."""
    case = "vader slaat de 9-jarige, welke behandeling past bij dit gezin?"
    q = Question(intent="ask_effectiveness", text="en de effectiviteit daarvan?",
                 subject=f"search:{case}", previous_text=case, previous_intent="ask_guideline",
                 sources=["kindermishandeling/interventies-effectiviteit/mst-can-beschrijving",
                          "kindermishandeling/benaderingen/vsv-behandelprogramma"])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None and answer.subject == "intervention:mst-can"
    two = follow_up_answer(kb, Question(
        intent="ask_effectiveness", text="en de effectiviteit daarvan?",
        subject=f"search:{case}", previous_text=case, previous_intent="ask_guideline",
        sources=["kindermishandeling/interventies-effectiviteit/twee-effectief"]), HANDLERS)
    assert two is not None and not two.found
    assert [b.title for b in two.suggestions] == ["Families First",
                                                  "Intensieve Ambulante Gezinsbehandeling"]


def test_of_the_names_a_quote_gives_the_one_the_conversation_named_is_meant(kb):
    """The passage on SAVE names SAVE and Signs of Safety: after a question about SAVE,
    "is het ook bewezen effectief?" is about SAVE; without a name in the conversation the
    assistant asks which one was meant."""
    first = "bij ons op de GI werken we met SAVE. wat zijn die vensters nou?"
    save = ["mpg-gedwongen-kader/onveilige-situaties-inschatten/save-beschrijving"]
    answer = follow_up_answer(kb, Question(
        intent="ask_effectiveness", text="is het ook bewezen effectief?",
        subject=f"search:{first}", previous_text="en doen ouders daar meer mee?",
        earlier_texts=[first], sources=save), HANDLERS)
    assert answer is not None and answer.subject == "intervention:save"
    unnamed = "een collega vertelde over die vensters. wat zijn dat?"
    asked = follow_up_answer(kb, Question(
        intent="ask_effectiveness", text="is het ook bewezen effectief?",
        subject=f"search:{unnamed}", previous_text=unnamed, sources=save), HANDLERS)
    assert asked is not None and not asked.found
    assert [b.title for b in asked.suggestions] == ["SAVE", "Signs of Safety"]


def test_a_term_of_its_own_is_not_read_into_the_last_question(kb):
    q = Question(intent="ask_definition", text="en ORBA?", terms=["ORBA"],
                 subject="search:lirik, wat is dat en wie gebruikt het?",
                 previous_text="lirik, wat is dat en wie gebruikt het?",
                 previous_intent="ask_guideline", sources=["beslissen-onveilig/werkwijzen-integreren/lirik"])
    assert follow_up_answer(kb, q, HANDLERS) is None
    assert "beslissen-onveilig/werkwijzen-integreren/orba" in answer_question(kb, q).passage_keys


def test_an_aside_of_another_field_is_not_the_context_of_the_next_follow_up():
    """"wat is de maximale caseload?" got no answer; "en wat moet er nog onderzocht
    worden?" goes on from the question before it."""
    asked = "Wat moet je als organisatie regelen zodat hulpverleners goed kunnen beslissen?"
    q = Question(intent="ask_guideline", text="en wat moet er nog verder onderzocht worden?",
                 subject="collection:beslissen-onveilig/randvoorwaarden",
                 previous_text="wat is de maximale caseload volgens de landelijke normen?",
                 earlier_texts=[asked])
    assert context_of(q) == asked
    assert context_of(dataclasses.replace(q, earlier_texts=[])) == q.previous_text


def test_a_name_the_nlu_missed_after_die_is_a_question_of_its_own(kb):
    """"en die ORBA?": the NLU finds no term after "die"; ORBA is still a name the
    guidelines define, not in the last question, so the question is about it."""
    q = Question(intent="ask_definition", text="en die ORBA?", terms=[],
                 subject="search:lirik, wat is dat en wie gebruikt het?",
                 previous_text="lirik, wat is dat en wie gebruikt het?",
                 previous_intent="ask_guideline", sources=["beslissen-onveilig/werkwijzen-integreren/lirik"])
    assert follow_up_answer(kb, q, HANDLERS) is None
    assert answer_question(kb, q).passage_keys[0] == "beslissen-onveilig/werkwijzen-integreren/orba"


def test_die_term_asks_about_the_term_of_the_last_answer(kb):
    """"waarom zou je die term liever niet gebruiken?" after what a multiproblem family
    is: a follow-up (no word of its own says which term), answered in that guideline."""
    first = "Wanneer noem je een gezin eigenlijk een multiprobleemgezin?"
    last = answer_question(kb, Question(intent="ask_guideline", text=first))
    q = Question(intent="ask_guideline", text="waarom zou je die term liever niet gebruiken?",
                 subject=last.subject, previous_text=first, previous_intent="ask_guideline",
                 sources=last.passage_keys)
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None
    assert answer.passage_keys[0] == "multiprobleemgezinnen/inleiding/positieve-benadering"


def test_a_follow_up_naming_another_guideline_asks_the_same_there(kb):
    first = "Hoe stel ik samen met een multiprobleemgezin doelen op voor het gezinsplan?"
    q = Question(intent="ask_guideline", text="en wat zegt de richtlijn samen beslissen over doelen?",
                 subject=f"search:{first}", previous_text=first, previous_intent="ask_guideline",
                 sources=["multiprobleemgezinnen/hulpverleningsplan/doelen"])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None and answer.passage_keys
    assert all(k.startswith("samen-beslissen/") for k in answer.passage_keys)


def test_the_passage_model_chooses_in_the_guideline_of_the_conversation(kb):
    """"en de doelen, hoe formuleer ik die?" after the family plan of Multiprobleemgezinnen:
    that guideline's goals, though the passage model, which learned questions without their
    conversation, prefers the goals of Samen beslissen for these words."""
    first = "Wat moet daar eigenlijk in en hoe pak ik dat aan?"
    q = Question(intent="ask_guideline", text="en de doelen, hoe formuleer ik die?",
                 guideline="samen-beslissen", subject=f"search:{first}",
                 previous_text="Ik moet met een gezin met veel problemen een gezinsplan gaan "
                               "maken. " + first, previous_intent="ask_guideline",
                 sources=["multiprobleemgezinnen/hulpverleningsplan/gezinsplan-opstellen",
                          "multiprobleemgezinnen/hulpverleningsplan/veiligheidsplan"])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None
    assert answer.passage_keys[0] == "multiprobleemgezinnen/hulpverleningsplan/doelen"


def test_a_follow_up_that_matches_clearly_is_answered_in_the_guideline_of_the_conversation(kb):
    """"waarom zou die positieve benadering helpen dan?" after partnership and safety in
    gedwongen kader: its words match Multiprobleemgezinnen's introduction clearly, but the
    guideline of the conversation says it too, and that is the one quoted."""
    first = "hoe zien jullie die combi?"
    q = Question(intent="ask_guideline", guideline="multiprobleemgezinnen",
                 text="waarom zou die positieve benadering helpen dan? wat zegt de richtlijn "
                      "daar precies over", subject=f"search:{first}",
                 previous_text="gezin zit in een drangtraject. ik wil samenwerken maar moet "
                               "ook de veiligheid in de gaten houden. " + first,
                 previous_intent="ask_guideline",
                 sources=["mpg-gedwongen-kader/onveilige-situaties-inschatten/"
                          "partnerschap-en-veiligheid"])
    answer = answer_question(kb, q)
    assert answer.passage_keys[0] == \
        "mpg-gedwongen-kader/onveilige-situaties-inschatten/positieve-benadering"


def test_a_follow_up_stays_in_the_guideline_of_the_last_answer(kb):
    """"ook in gedwongen kader?" after the basic attitude of shared decisions: what that
    guideline says about the coerced setting, not the coerced-setting guideline."""
    first = "welke basishouding hoort bij samen beslissen?"
    q = Question(intent="nlu_fallback", text="ook in gedwongen kader? ik ben gezinsvoogd",
                 subject=f"search:{first}", previous_text=first, previous_intent="ask_guideline",
                 sources=["samen-beslissen/samenwerking/basishouding"])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None
    assert answer.passage_keys[0] == "samen-beslissen/samenwerking/gedwongen-kader-samen-beslissen"


def _search_follow_up(kb, text, previous, source, **context):
    """The answer to a follow-up after a search answer to ``previous`` that quoted
    ``source``; it must be one."""
    context.setdefault("previous_text", previous)
    q = Question(intent="ask_guideline", text=text, subject=f"search:{previous}",
                 previous_intent="ask_guideline", sources=[source], **context)
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None
    return answer


def test_a_follow_up_s_own_words_outweigh_its_context(kb):
    """"en in gedwongen kader? dan ook?" after what belongs in a samenhangend beeld: what
    Samen beslissen says of the analysis in the coerced setting (it may be skipped), not
    the samenhangend beeld again."""
    first = "wat moet er allemaal in een samenhangend beeld?"
    answer = _search_follow_up(
        kb, "en in gedwongen kader? dan ook?", first,
        "samen-beslissen/probleem-krachtenanalyse/samenhangend-beeld-definitie",
        guideline="mpg-gedwongen-kader",
        previous_text=first + " de gw wil het vrijdag zien voor het MDO")
    assert answer.passage_keys[0] == \
        "samen-beslissen/probleem-krachtenanalyse/gedwongen-kader-analyse-overslaan"


def test_the_next_follow_up_leans_on_a_follow_up_and_its_context_each_once(kb):
    """After the skills list and "wat bedoelen ze met positioneren?", "en netwerk activeren,
    hoe doe ik dat dan?" quotes that skill and leaves itself and its context (once each,
    not weighted as in its search) for the next one: "en qua houding?" then gets the
    attitudes of that guideline."""
    q = Question(intent="ask_guideline", text="en netwerk activeren, hoe doe ik dat dan?",
                 subject="collection:vaardigheden-hulpverleners",
                 previous_text="wat bedoelen ze met positioneren?",
                 sources=["beslissen-onveilig/vaardigheden/positioneren"])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer.passage_keys == ["beslissen-onveilig/vaardigheden/netwerk-activeren"]
    assert answer.subject == ("search:en netwerk activeren, hoe doe ik dat dan? "
                              "wat bedoelen ze met positioneren?")
    attitude = follow_up_answer(kb, Question(
        intent="ask_guideline", text="en qua houding?", subject=answer.subject,
        previous_text=q.text, sources=answer.passage_keys), HANDLERS)
    assert attitude.subject == "collection:houding-hulpverleners"


def test_a_message_returning_after_an_aside_goes_on_from_the_conversation(kb):
    """"top. terug naar die moeder, ..." after a question about Outlook, before which a
    mother's question about her toddler's sleep was answered from Samen beslissen: the
    attitude that guideline asks for, not the attitude for deciding on an unsafe home."""
    text = "top. terug naar die moeder, met wat voor houding ga ik dat gesprek in?"
    assert elliptical(text)
    first = "moet ik daar nou meteen een heel traject van maken met onderzoek enzo?"
    q = Question(intent="ask_guideline", guideline="beslissen-onveilig", text=text,
                 subject=f"search:{first}",
                 previous_text="hoe zet ik in outlook een afwezigheidsmelding aan?",
                 previous_intent="out_of_scope",
                 sources=["samen-beslissen/vraagverheldering/vervolg-licht-probleem"])
    answer = answer_question(kb, q)
    assert answer.passage_keys[0].startswith("samen-beslissen/")
    assert "samen-beslissen/samenwerking/basishouding" in answer.passage_keys


@pytest.mark.parametrize("text, start, expected", [
    ("Gezin met 3 kinderen, welke interventie past?", 10, None),
    ("Een gezin met 2 kids en een OTS", 13, None),
    ("Een baby van 4 maanden, welke hulp?", 14, 0),
    ("Een jongen van 15 met gedragsproblemen", 15, 15),
])
def test_a_number_of_children_is_not_an_age(text, start, expected):
    value = text[start:start + len(text[start:].split()[0])].strip(",")
    entity = {"entity": "age", "value": value, "start": start, "end": start + len(value)}
    assert text[entity["start"]:entity["end"]] == value
    assert question_of({"text": text, "entities": [entity]}, {}).age == expected


@pytest.mark.parametrize("text, age", [("en bij een peuter?", 2), ("twee pubers thuis", 14),
                                       ("gezin met een baby", 0)])
def test_a_life_stage_gives_an_age(text, age):
    assert question_of({"text": text}, {}).age == age


def test_placeholders_are_read_as_their_words_in_place():
    text = "Moeder van [NAAM] belt vanaf [TELEFOON], haar BSN is [BSN]. Wat nu?"
    read = placeholders_as_words(text)
    assert len(read) == len(text)
    assert "[" not in read and "iemand" in read and "telefoon" in read
    assert read.index("belt") == text.index("belt")  # every token keeps its place
    assert placeholders_as_words("geen placeholders hier") == "geen placeholders hier"


# --- an ordinal points into the list of an earlier answer, in that list's guideline -----------
METHODS = "mpg-gedwongen-kader/onveilige-situaties-inschatten/drie-methoden"  # SoS, ISC, SAVE


def test_an_ordinal_after_an_answer_about_one_name_points_into_the_list_before_it(kb):
    assert [r.name for r in kb.interventions_in(kb.record(METHODS).text)][:1] == \
        [kb.intervention("Signs of Safety").name]
    one = _quoting(kb, "Signs of Safety")  # the answer to "de eerste"
    second = _ask(kb, "en de tweede?", sources=one, previous_text="wat doet de eerste?",
                  previous_intent="ask_guideline", subject="intervention:x",
                  earlier_sources=[[METHODS]])
    isc = kb.interventions_in(kb.record(METHODS).text)[1]
    assert isc.name in second.lead or isc.name in " ".join(q.text for q in second.quotes)
    # without the earlier list it cannot be resolved
    lost = _ask(kb, "en de tweede?", sources=one, previous_text="wat doet de eerste?",
                previous_intent="ask_guideline", subject="intervention:x")
    assert lost.lead == message("answers.follow_up.which_of")


def test_an_ordinal_is_answered_from_the_guideline_that_listed_the_names(kb):
    first = "welke methoden noemt de richtlijn voor de kinderbescherming?"
    answer = _ask(kb, "wat is het doel van de eerste?", sources=[METHODS], previous_text=first,
                  previous_intent="ask_guideline", subject=f"search:{first}")
    assert answer.found and answer.quotes
    # the first from the guideline that listed the names; another guideline's passage on
    # the same method may follow it (OTHER_GUIDELINE_SHARE, kept by the budget since stop 43)
    assert kb.record(answer.passage_keys[0]).guideline_id == "mpg-gedwongen-kader"
    assert all("Signs of Safety" in f"{q.heading or ''} {q.text}" for q in answer.quotes)
    assert "Signs of Safety" in answer.quotes[0].text


# --- "en daarna?": what the guideline says next -------------------------------------------------
UNSAFE = "mpg-gedwongen-kader/onveilige-situaties-inschatten/"


@pytest.mark.parametrize("text", ["en daarna?", "en daarna, met het gezin?",
                                  "wat is de volgende stap?", "vervolgens?"])
def test_a_next_step_follow_up_quotes_the_passage_after_the_last_answer(kb, text):
    """After an answer on acting at once in acute danger (quoted with the Meldcode and the
    Afwegingskader, earlier in the same section), "en daarna?" asks what the guideline
    says after acting: working with the parents again."""
    shown = [UNSAFE + "meldcode-verplicht", UNSAFE + "eenzijdig-ingrijpen",
             UNSAFE + "afwegingskader"]
    answer = _ask(kb, text, previous_text="en als het acuut is?",
                  previous_intent="ask_guideline", sources=shown,
                  subject="search:wanneer kom ik in actie bij een vermoeden van mishandeling")
    assert answer.passage_keys[:1] == [UNSAFE + "daarna-samenwerken"]
    assert answer.lead == message("answers.follow_up.next",
                                  guideline="de Richtlijn Gezinnen met meervoudige en complexe "
                                            "problemen")
    assert elliptical(text)
    # the NLU reads a bare "en daarna?" as "meer": the same answer, not the rest of the last
    more = _ask(kb, text, intent="ask_more", previous_text="en als het acuut is?",
                previous_intent="ask_guideline", sources=shown, more=[UNSAFE + "niet-vrijwillig"],
                subject="search:wanneer kom ik in actie bij een vermoeden van mishandeling")
    assert more.passage_keys[:1] == [UNSAFE + "daarna-samenwerken"]
    plain_more = _ask(kb, "meer", intent="ask_more", sources=shown,
                      more=[UNSAFE + "niet-vrijwillig"])
    assert plain_more.passage_keys == [UNSAFE + "niet-vrijwillig"]


def test_a_next_step_after_saying_it_is_done_quotes_the_passage_after_the_last_answer(kb):
    """"ok kind is veilig bij de buren. en daarna?" after acting at once in acute danger: a
    short report that it is done comes first, the question is still what comes next (what
    follows working with the parents again)."""
    shown = [UNSAFE + "eenzijdig-ingrijpen", UNSAFE + "daarna-samenwerken"]
    answer = _ask(kb, "ok kind is veilig bij de buren. en daarna?",
                  previous_text="vader is dronken en heeft net de 4-jarige tegen de muur geduwd",
                  previous_intent="report_danger", sources=shown,
                  subject="search:vader is dronken en heeft net de 4-jarige tegen de muur geduwd")
    assert answer.passage_keys[:1] == [UNSAFE + "positieve-benadering"]
    assert answer.lead.startswith("Daarna")


def test_a_next_step_after_the_escalation_card_goes_on_after_acting_unilaterally(kb):
    """The card quotes two guidelines (acting unilaterally and working together afterwards,
    then samen beslissen's crisis intervention): "en daarna?" goes on in the first one."""
    card = compose.escalation_card(kb)
    assert card.passage_keys[-1] == "samen-beslissen/vraagverheldering/vervolg-acuut-bedreigend"
    answer = _ask(kb, "ok kind is veilig bij de buren. en daarna?",
                  previous_text="vader is dronken en heeft net de 4-jarige tegen de muur geduwd",
                  previous_intent="report_danger", sources=card.passage_keys,
                  subject="search:vader is dronken en heeft net de 4-jarige tegen de muur geduwd")
    assert answer.passage_keys[:1] == [UNSAFE + "positieve-benadering"]


def test_a_name_asking_whether_it_fits_after_the_help_that_prevents_a_placement(kb):
    """"en mst-can? kan dat ook?" after the interventions that prevent a placement for
    children of 3 and 5 ("voorkomen": an effect word): the NLU reads a question about its
    ages, and gets MST-CAN's target group (6-17); "en mst-can?" alone still asks whether it
    prevents one (its effect)."""
    context = dict(interventions=["MST-CAN"], subject="problem:kindermishandeling:",
                   sources=["kindermishandeling/interventies-tabel/families-first-doelgroep"],
                   previous_text="Welke interventies zijn er om een uhp te voorkomen na "
                                 "mishandeling? Kinderen zijn 3 en 5.",
                   previous_intent="ask_interventions_for")
    fits = _ask(kb, "en mst-can? kan dat ook?", intent="ask_age_range", **context)
    assert fits.passage_keys[:1] == ["kindermishandeling/interventies-tabel/mst-can-doelgroep"]
    effect = _ask(kb, "en mst-can?", intent="ask_intervention", **context)
    assert effect.passage_keys[:1] == ["kindermishandeling/interventies-tabel/mst-can-beoordeling"]


def test_and_then_on_with_the_family_asks_what_comes_next(kb):
    """"en dan met het gezin verder?" after LIRIK (estimating safety) asks what comes after
    it: the safety plan with the family (Signs of Safety), not LIRIK again."""
    shown = ["beslissen-onveilig/werkwijzen-integreren/lirik"]
    answer = _ask(kb, "en dan met het gezin verder?", previous_intent="ask_guideline",
                  previous_text="en voor het inschatten van de veiligheid zelf?", sources=shown,
                  subject="search:en voor het inschatten van de veiligheid zelf?")
    assert answer.passage_keys[:1] == ["beslissen-onveilig/werkwijzen-integreren/signs-of-safety"]
    assert answer.lead.startswith("Daarna")


def test_a_next_step_with_a_question_of_its_own_is_that_question(kb):
    """"en daarna, wat voor hulp?" asks what help comes after building the relationship; the
    passage that follows the last quote in the guideline is the definition of the family."""
    from jeugdhulp.dialogue.pointing import what_comes_next

    shown = ["multiprobleemgezinnen/hulp-verlenen/werkrelatie"]
    context = dict(previous_text="ze hebben al 8 hulpverleners versleten. waar begin ik?",
                   previous_intent="ask_guideline", sources=shown,
                   subject="search:ze hebben al 8 hulpverleners versleten. waar begin ik?")
    asks = Question(intent="ask_guideline", text="en daarna, wat voor hulp?", **context)
    assert what_comes_next(kb, asks) is None
    bare = Question(intent="ask_guideline", text="en daarna, met de ouders?", **context)
    assert what_comes_next(kb, bare) is not None


def test_a_next_step_after_a_list_leads_into_its_list_or_past_it(kb):
    steps = answer_question(kb, Question(intent="ask_guideline",
                                         text="welke stappen zijn er bij samen beslissen?"))
    assert "samen-beslissen/beslisproces/stap-6" in steps.passage_keys
    after = _ask(kb, "en daarna?", previous_text="welke stappen zijn er bij samen beslissen?",
                 previous_intent="ask_guideline", sources=steps.passage_keys,
                 subject=steps.subject)
    assert after.passage_keys and not set(after.passage_keys) & set(steps.passage_keys)
    assert after.passage_keys[0].startswith("samen-beslissen/beslisproces/")


@pytest.mark.parametrize("text, expected", [
    ("die eerste stap, hoe doe ik dat in de praktijk?",
     "samen-beslissen/vraagverheldering/hulpvraag-en-vervolgtraject"),
    ("bij die eerste stap: wat als het maar een klein probleem is?",
     "samen-beslissen/vraagverheldering/vervolg-licht-probleem"),
    ("hoe werkt de derde stap?", "samen-beslissen/doelformulering/doelen-stellen"),
])
def test_an_ordinal_into_a_list_of_steps_asks_about_that_step(kb, text, expected):
    """After the steps of samen beslissen, "die eerste stap" is "Verhelder de vraag.": what
    the guideline says about that step, not the list again."""
    steps = answer_question(kb, Question(intent="ask_guideline",
                                         text="welke stappen doorloop ik bij samen beslissen?"))
    assert "samen-beslissen/beslisproces/stap-1" in steps.passage_keys
    answer = _ask(kb, text, previous_text="welke stappen doorloop ik bij samen beslissen?",
                  previous_intent="ask_guideline", sources=steps.passage_keys,
                  subject=steps.subject)
    assert expected in answer.passage_keys[:3]
    assert "samen-beslissen/beslisproces/stap-2" not in answer.passage_keys


def test_a_message_pointing_at_a_word_of_the_last_answer_goes_on_from_it(kb):
    """"die doelen" after the family plan (whose passages speak of goals): the goals of the
    family plan, not Samen beslissen's; a word of another field keeps it a question of its
    own."""
    plan = ["multiprobleemgezinnen/hulpverleningsplan/gezinsplan-werkplan",
            "multiprobleemgezinnen/hulpverleningsplan/gezinsplan-opstellen",
            "multiprobleemgezinnen/hulpverleningsplan/evalueren"]
    context = dict(previous_text="We gaan een gezinsplan maken, wat hoort daar volgens de "
                                 "richtlijn in?", previous_intent="ask_guideline",
                   sources=plan, subject="search:We gaan een gezinsplan maken, wat hoort "
                                         "daar volgens de richtlijn in?")
    text = "hoe formuleer ik die doelen zodat ze er ook echt wat mee doen"
    assert not elliptical(text)
    answer = _ask(kb, text, **context)
    assert answer.passage_keys[:1] == ["multiprobleemgezinnen/hulpverleningsplan/doelen"]
    assert follow_up_answer(kb, Question(
        intent="ask_guideline", text="kan ik dat gezinsplan ergens in ons registratiesysteem "
                                     "terugvinden?", **context), HANDLERS) is None
    # "dat" before a word of the quotes is mostly a conjunction, not a pointer
    assert not points_at_last_answer(kb, Question(
        intent="ask_guideline", text="hoe zorg ik ervoor dat doelen echt gehaald worden in "
                                     "het gezin", **context))


def test_without_a_next_cue_or_anything_after_it_the_search_answers(kb):
    last = [UNSAFE + "richtlijn-kindermishandeling-verwijzing"]  # the section's last passage
    answer = _ask(kb, "en daarna?", previous_text="waar staat meer over kindermishandeling?",
                  previous_intent="ask_guideline", sources=last,
                  subject="search:waar staat meer over kindermishandeling?")
    assert answer.lead != message("answers.follow_up.next",
                                  guideline="de Richtlijn Gezinnen met meervoudige en complexe "
                                            "problemen")
    # "en dan bij een baby?" replaces a slot; it is no next step
    baby = _ask(kb, "en dan bij een baby?", previous_text="en als het acuut is?",
                previous_intent="ask_guideline", sources=[UNSAFE + "eenzijdig-ingrijpen"],
                subject="search:en als het acuut is?")
    assert not baby.lead.startswith("Daarna zegt")


def test_a_longer_message_that_refers_back_but_asks_its_own_question_is_its_own(kb):
    """"hoe begin ik dan zo'n eerste gesprek na een OTS?" leans on the last answer ("dan",
    "zo'n") but the guidelines answer it clearly as it is."""
    first = "welke basishouding hoort bij samen beslissen?"
    q = Question(intent="ask_first_contact", text="hoe begin ik dan zo'n eerste gesprek na een OTS?",
                 subject=f"search:{first}", previous_text=first, previous_intent="ask_guideline",
                 sources=["samen-beslissen/samenwerking/basishouding"])
    assert elliptical(q.text)
    assert follow_up_answer(kb, q, HANDLERS) is None


def test_without_closest_a_follow_up_search_answers_only_a_clear_match(kb):
    first = "welke basishouding hoort bij samen beslissen?"
    q = Question(intent="nlu_fallback", text="en hoeveel verdien je daar eigenlijk mee?",
                 subject=f"search:{first}", previous_text=first, previous_intent="ask_guideline",
                 sources=["samen-beslissen/samenwerking/basishouding"])
    answer = follow_up_answer(kb, q, HANDLERS, closest=False)
    assert answer is not None and not answer.found and not answer.passage_keys


def test_a_follow_up_in_general_words_is_not_a_question_of_its_own(kb):
    """"waarom zou je het dan toch gebruiken?" shares a word or two with some passage, which
    is no clear answer by itself: it is about the approach the conversation is about."""
    first = "Ik werk bij een GI die met 'Beter Beschermd' werkt. Is dat eigenlijk onderzocht?"
    q = Question(intent="nlu_fallback", text="waarom zou je het dan toch gebruiken?",
                 subject="intervention:beter-beschermd", previous_text=first,
                 previous_intent="ask_effectiveness",
                 sources=["kindermishandeling/interventies-tabel/werkwijzen-beoordeling"])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None and answer.passage_keys
    assert all(k.startswith("kindermishandeling/") for k in answer.passage_keys)


@pytest.mark.parametrize("text, effect", [("welke van die twee is beter onderbouwd?", True),
                                          ("en welke van beide past beter bij ons gezin?", False)])
def test_which_of_those_two_compares_the_two_names_of_the_last_answer(kb, text, effect):
    q = Question(intent="ask_guideline", text=text, subject="search:crisis thuis",
                 previous_text="welke intensieve hulp thuis kan een uithuisplaatsing voorkomen?",
                 previous_intent="ask_guideline",
                 sources=["kindermishandeling/interventies-tabel/families-first-aanpak",
                          "kindermishandeling/interventies-tabel/ambulante-spoedhulp-aanpak"])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None and "Families First" in answer.lead
    assert "Ambulante Spoedhulp" in answer.lead
    evidence = "kindermishandeling/interventies-effectiviteit/twee-effectief"
    assert (evidence in answer.passage_keys) == effect


def test_what_more_with_a_wish_of_its_own_goes_on_in_the_conversation(kb):
    """"wat nog meer? ik wil niet alleen maar problemen benoemen" after how to raise the
    worries: a follow-up (the NLU unsure), answered in the guideline of the last answer."""
    first = "hoe breng ik de zorgen ter sprake zonder dat hij dichtklapt?"
    q = Question(intent="nlu_fallback",
                 text="wat nog meer? ik wil niet alleen maar problemen benoemen", subject=f"search:{first}", previous_text=first, previous_intent="ask_guideline",
                 sources=["mpg-gedwongen-kader/hulp-in-gedwongen-kader/duidelijk-en-direct",
                          "mpg-gedwongen-kader/hulp-in-gedwongen-kader/feiten-en-norm"])
    assert elliptical(q.text)
    answer = follow_up_answer(kb, q, HANDLERS, closest=False)
    assert answer is not None and answer.found
    assert answer.passage_keys[0] == "mpg-gedwongen-kader/hulp-in-gedwongen-kader/sterke-kanten"


def test_which_of_those_two_takes_the_names_of_the_last_two_answers_together(kb):
    """"welke van die twee past beter bij dit gezin?" after one answer on IAG and the next on
    Families First: no answer named two, together they did."""
    q = Question(intent="nlu_fallback", text="welke van die twee past beter bij dit gezin?",
                 subject="intervention:families-first",
                 previous_text="en families first, wat is t verschil?",
                 previous_intent="ask_guideline",
                 sources=["kindermishandeling/interventies-tabel/families-first-doelgroep"],
                 earlier_texts=["welke intensieve gezinsbehandeling past bij dit gezin?"],
                 earlier_sources=[["kindermishandeling/interventies-tabel/iag-doelgroep"]])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None and answer.found
    assert "Families First" in answer.lead and "Intensieve Ambulante Gezinsbehandeling" in answer.lead
    assert {"kindermishandeling/interventies-tabel/families-first-doelgroep",
            "kindermishandeling/interventies-tabel/iag-doelgroep"} <= set(answer.passage_keys)


MPG_SAFETY = "mpg-gedwongen-kader/onveilige-situaties-inschatten"


def test_which_of_those_two_compares_the_names_the_user_asked_about(kb):
    """"welke van die twee is nou het best onderzocht?" after "wat levert Signs of Safety
    op?" and "en SAVE?": those two, not the "familienetwerkberaad" (Eigen Kracht) that SAVE's
    study names in passing; each side keeps a passage when the answer is cut to fit."""
    q = Question(intent="nlu_fallback", text="welke van die twee is nou het best onderzocht?",
                 subject="intervention:save", previous_text="en SAVE?",
                 previous_intent="ask_effectiveness",
                 sources=[f"{MPG_SAFETY}/save-onderzoek", f"{MPG_SAFETY}/save-beschrijving"],
                 earlier_texts=["Onze GI stapt over op Signs of Safety. Wat levert dat op?"],
                 earlier_sources=[[f"{MPG_SAFETY}/sos-onderzoek"]])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None and answer.found
    assert "SAVE" in answer.lead and "Signs of Safety" in answer.lead
    assert "Eigen Kracht" not in answer.lead
    assert {f"{MPG_SAFETY}/save-onderzoek", f"{MPG_SAFETY}/sos-onderzoek"} <= set(
        answer.passage_keys)


def test_an_ordinal_after_a_comparison_counts_a_passage_by_the_intervention_it_is_about(kb):
    """"en in welke fases werkt die tweede?" after the effect of the three methods side by
    side: ISC's results name no method, SAVE's study names Eigen Kracht in passing; the
    second is ISC, described from the guideline that named the three."""
    q = Question(intent="nlu_fallback", text="en in welke fases werkt die tweede?",
                 subject="intervention:signs-of-safety",
                 previous_text="welke van die drie heeft de beste resultaten?",
                 previous_intent="compare_interventions",
                 sources=[f"{MPG_SAFETY}/sos-onderzoek", f"{MPG_SAFETY}/isc-resultaten",
                          f"{MPG_SAFETY}/save-onderzoek"],
                 earlier_texts=["Welke methodes gebruiken ze in de jeugdbescherming?"],
                 earlier_sources=[[f"{MPG_SAFETY}/drie-methoden"]])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None and answer.found
    assert "Intensief" in answer.quotes[0].text or "ISC" in answer.lead


def test_which_of_those_two_without_two_names_asks_which_was_meant(kb):
    q = Question(intent="ask_guideline", text="welke van die twee is beter?",
                 subject="search:houding", previous_text="welke houding past bij samen beslissen?",
                 previous_intent="ask_guideline", sources=["samen-beslissen/samenwerking/basishouding"])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None and not answer.found


FIRST_VISIT = ("Ik ben gezinsvoogd en heb straks mijn eerste huisbezoek bij een gezin met een "
               "verse OTS. Moeder wil mij niet binnenlaten. Hoe pak ik dat eerste gesprek aan?")
LONG_FOLLOW_UP = "en als ze de hele tijd maar blijft volhouden dat er echt niks aan de hand is?"


def test_a_longer_message_going_on_from_the_conversation_is_searched_in_it_before_a_refusal(kb):
    """Too long to count as a follow-up (more than LEANING_WORDS words), and no answer by
    itself: in a conversation the guidelines answered, it is searched with the last
    question as context instead of getting "no answer"."""
    alone = _ask(kb, LONG_FOLLOW_UP)
    assert not alone.found and not elliptical(LONG_FOLLOW_UP)
    answer = _ask(kb, LONG_FOLLOW_UP, previous_text=FIRST_VISIT,
                  previous_intent="ask_first_contact",
                  subject="collection:aandachtspunten-eerste-gesprek",
                  sources=["mpg-gedwongen-kader/hulp-in-gedwongen-kader/houding-eerste-contact"])
    assert answer.found
    assert answer.passage_keys[0].startswith("mpg-gedwongen-kader/hulp-in-gedwongen-kader/")


def test_a_longer_message_of_its_own_in_a_conversation_keeps_its_refusal(kb):
    """Nothing that refers back, or another field: the refusal stands."""
    context = dict(previous_text=FIRST_VISIT, previous_intent="ask_first_contact",
                   subject="collection:aandachtspunten-eerste-gesprek",
                   sources=["mpg-gedwongen-kader/hulp-in-gedwongen-kader/houding-eerste-contact"])
    for text in ["welke dosis melatonine is veilig bij een meisje van acht jaar oud dat slecht slaapt?",
                 "en hoeveel verdient een gezinsvoogd eigenlijk per maand als je net begint?"]:
        assert not _ask(kb, text, **context).found, text


def _entity(text: str, entity: str, surface: str, value: str) -> dict:
    start = text.index(surface)
    return {"entity": entity, "value": value, "start": start, "end": start + len(surface)}


def test_a_problem_named_in_the_question_comes_before_one_in_the_facts():
    """A case description names a problem in its facts and asks about another: the asked one
    is the question's problem (its interventions are listed, jeugdhulp.dialogue.answering)."""
    text = ("gezin met 3 kids, melding over fysiek geweld door vader. welke programma's zijn "
            "er om een uithuisplaatsing te voorkomen?")
    entities = [_entity(text, "problem", "fysiek geweld", "fysieke mishandeling"),
                _entity(text, "problem", "uithuisplaatsing", "dreigende uithuisplaatsing")]
    q = question_of({"text": text, "entities": entities}, {})
    assert q.problems == ["dreigende uithuisplaatsing", "fysieke mishandeling"]
    # Without a question sentence apart from the facts, the order of the message stays.
    text = "interventies bij fysiek geweld of bij een uithuisplaatsing"
    entities = [_entity(text, "problem", "fysiek geweld", "fysieke mishandeling"),
                _entity(text, "problem", "uithuisplaatsing", "dreigende uithuisplaatsing")]
    assert question_of({"text": text, "entities": entities}, {}).problems == [
        "fysieke mishandeling", "dreigende uithuisplaatsing"]


def test_every_childs_age_of_a_family_is_kept():
    text = "gezin met 3 kids (4, 8 en 15 jr), welke hulp?"
    entities = [_entity(text, "age", surface, surface) for surface in ("3", "4", "8", "15")]
    q = question_of({"text": text, "entities": entities}, {})
    assert q.age == 4 and q.ages == [4, 8, 15]  # "3 kids" counts children


@pytest.mark.parametrize("text, number, ages", [
    ("drie kinderen onder de 6, moeder verwaarloost ze. welke interventies?", "6",
     [5, 4, 3, 2, 1, 0]),
    ("welke hulp bij mishandeling van jongeren ouder dan 14?", "14", [15, 16, 17]),
])
def test_a_bound_on_the_childrens_ages_is_not_an_age(text, number, ages):
    """"onder de 6" bounds the ages (0 to 5), it is not a child of 6; the NLU's age entity on
    the bound's number does not count."""
    q = question_of({"text": text, "entities": [_entity(text, "age", number, number)]}, {})
    assert q.ages == ages and q.age == ages[0]
    assert ages_mentioned(text) == []


@pytest.mark.parametrize("text, span", [
    ("Gezin met 3 kinderen (6, 9 en 12), al 8 jaar in beeld bij jeugdzorg. Heeft een intensief "
     "thuisprogramma nog zin?", "8"),
    ("jongen van 13, 2 jaar geleden een melding bij Veilig Thuis. welke hulp nu?", "2"),
    ("meisje van 10, de afgelopen 3 jaar steeds andere hulpverleners. hoe nu verder?", "3")])
def test_a_time_span_in_years_is_not_an_age(text, span):
    """"al 8 jaar in beeld", "2 jaar geleden", "de afgelopen 3 jaar" say how long, not how old
    a child is; the NLU's age entity on the span's number does not count."""
    q = question_of({"text": text, "entities": [_entity(text, "age", span, span)]}, {})
    assert int(span) not in q.ages and q.age != int(span)
    assert int(span) not in ages_mentioned(text)


def test_interventions_for_children_under_an_age_leave_out_those_for_older_ones(kb):
    """MST-CAN is for 6-17: not for children under 6; the lead names the range."""
    from jeugdhulp.knowledge import compose
    text = "Gezin met drie kinderen onder de 6, moeder verwaarloost ze. Welke interventies?"
    q = question_of({"text": text, "entities": [_entity(text, "age", "6", "6")]}, {})
    answer = compose.interventions_for(kb, "verwaarlozing", q.age, ages=q.ages)
    keys = answer.passage_keys + [quote.key for quote in answer.more]
    assert "kindermishandeling/interventies-tabel/mst-can-doelgroep" not in keys
    assert "kindermishandeling/interventies-tabel/sos-doelgroep" in keys
    assert answer.lead.endswith("bij verwaarlozing voor kinderen van 0 tot en met 5 jaar:")


def test_interventions_for_a_family_fit_any_of_its_children(kb):
    """Children of 4, 8 and 15: MST-CAN (6-17 jaar) is for the older two, so the family's
    answer lists it; for the four-year-old alone it is not there."""
    from jeugdhulp.knowledge import compose
    family = compose.interventions_for(kb, "dreigende uithuisplaatsing", 4, ages=[4, 8, 15])
    keys = family.passage_keys + [q.key for q in family.more]
    assert "kindermishandeling/interventies-tabel/mst-can-doelgroep" in keys
    assert family.lead.endswith("bij dreigende uithuisplaatsing voor kinderen van 4, 8 en 15 jaar:")
    youngest = compose.interventions_for(kb, "dreigende uithuisplaatsing", 4)
    assert "kindermishandeling/interventies-tabel/mst-can-doelgroep" not in (
        youngest.passage_keys + [q.key for q in youngest.more])
    assert youngest.lead.endswith("voor een kind van 4 jaar:")


SKILLS = ["beslissen-onveilig/vaardigheden/vaardigheden-inleiding",
          "beslissen-onveilig/vaardigheden/analytisch",
          "beslissen-onveilig/vaardigheden/engageren",
          "beslissen-onveilig/vaardigheden/positioneren"]


def test_what_a_word_of_the_last_answer_means_is_a_question_not_more(kb):
    """The NLU read "en wat is positioneren dan?" as "meer" (ask_more): with nothing left to
    show, the answer was "niets meer". It asks about a word of the last answer."""
    q = Question(intent="ask_more", text="en wat is positioneren dan?",
                 subject="collection:vaardigheden-hulpverleners",
                 previous_text="welke vaardigheden heb ik nodig om samen te beslissen?",
                 previous_intent="ask_guideline", sources=SKILLS)
    answer = answer_question(kb, q)
    assert answer.found and "beslissen-onveilig/vaardigheden/positioneren" in answer.passage_keys
    # "meer" itself still shows what is left, or says that nothing is
    more = answer_question(kb, dataclasses.replace(q, text="en verder?"))
    assert more.lead == message("answers.more.nothing_left")
    # a word of the guidelines besides the words of asking for more: a question too
    asked = answer_question(kb, dataclasses.replace(
        q, text="kun je het engageren daarvan nog verder toelichten?"))
    assert "beslissen-onveilig/vaardigheden/engageren" in asked.passage_keys
    for text in ("kun je dat verder toelichten?", "wat staat er nog meer in de richtlijn?"):
        assert answer_question(kb, dataclasses.replace(q, text=text)).lead == \
            message("answers.more.nothing_left")


def test_what_is_still_missing_is_a_question_not_more(kb):
    """The NLU read "en wat ontbreekt er nog?" (after the skills a professional needs) as
    "meer": with nothing left to show, the answer was "niets meer". It asks what is still
    needed: the passage on the methods professionals still need."""
    q = Question(intent="ask_more", text="en wat ontbreekt er nog?",
                 subject="collection:vaardigheden-hulpverleners",
                 previous_text="welke vaardigheden heb ik nodig om samen te beslissen?",
                 previous_intent="ask_guideline", sources=SKILLS)
    answer = answer_question(kb, q)
    assert answer.lead != message("answers.more.nothing_left")
    assert "beslissen-onveilig/meer-onderzoek/methodieken-nodig" in answer.passage_keys


NETWORK_FIRST = ["samen-beslissen/beslisproces/stap-4a",
                 "samen-beslissen/doelformulering/familiegroepsplan",
                 "samen-beslissen/beslisproces/stap-4b"]


@pytest.mark.parametrize("text", ["en als daar weinig uitkomt, wat dan?",
                                  "maar als ze niemand hebben, wat dan?"])
def test_what_if_is_a_question_not_more(kb, text):
    """The NLU read "en als daar weinig uitkomt, wat dan?" (after how to find out what the
    network can do) as "meer": with nothing left to show, the answer was "niets meer". "als
    ..., wat dan?" asks about a case: the passage on talking about professional help after
    the family's own plan."""
    q = Question(intent="ask_more", text=text,
                 subject="search:Hoe ga ik na of het netwerk iets kan betekenen voordat ik "
                         "professionele hulp inzet?",
                 previous_text="Alleenstaande moeder met 2 peuters, weinig contact met familie. "
                               "Hoe ga ik na of het netwerk iets kan betekenen voordat ik "
                               "professionele hulp inzet?",
                 previous_intent="ask_guideline", sources=NETWORK_FIRST)
    answer = answer_question(kb, q)
    assert answer.found and answer.lead != message("answers.more.nothing_left")
    assert "samen-beslissen/doelformulering/familiegroepsplan" in answer.passage_keys
    assert answer_question(kb, dataclasses.replace(q, text="en dan?")).lead == \
        message("answers.more.nothing_left")


FIRST_POINTS = "mpg-gedwongen-kader/hulp-in-gedwongen-kader/"


def test_an_unsure_message_about_the_rest_of_the_last_list_gets_that_passage(kb):
    """After the first points for a first contact in a coercive setting, "moet ik haar dan
    ook zeggen wat vaststaat en waar ze wel iets over te zeggen heeft?" (the NLU unsure, no
    clear match) is about a point the list still held: what is negotiable."""
    q = Question(intent="nlu_fallback",
                 text="moet ik haar dan ook zeggen wat vaststaat en waar ze wel iets over te "
                      "zeggen heeft?",
                 subject="collection:eerste-contact-aandachtspunten",
                 previous_text="en als ze meteen gaat roepen dat het allemaal onzin is?",
                 previous_intent="ask_guideline",
                 sources=[FIRST_POINTS + k for k in ("aandachtspunten-inleiding",
                                                     "duidelijk-en-direct", "feiten-en-norm")],
                 more=[FIRST_POINTS + k for k in ("reactance", "rolverduidelijking",
                                                  "onderhandelbaar", "sterke-kanten")])
    answer = from_the_rest_of_the_list(kb, q)
    assert answer is not None and answer.closest
    assert answer.passage_keys[0] == FIRST_POINTS + "onderhandelbaar"
    # nothing left in the list, or an aside of another field: not this way
    assert from_the_rest_of_the_list(kb, dataclasses.replace(q, more=[])) is None
    assert from_the_rest_of_the_list(kb, dataclasses.replace(
        q, text="moet ik haar dan ook zeggen wat er in de vog staat?")) is None


def test_a_follow_up_with_a_strong_match_elsewhere_is_not_pulled_into_the_conversation(kb):
    """After the preconditions for deciding in unsafe situations, "ok. en bij crusiale
    beslissingen, moet ik dan iemand laten meekijken?" matches the passage on discussing
    crucial decisions with a behavioural scientist (deciding together) clearly by its own
    words. The conversation's guideline matches it only as the closest passages: that is no
    answer of its own, and the message is answered as a question of its own."""
    q = Question(intent="ask_guideline",
                 text="ok. en bij crusiale beslissingen, moet ik dan iemand laten meekijken?",
                 subject="collection:randvoorwaarden",
                 previous_text="en tussen organisaties? wij horen nooit wat politie en VT in "
                               "hetzelfde gezin doen",
                 previous_intent="ask_guideline",
                 sources=["beslissen-onveilig/randvoorwaarden/organisatie-en-keten",
                          "beslissen-onveilig/randvoorwaarden/training-supervisie-caseload",
                          "beslissen-onveilig/randvoorwaarden/samenwerking-keten"])
    assert follow_up_answer(kb, q, HANDLERS) is None
    answer = answer_question(kb, q)
    assert answer.passage_keys[0] == \
        "samen-beslissen/beslisproces/gedragswetenschapper-cruciale-beslissingen"


THREE_METHODS = "mpg-gedwongen-kader/onveilige-situaties-inschatten/drie-methoden"


@pytest.mark.parametrize("text, effect", [("welke van die drie laat de beste resultaten zien?", True),
                                          ("welke van die drie heeft de beste cijfers?", True),
                                          ("welke van die 3 past het best bij ons?", False)])
def test_which_of_those_three_compares_the_three_names_of_the_last_answer(kb, text, effect):
    """The last answer named Signs of Safety, ISC and SAVE (the coercive-setting guideline):
    all three side by side; for their effect, what that guideline says first."""
    q = Question(intent="ask_guideline", text=text, subject="search:drie methoden",
                 previous_text="welke methoden gebruikt de kinderbescherming?",
                 previous_intent="ask_guideline", sources=[THREE_METHODS])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None
    assert "Signs of Safety, Intensief systeemgericht casemanagement en SAVE" in answer.lead
    if effect:
        assert answer.passage_keys[:2] == [
            "mpg-gedwongen-kader/onveilige-situaties-inschatten/sos-onderzoek",
            "mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-resultaten"]
    else:
        assert "kindermishandeling/interventies-tabel/sos-doelgroep" in answer.passage_keys


def test_interventions_that_share_a_table_row_are_named_together_in_its_heading(kb):
    """SAVE and ISC have the same row of the interventions table: it is quoted once."""
    from jeugdhulp.knowledge import compose
    rows = [kb.intervention(name) for name in ("sos", "save", "isc")]
    answer = compose.compare_answer(kb, rows)
    assert answer.lead == "Signs of Safety, SAVE en Intensief systeemgericht casemanagement " \
        "naast elkaar, volgens de richtlijn:"
    quotes = answer.quotes + answer.more
    assert len({q.key for q in quotes}) == len(quotes)
    assert "SAVE en Intensief systeemgericht casemanagement (ISC) — doelgroep" in [
        q.heading for q in quotes]
    assert len(answer.notes) == 3  # each one's age and effect


def test_another_age_an_intervention_is_not_for_gets_the_ones_that_are(kb):
    """After MST-CAN (6-17 jaar), "en voor de jongste van 4?": MST-CAN's target group, then
    the interventions for a four-year-old with the problem the conversation named."""
    q = Question(intent="ask_guideline", text="en voor de jongste van 4?",
                 subject="intervention:mst-can", previous_intent="ask_effectiveness",
                 previous_text="en de effectiviteit daarvan?",
                 earlier_texts=["gezin met kinderen van 4 en 9, de 9-jarige is fysiek mishandeld. "
                                "welke intensieve behandeling past?"])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None
    assert answer.lead.startswith("Multisysteem Therapie Child Abuse & Neglect (MST-CAN) is "
                                  "volgens de tabel voor 6–17 jaar, niet voor een kind van 4 jaar.")
    assert "bij fysieke mishandeling voor een kind van 4 jaar" in answer.lead
    assert answer.passage_keys[0] == "kindermishandeling/interventies-tabel/mst-can-doelgroep"
    assert "kindermishandeling/interventies-tabel/vsv-doelgroep" in answer.passage_keys
    # a baby: MST-CAN's long target group does not leave room for only one more passage
    baby = follow_up_answer(kb, dataclasses.replace(q, text="en als het om een baby zou gaan?"),
                            HANDLERS)
    assert baby.passage_keys[:2] == ["kindermishandeling/interventies-tabel/mst-can-doelgroep",
                                     "kindermishandeling/interventies-tabel/vsv-doelgroep"]
    assert len(baby.passage_keys) == 3
    # an age it is for: its target group, as before
    fits = follow_up_answer(kb, dataclasses.replace(q, text="en voor de oudste van 9?"), HANDLERS)
    assert fits.passage_keys == ["kindermishandeling/interventies-tabel/mst-can-doelgroep"]
    # the conversation is still about MST-CAN: "hoe effectief is het?" asks about it
    assert answer.subject == "intervention:mst-can"
    effect = answer_question(kb, Question(
        intent="ask_effectiveness", text="hoe effectief is het", subject=answer.subject,
        previous_intent="ask_guideline", previous_text=q.text, sources=answer.passage_keys))
    assert "Multisysteem Therapie Child Abuse & Neglect (MST-CAN)" in effect.lead


# The skills for deciding together with families (the NJi dossier); the fifth names the
# Eigen Kracht-conferentie in passing.
SKILLS = ["beslissen-onveilig/vaardigheden/vaardigheden-inleiding",
          "beslissen-onveilig/vaardigheden/analytisch",
          "beslissen-onveilig/vaardigheden/engageren",
          "beslissen-onveilig/vaardigheden/positioneren",
          "beslissen-onveilig/vaardigheden/netwerk-activeren"]


def test_an_age_after_a_list_that_names_an_intervention_in_passing_is_not_its_age(kb):
    """"en met het kind zelf? meisje is 7" after the skills for deciding together (one item:
    "het sociale netwerk kunnen activeren, bijvoorbeeld met een 'Eigen Kracht-conferentie'")
    is not about the age of the Eigen Kracht-conferentie: the last question named none."""
    skills = [*SKILLS, "beslissen-onveilig/vaardigheden/gesprekken-met-kinderen"]
    q = Question(intent="nlu_fallback", text="en met het kind zelf? meisje is 7",
                 subject="collection:vaardigheden-hulpverleners", previous_intent="ask_guideline",
                 previous_text="als je na een vermoeden van mishandeling samen met het gezin moet "
                               "beslissen over hulp, welke gespreksvaardigheden heb je dan nodig?",
                 sources=skills)
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None
    assert "Eigen Kracht" not in answer.lead
    assert "beslissen-onveilig/vaardigheden/gesprekken-met-kinderen" in answer.passage_keys


def test_an_effect_question_after_a_list_that_names_an_intervention_in_passing(kb):
    """"moet ik dan ook weten welke hulp effectief is?" after the skills list (one item names
    the Eigen Kracht-conferentie in passing) does not ask the effect of the Eigen
    Kracht-conferentie."""
    skills = SKILLS
    q = Question(intent="ask_effectiveness", text="moet ik dan ook weten welke hulp effectief is?",
                 subject="collection:vaardigheden-hulpverleners", previous_intent="ask_guideline",
                 previous_text="en qua vaardigheden?", sources=skills,
                 earlier_texts=["welke kennis moet je dan hebben om zorgvuldig te beslissen?"])
    answer = answer_question(kb, q)
    assert "Eigen Kracht" not in answer.lead
    assert answer.passage_keys[0] == "beslissen-onveilig/kennis/kennis-werkzame-factoren"


def test_an_effect_question_without_a_name_is_about_the_intervention_the_conversation_named(kb):
    """"is er onderzoek naar gedaan?" after SAVE's windows and a question about its source:
    the effect of SAVE, the one intervention the conversation named last. Without the
    conversation it is not about SAVE."""
    first = ("wij werken bij onze GI met SAVE. kan iemand me in het kort uitleggen wat die vier "
             "vensters zijn?")
    q = Question(intent="ask_effectiveness", text="is er onderzoek naar gedaan?",
                 previous_text="en waar komt het vandaan, waar is het op gebaseerd?",
                 previous_intent="ask_source", subject=f"search:{first}",
                 earlier_texts=[first])
    answer = answer_question(kb, q)
    assert answer.subject == "intervention:save"
    assert "mpg-gedwongen-kader/onveilige-situaties-inschatten/save-onderzoek" in answer.passage_keys
    alone = answer_question(kb, Question(intent="ask_effectiveness",
                                         text="is er onderzoek naar gedaan?"))
    assert alone.subject != "intervention:save"


def test_another_age_after_a_search_answer_about_one_intervention(kb):
    """The search answered "voor wie is MST-CAN bedoeld?" (its subject is the search, not the
    intervention): "en voor de jongste?" is about the intervention its first quote names."""
    q = Question(intent="nlu_fallback", text="en voor de jongste?",
                 subject="search:Voor wie is dat precies bedoeld?", previous_intent="ask_guideline",
                 previous_text="Gezin met kinderen van 14, 9 en 2, vader slaat. Gedragswetenschapper "
                               "noemt MST-CAN. Voor wie is dat precies bedoeld?",
                 sources=["kindermishandeling/interventies-tabel/mst-can-doelgroep"])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None
    assert answer.lead.startswith("Multisysteem Therapie Child Abuse & Neglect (MST-CAN) is "
                                  "volgens de tabel voor 6–17 jaar, niet voor een kind van 2 jaar.")
    baby = follow_up_answer(kb, dataclasses.replace(
        q, text="en bij een baby?", previous_text="Wat is VSV precies?",
        sources=["kindermishandeling/benaderingen/vsv-definitie"]), HANDLERS)
    assert baby is not None
    assert baby.passage_keys == ["kindermishandeling/interventies-tabel/vsv-doelgroep"]


FOUR_CHILDREN = ("Gezin met vier kinderen (2, 5, 7 en 11 jaar). Al jaren jeugdhulp, het huis is "
                 "vervuild, sinds een half jaar OTS. Welke hulp bied ik de ouders bij deze "
                 "verwaarlozing?")


def test_the_oldest_and_youngest_are_those_of_the_last_message_that_gave_ages(kb):
    """Two questions after the case description ("heeft intensieve thuishulp zin?" in
    between, no ages in it): "en MST-CAN, kan dat voor de oudste?" is MST-CAN's target group
    for 11, "en voor de jongste?" after it that MST-CAN is not for 2, and what is."""
    thuishulp = "heeft intensieve thuishulp bij zo'n gezin zin?"
    oldest = Question(intent="nlu_fallback", text="en MST-CAN, kan dat voor de oudste?",
                      interventions=["MST-CAN"], subject=f"search:{thuishulp}",
                      previous_text=thuishulp, previous_intent="ask_guideline",
                      earlier_texts=[FOUR_CHILDREN],
                      sources=["kindermishandeling/discussie/langdurige-verwaarlozing"])
    answer = follow_up_answer(kb, oldest, HANDLERS)
    assert answer is not None and answer.subject == "intervention:mst-can"
    assert answer.passage_keys == ["kindermishandeling/interventies-tabel/mst-can-doelgroep"]
    youngest = Question(intent="nlu_fallback", text="en voor de jongste?",
                        subject="intervention:mst-can", previous_text=oldest.text,
                        previous_intent="nlu_fallback", earlier_texts=[thuishulp, FOUR_CHILDREN],
                        sources=answer.passage_keys)
    answer = follow_up_answer(kb, youngest, HANDLERS)
    assert answer is not None
    assert "niet voor een kind van 2 jaar" in answer.lead
    assert "kindermishandeling/interventies-tabel/sos-doelgroep" in answer.passage_keys


@pytest.mark.parametrize("text, subject, previous, shown, expected, citation", [
    # the NLU read "welke fases heeft dat?" as "waar staat dat?" (ask_source); without a
    # word for a source (source_words in answers.yml) it asks about the content
    ("welke fases heeft dat?", "intervention:isc", "hoe werkt ISC in het gedwongen kader?",
     "mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-beschrijving",
     "mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-beschrijving", "waar staat dat?"),
    # "waar geeft die richtlijn antwoord op?" asks which questions it answers, and "waar is
    # die op gebaseerd?" after the Routekaart what it builds on (source_content); "waar is
    # dat op gebaseerd?" still asks for the source (stop 56)
    ("en waar geeft die richtlijn dan antwoord op?", "search:multiprobleemgezin aantal",
     "en om hoeveel gezinnen gaat t?", "multiprobleemgezinnen/inleiding/aantal",
     "multiprobleemgezinnen/inleiding/vragen-richtlijn", "waar staat dat?"),
    ("en waar is die op gebaseerd?", "search:routekaart naar veiligheid",
     "Wat is die Routekaart naar Veiligheid?", "kindermishandeling/benaderingen/routekaart",
     "kindermishandeling/benaderingen/routekaart", "waar is dat op gebaseerd?")])
def test_a_question_without_a_word_for_the_source_is_not_about_the_source(
        kb, text, subject, previous, shown, expected, citation):
    """A question the NLU took for "waar staat dat?" that asks about the content gets the
    passages; the question for the source gets the citation."""
    q = Question(intent="ask_source", text=text, subject=subject, previous_text=previous,
                 previous_intent="ask_guideline", sources=[shown])
    answer = answer_question(kb, q)
    assert answer.found and expected in answer.passage_keys
    cited = answer_question(kb, dataclasses.replace(q, text=citation))
    assert cited.lead.startswith("Het vorige antwoord citeert") and not cited.passage_keys


def test_every_source_question_the_nlu_learns_has_a_word_for_the_source():
    """Else the assistant would answer such a question about the content (source_words)."""
    from pathlib import Path

    import yaml

    nlu = Path(__file__).resolve().parents[4] / "data" / "nlu"
    examples = [line.strip()[2:] for path in sorted(nlu.glob("*.yml"))
                for block in yaml.safe_load(open(path, encoding="utf-8")).get("nlu") or []
                if block.get("intent") == "ask_source"
                for line in block["examples"].splitlines() if line.strip().startswith("- ")]
    assert len(examples) >= 40
    assert [e for e in examples if not rules().source_words.search(e)] == []


@pytest.mark.parametrize("intent, text, previous, sources, expected", [
    # four words without a cue: "tegelijk" alone matched the safety plan of another guideline
    ("nlu_fallback", "na elkaar of tegelijk?",
     "Wat voor hulp moet ik bij verwaarlozing inzetten volgens de richtlijn kindermishandeling?",
     ["kindermishandeling/toelichting/hulp-eigen-problemen",
      "kindermishandeling/toelichting/hulpvormen-inleiding"],
     "kindermishandeling/toelichting/hulpvormen-inleiding"),
    # seven words that point back ("die"): the goals of the family plan, not Samen beslissen
    ("ask_guideline", "wie bepaalt die uiteindelijk, ik of zij?",
     "en de doelen, hoe formuleer ik die?", ["multiprobleemgezinnen/hulpverleningsplan/doelen"],
     "multiprobleemgezinnen/hulpverleningsplan/doelen"),
])
def test_a_bare_or_pointing_message_in_a_conversation_is_a_follow_up(kb, intent, text, previous,
                                                                     sources, expected):
    assert elliptical(text)
    q = Question(intent=intent, text=text, subject=f"search:{previous}",
                 previous_text=previous, previous_intent="ask_guideline", sources=sources)
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None and expected in answer.passage_keys


def test_a_bare_name_after_a_question_about_another_intervention_is_a_question_of_its_own(kb):
    """"MST-CAN?" after "hoe effectief?" about IAG asks what MST-CAN is, not its effect;
    "en MST-CAN?" asks the same question about it."""
    context = dict(previous_text="hoe effectief?", previous_intent="ask_effectiveness",
                   subject="intervention:iag",
                   sources=["kindermishandeling/interventies-tabel/iag-dei"])
    bare = Question(intent="ask_intervention", text="MST-CAN?", interventions=["MST-CAN"],
                    **context)
    assert follow_up_answer(kb, bare, HANDLERS) is None
    cued = dataclasses.replace(bare, text="en MST-CAN?")
    answer = follow_up_answer(kb, cued, HANDLERS)
    assert answer is not None and answer.subject == "intervention:mst-can"
    assert "effectief" in answer.lead


def test_a_follow_up_with_few_words_of_its_own_is_not_drowned_by_its_context(kb):
    """"welke info moet ik daarvoor verzamelen?" after how to judge 'goed genoeg'
    ouderschap asks for the information to gather: the context's strong match on "goed
    genoeg" no longer outweighs the follow-up's own two words."""
    answer = _search_follow_up(
        kb, "welke info moet ik daarvoor verzamelen?",
        "Hoe beoordeel ik of moeder het goed genoeg doet?",
        "multiprobleemgezinnen/hulpverleningsplan/goed-genoeg-ouderschap")
    assert answer.passage_keys[0] == \
        "multiprobleemgezinnen/hulpverleningsplan/informatie-verzamelen"


def test_a_follow_up_quotes_the_next_passage_of_its_guideline_more_readily(kb):
    """"zijn daar instrumenten voor?" after the knowledge needed to decide carefully: the
    best match is the passage on research still needed into instruments; the one on
    instruments as an aid comes second and is quoted with it."""
    previous = "welke kennis moet ik dan verzamelen om zorgvuldiger te beslissen?"
    shown = compose.search_answer(kb, previous, "beslissen-onveilig")
    q = Question(intent="ask_guideline", text="zijn daar instrumenten voor?",
                 subject=f"search:{previous}", previous_text=previous,
                 previous_intent="ask_guideline", sources=shown.passage_keys)
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None
    assert "beslissen-onveilig/kennis/instrumenten-hulpmiddel" in answer.passage_keys


@pytest.mark.parametrize("text", [
    "zegt de richtlijn samen beslissen daar iets anders over?",
    "en in de richtlijn samen beslissen?"])
def test_a_follow_up_that_only_names_another_guideline_asks_the_last_question_there(kb, text):
    """"zegt de richtlijn samen beslissen daar iets anders over?" after goals in the family
    plan asks about goals in Samen beslissen. The guideline's name ("samen beslissen") is
    also a topic of its passages; searched with it, the general passages on deciding
    together came first."""
    first = "en de doelen, hoe formuleer je die?"
    q = Question(intent="ask_guideline", text=text, subject=f"search:{first}",
                 previous_text=first, previous_intent="ask_guideline",
                 sources=["multiprobleemgezinnen/hulpverleningsplan/doelen"])
    answer = answer_question(kb, q)
    assert any(k.startswith("samen-beslissen/doelformulering/doelen")
               for k in answer.passage_keys), answer.passage_keys


def _listed_for(kb, problem, text):
    """The interventions for a problem, as the conversation's last answer."""
    listed = HANDLERS["ask_interventions_for"](kb, Question(
        intent="ask_interventions_for", text=text, problems=[problem]))
    return listed, dict(previous_text=text, previous_intent="ask_interventions_for",
                        sources=listed.passage_keys, subject=listed.subject)


def test_an_effect_follow_up_after_a_problem_list_is_about_the_first_listed(kb):
    """"en is dat effectief?" after the interventions for witnessing violence between
    parents: the effect of the first listed (the best supported), not the list again;
    "zijn die allemaal effectief?": the first three side by side."""
    listed, context = _listed_for(kb, "getuige van geweld tussen ouders",
                                  "welk programma helpt een kind dat getuige was van geweld?")
    assert listed.subject.startswith("problem:")
    first = compose.effectiveness_answer(kb, kb.interventions_in(listed.quotes[0].text)[0]
                                         if kb.interventions_in(listed.quotes[0].text)
                                         else kb.intervention("vsv"))
    answer = _ask(kb, "en is dat effectief?", intent="ask_effectiveness", **context)
    assert answer.lead == first.lead and answer.passage_keys == first.passage_keys
    both = _ask(kb, "zijn die allemaal effectief?", intent="ask_effectiveness", **context)
    assert both.passage_keys != listed.passage_keys and "effect" in both.lead


def test_a_word_that_stands_for_the_conversation_keeps_the_follow_up_in_it(kb):
    """"helpt intensieve thuishulp bij zoiets?" after neglect: its own words alone find the
    passage on physical abuse; "zoiets" is the neglect of the conversation."""
    previous = ("gezin met drie kinderen, al jaren verwaarlozing: vieze kleren, geen eten in huis, "
                "de kinderen zijn vaak ziek. moeder is depressief. welke hulp bied ik moeder?")
    shown = answer_question(kb, Question(intent="ask_neglect_help", text=previous))
    answer = _ask(kb, "helpt intensieve thuishulp bij zoiets?", intent="ask_effectiveness",
                  previous_text=previous, previous_intent="ask_neglect_help",
                  sources=shown.passage_keys, subject=shown.subject)
    alone = _ask(kb, "helpt intensieve thuishulp bij zoiets?", intent="ask_effectiveness")
    assert alone.found and "verwaarlozing" not in alone.subject  # a question of its own
    assert "verwaarlozing" in answer.subject  # searched with the conversation as context


def test_an_effect_question_about_help_for_a_problem_gets_what_the_guideline_says(kb):
    """"werkt intensieve thuishulp bij verwaarlozing?" names no intervention: the passage on
    that help for that problem, not the list of interventions for neglect."""
    answer = _ask(kb, "werkt intensieve thuishulp bij verwaarlozing?", intent="ask_effectiveness",
                  problems=["verwaarlozing"])
    assert answer.passage_keys[0] == "kindermishandeling/discussie/langdurige-verwaarlozing"


def test_a_question_word_alone_is_a_follow_up_even_when_the_nlu_thought_it_out_of_scope(kb):
    """"hoe dan?" after the common main goal (the NLU: out of scope, not sure): the passages
    of the conversation, which say how, not a refusal."""
    previous = "waar stuur ik op als hoofddoel bij een gezin waar mishandeling speelde?"
    shown = answer_question(kb, Question(intent="ask_guideline", text=previous))
    q = Question(intent="nlu_fallback", text="hoe dan?", previous_text=previous,
                 previous_intent="ask_guideline", sources=shown.passage_keys,
                 subject=shown.subject)
    answer = follow_up_answer(kb, q, HANDLERS, closest=False)
    assert answer is not None and answer.found
    assert "kindermishandeling/toelichting/veiligheid-hoofddoel" in answer.passage_keys


def test_a_follow_up_naming_another_item_of_the_last_answers_list_gets_that_item(kb):
    """"en de beschermende factoren?" after one item of the knowledge a professional needs
    (the consequences for the child) asks for that list's item on protective factors, not
    for the attitudes' item of the same words that the conversation's words raise."""
    asked = "beslissen-onveilig/kennis/beschermende-factoren-sterke-kanten"
    elsewhere = "beslissen-onveilig/houding/beschermende-factoren"
    previous = "wat moet ik verder weten over de gevolgen voor het kind"
    answer = _ask(kb, "en de beschermende factoren?", previous_text=previous,
                  previous_intent="ask_guideline", subject=f"search:{previous}",
                  sources=["beslissen-onveilig/kennis/gevolgen-kind"])
    assert asked in answer.passage_keys and elsewhere not in answer.passage_keys


def test_a_follow_up_the_nlu_was_unsure_of_gets_a_clear_match_in_the_conversations_guideline(kb):
    """"moet dat dan thuis of kan het ook gewoon op kantoor?" after the working factors: the
    NLU was unsure, and its own words match the child abuse guideline's passage on help at
    home clearly. Not a question of its own that only a strict match may answer."""
    factors = [r.key for r in kb.collection("werkzame-factoren")]
    q = Question(intent="nlu_fallback", text="moet dat dan thuis of kan het ook gewoon op kantoor?",
                 subject="collection:werkzame-factoren", sources=factors,
                 previous_text="hoezo abuse specifiek?", previous_intent="ask_guideline")
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None and answer.found
    assert answer.passage_keys[0] == "kindermishandeling/toelichting/intensieve-hulp-thuis"


def test_an_ordinal_whose_noun_the_last_answer_uses_points_into_that_answer(kb):
    """"die derde fase" after ISC's description ("... werkt van daaruit in drie fases: ..."):
    the third phase, not the third method that an answer before it named."""
    isc = "mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-beschrijving"
    methods = "kindermishandeling/interventies-tabel/werkwijzen-doelgroep"
    q = Question(intent="nlu_fallback", text="wat bedoelen ze met die derde fase",
                 subject="search:welke fases zitten erin?", sources=[isc],
                 previous_text="welke fases zitten erin?", previous_intent="nlu_fallback",
                 earlier_texts=["wat houdt intensief systeemgericht casemanagement in?"],
                 earlier_sources=[[isc, methods]])
    answer = follow_up_answer(kb, q, HANDLERS)
    assert answer is not None and not answer.subject.startswith("intervention:")
    assert isc in answer.passage_keys
    # the third method, where no phase is asked about
    third = follow_up_answer(kb, dataclasses.replace(q, text="wat doet die derde methode?"),
                             HANDLERS)
    assert third is not None and third.subject.startswith("intervention:")


def test_a_follow_ups_facts_count_once_in_its_search(kb):
    """"ze gaat sws heel defensief doen of de boel mooier voorstellen dan het is. hoe ga ik
    daarmee om?" after the first contact's points: what it describes before its question is
    reactance; the question alone ("hoe ga ik daarmee om?") with the context finds the
    points' lead-in. Facts of another field stay out ("... ze willen in elk geval geen
    medicatie": the choice of help, not a question about medication)."""
    points = ["mpg-gedwongen-kader/hulp-in-gedwongen-kader/" + key for key in (
        "houding-eerste-contact", "duidelijk-en-direct", "feiten-en-norm", "reactance",
        "reacties-exploreren", "rolverduidelijking")]
    first = ("nieuwe OTS binnen, gezin [NAAM], 2 kids. moeder wil niks met de GI te maken "
             "hebben en zegt dat ze niks fout heeft gedaan. eerste huisbezoek is volgende week, "
             "waar moet ik op letten in dat eerste gesprek?")
    answer = _ask(kb, "ze gaat sws heel defensief doen of de boel mooier voorstellen dan het "
                      "is. hoe ga ik daarmee om?",
                  previous_text=first, previous_intent="ask_first_contact",
                  subject="collection:eerste-contact-aandachtspunten", sources=points)
    assert answer.passage_keys[0] == "mpg-gedwongen-kader/hulp-in-gedwongen-kader/reactance"
    previous = "Moet ik ouders en het kind ook uitleg geven over wat het probleem inhoudt?"
    choice = _ask(kb, "en hoe kies ik samen met hen de behandeling? ze willen in elk geval "
                      "geen medicatie",
                  previous_text=previous, previous_intent="ask_guideline",
                  subject=f"search:{previous}",
                  sources=["samen-beslissen/probleem-krachtenanalyse/psycho-educatie"])
    assert "samen-beslissen/doelformulering/hulp-kiezen" in choice.passage_keys


DELTA = "kindermishandeling/benaderingen/deltamethode"


def test_an_effect_question_about_the_examples_of_a_quote_asks_about_them_together(kb):
    """"zijn die onderzocht?" after the werkwijzen the Deltamethode became (SAVE among
    them): what the guideline says about their effect together, not "which one?"."""
    first = "Wat is er eigenlijk van de Deltamethode geworden?"
    answer = _ask(kb, "zijn die onderzocht?", intent="ask_effectiveness", sources=[DELTA],
                  previous_text=first, previous_intent="ask_guideline",
                  subject=f"search:{first}")
    assert answer.found and answer.quotes[0].text == \
        "De werkwijzen zijn nog niet onderzocht op effectiviteit."


@pytest.mark.parametrize("text, collection", [("en welke vaardigheden?", "vaardigheden-hulpverleners"),
                                              ("en qua kennis?", "kennis-hulpverleners")])
def test_another_list_of_the_same_guideline_named_after_a_list(kb, text, collection):
    """"en welke vaardigheden?" after the attitude a professional needs (a list of 'Wat werkt
    bij beslissen in onveilige opvoedingssituaties'): that guideline's list of skills, not the
    skills of another guideline."""
    first = "welke houding past bij samen beslissen over hulp als een kind thuis niet veilig is?"
    answer = _ask(kb, text, previous_text=first, previous_intent="ask_guideline",
                  subject="collection:houding-hulpverleners", guideline="beslissen-onveilig",
                  sources=[r.key for r in kb.collection("houding-hulpverleners")])
    assert answer.subject == f"collection:{collection}"
    assert [q.key for q in answer.quotes][1:3] == \
        [r.key for r in kb.collection(collection)][:2]


def test_a_question_pointing_back_into_its_message_keeps_the_name_for_the_follow_ups(kb):
    """"... steeds over ORBA praten. Wat is dat precies en waarvoor is het bedoeld?": the
    subject keeps the sentence that names ORBA, so "en hoe verhoudt dat zich tot signs of
    safety?" is about the two together (working methods that belong integrated), not about
    Signs of Safety alone."""
    first = ("Ik hoor collega's die bij Veilig Thuis hebben gewerkt steeds over ORBA praten. "
             "Wat is dat precies en waarvoor is het bedoeld?")
    answer = _ask(kb, first)
    assert answer.found and "ORBA" in answer.subject
    follow = _ask(kb, "en hoe verhoudt dat zich tot signs of safety?",
                  intent="compare_interventions", interventions=["Signs of Safety"],
                  previous_text=first, previous_intent="ask_guideline",
                  subject=answer.subject, sources=answer.passage_keys)
    assert follow.found
    assert any("ORBA" in q.text and "Signs of Safety" in q.text for q in follow.quotes[:2])


def test_another_list_after_a_list_the_cues_do_not_name_and_in_a_longer_follow_up(kb):
    """"en wat moeten ze zelf qua vaardigheden in huis hebben?" (ten words) after what the
    organisation must arrange (the preconditions, a list no cue names): the skills."""
    first = ("Als teamleider zie ik dat mijn jeugdbeschermers steeds vaker op hun onderbuik "
             "beslissen. Wat moet ik als organisatie regelen zodat ze zorgvuldig blijven beslissen?")
    answer = _ask(kb, "en wat moeten ze zelf qua vaardigheden in huis hebben?",
                  previous_text=first, previous_intent="ask_guideline",
                  subject="collection:randvoorwaarden", guideline="kindermishandeling",
                  sources=[r.key for r in kb.collection("randvoorwaarden")])
    assert answer.subject == "collection:vaardigheden-hulpverleners"
    assert [q.key for q in answer.quotes][1:3] == \
        [r.key for r in kb.collection("vaardigheden-hulpverleners")][:2]


def test_a_name_after_the_interventions_that_may_prevent_a_placement_asks_its_effect(kb):
    """"en MST-CAN?" after "welke hulp kan een uithuisplaatsing nog voorkomen?" (the
    interventions for a threatened placement): what it does for that, its effect; after a
    case that only names a year ("sinds 2019"), its description."""
    sources = [r.key for r in kb.records(["kindermishandeling/interventies-tabel/families-first-doelgroep"])]
    prevent = "welke intensieve hulp kan een uithuisplaatsing bij dit gezin nog voorkomen?"
    answer = _ask(kb, "en mst-can?", intent="ask_intervention", interventions=["MST-CAN"],
                  previous_text=prevent, previous_intent="ask_intervention", sources=sources,
                  subject="problem:dreigende_uithuisplaatsing:")
    same = answer_question(kb, Question(intent="ask_effectiveness", text="is MST-CAN effectief?"))
    assert answer.lead == same.lead and answer.passage_keys == same.passage_keys
    case = "gezin is sinds 2019 in beeld en nu dreigt een uithuisplaatsing, welke hulp past?"
    described = _ask(kb, "en mst-can?", intent="ask_intervention", interventions=["MST-CAN"],
                     previous_text=case, previous_intent="ask_intervention", sources=sources,
                     subject="problem:dreigende_uithuisplaatsing:")
    assert described.lead != same.lead


def test_an_age_after_a_problem_whose_answer_names_an_intervention_in_passing(kb):
    """"en bij een baby?" after "wat als er ook mishandeling speelt?", answered by passages
    the second of which names EK-C in passing: the interventions for abuse at that age, not
    EK-C's missing age. When the answer's first quote is the intervention's own row, the
    follow-up is about it ("is dat ook geschikt voor de oudste?": MST-CAN)."""
    previous = "en wat als er ook sprake is van mishandeling door vader?"
    passing = ["kindermishandeling/discussie/meldingen-niet-onderzocht",
               "kindermishandeling/benaderingen/ekc-minst-effectief",
               "kindermishandeling/interventies-tabel/mst-can-doelgroep"]
    answer = _ask(kb, "en bij een baby?", intent="nlu_fallback", age=0, sources=passing,
                  previous_text=previous, previous_intent="ask_guideline",
                  subject=f"search:{previous}")
    listed = compose.interventions_for(kb, "kindermishandeling", 0)
    assert answer.lead == listed.lead and answer.passage_keys == listed.passage_keys
    own_row = ["kindermishandeling/interventies-tabel/mst-can-doelgroep", passing[0]]
    about_it = _ask(kb, "en bij een baby?", intent="nlu_fallback", age=0, sources=own_row,
                    previous_text=previous, previous_intent="ask_guideline",
                    subject=f"search:{previous}")
    assert "MST-CAN" in about_it.lead


@pytest.mark.parametrize("text", ["is dat ook geschikt voor de oudste van 14?",
                                  "geldt dat ook als het om een kind met een beperking gaat?",
                                  "werkt die training ook voor de jongste, die is pas drie jaar?"])
def test_a_question_that_starts_with_is_dat_or_names_the_eldest_leans_back(text):
    assert elliptical(text)


def test_a_list_word_does_not_bring_a_list_that_shows_the_best_passage_after_more(kb):
    """"uit welke onderdelen bestaat het" after VSV: the best passage is VSV's item of the
    general approaches; that list's first screen shows Signs of Safety and the Routekaart,
    so the answer is VSV's own passage, not the list."""
    first = "in het teamoverleg kwam VSV langs, voor welke gezinnen is dat?"
    answer = _ask(kb, "uit welke onderdelen bestaat het", intent="ask_intervention",
                  previous_text=first, previous_intent="ask_guideline", guideline="kindermishandeling",
                  subject=f"search:{first}",
                  sources=["kindermishandeling/interventies-tabel/vsv-aanpak",
                           "kindermishandeling/interventies-tabel/vsv-doelgroep"])
    assert answer.passage_keys[0] == "kindermishandeling/benaderingen/vsv-behandelprogramma"


@pytest.mark.parametrize("text", ["hoe verhoudt dat zich tot signs of safety",
                                  "is dat hetzelfde als signs of safety?"])
def test_a_name_set_against_what_the_last_search_answer_was_about(kb, text):
    """"hoe verhoudt dat zich tot signs of safety" after what ORBA is (a search answer from
    'Wat werkt bij beslissen'): that guideline on the two together, not Signs of Safety's
    description in another guideline."""
    first = "een collega werkt nog met ORBA, wat houdt dat in?"
    before = answer_question(kb, Question(intent="ask_guideline", text=first))
    assert before.passage_keys[0] == "beslissen-onveilig/werkwijzen-integreren/orba"
    answer = _ask(kb, text, intent="compare_interventions", interventions=["Signs of Safety"],
                  previous_text=first, previous_intent="ask_guideline", subject=before.subject,
                  sources=before.passage_keys, guideline="beslissen-onveilig")
    assert answer.passage_keys[0] == \
        "beslissen-onveilig/werkwijzen-integreren/werkwijzen-integreren"


def test_how_a_name_fits_with_a_term_the_last_answer_explained(kb):
    """"en hoe past SoS daar dan bij?" after ORBA explained as a term (subject "term:ORBA"):
    the dossier on integrating the ways of working, which names both, not Signs of Safety's
    target group in another guideline."""
    answer = _ask(kb, "en hoe past SoS daar dan bij?", intent="nlu_fallback",
                  interventions=["Signs of Safety"], previous_text="en ORBA?",
                  previous_intent="ask_term", subject="term:ORBA",
                  sources=["beslissen-onveilig/werkwijzen-integreren/orba"])
    assert answer.passage_keys[0] == \
        "beslissen-onveilig/werkwijzen-integreren/werkwijzen-integreren"
    assert "beslissen-onveilig/werkwijzen-integreren/signs-of-safety" in answer.passage_keys


@pytest.mark.parametrize("text", ["en moet ik het allemaal zelf doen of mag ik ook iemand inschakelen",
                                  "en moet ik alles zelf doen of mag ik het overdragen"])
def test_a_weak_match_in_another_guideline_does_not_make_a_follow_up_a_question_of_its_own(
        kb, text):
    """After help for a multi-problem family: the follow-up's own words match a passage of
    'Samen beslissen' just at the "normal" level (below OWN_QUESTION_SCORE), so it is asked
    in the conversation: giving practical and psychosocial help, and knowing one's limits."""
    first = "multiprobleemgezin in het vrijwillig kader, moeder wil alleen hulp bij haar schulden. " \
            "ga ik daarin mee?"
    answer = _ask(kb, text, previous_text=first, previous_intent="ask_guideline",
                  subject=f"search:{first}",
                  sources=["multiprobleemgezinnen/hulp-verlenen/werkrelatie",
                           "multiprobleemgezinnen/hulpverleningsplan/goed-genoeg-ouderschap",
                           "multiprobleemgezinnen/definitie/definitie-aanbeveling"])
    assert answer.passage_keys[0] == \
        "multiprobleemgezinnen/hulp-verlenen/praktische-en-psychosociale-hulp"



def test_a_follow_up_asking_what_a_word_of_another_guideline_is_stays_a_question_of_its_own(kb):
    """"en wat zijn die bodemeisen waar mijn collega het steeds over heeft?" in a conversation
    about the forced framework: its own words match Signs of Safety's passage in another
    guideline only weakly (below OWN_QUESTION_SCORE), but it asks what something is, so it
    is a question of its own; "en moet ik alles zelf doen of mag ik het overdragen" is not."""
    from jeugdhulp.dialogue.followup import OWN_QUESTION_SCORE, _own_match
    from jeugdhulp.knowledge.focus import focus_query

    what = "en wat zijn die bodemeisen waar mijn collega het steeds over heeft?"
    own = kb.search(focus_query(what), limit=6)
    assert compose.clear_match(own, "normal") and own[0].lexical < OWN_QUESTION_SCORE
    assert own[0].passage.guideline_id != "mpg-gedwongen-kader"
    assert _own_match(own, "mpg-gedwongen-kader", what)
    alone = "en moet ik alles zelf doen of mag ik het overdragen"
    weak = kb.search(focus_query(alone), limit=6)
    assert compose.clear_match(weak, "normal") and weak[0].lexical < OWN_QUESTION_SCORE
    assert weak[0].passage.guideline_id != "multiprobleemgezinnen"
    assert not _own_match(weak, "multiprobleemgezinnen", alone)


def test_a_search_answer_about_one_named_intervention_keeps_it_as_the_subject(kb):
    """A case that names MST-CAN in its facts and asks whether the girl fits: the answer
    quotes only MST-CAN's target group, so the conversation is about MST-CAN ("en wat is
    precies het doel ervan?" then gets its description, with its aim). An answer with
    passages about other things keeps the question's words as its subject."""
    case = ("we krijgen een aanmelding voor mst-can: meisje van 12, melding bij VT 2 mnd "
            "geleden, al jaren hulp zonder resultaat. past ze in de doelgroep?")
    first = compose.search_answer(kb, case, "kindermishandeling")
    assert first.passage_keys == ["kindermishandeling/interventies-tabel/mst-can-doelgroep"]
    assert first.subject == "intervention:mst-can"
    aim = _ask(kb, "en wat is precies het doel ervan?", intent="ask_intervention",
               previous_text=case, previous_intent="ask_guideline", subject=first.subject,
               sources=first.passage_keys)
    assert aim.passage_keys[0] == "kindermishandeling/interventies-tabel/mst-can-aanpak"
    # a term of its own after an intervention's subject: what that term is
    term = _ask(kb, "ok. en die routekaart naar veiligheid, wat is dat?",
                previous_text="huh, maar in de MPG-richtlijn klinkt het juist positief?",
                previous_intent="ask_guideline", subject="intervention:signs-of-safety",
                sources=["mpg-gedwongen-kader/onveilige-situaties-inschatten/sos-onderzoek"])
    assert any("routekaart" in q.text.lower() for q in term.quotes)
    other = compose.search_answer(kb, "Onze GI werkt met MST-CAN. Hoe bouw ik een band op "
                                      "met ouders die de OTS niet accepteren?")
    assert other.passage_keys and other.subject.startswith("search:")


def test_a_follow_up_without_words_of_its_own_is_asked_about_its_facts(kb):
    """"ze snappen eigenlijk niet goed wat die angst inhoudt. moet ik daar iets mee?" after
    deciding on help together: its question says nothing by itself, its facts say what it
    asks about (psycho-education). Without counting them as often as its own words the
    conversation's words decide (goals, special circumstances)."""
    previous = ("ouders van een jongen van 13 met angstklachten willen per se naar een "
                "particuliere praktijk, ik denk zelf dat een groepstraining via school beter "
                "past. hoe beslis ik dit samen met ze zonder dat ik mijn zin gewoon doordruk?")
    answer = _ask(kb, "ze snappen eigenlijk niet goed wat die angst inhoudt. moet ik daar "
                      "iets mee?",
                  previous_text=previous, previous_intent="ask_guideline",
                  subject="search:hoe beslis ik dit samen met ze zonder dat ik mijn zin gewoon "
                          "doordruk?",
                  sources=["samen-beslissen/beslisproces/samen-beoordelen"])
    assert "samen-beslissen/probleem-krachtenanalyse/psycho-educatie" in answer.passage_keys


def test_a_follow_up_about_facts_of_another_field_is_declined(kb):
    """"moeder vroeg of ze haar antidepressiva kan combineren met slaappillen. wat zeg ik
    dan?" asks about medication, not about the last answer: declined as a question of its
    own. "wat zeg ik dan?" alone is still a follow-up."""
    previous = "bij wat voor soort mishandeling werkt het dan wel?"
    context = dict(previous_text=previous, previous_intent="ask_guideline",
                   subject=f"search:{previous}",
                   sources=["kindermishandeling/toelichting/factor-abuse-specifiek",
                            "kindermishandeling/toelichting/goed-onderbouwde-interventies"])
    aside = _ask(kb, "moeder vroeg nog of ze haar antidepressiva gewoon kan combineren met de "
                     "slaappillen die ze van de huisarts kreeg. wat zeg ik dan?", **context)
    assert not aside.found and not aside.quotes
    assert _ask(kb, "wat zeg ik dan?", **context).quotes
    # expelling a pupil is the school's law (stop 58)
    school = _ask(kb, "mag school hem eigenlijk zomaar verwijderen?", **context)
    assert not school.found and not school.quotes


def test_a_question_about_the_programme_just_named_is_no_request_for_a_list(kb):
    """"er loopt al een OTS, kan zo'n programma daar gewoon naast?" after RGT (the NLU: which
    interventions for an OTS): whether it goes with a child protection measure."""
    answer = _ask(kb, "er loopt al een OTS, kan zo'n programma daar gewoon naast?",
                  intent="ask_interventions_for", problems=["OTS"],
                  previous_text="is dat hetzelfde als FFT? en hoe scoort het in de databank",
                  previous_intent="ask_guideline", subject="intervention:rgt",
                  sources=["kindermishandeling/interventies-tabel/rgt-naam"])
    assert answer.passage_keys[0] == "kindermishandeling/toelichting/programmas-doelgroep"


def test_a_short_follow_up_naming_another_problem_asks_the_question_for_it(kb):
    """"en als het om verwaarlozing gaat?" after what makes interventions after abuse work,
    read by the NLU as the question about neglect: the help to offer parents who neglect
    (PROBLEM_QUESTIONS), not the working factors' passages that name neglect."""
    first = Question(intent="ask_working_factors",
                     text="Wat maakt een interventie na mishandeling kansrijk?")
    factors = answer_question(kb, first)
    assert factors.subject == "collection:werkzame-factoren"
    q = Question(intent="ask_neglect_help", text="en als het om verwaarlozing gaat?",
                 problems=["verwaarlozing"], subject=factors.subject, previous_text=first.text,
                 previous_intent=first.intent, sources=factors.passage_keys)
    answer = answer_question(kb, q)
    assert answer.passage_keys[:3] == ["kindermishandeling/toelichting/hulpvormen-inleiding",
                                       "kindermishandeling/toelichting/hulp-opvoedvaardigheden",
                                       "kindermishandeling/toelichting/hulp-basisbehoeften"]
    # the same problem again is no swap: a follow-up in the conversation
    assert follow_up_answer(kb, dataclasses.replace(
        q, previous_text="Wat maakt een interventie bij verwaarlozing kansrijk?"),
        HANDLERS) is not None


def test_what_another_guideline_says_may_be_its_passage_the_last_answer_quoted(kb):
    """Goals from Samen beslissen first, then the MPG guideline's passage on goals: "en wat
    zegt de MPG-richtlijn daarover?" is answered by that passage again, not by the MPG
    guideline's passages the last answer did not quote."""
    first = ("Hoe formuleer ik doelen zo dat ze ook echt iets zeggen en niet blijven hangen in "
             "'het moet beter gaan thuis'?")
    goals = answer_question(kb, Question(intent="ask_guideline", text=first))
    mpg = "multiprobleemgezinnen/hulpverleningsplan/doelen"
    assert goals.passage_keys == ["samen-beslissen/doelformulering/doelen-stellen", mpg]
    q = Question(intent="ask_guideline", text="en wat zegt de MPG-richtlijn daarover?",
                 subject=goals.subject, previous_text=first, previous_intent="ask_guideline",
                 sources=goals.passage_keys)
    assert answer_question(kb, q).passage_keys[0] == mpg


@pytest.mark.parametrize("order, guideline", [
    ((0, 1, 2), "beslissen-onveilig"),  # one of samen beslissen first, then two of the dossier
    ((0, 1), "samen-beslissen"),  # one each: the first quote's
])
def test_a_follow_up_asks_on_in_the_guideline_most_of_the_last_answer_quoted(kb, order,
                                                                          guideline):
    """"en qua kennis?" after the attitude that goes with deciding when abuse is suspected,
    answered with samen beslissen's basic attitude and then two passages of the dossier on
    deciding in unsafe situations: the knowledge that dossier names."""
    first = "Welke grondhouding hoort bij goed beslissen als je vermoedt dat er thuis " \
            "mishandeling speelt?"
    quoted = ["samen-beslissen/samenwerking/basishouding",
              "beslissen-onveilig/houding/houding-inleiding",
              "beslissen-onveilig/houding/ondersteuning-netwerk"]
    answer = _ask(kb, "en qua kennis?", previous_text=first, previous_intent="ask_guideline",
                  subject=f"search:{first}", sources=[quoted[i] for i in order])
    assert {kb.record(key).guideline_id for key in answer.passage_keys} == {guideline}


PLAN_QUESTION = "Wat hoort er eigenlijk allemaal in een gezinsplan bij een gezin waar van " \
                "alles tegelijk speelt?"
PLAN_QUOTES = ["multiprobleemgezinnen/hulpverleningsplan/gezinsplan-opstellen",
               "multiprobleemgezinnen/hulpverleningsplan/doelen",
               "multiprobleemgezinnen/hulpverleningsplan/veiligheidsplan"]


@pytest.mark.parametrize("shown, earlier", [(PLAN_QUOTES, []),
                                            (PLAN_QUOTES[:2], [PLAN_QUOTES[2:]])])
def test_a_word_the_conversation_quoted_only_in_a_compound_asks_about_that_compound(
        kb, shown, earlier):
    """"moet er ook iets over veiligheid in?" after the family plan, whose quotes (of the
    last answer or one before it) say "Onderdeel van het gezinsplan is een
    veiligheidsplan": that passage, not the abuse guideline's passages on safety (where
    the NLU's guideline classifier leaned)."""
    before = "en wie schrijft het, ik of zij?"
    answer = _ask(kb, "moet er ook iets over veiligheid in?", previous_text=before,
                  previous_intent="ask_guideline", subject=f"search:{before}",
                  earlier_texts=[PLAN_QUESTION], sources=shown, earlier_sources=earlier,
                  guideline="kindermishandeling")
    assert answer.passage_keys[0] == "multiprobleemgezinnen/hulpverleningsplan/veiligheidsplan"


@pytest.mark.parametrize("text, searched", [
    ("moet er ook iets over veiligheid in?", "moet er ook iets over veiligheidsplan in?"),
    # two words of its own: it asks about assessing safety, not about the safety plan again
    ("en daarvoor, het inschatten van de veiligheid?",
     "en daarvoor, het inschatten van de veiligheid?")])
def test_only_a_follow_up_adding_one_word_asks_about_its_compound(kb, text, searched):
    q = Question(intent="ask_guideline", text=text, sources=PLAN_QUOTES)
    assert as_compound_shown(kb, q, text, PLAN_QUESTION) == searched


@pytest.mark.parametrize("first, text, subject", [
    ("In onze regio werken we met SAVE, de GI hiernaast met Signs of Safety. Wat levert SoS op "
     "volgens de MPG-richtlijn, bij hulp in gedwongen kader?", "en SAVE zelf?",
     "search:Wat levert SoS op volgens de MPG-richtlijn?"),
    # "levert ... op" with more words between, the name in the facts (stop 59)
    ("Onze GI stapt over op Signs of Safety. Wat levert dat volgens de richtlijn MPG eigenlijk "
     "op voor gezinnen?", "en SAVE?",
     "search:Wat levert dat volgens de richtlijn MPG eigenlijk op?")])
def test_a_name_after_a_searched_question_about_what_one_yields_asks_its_effect(
        kb, first, text, subject):
    """"en SAVE zelf?" after "Wat levert SoS op volgens de MPG-richtlijn ...?" (a search
    answer, not an answer about an intervention): SAVE's effect, not its description."""
    assert rules().effect_words.search(first)
    answer = _ask(kb, text, intent="ask_intervention", interventions=["SAVE"],
                  previous_text=first, previous_intent="ask_guideline", subject=subject,
                  sources=[SOS_MPG])
    same = answer_question(kb, Question(intent="ask_effectiveness", text="is SAVE effectief?"))
    assert answer.lead == same.lead and answer.passage_keys == same.passage_keys


def test_a_name_after_a_judgement_of_an_effect_asks_its_effect(kb):
    """"en SAVE?" after "maar de richtlijn kindermishandeling is daar toch een stuk
    kritischer over?", which judged what an effect question got: SAVE's effect."""
    answer = _ask(kb, "en SAVE?", intent="ask_intervention", interventions=["SAVE"],
                  previous_text="maar de richtlijn kindermishandeling is daar toch een stuk "
                                "kritischer over?", previous_intent="ask_guideline",
                  earlier_texts=["Wat levert Signs of Safety volgens onderzoek op?"],
                  subject="intervention:signs-of-safety")
    same = answer_question(kb, Question(intent="ask_effectiveness", text="is SAVE effectief?"))
    assert answer.lead == same.lead and answer.passage_keys == same.passage_keys


def test_a_name_after_a_searched_effect_question_naming_none_asks_its_effect(kb):
    """"en bij SoS?" after "en wat leverde die amsterdamse op?" (a search answer on ISC's
    results, its question naming no intervention): the effect of Signs of Safety."""
    answer = _ask(kb, "en bij SoS?", intent="ask_intervention", interventions=["SoS"],
                  previous_text="en wat leverde die amsterdamse op?",
                  previous_intent="ask_guideline",
                  subject="search:en wat leverde die amsterdamse op?",
                  sources=["mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-resultaten"])
    same = answer_question(kb, Question(intent="ask_effectiveness",
                                        text="is Signs of Safety effectief?"))
    assert answer.lead == same.lead and answer.passage_keys == same.passage_keys


def test_a_name_with_its_own_question_after_a_searched_effect_question_keeps_it(kb):
    """"IAG, voor wie is dat?" after "welke hulp is dan effectief gebleken ...?": IAG's
    target group, not its effect."""
    answer = _ask(kb, "IAG, voor wie is dat?", intent="ask_target_group",
                  interventions=["IAG"],
                  previous_text="welke hulp is dan effectief gebleken om de veiligheid in "
                                "zo'n gezin te herstellen?",
                  previous_intent="ask_guideline",
                  subject="search:welke hulp is dan effectief gebleken?",
                  sources=["kindermishandeling/interventies-effectiviteit/twee-effectief"])
    same = answer_question(kb, Question(intent="ask_target_group", text="voor wie is IAG?",
                                        interventions=["IAG"]))
    assert answer.lead == same.lead and answer.passage_keys == same.passage_keys


def test_a_follow_up_adding_a_word_its_guideline_lacks_is_a_question_of_its_own(kb):
    """"ok. en als mijn analyse af is, moet de gedragswetenschapper er nog naar kijken?"
    after the information to gather (MPG, which never names a gedragswetenschapper): what the
    guideline on deciding together says about it."""
    first = "Moet voor een meisje van 11 in kaart brengen wat er thuis allemaal speelt. " \
            "Welke info heb ik nodig en is daar een kader voor?"
    answer = _ask(kb, "ok. en als mijn analyse af is, moet de gedragswetenschapper er nog "
                      "naar kijken?", intent="nlu_fallback", previous_text=first,
                  previous_intent="ask_guideline", subject=f"search:{first}",
                  sources=["multiprobleemgezinnen/hulpverleningsplan/informatie-verzamelen"])
    assert any("gedragswetenschapper" in key for key in answer.passage_keys[:2])

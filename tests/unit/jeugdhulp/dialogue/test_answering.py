"""Which answer an intent's handler gives when the NLU's intent and the search disagree
(jeugdhulp/dialogue/answering.py)."""
import pytest

from jeugdhulp.dialogue import answering
from jeugdhulp.dialogue.answering import answer_question
from jeugdhulp.dialogue.question import Question, question_of
from jeugdhulp.knowledge import compose
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.messages import message

FIRST_CONTACT = "mpg-gedwongen-kader/hulp-in-gedwongen-kader/houding-eerste-contact"
FURTHER_RESEARCH = "samen-beslissen/vraagverheldering/vervolg-verder-onderzoek"


def _ask(kb, intent, text):
    return answer_question(kb, Question(intent=intent, text=text))


def test_a_question_on_the_first_contact_gets_the_whole_list(kb):
    answer = _ask(kb, "ask_first_contact", "Hoe begin ik een eerste gesprek in een gedwongen kader?")
    assert answer.passage_keys[0] == FIRST_CONTACT and len(answer.passage_keys) >= 5


def test_a_question_about_a_later_point_of_the_list_gets_that_point(kb):
    """What is negotiable is the first contact's seventh point, which the list's first
    screen leaves to "meer": the question about it gets that point itself."""
    negotiable = "mpg-gedwongen-kader/hulp-in-gedwongen-kader/onderhandelbaar"
    whole = _ask(kb, "ask_first_contact", "Hoe begin ik een eerste gesprek in een gedwongen kader?")
    assert negotiable not in whole.passage_keys
    text = "wat zegt de MPG-richtlijn over wat wel en niet onderhandelbaar is in dat eerste gesprek?"
    assert _ask(kb, "ask_first_contact", text).passage_keys[0] == negotiable


def test_a_shorthand_question_about_a_later_point_gets_it_when_the_passage_model_picks_it(kb):
    """A long shorthand message matches the strengths point's own words only partly (no
    "normal" match); the passage model picks it far above the rest, so it comes first, not
    the list's first screen."""
    strengths = "mpg-gedwongen-kader/hulp-in-gedwongen-kader/sterke-kanten"
    text = ("eerste gesprek bij ots morgen, ouders verwachten alleen gezeur, ook de goede "
            "kanten benoemen staat dat in de rl")
    hits = kb.search(text, limit=6)
    assert hits[0].passage.key == strengths and not answering.compose.clear_match(hits, "normal")
    assert _ask(kb, "ask_first_contact", text).passage_keys[0] == strengths


@pytest.mark.parametrize("text", [
    "welke zijn er nou bewezen effectief voor het herstel van veiligheid?",
    "welke van al die behandelingen is effectief gebleken voor het herstellen van de veiligheid?",
    "en welke van deze interventies herstelt aantoonbaar de veiligheid in het gezin?",
    "welke van die programma's is echt effectief gebleken voor de veiligheid in gezinnen?"])
def test_which_ones_after_one_interventions_effect_asks_about_all_of_them(kb, text):
    """After MST-CAN's effect, "welke zijn ... bewezen effectief?" asks which of all the
    interventions: the passage that says which two restore safety, not MST-CAN's effect
    again. "en is dat bewezen effectief?" still asks about MST-CAN."""
    context = dict(subject="intervention:mst-can", previous_intent="ask_effectiveness",
                   previous_text="en hoe staat MST-CAN er qua effectiviteit voor?",
                   sources=["kindermishandeling/interventies-tabel/mst-can-beoordeling"])
    asked = answer_question(kb, Question(intent="ask_effectiveness", text=text, **context))
    assert asked.passage_keys[0] == "kindermishandeling/interventies-effectiviteit/twee-effectief"
    same = answer_question(kb, Question(intent="ask_effectiveness",
                                        text="en is dat bewezen effectief?", **context))
    assert same.passage_keys[0] == "kindermishandeling/interventies-tabel/mst-can-beoordeling"


def test_a_list_intent_whose_question_ranks_far_higher_elsewhere_gets_the_search(kb, monkeypatch):
    """"eerste gesprek" made the NLU think of the first contact in a forced framework; the
    question is what comes after it, and another guideline's passage ranks far above the
    list's guideline (not a clear match on its own words)."""
    text = "als na het eerste gesprek nog niet duidelijk is hoe ernstig de problemen zijn, wat dan?"
    answer = _ask(kb, "ask_first_contact", text)
    assert FURTHER_RESEARCH in answer.passage_keys and FIRST_CONTACT not in answer.passage_keys
    monkeypatch.setattr(answering, "ELSEWHERE_SHARE", 100.0)
    assert _ask(kb, "ask_first_contact", text).passage_keys[0] == FIRST_CONTACT


def test_a_case_whose_question_sentence_is_found_elsewhere_gets_the_search(kb):
    """"eerste gesprek" in a case description made the NLU think of the first contact in a
    forced framework; its question sentence asks about the vraagverheldering of samen
    beslissen, which its facts thin out for the whole message."""
    text = ("Ik zie volgende week voor het eerst een vader en zijn zoon (14), verwezen door de "
            "school. Wat moet ik allemaal doen bij de vraagverheldering?")
    hits = kb.search(text, limit=6)
    assert not compose.clear_match(hits)
    answer = _ask(kb, "ask_first_contact", text)
    assert answer.passage_keys[0].startswith("samen-beslissen/vraagverheldering/")
    assert FIRST_CONTACT not in answer.passage_keys


def test_a_clear_match_elsewhere_just_above_the_list_does_not_overrule_the_nlu(kb, monkeypatch):
    """"OTS" and "GI" match the Deltamethode clearly, at 1.08 times the first contact's lead:
    the NLU's first contact stands."""
    text = "morgen 1e gesprek bij gezin met verse OTS, ze zijn woest op de GI. tips?"
    answer = _ask(kb, "ask_first_contact", text)
    assert answer.passage_keys[0] == FIRST_CONTACT and len(answer.passage_keys) >= 5
    monkeypatch.setattr(answering, "CLEAR_ELSEWHERE_SHARE", 1.0)
    assert _ask(kb, "ask_first_contact", text).passage_keys[0] != FIRST_CONTACT


def test_a_word_that_asks_for_a_list_does_not_overrule_a_passage_found_far_above_it(kb):
    """"kennis" asks for the knowledge a professional needs (the whole list), unless the
    search finds the question outside that list: what an organisation must arrange is
    the preconditions."""
    knowledge = "beslissen-onveilig/kennis/kennis-inleiding"
    asked = _ask(kb, "ask_guideline", "Welke kennis heb je nodig om goed te beslissen bij "
                                      "kindermishandeling?")
    assert asked.passage_keys[0] == knowledge
    text = ("Wij zijn als teamleiders aan het kijken wat we als organisatie moeten regelen "
            "zodat onze medewerkers goed kunnen beslissen in zaken met kindermishandeling. "
            "Wat zegt de kennis daarover?")
    answer = _ask(kb, "ask_guideline", text)
    assert answer.passage_keys[0] == "beslissen-onveilig/randvoorwaarden/organisatie-en-keten"
    assert knowledge not in answer.passage_keys


def test_a_list_intent_gives_way_to_a_passage_the_passage_model_picks_far_above_it(kb):
    """The NLU thought of the working factors; the passage model picks the recommendation to
    work with well-founded programmes, 2.7 times the list's best (not a lenient match)."""
    text = ("In ons team discussie: moet je bij kindermishandeling per se met erkende "
            "programma's werken of mag je ook je eigen werkwijze volgen?")
    answer = _ask(kb, "ask_working_factors", text)
    assert answer.passage_keys[0] == "kindermishandeling/toelichting/goed-onderbouwde-interventies"


def test_the_passage_model_alone_does_not_overrule_a_list_word(kb):
    """"Welke houding ...?" asks for the attitudes; the passage model's pick (the knowledge
    needed) does not overrule the word."""
    text = ("Ik moet met mijn team een besluit nemen over welke hulp nodig is in een gezin "
            "waar we mishandeling vermoeden. Welke houding wordt er van ons verwacht?")
    answer = _ask(kb, "ask_guideline", text)
    lead = kb.collection_record("houding-hulpverleners").lead
    assert answer.passage_keys[0] == lead


@pytest.mark.parametrize("text", [
    "Welke grondhouding wordt er van je verwacht als je moet inschatten of een kind thuis veilig "
    "genoeg is? Ik bedoel de mindset, niet de protocollen.",
    "Met welke instelling moet je erin zitten als je moet beslissen over hulp in een gezin waar "
    "het niet veilig is?",
    "Hoe moet ik erin staan als ik samen met ouders moet beslissen over hulp bij een vermoeden van "
    "mishandeling? Ben ik dan controleur of meedenker?",
    # "kindermishandeling" after the decision, not only before it
    "Met wat voor houding ga je erin als je moet beslissen in een gezin waar kindermishandeling "
    "speelt?"])
def test_an_attitude_in_practice_words_when_deciding_in_unsafety_gets_the_attitudes(kb, text):
    """Practice words for an attitude and a decision in an unsafe family (a structure cue's
    ``when``): the attitudes the dossier on deciding in unsafe situations lists, also where
    the search finds a passage of another guideline first (samen beslissen's basic attitude,
    its skills)."""
    answer = _ask(kb, "ask_guideline", text)
    assert answer.passage_keys[0] == kb.collection_record("houding-hulpverleners").lead
    # the same words without the unsafe situation keep the search's answer
    plain = _ask(kb, "ask_guideline", "Met welke instelling ga ik een gesprek met ouders in?")
    assert plain.passage_keys[:1] != [kb.collection_record("houding-hulpverleners").lead]


@pytest.mark.parametrize("text, collection", [
    ("welke vaardigheden moet je als hulpverlener hebben om samen met een gezin over hulp te "
     "beslissen bij km? moet scholingsplan maken voor ons team", "vaardigheden-hulpverleners"),
    ("Ik ben gedragswetenschapper en wil voor ons team op een rij zetten wat je moet kunnen om "
     "samen met gezinnen te beslissen als het thuis onveilig is. Wat noemt het NJi daarover?",
     "vaardigheden-hulpverleners"),
    ("welke kennis heb je nodig om te beslissen over hulp bij km?", "kennis-hulpverleners")])
def test_skills_or_knowledge_for_deciding_in_unsafety_get_the_dossiers_list(kb, text, collection):
    """Skills ("wat je moet kunnen") or knowledge for deciding in an unsafe family ("km" is
    kindermishandeling): the dossier's list, also where the search finds samen beslissen's
    skills first (a structure cue's ``when``)."""
    answer = _ask(kb, "ask_guideline", text)
    assert answer.passage_keys[0] == kb.collection_record(collection).lead


def test_where_knowledge_falls_short_is_not_the_knowledge_list(kb):
    """"kennis" and deciding about abuse name the knowledge a professional needs; where the
    knowledge falls short and what must still be developed is what the dossier says is
    still to be researched."""
    text = "Op welke punten schiet de kennis nog tekort bij het beslissen bij km?"
    answer = _ask(kb, "ask_guideline", text)
    assert answer.passage_keys[:1] != [kb.collection_record("kennis-hulpverleners").lead]
    assert "beslissen-onveilig/meer-onderzoek/onderzoek-instrumenten-interventies" in answer.passage_keys


def test_a_question_about_the_organisation_or_one_step_does_not_get_a_list(kb):
    """"Wat zegt de kennis over wat een organisatie moet regelen?" asks for the
    preconditions, not the knowledge list; "bij elke stap een gw inschakelen?" asks about the
    behavioural scientist, not for the steps of deciding."""
    organisation = _ask(kb, "ask_guideline", (
        "Onze teamleider wil naar 25 gezinnen per persoon en supervisie is wegbezuinigd. Er zitten "
        "gezinnen met vermoedens van mishandeling tussen. Wat zegt de kennis over wat een "
        "organisatie moet regelen voor goede besluitvorming?"))
    assert organisation.passage_keys[0] != kb.collection_record("kennis-hulpverleners").lead
    step = _ask(kb, "ask_guideline", "moet ik nou bij elke stap een gw inschakelen of alleen bij "
                                     "de grote beslissingen? tl zegt altijd maar ik heb 24 gezinnen")
    assert step.passage_keys[0] == "samen-beslissen/beslisproces/gedragswetenschapper-cruciale-beslissingen"


def test_a_list_intent_whose_question_is_about_a_passage_outside_the_list_gets_it(kb):
    """The neglect list is in the same guideline as the passage on abuse-specific help:
    being in another guideline is not what counts, being outside the list is."""
    text = "hulp na seksueel misbruik hetzelfde als bij verwaarlozing? iets met abuse specifiek"
    answer = _ask(kb, "ask_neglect_help", text)
    assert "kindermishandeling/toelichting/factor-abuse-specifiek" in answer.passage_keys
    assert "kindermishandeling/toelichting/hulp-basisbehoeften" not in answer.passage_keys
    neglect = _ask(kb, "ask_neglect_help", "welke hulp bied je ouders bij verwaarlozing?")
    assert "kindermishandeling/toelichting/hulp-basisbehoeften" in neglect.passage_keys


def test_a_comparison_with_an_approach_without_a_row_gets_the_search(kb):
    """One intervention named and compared with something the table has no row for: the
    passage that compares them, not just the intervention's row."""
    answer = _ask(kb, "compare_interventions",
                  "Wat is het verschil tussen Signs of Safety en een gewone behandeling?")
    assert answer.lead.startswith("Dit zegt de Richtlijn Kindermishandeling")
    assert "kindermishandeling/benaderingen/algemene-werkwijzen" in answer.passage_keys
    # without such a passage: the intervention's row, as before
    row = _ask(kb, "compare_interventions", "Hoe verhoudt Signs of Safety zich tot klassieke behandelprogramma's?")
    assert row.lead.startswith("Signs of Safety")
    # two named: the comparison
    both = _ask(kb, "compare_interventions", "Wat is het verschil tussen Signs of Safety en VSV?")
    assert both.lead.startswith("Signs of Safety en Veilig, Sterk & Verder naast elkaar")
    # two named with an effect word: what the guideline says about the effect of each
    effect = _ask(kb, "compare_interventions",
                  "Welke is effectiever, Ambulante Spoedhulp of Families First?")
    assert effect.lead == message("answers.compare.effect_lead",
                                  names="Ambulante Spoedhulp en Families First")
    assert "kindermishandeling/interventies-effectiviteit/twee-effectief" in effect.passage_keys


def test_two_interventions_side_by_side_show_what_each_does_and_for_whom(kb):
    """"wat is het verschil tussen Families First en Ambulante Spoedhulp?": the approach and
    goal of each first (what writers of such questions expect), then each target group; a
    kind that does not fit goes to "meer" for all of them, never for one."""
    answer = _ask(kb, "compare_interventions",
                  "Wat is het verschil tussen Families First en Ambulante Spoedhulp?")
    assert answer.lead.startswith("Families First en Ambulante Spoedhulp naast elkaar")
    assert answer.passage_keys[:4] == [
        "kindermishandeling/interventies-tabel/families-first-aanpak",
        "kindermishandeling/interventies-tabel/ambulante-spoedhulp-aanpak",
        "kindermishandeling/interventies-tabel/families-first-doelgroep",
        "kindermishandeling/interventies-tabel/ambulante-spoedhulp-doelgroep"]
    # three long approaches: each one's approach, the rest in "meer"
    three = _ask(kb, "compare_interventions", "sos vs save vs isc, wat is nou t verschil?")
    assert [q.heading.split(" — ")[1] for q in three.quotes] == ["aanpak"] * 3
    assert "Signs of Safety — doelgroep" in [q.heading for q in three.more]
    # asked for whom: the target groups first, for both
    whom = _ask(kb, "compare_interventions", "mst-can vs rgt, wat is t verschil qua doelgroep?")
    assert [q.heading.split(" — ")[1] for q in whom.quotes[:2]] == ["doelgroep"] * 2


def test_a_list_intent_that_asks_whether_a_named_intervention_is_useful_gets_its_effect(kb):
    """The NLU took these for the working factors, the help with neglect, what an
    intervention is and a general question."""
    for intent, text, name in [
            ("ask_working_factors", "ekc bij kindermishandeling zinvol??", "Eigen Kracht"),
            ("ask_neglect_help", "heeft VSV zin bij verwaarlozing?", "Veilig, Sterk & Verder"),
            # practice words for "is it any use" (effect_words, stop 56)
            ("ask_intervention", "De familie wil een EK-C, maar er is al mishandeling geweest. "
             "Heeft dat zin?", "Eigen Kracht"),
            ("ask_intervention", "Die EK-C na de mishandeling, is dat niet een doekje voor het "
             "bloeden?", "Eigen Kracht"),
            # the NLU's general question, with a word for "any use" (usefulness_words)
            ("ask_guideline", "In ons MDO roepen ze 'zet maar een EK-C in' bij gezinnen waar al "
             "mishandeling is geweest. Heeft dat eigenlijk zin?", "Eigen Kracht"),
            # what it yields (stop 60)
            ("ask_guideline", "Als team denken we erover om met Signs of Safety te gaan werken. "
             "Wat levert het op, volgens jullie bronnen?", "Signs of Safety"),
            ("ask_guideline", "Is er nou hard bewijs dat die krachtgerichte werkwijzen in de "
             "jeugdbescherming, SAVE, Beter Beschermd en zo, echt werken?", "SAVE")]:
        answer = _ask(kb, intent, text)
        assert answer.lead.startswith(f"Hoe effectief is {name}"), (text, answer.lead)
    # setting the evidence aside asks something else
    aside = _ask(kb, "ask_guideline", "ok helder. los van het bewijs: waar past SoS dan in als je "
                                      "met een gezin moet beslissen over veiligheid?")
    assert not aside.lead.startswith("Hoe effectief")
    # a general question with "werken" (an effect word, not one of use) stays what it is
    save = _ask(kb, "ask_guideline", "wij werken bij onze GI met SAVE, wat waren die vier "
                                     "vensters ook alweer?")
    assert not save.lead.startswith("Hoe effectief")
    # without a named intervention the list stays
    listed = _ask(kb, "ask_neglect_help", "welke hulp heeft zin bij verwaarlozing?")
    assert not listed.lead.startswith("Hoe effectief")


def test_an_effect_word_in_the_facts_does_not_make_a_question_about_the_effect(kb):
    """"hier werken ze met SAVE": "werken" is an effect word, but the question is what SAVE
    is; "werkt SAVE?" asks for its effect."""
    text = "Op mijn nieuwe werk werken ze met SAVE. Wat is SAVE precies?"
    answer = answer_question(kb, Question(intent="ask_intervention", text=text,
                                          interventions=["SAVE"]))
    assert answer.lead.startswith("SAVE") and not answer.lead.startswith("Hoe effectief")
    effect = answer_question(kb, Question(intent="ask_intervention", text="werkt SAVE eigenlijk?",
                                          interventions=["SAVE"]))
    assert effect.lead.startswith("Hoe effectief is SAVE")
    # "werkt daarmee": who uses it, not its effect (the NLU: an effect question)
    used = answer_question(kb, Question(
        intent="ask_effectiveness", text="en ISC? de buurregio werkt daarmee",
        interventions=["ISC"], previous_intent="ask_guideline",
        previous_text="wij werken bij onze GI met SAVE, wat waren die vier vensters ook alweer",
        subject="search:wij werken bij onze GI met SAVE, wat waren die vier vensters ook alweer",
        sources=["mpg-gedwongen-kader/onveilige-situaties-inschatten/save-beschrijving"]))
    assert used.passage_keys and not used.lead.startswith("Hoe effectief")


def test_the_amsterdam_approach_is_isc_and_what_it_yielded_is_its_effect(kb):
    """"die Amsterdamse aanpak" is ISC (names.yml), "wat heeft ... opgeleverd?" asks for its
    effect (the results since it was introduced); "in Amsterdam werken ze met iets anders"
    says who uses something, not whether it works."""
    assert [r.id for r in kb.interventions_in("en wat heeft die amsterdamse aanpak opgeleverd?")] \
        == ["isc"]
    assert [r.id for r in kb.interventions_in("dat intensief systeemgericht dinges")] == ["isc"]
    answer = answer_question(kb, Question(intent="ask_intervention",
                                          text="en wat heeft die amsterdamse aanpak opgeleverd?",
                                          interventions=["Amsterdamse aanpak"]))
    assert answer.lead.startswith("Hoe effectief is Intensief systeemgericht casemanagement")
    assert "mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-resultaten" in \
        answer.passage_keys
    assert not rules().effect_words.search("en in Amsterdam werken ze met iets anders toch?")


def test_everyday_words_for_whether_it_helps_ask_for_the_effect(kb):
    """"schiet je daar iets mee op?" about a named EK-C, and "merken gezinnen daar wat van?"
    after SAVE: what the guidelines say about their effect."""
    text = ("De familie wil per se een eigen kracht conferentie, terwijl er al mishandeling is "
            "geweest. Schiet je daar iets mee op of is het vooral gezellig met z'n allen praten?")
    answer = answer_question(kb, Question(intent="ask_guideline", text=text,
                                          interventions=["eigen kracht conferentie"]))
    assert answer.lead.startswith("Hoe effectief is Eigen Kracht")
    first = ("Collega heeft het bij de OTS-gezinnen steeds over 'de vier vensters' van SAVE. Ik "
             "kom net van het wijkteam af, kun je uitleggen wat dat is?")
    noticed = answer_question(kb, Question(
        intent="ask_guideline", text="merken gezinnen daar in de praktijk wat van?",
        previous_text=first, previous_intent="ask_guideline", subject=f"search:{first}",
        sources=["mpg-gedwongen-kader/onveilige-situaties-inschatten/save-beschrijving"]))
    assert noticed.lead.startswith("Hoe effectief is SAVE")


def test_in_which_phases_it_works_is_no_question_about_its_effect(kb):
    """"in welke fases werkt dat?" after ISC asks how it works (its three phases), not
    whether it works."""
    answer = answer_question(kb, Question(
        intent="ask_intervention", text="in welke fases werkt ISC?", interventions=["ISC"]))
    assert not answer.lead.startswith("Hoe effectief")
    assert "mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-beschrijving" \
        in answer.passage_keys  # "... werkt van daaruit in drie fases: ..."


def test_a_case_around_a_question_about_an_interventions_effect_gets_its_effect(kb):
    """The facts of a case keep the search's match unclear (a long message), but the question
    at its end asks what the intervention named brings: its effect, not its description."""
    text = ("Zaterdag belde een moeder van drie kinderen in paniek, vader was vertrokken en de "
            "crisisdienst is geweest. De kinderen logeren nu bij oma. Mijn teamleider wil "
            "Ambulante Spoedhulp inzetten. Wat levert dat volgens onderzoek op?")
    answer = answer_question(kb, Question(intent="ask_guideline", text=text,
                                          interventions=["Ambulante Spoedhulp"]))
    assert answer.lead.startswith("Hoe effectief is Ambulante Spoedhulp")
    assert "kindermishandeling/interventies-effectiviteit/ambulante-spoedhulp-onderzoek" \
        in answer.passage_keys
    # "hoe werkt dat?" asks what it does (how_it_works in answers.yml)
    how = answer_question(kb, Question(intent="ask_guideline",
                                       text=text.replace("Wat levert dat volgens onderzoek op?",
                                                         "Hoe werkt dat eigenlijk?"),
                                       interventions=["Ambulante Spoedhulp"]))
    assert not how.lead.startswith("Hoe effectief") and any(
        "Ambulante Spoedhulp" in q.text or "crisis" in q.text for q in how.quotes)


def test_spoedhulp_alone_names_ambulante_spoedhulp(kb):
    assert [i.id for i in kb.interventions_in("en die spoedhulp, kan dat ook bij een baby?")] \
        == ["ambulante-spoedhulp"]


def test_an_unsure_question_that_names_an_intervention_is_not_refused(kb):
    """The NLU was not sure (help 0.4): a longer question naming SAVE gets a passage about
    it, or its row in the table, never "no answer"."""
    from jeugdhulp.dialogue.answering import fallback_answer

    answer = fallback_answer(kb, "onze GI gaat over op SAVE. kan iemand uitleggen hoe die "
                                 "werkwijze in elkaar zit?", "help", 0.4)
    assert answer.found and answer.passage_keys
    assert any("SAVE" in q.text or "Deltamethode" in q.text for q in answer.quotes)


def test_an_unsure_question_of_another_field_that_names_an_intervention_is_refused(kb):
    """The NLU was not sure: a waiting list for MST-CAN is another field (a word of
    other_domain_words), so naming MST-CAN does not bring its description."""
    from jeugdhulp.dialogue.answering import fallback_answer

    answer = fallback_answer(kb, "hoi, weet jij hoe lang de wachtlijst voor MST-CAN bij ons "
                                 "in de regio is?", "ask_guideline", 0.4)
    assert not answer.found and not answer.quotes


def test_a_case_asking_which_help_can_prevent_a_placement_gets_the_crisis_interventions(kb):
    """The NLU saw a general question in "De Raad overweegt een UHP. Welke intensieve hulp
    thuis kan dat nog voorkomen?"; with a crisis (``interventions_asked`` in answers.yml) it
    asks for the table's interventions, which "welke van die twee ...?" can then compare.
    "Welke hulp" with neglect is mostly how to choose help together: still the search."""
    text = ("Gezin in acute crisis: vader is opgenomen en moeder trekt het niet meer. De Raad "
            "overweegt een UHP. Welke intensieve hulp thuis kan dat nog voorkomen?")
    answer = answer_question(kb, Question(intent="ask_guideline", text=text,
                                          problems=["crisis"]))
    assert answer.subject.startswith("problem:crisis")
    assert answer.passage_keys[:2] == [
        "kindermishandeling/interventies-tabel/families-first-doelgroep",
        "kindermishandeling/interventies-tabel/ambulante-spoedhulp-doelgroep"]
    neglect = answer_question(kb, Question(
        intent="ask_guideline", problems=["verwaarlozing"],
        text="Kinderen komen zonder ontbijt op school. Wat voor hulp zet ik bij verwaarlozing in?"))
    assert neglect.subject.startswith("search:")


def test_a_placement_among_the_facts_is_what_a_question_without_a_problem_asks_to_prevent(kb):
    """The facts name violence first and a threatened placement after; "welk programma ...
    om dat te voorkomen?" names no problem: the interventions for the threatened placement,
    not for the violence. A question that names a problem of its own keeps it."""
    text = ("Twee kinderen van 8 en 12, vorig jaar een melding van fysiek geweld door moeder. "
            "De hulp loopt al lang vast en de GI overweegt nu een uithuisplaatsing. Welk "
            "programma kan dat nog voorkomen?")
    answer = answer_question(kb, Question(
        intent="ask_guideline", text=text,
        problems=["fysieke mishandeling", "dreigende uithuisplaatsing"]))
    assert answer.subject.startswith("problem:dreigende_uithuisplaatsing"), answer.subject
    assert "kindermishandeling/interventies-tabel/mst-can-doelgroep" in answer.passage_keys
    own = answer_question(kb, Question(
        intent="ask_guideline", problems=["verwaarlozing", "dreigende uithuisplaatsing"],
        text="De GI overweegt een uithuisplaatsing. Welke hulp zet ik bij verwaarlozing in?"))
    assert not own.subject.startswith("problem:"), own.subject


@pytest.mark.parametrize("text, whole_list", [
    ("Bij zo'n gezin denk ik meteen 'o, dat weer'. Hoe stap ik daar overheen?", False),
    ("Stappen we dan meteen over op professionele hulp?", False),
    ("wat zijn de stappen van samen beslissen?", True),
    ("welke stap zet je eerst bij samen beslissen?", True),
])
def test_step_as_a_verb_does_not_ask_for_the_steps(kb, text, whole_list):
    """"hoe stap ik daar overheen?" is no question for the steps of deciding together
    (``structure_cues`` in answers.yml); "welke stap ..." still is."""
    answer = answer_question(kb, Question(intent="ask_guideline", text=text,
                                          guideline="samen-beslissen"))
    assert (answer.subject == "collection:beslisstappen") == whole_list, answer.subject


def test_skills_ask_for_the_skills_a_professional_needs(kb):
    """"Welke skills horen daarbij?" after getting parents on board and showing one's limits:
    the list of skills, as "welke vaardigheden" gets it (``structure_cues`` in answers.yml)."""
    text = ("Hoe krijg ik ouders aan boord en laat ik tegelijk heel helder merken waar mijn "
            "grens ligt en wat ik moet doen als het om hun kind gaat? Welke skills horen daarbij?")
    answer = answer_question(kb, Question(intent="ask_guideline", text=text))
    assert answer.subject == "collection:vaardigheden-hulpverleners", answer.subject


def test_a_compound_of_programme_asks_for_the_crisis_interventions_too(kb):
    """"Welke thuisprogramma's ...?" with a placement that may come: the table's
    interventions, as "welke programma's" gets them (``interventions_asked`` in answers.yml)."""
    text = ("Vader is vertrokken en moeder redt het niet meer; de GI overweegt een "
            "uithuisplaatsing. Welke thuisprogramma's zijn er dan nog?")
    answer = answer_question(kb, Question(intent="ask_guideline", text=text,
                                          problems=["dreigende uithuisplaatsing"]))
    assert answer.subject.startswith("problem:dreigende_uithuisplaatsing")
    assert answer.passage_keys[0] == "kindermishandeling/interventies-tabel/families-first-doelgroep"


FF_APPROACH = "kindermishandeling/interventies-tabel/families-first-aanpak"


def test_a_short_list_of_interventions_shows_what_each_one_does(kb):
    """"welke intensieve programma's zijn er om een uithuisplaatsing te voorkomen?" asks what
    they do as much as for whom: a list of up to three shows each approach after the target
    groups (in the room of a side-by-side answer); a long list stays with the target groups."""
    rows = kb.interventions_for("crisis", None)
    assert 2 <= len(rows) <= 3
    answer = compose.interventions_for(kb, "crisis", None)
    approaches = [compose.interventions._approach_record(kb, row).key for row in rows]
    targets = [compose.interventions._target_record(kb, row).key for row in rows]
    assert answer.passage_keys[:2 * len(rows)] == targets + approaches
    assert answer.estimated_length() <= compose.interventions.COMPARE_BUDGET
    assert answer.quotes[len(rows)].heading == message("answers.compare.approach_heading",
                                                       name=rows[0].name)
    long = compose.interventions_for(kb, "kindermishandeling", None)
    assert len(kb.interventions_for("kindermishandeling", None)) > 3
    assert not {compose.interventions._approach_record(kb, row).key
                for row in kb.interventions_for("kindermishandeling", None)
                if compose.interventions._approach_record(kb, row)} & set(long.passage_keys)


def test_home_help_in_one_word_asks_for_the_crisis_interventions(kb):
    """"welke intensieve thuishulp is er voor zo'n situatie?" in a crisis asks for help as
    "welke intensieve hulp" does (``interventions_asked.words``: "thuishulp", "spoedhulp")."""
    text = ("gezin in crisis: moeder is kort opgenomen geweest, vader trekt het niet alleen. "
            "welke intensieve thuishulp is er voor zo'n situatie?")
    answer = answer_question(kb, Question(intent="ask_guideline", text=text,
                                          problems=["crisis"]))
    assert answer.subject.startswith("problem:crisis"), answer.subject
    assert FF_APPROACH in answer.passage_keys


def test_crisis_help_in_one_word_asks_for_the_crisis_interventions(kb):
    """"Welke crisishulp thuis kunnen we nog inzetten?" (no problem found by the NLU; a
    placement the GI mentions without "dreigt"): "crisishulp" names the crisis, and the
    question asks for its interventions (names.yml synonyms, stop 59)."""
    text = ("Gezin met drie kids, moeder is net uit een psychose en vader trekt het echt niet "
            "meer. De GI heeft het over een UHP binnen een paar weken als er niks verandert. "
            "Welke crisishulp thuis kunnen we nog inzetten?")
    answer = answer_question(kb, Question(intent="ask_guideline", text=text))
    assert answer.subject.startswith("problem:crisis"), answer.subject
    assert FF_APPROACH in answer.passage_keys


def test_the_name_of_a_guideline_is_not_a_problem_of_the_question():
    """"de richtlijn kindermishandeling" names where to look; the problem asked about is the
    behaviour problems."""
    text = ("Welke interventie uit de tabel van de richtlijn kindermishandeling is er voor "
            "gezinnen met pubers met gedragsproblemen?")
    entities = [{"entity": "problem", "value": value, "start": text.index(surface),
                 "end": text.index(surface) + len(surface)}
                for surface, value in (("kindermishandeling", "kindermishandeling"),
                                       ("gedragsproblemen", "gedragsproblemen"))]
    assert question_of({"text": text, "entities": entities}, {}).problems == ["gedragsproblemen"]


def test_what_there_is_in_help_asks_for_the_crisis_interventions_too(kb):
    """"Wat is er aan korte, intensieve hulp thuis om dat te voorkomen?" with a placement the
    team fears: the table's interventions (``interventions_asked``), not a refusal because
    the facts say the rent was not paid (a word of another field)."""
    text = ("Gezin [NAAM], moeder met drie kinderen onder de 6, vader is net vertrokken. Huur "
            "al maanden niet betaald, moeder is overspannen en het wijkteam vreest dat de "
            "kinderen uit huis geplaatst moeten worden. Wat is er aan korte, intensieve hulp "
            "thuis om dat te voorkomen, en is het bewezen?")
    answer = answer_question(kb, Question(intent="ask_guideline", text=text,
                                          problems=["dreigende uithuisplaatsing"]))
    assert answer.found
    assert answer.subject.startswith("problem:dreigende_uithuisplaatsing")
    assert "kindermishandeling/interventies-tabel/families-first-doelgroep" in answer.passage_keys


def test_a_question_of_another_field_about_a_named_intervention_is_not_its_description(kb):
    """Who pays for MST-CAN and what it costs: the table describes MST-CAN, but says nothing
    about that; what MST-CAN is still gets its row."""
    text = ("Wie betaalt een MST-CAN traject, de gemeente of de zorgverzekeraar? En wat kost "
            "zoiets ongeveer per gezin?")
    answer = answer_question(kb, Question(intent="ask_intervention", text=text,
                                          interventions=["MST-CAN"]))
    assert not answer.found and not answer.quotes
    row = answer_question(kb, Question(intent="ask_intervention", text="Wat is MST-CAN?",
                                       interventions=["MST-CAN"]))
    assert row.lead.startswith("Multisysteem Therapie Child Abuse & Neglect (MST-CAN)")


def test_a_source_question_about_a_thing_the_last_answer_quoted_is_a_question(kb):
    """"waar vind ik dat kader?" after the Afwegingskader (the NLU: a source question): the
    guideline's words about it, not the citation. "waar staat die passage?" asks the source."""
    shown = ["mpg-gedwongen-kader/onveilige-situaties-inschatten/afwegingskader"]
    thing = answer_question(kb, Question(intent="ask_source", text="waar vind ik dat kader?",
                                         sources=shown, previous_intent="ask_guideline",
                                         previous_text="wat is dat afwegingskader precies?"))
    assert thing.found and shown[0] in thing.passage_keys
    source = answer_question(kb, Question(intent="ask_source", text="waar staat die passage?",
                                          sources=shown, previous_intent="ask_guideline",
                                          previous_text="wat is dat afwegingskader precies?"))
    assert source.lead == message("answers.sources.lead") and not source.quotes


def test_a_question_about_what_the_guideline_advises_is_not_a_source_question(kb):
    """"welke basishouding hoort daar volgens die richtlijn bij?" names the guideline, and the
    NLU reads a source question: it asks what the guideline says. "uit welke richtlijn komt
    dit?" still asks the source."""
    shown = ["samen-beslissen/probleem-krachtenanalyse/gedwongen-kader-analyse-overslaan"]
    context = dict(sources=shown, previous_intent="ask_guideline",
                   previous_text="moet ik dan ook die hele probleem- en krachtenanalyse doen?")
    content = answer_question(kb, Question(
        intent="ask_source", text="en welke basishouding hoort daar volgens die richtlijn bij?",
        **context))
    assert content.passage_keys[0] == "samen-beslissen/samenwerking/basishouding"
    source = answer_question(kb, Question(intent="ask_source", text="uit welke richtlijn komt dit?",
                                          **context))
    assert source.lead == message("answers.sources.lead") and not source.quotes


def test_a_question_which_questions_the_guideline_answers_is_not_a_source_question(kb):
    """"welke vragen wil die richtlijn eigenlijk beantwoorden?" after the term
    multiprobleemgezin (the NLU: a source question): the questions the guideline sets out
    to answer, not where the last answer came from."""
    shown = ["multiprobleemgezinnen/inleiding/positieve-benadering"]
    answer = answer_question(kb, Question(
        intent="ask_source", text="welke vragen wil die richtlijn eigenlijk beantwoorden?",
        sources=shown, previous_intent="ask_guideline", guideline="multiprobleemgezinnen",
        previous_text="is multiprobleemgezin geen stigmatiserende term?"))
    assert "multiprobleemgezinnen/inleiding/vragen-richtlijn" in answer.passage_keys


def test_in_a_case_the_intervention_its_question_names_comes_before_those_of_the_facts(kb):
    text = ("Gezin met een zoon van 4 en een dochter van 7, sinds twee jaar OTS en al twee keer "
            "IAG gehad zonder veel resultaat. Een collega noemt MST-CAN: komt dit gezin daarvoor "
            "in aanmerking?")
    q = Question(intent="ask_intervention", text=text, interventions=["IAG", "MST-CAN"])
    assert [row.id for row in answering.named_interventions(kb, q)][0] == "mst-can"
    assert "MST-CAN" in answer_question(kb, q).lead


def test_the_working_factors_start_with_what_is_not_known(kb):
    """"wat zijn werkzame factoren bij hulp na kindermishandeling?": the guideline first says
    they are not well known, then what there are indications for (the list). The NJi
    dossier's sentence that professionals need knowledge of them is no answer to it."""
    answer = _ask(kb, "ask_working_factors",
                  "wat zijn werkzame factoren bij hulp na kindermishandeling?")
    assert answer.passage_keys[:2] == ["kindermishandeling/toelichting/werkzame-factoren-onbekend",
                                       "kindermishandeling/toelichting/werkzame-factoren-inleiding"]
    assert answer.subject == "collection:werkzame-factoren"


def test_which_intervention_in_a_conversation_about_another_guideline_is_asked_of_it(kb):
    """"wat voor interventie zet je dan in?" after an answer from the guideline on
    multi-problem families: its recommendation of a recognised, well-founded intervention.
    Out of the blue: the overview of the interventions in the table."""
    text = "wat voor interventie zet je dan in?"
    answer = answer_question(kb, Question(
        intent="ask_interventions_for", text=text, previous_text="waar begin ik bij zo'n gezin?",
        previous_intent="ask_guideline", subject="search:waar begin ik bij zo'n gezin?",
        sources=["multiprobleemgezinnen/definitie/definitie"]))
    assert answer.passage_keys[0] == "multiprobleemgezinnen/hulp-verlenen/erkende-interventie"
    alone = answer_question(kb, Question(intent="ask_interventions_for", text=text))
    assert not alone.passage_keys and alone.subject == "interventions"


def test_which_intervention_naming_another_guideline_is_asked_of_it(kb):
    """"mpg gezin welke interventie inzetten, maakt t uit of die erkend is" names the
    guideline on multi-problem families: its recommendation of a recognised intervention,
    not the overview of the interventions in the table (found at the lenient level, as a
    question to that guideline is)."""
    answer = answer_question(kb, Question(
        intent="ask_interventions_for",
        text="mpg gezin welke interventie inzetten, maakt t uit of die erkend is"))
    assert "multiprobleemgezinnen/hulp-verlenen/erkende-interventie" in answer.passage_keys
    assert answer.subject != "interventions"

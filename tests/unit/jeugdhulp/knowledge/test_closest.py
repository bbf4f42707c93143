"""A case description with the question at the end (jeugdhulp.knowledge.focus), and the
closest answer for a question about children and families that the guidelines do not answer
clearly ("Dit komt het dichtst in de buurt van je vraag:", compose/general.py)."""
import pytest

from jeugdhulp.knowledge.compose.general import (
    CLOSEST_EXAMPLES,
    CLOSEST_EXAMPLES_ALONE,
    CLOSEST_KNOWN,
    CLOSEST_MIN_SCORE,
    CLOSEST_MODEL,
    CLOSEST_MODEL_ALONE,
    CLOSEST_MODEL_ALONE_LEAD,
    CLOSEST_MODEL_LEAD,
    CLOSEST_QUOTE_SHARE,
    CLOSEST_SHORT_SCORE,
    CLOSEST_SHOWN,
    NEXT_QUOTE_SHARE,
    clear_match,
    closest_answer,
    in_domain,
    other_field_word,
    search_answer,
)
from jeugdhulp.knowledge.focus import QUESTION_WEIGHT, focus_query, split_question
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.knowledge.search import Hit
from jeugdhulp.messages import message


# --- the question inside a case description ---------------------------------------------
def test_the_question_at_the_end_of_a_case_description_is_split_from_the_facts():
    text = ("Gezin met drie kinderen van 2, 5 en 9 jaar. De OTS loopt sinds maart. "
            "Moeder komt afspraken niet na. Hoe bespreek ik dat met haar?")
    assert split_question(text) == (
        "Hoe bespreek ik dat met haar?",
        "Gezin met drie kinderen van 2, 5 en 9 jaar. De OTS loopt sinds maart. "
        "Moeder komt afspraken niet na.")


def test_several_question_sentences_are_all_the_question():
    text = ("Vader is net uit detentie.\nHij wil zijn zoon van 6 weer zien. "
            "Mag dat zomaar? En wie beslist daarover?")
    assert split_question(text) == ("Mag dat zomaar? En wie beslist daarover?",
                                    "Vader is net uit detentie. Hij wil zijn zoon van 6 weer zien.")


def test_a_question_sentence_without_question_mark_counts_by_its_question_word():
    text = "Moeder drinkt veel.\nDe kinderen zijn vaak alleen thuis.\nwelke hulp past hierbij"
    assert split_question(text) == ("welke hulp past hierbij",
                                    "Moeder drinkt veel. De kinderen zijn vaak alleen thuis.")


def test_a_message_of_one_sentence_is_all_question():
    for text in ("Hoe begin ik het eerste gesprek met een gezin dat geen hulp wil?",
                 "  veiligheidsplan bij een multiprobleemgezin  "):
        assert split_question(text) == (text.strip(), "")
        assert focus_query(text) == text.strip()


def test_without_question_mark_or_question_word_the_last_sentence_is_the_question():
    text = ("Moeder drinkt veel. De kinderen zijn vaak alleen thuis. "
            "Ik wil weten wat de richtlijn hierover zegt.")
    assert split_question(text) == ("Ik wil weten wat de richtlijn hierover zegt.",
                                    "Moeder drinkt veel. De kinderen zijn vaak alleen thuis.")


def test_the_search_query_weighs_the_question_above_the_facts():
    text = "De jongen is 14. Hij zit al maanden thuis. Wat werkt bij schoolverzuim?"
    query = focus_query(text)
    assert query.count("Wat werkt bij schoolverzuim?") == QUESTION_WEIGHT == 2
    assert query.count("Hij zit al maanden thuis.") == 1


def test_a_question_that_says_almost_nothing_itself_leaves_the_facts_to_say_it(kb):
    """"Is dat erg?" after a case: one search term (or none) in the question sentence, so the
    facts are not outweighed; the passage on deciding by gut feeling comes first."""
    text = ("In ons MDO nemen we eerlijk gezegd vaak op gevoel besluiten over of een kind "
            "thuis veilig is. Is dat erg?")
    assert focus_query(text) == text
    assert kb.search(focus_query(text), limit=1)[0].passage.guideline_id == "beslissen-onveilig"
    fuller = "De jongen is 14. Hij zit al maanden thuis. Hoe pak ik dat verzuim aan?"
    assert focus_query(fuller).count("Hoe pak ik dat verzuim aan?") == QUESTION_WEIGHT


# --- the closest answer -------------------------------------------------------------------
# Case descriptions about a family: the guidelines have nearby passages but no clear answer.
CASES = [
    "Vader is net weer thuis na een half jaar in het buitenland en de twee jongens van 9 "
    "en 12 weten niet goed wat ze aan hem hebben. Moeder twijfelt. Hoe houd ik iedereen "
    "erbij betrokken?",
    "Ik werk als ambulant hulpverlener bij een gezin met een tweeling van 3. Vader drinkt in "
    "het weekend veel en moeder wil daar niet over praten. De kinderen lijken verder goed te "
    "eten en te spelen. Hoe breng ik het drinken van vader ter sprake?",
    "Opa en oma zorgen al maanden voor hun kleinzoon van 8 omdat zijn moeder in een kliniek "
    "zit. Opa is zelf ziek en oma raakt uitgeput. Wat kan ik het gezin aanbieden?",
]


def _section(kb, key):
    record = kb.record(key)
    return (record.guideline_id, record.section_path)


@pytest.mark.parametrize("text", CASES)
def test_a_case_without_a_clear_match_gets_the_closest_passages(kb, text):
    hits = kb.search(focus_query(text), limit=6)
    assert not clear_match(hits) and in_domain(kb, text, hits)  # what this case is about
    answer = search_answer(kb, text)
    assert answer.closest is True and answer.found is True
    assert answer.lead == "Dit komt het dichtst in de buurt van je vraag:"
    assert answer.notes == [message("answers.closest.hint")]
    assert "Een duidelijk antwoord op precies deze vraag vond ik niet" in answer.notes[0]
    assert answer.quotes
    chosen = answer.quotes + answer.more  # what does not fit is shown after "meer"
    assert len(chosen) <= 3
    assert len({_section(kb, q.key) for q in chosen}) <= 2
    assert answer.quotes[0].key == hits[0].passage.key
    for quote in chosen:
        assert quote.text == kb.record(quote.key).text  # verbatim


def test_the_closest_passages_come_from_at_most_two_sections(kb):
    """Here the near passages are spread over more sections than two."""
    text = CASES[1]
    hits = kb.search(focus_query(text), limit=6)
    near = [h for h in hits if h.score >= 0.6 * hits[0].score]
    assert len({_section(kb, h.passage.key) for h in near}) > 2
    answer = search_answer(kb, text)
    sections = [_section(kb, q.key) for q in answer.quotes + answer.more]
    assert len(sections) >= 2 and len(set(sections)) == 2


def test_a_long_first_passage_does_not_push_the_second_out_of_a_closest_answer(kb):
    """The closest passages are uncertain by definition: the second is shown next to the
    first (CLOSEST_SHOWN), however long the first is; only the third may go to "meer"."""
    long_one = kb.record("mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-beschrijving")
    second = kb.record("mpg-gedwongen-kader/onveilige-situaties-inschatten/sos-onderzoek")
    third = kb.record("mpg-gedwongen-kader/onveilige-situaties-inschatten/save-onderzoek")
    hits = [Hit(long_one, score=10.0, lexical=10.0), Hit(second, score=9.0, lexical=9.0),
            Hit(third, score=8.0, lexical=8.0)]
    answer = closest_answer(kb, "hoe werken ze in amsterdam met gezinnen?", hits)
    assert answer.closest and CLOSEST_SHOWN == 2
    assert answer.passage_keys[:2] == [long_one.key, second.key]
    assert third.key in answer.passage_keys + [q.key for q in answer.more]


def test_without_closest_a_case_gets_the_no_answer(kb):
    for text in CASES:
        answer = search_answer(kb, text, closest=False)
        assert answer.closest is False and answer.found is False, text
        assert answer.quotes == [] and answer.more == [], text
        assert answer.lead.startswith(message("answers.no_answer.lead")), text


def test_an_out_of_domain_question_gets_no_closest_answer(kb):
    for text in ["Hoeveel vakantiedagen krijg ik volgens de cao?",
                 "Mijn printer doet het niet, hoe los ik dat op?",
                 "Wat verdient een gedragswetenschapper bruto?"]:
        hits = kb.search(focus_query(text), limit=6)
        assert not in_domain(kb, text, hits), text
        answer = search_answer(kb, text, level="normal")  # as when the NLU is unsure
        assert answer.closest is False and answer.found is False, text
        assert answer.quotes == [] and answer.more == [], text
        assert answer.lead.startswith(message("answers.no_answer.lead")), text


def test_a_question_in_the_practice_language_of_a_found_passage_is_in_domain(kb):
    """No word of ``domain_words``, but a whole phrase of the practice language of the
    passage found first ("ik ben alles gaan overnemen"): the closest passages, not the
    refusal. The same message without that phrase is not in domain."""
    practical = "multiprobleemgezinnen/hulp-verlenen/praktische-en-psychosociale-hulp"
    asked = "Ik ben alles gaan overnemen: afspraken, post, school bellen. Hoe ver ga je daarin?"
    plain = "Ik ben alles gaan doen: afspraken, post, school bellen. Hoe ver ga je daarin?"
    for text in (asked, plain):
        assert not rules().domain_words.search(text), text
        assert kb.search(focus_query(text), limit=6)[0].passage.key == practical, text
    assert kb.speaks_practice(asked, [practical]) and not kb.speaks_practice(plain, [practical])
    assert in_domain(kb, asked, kb.search(focus_query(asked), limit=6))
    assert not in_domain(kb, plain, kb.search(focus_query(plain), limit=6))
    answer = search_answer(kb, asked, level="normal")  # as when the NLU is unsure
    assert answer.found and answer.passage_keys[0] == practical
    assert not search_answer(kb, plain, level="normal").found


def test_a_question_about_goals_or_acting_without_consent_is_in_domain(kb):
    """Formulating goals is in the domain (``domain_words``): it is what two
    guidelines recommend. Acting "zonder dat ouders ermee instemmen" is acting unilaterally,
    not consent to a treatment (``other_domain_words``), which a boy's own consent is."""
    goals = "Hoe formuleer ik doelen zo dat ze ook echt iets zeggen en niet blijven hangen in vaagheid?"
    assert rules().domain_words.search(goals)
    answer = search_answer(kb, goals, level="normal")
    assert answer.found and answer.passage_keys[0] == "samen-beslissen/doelformulering/doelen-stellen"
    unilateral = ("In welke situaties mag je als hulpverlener gewoon zelf ingrijpen zonder dat "
                  "ouders ermee instemmen? En wat doe je daarna met die ouders?")
    keys = search_answer(kb, unilateral, level="normal").passage_keys
    assert "mpg-gedwongen-kader/onveilige-situaties-inschatten/eenzijdig-ingrijpen" in keys
    consent = "Mag een jongen van 16 zelf instemmen met een behandeling bij de GGZ?"
    assert rules().other_domain_words.search(consent)
    assert not search_answer(kb, consent, level="normal").found


def test_a_question_sharing_guideline_words_is_still_out_of_domain(kb):
    """The search finds passages well above the closest threshold for "gedragswetenschapper",
    but a salary question is not about children, families or the help for them."""
    text = "Wat verdient een gedragswetenschapper bruto?"
    hits = kb.search(text, limit=6)
    assert hits[0].score >= CLOSEST_MIN_SCORE
    assert not in_domain(kb, text, hits)
    # the same words about a family are in the domain ("verdient" itself is a word of
    # another field since stop 30: other_domain_words)
    assert in_domain(kb, "Wat doet een gedragswetenschapper bij een gezin?", hits)


@pytest.mark.parametrize("text", [
    "Hoeveel kinderbijslag krijgen ouders voor een kind van 12?",
    "Hoe vraag ik kinderopvangtoeslag aan als alleenstaande moeder?",
    "Welke vaccinaties krijgt een baby in het eerste jaar?",
    "Hoeveel verlof krijg ik als vader bij de geboorte van mijn kind?",
    "Welke school is goed voor een kind met dyslexie in Utrecht?",
    "Hoe declareer ik mijn reiskosten naar een huisbezoek bij een gezin?",
    "Mijn eigen dochter van 6 slaapt slecht, tips?",
])
def test_everyday_questions_that_name_a_child_get_no_closest_passages(kb, text):
    """Questions outside the guidelines that still name a child, a parent or a family: a
    word or two in common with a passage is not enough for the closest answer."""
    answer = search_answer(kb, text, None, "normal")
    assert not answer.quotes and not answer.closest


@pytest.mark.parametrize("text", [
    "Hoe lang moet ik volgens de AVG een dossier bewaren nadat de OTS is afgelopen?",
    "Welke therapie werkt het best bij volwassenen met een angststoornis, EMDR of CGT?",
    "Welke medicatie krijgt een kind met ADHD in een pleeggezin meestal?",
    "Wat verdient een jeugdbeschermer ongeveer als hij net begint bij een GI?",
    "Welke dosis melatonine geef je een kind van 8 met slaapproblemen?",
    "Mag een meisje van 16 zelf de pil halen zonder dat haar ouders het weten?",
    # a figure for a year: the guidelines' estimates are no answer to it
    "Hoeveel kinderen zijn er vorig jaar in Nederland uit huis geplaatst?",
    "Hoeveel gezinnen kregen in 2023 een ondertoezichtstelling?",
    "Hoeveel jongeren zitten er momenteel in een gesloten jeugdinstelling?",
    # law, medication, school, benefits, migration, the organisation, figures
    "Kan een vader zonder gezag bezwaar maken tegen de uithuisplaatsing van zijn zoon?",
    "Welke bijwerkingen heeft risperidon bij een jongen van 15 in een leefgroep?",
    "Krijgt een pleegkind van 12 vrijstelling van de leerplicht als hij niet naar school wil?",
    "Houdt een moeder haar huurtoeslag als haar kinderen uit huis geplaatst zijn?",
    "Hoe lang duurt de asielprocedure voor een gezin met jonge kinderen?",
    "Hoe lang is de wachtlijst voor pleeggezinnen in onze regio?",
    # money and tools
    "Hoeveel pleegzorgvergoeding krijgt een pleeggezin voor een kind van 9?",
    "Wie betaalt een familienetwerkberaad voor een gezin met een OTS?",
    "Welke software gebruiken jullie voor het gezinsplan van een multiprobleemgezin?",
    # procedures of the law (stop 33)
    "Wanneer vervalt een beschikking voor ambulante gezinsbegeleiding bij een gezin met een OTS?",
    "Hoe regel ik juridisch dat een jongen van 17 na zijn OTS nog jeugdhulp krijgt?",
    # figures, costs, extending a measure, school discipline, benefits (stop 35)
    "Welk percentage van de uithuisgeplaatste kinderen keert binnen twee jaar terug naar huis?",
    "Wat kost een jaar gezinsvoogdij voor een kind met een OTS?",
    "Hoeveel meldingen van kindermishandeling komen er landelijk per jaar binnen?",
    "Hoe vaak kan de rechter de OTS van een meisje van 10 verlengen?",
    "Mag een school een leerling van 14 schorsen na een ruzie met een docent?",
    "Heeft een vader van drie kinderen die zijn baan kwijt is recht op een uitkering?",
    # keeping files, consent to treatment (stop 38)
    "Hoe lang moeten we het dossier van een gezin bewaren nadat de hulp is afgesloten?",
    "Mag een meisje van 15 zelf instemmen met een behandeling als haar ouders tegen zijn?",
    # support for adults through the municipality (stop 39)
    "Hoe vraagt een grootvader met een beperking huishoudelijke hulp aan via de Wmo?",
    "Hoe wordt de kinderalimentatie berekend als gescheiden ouders voor co-ouderschap kiezen?",
    "Kan een moeder een pgb krijgen voor de opvang van haar zoon met autisme?",
    # a clear match needs a passage that speaks of the other field's word (stop 39)
    "Welke software gebruiken jullie voor het gezinsplan?",
    # pension, pay scales, care for the elderly, medication while breastfeeding, the file
    # system (stop 41)
    "Wat gebeurt er met mijn pensioen als ik als gezinsvoogd zzp'er word?",
    "In welke schaal valt een jeugdbeschermer bij een GI, en wanneer krijg ik een periodiek?",
    "Opa van het gezin heeft dementie, hoe vraagt de familie een Wlz-indicatie aan?",
    "Mag een moeder die lithium gebruikt haar baby borstvoeding geven?",
    "Hoe exporteer ik het gezinsplan uit het ECD als pdf?",
    # compounds of such words, eating disorders, the parenting plan, a guideline the
    # assistant does not know (stop 43)
    "Krijgen gezinsvoogden met tien jaar ervaring in de jeugdzorg een salarisverhoging?",
    "Wie helpt me als de dossiersoftware het gezinsplan van een gezin niet opslaat?",
    "Welke hulp helpt een meisje van 14 met een eetstoornis en haar ouders het best?",
    "Wat moet er in een ouderschapsplan staan als ouders met twee kinderen uit elkaar gaan?",
    "Wat zegt de richtlijn ADHD over gedragstherapie voor kinderen van 6?",
    # a maximum for the caseload: the guidelines only say "realistisch" (stop 47)
    "Hoeveel kinderen mag een gezinsvoogd volgens de normen maximaal op zijn caseload hebben?",
    "Wat is de maximale caseload bij een GI?",
    # the right of access and a school trip: law and school rules (stop 47)
    "Heeft vader omgangsrecht met zijn kinderen zolang de OTS loopt?",
    "Mag een kind met een OTS mee op schoolkamp zonder toestemming van de ouders?",
    # how long a court takes: procedure, not guidance (stop 48)
    "Hoe lang duurt het gemiddeld voordat de kinderrechter beslist over een uithuisplaatsing?",
    "Wanneer behandelt de rechtbank ons verzoek tot een uithuisplaatsing van de jongste?",
    # a leaflet or an app for parents, toilet training, more contact with a parent (stop 48)
    "Hebben jullie een folder over de OTS die ik aan ouders kan geven?",
    "Bestaat er een handige app om met ouders een veiligheidsplan bij te houden?",
    "Wat zegt de richtlijn over zindelijkheidstraining in een gezin met veel problemen?",
    "Moeder wil de omgang met vader niet uitbreiden naar het weekend, wat nu?",
    # making a flyer, where a training takes place (stop 49)
    "Kan iemand me helpen met een flyer voor het inloopspreekuur voor ouders? Doen jullie dat "
    "in Canva?",
    "Is de training over het gezinsplan volgende maand online of op kantoor?",
    # a number per fte, a training to sign up for (stop 50)
    "wat is dan een realistische caseload in getallen? hoeveel gezinnen per fte?",
    "ken jij een goede training gespreksvoering met jonge kinderen, liefst in de regio Utrecht "
    "en niet te duur?",
    # ICT and personnel matters (stop 50)
    "Mijn vpn valt steeds weg als ik bij een gezin op huisbezoek ben, wie kan me helpen?",
    # a school with good dyslexia guidance: education, not youth care (stop 51; "begeleiding"
    # is a word of the domain now)
    "Ouders van een meisje van 11 vragen welke school in de regio het beste bij haar past. "
    "Welke scholen hebben goede dyslexiebegeleiding?",
    # sick leave and where to store a file (stop 52)
    "iemand uit mn team is nu 3 weken ziek, wanneer moet ik de bedrijfsarts inschakelen?",
    "moet ik mn werkplan nou in sharepoint of op de G-schijf opslaan? de oude map is weg",
    # the client record system, a product code, a meeting in Teams, a court authorisation
    # for secure care (stop 53)
    "Waar vind ik in ons cliëntvolgsysteem het overdrachtsformulier voor een gezin?",
    "welke productcode gebruik ik voor een gezinsplan bij een multiprobleemgezin?",
    "Hoe plan ik via Teams een overleg met de school en de ouders?",
    "Wie vraagt een machtiging aan als een jongere van 15 in een instelling moet blijven?",
    "Wie financiert een traject intensieve gezinsbehandeling, de gemeente?",
    # a treatment for a parent elsewhere, and where to go for it (stop 53)
    "Moeder heeft een trauma uit haar jeugd, is EMDR iets voor haar naast de hulp aan het gezin?",
    "de ouders maken veel ruzie over de opvoeding van de kinderen, waar kan moeder zelf "
    "terecht met haar verdriet?",
    # the duty roster, a template in the record system, time in the diary (stop 54)
    "weet iemand wanneer het nieuwe piketrooster voor de crisisdienst van de jeugdbescherming komt?",
    "kan ik voor het gezinsplan een sjabloon aanmaken in ons nieuwe dossiersysteem?",
    "hoeveel tijd plannen jullie normaal in de agenda voor een eerste huisbezoek in gedwongen "
    "kader?",
    # how long an OTS runs is the law's, not the guidelines' (stop 56); so is the rent
    "hoe lang duurt zo'n OTS eigenlijk standaard, een jaar?",
    "Een moeder vraagt of haar huisbaas de huur zomaar mag verhogen. Wat zijn de regels?",
    "Mag de woningcorporatie de huur van een gezin dit jaar weer verhogen?",
    # taxes, the kantonrechter, a school test, sick leave, a book to read (stop 57)
    "btw weet jij of zij kwijtschelding van gemeentelijke belastingen kan krijgen?",
    "Vader heeft een huurachterstand en de corporatie dreigt met ontruiming. Hoe lang duurt "
    "zo'n procedure bij de kantonrechter meestal?",
    "Wat moeten kinderen in groep 8 beheersen voor de doorstroomtoets? Ons pleegkind is bang.",
    "als ik ziek word, moet ik dan zelf vervanging voor mijn caseload regelen?",
    "iemand een goed boek over hechting bij pleegkinderen? voor een nieuwe pleegmoeder",
    # an error code of the record system and the ICT desk (stop 59)
    "weet iemand waarom ik in het clientsysteem geen toegang krijg tot het dossier van mn "
    "collega? krijg steeds foutcode 403 en ict reageert niet",
    # a training budget, a phone number, putting it in the system
    "kan ik daar een training voor doen van mijn opleidingsbudget? hoeveel is dat eigenlijk "
    "per jaar",
    "wat is het nummer van VT ook alweer?",
    "politie is er nu. moet ik dit vanavond nog in het systeem zetten of kan dat morgen?",
    # what a training costs and how to sign up for a course (stop 60)
    "enig idee wat een SoS-training voor 12 mensen ongeveer kost?",
    "hoe schrijf ik me in voor de cursus motiverende gespreksvoering, moet dat via mijn "
    "teamleider?",
    # the weather, a classification handbook, a licence, the record system, who offers it
    # in the region, a number of families per fte (stop 61)
    "Weet iemand of het morgen gaat stormen aan de kust? We hebben met de leefgroep een "
    "strandmiddag gepland.",
    "Wat zijn de DSM-5 criteria voor een gedragsstoornis en hoe verschilt het beeld bij meisjes?",
    "zit er een licentie op die SoS-formulieren of mogen wij die gewoon gebruiken?",
    "hoe registreer ik een zorgmelding straks in ons clientsysteem?",
    "wie biedt die gezinsbehandeling bij ons in de regio aan?",
    "realistische caseload, hoeveel gezinnen is dat dan per fte?",
    # hours to write for an employer (stop 62)
    "hoeveel uur per week mag ik voor zo'n gezin schrijven van mijn werkgever?"])
def test_a_question_with_a_word_of_another_field_gets_no_closest_passages(kb, text):
    """The closest passages are for questions the guidelines speak to; "AVG",
    "volwassenen", "medicatie" (other_domain_words in answers.yml) say it is another field,
    even when the question names a child, a family or an OTS. A clear match needs a passage
    that has the word itself ("software")."""
    answer = search_answer(kb, text)
    assert not answer.closest and not answer.quotes


@pytest.mark.parametrize("text", [
    "we zitten gemiddeld op 22 gezinnen en supervisie is wegbezuinigd. wat moet de organisatie "
    "regelen zodat we goed kunnen beslissen bij kindermishandeling?",
    "hoe vaak moeten we eigenlijk evalueren met een mpg gezin? bij ons gebeurt dat eens per jaar",
    # a logo is another field, speech therapy ("logopedie") in a case is not
    "De jongste zit bij de logopedie en de oudste bij de jeugd-GGZ. Mag ik met hun behandelaars "
    "samenwerken als vader dat niet wil?",
    # financial problems are a mark of a multi-problem family; how something is financed is
    # another field ("financiert", above)
    "Bij hoeveel gezinnen in Nederland spelen financiële en psychische problemen tegelijk?",
    # a "verlengstuk" is no extension of a court order ("verlengen", above)
    "ouders zien mij als het verlengstuk van de rechter, hoe leg ik uit wat mijn rol is?",
    # "op de agenda" is raising a matter, not the diary ("in de agenda", above)
    "hoe zet ik de veiligheid van het kind op de agenda in het eerste gesprek in gedwongen "
    "kader?",
    # "koste wat kost" and the time a check costs are no price ("wat kost ...?", above)
    "We willen koste wat kost een uithuisplaatsing voorkomen. Welke intensieve hulp aan huis "
    "is er?",
    "Is er een korte checklist om de veiligheid van een kind in te schatten, iets wat je niet "
    "een hele middag kost?",
    # how long to stay involved with a family under an OTS is the guidelines' ("hoe lang
    # duurt een OTS", above, is not), and so are rent arrears ("de huur", above, is not)
    "hoe lang blijf je betrokken bij een gezin met een ots?",
    "Het gezin heeft een huurachterstand en schulden, hoe help ik ze?",
    # a threatened eviction too ("de kantonrechter", above, is not: stop 57)
    "Het gezin heeft schulden en de ontruiming dreigt, hoe help ik ze?",
    # nor paying the rent as the practical help a family needs (stop 58)
    "Ze zitten tot over hun oren in de schulden. Eerst de huur en de post regelen of meteen "
    "aan de opvoeding werken?",
    # nor a school's threat to expel a pupil among a case's facts ("mag school hem
    # verwijderen?" is: test_followup.py)
    "Meisje van 11 met driftbuien, school dreigt met verwijdering. We gaan met het gezin doelen "
    "stellen. Hoe formuleer ik die zo dat ze werken?",
    # how many families with problems on all fronts there are in the country is what the
    # multi-problem guideline says ("hoeveel ... landelijk", above, is not: stop 62)
    "Om hoeveel gezinnen gaat het landelijk als alles tegelijk misgaat, geld, opvoeding en "
    "gezondheid?"])
def test_an_average_or_a_year_in_a_question_about_the_work_is_no_other_field(kb, text):
    """"gemiddeld" and "per jaar" alone are no words of another field: a case or practice
    question uses them."""
    assert search_answer(kb, text).quotes


@pytest.mark.parametrize("text", [
    "Wat zegt de richtlijn over een realistische caseload bij beslissen over kindermishandeling?",
    "Is er een norm voor de caseload bij beslissen over kindermishandeling?",
    # a number per fte that is given, not asked for
    "onze caseload is nu 22 gezinnen per fte, is daar een norm voor bij beslissen over "
    "kindermishandeling?"])
def test_a_question_about_a_realistic_caseload_is_still_answered(kb, text):
    """Only a maximum is another field; what the guideline says about the caseload itself
    (it must be realistic) answers a question about it, also one that asks for a norm."""
    answer = search_answer(kb, text)
    assert answer.passage_keys[0] == "beslissen-onveilig/randvoorwaarden/training-supervisie-caseload"


def test_the_word_of_another_field_is_what_keeps_the_closest_passages_out(kb):
    # "bewaren" is a word of another field itself since stop 38 (how long files are kept)
    text = "Mag ik volgens de AVG informatie over het gezin delen met school?"
    without = text.replace(" volgens de AVG", "")
    assert not in_domain(kb, text, kb.search(focus_query(text), limit=6))
    assert in_domain(kb, without, kb.search(focus_query(without), limit=6))


def test_a_term_of_the_guidelines_or_the_profession_puts_a_question_in_the_domain(kb):
    """No child or family named: a passage whose own words score very high (only a term of
    the guidelines does, "samenhangend beeld"), or a word of the profession ("intake") with
    close example questions, still puts the question in the domain."""
    record = kb.record("samen-beslissen/probleem-krachtenanalyse/samenhangend-beeld-definitie")
    strong = [Hit(record, 60.0, 0.2, lexical=30.0, examples=2.0)]
    weak = [Hit(record, 20.0, 0.2, lexical=9.0, examples=2.0)]
    assert in_domain(kb, "wat moet er in zo'n beeld? morgen af voor het overleg", strong)
    assert not in_domain(kb, "wat moet er in zo'n beeld? morgen af voor het overleg", weak)
    close = [Hit(record, 20.0, 0.2, lexical=6.0, examples=12.0)]
    assert in_domain(kb, "mag ik dat na de intake met school delen?", close)
    assert not in_domain(kb, "mag ik dat na het gesprek met school delen?", close)
    assert not in_domain(kb, "mag ik dat volgens de AVG na de intake delen?", strong)


def test_interventions_for_an_age_alone_are_no_answer_to_a_question_of_another_field(kb):
    from jeugdhulp.dialogue.answering import answer_question
    from jeugdhulp.dialogue.question import Question

    dose = answer_question(kb, Question(intent="ask_interventions_for", age=9,
                                        text="Welke dosering methylfenidaat is gebruikelijk voor een kind van 9?"))
    assert not dose.quotes
    help_ = answer_question(kb, Question(intent="ask_interventions_for", age=9,
                                         text="Welke hulp past bij een kind van 9?"))
    assert help_.quotes


# --- a list quoted whole only when it holds the best passage ----------------------------------
def _hits(kb, *scored):
    from jeugdhulp.knowledge.search import Hit
    return [Hit(kb.record(key), score, 0.9) for key, score in scored]


# in no list (the preconditions' passage is the lead of one since stop 38)
ORGANISATION = "beslissen-onveilig/kennis/instrumenten-hulpmiddel"
KNOWLEDGE_LEAD = "beslissen-onveilig/kennis/kennis-inleiding"  # lead of kennis-hulpverleners
KNOWLEDGE_ITEMS = ("beslissen-onveilig/kennis/huidige-situatie",
                   "beslissen-onveilig/kennis/onderliggende-factoren")


def test_a_list_whose_lead_is_only_second_best_is_not_quoted_instead_of_the_best(kb):
    from jeugdhulp.knowledge.compose.general import _listed_collection
    assert kb.collections_of(ORGANISATION) == []
    hits = _hits(kb, (ORGANISATION, 10.0), (KNOWLEDGE_LEAD, 9.0))
    assert _listed_collection(kb, "hoe regel ik dat goed in de organisatie", hits) is None
    # a question with a list word: one list passage among the best three is not enough
    assert _listed_collection(kb, "wat zijn de randvoorwaarden voor goed besluiten", hits) is None


def test_a_list_is_quoted_when_it_holds_the_best_passage_or_two_of_the_best_three(kb):
    from jeugdhulp.knowledge.compose.general import _listed_collection
    lead_first = _hits(kb, (KNOWLEDGE_LEAD, 10.0), (ORGANISATION, 9.0))
    assert _listed_collection(kb, "hoe zit dat", lead_first) == "kennis-hulpverleners"
    two_of_three = _hits(kb, (ORGANISATION, 10.0), (KNOWLEDGE_ITEMS[0], 9.0),
                         (KNOWLEDGE_ITEMS[1], 8.0))
    assert _listed_collection(kb, "welke kennis heb je nodig", two_of_three) == \
        "kennis-hulpverleners"
    assert _listed_collection(kb, "hoe zit dat", two_of_three) is None


def test_a_lead_announcing_its_list_is_quoted_with_the_list_after_the_best_passage(kb):
    """The lead of the knowledge list ("... kennis over de volgende zaken nodig:") second
    best: quoted with its items (alone it says nothing), the best passage still first."""
    from jeugdhulp.knowledge.compose.general import _clear_answer
    hits = _hits(kb, (ORGANISATION, 10.0), (KNOWLEDGE_LEAD, 9.0))
    answer = _clear_answer(kb, "wat moet je allemaal weten voor een verantwoorde keuze?", hits,
                           hits, "lenient")
    assert answer.passage_keys[:4] == [ORGANISATION, KNOWLEDGE_LEAD, *KNOWLEDGE_ITEMS]
    assert kb.record(KNOWLEDGE_LEAD).text.rstrip().endswith(":")
    # a passage that announces nothing stays alone
    alone = _clear_answer(kb, "hoe regel ik dat", hits[:1], hits[:1], "lenient")
    assert alone.passage_keys == [ORGANISATION]


def test_a_follow_up_in_a_conversation_the_guidelines_answered_counts_as_in_the_domain(kb):
    text = "wat als de doelen niet gehaald worden?"  # no word about children or families
    hits = kb.search(text, limit=3)
    assert not in_domain(kb, text, hits)
    assert in_domain(kb, text, hits, in_conversation=True)
    # it still needs passages that share more than a stray word with it
    assert not in_domain(kb, "hoe laat is het?", kb.search("hoe laat is het?", limit=3),
                         in_conversation=True)


def test_a_confident_passage_model_with_a_clear_lead_is_a_sign_of_the_domain(kb):
    """A question in practice language whose words the passages hardly use, but for which
    the passage model is fairly sure of one passage that clearly stands out: the closest
    passages, not a refusal. Not with a word of another field, and not for a question
    without a word about children, families or their help."""
    text = ("Wanneer mag je een gezin officieel als 'multiprobleem' bestempelen, of is dat "
            "maar een gevoel van het team?")
    record = kb.record("multiprobleemgezinnen/definitie/definitie-aanbeveling")
    other = kb.record("multiprobleemgezinnen/hulpverleningsplan/evalueren")

    def hits(model: float, lead: float) -> list:
        return [Hit(record, score=4.0 * lead, lexical=2.0, examples=2.0, model=model),
                Hit(other, score=4.0, lexical=2.0, examples=2.0)]

    assert in_domain(kb, text, hits(CLOSEST_MODEL, CLOSEST_MODEL_LEAD))
    assert not in_domain(kb, text, hits(CLOSEST_MODEL - 0.01, CLOSEST_MODEL_LEAD))
    assert not in_domain(kb, text, hits(CLOSEST_MODEL, CLOSEST_MODEL_LEAD - 0.1))
    assert not in_domain(kb, text + " Hoe lang moet ik dat dossier bewaren?",
                         hits(0.9, 10.0))
    assert not in_domain(kb, "Hoe laat begint de wedstrijd zondag?", hits(0.9, 10.0))
    answer = search_answer(kb, text)
    assert answer.closest and answer.lead == message("answers.closest.lead")
    assert record.key in answer.passage_keys


def test_a_passage_that_stands_out_alone_puts_a_question_without_a_family_word_in_the_domain(kb):
    """"Om hoeveel huishoudens in Nederland gaat het ongeveer ...?" has no word about
    children or families (domain_words), but the passage model is sure of the passage on the
    number of multi-problem families, it stands out by far, and its example questions are
    close: the closest passages. Each of the three signs is needed."""
    text = ("Om hoeveel huishoudens in Nederland gaat het ongeveer als je kijkt naar een "
            "opeenstapeling van hardnekkige problemen op meerdere terreinen?")
    assert not rules().domain_words.search(text)
    record = kb.record("multiprobleemgezinnen/inleiding/aantal")
    other = kb.record("multiprobleemgezinnen/hulpverleningsplan/evalueren")

    def hits(model: float, lead: float, examples: float) -> list:
        return [Hit(record, score=4.0 * lead, lexical=2.0, examples=examples, model=model),
                Hit(other, score=4.0, lexical=2.0, examples=2.0)]

    sure = (CLOSEST_MODEL_ALONE, CLOSEST_MODEL_ALONE_LEAD, CLOSEST_EXAMPLES_ALONE)
    assert in_domain(kb, text, hits(*sure))
    assert not in_domain(kb, text, hits(CLOSEST_MODEL_ALONE - 0.01, *sure[1:]))
    assert not in_domain(kb, text, hits(sure[0], CLOSEST_MODEL_ALONE_LEAD - 0.1, sure[2]))
    assert not in_domain(kb, text, hits(*sure[:2], CLOSEST_EXAMPLES_ALONE - 0.1))
    # the search's own signs, for a question about the behavioural scientist
    decision = ("Een grote knoop doorhakken, zoals van ambulant naar residentieel: leg ik dat "
                "eerst bij onze orthopedagoog neer?")
    assert not rules().domain_words.search(decision)
    answer = search_answer(kb, decision)
    assert answer.closest and answer.passage_keys[0] == \
        "samen-beslissen/beslisproces/gedragswetenschapper-cruciale-beslissingen"


def test_a_question_that_names_a_guideline_is_in_the_domain(kb):
    """"welke basishouding vraagt de richtlijn samen beslissen?" from a team leader: no word
    about children or families and a fair match only, but it names one of the guidelines.
    Not with a word of another field."""
    record = kb.record("samen-beslissen/samenwerking/basishouding")
    fair = [Hit(record, score=4.0, lexical=4.0)]
    named = ("Ik wil in het inwerkprogramma opnemen welke basishouding de richtlijn samen "
             "beslissen vraagt.")
    assert in_domain(kb, named, fair)
    assert not in_domain(kb, "Ik wil in het inwerkprogramma opnemen welke basishouding er gevraagd "
                             "wordt.", fair)
    assert not in_domain(kb, named + " En wat verdien je dan?", fair)


def test_a_question_that_names_an_intervention_or_a_defined_term_is_in_the_domain(kb):
    """"de ORBA-manier": no word about children or families, but a term the guidelines
    define; an intervention's name counts too. Not with a word of another field."""
    record = kb.record("beslissen-onveilig/werkwijzen-integreren/orba")
    fair = [Hit(record, score=8.7, lexical=8.7)]
    orba = ("Oudere collega's hebben het nog steeds over 'de ORBA-manier' uit de AMK-tijd. "
            "Wat was dat nou precies en waar was het voor bedoeld?")
    assert in_domain(kb, orba, fair)
    assert in_domain(kb, "Collega's zweren bij Families First, waar was dat ook alweer voor?",
                     fair)
    assert not in_domain(kb, "Oudere collega's hebben het nog steeds over de manier van "
                             "vroeger. Wat was dat nou precies?", fair)
    assert not in_domain(kb, orba + " En wat verdien je dan?", fair)
    answer = search_answer(kb, orba)
    assert answer.quotes and "ORBA-werkwijze" in answer.quotes[0].text


def test_the_nji_dossier_names_the_guideline_on_deciding_in_unsafe_situations(kb):
    """"welke vaardigheden noemt dat NJi-dossier?": the 'Wat werkt'-dossier on deciding in
    unsafe situations, searched without the words that name it."""
    assert kb.guideline_named("welke vaardigheden noemt dat NJi-dossier?") == \
        "beslissen-onveilig"
    answer = search_answer(kb, "terug naar mn stukje: welke vaardigheden noemt dat NJi-dossier?")
    assert answer.quotes
    assert answer.quotes[0].text.startswith("Om samen met gezinnen te beslissen over de "
                                            "benodigde hulp hebben hulpverleners")


def test_close_example_questions_count_as_a_sign_of_the_domain(kb):
    """A question in practice language: the passages' own words match only fairly (a score
    of 6, too little on its own for a question with words the guidelines do not use), but
    its example questions are close. Examples that are only a little close are no sign: a
    question about child benefit shares "ouders" and "kind" with examples too."""
    text = "hoe vaak kijken jullie met zo'n gezin terug of het iets oplevert, kwartaal of zo?"
    assert kb.known_share(text) < CLOSEST_KNOWN
    record = kb.record("multiprobleemgezinnen/hulpverleningsplan/evalueren")
    fair = Hit(record, score=6.0, lexical=6.0)
    assert not in_domain(kb, text, [fair])
    assert in_domain(kb, text, [Hit(record, score=6.0 + CLOSEST_EXAMPLES, lexical=6.0,
                                    examples=CLOSEST_EXAMPLES)])
    assert not in_domain(kb, text, [Hit(record, score=6.0 + CLOSEST_EXAMPLES - 1, lexical=6.0,
                                        examples=CLOSEST_EXAMPLES - 1)])
    # What the passage model adds to the score (passage_model.py) is no sign of the domain
    # on its own (its probability with a clear lead is: see the next test).
    assert not in_domain(kb, text, [Hit(record, score=6.0 + 2 * CLOSEST_EXAMPLES,
                                        lexical=6.0, examples=CLOSEST_EXAMPLES - 1)])
    # Examples that are only fairly close do not make up for passages that share no more
    # than a stray word; examples that are very close do, for a question about families.
    stray = CLOSEST_SHORT_SCORE - 1
    near = CLOSEST_EXAMPLES_ALONE - 0.5
    assert not in_domain(kb, text, [Hit(record, score=stray + near, lexical=stray,
                                        examples=near)])
    assert in_domain(kb, text, [Hit(record, score=stray + 20, lexical=stray, examples=20)])
    assert in_domain(kb, text, [Hit(record, score=CLOSEST_EXAMPLES_ALONE,
                                    examples=CLOSEST_EXAMPLES_ALONE)])


def test_very_close_example_questions_need_a_question_about_families(kb):
    """Very close examples alone do not put a question in the domain: it must be about
    children, families or the help for them (domain_words), and have no word of another
    field."""
    record = kb.record("multiprobleemgezinnen/hulpverleningsplan/evalueren")
    close = [Hit(record, score=20.0, lexical=1.0, examples=20.0)]
    assert in_domain(kb, "hoe vaak kijk je met een gezin terug?", close)
    # the second or third best passage's examples count as well
    far = Hit(record, score=30.0, lexical=1.0, examples=CLOSEST_EXAMPLES_ALONE - 2)
    assert not in_domain(kb, "hoe vaak kijk je met een gezin terug?", [far])
    assert in_domain(kb, "hoe vaak kijk je met een gezin terug?", [far, far, *close])
    assert not in_domain(kb, "hoe vaak kijk je met een gezin terug?", [far, far, far, *close])
    assert not in_domain(kb, "hoe vaak kijk je met je team terug?", close)
    assert not in_domain(kb, "hoe vaak kijk je met een gezin terug op de kinderbijslag?", close)


@pytest.mark.parametrize("text", [
    "Wordt bij die programma's tegen geweld thuis ook de familie ingeschakeld?",
    "Wat doe je als er huiselijk geweld speelt?",
    "Mogen de grootouders meedenken over het plan?"])
def test_violence_and_the_wider_family_are_words_of_the_domain(kb, text):
    """No child, parent or family named, but domestic violence or the wider family: a
    question the guidelines speak to, so it may get the closest passages."""
    record = kb.record("kindermishandeling/toelichting/intensieve-hulp-thuis")
    assert in_domain(kb, text, [Hit(record, 20.0, 0.2, lexical=CLOSEST_MIN_SCORE)])
    bare = text.replace("geweld", "").replace("huiselijk", "").replace(
        "de familie", "").replace("de grootouders", "wij")
    assert not in_domain(kb, bare, [Hit(record, 20.0, 0.2, lexical=CLOSEST_MIN_SCORE)])


@pytest.mark.parametrize("text, bare", [
    ("Wat moet ik vooraf vastleggen over het terugkijken op de ondersteuning en over de "
     "begeleiding nadat die is afgerond?",
     "Wat moet ik vooraf vastleggen over het terugkijken op het werk en over de "
     "afspraken nadat die zijn afgerond?"),
    ("Na zo'n intensief thuisbegeleidingstraject zijn de problemen toch nooit echt weg?",
     "Na zo'n intensief project zijn de problemen toch nooit echt weg?"),
    ("Wanneer stop je met een behandeling?", "Wanneer stop je met een project?")])
def test_support_guidance_and_treatment_are_words_of_the_domain(kb, text, bare):
    """No child, parent or family named, but the support, guidance or treatment they get:
    a question the guidelines speak to, so it may get the closest passages."""
    record = kb.record("samen-beslissen/doelformulering/evaluatie-afspraken")
    assert in_domain(kb, text, [Hit(record, 20.0, 0.2, lexical=CLOSEST_MIN_SCORE)])
    assert not in_domain(kb, bare, [Hit(record, 20.0, 0.2, lexical=CLOSEST_MIN_SCORE)])


@pytest.mark.parametrize("text, passage", [
    ("Hoe maak ik van hulp die de rechter heeft opgelegd iets waar de ouders zelf ook iets "
     "aan hebben?", "mpg-gedwongen-kader/hulp-in-gedwongen-kader/"),
    ("Hoe vaak kijk je samen terug of de hulp wat oplevert en moet dat in het plan?",
     "multiprobleemgezinnen/hulpverleningsplan/evalueren"),
])
def test_practice_questions_about_imposed_help_or_a_multi_problem_family_get_the_closest(
        kb, text, passage):
    """Help the court imposed, a multi-problem family ("mpg") or the help itself are words of
    the domain, and example questions this close are a sign of it: the closest passages,
    labelled so, instead of a refusal."""
    answer = search_answer(kb, text)
    assert answer.found and answer.closest
    assert answer.passage_keys[0].startswith(passage)


def test_doing_everything_oneself_in_a_multi_problem_family_is_answered_clearly(kb):
    """Until stop 52 a case of the test above (the closest passages); "zelf oppakken" is now
    practice language of the passage on one's own limits (practice.yml), which answers it."""
    answer = search_answer(kb, "Moet ik bij zo'n mpg echt alles zelf oppakken? ik regel van "
                               "toeslagen tot de tandarts")
    assert answer.found and not answer.closest
    assert answer.passage_keys[0] == \
        "multiprobleemgezinnen/hulp-verlenen/praktische-en-psychosociale-hulp"


# --- a clear match among the passages quoted together ----------------------------------------
NEGOTIABLE = "mpg-gedwongen-kader/hulp-in-gedwongen-kader/onderhandelbaar"
REACTANCE = "mpg-gedwongen-kader/hulp-in-gedwongen-kader/reactance"
OTHER_GUIDELINE = "samen-beslissen/samenwerking/gedwongen-kader-samen-beslissen"


def _searching(kb, monkeypatch, hits):
    monkeypatch.setattr(kb, "search", lambda *args, **kwargs: hits)


def test_a_best_passage_ranked_by_its_examples_is_quoted_with_one_whose_words_match(
        kb, monkeypatch):
    """The best passage's own words do not match (its example questions ranked it first);
    the next one of its guideline, which the answer quotes with it, matches clearly: an
    answer, not "no answer"."""
    ranked = [Hit(kb.record(NEGOTIABLE), score=36.0, coverage=0.1, lexical=0.0),
              Hit(kb.record(REACTANCE), score=35.0, coverage=0.5, lexical=14.0)]
    assert not clear_match(ranked)
    _searching(kb, monkeypatch, ranked)
    answer = search_answer(kb, "waar kan ik ruimte geven en waar moet ik nee zeggen?",
                           closest=False)
    assert answer.found and not answer.closest
    assert [q.key for q in answer.quotes][:2] == [NEGOTIABLE, REACTANCE]


def test_a_best_passage_that_shares_some_words_keeps_the_answer_unclear(kb, monkeypatch):
    """The best passage's own words match a little, not clearly: a clear match of the next
    one does not make an answer ("wordt risperidon nog veel voorgeschreven aan jongeren met
    ernstige agressieproblemen?" is not answered by the interventions table)."""
    ranked = [Hit(kb.record(NEGOTIABLE), score=36.0, coverage=0.1, lexical=3.5),
              Hit(kb.record(REACTANCE), score=35.0, coverage=0.5, lexical=14.0)]
    _searching(kb, monkeypatch, ranked)
    answer = search_answer(kb, "waar kan ik ruimte geven en waar moet ik nee zeggen?",
                           closest=False)
    assert not answer.found
    # a follow-up in a conversation the guidelines answered: the one quoted with it counts
    follow_up = search_answer(kb, "waar kan ik ruimte geven en waar moet ik nee zeggen?",
                              closest=False, in_conversation=True)
    assert follow_up.found and follow_up.passage_keys[:2] == [NEGOTIABLE, REACTANCE]


def test_a_clear_match_that_is_not_quoted_with_the_best_passage_does_not_count(
        kb, monkeypatch):
    """Of another guideline, or scoring under NEXT_QUOTE_SHARE of the best: the answer would
    not quote it, so it does not make the best passage an answer."""
    for second in (Hit(kb.record(OTHER_GUIDELINE), score=35.0, coverage=0.5, lexical=14.0),
                   Hit(kb.record(REACTANCE), score=36.0 * NEXT_QUOTE_SHARE * 0.95, coverage=0.5,
                       lexical=14.0)):
        _searching(kb, monkeypatch, [Hit(kb.record(NEGOTIABLE), score=36.0, coverage=0.1,
                                         lexical=0.0), second])
        answer = search_answer(kb, "waar kan ik ruimte geven en waar moet ik nee zeggen?",
                               closest=False)
        assert not answer.found


def test_a_closest_answer_whose_best_passage_leads_a_list_quotes_the_list(kb):
    """The best passage only leads a list ("... is het belangrijk dat hulpverleners:"), which
    says nothing on its own: the list's first items come with it, its further items after
    "meer", and the next passage outside the list after the items."""
    lead = kb.record("beslissen-onveilig/houding/houding-inleiding")
    other = kb.record("samen-beslissen/samenwerking/basishouding")
    items = kb.collection("houding-hulpverleners")
    assert lead.text.rstrip().endswith(":") and len(items) > 3
    answer = closest_answer(kb, "Met welke grondhouding werk je in een gezin met geweld?",
                            [Hit(lead, 23.0, 0.1, lexical=3.5), Hit(other, 17.0, 0.3, lexical=4.0)])
    assert answer.closest is True and answer.lead == message("answers.closest.lead")
    assert answer.notes == [message("answers.closest.hint")]
    assert [q.key for q in answer.quotes] == [lead.key, items[0].key, items[1].key, other.key]
    assert [q.key for q in answer.more] == [r.key for r in items[2:]]
    for quote in answer.quotes + answer.more:
        assert quote.text == kb.record(quote.key).text  # verbatim
    # Citations: both guidelines the answer quotes.
    assert {c.guideline_title for c in answer.citations} == {lead.guideline_title,
                                                             other.guideline_title}


def test_a_long_list_whose_first_screen_shows_none_of_the_passages_found_is_not_quoted(kb):
    """"en welke informatie verzamel ik daarvoor?" after "Hoe beoordeel ik of moeder het goed
    genoeg doet?": 'welke' asks for a list, and the best passage is an item of the long list
    of recommendations on the family plan, but that list's first screen shows other items.
    The passages found are quoted instead."""
    asked = "en welke informatie verzamel ik daarvoor?"
    text = " ".join([asked, asked, "Hoe beoordeel ik of moeder het goed genoeg doet?"])
    answer = search_answer(kb, text, "multiprobleemgezinnen", in_conversation=True,
                           preference=1.5, model_guideline="multiprobleemgezinnen")
    assert answer.passage_keys[:2] == [
        "multiprobleemgezinnen/hulpverleningsplan/goed-genoeg-ouderschap",
        "multiprobleemgezinnen/hulpverleningsplan/informatie-verzamelen"]


def test_a_question_for_a_time_limit_is_of_another_field_even_in_a_conversation(kb):
    """The guidelines name no days, weeks or months: "binnen hoeveel weken ...?" after a
    guideline answer gets no closest passages."""
    text = "binnen hoeveel weken moet de Raad zijn rapport eigenlijk bij de rechter indienen?"
    assert not in_domain(kb, text, kb.search(text, limit=3), in_conversation=True)


def test_registering_hours_is_of_another_field_even_in_a_conversation(kb):
    """A question about registering one's hours in the middle of a conversation about a
    family gets no closest passages (the passages on training and on the file are near)."""
    text = "weet iemand hoe ik mijn uren voor de training registreer in AFAS? kan het niet vinden"
    assert not in_domain(kb, text, kb.search(text, limit=3), in_conversation=True)


def test_safe_at_home_is_a_word_of_the_domain(kb):
    """"veilig" (is it safe at home again?) is about children and families: a question with
    it and no clear match gets the closest passages, here the two effective programmes."""
    text = ("Hoeveel van die intensieve thuisprogramma's hebben nou echt aangetoond dat het "
            "daarna weer veilig is in huis?")
    assert in_domain(kb, text, kb.search(focus_query(text), limit=3))
    answer = search_answer(kb, text, level="strict")
    assert answer.closest
    assert answer.passage_keys[0] == "kindermishandeling/interventies-effectiviteit/twee-effectief"


@pytest.mark.parametrize("text", [
    "tl hier. wat moeten we als organisatie regelen voor goede besluitvorming bij kimi? "
    "training? caseload? iets met de keten?",
    "Ik moet voor het MT een notitie schrijven: wat moeten wij als organisatie op orde hebben "
    "zodat onze mensen zorgvuldig kunnen besluiten in gezinnen waar het thuis niet veilig is?"])
def test_the_preconditions_come_with_the_passage_that_announces_them(kb, text):
    """"Het is ook belangrijk dat voldaan is aan een aantal randvoorwaarden in de organisatie
    en de keten." alone says nothing; the two passages after it name them (a list of the
    content files, collection ``randvoorwaarden``)."""
    keys = search_answer(kb, text).passage_keys
    assert "beslissen-onveilig/randvoorwaarden/training-supervisie-caseload" in keys
    assert "beslissen-onveilig/randvoorwaarden/samenwerking-keten" in keys


def test_a_word_of_another_field_among_the_facts_of_a_case_does_not_decide_its_question(kb):
    """The facts describe the family ("schuldsanering"); the question is what is asked, and
    the guidelines answer it. A question that leans on such facts stays of the other field."""
    case = ("Alleenstaande moeder, 4 kinderen van 2 t/m 15, schuldsanering. Sinds een half jaar "
            "OTS voor de twee jongsten. Hoe bouw ik binnen dat gedwongen kader toch een band op?")
    assert "voet tussen de deur" in " ".join(q.text for q in search_answer(kb, case).quotes)
    leaning = ("De school wil onze jongen van 14 een week schorsen na een vechtpartij. Mag dat "
               "zonder eerst met de ouders te praten?")
    answer = search_answer(kb, leaning)
    assert not answer.closest and not answer.quotes
    # facts that say what a guideline names ("een MPG") keep a leaning question in its domain
    named = ("Bij ons wordt elk gezin met een schuldsaneringstraject en een puber die spijbelt "
             "al snel een MPG genoemd. Klopt dat eigenlijk wel?")
    assert "multiprobleemgezinnen/definitie/definitie-aanbeveling" in \
        search_answer(kb, named).passage_keys


@pytest.mark.parametrize("case, quoted", [
    ("Drie kinderen (8, 12 en 15), ouders sinds vorig jaar uit elkaar, vader heeft schulden en "
     "zit in de bijstand, moeder heeft een burn-out. School belt over verzuim van de middelste. "
     "Hoe pak ik het plan aan en wie moeten daar allemaal bij aan tafel?",
     "Stel samen met de gezinsleden, het sociale netwerk en de betrokken instanties een "
     "gezinsplan op."),
    ("Gezin met drie kinderen, moeder is net terug uit de vrouwenopvang, vader heeft een "
     "omgangsregeling. Niks acuuts op dit moment. Wij als wijkteam willen weten: wanneer is "
     "een crisisinterventie meteen aan de orde?",
     "Bij een acuut bedreigende situatie voor het kind zet je direct een crisisinterventie in"),
    # a question that names one of the guidelines is about that guideline
    ("Broers van 13 en 16, ouders allebei werkloos, vader heeft chronische pijn en gebruikt "
     "veel medicatie. Voordat we het plan maken wil ik een goed beeld van alles wat er speelt "
     "bij de jongens, bij de ouders en in de omgeving. Is er een kader dat de MPG-richtlijn "
     "daarvoor aanraadt?",
     "Verzamel informatie over de ontwikkelingsbehoeften van de betreffende jeugdige")])
def test_facts_of_another_field_do_not_decide_a_question_the_guidelines_answer_by_itself(
        kb, case, quoted):
    """Not quite clear, but the question alone matches: at the lenient level with a case's
    score ("crisisinterventie"), or clearly with the passage model picking its passage (the
    family plan). A question that leans on facts of another field stays unanswered."""
    assert quoted in " ".join(q.text for q in search_answer(kb, case).quotes)
    leaning = ("Moeder van een cliënt vraagt of ze met haar ADHD-medicatie (methylfenidaat) mag "
               "autorijden. Ik weet het eerlijk gezegd niet, wat zeg ik haar?")
    answer = search_answer(kb, leaning)
    assert not answer.closest and not answer.quotes


def test_facts_of_another_field_do_not_decide_a_question_with_a_passage_that_stands_out_alone(
        kb):
    """"wachtlijst" is of another field, but only the facts say it: the question alone
    matches at the lenient level, and the passage model picks the passage on discussing
    crucial decisions with a behavioural scientist surely (``_stands_out_alone``)."""
    case = ("Moet ik nou echt elke keuze langs onze orthopedagoog halen? Ze heeft een "
            "wachtlijst van twee weken voor overleg.")
    assert other_field_word(kb, case) is None
    quoted = " ".join(q.text for q in search_answer(kb, case).quotes)
    assert "Spreek cruciale beslissingen van tevoren door met een gedragswetenschapper" in quoted
    asked = "Hoe lang is de wachtlijst voor een gesprek met de orthopedagoog?"
    assert other_field_word(kb, asked) == "wachtlijst"


def test_a_closest_item_of_a_list_comes_after_the_lead_in_the_search_found_too(kb):
    """"gespreksvaardigheden met kinderen." alone does not say it is one of the skills needed
    to decide on help together: the lead-in of its list, which the search found as well,
    comes first."""
    answer = search_answer(kb, "Wat moet ik kunnen qua praten met kinderen als ik met een "
                               "gezin waar geslagen wordt moet uitmaken welke hulp er komt?")
    texts = [q.text for q in answer.quotes]
    assert answer.closest
    assert texts[0].startswith("Om samen met gezinnen te beslissen over de benodigde hulp")
    assert texts[0].rstrip().endswith(":")
    assert "gespreksvaardigheden met kinderen." in texts


def test_a_closest_answer_quotes_further_passages_down_to_a_lower_share_than_a_clear_one(kb):
    """Nothing matched clearly, so the best passage is uncertain: the next ones are quoted
    from CLOSEST_QUOTE_SHARE of its score (a clear answer: NEXT_QUOTE_SHARE)."""
    assert CLOSEST_QUOTE_SHARE < NEXT_QUOTE_SHARE
    best = kb.record("mpg-gedwongen-kader/hulp-in-gedwongen-kader/feiten-en-norm")
    second = kb.record("mpg-gedwongen-kader/hulp-in-gedwongen-kader/reactance")
    share = (CLOSEST_QUOTE_SHARE + NEXT_QUOTE_SHARE) / 2
    answer = closest_answer(kb, "moet ik hem confronteren met wat school ziet?", [
        Hit(best, 40.0, 0.3, lexical=6.0), Hit(second, 40.0 * share, 0.2, lexical=5.0)])
    assert answer.closest is True
    assert [q.key for q in answer.quotes] == [best.key, second.key]
    below = closest_answer(kb, "moet ik hem confronteren met wat school ziet?", [
        Hit(best, 40.0, 0.3, lexical=6.0),
        Hit(second, 40.0 * CLOSEST_QUOTE_SHARE * 0.9, 0.2, lexical=5.0)])
    assert [q.key for q in below.quotes] == [best.key]


def test_the_budget_keeps_the_best_passage_of_each_guideline_an_answer_quotes(
        kb, monkeypatch):
    """Three passages do not fit: the one of another guideline goes to "meer" only after the
    further ones of the best one's guideline, so that an answer that says "de richtlijnen"
    shows both."""
    from jeugdhulp.knowledge.compose.general import OTHER_GUIDELINE_SHARE
    best = Hit(kb.record("multiprobleemgezinnen/definitie/definitie-aanbeveling"), score=40.0,
               coverage=0.5, lexical=14.0)
    own = Hit(kb.record("multiprobleemgezinnen/definitie/definitie"),
              score=40.0 * (OTHER_GUIDELINE_SHARE + 0.1), coverage=0.5, lexical=12.0)
    other = Hit(kb.record("mpg-gedwongen-kader/onveilige-situaties-inschatten/isc-beschrijving"),
                score=40.0 * (OTHER_GUIDELINE_SHARE + 0.05), coverage=0.5, lexical=12.0)
    _searching(kb, monkeypatch, [best, own, other])
    answer = search_answer(kb, "wanneer is een gezin een multiprobleemgezin?")
    assert [q.key for q in answer.quotes] == [best.passage.key, other.passage.key]
    assert own.passage.key in [q.key for q in answer.more]
    assert answer.lead == message("answers.search.lead_several")


def test_a_passage_of_another_guideline_close_to_the_best_is_quoted_after_its_own(
        kb, monkeypatch):
    """A passage of another guideline that scores at least OTHER_GUIDELINE_SHARE of the best
    is quoted too, after those of the best one's guideline, never instead of them; the lead
    then names no single guideline."""
    from jeugdhulp.knowledge.compose.general import OTHER_GUIDELINE_SHARE
    best = Hit(kb.record(REACTANCE), score=40.0, coverage=0.5, lexical=14.0)
    other = Hit(kb.record(OTHER_GUIDELINE), score=40.0 * (OTHER_GUIDELINE_SHARE + 0.05),
                coverage=0.5, lexical=12.0)
    own = Hit(kb.record(NEGOTIABLE), score=40.0 * NEXT_QUOTE_SHARE, coverage=0.5, lexical=9.0)
    _searching(kb, monkeypatch, [best, other, own])
    answer = search_answer(kb, "hoe ga ik om met verzet in een gedwongen kader?")
    assert [q.key for q in answer.quotes] == [REACTANCE, NEGOTIABLE, OTHER_GUIDELINE]
    assert answer.lead == message("answers.search.lead_several")
    lower = Hit(other.passage, score=40.0 * (OTHER_GUIDELINE_SHARE - 0.05), coverage=0.5,
                lexical=12.0)
    _searching(kb, monkeypatch, [best, lower, own])
    answer = search_answer(kb, "hoe ga ik om met verzet in een gedwongen kader?")
    assert [q.key for q in answer.quotes] == [REACTANCE, NEGOTIABLE]
    assert answer.lead != message("answers.search.lead_several")


def test_a_rating_cell_comes_with_what_its_intervention_does(kb):
    """"DEI: Goed onderbouwd." alone does not say what Relationele Gezinstherapie does: the
    approach cell of its row comes right after it."""
    answer = search_answer(kb, "Welke gezinstherapie voor tieners met gedragsproblemen staat "
                               "in de databank als goed onderbouwd?",
                           "kindermishandeling", level="normal")
    assert answer.passage_keys[:2] == ["kindermishandeling/interventies-tabel/rgt-dei",
                                       "kindermishandeling/interventies-tabel/rgt-aanpak"]


def test_the_guideline_a_question_is_thought_to_be_about_is_quoted_beside_a_better_match(kb):
    """The multi-problem families' passage on finding the right help matches best; the
    dossier on deciding in unsafe situations, which the question is thought to be about,
    comes with it from PREFERRED_SHARE of its score (not from OTHER_GUIDELINE_SHARE)."""
    text = ("Waarom vinden hulpverleners het zo lastig om in onveilige gezinnen de juiste hulp "
            "te kiezen?")
    keys = search_answer(kb, text, "beslissen-onveilig").passage_keys
    assert keys[0] == "multiprobleemgezinnen/inleiding/bijzondere-aanpak"
    assert "beslissen-onveilig/inleiding/moeilijke-beslissingen" in keys
    assert "beslissen-onveilig/inleiding/moeilijke-beslissingen" not in search_answer(
        kb, text).passage_keys


def test_a_case_question_of_its_own_is_not_kept_out_by_a_fact_of_another_field(kb):
    """"De leerplichtambtenaar is ook betrokken" is a fact of the case; its question asks
    something of its own in the guidelines' words and does not point back into the facts.
    "Wat adviseer ik haar?" after a fact of another field does."""
    facts = "Meisje van 13 met angstklachten en veel schoolverzuim. Ouders zijn het onderling " \
            "niet eens over wat het probleem is. De leerplichtambtenaar is ook betrokken. "
    assert other_field_word(kb, facts + "Hoe kom ik tot doelen waar iedereen achter staat?") \
        is None
    assert search_answer(kb, facts + "Hoe kom ik tot doelen waar iedereen achter staat?").quotes
    assert other_field_word(kb, "Moeder slikt ritalin en wil stoppen. Wat adviseer ik haar?")

"""Practice language (knowledge/content/practice.yml): the words professionals use for what
a passage is about. Parsed and checked like content, added to the search index of its
passages, and counted by the NLU's knowledge-base features."""
import dataclasses
import types

import pytest

from jeugdhulp.knowledge import build as builder
from jeugdhulp.knowledge import content, practice, validate
from jeugdhulp.knowledge.analysis import analyze
from jeugdhulp.knowledge.practice import PracticeEntry, PracticeError
from jeugdhulp.nlu.kb_features import FeatureTable, build_table

REACTANCE = "mpg-gedwongen-kader/hulp-in-gedwongen-kader/reactance"
FEITEN_EN_NORM = "mpg-gedwongen-kader/hulp-in-gedwongen-kader/feiten-en-norm"
EVALUEREN = "multiprobleemgezinnen/hulpverleningsplan/evalueren"


def _entry(**fields):
    return {"practice": [{"about": "eerste", "passages": ["a/b/c"], "words": ["iets"]},
                         fields]}


# --- parse and load ------------------------------------------------------------------------
@pytest.mark.parametrize("fields, message", [
    ({"about": "zonder woorden", "passages": ["a/b/c"]}, "has no words"),
    ({"about": "nergens heen", "words": ["de boot afhouden"]}, "names no passages and no topic"),
    ({"about": "typfout", "passage": ["a/b/c"], "words": ["x"]}, "unknown field(s) passage"),
    ({"about": "woorden als mapping", "passages": ["a/b/c"], "words": {"boot": "af"}},
     "'words' must be a list of texts"),
])
def test_parse_rejects_a_malformed_entry_naming_it(fields, message):
    with pytest.raises(PracticeError) as error:
        practice.parse(_entry(**fields))
    assert f"practice.yml: {fields['about']}" in str(error.value)
    assert message in str(error.value)


def test_parse_wants_a_list_of_mappings_under_practice():
    assert practice.parse(None) == []  # an empty file
    for data in ({"practice": {"about": "x"}}, {"praktijk": []}, ["x"]):
        with pytest.raises(PracticeError, match="expected a list under 'practice:'"):
            practice.parse(data)
    with pytest.raises(PracticeError, match="practice.yml: entry 2 is not a mapping"):
        practice.parse({"practice": [{"about": "a", "topic": "t", "words": ["w"]}, "los"]})
    with pytest.raises(PracticeError, match=r"practice.yml: entry 2: has no words"):
        practice.parse(_entry(passages=["a/b/c"]))  # named by its number without a label


def test_parse_normalises_the_words_and_accepts_a_single_text():
    entries = practice.parse({"practice": [
        {"about": "boot", "passages": [REACTANCE], "words": ["  houdt   de\nboot af "]},
        {"about": "onderwerp", "topic": "reactance", "words": "ja zeggen en nee doen"},
    ]})
    assert entries == [
        PracticeEntry("boot", (REACTANCE,), None, ("houdt de boot af",)),
        PracticeEntry("onderwerp", (), "reactance", ("ja zeggen en nee doen",)),
    ]
    assert entries[0].where == "practice.yml: boot"


def test_load_reports_invalid_yaml_and_accepts_a_missing_file(tmp_path):
    broken = tmp_path / "practice.yml"
    broken.write_text("practice:\n  - about: [niet gesloten\n", encoding="utf-8")
    with pytest.raises(PracticeError, match="not valid YAML"):
        practice.load(broken)
    assert practice.load(tmp_path / "bestaat-niet.yml") == []


def test_the_real_file_loads_with_many_entries():
    entries = practice.load()
    assert len(entries) >= 60
    assert all(e.words and (e.passages or e.topic) for e in entries)
    reactance = [e for e in entries if REACTANCE in e.passages]
    assert any("houdt de boot af" in e.words for e in reactance)
    assert any("ja zeggen en nee doen" in e.words for e in reactance)


# --- problems: what `knowledge check` reports ----------------------------------------------
TEXTS = {
    "g/s/kort": "Ouders kunnen zich verzetten tegen hulp.",
    "g/s/lang": "Ouders kunnen zich verzetten tegen hulp. Dat heet reactance.",
    "g/s/anders": "Maak samen met het gezin een plan.",
}


def test_problems_name_an_unknown_passage_and_topic():
    entries = [PracticeEntry("typfout", ("g/s/kort", "g/s/bestaat-niet"), None, ("houdt de boot af",)),
               PracticeEntry("fout onderwerp", (), "bestaat_niet", ("speelt het spelletje mee",)),
               PracticeEntry("goed onderwerp", (), "reactance", ("ja zeggen en nee doen",))]
    assert practice.problems(entries, TEXTS, ["reactance"]) == [
        ("practice.yml: typfout", "no passage 'g/s/bestaat-niet'"),
        ("practice.yml: fout onderwerp", "no topic 'bestaat_niet'"),
    ]


def test_problems_name_two_passages_of_which_one_contains_the_other():
    entries = [PracticeEntry("dubbel", ("g/s/lang", "g/s/kort", "g/s/anders"), None, ("houdt de boot af",))]
    found = practice.problems(entries, TEXTS, [])
    assert len(found) == 1
    where, message = found[0]
    assert where == "practice.yml: dubbel"
    assert "'g/s/kort' and 'g/s/lang'" in message and "name only one of them" in message
    # passages that merely share words are fine
    assert practice.problems([PracticeEntry("los", ("g/s/kort", "g/s/anders"), None, ("houdt de boot af",))],
                             TEXTS, []) == []


def test_the_real_content_has_no_practice_problems():
    guidelines = content.load_guidelines()
    problems = validate.content_problems(guidelines, content.load_topics(guidelines))
    assert [p for p in problems if p.where.startswith("practice.yml")] == []


def test_the_content_check_reports_a_bad_practice_file(tmp_path, monkeypatch):
    bad = tmp_path / "practice.yml"
    bad.write_text("practice:\n  - about: verkeerde sleutel\n"
                   "    passages: [mpg-gedwongen-kader/hulp-in-gedwongen-kader/bestaat-niet]\n"
                   "    words: [de boot afhouden]\n", encoding="utf-8")
    monkeypatch.setattr(practice, "PRACTICE_FILE", bad)
    guidelines = content.load_guidelines()
    topics = content.load_topics(guidelines)
    found = [(p.where, p.message) for p in validate.content_problems(guidelines, topics)
             if p.where.startswith("practice.yml")]
    assert found == [("practice.yml: verkeerde sleutel",
                      "no passage 'mpg-gedwongen-kader/hulp-in-gedwongen-kader/bestaat-niet'")]

    bad.write_text("practice:\n  - about: kapot\n    topic: reactance\n", encoding="utf-8")
    found = [(p.where, p.message) for p in validate.content_problems(guidelines, topics)
             if p.where.startswith("practice.yml")]
    assert found == [("practice.yml", "practice.yml: kapot: has no words")]


# --- words per passage -----------------------------------------------------------------------
def test_words_by_passage_spreads_a_topics_words_over_its_passages():
    entries = [PracticeEntry("onderwerp", (), "reactance", ("boot afhouden", "hakken in het zand")),
               PracticeEntry("passage", ("k/1",), None, ("hakken in het zand", "mooi weer spelen")),
               PracticeEntry("onbekend onderwerp", (), "niets", ("nergens",))]
    found = practice.words_by_passage(entries, {"reactance": ["k/1", "k/2"], "ander": ["k/3"]})
    assert found == {
        "k/1": ["boot afhouden", "hakken in het zand", "mooi weer spelen"],  # each once
        "k/2": ["boot afhouden", "hakken in het zand"],
    }


def test_the_build_gives_a_topics_words_to_every_passage_of_that_topic(kb, monkeypatch):
    monkeypatch.setattr(practice, "load", lambda path=None: [
        PracticeEntry("onderwerp", (), "reactance", ("tegen de haren in strijken",))])
    words = builder._practice_words(content.load_guidelines())
    of_topic = {r.key for r in kb.index.records if "reactance" in r.topics}
    assert len(of_topic) >= 2
    assert set(words) == of_topic
    assert all(w == ["tegen de haren in strijken"] for w in words.values())


def test_the_built_passage_carries_its_practice_words(kb):
    record = kb.record(REACTANCE)
    assert "houdt de boot af" in record.practice
    assert "ja zeggen en nee doen" in record.practice
    assert "zonder opgeheven vingertje" not in record.practice
    assert "zonder opgeheven vingertje" in kb.record(FEITEN_EN_NORM).practice
    # "boot" (lemma "boten") is a word only the practice language uses
    assert analyze("boot")[0] in kb.index.practice_only
    assert "reactance" not in kb.index.practice_only


# --- the search ---------------------------------------------------------------------------
PRACTICE_QUESTIONS = [
    ("Vader blijft ja zeggen en nee doen, hoe pak ik dat aan?", REACTANCE,
     "ja zeggen en nee doen"),
    ("Moeder houdt de boot af. Wat zegt de richtlijn daarover?", REACTANCE, "houdt de boot af"),
    ("Vader zegt overal ja en amen op, wat moet ik daarmee?", REACTANCE,
     "zegt overal ja en amen op"),
    ("Raadsonderzoek en zitting liepen stroef. Moet ik terugkomen op de zitting?",
     "mpg-gedwongen-kader/hulp-in-gedwongen-kader/voorgeschiedenis", "terugkomen op de zitting"),
    ("Hoe praat ik met ouders zonder opgeheven vingertje?", FEITEN_EN_NORM,
     "zonder opgeheven vingertje"),
    ("Hoe houd ik een vinger aan de pols bij dit gezin?", EVALUEREN, "vinger aan de pols"),
    ("Hoe heet die samenvatting van hoe ernstig en waardoor, en wat het in stand houdt?",
     "samen-beslissen/probleem-krachtenanalyse/samenhangend-beeld-definitie",
     "hoe heet die samenvatting"),
    ("Moeder haakt af omdat er toch niks verandert, hoe houd ik haar erbij?",
     "multiprobleemgezinnen/hulpverleningsplan/gezinsplan-werkplan", "ouders haken af"),
    ("Ze zeggen 'zeg jij maar wat we moeten doen'. Hoe laat ik ze zelf kiezen?",
     "samen-beslissen/doelformulering/voor-en-nadelen", "zeg jij maar wat we moeten doen"),
    ("Bij een OTS bepaal ik toch gewoon zelf wat er gebeurt?",
     "samen-beslissen/samenwerking/gedwongen-kader-samen-beslissen",
     "bij een ots bepaal ik het gewoon"),
    ("Mijn collega zegt: bij een OTS hoef je niet samen te werken met ouders. Klopt dat?",
     "mpg-gedwongen-kader/onveilige-situaties-inschatten/partnerschap-en-veiligheid",
     "bij een ots hoef je niet samen te werken"),
    ("Welke toon sla ik aan bij een gezin dat mij eigenlijk niet wil zien?",
     "mpg-gedwongen-kader/hulp-in-gedwongen-kader/houding-eerste-contact",
     "welke toon sla ik aan"),
    ("Ik wil altijd alles boven water hebben voordat ik iets besluit met ouders, is dat nodig?",
     "samen-beslissen/beslisproces/systematisch-werken", "alles boven water willen hebben"),
    ("Ons stuk voor het gezin zit vol jargon en ouders kijken er nooit in. Hoe hoort dat?",
     "multiprobleemgezinnen/hulpverleningsplan/gezinsplan-opstellen", "plan vol jargon"),
    ("Ik ben alles gaan overnemen voor moeder. Hoe ver moet dat gaan?",
     "multiprobleemgezinnen/hulp-verlenen/praktische-en-psychosociale-hulp",
     "ik ben alles gaan overnemen"),
    ("We sluiten af en er is nog van alles aan de hand bij afsluiten. Klopt dat beeld?",
     "kindermishandeling/discussie/intensieve-programmas-veerman",
     "nog van alles aan de hand bij afsluiten"),
    ("Antipathie tegen ouders, hoe ga ik daarmee om?",
     "samen-beslissen/samenwerking/basishouding", "antipathie tegen ouders"),
    ("Ouders zetten alleen hun handtekening onder ons plan. Hoe doe ik dat anders?",
     "samen-beslissen/doelformulering/ideeen-vragen", "handtekening onder ons plan"),
    ("Moet ik bij het eerste bezoek al zeggen wat niet ter discussie staat?",
     "mpg-gedwongen-kader/hulp-in-gedwongen-kader/onderhandelbaar",
     "wat staat niet ter discussie"),
    ("Ik heb de gewoonte om alles uit te vragen voor we beginnen, kan dat kwaad?",
     "samen-beslissen/beslisproces/systematisch-werken", "alles uit te vragen"),
    ("Heeft het zin om te investeren in een goede verstandhouding als er een maatregel ligt?",
     "mpg-gedwongen-kader/onveilige-situaties-inschatten/partnerschap-en-veiligheid",
     "investeren in een goede verstandhouding"),
    ("Vader wil per se een andere therapie dan ik adviseer. Wat nu?",
     "samen-beslissen/doelformulering/voor-en-nadelen", "per se een andere therapie"),
    ("Het wordt een welles-nietes over de hulp met moeder. Hoe voorkom ik dat?",
     "samen-beslissen/doelformulering/voor-en-nadelen", "welles-nietes over de hulp"),
    ("Hoe krijg ik ouders mee als ze niks willen?",
     "beslissen-onveilig/vaardigheden/engageren", "ouders mee krijgen"),
    ("Wij besluiten in het casusoverleg zonder ouders, kan dat?",
     "samen-beslissen/samenwerking/samen-wegen", "besluiten in het casusoverleg zonder ouders"),
    ("Hoe ga ik te werk om te begrijpen wat er speelt in het gezin?",
     "multiprobleemgezinnen/hulpverleningsplan/informatie-verzamelen",
     "begrijpen wat er speelt in het gezin"),
    ("Hoe zeg ik tegen ouders wat ik mag en moet als jeugdbeschermer?",
     "beslissen-onveilig/vaardigheden/positioneren", "zeggen wat ik mag en moet"),
    ("Liever niet meteen specialistische hulp, wat kan ik eerst proberen?",
     "samen-beslissen/doelformulering/hulp-kiezen", "niet meteen specialistische hulp"),
    # stop 49
    ("Ze zegt steeds dat we ons er niet mee moeten bemoeien. Wat doe ik daarmee?",
     "mpg-gedwongen-kader/hulp-in-gedwongen-kader/reactance",
     "we moeten ons er niet mee bemoeien"),
    ("Hoe krijg ik zicht op wat het kind nodig heeft en wat ouders aankunnen?",
     "multiprobleemgezinnen/hulpverleningsplan/informatie-verzamelen",
     "wat het kind nodig heeft en wat ouders aankunnen"),
    # stop 50
    ("Moeder blijft marchanderen over alles. Hoe ga ik daarmee om?",
     "mpg-gedwongen-kader/hulp-in-gedwongen-kader/onderhandelbaar", "marchanderen"),
    ("Welke hulp slaat aan na mishandeling?",
     "kindermishandeling/toelichting/werkzame-factoren-inleiding", "hulp die aanslaat"),
    ("Moet zo'n puber echt de hele molen in?",
     "samen-beslissen/vraagverheldering/vervolg-licht-probleem", "de hele molen in"),
    # stop 52
    ("Vader heeft PTSS. Moet ik daar zelf mee aan de slag?",
     "multiprobleemgezinnen/hulp-verlenen/praktische-en-psychosociale-hulp",
     "moet ik daar zelf mee aan de slag"),
    ("En als ze meteen gaat roepen dat alles gelogen is?",
     "mpg-gedwongen-kader/hulp-in-gedwongen-kader/reactance", "roept dat alles gelogen is"),
    ("Moeder wuift alles weg: 'wij hebben jullie niet nodig'. Hoe ga ik daarmee om?",
     "mpg-gedwongen-kader/hulp-in-gedwongen-kader/reactance", "wuift alles weg"),
    # stop 53
    ("Ik vind die vader moeilijk te pruimen. Hoe stel ik me op?",
     "samen-beslissen/samenwerking/basishouding", "moeilijk te pruimen"),
    ("Ik erger me aan moeder en dat ziet ze. Wat nu?",
     "samen-beslissen/samenwerking/basishouding", "ik erger me aan moeder"),
    ("Mag ik school vertellen wat we vinden?",
     "samen-beslissen/probleem-krachtenanalyse/toestemming-samenwerking",
     "school vertellen wat we vinden"),
    # stop 54
    ("Welke bagage moet ik als hulpverlener meebrengen?",
     "beslissen-onveilig/inleiding/houding-kennis-vaardigheden", "bagage als hulpverlener"),
    # stop 55
    ("Heeft het zin om de hele familie om tafel te zetten als er al geslagen is?",
     "kindermishandeling/benaderingen/ekc-minst-effectief", "hele familie om tafel"),
    ("Ouders willen eerst zelf met de familie om tafel. Kan ik dat tegenhouden?",
     "kindermishandeling/benaderingen/familienetwerkberaad",
     "eerst zelf met de familie om tafel"),
    ("Door welke bril kijk je naar ouders als het thuis niet veilig is?",
     "beslissen-onveilig/houding/houding-inleiding", "door welke bril"),
    # stop 57
    ("Vader gaat op de rem staan bij alles wat ik voorstel. Hoe ga ik daarmee om?",
     "mpg-gedwongen-kader/hulp-in-gedwongen-kader/reactance", "gaat op de rem staan"),
    ("Wat moet ik op een rijtje hebben voordat ik een knoop doorhak?",
     "beslissen-onveilig/kennis/kennis-inleiding", "voordat ik een knoop doorhak"),
    # stop 58
    ("Een jongen zegt dingen over thuis die me niet lekker zitten. Wat nu?",
     "mpg-gedwongen-kader/onveilige-situaties-inschatten/meldcode-verplicht",
     "zit me niet lekker"),
    # stop 59
    ("mag ik wat ik weet gewoon doorgeven aan school?",
     "samen-beslissen/vraagverheldering/gegevens-verstrekken", "doorgeven aan school"),
    ("Ik wil niks missen bij de intake, dus ik vraag alles. Overdreven?",
     "samen-beslissen/beslisproces/systematisch-werken", "ik wil niks missen bij de intake"),
    ("Met welke insteek ga je een gezin in als je wilt dat het slaan ophoudt?",
     "beslissen-onveilig/houding/houding-inleiding", "dat het slaan ophoudt"),
]


@pytest.mark.parametrize("question, key, phrase", PRACTICE_QUESTIONS)
def test_a_question_in_practice_language_reaches_the_passage(kb, monkeypatch,
                                                             question, key, phrase):
    assert phrase in kb.record(key).practice  # the entry of practice.yml this relies on
    assert key in [h.passage.key for h in kb.search(question, limit=3)]
    # The same index without its practice field (and without the example questions, which
    # may ask the same in other words): the passage's own words do not reach it.
    with monkeypatch.context() as patch:
        patch.setattr(kb.index, "practice_phrases", {})
        patch.setattr(kb.index, "practice_bm25", None)
        patch.setattr(kb.index, "examples_bm25", None)
        assert key not in [h.passage.key for h in kb.search(question, limit=10)]
    assert kb.index.practice_bm25 is not None and key in kb.index.practice_phrases


# --- the NLU's knowledge-base features ------------------------------------------------------
@pytest.fixture(scope="module")
def table(kb):
    return build_table(kb)


def test_a_word_only_practice_uses_leans_to_the_guideline_of_its_passage(kb, table):
    """"boot" occurs only in practice.yml (reactance: "houdt de boot af")."""
    term = analyze("boot")[0]
    assert term in kb.index.practice_only  # no guideline text uses it
    by_guideline = dict(zip(table["guidelines"], table["guideline"][term]))
    assert by_guideline["mpg-gedwongen-kader"] > 0.5
    assert by_guideline["mpg-gedwongen-kader"] == max(by_guideline.values())
    topics = dict(zip(table["topics"], table["topic"][term]))
    assert topics["reactance"] > 0
    # Counted from the passages' practice field: without it the words are unknown.
    bare = dataclasses.replace(
        kb.index, records=[dataclasses.replace(r, practice=()) for r in kb.index.records])
    without = build_table(types.SimpleNamespace(index=bare))
    for word in ("boot", "hakken", "handelingsverlegen"):
        assert analyze(word)[0] in table["guideline"], word
        assert analyze(word)[0] not in without["guideline"], word


def test_a_message_in_practice_language_leans_to_its_guideline(table):
    features = FeatureTable(table)
    for text, guideline in [("de ouders zetten de hakken in het zand", "mpg-gedwongen-kader"),
                            ("ik ben handelingsverlegen", "multiprobleemgezinnen")]:
        vector = features.sentence_vector(analyze(text))
        scores = dict(zip(features.guidelines, vector[:features.n_g]))
        assert max(scores, key=scores.get) == guideline, text
        assert scores[guideline] > 0.5, text


def test_a_phrase_the_search_cannot_use_is_reported():
    """A phrase counts when all its words occur in a question: one that comes down to a
    single word the guidelines use themselves would raise its passage for any question
    with that word, and one that comes down to nothing never counts."""
    texts = {"g/s/kort": "Ouders en kinderen werken samen aan veiligheid."}
    entries = [PracticeEntry("breed", ("g/s/kort",), None,
                             ("wat kunnen ouders wel", "kan het met minder",
                              "houdt de boot af", "caseload"))]
    found = practice.problems(entries, texts, [])
    assert [why.split("'")[1] for _, why in found] == ["wat kunnen ouders wel",
                                                       "kan het met minder"]
    assert "'ouder'" in found[0][1]

"""The Dutch pipeline: lemmas, entity patterns and the pipeline identity."""
import pytest

from jeugdhulp import text
from jeugdhulp.nlu import pipeline as nlp

# A small lemma test set of words professionals type (DESIGN.md: simplemma beats spaCy's
# lookup table on these; the project exceptions fix the domain's special cases).
LEMMAS = {
    "kinderen": "kind",
    "ouders": "ouder",
    "ga": "gaan",
    "gaat": "gaan",
    "verwaarloosde": "verwaarlozen",
    "gezinnen": "gezin",
    "gesprekken": "gesprek",
    "hulpverleners": "hulpverlener",
    "interventies": "interventie",
    "afspraken": "afspraak",
    "uithuisplaatsingen": "uithuisplaatsing",
    "ondertoezichtstellingen": "ondertoezichtstelling",
    "multiprobleemgezinnen": "multiprobleemgezin",
    "jongeren": "jongere",
    "eerste": "eerste",
    "geweld": "geweld",
    "mishandeld": "mishandelen",
    "OTS": "ots",
    "Kinderen": "kind",
}


@pytest.mark.parametrize("word,lemma", sorted(LEMMAS.items()))
def test_lemmas(word, lemma):
    assert text.dutch_lemmatizer().lemma(word) == lemma


def test_lemmatizer_beats_spacy_lookup_table_on_domain_words():
    """The reason simplemma is wrapped: spaCy's table leaves these unchanged."""
    from spacy.lookups import load_lookups

    table = load_lookups("nl", ["lemma_lookup"]).get_table("lemma_lookup")
    words = ["kinderen", "ouders", "gezinnen"]
    assert [table.get(w, w) for w in words] == words
    assert [text.dutch_lemmatizer().lemma(w) for w in words] == ["kind", "ouder", "gezin"]


def test_pipeline_sets_lemmas_and_domain_entities():
    doc = nlp.load_dutch()("welke interventie bij verwaarlozing, kind van 8 jaar? en mst-can?")
    assert [t.lemma_ for t in doc][:3] == ["welk", "interventie", "bij"]
    ents = {(e.label_, e.ent_id_) for e in doc.ents}
    assert ("problem", "verwaarlozing") in ents
    assert ("intervention", "MST-CAN") in ents
    assert any(label == "age" for label, _ in ents)


@pytest.fixture
def installed(monkeypatch):
    """Pretend ``nl_core_news_sm`` is installed (version given) or not (None), whatever this
    machine has: the identity and the choice of pipeline follow from that alone."""
    def set_installed(version):
        real = nlp.package_version
        monkeypatch.setattr(nlp, "package_version", lambda name: version
                            if name == nlp.PREFERRED_PIPELINE else real(name))
        nlp.pipeline_identity.cache_clear()
        nlp.load_dutch.cache_clear()
    yield set_installed
    nlp.pipeline_identity.cache_clear()
    nlp.load_dutch.cache_clear()


def test_without_nl_core_news_sm_the_rule_based_pipeline_runs_and_is_identified(installed):
    installed(None)
    assert not nlp.preferred_pipeline_available()
    identity = nlp.pipeline_identity()
    assert identity.startswith(nlp.RULE_BASED_PIPELINE + "+")
    assert nlp.pipeline_kind(identity) == nlp.RULE_BASED_PIPELINE
    assert nlp.pipeline_kind("nl_core_news_sm-3.7.0+spacy-3.7.5") == "nl_core_news_sm"
    assert nlp.load_dutch().pipe_names == ["jeugdhulp_lemmatizer", "jeugdhulp_entities"]


def test_with_nl_core_news_sm_it_is_preferred_and_identified_with_its_version(installed,
                                                                               monkeypatch):
    installed("3.7.0")
    assert nlp.preferred_pipeline_available()
    identity = nlp.pipeline_identity()
    assert identity.startswith("nl_core_news_sm-3.7.0+")
    assert nlp.pipeline_kind(identity) == nlp.PREFERRED_PIPELINE
    loaded = []
    monkeypatch.setattr(nlp, "_load_preferred", lambda: loaded.append(1) or "preferred")
    assert nlp.load_dutch() == "preferred" and loaded == [1]


def test_a_broken_nl_core_news_sm_is_an_error_not_a_silent_switch(installed, monkeypatch):
    installed("3.7.0")

    def broken():
        raise OSError("[E050] Can't find model 'nl_core_news_sm'")

    monkeypatch.setattr(nlp, "_load_preferred", broken)
    with pytest.raises(RuntimeError, match="pip uninstall nl_core_news_sm"):
        nlp.load_dutch()


def test_lemmas_skip_punctuation():
    assert text.lemmas("De kinderen, de gezinnen!") == ["de", "kind", "de", "gezin"]

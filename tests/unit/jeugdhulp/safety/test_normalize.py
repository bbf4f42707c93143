"""Reading a message (jeugdhulp.safety.normalize): folding, typos, inflection, sentences."""
from __future__ import annotations

from jeugdhulp.safety import assess
from jeugdhulp.safety.engine import RULESET
from jeugdhulp.safety.normalize import MAX_CHARS, read


def test_safety_uses_the_one_fold():
    """No copy of ``fold`` of its own: safety folds exactly like every other room."""
    import jeugdhulp.text
    from jeugdhulp.knowledge.analysis import fold as kb_fold
    from jeugdhulp.safety import normalize

    assert normalize.fold is jeugdhulp.text.fold
    for text in ["Cliënt geïntegreerd", "ÉÉN Café", "Ångström ñ ß", "vader slaat zijn zoon"]:
        assert normalize.fold(text) == kb_fold(text)


def test_inflection_and_typos():
    for verb in ["slaat", "slaad", "sloeg", "geslagen", "schopt", "geschopt", "trapt", "mishandelt", "stompt"]:
        assert assess(f"vader {verb} de jongen net").acute, verb
    for night in ["vannacht", "vanacht", "vannag", "VANNACHT", "vannnacht"]:
        assert assess(f"het kind is {night} niet veilig thuis").acute, night
    for form in ["wurgt", "wurgde", "gewurgd", "wurgd"]:
        assert assess(f"de vader heeft het meisje {form}" if form.startswith("ge") else f"de vader {form} het meisje").acute


def test_sentences_clauses_apostrophes_and_typos():
    r = read("Vader slaat m'n zoon!!! Help, nu.", RULESET.typos)
    assert r.tokens == ["vader", "slaat", "mijn", "zoon", "|", "help", ",", "nu", "|"]
    assert r.text == " ".join(r.tokens)
    assert [r.text[s:s + len(t)] for s, t in zip(r.starts, r.tokens)] == r.tokens
    assert r.sentence == [0, 0, 0, 0, 1, 1, 1, 1, 2]
    assert r.clause == [0, 0, 0, 0, 1, 1, 2, 2, 3]
    assert r.exclaim and not r.question


def test_folding_squeezing_and_dashes():
    r = read("Cliënt: HELPPP - vanacht (echt)", RULESET.typos)
    assert r.tokens == ["client", ",", "help", ",", "vannacht", ",", "echt", ","]
    assert set(r.sentence) == {0}


def test_no_empty_sentences_or_clauses():
    r = read("..., eerst; dan , ? zo", RULESET.typos)
    assert r.tokens == ["eerst", "|", "dan", "|", "zo"]
    assert r.question and not r.exclaim


def test_only_max_chars_are_read():
    assert read("x" * (MAX_CHARS + 10), {}).tokens == ["xx"]
    assert read("", {}).tokens == []

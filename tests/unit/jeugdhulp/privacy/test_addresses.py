"""Tests for jeugdhulp.privacy.addresses: postcodes and streets with a house number."""
from __future__ import annotations

import pytest

from jeugdhulp.privacy import vocabulary
from jeugdhulp.privacy.addresses import find_postcodes, find_streets
from jeugdhulp.privacy.tokens import tokenize


@pytest.fixture(scope="module")
def v():
    return vocabulary.get()


@pytest.mark.parametrize("text, expected", [
    ("1234 AB 12", ["1234 AB 12"]),  # with the house number
    ("1012AB, 14a", ["1012AB, 14a"]),
    ("1234 AB nr. 5", ["1234 AB nr. 5"]),
    ("1234ab", ["1234ab"]),  # lower case when written together
    ("postcode 1234 ab", ["1234 ab"]),  # ... or after "postcode"
    ("1234 AB 3 jaar", ["1234 AB"]),  # a quantity is not a house number
    ("3511 SA", []),  # SA, SD and SS are not used
    ("in 2013 is", []),
    ("1234 Ab", []),
    ("sinds 2015 GI", []),  # a year and an abbreviation
])
def test_postcodes(v, text, expected):
    assert [text[s:e] for s, e, kind in find_postcodes(text, v.domain_upper)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Kerkstraat 12 in Utrecht", ["Kerkstraat 12"]),
    ("kerkstraat 12a", ["kerkstraat 12a"]),
    ("Laan van Meerdervoort 5a, Den Haag", ["Laan van Meerdervoort 5a"]),
    ("aan de Burgemeester de Withstraat 4", ["Burgemeester de Withstraat 4"]),
    ("Van Hallstraat 5", ["Van Hallstraat 5"]),
    ("Prins Hendrikkade 3-II", ["Prins Hendrikkade 3-II"]),
    ("Jan van Galenstraat 12-II", ["Jan van Galenstraat 12-II"]),
    ("Plein 1944 12", ["Plein 1944 12"]),
    ("op de Markt 3", ["Markt 3"]),
    ("Markt 3 is", []),  # a bare street word at the start of a sentence
    ("Amsterdam 3", []),  # a place
    ("kinderbaan 3 jaar", []),  # a quantity
    ("Kerkstraat zonder nummer", []),
])
def test_streets(v, text, expected):
    found = find_streets(text, tokenize(text, []), v)
    assert [text[s:e] for s, e, kind in found] == expected
    assert all(kind == "ADRES" for _, _, kind in found)

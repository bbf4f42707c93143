"""Tests for jeugdhulp.privacy.dates: dates of birth."""
from __future__ import annotations

import pytest

from jeugdhulp.privacy.dates import find_dates


def found(text: str):
    return [text[s:e] for s, e, kind in find_dates(text)]


def test_full_dates_in_every_format():
    text = "3 maart 2015, 03-03-2015, 3/3/2015, 2015-03-03, 3 mrt. 2015"
    assert found(text) == ["3 maart 2015", "03-03-2015", "3/3/2015", "2015-03-03", "3 mrt. 2015"]
    assert {kind for _, _, kind in find_dates(text)} == {"GEBOORTEDATUM"}


@pytest.mark.parametrize("text", [
    "Sinds 1 juli 2013 is de meldcode verplicht",  # the date of a law or guideline
    "per maandag 1 januari 2015",
    "m.i.v. 1 mei 2020",
    "8 jaar, 8-jarige, 2013",  # ages and years alone
    "12 mei",  # no year
    "in maart 2015",  # a month and year without a birth cue
])
def test_not_a_date_of_birth(text):
    assert find_dates(text) == []


@pytest.mark.parametrize("text, expected", [
    ("geboren in maart 2015", ["maart 2015"]),
    ("geb. 3-3-15", ["3-3-15"]),
    ("geb. 03/2015", ["03/2015"]),
    ("Kevin *12-05-2011 woont bij oma", ["12-05-2011"]),
])
def test_partial_dates_after_a_birth_cue(text, expected):
    assert found(text) == expected

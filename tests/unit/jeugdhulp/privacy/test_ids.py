"""Tests for jeugdhulp.privacy.ids: BSN (elfproef), phone numbers, e-mail addresses."""
from __future__ import annotations

from typing import List

import pytest

from jeugdhulp.privacy import ids
from jeugdhulp.privacy.redaction import redact


def found(finder, text: str) -> List[str]:
    return [text[s:e] for s, e, kind in finder(text)]


# --- BSN ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("number", ["123456789", "111222334", "987654321", "111.222.334",
                                    "100 000 000"])
def test_invalid_elfproef_is_not_bsn(number):
    r = redact(f"Het dossiernummer is {number}.")
    assert "BSN" not in {f.kind for f in r.findings}


def test_valid_bsn_without_label():
    assert redact("zie 111222333").text == "zie [BSN]"


def test_bsn_formats():
    text = "BSN 111222333 en 111.222.333, 1112.22.333, 111-222-333, 12345672"
    assert found(ids.find_bsn, text) == [
        "111222333", "111.222.333", "1112.22.333", "111-222-333", "12345672"]
    assert all(kind == "BSN" for _, _, kind in ids.find_bsn(text))


# --- phone numbers -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("bereikbaar op 06-12345678 na vijven", ["06-12345678"]),
    ("Het nummer van oma is 020-1234567", ["020-1234567"]),  # the matcher
    ("Sanne0612345678 belt", ["0612345678"]),  # glued to a word: the mobile regex
    ("(020) 123 4567)", ["(020) 123 4567"]),  # the matcher's bracket is trimmed
    ("[0612345678]", ["0612345678"]),
    ("tel 12345678", ["12345678"]),  # after a cue word
])
def test_phone_numbers(text, expected):
    assert found(ids.find_phones, text) == expected


@pytest.mark.parametrize("text", [
    "bel Veilig Thuis 0800-2000 of 0900-1234567",  # service numbers are kept
    "3 tot 5 procent, 75.000 tot 116.000, 50%",
    "12345",  # too few digits to look
])
def test_not_phone_numbers(text):
    assert ids.find_phones(text) == []


def test_service_numbers():
    assert ids.is_service_number("0800-2000")
    assert not ids.is_service_number("06-12345678")
    assert not ids.is_service_number("onzin")


# --- e-mail ------------------------------------------------------------------------------------

def test_emails():
    assert found(ids.find_emails, "mail x@y.nl of a.b-c@d.e.nl") == ["x@y.nl", "a.b-c@d.e.nl"]
    assert found(ids.find_emails, "a@b@c.nl") == ["b@c.nl"]
    assert ids.find_emails("naam@domein") == []  # no top-level domain
    assert ids.find_emails("@" * 500) == []

"""Tests for jeugdhulp.privacy.redaction: redaction of client details before anything is stored.

POSITIVE cases must come out exactly as written; NEGATIVE cases (guideline questions) must
come through unchanged (both lists are in cases.py). ``test_case_list_scores`` prints
precision-style counts over both lists (run with ``-s`` to see them). The detectors have
their own tests (test_ids.py, test_dates.py, test_addresses.py, test_names.py), and so have
the word lists (test_vocabulary.py). Every kind of client data in generated messages:
test_client_data.py; what a failing detector does: test_fallbacks.py. These tests run in
strict redaction mode (conftest.py).
"""
from __future__ import annotations

import importlib
import logging
import re

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn

from jeugdhulp import privacy
from jeugdhulp.privacy.redaction import Finding, Redaction, redact, redact_text
from tests.unit.jeugdhulp.privacy.cases import (BLOBS, LARGE_TEXT, LARGE_UNIT, NEGATIVE,
                                               POSITIVE)

redact_module = importlib.import_module("jeugdhulp.privacy.redaction")

BSN_RE = re.compile(r"(?<![0-9])(?:[0-9]{9}|[0-9]{3}[ .\-][0-9]{3}[ .\-][0-9]{3})(?![0-9])")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
SERVICE_TYPES = {phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE,
                 phonenumbers.PhoneNumberType.SHARED_COST}


def leaks(text: str) -> list:
    """Valid BSNs, e-mail addresses and (non-service) phone numbers left in ``text``."""
    out = []
    for m in BSN_RE.finditer(text):
        if bsn.is_valid(re.sub(r"[^0-9]", "", m.group())):
            out.append(("BSN", m.group()))
    out += [("E-MAIL", m.group()) for m in EMAIL_RE.finditer(text)]
    for m in phonenumbers.PhoneNumberMatcher(text, "NL"):
        if phonenumbers.number_type(m.number) not in SERVICE_TYPES:
            out.append(("TELEFOON", m.raw_string))
    return out


# ----------------------------------------------------------------------------- case lists

@pytest.mark.parametrize("text,expected", POSITIVE, ids=[t[:40] for t, _ in POSITIVE])
def test_positive(text, expected):
    r = redact(text)
    assert r.text == expected
    assert r.findings, "a positive case has findings"


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_negative_unchanged(text):
    r = redact(text)
    assert r.text == text
    assert r.findings == []


def test_case_list_sizes():
    assert len(POSITIVE) >= 40
    assert len(NEGATIVE) >= 30
    kinds = {f.kind for text, _ in POSITIVE for f in redact(text).findings}
    assert kinds == set(privacy.KINDS)


def test_case_list_scores():
    """Precision-style counts over the placeholders in both case lists (printed with -s)."""
    tp = fp = fn = 0
    for text, expected in POSITIVE:
        got = redact(text).text
        want = re.findall(r"\[[A-Z\-]+\]", expected)
        have = re.findall(r"\[[A-Z\-]+\]", got)
        common = sum(min(want.count(k), have.count(k)) for k in set(want))
        tp += common
        fp += len(have) - common
        fn += len(want) - common
    neg_fp = sum(len(redact(t).findings) for t in NEGATIVE)
    fp += neg_fp
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"\nprivacy case lists: {len(POSITIVE)} positive, {len(NEGATIVE)} negative; "
          f"placeholders tp={tp} fp={fp} (of which on negatives: {neg_fp}) fn={fn}; "
          f"precision={precision:.3f} recall={recall:.3f}")
    assert precision == 1.0 and recall == 1.0


# ----------------------------------------------------------------------------- specifics

def test_api_shape():
    r = redact("Mijn cliënt Jan de Vries (BSN 111222333) woont op 1234 AB 12, tel 06-12345678")
    assert isinstance(r, Redaction)
    assert r.text == "Mijn cliënt [NAAM] (BSN [BSN]) woont op [POSTCODE], tel [TELEFOON]"
    assert [f.kind for f in r.findings] == ["NAAM", "BSN", "POSTCODE", "TELEFOON"]
    src = "Mijn cliënt Jan de Vries (BSN 111222333) woont op 1234 AB 12, tel 06-12345678"
    assert [src[s:e] for _, s, e in r.findings] == [
        "Jan de Vries", "111222333", "1234 AB 12", "06-12345678"]
    assert all(isinstance(f, Finding) and isinstance(f, tuple) for f in r.findings)
    assert r.changed and r.counts() == {"NAAM": 1, "BSN": 1, "POSTCODE": 1, "TELEFOON": 1}
    assert redact_text(src) == r.text


def test_findings_point_into_original():
    text = "Sanne en Xylia (geb. 01-02-2015), tel 06-12345678, mail x@y.nl, BSN 111222333"
    r = redact(text)
    for kind, s, e in r.findings:
        assert 0 <= s < e <= len(text)
        assert kind in privacy.KINDS
    assert [text[s:e] for _, s, e in r.findings] == [
        "Sanne", "Xylia", "01-02-2015", "06-12345678", "x@y.nl", "111222333"]


def test_second_pass_findings_map_to_original():
    # The phone matcher skips a number glued to a letter; once the name is a placeholder the
    # number is found in the next pass, and its offsets still point into the original.
    text = "Sanne0612345678 belt"
    r = redact(text)
    assert r.text == "[NAAM][TELEFOON] belt"
    assert r.findings == [Finding("NAAM", 0, 5), Finding("TELEFOON", 5, 15)]


@pytest.mark.parametrize("text", [t for t, _ in POSITIVE] + NEGATIVE)
def test_idempotent_on_cases(text):
    once = redact(text).text
    twice = redact(once)
    assert twice.text == once
    assert twice.findings == []


def test_placeholders_are_never_redacted():
    text = "[NAAM] [BSN] [TELEFOON] [E-MAIL] [POSTCODE] [GEBOORTEDATUM] [ADRES]"
    assert redact(text).text == text
    assert redact("moeder [NAAM] en vader [NAAM]").findings == []


ODD_INPUTS = [
    None, "", b"bsn 111222333", bytearray(b"\xff\xfe\x00"), 12345, "\x00\x01\x02",
    "<b>Sanne</b> &amp; <i>06-12345678</i>", "🙂" * 100, "مرحبا محمد 0612345678",
    "Привет Иван", "\ud800 lone surrogate", "[[[[NAAM]]]]", "@" * 500,
]


@pytest.mark.parametrize("value", ODD_INPUTS)
def test_never_raises_on_odd_input(value):
    r = redact(value)
    assert isinstance(r.text, str)
    assert not leaks(r.text)


def test_markup_is_kept():
    assert redact("<p>Sanne belt 06-12345678</p>").text == "<p>[NAAM] belt [TELEFOON]</p>"


def test_fallback_when_detection_breaks(monkeypatch, caplog, lenient_redaction):
    def boom(text):
        raise RuntimeError("bug")

    monkeypatch.setattr(redact_module, "_detect", boom)
    caplog.set_level(logging.WARNING, logger="jeugdhulp.privacy.redaction")
    r = redact("Sanne belt 06-12345678 of mail s@x.nl")
    assert "06-12345678" not in r.text and "s@x.nl" not in r.text and "Sanne" not in r.text
    assert r.findings
    # ... and it shows: counted, and logged with the exception type (test_fallbacks.py).
    assert privacy.fallbacks() == 1
    assert any("raised RuntimeError;" in rec.getMessage() and rec.levelno == logging.WARNING
               for rec in caplog.records)


def test_fallback_raises_in_strict_mode(monkeypatch):
    def boom(text):
        raise RuntimeError("bug")

    monkeypatch.setattr(redact_module, "_detect", boom)
    with pytest.raises(RuntimeError, match="bug"):
        redact("Sanne belt 06-12345678 of mail s@x.nl")
    assert privacy.fallbacks() == 0


# How fast the 100 kB message, the long blobs and the case lists are redacted is measured by
# the benchmark, `make bench-kb` (tests/eval/kb_benchmark.py): a test has no time limit.
def test_a_number_failing_the_elfproef_does_not_hide_a_bsn_that_starts_inside_it():
    """Found by test_property_large_inputs: in "0800-2000 68 111.222.333" the digits
    "2000 68 111" have the shape of a BSN and fail the elfproef; the BSN after them was
    left in the text."""
    r = redact("Veilig Thuis 0800-2000 68 111.222.333, geboren 12-03-2016")
    assert r.text == "Veilig Thuis 0800-2000 68 [BSN], geboren [GEBOORTEDATUM]"
    assert not leaks(r.text)


def test_large_input_is_redacted_completely():
    r = redact(LARGE_TEXT)
    assert not leaks(r.text)
    assert "Jan" not in r.text
    units = LARGE_TEXT.count(LARGE_UNIT)
    assert r.counts() == {"NAAM": units, "BSN": units, "ADRES": units, "POSTCODE": units,
                          "TELEFOON": units, "E-MAIL": units}
    # Long unbroken input returns, and correctly.
    for blob in BLOBS[:3]:
        r = redact(blob)
        assert r.text == blob and r.findings == []
    r = redact(BLOBS[3])
    assert "Sanne" not in r.text and set(r.counts()) == {"NAAM"}


# ----------------------------------------------------------------------------- properties

PII = st.sampled_from([
    "111222333", "111.222.333", "123456782", "06-12345678", "0612345678", "+31 6 12345678",
    "020-1234567", "jan@example.nl", "a.b-c@d.e.nl", "1234 AB 12", "Kerkstraat 12",
    "12-03-2016", "3 maart 2015", "Sanne", "Jan de Vries", "mw. Jansen", "0800-2000",
    "[NAAM]", "[BSN]", "[TELEFOON]", "BSN", "geb.", "*", "tel", "Veilig Thuis", "OTS",
])
FRAGMENT = st.one_of(
    PII,
    st.text(max_size=30),
    st.text(alphabet="0123456789 .-+()/@", max_size=25),
    st.sampled_from(["<b>", "</p>", "&amp;", "```", "\n", "\t", "  ", ", ", ". ", "@", "[", "]",
                     "💥", "ß", "İ", "\u200b", "\r\n", "moeder", "vader", "heet", "van", "de"]),
)
TEXTS = st.one_of(st.text(), st.lists(FRAGMENT, max_size=30).map("".join),
                  st.lists(FRAGMENT, max_size=30).map(" ".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_property_never_raises_no_leaks_idempotent(text):
    before = privacy.fallbacks()
    r = redact(text)
    assert privacy.fallbacks() == before, "redaction fell back (a detector raised)"
    assert isinstance(r, Redaction)
    assert not leaks(r.text), leaks(r.text)
    assert redact(r.text).text == r.text
    for kind, s, e in r.findings:
        assert kind in privacy.KINDS and 0 <= s < e <= len(text)
    assert all(a.end <= b.start for a, b in zip(r.findings, r.findings[1:]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENT, min_size=200, max_size=2000).map(" ".join))
def test_property_large_inputs(text):
    before = privacy.fallbacks()
    r = redact(text)
    assert privacy.fallbacks() == before, "redaction fell back (a detector raised)"
    assert not leaks(r.text)
    assert redact(r.text).text == r.text


# ----------------------------------------------------------------------------- the room

def test_public_import_paths():
    from jeugdhulp.privacy import PLACEHOLDER_RE, PLACEHOLDERS, redact as package_redact
    from jeugdhulp.privacy.redaction import redact as module_redact

    assert package_redact is module_redact is redact
    assert set(PLACEHOLDERS) == set(privacy.KINDS)
    assert {"redact", "redact_text", "Redaction", "Finding", "KINDS", "PLACEHOLDERS",
            "PLACEHOLDER_RE"} <= set(privacy.__all__)
    assert all(PLACEHOLDER_RE.fullmatch(p) for p in PLACEHOLDERS.values())
    assert privacy.Finding is Finding and privacy.Redaction is Redaction


def test_coarse_fallback_is_one_function():
    r = redact_module.coarse_fallback("Sanne belt 06-12345678 of mail s@x.nl, [NAAM] ok")
    assert r.text == "[NAAM] belt [TELEFOON] of mail [E-MAIL] [NAAM] ok"
    assert r.findings == [Finding("NAAM", 0, 48)]

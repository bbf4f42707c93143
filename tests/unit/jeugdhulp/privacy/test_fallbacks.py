"""A detector that raises is never invisible: logged and counted, or raised in strict mode.

``redact`` never lets a detector's bug break a conversation: the text gets the coarse
fallback instead. These tests break each detector in turn (monkeypatched where
``redaction._detect`` calls it, or deep inside the real detector) and check the three ways
the failure shows: the WARNING log line (the detector and the exception type, never the
exception's message, which may quote the client's text), the process-wide counter
(``privacy.fallbacks()``), and strict mode (``JEUGDHULP_STRICT_REDACTION=1``, the mode the
test suite runs in), in which the exception comes through instead.
"""
from __future__ import annotations

import importlib
import logging

import pytest

from jeugdhulp import privacy
from jeugdhulp.privacy import addresses, dates, ids, names, vocabulary

redaction = importlib.import_module("jeugdhulp.privacy.redaction")

TEXT = "De moeder van Sanne de Vries (geb. 12-03-2016) belt vanaf 06-12345678, Kerkstraat 12."
# What the exception says: client details, as an exception message easily does.
SECRET = "Sanne de Vries 06-12345678"
CLIENT_BITS = ("Sanne", "Vries", "12345678", "12-03-2016", "Kerkstraat")
LOGGER = "jeugdhulp.privacy.redaction"

# Every function redaction._detect calls, by the name it calls it by.
DETECTORS = ["find_emails", "find_bsn", "find_phones", "find_postcodes", "find_dates",
             "tokenize", "find_streets", "find_names"]


class DetectorBug(Exception):
    """An exception type of our own: logged with its module."""


def raising(error: BaseException):
    def broken_detector(*args, **kwargs):
        raise error

    return broken_detector


def warnings_of(caplog):
    return [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


def assert_no_client_data(records) -> None:
    for record in records:
        line = record.getMessage()
        assert not any(bit in line for bit in CLIENT_BITS), line
        assert SECRET not in line
        assert record.exc_info is None and record.exc_text is None, \
            "a traceback would print the exception's message"


# ----------------------------------------------------------------------------- normal mode

@pytest.mark.parametrize("detector", DETECTORS)
def test_a_failing_detector_is_counted_and_logged(detector, monkeypatch, caplog,
                                                  lenient_redaction):
    monkeypatch.setattr(redaction, detector, raising(LookupError(SECRET)))
    caplog.set_level(logging.WARNING, logger=LOGGER)
    assert privacy.fallbacks() == 0

    r = privacy.redact(TEXT)

    assert r == redaction.coarse_fallback(TEXT)  # the conversation goes on, redacted
    assert not any(bit in r.text for bit in CLIENT_BITS)
    assert privacy.fallbacks() == 1
    [record] = warnings_of(caplog)
    line = record.getMessage()
    assert "LookupError" in line
    assert f"{__name__}.broken_detector" in line  # the function _detect called
    assert "coarse fallback" in line and "fallback 1 in this process" in line
    assert_no_client_data(caplog.records)

    privacy.redact(TEXT)
    assert privacy.fallbacks() == 2
    assert "fallback 2 in this process" in warnings_of(caplog)[-1].getMessage()
    assert privacy.reset_fallbacks() == 2
    assert privacy.fallbacks() == 0


def test_a_failing_vocabulary_is_counted_and_logged(monkeypatch, caplog, lenient_redaction):
    monkeypatch.setattr(vocabulary, "get", raising(OSError(SECRET)))
    caplog.set_level(logging.WARNING, logger=LOGGER)
    r = privacy.redact(TEXT)
    assert r == redaction.coarse_fallback(TEXT)
    assert privacy.fallbacks() == 1
    [record] = warnings_of(caplog)
    assert "OSError" in record.getMessage()
    assert_no_client_data(caplog.records)


def test_an_exception_type_of_a_module_is_logged_with_its_module(monkeypatch, caplog,
                                                                 lenient_redaction):
    monkeypatch.setattr(redaction, "find_names", raising(DetectorBug(SECRET)))
    caplog.set_level(logging.WARNING, logger=LOGGER)
    privacy.redact(TEXT)
    [record] = warnings_of(caplog)
    assert f"raised {__name__}.DetectorBug;" in record.getMessage()
    assert_no_client_data(caplog.records)


# A crash deep inside a real detector: the log names the detector, and where it was raised.
DEEP = [
    (names, "_grow", "jeugdhulp.privacy.names.find_names"),
    (addresses, "_house_number", "jeugdhulp.privacy.addresses.find_streets"),
    (ids, "_blank", "jeugdhulp.privacy.ids.find_phones"),
]


@pytest.mark.parametrize("module,helper,detector", DEEP, ids=[d[2] for d in DEEP])
def test_a_crash_inside_a_detector_names_the_detector(module, helper, detector, monkeypatch,
                                                      caplog, lenient_redaction):
    monkeypatch.setattr(module, helper, raising(IndexError(SECRET)))
    caplog.set_level(logging.WARNING, logger=LOGGER)
    r = privacy.redact(TEXT)
    assert r == redaction.coarse_fallback(TEXT)
    assert privacy.fallbacks() == 1
    [record] = warnings_of(caplog)
    line = record.getMessage()
    assert line.startswith(f"privacy: {detector} (at test_fallbacks.py:"), line
    assert "raised IndexError;" in line
    assert_no_client_data(caplog.records)


def test_a_crash_inside_the_date_detector_names_it(monkeypatch, caplog, lenient_redaction):
    class BrokenPattern:
        def finditer(self, *args):
            raise ValueError(SECRET)

    monkeypatch.setattr(dates, "_DATE_RE", BrokenPattern())
    caplog.set_level(logging.WARNING, logger=LOGGER)
    privacy.redact(TEXT)
    assert privacy.fallbacks() == 1
    [record] = warnings_of(caplog)
    assert record.getMessage().startswith("privacy: jeugdhulp.privacy.dates.find_dates (at ")
    assert "raised ValueError;" in record.getMessage()
    assert_no_client_data(caplog.records)


def test_unreadable_input_is_counted_and_logged(caplog, lenient_redaction):
    class Unprintable:
        def __str__(self):
            raise UnicodeError(SECRET)

    caplog.set_level(logging.WARNING, logger=LOGGER)
    assert privacy.redact(Unprintable()) == privacy.Redaction("", [])
    assert privacy.fallbacks() == 1
    [record] = warnings_of(caplog)
    assert "jeugdhulp.privacy.redaction._coerce" in record.getMessage()
    assert "raised UnicodeError;" in record.getMessage()
    assert_no_client_data(caplog.records)


def test_healthy_redaction_counts_nothing_and_logs_nothing(caplog, lenient_redaction):
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    r = privacy.redact(TEXT)
    assert r.text == ("De moeder van [NAAM] (geb. [GEBOORTEDATUM]) belt vanaf [TELEFOON], "
                      "[ADRES].")
    assert privacy.fallbacks() == 0
    assert not [rec for rec in caplog.records if rec.name == LOGGER]


# ----------------------------------------------------------------------------- strict mode

@pytest.mark.parametrize("detector", DETECTORS)
def test_a_failing_detector_raises_in_strict_mode(detector, monkeypatch, caplog):
    assert privacy.strict_mode()  # the autouse fixture of conftest.py
    monkeypatch.setattr(redaction, detector, raising(LookupError(SECRET)))
    caplog.set_level(logging.WARNING, logger=LOGGER)
    with pytest.raises(LookupError) as raised:
        privacy.redact(TEXT)
    assert raised.value.args == (SECRET,)  # the detector's own exception, unchanged
    assert privacy.fallbacks() == 0  # no fallback happened
    [record] = warnings_of(caplog)
    assert "raised LookupError; raising it (strict redaction mode)" in record.getMessage()
    assert_no_client_data(caplog.records)


def test_unreadable_input_raises_in_strict_mode():
    class Unprintable:
        def __str__(self):
            raise UnicodeError(SECRET)

    with pytest.raises(UnicodeError):
        privacy.redact(Unprintable())
    assert privacy.fallbacks() == 0


@pytest.mark.parametrize("value,strict", [
    ("1", True), ("true", True), ("TRUE", True), ("yes", True), ("on", True), (" 1 ", True),
    ("ja", True), ("0", False), ("", False), ("false", False), ("no", False), ("nee", False),
    ("2", False),
])
def test_the_environment_setting(value, strict, monkeypatch):
    monkeypatch.setenv(privacy.STRICT_ENV, value)
    assert privacy.strict_mode() is strict


def test_the_setting_is_off_when_absent(monkeypatch):
    monkeypatch.delenv(privacy.STRICT_ENV, raising=False)
    assert privacy.strict_mode() is False


def test_the_module_switch_overrides_the_environment(monkeypatch):
    broken = raising(LookupError(SECRET))
    monkeypatch.setattr(redaction, "find_names", broken)
    monkeypatch.setenv(privacy.STRICT_ENV, "0")
    privacy.set_strict(True)
    assert privacy.strict_mode()
    with pytest.raises(LookupError):
        privacy.redact(TEXT)
    monkeypatch.setenv(privacy.STRICT_ENV, "1")
    privacy.set_strict(False)
    assert not privacy.strict_mode()
    assert privacy.redact(TEXT) == redaction.coarse_fallback(TEXT)
    assert privacy.fallbacks() == 1
    privacy.set_strict(None)  # back to the environment
    assert privacy.strict_mode()
    with pytest.raises(LookupError):
        privacy.redact(TEXT)
    assert privacy.fallbacks() == 1


def test_the_setting_is_documented():
    assert privacy.STRICT_ENV == "JEUGDHULP_STRICT_REDACTION"
    assert privacy.STRICT_ENV in privacy.__doc__
    assert privacy.STRICT_ENV in redaction.__doc__
    assert {"fallbacks", "reset_fallbacks", "set_strict", "strict_mode",
            "STRICT_ENV"} <= set(privacy.__all__)

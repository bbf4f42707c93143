"""Redaction of client details ("privacy"): names, BSN, phone numbers, e-mail addresses,
postcodes, addresses and dates of birth become typed placeholders before a message is stored.

    >>> from jeugdhulp.privacy import redact
    >>> redact("bel mw. Jansen op 06 12345678").text
    'bel mw. [NAAM] op [TELEFOON]'

The room, one reason to change per module:

* ``redaction``   -- :func:`redact`: runs the detectors, merges overlapping findings,
  writes the placeholders, and the coarse fallback when something breaks;
* ``ids``         -- BSN (elfproef), phone numbers, e-mail addresses;
* ``addresses``   -- postcodes and streets with a house number;
* ``dates``       -- dates of birth;
* ``names``       -- names of clients and the people around them, in phases;
* ``tokens``      -- the words of a message as the street and name rules see them;
* ``vocabulary``  -- the word lists (``data/*.txt``) and the content
  (``knowledge/content/privacy.yml``, ``names.yml``, ``topics.yml``) as lookup sets;
* ``words``       -- the closed word classes the rules are written in (particles, months);
* ``build_lists`` -- maintenance script that regenerates ``data/*.txt`` from deduce.

When a detector raises, :func:`redact` does not: the text gets a coarse redaction instead
(every capitalised word, e-mail address and longer number replaced). Such a fallback is
logged at WARNING (the detector, the exception type and where it was raised; never the
message, which may quote the text) and counted: :func:`fallbacks` is how many times since
the process started (or since :func:`reset_fallbacks`); zero in a healthy process.

Setting (environment):

``JEUGDHULP_STRICT_REDACTION``
    ``1`` (or ``true``/``yes``/``on``/``ja``): strict mode, a detector error is raised
    instead of falling back. Default off: in production a conversation never breaks on a
    redaction bug. The test suite runs in strict mode. :func:`set_strict` (True/False;
    None = follow the environment again) switches it for the process, whatever the
    environment says.

"""
from __future__ import annotations

from jeugdhulp.privacy.redaction import (
    KINDS,
    PLACEHOLDER_RE,
    PLACEHOLDERS,
    STRICT_ENV,
    Finding,
    Redaction,
    fallbacks,
    redact,
    redact_text,
    reset_fallbacks,
    set_strict,
    strict_mode,
)

__all__ = ["KINDS", "PLACEHOLDERS", "PLACEHOLDER_RE", "Finding", "Redaction", "redact",
           "redact_text", "STRICT_ENV", "strict_mode", "set_strict", "fallbacks",
           "reset_fallbacks"]

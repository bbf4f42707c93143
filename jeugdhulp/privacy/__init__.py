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

"""
from __future__ import annotations

from jeugdhulp.privacy.redaction import (
    KINDS,
    PLACEHOLDER_RE,
    PLACEHOLDERS,
    Finding,
    Redaction,
    redact,
    redact_text,
)

__all__ = ["KINDS", "PLACEHOLDERS", "PLACEHOLDER_RE", "Finding", "Redaction", "redact",
           "redact_text"]

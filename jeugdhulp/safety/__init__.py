"""Acute danger: does a message describe a child in acute danger now? (escalation card first)

``assess(text) -> Assessment`` is the whole public API; the rules are data in ``rules.yml``
(explained in ``README.md``), applied by ``engine.py`` to the reading of ``normalize.py``.
"""
from __future__ import annotations

from jeugdhulp.safety.engine import MAX_CHARS, Assessment, assess

__all__ = ["MAX_CHARS", "Assessment", "assess"]

"""The privacy tests run in strict redaction mode: a detector that raises fails the test
instead of being hidden by the coarse fallback (``JEUGDHULP_STRICT_REDACTION``, see
``jeugdhulp/privacy/__init__.py``). Each test starts with the fallback counter at zero.

``lenient_redaction``: for the tests of the fallback itself (normal, production mode)."""
from __future__ import annotations

import pytest

from jeugdhulp import privacy


@pytest.fixture(autouse=True)
def strict_redaction(monkeypatch):
    monkeypatch.setenv(privacy.STRICT_ENV, "1")
    privacy.set_strict(None)  # the environment decides
    privacy.reset_fallbacks()
    yield
    privacy.set_strict(None)
    privacy.reset_fallbacks()


@pytest.fixture
def lenient_redaction(monkeypatch, strict_redaction):
    """Normal (production) mode: a failing detector falls back, is logged and counted."""
    monkeypatch.setenv(privacy.STRICT_ENV, "0")
    assert not privacy.strict_mode()

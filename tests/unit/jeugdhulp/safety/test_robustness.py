"""Robustness of the detector: never raises, whatever comes in; cheap to import.

How fast it is (p50/p95 over the case lists, and a 100 kB message) is measured by the
benchmark, `make bench-kb` (tests/eval/kb_benchmark.py): a test has no time limit."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from jeugdhulp.safety import Assessment, assess
from tests.unit.jeugdhulp.safety.cases import ACUTE, NOT_ACUTE

ROOT = Path(__file__).resolve().parents[4]


def test_no_heavy_imports():
    """No spaCy, no models, no network: importing the detector stays cheap."""
    import subprocess
    import sys

    code = "import sys, jeugdhulp.safety.engine as s; s.assess('vader slaat nu'); print(sorted(m for m in ('spacy', 'rasa', 'requests', 'simplemma') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


ODD_INPUTS = [
    "", " ", "\n\n\t", "?", "!!!", "|||,,,", "....", "\x00\x01\x02", "\ud800", "🙂" * 50,
    "<script>alert('slaat nu')</script>", "<b>vader</b> <i>slaat</i> <u>nu</u>",
    "```python\nprint('levensgevaar')\n```", "{\"text\": \"nu\"}", "a" * 100_000,
    "вода " * 1000, "父亲正在打孩子", "مرحبا", "ー" * 3000, "nu " * 30_000, "slaat " * 20_000,
    "vader slaat " * 10_000, b"vader slaat zijn zoon nu", bytearray(b"\xff\xfe\x00"), None, 42,
    ["vader", "slaat"], "\u200b\u200bnu\u200b slaat",
]


@pytest.mark.parametrize("value", ODD_INPUTS, ids=range(len(ODD_INPUTS)))
def test_never_raises_on_odd_input(value):
    a = assess(value)
    assert isinstance(a, Assessment) and a.error is None


def test_bytes_are_read_as_text():
    assert assess(b"vader slaat zijn zoon nu").acute


LARGE_MESSAGE = ("ik heb een vraag over de meldcode en het afwegingskader bij kindermishandeling, "
                 * 1300)[:100_000]


def test_100kb_message_is_assessed():
    a = assess(LARGE_MESSAGE)
    assert isinstance(a, Assessment) and a.error is None
    assert not a.acute


def test_random_unicode_never_raises():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    words = st.sampled_from(
        ["vader", "slaat", "nu", "net", "waar", "ik", "bij", "sta", "levensgevaar", "als", "een", "kind",
         "niet", "veilig", "vannacht", "?", "!", ",", ".", "stel", "dat", "mes", "112", "help", "|", "'"]
    )

    @hypothesis.settings(max_examples=400, deadline=None)
    @hypothesis.given(st.one_of(st.text(max_size=400), st.lists(words, max_size=40).map(" ".join)))
    def check(text):
        a = assess(text)
        assert isinstance(a, Assessment) and a.error is None
        assert a.acute == bool(a.reasons)

    check()


def test_deterministic():
    rng = random.Random(7)
    texts = ACUTE + NOT_ACUTE
    rng.shuffle(texts)
    assert [assess(t) for t in texts] == [assess(t) for t in texts]

"""The Dutch texts in knowledge/content/texts/: every key the code asks for exists, with the
fields the code fills in (found by reading the code, so a renamed text cannot slip by)."""
import ast
from pathlib import Path

import pytest

from jeugdhulp import messages

ROOT = Path(__file__).resolve().parents[3]


def _calls():
    """(file:line, function, key, keyword names or None when **values is passed)."""
    found = []
    for path in sorted([*ROOT.glob("jeugdhulp/**/*.py"), *ROOT.glob("actions/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in ("message", "lines", "button") or not node.args:
                continue
            key = node.args[0]
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                continue
            keywords = None if any(k.arg is None for k in node.keywords) else \
                {k.arg for k in node.keywords}
            found.append((f"{path.relative_to(ROOT)}:{node.lineno}", name, key.value,
                          keywords))
    return found


CALLS = _calls()


def test_the_code_asks_for_texts():
    assert len(CALLS) >= 1


@pytest.mark.parametrize("where,function,key,keywords", CALLS,
                         ids=[f"{c[2]}@{c[0]}" for c in CALLS])
def test_every_text_the_code_asks_for_exists_with_its_fields(where, function, key, keywords):
    texts = messages.catalog()
    if function == "button":
        for part in ("title", "payload"):
            assert f"{key}.{part}" in texts, f"{where}: button '{key}' has no {part}"
        wanted = messages.fields(texts[f"{key}.title"]) | messages.fields(texts[f"{key}.payload"])
        assert keywords is None or wanted == keywords, (where, key, wanted, keywords)
        return
    assert key in texts, f"{where}: no text '{key}' in knowledge/content/texts/"
    value = texts[key]
    if function == "message":
        assert isinstance(value, str), f"{where}: '{key}' is a list; use lines()"
        wanted = messages.fields(value)
    else:
        assert isinstance(value, list), f"{where}: '{key}' is one text; use message()"
        wanted = set().union(*(messages.fields(v) for v in value)) if value else set()
    if keywords is not None:
        assert wanted == keywords, (f"{where}: '{key}' has the fields {sorted(wanted)}, "
                                    f"the code fills in {sorted(keywords)}")


def test_a_missing_text_or_field_raises():
    with pytest.raises(messages.MessageError):
        messages.message("answers.no-such-text")
    key = next((k for k, v in messages.catalog().items()
                if isinstance(v, str) and messages.fields(v)), None)
    if key is not None:
        with pytest.raises(messages.MessageError):
            messages.message(key)


def test_every_text_file_is_a_mapping_of_texts(tmp_path):
    (tmp_path / "demo.yml").write_text("a:\n  b: Hallo {naam}\n  c: [een, twee]\n")
    assert messages.load(tmp_path) == {"demo.a.b": "Hallo {naam}", "demo.a.c": ["een", "twee"]}
    (tmp_path / "bad.yml").write_text("a: 3\n")
    with pytest.raises(messages.MessageError):
        messages.load(tmp_path)

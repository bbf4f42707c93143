"""The Dutch texts users read, from the content files in ``knowledge/content/texts/``.

Every sentence the assistant writes in its own words (leads, notes, button labels, the
escalation card, practice-round texts) lives there, so that a content editor changes it
without touching Python. Each file is a namespace: ``texts/answers.yml`` holds the keys
``answers.*``; nested mappings make dotted keys::

    message("answers.intervention.lead", name="MST-CAN")
    button("answers.buttons.source")  # -> ("Waar staat dat?", "waar staat dat?")

A text is a string with ``{name}`` fields, or a list of strings (``lines``). A missing key
or field is a programming error and raises; the tests check that every key the code asks
for exists and that its fields are the ones the code fills in.
"""
from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple, Union

import yaml

from jeugdhulp.paths import CONTENT_DIR

TEXTS_DIR = CONTENT_DIR / "texts"
Text = Union[str, List[str]]


class MessageError(KeyError):
    """A text the code asks for is not in the content files, or lacks a field."""


def _flatten(prefix: str, value: Any, into: Dict[str, Text], where: Path) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}", item, into, where)
    elif isinstance(value, str) or (isinstance(value, list)
                                    and all(isinstance(v, str) for v in value)):
        into[prefix] = value
    else:
        raise MessageError(f"{where.name}: {prefix} is not a text or a list of texts")


def load(directory: Path = TEXTS_DIR) -> Dict[str, Text]:
    """Every text of every file in ``directory``, by dotted key."""
    texts: Dict[str, Text] = {}
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        _flatten(path.stem, data, texts, path)
    return texts


@functools.lru_cache(maxsize=1)
def catalog() -> Dict[str, Text]:
    return load()


def fields(template: str) -> Set[str]:
    """The ``{name}`` fields of a text."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def message(key: str, **values: Any) -> str:
    """The text ``key`` with its fields filled in."""
    template = catalog().get(key)
    if not isinstance(template, str):
        raise MessageError(f"no text '{key}' in {TEXTS_DIR}")
    try:
        return template.format(**values)
    except KeyError as error:
        raise MessageError(f"text '{key}' needs the field {error}") from error


def lines(key: str, **values: Any) -> List[str]:
    """The list of texts ``key``, each with its fields filled in."""
    items = catalog().get(key)
    if not isinstance(items, list):
        raise MessageError(f"no list of texts '{key}' in {TEXTS_DIR}")
    return [item.format(**values) for item in items]


def button(key: str, **values: Any) -> Tuple[str, str]:
    """A button's ``(title, payload)``: the texts ``key.title`` and ``key.payload``."""
    return message(f"{key}.title", **values), message(f"{key}.payload", **values)

"""Regenerate the name and place lists in ``jeugdhulp/privacy/data`` from the ``deduce``
lookup tables.

This is a one-off maintenance script, not used at run time. ``deduce`` (the Dutch
de-identification tool for clinical text, https://github.com/vmenger/deduce, LGPL-3.0-or-later)
cannot be a dependency of the bot: it pins ``regex>=2024.11.6`` while Rasa 3.6 pins
``regex==2022.10.31``. Only its word lists are used, so they are copied here once::

    pip download deduce==3.0.6 --no-deps -d /tmp/deduce
    cd /tmp/deduce && unzip -q deduce-3.0.6-py3-none-any.whl
    .venv/bin/python -m jeugdhulp.privacy.build_lists /tmp/deduce/deduce/data/lookup/src

What it does:

* ``first_names.txt``: ``names/lst_first_name/items.txt`` minus deduce's own exceptions
  (first names that are also ordinary words: "Broer", "Juli", "Van", ...), minus Dutch
  function words and one-letter entries;
* ``surnames.txt``: ``names/lst_surname`` plus ``names/lst_interfix_surname`` (the part after
  "van", "de", ...), minus deduce's exceptions ("Vader", "Zoon", "Thuis", ...), single words only;
* ``places.txt``: residences, municipalities, provinces and regions, minus deduce's exceptions
  and minus anything that is also a first name (a first name should win: "Axel", "Wessel");
* ``common_words.txt``: ``whitelist/lst_common_word`` plus ``whitelist/lst_stop_word`` (about
  1,100 everyday Dutch words), used to veto lower-case name candidates ("mevrouw zegt");
* ``first_names_also_words.txt``: the first names that ``simplemma`` (a project dependency)
  knows as a Dutch or English word ("daan", "bram", "grace"); such a name is not redacted
  when written in lower case without a trigger word.

The curated ``ambiguous_first_names.txt`` is ours and is not touched by this script.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Iterable, List

from jeugdhulp.privacy.vocabulary import DATA_DIR

# Function words and domain words that must never be in a name list.
NEVER = {
    "aan", "al", "als", "bij", "dat", "de", "den", "der", "die", "dit", "door", "een", "en", "er",
    "het", "hoe", "ik", "in", "is", "je", "kan", "maar", "met", "mijn", "na", "naar", "niet",
    "of", "om", "ook", "op", "over", "te", "ten", "ter", "tot", "uit", "van", "voor", "wat",
    "welke", "wie", "wij", "ze", "zij", "zijn", "moeder", "vader", "zoon", "dochter", "kind",
    "thuis", "veilig", "sterk", "kracht", "raad", "god", "heer", "mevrouw", "meneer",
}

HEADER = """# {title}
# Derived from the lookup lists of deduce 3.0.6 (https://github.com/vmenger/deduce),
# licensed LGPL-3.0-or-later; see README.md in this folder. Regenerate with build_lists.py.
"""


def read(path: Path) -> List[str]:
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def clean_place(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()  # "Aalst (Gld)" -> "Aalst"
    # deduce title-cases everything ("Aa En Hunze", "'S-Hertogenbosch"); we match lowercased.
    return name


def write(out: Path, name: str, title: str, items: Iterable[str]) -> None:
    items = set(items)
    body = "\n".join(sorted(items, key=lambda s: (s.lower(), s)))
    (out / name).write_text(HEADER.format(title=title) + body + "\n", encoding="utf-8")
    print(f"{name}: {len(items)}")


def main(src: str, out: Path = DATA_DIR) -> None:
    """Write the lists into ``out`` from deduce's ``data/lookup/src`` folder ``src``.

    A wrong ``src`` would write empty lists over the real ones, so it is refused."""
    root = Path(src)
    if not (root / "names" / "lst_first_name" / "items.txt").is_file():
        raise SystemExit(f"{src}: not deduce's data/lookup/src folder (see the docstring)")
    names = root / "names"
    first = set(read(names / "lst_first_name" / "items.txt"))
    first -= set(read(names / "lst_first_name" / "exceptions.txt"))
    first = {n for n in first if len(n) >= 2 and " " not in n and n.lower() not in NEVER}

    sur = set(read(names / "lst_surname" / "items.txt")) | set(
        read(names / "lst_interfix_surname" / "items.txt"))
    sur -= set(read(names / "lst_surname" / "exceptions.txt"))
    sur -= set(read(names / "lst_interfix_surname" / "exceptions.txt"))
    sur = {n for n in sur if len(n) >= 2 and " " not in n and n.lower() not in NEVER}

    loc = root / "locations" / "lst_placename"
    places = set()
    for sub in ("lst_residence", "lst_municipality", "lst_province", "lst_region"):
        places |= {clean_place(p) for p in read(loc / sub / "items.txt")}
    places -= {clean_place(p) for p in read(loc / "lst_residence" / "exceptions.txt")}
    first_lower = {n.lower() for n in first}
    places = {p for p in places if len(p) >= 2 and p.lower() not in first_lower
              and p.lower() not in NEVER}

    common = set(read(root / "whitelist" / "lst_common_word" / "items.txt"))
    common |= set(read(root / "whitelist" / "lst_stop_word" / "items.txt"))
    common = {w.lower() for w in common if w and " " not in w}

    write(out, "first_names.txt", "First names (one per line)", first)
    write(out, "surnames.txt", "Surnames, without particles (one per line)", sur)
    write(out, "places.txt", "Dutch places, municipalities, provinces and regions (one per line)",
          places)
    write(out, "common_words.txt", "Everyday Dutch words (one per line)", common)

    import simplemma  # a dependency of the bot (requirements/app.in)

    also_words = {n.lower() for n in first if simplemma.is_known(n.lower(), lang="nl")
                  or simplemma.is_known(n.lower(), lang="en")}
    (out / "first_names_also_words.txt").write_text(
        "# First names that simplemma 1.1.2 knows as a Dutch or English word (lower case).\n"
        "# Generated by build_lists.py from first_names.txt; see README.md.\n"
        + "\n".join(sorted(also_words)) + "\n", encoding="utf-8")
    print(f"first_names_also_words.txt: {len(also_words)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "deduce/data/lookup/src")

"""Tests for jeugdhulp.privacy.build_lists, the script that derives data/*.txt from deduce."""
from __future__ import annotations

import pytest

from jeugdhulp.privacy import build_lists
from jeugdhulp.privacy.vocabulary import DATA_DIR


def write(path, lines):
    path.mkdir(parents=True, exist_ok=True)
    (path / "items.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_builds_the_lists_from_a_deduce_tree(tmp_path):
    src = tmp_path / "src"
    write(src / "names" / "lst_first_name", ["Sanne", "Axel", "Van", "Moeder", "X"])
    (src / "names" / "lst_first_name" / "exceptions.txt").write_text("Van\n", encoding="utf-8")
    write(src / "names" / "lst_surname", ["Jansen", "Vader"])
    (src / "names" / "lst_surname" / "exceptions.txt").write_text("Vader\n", encoding="utf-8")
    write(src / "names" / "lst_interfix_surname", ["Vries"])
    places = src / "locations" / "lst_placename"
    write(places / "lst_residence", ["Utrecht", "Aalst (Gld)", "Axel"])
    write(places / "lst_municipality", ["Den Haag"])
    write(src / "whitelist" / "lst_common_word", ["Huis"])
    out = tmp_path / "out"
    out.mkdir()
    build_lists.main(str(src), out)

    def body(name):
        return [line for line in (out / name).read_text(encoding="utf-8").splitlines()
                if not line.startswith("#")]

    assert body("first_names.txt") == ["Axel", "Sanne"]  # exceptions, NEVER, one letter out
    assert body("surnames.txt") == ["Jansen", "Vries"]
    assert body("places.txt") == ["Aalst", "Den Haag", "Utrecht"]  # a first name wins
    assert body("common_words.txt") == ["huis"]
    assert (out / "first_names_also_words.txt").exists()


def test_writes_into_the_data_folder_by_default():
    assert build_lists.main.__defaults__ == (DATA_DIR,)
    assert (DATA_DIR / "first_names.txt").exists() and not (DATA_DIR / "build_lists.py").exists()


def test_refuses_a_folder_that_is_not_deduce(tmp_path):
    with pytest.raises(SystemExit):
        build_lists.main(str(tmp_path / "missing"), tmp_path)
    assert list(tmp_path.iterdir()) == []

"""Catalog text in GNU gettext's own layout: msgcat and msgmerge leave it unchanged."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.pofile import format_po, format_string

from conftest import ROOT, SHARED, needs_gettext



def msgcat(path: Path) -> str:
    return subprocess.run(["msgcat", str(path)], check=True, capture_output=True, text=True).stdout


def test_short_string_on_one_line() -> None:
    assert format_string("msgid", "Hello") == ('msgid "Hello"',)


def test_newlines_and_escapes() -> None:
    assert format_string("msgid", 'a "b"\nc\td\\') == ('msgid ""', '"a \\"b\\"\\n"', '"c\\td\\\\"')


def test_long_string_wraps_after_spaces_within_79_columns() -> None:
    lines = format_string("msgstr", "word " * 40)
    assert lines[0] == 'msgstr ""'
    assert all(len(line) <= 79 for line in lines)
    assert lines[1].endswith(' "')


@needs_gettext
@pytest.mark.parametrize("path", sorted((ROOT / "locale").rglob("*.po*")), ids=lambda p: p.name)
def test_shipped_catalogs_are_msgcat_stable(path: Path) -> None:
    assert msgcat(path) == path.read_text(encoding="utf-8")


@needs_gettext
@pytest.mark.skipif(not (SHARED / "corpus" / "de.po").exists(), reason="../shared/corpus is absent")
def test_real_catalog_laid_out_like_msgcat(tmp_path: Path) -> None:
    """3,693 entries of real documentation text, code and ASCII art."""
    reference = tmp_path / "reference.po"
    reference.write_text(msgcat(SHARED / "corpus" / "de.po"), encoding="utf-8")
    ours = format_po(polib.pofile(str(reference))).splitlines()
    theirs = reference.read_text(encoding="utf-8").splitlines()
    differing = sum(1 for a, b in zip(ours, theirs) if a != b) + abs(len(ours) - len(theirs))
    # One known difference: GNU breaks inside `data:"Dog"` in an ASCII-art block.
    assert differing <= 2, f"{differing} lines differ from msgcat's layout"


PIECES = list("abcdefghij ABC,.;:-/()[]{}'\"!?\\\t\näöüß—0123456789%$+#&*=<>@^_~|„“…€") + [
    "word ", "longerword ", "`code` ", "x" * 30, "漢字", "🦀", "https://example.com/a/b?c=d", "1.5", "(n != 1)",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@needs_gettext
@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=5, unique=True))
def test_random_text_laid_out_like_msgcat(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for number, text in enumerate(texts):
        po.append(polib.POEntry(msgid=f"m{number} {text}", msgstr=text, occurrences=[("a.md", str(number))]))
    path = tmp_path_factory.mktemp("po") / "random.po"
    path.write_text(format_po(po), encoding="utf-8")
    assert msgcat(path) == path.read_text(encoding="utf-8")

"""Catalog text in GNU gettext's own layout: msgcat and msgmerge leave it unchanged."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from conftest import ROOT, SHARED, needs_gettext
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.pofile import format_po, format_string, scan


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


def _polib_messages(text: str) -> dict:
    po = polib.pofile(text)
    return {
        (e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0, ""), "fuzzy" in e.flags)
        for e in po
        if not e.obsolete and e.msgid
    }


def _scanned_messages(text: str) -> dict:
    result = scan(text)
    assert result.error is None
    return {
        (e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0, ""), e.fuzzy)
        for e in result.catalog
        if not e.obsolete and e.msgid
    }


@pytest.mark.skipif(not (SHARED / "corpus" / "de.po").exists(), reason="../shared/corpus is absent")
def test_scan_reads_what_polib_reads_on_a_real_catalog() -> None:
    text = (SHARED / "corpus" / "de.po").read_text(encoding="utf-8")
    assert _scanned_messages(text) == _polib_messages(text)
    assert scan(text).catalog.obsolete == sum(1 for e in polib.pofile(text) if e.obsolete)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT, st.booleans(), st.booleans()), min_size=1, max_size=6, unique_by=lambda t: t[0]))
def test_scan_reads_what_polib_reads(entries: list[tuple[str, str, bool, bool]]) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr, fuzzy, obsolete in entries:
        po.append(polib.POEntry(msgid="m " + msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else [], obsolete=obsolete))
    text = format_po(po)
    assert _scanned_messages(text) == _polib_messages(text)


@pytest.mark.parametrize(
    "text,line,problem",
    [
        ('msgid "unterminated\n', 1, "unterminated string"),
        ('msgid "a"\nmsgstr "b\\q"\n', 2, "invalid escape"),
        ('msgid "a"\nmsgid "b"\nmsgstr ""\n', 1, "msgid without msgstr"),
        ('msgstr "b"\n', 1, "msgstr without msgid"),
        ('msgid "a"\nmsgstr "b"\nnonsense\n', 3, "unexpected text"),
    ],
)
def test_scan_finds_syntax_errors(text: str, line: int, problem: str) -> None:
    error = scan(text).error
    assert error is not None and error[0] == line and problem in error[1]


@needs_gettext
@pytest.mark.parametrize("path", sorted((ROOT / "locale").rglob("*.po")), ids=lambda p: p.name)
def test_shipped_catalogs_are_msgmerge_stable(path: Path) -> None:
    template = ROOT / "locale" / "templates" / path.relative_to(path.parents[1]).with_suffix(".pot").name
    merged = subprocess.run(["msgmerge", "--previous", "-q", str(path), str(template)], capture_output=True, text=True)
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout == path.read_text(encoding="utf-8")

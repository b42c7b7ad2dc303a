"""Catalog text in GNU gettext's own layout: msgcat and msgmerge leave it unchanged."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import ROOT, SHARED, needs_gettext
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.pofile import Entry, format_po, format_string, msgid_lines, scan


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
@pytest.mark.shipped
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
    differing = sum(1 for a, b in zip(ours, theirs, strict=False) if a != b) + abs(len(ours) - len(theirs))
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
@pytest.mark.shipped
@pytest.mark.parametrize("path", sorted((ROOT / "locale").rglob("*.po")), ids=lambda p: p.name)
def test_shipped_catalogs_are_msgmerge_stable(path: Path) -> None:
    template = ROOT / "locale" / "templates" / path.relative_to(path.parents[1]).with_suffix(".pot").name
    merged = subprocess.run(["msgmerge", "--previous", "-q", str(path), str(template)], capture_output=True, text=True)
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout == path.read_text(encoding="utf-8")


EVERY_FIELD = """# Header comment.
#
# Second paragraph of it.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: x\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

# A translator's note
# on two lines.
#. An extracted comment.
#. A second line of it.
#: articles/a.md:3 articles/b.md
#, fuzzy, python-format
#| msgctxt "old context"
#| msgid "Old text"
msgctxt "menu"
msgid "New text"
msgstr "Neuer Text"

#| msgid "File"
#| msgid_plural "Files"
msgid "file"
msgid_plural "files"
msgstr[0] "Datei"
msgstr[1] "Dateien"

msgid "Tab\\tand \\"quotes\\" and a backslash \\\\"
msgstr ""
"Zeile eins\\n"
"Zeile zwei"

# Kept for later.
#, fuzzy
#~| msgid "Older"
#~ msgid "Gone"
#~ msgstr "Weg"

#~ msgctxt "c"
#~ msgid "Gone too"
#~ msgid_plural "Gone too, twice"
#~ msgstr[0] "Auch weg"
#~ msgstr[1] "Auch zweimal weg"
"""

FIELDS = ("msgctxt", "msgid", "msgstr", "msgid_plural", "msgstr_plural", "tcomment", "comment", "occurrences", "flags",
          "previous_msgctxt", "previous_msgid", "previous_msgid_plural")


def _fields(entry) -> tuple:
    return (bool(entry.obsolete), *(getattr(entry, name) for name in FIELDS))


def _lines_starting(text: str, start: str) -> list[int]:
    return [number for number, line in enumerate(text.split("\n"), start=1) if line.startswith(start)]


def test_scan_reads_every_field_polib_reads_and_msgcat_writes_it_back(tmp_path: Path) -> None:
    read = scan(EVERY_FIELD)
    assert read.error is None
    po = read.catalog
    theirs = polib.pofile(EVERY_FIELD)
    assert (po.header, po.metadata, po.metadata_is_fuzzy) == (theirs.header, theirs.metadata, theirs.metadata_is_fuzzy)
    active = [e for e in po if not e.obsolete]
    assert [_fields(e) for e in active] == [_fields(e) for e in theirs if not e.obsolete]
    # polib drops `#~|` lines; everything else of an obsolete entry it reads as we do.
    obsolete = [e for e in po if e.obsolete]
    assert [_fields(e)[:-3] for e in obsolete] == [_fields(e)[:-3] for e in theirs if e.obsolete]
    assert [e.previous_msgid for e in obsolete] == ["Older", None]
    # Each msgid's line, where msgfmt cites it.
    assert [e.linenum for e in po] == _lines_starting(EVERY_FIELD, "msgid ")[1:] + _lines_starting(EVERY_FIELD, "#~ msgid ")
    assert format_po(po) == EVERY_FIELD
    if shutil.which("msgcat"):
        path = tmp_path / "every.po"
        path.write_text(EVERY_FIELD, encoding="utf-8")
        assert msgcat(path) == EVERY_FIELD


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT, st.booleans(), st.booleans(), TEXT, st.lists(st.sampled_from(["a.md", "b/c.md"]), max_size=3)),
                min_size=1, max_size=6, unique_by=lambda t: t[0]))
def test_scan_reads_every_field_as_polib_reads_it(entries) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for number, (msgid, msgstr, fuzzy, obsolete, note, paths) in enumerate(entries):
        note = "\n".join(line.strip() for line in note.split("\n"))  # no reader keeps a comment line's outer spaces
        po.append(polib.POEntry(
            msgid="m " + msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else [], obsolete=obsolete,
            tcomment=note.strip(), comment=note.replace("\n", " ").strip(),
            occurrences=[] if obsolete else [(path, str(number + k)) for k, path in enumerate(paths)],
            previous_msgid=None if obsolete or not fuzzy else "p " + msgid,
        ))
    text = format_po(po)
    ours, theirs = scan(text).catalog, polib.pofile(text)
    assert [_fields(e) for e in ours] == [_fields(e) for e in theirs]
    assert format_po(ours) == text


def test_previous_strings_of_obsolete_entries_survive_a_merge() -> None:
    """polib drops `#~|` lines; msgmerge keeps them, and so does a merge here."""
    from localize import catalog

    old = scan(EVERY_FIELD).catalog
    pot = catalog.Catalog(metadata={"POT-Creation-Date": "2026-01-01 00:00+0000"})
    merged, _ = catalog.merge(pot, old)
    assert [(e.msgid, e.previous_msgid) for e in merged if e.msgid == "Gone"] == [("Gone", "Older")]
    assert "#~| msgid \"Older\"\n#~ msgid \"Gone\"\n" in format_po(merged)


def test_entries_are_marked_fuzzy_one_way() -> None:
    entry = Entry("a", "b", flags=["python-format", "fuzzy"])
    entry.mark_fuzzy()
    assert entry.flags == ["fuzzy", "python-format"] and entry.fuzzy
    entry.mark_fuzzy(False)
    assert entry.flags == ["python-format"] and not entry.fuzzy


def test_msgid_lines_are_where_format_po_writes_each_msgid() -> None:
    po = scan(EVERY_FIELD).catalog
    for entry in po:
        entry.linenum = 0
    lines = msgid_lines(po)
    assert [lines.get(id(e)) for e in po] == _lines_starting(EVERY_FIELD, "msgid ")[1:] + [None, None]


ODD_COMMENTS = (
    '#header note\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    "#note without a space\n## a hash\n#\ta tab\n#  two spaces, trailing blanks  \n#!dropped\n"
    '#. extracted, trailing blank \nmsgid "a"\nmsgstr "b"\n'
)


@needs_gettext
def test_comment_lines_are_read_as_gnu_gettext_reads_them(tmp_path: Path) -> None:
    """`#note`, `## a hash` and trailing blanks are translator comments msgcat keeps: nothing a
    translator wrote is lost when extract rewrites the catalog."""
    path = tmp_path / "odd.po"
    path.write_text(ODD_COMMENTS, encoding="utf-8")
    read = scan(ODD_COMMENTS)
    assert read.error is None
    assert read.catalog[0].tcomment == "note without a space\n# a hash\n\ta tab\n two spaces, trailing blanks  "
    assert format_po(read.catalog) == msgcat(path)


ESCAPE_HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@needs_gettext
def test_numeric_escapes_are_bytes_as_gnu_gettext_reads_them(tmp_path: Path) -> None:
    """`\\303\\244` is the two bytes of "ä" (also split over two lines), `\\x41` is "A", `\\033` an
    ESC: read as msgcat reads them, and written back as msgcat writes them."""
    text = ESCAPE_HEADER + 'msgid "a"\nmsgstr ""\n"\\303"\n"\\244 \\x41 \\033[1m \\x7f \\t"\n'
    read = scan(text)
    assert read.error is None
    assert read.catalog[0].msgstr == "ä A \x1b[1m \x7f \t"
    path = tmp_path / "escapes.po"
    path.write_text(text, encoding="utf-8")
    assert format_po(read.catalog) == msgcat(path)


@pytest.mark.parametrize(
    ("escaped", "problem"),
    [
        ("Schn\\0ell", "make a NUL"),  # GNU gettext would cut the string there
        ("\\xd800", "make a NUL"),  # one byte: the low 8 bits
        ("\\xab\\xcd", "not UTF-8"),
        ("\\?", "invalid escape sequence"),  # msgfmt: invalid control sequence
        ("\\'", "invalid escape sequence"),
    ],
)
def test_escapes_msgfmt_refuses_or_that_would_corrupt_a_string_are_errors(escaped: str, problem: str) -> None:
    read = scan(ESCAPE_HEADER + f'msgid "a"\nmsgstr "{escaped}"\n')
    assert read.error is not None and problem in read.error[1], read.error
    assert read.error[0] in (4, 5)

"""Golden cases: article → template, article + German catalog → German article.

Every case directory holds `input.md`, `de.po` and optionally `options.toml` (segmentation
options); the expected files are `expected.pot`,
`expected.de.md` and `expected.diagnostics.txt` (regenerate with `pytest --regen`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib
import pytest

from localize import catalog
from localize.lookup import Lookup
from localize.model import Document
from localize.pofile import Catalog, Entry, format_po, scan
from localize.render import build
from localize.segment import SegmentOptions, parse

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())
DATE = "2026-01-01 00:00+0000"


def load(case: Path) -> Document:
    """The case's article, segmented with the options in its `options.toml`, if any."""
    text = (case / "input.md").read_bytes().decode("utf-8")
    options_file = case / "options.toml"
    options = tomllib.loads(options_file.read_text(encoding="utf-8")) if options_file.exists() else {}
    return parse(f"{case.name}/input.md", text, name=case.name, options=SegmentOptions(**options))


def build_with(document: Document, po: Catalog) -> tuple[str, list[str]]:
    translations = Lookup(po, "de.po")
    built = build(document, translations.translation)
    return built.text, [str(d) for d in built.diagnostics]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_template(case: Path, golden) -> None:
    golden(case / "expected.pot", format_po(catalog.template(load(case), DATE)))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_german_build(case: Path, golden) -> None:
    document = load(case)
    scanned = scan((case / "de.po").read_text(encoding="utf-8"))
    assert scanned.error is None
    text, diagnostics = build_with(document, scanned.catalog)
    golden(case / "expected.de.md", text)
    golden(case / "expected.diagnostics.txt", "".join(line + "\n" for line in diagnostics))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_identity_build_is_byte_identical(case: Path) -> None:
    document = load(case)
    assert document.segments, "a case without segments tests nothing"
    identity = Catalog([Entry(s.source, s.source, s.context) for s in document.segments])
    text, diagnostics = build_with(document, identity)
    assert text == document.text
    assert diagnostics == []


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_empty_catalog_build_is_byte_identical(case: Path) -> None:
    document = load(case)
    assert build_with(document, Catalog())[0] == document.text


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_translation_in_the_case_catalog_is_used(case: Path) -> None:
    """Guards the cases themselves: a msgid that matches no segment would test nothing."""
    sources = {s.source for s in load(case).segments}
    po = polib.pofile(str(case / "de.po"))
    assert [e.msgid for e in po if e.msgid not in sources] == []

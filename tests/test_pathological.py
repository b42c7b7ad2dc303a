"""Pathological articles round-trip (their time and memory bounds: benchmarks/pathological.py)."""

from __future__ import annotations

import pytest

from localize.render import Translation, build
from localize.segment import parse

PATHOLOGICAL = {
    "table of 5,000 rows": "| a | b |\n|---|---|\n" + "".join(f"| cell {i} | value {i} |\n" for i in range(5000)),
    "list nested 50 deep": "".join("  " * i + f"- item level {i}\n" for i in range(50)),
    "quote nested 50 deep": "".join(">" * (i + 1) + f" quote level {i}\n" for i in range(50)),
    "line of 1 MB": "word " * 200_000 + "\n",
    "heading of 100 kB": "# " + "long " * 20_000 + "\n",
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_articles_round_trip(text: str) -> None:
    document = parse("x.md", text)
    assert document.segments
    assert build(document, lambda s: Translation(s.source, "", 0)).text == text
    marked = build(document, lambda s: Translation("DE " + s.source, "", 0))
    assert marked.refused == 0
    assert marked.text.count("DE ") == len(document.segments)

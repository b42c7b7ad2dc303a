"""No cost cliffs: work that grows with the input, not with its square.

Counted where the work can be counted (characters parsed in a build's structure check);
elsewhere the time of an input 8 times larger is compared with a generous factor, and
only when the larger run takes long enough to be measured at all. The wall-clock figures
themselves are printed by `benchmarks/pathological.py`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import documents

import localize
from localize import checks, htmlout, render
from localize.checks import block_signature
from localize.render import Translation, build
from localize.segment import parse

SOURCE = "\n".join(path.read_text(encoding="utf-8") for path in Path(localize.__file__).parent.glob("*.py"))
RUNS = ["<", "[", "](", "`", "*", "_", "&", "\\", "![", "<a", "](x ", "](<", "[a](", "``a", "{#", "#", " ",
        "a ", "x-", "\n ", "<!-- localize: skip ", "{{", '"', ":"]
"""Units repeated into adversarial inputs."""
SMALL, LARGE = 1_000, 8_000


def slowest_growth(function: Callable[[str], object], unit: str) -> float:
    """How much longer `function` takes on LARGE repetitions of `unit` than on SMALL ones
    (best of three; 1.0 when even the large input is too quick to measure)."""

    def seconds(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            function(text)
            best = min(best, time.perf_counter() - start)
        return best

    def growth(prefix: str, suffix: str) -> float:
        small, large = seconds(prefix + unit * SMALL + suffix), seconds(prefix + unit * LARGE + suffix)
        if large < 0.02:  # a quadratic pattern takes far longer than this on 8,000 repetitions
            return 1.0
        return large / max(small, 1e-6)

    worst = 1.0
    for prefix, suffix in (("", ""), ("Text ", " x")):
        figure = growth(prefix, suffix)
        for _ in range(2):  # a busy machine can stretch one run; a quadratic one stays slow
            if figure <= 24:
                break
            figure = min(figure, growth(prefix, suffix))
        worst = max(worst, figure)
    return worst


def module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled regular expression at module level in `localize`."""
    found = []
    for info in pkgutil.iter_modules(localize.__path__):
        if info.name == "__main__":
            continue
        module = importlib.import_module(f"localize.{info.name}")
        found += [(f"{info.name}.{name}", value) for name, value in vars(module).items() if isinstance(value, re.Pattern)]
    return found


def how_used(name: str, pattern: re.Pattern[str]) -> Callable[[str], object]:
    """The pattern applied the way the code applies it: anchored only if it is only ever
    anchored (`match`, `fullmatch`), otherwise at every position, as `search` and `sub` do."""
    methods = set(re.findall(rf"\b{re.escape(name.split('.')[1])}\.(\w+)\(", SOURCE))
    if methods and methods <= {"fullmatch"}:
        return pattern.fullmatch
    if methods and methods <= {"match", "fullmatch"}:
        return pattern.match
    return lambda text: sum(1 for _ in pattern.finditer(text))


@pytest.mark.parametrize(("name", "pattern"), module_patterns(), ids=[name for name, _ in module_patterns()])
def test_every_regular_expression_is_linear_on_adversarial_runs(name: str, pattern: re.Pattern[str]) -> None:
    applied = how_used(name, pattern)
    growth = {unit: slowest_growth(applied, unit) for unit in RUNS}
    assert {unit: round(g) for unit, g in growth.items() if g > 24} == {}  # linear: ~8×; quadratic: ~64×


@pytest.mark.parametrize(
    "function",
    [htmlout.slug, lambda text: htmlout.with_heading_ids("# " + text + "\n", "# English\n")],
    ids=["slug", "heading ids"],
)
def test_regular_expressions_written_inline_are_linear(function: Callable[[str], object]) -> None:
    growth = {unit: slowest_growth(function, unit) for unit in ("[", "[a](", "{#", " ", "*", "`")}
    assert {unit: round(g) for unit, g in growth.items() if g > 24} == {}


def test_one_structure_breaking_translation_costs_a_few_parses_not_one_per_replacement(monkeypatch) -> None:
    text = "".join(f"Paragraph {i} with some words.\n\n" for i in range(1000))
    document = parse("x.md", text, signatures=True)
    parsed: list[int] = []
    signature = checks.block_signature

    def counting(markdown: str, code: bool = False, tokens=()) -> str:
        if not tokens:
            parsed.append(len(markdown))
        return signature(markdown, code, tokens)

    monkeypatch.setattr(render, "block_signature", counting)
    bad = document.segments[500]

    def lookup(segment):
        return Translation(("- DE " if segment is bad else "DE ") + segment.source, "", 0)

    built = build(document, lookup)
    assert built.refused == 1 and built.translated == 999
    assert "- DE" not in built.text and built.text.count("DE ") == 999
    assert sum(parsed) <= 4 * len(text), f"parsed {sum(parsed) / len(text):.1f} times the article"


def test_several_breaking_translations_are_all_found() -> None:
    text = "".join(f"Paragraph {i} with some words.\n\n" for i in range(64))
    document = parse("x.md", text, signatures=True)
    bad = {document.segments[i].source for i in (0, 7, 8, 40, 63)}

    def lookup(segment):
        return Translation(("# DE " if segment.source in bad else "DE ") + segment.source, "", 0)

    built = build(document, lookup)
    assert built.refused == 5
    assert sorted(d.line for d in built.diagnostics) == sorted(document.segments[i].line for i in (0, 7, 8, 40, 63))
    assert parse("y.md", built.text).segments and built.text.count("# ") == 0


def test_translations_harmful_only_together_are_refused() -> None:
    # Alone, each leaves one paragraph; together they open and close an HTML block
    # that swallows the paragraph between them.
    text = "First paragraph.\n\nMiddle paragraph.\n\nLast paragraph.\n"
    document = parse("x.md", text, signatures=True)
    replacements = {"First paragraph.": "<pre>First", "Last paragraph.": "Last</pre>"}
    built = build(document, lambda s: Translation(replacements.get(s.source, s.source), "", 0))
    assert built.text == text
    assert built.refused == 2


def test_extract_of_a_soft_wrapped_paragraph_grows_linearly() -> None:
    line = "some words on a line\n"

    def seconds(lines: int) -> float:
        start = time.perf_counter()
        document = parse("x.md", line * lines)
        assert len(document.segments) == 1
        return time.perf_counter() - start

    small, large = min(seconds(10_000) for _ in range(2)), min(seconds(80_000) for _ in range(2))
    assert large / small < 16  # linear: ~8×; a string rebuilt per line: ~64×


BREAKERS = ["- ", "# ", "```\n", "<pre>", "> ", "1. ", "---\n", "    ", "<!-- ", "[x]: /y\n", ""]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.lists(st.sampled_from(BREAKERS), min_size=1, max_size=12))
def test_refusals_found_block_by_block_always_leave_the_source_structure(text: str, prefixes: list[str]) -> None:
    document = parse("doc.md", text, signatures=True)

    def lookup(segment):
        prefix = prefixes[document.segments.index(segment) % len(prefixes)]
        return Translation(prefix + "DE " + segment.source, "", 0)

    built = build(document, lookup)
    assert block_signature(built.text) == block_signature(text)
    assert built.translated + built.refused == len(document.segments)

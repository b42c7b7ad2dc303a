"""Align an existing translated page with its English article, block by block.

Headings are sync points (their levels must agree); blocks are paired inside each pair of
sections by a sequence alignment scored on what a translation leaves unchanged: code spans,
link and image targets, numbers, names, and a plausible length ratio (in the spirit of
Gale–Church). Sections whose block kinds line up one to one pair by position; elsewhere only
well-anchored pairs count as translated, pairs next to a gap are fuzzy, and the rest is
reported. A wrong pair marked as done is the one outcome this must never produce.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from babel.core import UnknownLocaleError

from .inline import ANY_REFERENCE, analyze, link_parts, visible_text
from .model import Segment
from .tags import babel_locale

T = TypeVar("T")

EXPECTED_RATIO = 1.15
"""German text runs about this much longer than its English source."""
STRONG = 2.5
"""Score from which a pair stands on its own evidence."""
TEXT_KINDS = ("paragraph", "quote", "list item", "image alt", "contents entry")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![\w.])(?:[A-Z][a-z]*[A-Z0-9][\w-]*|[A-Z]{2,}[\w-]*|[A-Z][a-z]+(?:-\d+)?)")


@dataclass(frozen=True)
class Pair:
    english: Segment
    other: Segment
    certain: bool
    """False: the pair is plausible but not proven (imported as fuzzy)."""


@dataclass
class Alignment:
    pairs: list[Pair] = field(default_factory=list)
    divergences: list[str] = field(default_factory=list)
    """What could not be paired, with line numbers on both sides."""
    lines: tuple[list[str], list[str]] = ([], [])
    """The documents' lines, when known (for table rows)."""
    side: str = "translated"
    """The translated page's language, as the divergences name it (`German`, `French (Canada)`)."""


def anchors(text: str) -> set[str]:
    """What a translation keeps unchanged: code spans, targets, numbers (digits only)."""
    read = analyze(text, ANY_REFERENCE)
    found = {f"code:{code}" for code in read.code}
    found |= {f"target:{link.target}" for link in read.links if link.target}
    found |= {"number:" + re.sub(r"\D", "", m) for m in _NUMBER.findall(read.prose)}
    return found


def names(text: str) -> set[str]:
    """Capitalised words that are not sentence starts: names a translation usually keeps."""
    plain = analyze(text, ANY_REFERENCE).prose
    return {m for m in _NAME.findall(plain) if not re.search(r"(?:^|[.!?:]\s+)" + re.escape(m), plain)}


def _visible_length(text: str) -> int:
    return len(" ".join(visible_text(text, ANY_REFERENCE).split()))


def unwrap(english: Segment, other: Segment) -> str:
    """The other text, without a link that wraps all of it when the English has none.

    Pages link their related articles; the article's own text is the link's text.
    """
    parts = link_parts(other.source.strip())
    if parts and parts[1].startswith("(") and not analyze(english.source, ANY_REFERENCE).links:
        return parts[0]
    return other.source


def score(english: Segment, other: Segment) -> float:
    """Evidence that `other` translates `english`: high for a pair, negative against."""
    if english.kind != other.kind and not {english.kind, other.kind} <= {"paragraph", "quote"}:
        return float("-inf")
    if english.kind == "heading" and english.place[:1] != other.place[:1]:
        return float("-inf")
    text = unwrap(english, other)
    if english.source == text:
        return 6.0
    total = 0.0
    ours, theirs = anchors(english.source), anchors(text)
    if ours or theirs:
        total += 2.0 * len(ours & theirs) - 1.5 * len(ours ^ theirs)
    shared_names = names(english.source) & set(re.findall(r"[\w-]+", text))
    total += 0.75 * min(len(shared_names), 2)
    total += 0.5 * min(len(_stems(english.source) & _stems(text)), 3)
    ratio = _visible_length(text) / max(1, _visible_length(english.source))
    if not 0.4 <= ratio <= 2.8:
        return total - 2.5
    # Gale–Church's idea: lengths of translations are proportional; closer is likelier.
    return total + 1.0 - 1.2 * abs(math.log(ratio / EXPECTED_RATIO))


def _stems(text: str) -> set[str]:
    """Five-letter word beginnings: cognates and borrowed words show through a translation."""
    return {word[:5].lower() for word in re.findall(r"[^\W\d_]{5,}", visible_text(text, ANY_REFERENCE))}


def _align(
    left: Sequence[T], right: Sequence[T], pair_score: Callable[[T, T], float], gap: float = -0.5
) -> list[tuple[int | None, int | None]]:
    """Needleman–Wunsch: the best order-keeping pairing, as (left, right) steps with gaps."""
    rows, columns = len(left), len(right)
    best = [[0.0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        best[i][0] = i * gap
    for j in range(1, columns + 1):
        best[0][j] = j * gap
    scores = [[pair_score(a, b) for b in right] for a in left]
    for i in range(1, rows + 1):
        for j in range(1, columns + 1):
            best[i][j] = max(best[i - 1][j - 1] + scores[i - 1][j - 1], best[i - 1][j] + gap, best[i][j - 1] + gap)
    steps: list[tuple[int | None, int | None]] = []
    i, j = rows, columns
    while i or j:
        if i and j and best[i][j] == best[i - 1][j - 1] + scores[i - 1][j - 1] and scores[i - 1][j - 1] > float("-inf"):
            steps.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and (not j or best[i][j] == best[i - 1][j] + gap):
            steps.append((i - 1, None))
            i -= 1
        else:
            steps.append((None, j - 1))
            j -= 1
    return steps[::-1]


def language_name(language: str) -> str:
    """A language's name in English, for messages: `German`, `German (Austria)`; the gettext
    name itself where babel knows none."""
    try:
        return str(babel_locale(language).get_display_name("en") or language)
    except (ValueError, TypeError, UnknownLocaleError):
        return language


def align(
    english: Sequence[Segment],
    other: Sequence[Segment],
    english_text: str | None = None,
    other_text: str | None = None,
    *,
    language: str,
) -> Alignment:
    """Pair the blocks of a page translated into `language` with the English article's segments.

    With the texts of both documents, table rows are compared on whole lines (numbers in
    cells without words are anchors too).
    """
    english, other = _ranked(english), _ranked(other)
    result = Alignment(side=language_name(language))
    result.lines = (
        english_text.splitlines() if english_text is not None else [],
        other_text.splitlines() if other_text is not None else [],
    )
    english = [s for s in english if s.kind in ("heading", "table cell", *TEXT_KINDS)]
    other = [s for s in other if s.kind in ("heading", "table cell", *TEXT_KINDS)]
    heading_steps = _align(
        [s for s in english if s.kind == "heading"],
        [s for s in other if s.kind == "heading"],
        lambda a, b: score(a, b) + 2.0 + _section_likeness(_section(english, a), _section(other, b)),
        gap=-1.0,
    )
    english_headings = [s for s in english if s.kind == "heading"]
    other_headings = [s for s in other if s.kind == "heading"]
    synced = [(english_headings[i], other_headings[j]) for i, j in heading_steps if i is not None and j is not None]
    lost_english = [english_headings[i] for i, j in heading_steps if j is None and i is not None]
    lost_other = [other_headings[j] for i, j in heading_steps if i is None and j is not None]
    # Sections that moved: pair leftover headings whose sections share strong evidence.
    for heading in list(lost_english):
        section = _section(english, heading)
        candidates = [
            (sum(max(score(a, b), 0) for a, b in zip(section, _section(other, h), strict=False)), h) for h in lost_other
        ]
        candidates = [(value, h) for value, h in candidates if h.place == heading.place and value >= STRONG * 2]
        if candidates:
            value, match = max(candidates, key=lambda item: item[0])
            lost_english.remove(heading)
            lost_other.remove(match)
            result.pairs.append(Pair(heading, match, certain=score(heading, match) >= STRONG))
            result.divergences.append(
                f"section \"{heading.source}\" (English line {heading.line}) moved to {result.side} line {match.line}"
            )
            _align_region(_section(english, heading), _section(other, match), result)
    for heading in lost_english:
        result.divergences.append(
            f"section \"{heading.source}\" (English line {heading.line}) has no counterpart; not imported"
        )
    for heading in lost_other:
        result.divergences.append(
            f"{result.side} heading \"{heading.source}\" (line {heading.line}) has no English counterpart"
        )
    # Regions between sync points, with the blocks of unpaired sections left out.
    skip_english = {id(s) for h in lost_english for s in [h, *_section(english, h)]}
    skip_other = {id(s) for h in lost_other for s in [h, *_section(other, h)]}
    moved = {id(p.english) for p in result.pairs} | {id(p.other) for p in result.pairs}
    bounds = [(None, None), *synced]
    for index, (english_heading, other_heading) in enumerate(bounds):
        if english_heading is not None:
            result.pairs.append(Pair(english_heading, other_heading, certain=True))  # type: ignore[arg-type]
        end = bounds[index + 1] if index + 1 < len(bounds) else (None, None)
        left = _between(english, english_heading, end[0], skip_english | moved)
        right = _between(other, other_heading, end[1], skip_other | moved)
        _align_region(left, right, result)
    return result


def _ranked(blocks: Sequence[Segment]) -> list[Segment]:
    """Headings with their level replaced by its rank in the document (sites often demote
    headings: an article's `#` and `##` may be a page's <h2> and <h3>)."""
    levels = sorted({b.place[0] for b in blocks if b.kind == "heading" and b.place})
    rank = {level: number for number, level in enumerate(levels, start=1)}
    return [replace(b, place=(rank[b.place[0]],)) if b.kind == "heading" and b.place else b for b in blocks]


def _section_likeness(english: list[Segment], other: list[Segment]) -> float:
    """How alike two sections look: the same kinds of blocks, in the same order."""
    if float("-inf") in (score(english[0], other[0]) if english and other else 0.0,):
        return -3.0
    ours = [_kind(unit) for unit in _units([s for s in english if s.kind != "heading"])]
    theirs = [_kind(unit) for unit in _units([s for s in other if s.kind != "heading"])]
    if ours == theirs:
        return 2.0
    same = sum(a == b for a, b in zip(ours, theirs, strict=False))
    return -3.0 if not same else 1.0 - abs(len(ours) - len(theirs))


def _section(blocks: Sequence[Segment], heading: Segment) -> list[Segment]:
    """The blocks under `heading`, up to the next heading of the same or a higher level."""
    start = next(i for i, s in enumerate(blocks) if s is heading) + 1
    out = []
    for block in blocks[start:]:
        if block.kind == "heading" and block.place[:1] <= heading.place[:1]:
            break
        out.append(block)
    return out


def _between(blocks: Sequence[Segment], start: Segment | None, end: Segment | None, skip: set[int]) -> list[Segment]:
    inside = start is None
    out = []
    for block in blocks:
        if block is start:
            inside = True
            continue
        if block is end:
            break
        if inside and id(block) not in skip and block.kind != "heading":
            out.append(block)
    return out


Step = tuple[int | None, int | None]
"""One step of an alignment: (English index, other index), None on the side with no block."""


@dataclass
class _Region:
    """The units of both sides between two sync points, and the steps that align them."""

    english: list[list[Segment]]
    other: list[list[Segment]]
    steps: list[Step]

    def unit_at(self, step: Step) -> list[Segment]:
        i, j = step
        if i is not None:
            return self.english[i]
        assert j is not None
        return self.other[j]

    def paired(self, step: Step) -> tuple[list[Segment], list[Segment]]:
        i, j = step
        assert i is not None and j is not None
        return self.english[i], self.other[j]

    def next_to_gap(self, position: int, value: float) -> bool:
        """Whether an unpaired neighbour of the pair at `position` (its score `value`) could
        as well be that pair's other half."""
        return any(
            self.confusable(self.steps[n], self.steps[position], value)
            for n in range(len(self.steps))
            if None in self.steps[n] and (abs(n - position) == 1 or _nearest_pair(self.steps, n) == position)
        )

    def confusable(self, gap: Step, paired: Step, value: float) -> bool:
        left, right = self.paired(paired)
        unit = self.unit_at(gap)
        if _kind(unit) != _kind(left):
            return False
        other_value = score(unit[0], right[0]) if gap[0] is not None else score(left[0], unit[0])
        return other_value > value - 1.0


def _align_region(english: list[Segment], other: list[Segment], result: Alignment) -> None:
    """Pair the blocks between two sync points: tables as units, then text blocks.

    A kind whose blocks are as many on both sides pairs by position; elsewhere a weak pair
    next to an unpaired block of its own kind is only fuzzy, since the gap could be anywhere.
    """
    english_units, other_units = _units(english), _units(other)
    counts_agree = {
        kind
        for kind in {_kind(u) for u in english_units + other_units}
        if sum(_kind(u) == kind for u in english_units) == sum(_kind(u) == kind for u in other_units)
    }
    region = _Region(english_units, other_units, _align(english_units, other_units, _unit_score))
    unpaired: list[Step] = []  # the current stretch of steps not imported
    for position, (i, j) in enumerate(region.steps):
        if i is None or j is None:
            unpaired.append((i, j))
            continue
        left, right = english_units[i], other_units[j]
        if _kind(left) == "table":
            _report(unpaired, english_units, other_units, result)
            _pair_table(left, right, result)
            continue
        pair = _text_pair(region, position, _kind(left) in counts_agree)
        if pair is None:
            unpaired.append((i, j))
            continue
        _report(unpaired, english_units, other_units, result)
        result.pairs.append(pair)
    _report(unpaired, english_units, other_units, result)


def _text_pair(region: _Region, position: int, counts_agree: bool) -> Pair | None:
    """The pair of text blocks at `position`, certain or fuzzy; None when the evidence is too weak."""
    left, right = region.paired(region.steps[position])
    value = score(left[0], right[0])
    if value >= STRONG:
        return Pair(left[0], right[0], certain=True)
    if counts_agree and value >= 0:
        return Pair(left[0], right[0], certain=not region.next_to_gap(position, value))
    if value >= 1 and not region.next_to_gap(position, value):
        return Pair(left[0], right[0], certain=False)
    return None


def _report(
    stretch: list[tuple[int | None, int | None]],
    english_units: list[list[Segment]],
    other_units: list[list[Segment]],
    result: Alignment,
) -> None:
    """Say what a stretch of unpaired blocks is, as precisely as the evidence allows; then clear it."""
    if not stretch:
        return
    ours = [english_units[i] for i, _ in stretch if i is not None]
    theirs = [other_units[j] for _, j in stretch if j is not None]
    if len(stretch) == 1 and not (ours and theirs):
        unit = (ours or theirs)[0]
        side = "English" if ours else result.side
        lines = f"{unit[0].line}" if len(unit) == 1 else f"{unit[0].line}–{unit[-1].line}"
        result.divergences.append(f"{side} {_kind(unit)} at line {lines} has no counterpart")
    else:
        def span(units: list[list[Segment]]) -> str:
            if not units:
                return "nothing"
            first, last = units[0][0].line, units[-1][-1].line
            return f"line {first}" if first == last else f"lines {first}–{last}"

        result.divergences.append(
            f"English {span(ours)} and {result.side} {span(theirs)} could not be paired with confidence "
            f"({len(ours)} English, {len(theirs)} {result.side} block(s)); not imported"
        )
    stretch.clear()


def _nearest_pair(steps: list[tuple[int | None, int | None]], index: int) -> int | None:
    """The paired step closest before a gap (where its block could have belonged)."""
    for n in range(index - 1, -1, -1):
        if None not in steps[n]:
            return n
    return None


def _units(blocks: list[Segment]) -> list[list[Segment]]:
    """Blocks grouped so that each table is one unit."""
    units: list[list[Segment]] = []
    for block in blocks:
        if units and _same_table(units[-1][0], block):
            units[-1].append(block)
        else:
            units.append([block])
    return units


def _same_table(first: Segment, block: Segment) -> bool:
    return block.kind == "table cell" and first.kind == "table cell" and first.place[0] == block.place[0]


def _kind(unit: list[Segment]) -> str:
    return "table" if unit[0].kind == "table cell" else unit[0].kind


def _unit_score(left: list[Segment], right: list[Segment]) -> float:
    if _kind(left) != _kind(right):
        return float("-inf")
    if _kind(left) == "table":
        return 3.0
    return score(left[0], right[0])


def _rows(cells: list[Segment]) -> list[list[Segment]]:
    rows: dict[int, list[Segment]] = {}
    for cell in cells:
        rows.setdefault(cell.place[1], []).append(cell)
    return [rows[key] for key in sorted(rows)]


def _pair_table(english: list[Segment], other: list[Segment], result: Alignment) -> None:
    """Cells pair by position when the shapes agree; otherwise rows pair on their evidence."""
    english_rows, other_rows = _rows(english), _rows(other)
    same_shape = [len(r) for r in english_rows] == [len(r) for r in other_rows]

    english_lines, other_lines = result.lines

    def row_anchors(row: list[Segment], lines: list[str]) -> set[str]:
        line = row[0].line - 1
        return anchors(lines[line]) if 0 <= line < len(lines) else set()

    def row_score(a: list[Segment], b: list[Segment]) -> float:
        by_column = {cell.place[2]: cell for cell in b}
        values = [score(cell, by_column[cell.place[2]]) for cell in a if cell.place[2] in by_column]
        if len(values) != len(a) or len(a) != len(b):
            return float("-inf")
        ours, theirs = row_anchors(a, english_lines), row_anchors(b, other_lines)
        evidence = 2.0 * len(ours & theirs) - 1.5 * len(ours ^ theirs) if ours and theirs else 0.0
        return sum(values) / len(values) + evidence

    for i, j in _align(english_rows, other_rows, row_score):
        if i is None or j is None:
            row = english_rows[i] if i is not None else other_rows[j]  # type: ignore[index]
            side = "English" if i is not None else result.side
            result.divergences.append(f"{side} table row at line {row[0].line} has no counterpart")
            continue
        value = row_score(english_rows[i], other_rows[j])
        if not same_shape and value < STRONG / 2:
            result.divergences.append(
                f"English table row at line {english_rows[i][0].line} and {result.side} line {other_rows[j][0].line} "
                "do not match well enough"
            )
            continue
        by_column = {cell.place[2]: cell for cell in other_rows[j]}
        for cell in english_rows[i]:
            match = by_column.get(cell.place[2])
            if match is not None:
                result.pairs.append(Pair(cell, match, certain=same_shape or value >= STRONG))

"""Build a translated article: splice checked translations into the source text.

Only the spans of translated segments change; every other byte is copied. A translation
that would break the article's structure is refused: the source text stays and a
diagnostic says why, at the catalog line and the article line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .checks import UNESCAPED_PIPE, block_signature, structure_problems
from .codeblocks import is_single, lexer_for
from .inline import NO_CONTEXT, SAFE_SCHEMES, Context
from .lookup import Translation
from .model import Diagnostic, Document, Segment, Severity
from .parsing import block_parser
from .segment import yaml_plain_is_string

_EOL = re.compile(r"\r\n|\r|\n")
_YAML_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|:\s|:$|\s#|\s$|^$|\t")
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\t]")
"""Characters a quoted YAML or TOML string must write as escapes (controls, and the line and
paragraph separators YAML readers take for line breaks); a tab too, to be safe in YAML 1.1."""


def _quoted_escapes(text: str) -> str:
    """`text` escaped for a YAML double-quoted or a TOML basic string (both know `\\uXXXX`)."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return _UNWRITABLE.sub(lambda m: "\\t" if m.group() == "\t" else f"\\u{ord(m.group()):04X}", text)


@dataclass
class Built:
    """The result of building one article in one language."""

    text: str
    total: int = 0
    """Segments in the article; -1 when the article was copied without being parsed."""
    translated: int = 0
    """Segments whose translation was applied (an msgstr equal to its msgid counts too)."""
    refused: int = 0
    fallback: int = 0
    """Of `translated`, segments whose translation came from the base language's catalog."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


BLOCK_STRUCTURE = "translation changes the article's block structure"


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a build does with one segment's translation."""

    index: int
    """The segment's position in the document."""
    translation: Translation
    text: str | None
    """What is spliced in; None when nothing changes (an msgstr equal to its msgid) or refused."""
    problems: tuple[str, ...] = ()
    """Why it is refused; empty when it is applied."""
    notes: tuple[str, ...] = ()

    @property
    def applied(self) -> bool:
        return not self.problems


def decide(
    document: Document, lookup: Callable[[Segment], Translation | None], schemes: Sequence[str] = SAFE_SCHEMES
) -> list[Verdict]:
    """The build's decision for every segment that has a translation, in document order.

    The one place the rules live: `build` applies what it decides and coverage counts it.
    """
    context = Context.of(document.definitions, schemes)
    verdicts: list[Verdict] = []
    replacements: dict[int, str] = {}
    for index, segment in enumerate(document.segments):
        translation = lookup(segment)
        if translation is None:
            continue
        if translation.text == segment.source:
            verdicts.append(Verdict(index, translation, None))
            continue
        text, problems, notes = prepare(segment, translation.text, context)
        if problems:
            verdicts.append(Verdict(index, translation, None, tuple(problems), tuple(notes)))
            continue
        verdicts.append(Verdict(index, translation, text, (), tuple(notes)))
        replacements[index] = text
    if replacements:
        breakers = set(_structure_breakers(document, replacements))
        verdicts = [
            Verdict(v.index, v.translation, None, (BLOCK_STRUCTURE,), v.notes) if v.index in breakers else v
            for v in verdicts
        ]
    return verdicts


def build(
    document: Document, lookup: Callable[[Segment], Translation | None], schemes: Sequence[str] = SAFE_SCHEMES
) -> Built:
    """The document with every usable translation applied."""
    result = Built(text=document.text, total=len(document.segments))
    verdicts = decide(document, lookup, schemes)
    later: list[Diagnostic] = []
    for verdict in verdicts:
        segment = document.segments[verdict.index]
        for note in verdict.notes:
            result.diagnostics.append(_diagnostic(document, segment, verdict.translation, note, "warning"))
        for problem in verdict.problems:
            found = _diagnostic(document, segment, verdict.translation, f"{problem}; source text kept", "warning")
            (later if problem == BLOCK_STRUCTURE else result.diagnostics).append(found)
        result.refused += not verdict.applied
        result.translated += verdict.applied
        result.fallback += verdict.applied and verdict.translation.fallback
    result.diagnostics += later
    result.text = _splice(document, {v.index: v.text for v in verdicts if v.applied and v.text is not None})
    return result


def prepare(segment: Segment, msgstr: str, context: Context = NO_CONTEXT) -> tuple[str, list[str], list[str]]:
    """The text to splice for a translation, the problems that forbid it, and notes."""
    if segment.syntax.startswith("code:"):
        return _prepare_code(segment, msgstr)
    text = msgstr if segment.syntax.startswith(("yaml", "toml")) else msgstr.strip()
    problems = structure_problems(segment, text, context)
    if problems:
        return text, problems, []
    if segment.syntax == "table cell":
        escaped = UNESCAPED_PIPE.sub(lambda m: m.group(1) + "\\|", text)
        if escaped != text:
            return escaped, [], ["unescaped '|' in a table cell translation; written as '\\|'"]
        return text, [], []
    value = _front_matter_value(segment.syntax, text)
    if value is not None:
        text, problem = value
        return text, [problem] if problem else [], []
    if "\n" in text:
        lines = text.split("\n")
        text = (segment.eol + segment.prefix).join([lines[0], *(line.lstrip(" \t") for line in lines[1:])])
    return text, [], []


def _front_matter_value(syntax: str, text: str) -> tuple[str, str | None] | None:
    """A front matter string as it is written in its kind of YAML or TOML string, and what
    forbids it; None for other syntax."""
    if syntax in ("yaml double", "toml basic"):
        return _quoted_escapes(text), None
    if syntax in ("yaml single", "toml literal") and _UNWRITABLE.search(text.replace("\t", "")):
        return text, "a control character or line separator cannot be written in a '…' string"
    if syntax == "yaml single":
        return text.replace("'", "''"), None
    if syntax == "toml literal":
        if "'" in text:
            return text, "a TOML literal string ('…') cannot hold a \"'\" (write ’, or quote the source with \"…\")"
        return None
    if syntax == "yaml plain":
        if _YAML_PLAIN_UNSAFE.search(text) or _UNWRITABLE.search(text) or not yaml_plain_is_string(text):
            return '"' + _quoted_escapes(text) + '"', None
        return text, None
    return None


def _prepare_code(segment: Segment, msgstr: str) -> tuple[str, list[str], list[str]]:
    """A comment or string of a code block: it must stay exactly one comment or string."""
    info = segment.syntax.removeprefix("code:")
    kind = segment.kind.removeprefix("code ")
    lexer = lexer_for(info)
    text = msgstr.removesuffix("\n")
    newline = "\n" if segment.source.endswith("\n") else ""
    if lexer is None or not is_single(lexer, text + newline, kind):
        return text, [f"translation is not a single {kind} in this code"], []
    return (segment.eol + segment.prefix).join(text.split("\n")), [], []


def _splice(document: Document, replacements: dict[int, str]) -> str:
    by_segment = {id(document.segments[index]): text for index, text in replacements.items()}
    return document.rebuild(lambda segment: by_segment.get(id(segment)))


def _structure_breakers(document: Document, replacements: dict[int, str]) -> list[int]:
    """Indexes of replacements that change the block structure.

    The whole article is parsed once; only when its structure changed is each top-level
    block with a replacement parsed alone, and the culprits inside a changed block are
    found by bisection. A change that no single block shows is bisected over the article.
    """
    code = any(document.segments[index].syntax.startswith("code:") for index in replacements)
    expected = document.signatures[code] if document.signatures else block_signature(document.text, code)

    def breaks_article(indexes: list[int]) -> bool:
        return block_signature(_splice(document, {i: replacements[i] for i in indexes}), code) != expected

    if not breaks_article(list(replacements)):
        return []
    culprits = [index for block in _blocks_changed(document, replacements, code) for index in block]
    remaining = [index for index in replacements if index not in set(culprits)]
    while remaining and breaks_article(remaining):
        found = set(_bisect(remaining, breaks_article))
        culprits.extend(found)
        remaining = [index for index in remaining if index not in found]
    return culprits


def _blocks_changed(document: Document, replacements: dict[int, str], code: bool) -> Iterator[list[int]]:
    """For each top-level block whose structure its replacements change, alone, the culprits."""
    text = document.text
    line_starts = [0] + [match.end() for match in _EOL.finditer(text)]
    tokens = block_parser().parse(text)
    blocks = [(t.map[0], t.map[1], i) for i, t in enumerate(tokens) if t.level == 0 and t.nesting >= 0 and t.map]
    block_firsts = [first for first, _, _ in blocks]
    groups: dict[int, list[int]] = {}
    for index in sorted(replacements):
        line = bisect_right(line_starts, document.segments[index].span.start) - 1
        which = bisect_right(block_firsts, line) - 1
        if which >= 0 and line < blocks[which][1]:
            groups.setdefault(which, []).append(index)
    for which, indexes in groups.items():
        first, last, token_index = blocks[which]
        begin = line_starts[first]
        end = line_starts[last] if last < len(line_starts) else len(text)
        following = blocks[which + 1][2] if which + 1 < len(blocks) else len(tokens)
        expected = block_signature(text[begin:end], code, tokens[token_index:following])

        def breaks_block(subset: list[int], begin: int = begin, end: int = end, expected: str = expected) -> bool:
            pieces, position = [], begin
            for index in subset:
                span = document.segments[index].span
                pieces += [text[position : span.start], replacements[index]]
                position = span.end
            return block_signature("".join(pieces) + text[position:end], code) != expected

        if breaks_block(indexes):
            yield _bisect(indexes, breaks_block)


def _bisect(candidates: list[int], breaks: Callable[[list[int]], bool]) -> list[int]:
    """The candidates that break the structure, given that all of them together do.

    Each half is tried alone; when neither breaks it, the harm comes only from the
    candidates together, and all of them are refused rather than emit a broken article.
    """
    if len(candidates) == 1:
        return candidates
    half = len(candidates) // 2
    halves = (candidates[:half], candidates[half:])
    found = [index for part in halves if breaks(part) for index in _bisect(part, breaks)]
    return found or candidates


def _diagnostic(
    document: Document, segment: Segment, translation: Translation, message: str, severity: Severity
) -> Diagnostic:
    where = f"{document.path}:{segment.line}"
    if translation.catalog:
        return Diagnostic(translation.catalog, translation.line, f"{message} ({where})", severity)
    return Diagnostic(document.path, segment.line, message, severity)

"""PO files: read once, checked as msgfmt checks them, and written in the exact layout GNU
gettext writes, so `msgcat` and `msgmerge` make no diff.

`scan` reads a catalog's text into a `Catalog` of `Entry` objects in one pass, with every
field and each msgid's line. The text is laid out as in `write-po.c`: lines of at most
`width` columns (79 unless told, like `msgcat -w N`; 0 for `--no-wrap`), breaks after
spaces (the space stays on the upper line), `msgid ""` first when a string does not fit
or holds a newline.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

Key = tuple[str | None, str]
"""What identifies an entry: (msgctxt, msgid)."""


@dataclass(slots=True, eq=False)
class Entry:
    """One message of a catalog, with everything GNU gettext writes for it (polib's field names)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str = ""
    """Empty unless the entry has plural forms (then `msgstr_plural` holds them, not `msgstr`)."""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    tcomment: str = ""
    """The translator's comment (`# `)."""
    comment: str = ""
    """The extracted comment (`#.`)."""
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    """References (`#:`) as (path, line), line "" when there is none."""
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    linenum: int = 0
    """Line of the msgid in the file it was read from (where msgfmt cites it); 0 for a new entry."""

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def mark_fuzzy(self, fuzzy: bool = True) -> None:
        """Add the fuzzy flag (first, as GNU gettext writes it), or with `fuzzy=False` remove it."""
        others = [flag for flag in self.flags if flag != "fuzzy"]
        self.flags = ["fuzzy", *others] if fuzzy else others

    def translated(self) -> bool:
        """Whether the entry holds any translation: a msgstr, or one of its msgstr[N]."""
        return bool(self.msgstr) or any(self.msgstr_plural.values())


@dataclass(slots=True, eq=False)
class Catalog:
    """A PO file: its header, then its entries (active and obsolete, in file order)."""

    entries: list[Entry] = field(default_factory=list)
    header: str = ""
    """The comment above the header entry."""
    metadata: dict[str, str] = field(default_factory=dict)
    """The header's fields, in order."""
    metadata_is_fuzzy: list[str] = field(default_factory=list)
    """The header entry's flags (polib's name: `["fuzzy"]` when it is fuzzy)."""
    header_line: int = 0
    """Line of the header's msgid; 0 when there is none."""

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> Entry:
        return self.entries[index]

    def append(self, entry: Entry) -> None:
        self.entries.append(entry)

    def extend(self, entries: Iterable[Entry]) -> None:
        self.entries.extend(entries)

    def find(self, msgid: str) -> Entry | None:
        """The first active entry with this msgid."""
        return next((entry for entry in self.entries if entry.msgid == msgid and not entry.obsolete), None)

    def active(self) -> list[Entry]:
        return [entry for entry in self.entries if not entry.obsolete]

    @property
    def obsolete(self) -> int:
        """How many entries are obsolete (`#~`)."""
        return sum(1 for entry in self.entries if entry.obsolete)


PAGE_WIDTH = 79
"""GNU gettext's default page width."""
NO_WRAP = 0
"""As a width: strings break only after their newlines (`msgcat --no-wrap`)."""
MIN_WIDTH = 20
"""GNU gettext lays out narrower widths as this one."""
_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v",
}


_RARE_CONTROLS = re.compile("[\r\a\b\f\v]")


def escape(text: str) -> str:
    """C-escape a string as gettext writes it."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    if _RARE_CONTROLS.search(text):
        text = _RARE_CONTROLS.sub(lambda m: _ESCAPES[m.group()], text)
    return text


def _width(text: str) -> int:
    """Display columns, counting East Asian wide characters as two."""
    return len(text) + len(_wide_positions(text))


_FIRST_WIDE = "\u1100"
"""No character below this is East Asian wide."""


def _wide_positions(text: str) -> list[int]:
    """Indices of the East Asian wide (two-column) characters of `text`."""
    if text.isascii() or max(text) < _FIRST_WIDE:
        return []
    return [i for i, char in enumerate(text) if char >= _FIRST_WIDE and unicodedata.east_asian_width(char) in "WF"]


# Line-break classes of UAX #14, as far as catalog text needs them.
_ASCII_CLASSES = {
    **{c: "AL" for c in "#&*<=>@^_`~"},
    **{c: "NU" for c in "0123456789"},
    "%": "PO", "$": "PR", "+": "PR", "\\": "PR", "(": "OP", "[": "OP", "{": "OP",
    ")": "CP", "]": "CP", "}": "CL", "'": "QU", '"': "QU", ",": "IS", ".": "IS",
    ":": "IS", ";": "IS", "/": "SY", "-": "HY", "!": "EX", "?": "EX", "|": "BA",
    " ": "SP", "\t": "BA", "\n": "BK",
}
_SPECIAL_CLASSES = {
    "\u2014": "B2", "\u2013": "BA", "\u2026": "IN", "\u00a0": "GL", "\u202f": "GL",
    "\u201c": "QU", "\u201d": "QU", "\u2018": "QU", "\u2019": "QU", "\u00ab": "QU", "\u00bb": "QU",
    "\u201e": "OP", "\u201a": "OP", "\u00b0": "PO", "\u20ac": "PR", "\u00a7": "AI",
}


_CLASS_OF: dict[str, str] = {}
"""Memo of `_class`: catalogs use few distinct characters, each looked up many times."""


def _class(char: str) -> str:
    known = _CLASS_OF.get(char)
    if known is None:
        known = _CLASS_OF[char] = _classify(char)
    return known


def _classify(char: str) -> str:
    if char.isascii():
        if char.isalpha():
            return "AL"
        return _ASCII_CLASSES.get(char, "AL")
    special = _SPECIAL_CLASSES.get(char)
    if special:
        return special
    category = unicodedata.category(char)
    if unicodedata.east_asian_width(char) in "WF":
        if category in ("Pe", "Pf") or char in "、。，．：；！？":
            return "CL"
        return "OP" if category in ("Ps", "Pi") else "ID"
    if category.startswith("M"):
        return "CM"
    return _NARROW_CLASSES.get(category, "AL")


_NARROW_CLASSES = {"Pd": "BA", "Ps": "OP", "Pe": "CL"}
"""Classes of other characters by their general category (the rest: AL)."""


_ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
"""Classes AL and NU, between which a line never breaks."""
_NO_BREAK_BEFORE = frozenset({"CL", "CP", "EX", "IS", "SY", "BA", "HY", "NS", "IN", "CM", "QU", "GL"})
_NO_BREAK_AFTER = frozenset({"OP", "QU", "GL", "BB"})
_ALNUM = frozenset({"AL", "NU", "AI"})


_BREAK_BETWEEN: dict[tuple[str, str], bool] = {}


def _break_between(before: str, after: str) -> bool:
    """Whether a line may break between two adjacent non-space characters' classes."""
    known = _BREAK_BETWEEN.get((before, after))
    if known is None:
        known = _BREAK_BETWEEN[(before, after)] = _rule_between(before, after)
    return known


def _rule_between(before: str, after: str) -> bool:
    if after in _NO_BREAK_BEFORE or before in _NO_BREAK_AFTER:
        return False
    if before in _ALNUM and after in _ALNUM:
        return False
    if before in ("PR", "PO") and after in ("AL", "NU", "OP", "AI"):
        return False
    if (before, after) in (("PR", "ID"), ("ID", "PO")):  # LB23a
        return False
    if before in _ALNUM and after in ("PR", "PO", "OP"):
        return False
    if before == "CP" and after in _ALNUM:
        return False
    if before in ("CL", "CP") and after in ("PR", "PO"):
        return False
    if before in ("HY", "IS", "SY") and after == "NU":
        return False
    if before == "B2" and after == "B2":
        return False
    return True


def _break_before(portion: str, index: int) -> bool:
    """Whether a line may break before `portion[index]` (0 < index < len(portion))."""
    char = portion[index]
    current = _CLASS_OF.get(char) or _class(char)
    if current == "SP" or current == "BK":
        return False
    char = portion[index - 1]
    previous = _CLASS_OF.get(char) or _class(char)
    if previous != "SP":
        known = _BREAK_BETWEEN.get((previous, current))
        return _break_between(previous, current) if known is None else known
    # After spaces: what counts is the last character before them (none: spaces that
    # start the text are no opportunity, as in libunistring).
    position = index - 1
    while position >= 0 and portion[position] == " ":
        position -= 1
    if position < 0:
        return False
    last = _class(portion[position])
    if last == "OP" or (last == "QU" and current == "OP") or (last == "B2" and current == "B2"):
        return False
    return current not in ("CL", "CP", "EX", "IS", "SY", "CM")


def _wrap(text: str, width: int) -> list[str]:
    """Greedy lines of at most `width` columns of escaped `text`, broken at the last
    opportunity that fits.

    Like GNU gettext, opportunities are found in the escaped text (so `\\t` and `\\"`
    never start a line), never inside an escape sequence; a piece longer than a line
    stays whole on its own line.
    """
    length = len(text)
    if length <= width and text.isascii():
        return [text]
    wrapper = _Wrapper(text)
    lines: list[str] = []
    start = 0
    while wrapper.columns(start, length) > width:
        cut = wrapper.cut(start, width)
        lines.append(text[start:cut])
        start = cut
    if start < length or not lines:
        lines.append(text[start:])
    return lines


class _Wrapper:
    """Where one escaped text may break, and how wide its pieces are."""

    __slots__ = ("inside_escape", "text", "wide")

    def __init__(self, text: str) -> None:
        self.text = text
        self.wide = _wide_positions(text)
        self.inside_escape: set[int] = set()
        """Never inside an escape sequence, nor before the `\\n` that ends a portion."""
        if "\\" in text:
            for match in _ESCAPE_SEQUENCE.finditer(text):
                self.inside_escape.add(match.start() + 1)
                if match.group() == "\\n":
                    self.inside_escape.add(match.start())

    def columns(self, start: int, end: int) -> int:
        wide = self.wide
        if not wide:
            return end - start
        return end - start + bisect_left(wide, end) - bisect_left(wide, start)

    def breakable(self, index: int) -> bool:
        text = self.text
        if text[index] in _ASCII_ALNUM and text[index - 1] in _ASCII_ALNUM:
            return False  # inside a word (the pair rule, quickly)
        return index not in self.inside_escape and _break_before(text, index)

    def cut(self, start: int, width: int) -> int:
        """Where the line from `start` ends: the last opportunity that fits, else the first
        one after (or the end)."""
        length = len(self.text)
        limit = min(length, start + width)
        while limit > start and self.columns(start, limit) > width:
            limit -= 1
        cut = min(limit, length - 1)
        while cut > start and not self.breakable(cut):
            cut -= 1
        if cut > start:
            return cut
        cut = limit + 1
        while cut < length and not self.breakable(cut):
            cut += 1
        return min(cut, length)


_ESCAPE_SEQUENCE = re.compile(r"\\.")


@lru_cache(maxsize=2048)
def format_string(keyword: str, value: str, prefix: str = "", width: int = PAGE_WIDTH) -> tuple[str, ...]:
    """`keyword "value"` as GNU gettext lays it out at `width`, one item per output line.

    The string stays on the keyword's line unless it holds an inner newline or would be
    broken there; then the first line is `""` and the text is wrapped from the margin.
    """
    head = f"{prefix}{keyword} "
    if "\n" not in value[:-1]:
        escaped = escape(value)
        if width == NO_WRAP or len(head) + _width(escaped) + 2 <= width:
            return (f'{head}"{escaped}"',)
        first = _wrap(escaped, width - _width(head) - 2)
        if len(first) == 1:
            return (f'{head}"{first[0]}"',)
    lines = [f'{head}""']
    for portion in _split_after_newlines(value):
        lines.extend(_portion_lines(portion, prefix, width))
    return tuple(lines)


@lru_cache(maxsize=2048)
def _portion_lines(portion: str, prefix: str, width: int = PAGE_WIDTH) -> tuple[str, ...]:
    """The lines of one newline-ended portion of a multi-line string (header fields recur
    from catalog to catalog, so they are laid out once)."""
    if width == NO_WRAP:
        return (f'{prefix}"{escape(portion)}"',)
    inner = width - 2 - _width(prefix)
    return tuple(f'{prefix}"{line}"' for line in _wrap(escape(portion), inner))


def page_width(wrap: int) -> int:
    """The width laid out for a requested one: 0 (no wrapping), else at least 20 columns,
    as GNU gettext takes `-w N`."""
    return NO_WRAP if wrap == NO_WRAP else max(wrap, MIN_WIDTH)


def _split_after_newlines(value: str) -> list[str]:
    """Portions of `value` that each end after a newline (the last one may not)."""
    portions = [piece + "\n" for piece in value.split("\n")]
    portions[-1] = portions[-1][:-1]
    return [piece for piece in portions if piece]


def _wrap_words(lead: str, words: Iterable[str], width: int = PAGE_WIDTH) -> list[str]:
    """Reference comment lines, wrapped at the page width like GNU gettext (which wraps
    them at 79 columns under `--no-wrap` too)."""
    width = width or PAGE_WIDTH
    lines: list[str] = []
    current = lead
    for word in words:
        candidate = f"{current} {word}" if current != lead else f"{lead} {word}"
        if current != lead and len(candidate) > width:
            lines.append(current)
            current = f"{lead} {word}"
        else:
            current = candidate
    if current != lead:
        lines.append(current)
    return lines


def format_entry(entry: Entry, width: int = PAGE_WIDTH) -> list[str]:
    """One entry's lines at `width` (see `page_width`), without the blank separator line."""
    lines = _comment_lines(entry, width)
    prefix = "#~ " if entry.obsolete else ""
    previous = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines.extend(format_string("msgctxt", entry.previous_msgctxt, previous, width))
    if entry.previous_msgid is not None:
        lines.extend(format_string("msgid", entry.previous_msgid, previous, width))
    if entry.previous_msgid_plural is not None:
        lines.extend(format_string("msgid_plural", entry.previous_msgid_plural, previous, width))
    if entry.msgctxt is not None:
        lines.extend(format_string("msgctxt", entry.msgctxt, prefix, width))
    lines.extend(format_string("msgid", entry.msgid, prefix, width))
    if entry.msgid_plural:
        lines.extend(format_string("msgid_plural", entry.msgid_plural, prefix, width))
        for index in sorted(entry.msgstr_plural, key=int):
            lines.extend(format_string(f"msgstr[{index}]", entry.msgstr_plural[index], prefix, width))
    else:
        lines.extend(format_string("msgstr", entry.msgstr, prefix, width))
    return lines


def _comment_lines(entry: Entry, width: int) -> list[str]:
    """An entry's translator and extracted comments, references and flags."""
    lines: list[str] = []
    if entry.tcomment:
        lines.extend(f"# {line}" if line else "#" for line in entry.tcomment.split("\n"))
    if entry.comment:
        lines.extend(f"#. {line}" if line else "#." for line in entry.comment.split("\n"))
    if entry.occurrences and not entry.obsolete:
        references = [f"{path}:{line}" if line else path for path, line in entry.occurrences]
        lines.extend(_wrap_words("#:", references, width))
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    return lines


def format_header(po: Catalog, width: int = PAGE_WIDTH, date: str | None = None) -> list[str]:
    """The header entry's lines; `date`: the POT-Creation-Date to write instead of the catalog's."""
    lines: list[str] = []
    if po.header:
        lines.extend(f"# {line}" if line else "#" for line in po.header.split("\n"))
    if po.metadata_is_fuzzy:
        lines.append("#, " + ", ".join(po.metadata_is_fuzzy))
    metadata = po.metadata if date is None else {**po.metadata, DATE_FIELD: date}
    value = "".join(f"{key}: {val}\n" for key, val in metadata.items())
    lines.extend(format_string("msgid", "", "", width))
    lines.extend(format_string("msgstr", value, "", width))
    return lines


DATE_FIELD = "POT-Creation-Date"
"""The header field that dates a template, and the catalogs made from it."""


def format_po(po: Catalog, body: str | None = None, width: int = PAGE_WIDTH, date: str | None = None) -> str:
    """The whole catalog as text at `width` (see `page_width`): header, active entries,
    then obsolete ones.

    `body`: the entries' text from `format_body` at the same width, when another catalog
    with the very same entries (a template and its fresh catalog) has already been formatted.
    `date`: the POT-Creation-Date to write (None: the one the catalog holds).
    """
    width = page_width(width)
    header = "\n".join(format_header(po, width, date)) + "\n"
    return header + (format_body(po, width) if body is None else body)


def msgid_lines(po: Catalog, width: int = PAGE_WIDTH) -> dict[int, int]:
    """Where `format_po` puts each active entry's msgid: id(entry) → line (1-based)."""
    width = page_width(width)
    line = len(format_header(po, width)) + 1
    found: dict[int, int] = {}
    for entry in [e for e in po if not e.obsolete] + [e for e in po if e.obsolete]:
        lines = format_entry(entry, width)
        if not entry.obsolete:
            found[id(entry)] = line + 1 + next(i for i, text in enumerate(lines) if text.startswith("msgid "))
        line += 1 + len(lines)
    return found


def format_body(po: Catalog, width: int = PAGE_WIDTH) -> str:
    """The entries of a catalog as text (each after a blank line): active, then obsolete."""
    width = page_width(width)
    active = [entry for entry in po if not entry.obsolete]
    obsolete = [entry for entry in po if entry.obsolete]
    return "".join("\n" + "\n".join(format_entry(entry, width)) + "\n" for entry in active + obsolete)


_STRING = r'"(?:[^"\\]|\\(?:[ntrabfv\\"]|[0-7]{1,3}|x[0-9A-Fa-f]+))*"'
_KEYWORD_LINE = re.compile(rf"\s*(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+({_STRING})\s*")
_PREVIOUS_LINE = re.compile(rf"\s*(msgctxt|msgid|msgid_plural)\s+({_STRING})\s*")
_STRING_LINE = re.compile(rf"\s*{_STRING}\s*")
_BAD_ESCAPE = re.compile(r'\\(?![ntrabfv\\"0-7]|x[0-9A-Fa-f])')
_KEYWORD_START = re.compile(r"\s*(msgctxt|msgid|msgid_plural|msgstr)")


class Scan(NamedTuple):
    """A catalog as read, and the first thing msgfmt would refuse in it (line, problem)."""

    catalog: Catalog
    """Everything read up to the error (all of it when there is none)."""
    error: tuple[int, str] | None


_UNESCAPE = re.compile(r"\\(?:([ntrabfv\\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+))")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unescape(quoted: str) -> str:
    inner = quoted.strip()[1:-1]
    if "\\" not in inner:
        return inner

    def replace(match: re.Match[str]) -> str:
        simple, octal, hexadecimal = match.groups()
        if simple:
            return _SIMPLE.get(simple, simple)
        # A numeric escape is one byte, as GNU gettext reads it (the value's low 8 bits): a byte
        # above 127 is held as its surrogate escape until the string's bytes are all read.
        byte = int(octal, 8) & 0xFF if octal else int(hexadecimal, 16) & 0xFF
        return chr(byte) if byte < 0x80 else chr(0xDC00 + byte)

    return _UNESCAPE.sub(replace, inner)


_BYTE_ESCAPED = re.compile("[\x00\udc80-\udcff]")
"""What a numeric escape leaves in a string to be resolved: a NUL, or a byte above 127."""


def _bytes_resolved(text: str) -> str | None:
    """A string with its escaped bytes decoded as UTF-8 (with the text around them), or None
    when they are not UTF-8 or hold a NUL (which ends a string in GNU gettext)."""
    if "\x00" in text:
        return None
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeError:
        return None


class _Notes:
    """The comment lines read before an entry's first keyword: they belong to it."""

    __slots__ = ("comment", "flags", "occurrences", "previous", "previous_field", "tcomment")

    def __init__(self) -> None:
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.previous: dict[str, str] = {}
        """`#|` (or `#~|`) fields: keyword → text."""
        self.previous_field = ""


def _occurrences(text: str) -> list[tuple[str, str]]:
    """The references of a `#:` line's text, as (path, line) with "" for no line (like polib)."""
    found = []
    for word in text.split():
        path, colon, line = word.rpartition(":")
        found.append((path, line) if colon and line.isdigit() else (word, ""))
    return found


def _metadata(msgstr: str) -> dict[str, str]:
    """A header's fields, `Key: value` a line; a line without a colon continues the field before."""
    metadata: dict[str, str] = {}
    key = None
    for line in msgstr.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            key = name
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata


_SINGULAR = frozenset({"msgctxt", "msgid", "msgstr"})
"""The keywords of an entry without plural forms."""


_SPECIAL_COMMENTS = frozenset(",.:|!")
"""What follows `#` in a comment line that is not a translator comment (`#~` is read apart)."""


class _Reader:
    """One pass over a catalog's lines: entries built as they end, checked as msgfmt checks them."""

    def __init__(self) -> None:
        self.catalog = Catalog()
        self.fields: dict[str, str] = {}
        """The current entry: keyword (`msgstr[1]`, …) → text."""
        self.field = ""
        """The keyword whose string a continuation line extends."""
        self.start = 0
        """Line of the current entry's msgid (or of its msgctxt, until the msgid comes)."""
        self.obsolete = False
        self.notes = _Notes()
        """Comments of the entry to come."""
        self.entry_notes = self.notes
        self.at_start = True
        """No line but translator comments yet: they are the header's comment."""
        self.nplurals: int | None = None
        """The header's nplurals, once the header is read (None: not declared)."""

    def comment(self, stripped: str) -> None:
        kind = stripped[1:2]
        if kind not in _SPECIAL_COMMENTS:
            # As GNU gettext reads it: everything after the `#` but one space is a translator
            # comment, `#note` and `## note` too (msgcat writes them `# note`, `# # note`).
            text = stripped[2:] if kind == " " else stripped[1:]
            if self.at_start:
                self.catalog.header = f"{self.catalog.header}\n{text}" if self.catalog.header else text
            else:
                self.notes.tcomment.append(text)
            return
        self.at_start = False
        rest = stripped[2:]
        if kind == ",":
            self.notes.flags.extend(flag for flag in (piece.strip() for piece in rest.split(",")) if flag)
        elif kind == ".":
            self.notes.comment.append(rest[1:] if rest[:1] == " " else rest)
        elif kind == ":":
            self.notes.occurrences.extend(_occurrences(rest))
        elif kind == "|":
            self.previous_line(rest)
        # `#!` lines: GNU gettext reads and drops them.

    def previous_line(self, rest: str) -> None:
        """A `#|` (or `#~|`) line: a previous msgctxt, msgid or msgid_plural, or its continuation."""
        notes = self.notes
        match = _PREVIOUS_LINE.fullmatch(rest)
        if match:
            notes.previous_field = match.group(1)
            notes.previous[notes.previous_field] = _unescape(match.group(2))
        elif notes.previous_field and _STRING_LINE.fullmatch(rest):
            notes.previous[notes.previous_field] += _unescape(rest)

    def obsolete_line(self, rest: str, number: int) -> tuple[int, str] | None:
        """A `#~` line. Obsolete entries are read as they come, not checked (msgfmt ignores them)."""
        self.at_start = False
        if rest[:1] == "|":
            self.previous_line(rest[1:])
            return None
        match = _KEYWORD_LINE.fullmatch(rest)
        if match:
            name = match.group(1)
            if name in ("msgctxt", "msgid") and not (name == "msgid" and self.field == "msgctxt" and self.obsolete):
                error = self.begin(obsolete=True)
                if error:
                    return error
            elif not self.obsolete:
                return None  # an obsolete string of no obsolete entry
            if name in ("msgctxt", "msgid"):
                self.start = number
            self.field = name
            self.fields[name] = _unescape(match.group(2))
        elif self.obsolete and self.field and _STRING_LINE.fullmatch(rest):
            self.fields[self.field] += _unescape(rest)
        return None

    def keyword(self, line: str, stripped: str, number: int) -> tuple[int, str] | None:
        """A line that is not a comment: a keyword with its string, or a string continuing one."""
        self.at_start = False
        if stripped[0] == '"':
            if self.field and not self.obsolete and _STRING_LINE.fullmatch(stripped):
                self.fields[self.field] += _unescape(stripped)
                return None
            return (number, _malformed(line))
        plain = _plain_keyword(stripped)
        if plain is None:
            match = _KEYWORD_LINE.fullmatch(line)
            if match is None:
                return (number, _malformed(line))
            plain = match.group(1), _unescape(match.group(2))
        name, value = plain
        if name in ("msgctxt", "msgid") and not (name == "msgid" and self.field == "msgctxt" and not self.obsolete):
            error = self.begin(obsolete=False)
            if error:
                return error
            self.start = number
        elif name.startswith("msgstr") and (not self.field or self.obsolete):
            return (number, "msgstr without msgid")
        if name == "msgid":
            self.start = number  # msgfmt cites an entry at its msgid, after any msgctxt
        if name in self.fields:
            return (number, f"{name} repeated in one entry")
        self.field = name
        self.fields[name] = value
        return None

    def begin(self, obsolete: bool) -> tuple[int, str] | None:
        """End the current entry; the next one (obsolete or not) takes the comments read since."""
        error = self.finish()
        self.fields, self.field, self.obsolete = {}, "", obsolete
        self.entry_notes, self.notes = self.notes, _Notes()
        return error

    def finish(self) -> tuple[int, str] | None:
        """Add the current entry to the catalog, or say what msgfmt refuses in it."""
        fields = self.fields
        if not self.obsolete and self.field in ("msgid", "msgctxt", "msgid_plural"):
            return (self.start, "msgid without msgstr")
        if "msgid" not in fields:
            return None
        if not self.obsolete and not (fields.keys() <= _SINGULAR and "msgstr" in fields):
            problem = plural_problem(fields, self.nplurals)
            if problem:
                return (self.start, problem)
        unreadable = self.resolve_bytes()
        if unreadable:
            return unreadable
        entry = self.entry()
        if self.obsolete or entry.msgid or entry.msgctxt is not None or self.catalog.header_line:
            self.catalog.entries.append(entry)
            return None
        catalog = self.catalog
        catalog.header_line = self.start
        catalog.metadata = _metadata(entry.msgstr)
        catalog.metadata_is_fuzzy = entry.flags
        declared = _NPLURALS.search(entry.msgstr)
        if declared:
            self.nplurals = int(declared.group(1))
        return None

    def resolve_bytes(self) -> tuple[int, str] | None:
        """Decode the bytes that numeric escapes wrote (`\\303\\244` is "ä"); refuse a NUL or bytes
        that are not UTF-8."""
        for name, text in self.fields.items():
            if _BYTE_ESCAPED.search(text):
                resolved = _bytes_resolved(text)
                if resolved is None:
                    return (self.start, f"the escapes in {name} make a NUL or bytes that are not UTF-8")
                self.fields[name] = resolved
        return None

    def entry(self) -> Entry:
        fields, notes = self.fields, self.entry_notes
        plural = {} if "msgstr" in fields else {int(k[7:-1]): v for k, v in fields.items() if k.startswith("msgstr[")}
        return Entry(
            msgid=fields["msgid"],
            msgstr=fields.get("msgstr", ""),
            msgctxt=fields.get("msgctxt"),
            msgid_plural=fields.get("msgid_plural", ""),
            msgstr_plural=plural,
            tcomment="\n".join(notes.tcomment),
            comment="\n".join(notes.comment),
            occurrences=notes.occurrences,
            flags=notes.flags,
            previous_msgctxt=notes.previous.get("msgctxt"),
            previous_msgid=notes.previous.get("msgid"),
            previous_msgid_plural=notes.previous.get("msgid_plural"),
            obsolete=self.obsolete,
            linenum=self.start,
        )


def _malformed(line: str) -> str:
    """What is wrong with a line that is neither a comment, a keyword line nor a string."""
    stripped = line.strip()
    if stripped.startswith('"') or _KEYWORD_START.match(line):
        if stripped.count('"') % 2 == 1 or not stripped.endswith('"'):
            return "unterminated string"
        if _BAD_ESCAPE.search(stripped):
            return "invalid escape sequence in string"
        return "malformed string"
    return f"unexpected text: {_clip(stripped)}"


_PLAIN_KEYWORDS = frozenset({"msgctxt", "msgid", "msgid_plural", "msgstr"})


def _plain_keyword(stripped: str) -> tuple[str, str] | None:
    """A keyword line's keyword and text when its string has no escape (most lines), else None
    (the full pattern reads it)."""
    name, space, rest = stripped.partition(" ")
    if not space or name not in _PLAIN_KEYWORDS or "\\" in rest:
        return None
    rest = rest.strip()
    if len(rest) < 2 or rest[0] != '"' or rest.find('"', 1) != len(rest) - 1:
        return None
    return name, rest[1:-1]


def scan(text: str) -> Scan:
    """Read a catalog in one pass, checking it as strictly as msgfmt does.

    Everything is kept: the header (its comment, flags and fields), every entry's strings,
    comments, references, flags and previous (`#|`, `#~|`) strings, obsolete entries; each
    entry's `linenum` is the line of its msgid, where msgfmt cites it.
    """
    reader = _Reader()
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        first = stripped[0]
        if first == '"' and reader.field and not reader.obsolete:  # the commonest line: a string continued
            if "\\" not in stripped and stripped.find('"', 1) == len(stripped) - 1:
                reader.fields[reader.field] += stripped[1:-1]  # no escape, no inner quote: as written
                continue
            if _STRING_LINE.fullmatch(stripped):
                reader.fields[reader.field] += _unescape(stripped)
                continue
        if first == "#":
            if stripped[1:2] == "~":
                error = reader.obsolete_line(stripped[2:], number)
                if error:
                    return Scan(reader.catalog, error)
            else:
                # A comment keeps its trailing blanks, as GNU gettext keeps them.
                reader.comment(line.lstrip().rstrip("\r"))
            continue
        error = reader.keyword(line, stripped, number)
        if error:
            return Scan(reader.catalog, error)
    return Scan(reader.catalog, reader.finish())


_NPLURALS = re.compile(r"(?:^|[\s;])nplurals\s*=\s*(\d+)")


def plural_problem(fields: dict[str, str], nplurals: int | None) -> str | None:
    """What msgfmt refuses in an entry's use of plural forms (`fields`: keyword → text).

    `nplurals`: the header's count of plural forms, when it declares one.
    """
    indices = [int(name[7:-1]) for name in fields if name.startswith("msgstr[")]
    if "msgid_plural" not in fields:
        if indices:
            return "msgstr[N] without msgid_plural (use a plain msgstr, or add msgid_plural)"
        return None
    if "msgstr" in fields or not indices:
        return "msgid_plural with a plain msgstr (write msgstr[0], msgstr[1], …)"
    if indices != list(range(len(indices))):
        expected = next(i for i, index in enumerate(indices) if index != i)
        return f"plural form has wrong index (msgstr[{indices[expected]}] where msgstr[{expected}] belongs)"
    if nplurals is not None and len(indices) != nplurals:
        return f"the header declares nplurals = {nplurals}, but this message has {len(indices)} plural form(s)"
    return None


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

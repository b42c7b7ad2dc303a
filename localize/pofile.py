"""PO files in the exact layout GNU gettext writes, so `msgcat` and `msgmerge` make no diff.

polib reads catalogs and holds them; its own writer wraps lines differently from GNU
gettext (where a long word or a wide character meets the margin), so the text is laid out
here, following `write-po.c`: lines of at most `width` columns (79 unless told, like
`msgcat -w N`; 0 for `--no-wrap`), breaks after spaces (the space stays on the upper line),
`msgid ""` first when a string does not fit or holds a newline.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import polib

PAGE_WIDTH = 79
"""GNU gettext's default page width."""
NO_WRAP = 0
"""As a width: strings break only after their newlines (`msgcat --no-wrap`)."""
MIN_WIDTH = 20
"""GNU gettext lays out narrower widths as this one."""
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}


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
    if unicodedata.east_asian_width(char) in "WF":
        category = unicodedata.category(char)
        if category in ("Pe", "Pf") or char in "、。，．：；！？":
            return "CL"
        if category in ("Ps", "Pi"):
            return "OP"
        return "ID"
    category = unicodedata.category(char)
    if category.startswith("M"):
        return "CM"
    if category == "Pd":
        return "BA"
    if category in ("Ps",):
        return "OP"
    if category in ("Pe",):
        return "CL"
    return "AL"


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
    wide = _wide_positions(text)
    # Never inside an escape sequence, nor before the `\n` that ends a portion.
    inside_escape = set()
    if "\\" in text:
        for match in _ESCAPE_SEQUENCE.finditer(text):
            inside_escape.add(match.start() + 1)
            if match.group() == "\\n":
                inside_escape.add(match.start())

    def columns(start: int, end: int) -> int:
        if not wide:
            return end - start
        return end - start + bisect_left(wide, end) - bisect_left(wide, start)

    def breakable(index: int) -> bool:
        if text[index] in _ASCII_ALNUM and text[index - 1] in _ASCII_ALNUM:
            return False  # inside a word (the pair rule, quickly)
        return index not in inside_escape and _break_before(text, index)

    lines: list[str] = []
    start = 0
    while columns(start, length) > width:
        limit = min(length, start + width)
        while limit > start and columns(start, limit) > width:
            limit -= 1
        # The last opportunity that fits, else the first one after (or the end).
        cut = min(limit, length - 1)
        while cut > start and not breakable(cut):
            cut -= 1
        if cut == start:
            cut = limit + 1
            while cut < length and not breakable(cut):
                cut += 1
            cut = min(cut, length)
        lines.append(text[start:cut])
        start = cut
    if start < length or not lines:
        lines.append(text[start:])
    return lines


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


def format_entry(entry: polib.POEntry, width: int = PAGE_WIDTH) -> list[str]:
    """One entry's lines at `width` (see `page_width`), without the blank separator line."""
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


def format_header(po: polib.POFile, width: int = PAGE_WIDTH) -> list[str]:
    lines: list[str] = []
    if po.header:
        lines.extend(f"# {line}" if line else "#" for line in po.header.split("\n"))
    flags = po.metadata_is_fuzzy
    if isinstance(flags, list) and flags:
        lines.append("#, " + ", ".join(flags))
    elif flags is True or flags == 1:
        lines.append("#, fuzzy")
    value = "".join(f"{key}: {val}\n" for key, val in po.metadata.items())
    lines.extend(format_string("msgid", "", "", width))
    lines.extend(format_string("msgstr", value, "", width))
    return lines


def format_po(po: polib.POFile, body: str | None = None, width: int = PAGE_WIDTH) -> str:
    """The whole catalog as text at `width` (see `page_width`): header, active entries,
    then obsolete ones.

    `body`: the entries' text from `format_body` at the same width, when another catalog
    with the very same entries (a template and its fresh catalog) has already been formatted.
    """
    width = page_width(width)
    header = "\n".join(format_header(po, width)) + "\n"
    return header + (format_body(po, width) if body is None else body)


def format_body(po: polib.POFile, width: int = PAGE_WIDTH) -> str:
    """The entries of a catalog as text (each after a blank line): active, then obsolete."""
    width = page_width(width)
    active = [entry for entry in po if not entry.obsolete]
    obsolete = [entry for entry in po if entry.obsolete]
    return "".join("\n" + "\n".join(format_entry(entry, width)) + "\n" for entry in active + obsolete)


_STRING = r'"(?:[^"\\]|\\(?:[ntrabfv\\"\'?]|[0-7]{1,3}|x[0-9A-Fa-f]+))*"'
_KEYWORD_LINE = re.compile(rf"\s*(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+({_STRING})\s*")
_STRING_LINE = re.compile(rf"\s*{_STRING}\s*")
_BAD_ESCAPE = re.compile(r'\\(?![ntrabfv\\"\'?0-7x])')


class Message(NamedTuple):
    """An active (not obsolete) entry as the build and coverage need it."""

    msgctxt: str | None
    msgid: str
    msgstr: str
    """The translation; empty for a plural entry, which no segment uses."""
    fuzzy: bool
    line: int
    """Line of the entry's msgid, 1-based (where msgfmt cites an entry, msgctxt or not)."""
    plural: bool = False
    """The entry has a msgid_plural (Markdown never makes one; translators' tools may)."""


class Scan(NamedTuple):
    messages: list[Message]
    error: tuple[int, str] | None
    obsolete: int = 0
    """Obsolete (`#~`) entries."""


_UNESCAPE = re.compile(r"\\(?:([ntrabfv\\\"'?])|([0-7]{1,3})|x([0-9A-Fa-f]+))")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unescape(quoted: str) -> str:
    inner = quoted.strip()[1:-1]
    if "\\" not in inner:
        return inner

    def replace(match: re.Match[str]) -> str:
        simple, octal, hexadecimal = match.groups()
        if simple:
            return _SIMPLE.get(simple, simple)
        return chr(int(octal, 8)) if octal else chr(int(hexadecimal, 16))

    return _UNESCAPE.sub(replace, inner)


def scan(text: str) -> Scan:
    """Check a PO file as strictly as msgfmt and collect its active messages in one pass.

    polib accepts some broken input silently (it drops the last character of an
    unterminated string), so every catalog goes through this first.
    """
    messages: list[Message] = []
    fields: dict[str, str] = {}
    field = ""
    start = 0
    flags: list[str] = []
    entry_flags: list[str] = []
    obsolete = 0
    nplurals: list[int] = []
    """The header's nplurals, once the header is read (empty: not declared)."""

    def finish() -> tuple[int, str] | None:
        if "msgid" not in fields:
            return None
        problem = plural_problem(fields, nplurals[0] if nplurals else None)
        if problem:
            return (start, problem)
        plural = "msgid_plural" in fields
        msgstr = "" if plural else fields.get("msgstr", "")
        messages.append(Message(fields.get("msgctxt"), fields["msgid"], msgstr, "fuzzy" in entry_flags, start, plural))
        if fields["msgid"] == "" and "msgctxt" not in fields and not nplurals:
            declared = _NPLURALS.search(msgstr)
            if declared:
                nplurals.append(int(declared.group(1)))
        return None

    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped[0] == "#":
            if stripped.startswith("#,"):
                flags.extend(flag.strip() for flag in stripped[2:].split(","))
            elif stripped.startswith("#~ msgid "):
                obsolete += 1
            continue
        keyword = _KEYWORD_LINE.fullmatch(line)
        if keyword:
            name = keyword.group(1)
            if name in ("msgctxt", "msgid") and not (name == "msgid" and field == "msgctxt"):
                if field in ("msgid", "msgctxt", "msgid_plural"):
                    return Scan(messages, (start, "msgid without msgstr"))
                error = finish()
                if error:
                    return Scan(messages, error)
                fields, start, entry_flags, flags = {}, number, flags, []
            elif name.startswith("msgstr") and not field:
                return Scan(messages, (number, "msgstr without msgid"))
            if name == "msgid":
                start = number  # msgfmt cites an entry at its msgid, after any msgctxt
            if name in fields:
                return Scan(messages, (number, f"{name} repeated in one entry"))
            field = name
            fields[name] = _unescape(keyword.group(2))
            continue
        if field and _STRING_LINE.fullmatch(line):
            fields[field] += _unescape(stripped)
            continue
        if stripped.startswith('"') or re.match(r"\s*(msgctxt|msgid|msgid_plural|msgstr)", line):
            if stripped.count('"') % 2 == 1 or not stripped.endswith('"'):
                return Scan(messages, (number, "unterminated string"))
            if _BAD_ESCAPE.search(stripped):
                return Scan(messages, (number, "invalid escape sequence in string"))
            return Scan(messages, (number, "malformed string"))
        return Scan(messages, (number, f"unexpected text: {_clip(stripped)}"))
    if field in ("msgid", "msgctxt", "msgid_plural"):
        return Scan(messages, (start, "msgid without msgstr"))
    error = finish()
    if error:
        return Scan(messages, error)
    return Scan(messages, None, obsolete)


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

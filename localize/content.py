"""What a catalog says, apart from how it is laid out.

Translators' tools re-save catalogs their own way: polib and translate-toolkit wrap lines
differently, `msgcat -w N` and `--no-wrap` change the width, Poedit may reorder entries
and adds header fields. None of that changes a catalog's content: its entries (strings,
comments, flags, references, previous strings, obsolete entries) and its header fields,
except the creation date, which follows the template. Content is compared, never bytes.
Extracted comments (`#.`) are compared without their white space: polib re-wraps them at its
width, at spaces and after hyphens.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from .pofile import DATE_FIELD, Catalog, Entry, scan

IGNORED_FIELDS = frozenset({DATE_FIELD})
"""Header fields that are not content: the template's date, set by each extraction."""


class Content(NamedTuple):
    """A catalog's content, equal for every layout of the same catalog."""

    header: tuple[object, ...]
    """The header's comment, fuzzy flag and fields (without IGNORED_FIELDS), in any order."""
    entries: Counter[tuple[object, ...]]
    """Every entry with all it holds, in any order."""


def content(po: Catalog) -> Content:
    """The content of a catalog."""
    fields = sorted((key, value) for key, value in po.metadata.items() if key not in IGNORED_FIELDS)
    header = (po.header, bool(po.metadata_is_fuzzy), tuple(fields))
    return Content(header, Counter(_entry(entry) for entry in po))


def _entry(entry: Entry) -> tuple[object, ...]:
    return (
        entry.obsolete,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural or None,
        entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())),
        entry.tcomment or "",
        "".join((entry.comment or "").split()),  # polib wraps extracted comments at its width, also after a hyphen
        tuple(sorted(set(entry.occurrences))),  # msgcat drops a repeated reference
        tuple(sorted(entry.flags)),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
    )


def read(text: str) -> Content | None:
    """The content of a catalog's text, or None when it is not a well-formed catalog."""
    scanned = scan(text)
    return content(scanned.catalog) if scanned.error is None else None


def same(current: str, new: str, current_po: Catalog | None = None) -> bool:
    """Whether two catalog texts say the same (`current_po`: `current` already parsed)."""
    if current == new:
        return True
    before = content(current_po) if current_po is not None else read(current)
    return before is not None and before == read(new)

"""The one lookup of a translation: an article's segment → its catalog's entry.

An entry is found by its key (msgctxt, msgid); a segment without context is also answered
by the one entry with its msgid when that entry has a msgctxt a translator added. A
regional language (`de_AT`) falls back to its base language's catalog (`de`) for a segment
its own catalog has no usable translation for. Build, check, coverage, review and import
all ask here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, TypeGuard

from .model import Segment
from .pofile import Catalog, Entry, Key


class Translation(NamedTuple):
    """A usable translation on its way to the build, and where it was written."""

    text: str
    catalog: str
    """Catalog path as shown to people."""
    line: int
    """Line of the entry in the catalog (1-based), 0 when unknown."""
    fallback: bool = False
    """From the base language's catalog (`de` for `de_AT`), the language's own having none."""


def usable(entry: Entry | None, use_fuzzy: bool = False) -> TypeGuard[Entry]:
    """Whether the build may use an entry's translation: a msgstr (a plural entry has none),
    and not fuzzy unless asked."""
    return entry is not None and bool(entry.msgstr) and bool(entry.msgid) and (use_fuzzy or not entry.fuzzy)


def _by_key(entries: Iterable[Entry]) -> dict[Key, Entry]:
    """Active entries by key; under (None, msgid), when that entry is missing or has no
    translation, the one entry with a msgctxt that has the msgid (a translator's addition)."""
    table: dict[Key, Entry] = {}
    contexts: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.obsolete:
            continue
        table[(entry.msgctxt, entry.msgid)] = entry
        if entry.msgctxt is not None:
            contexts.setdefault(entry.msgid, []).append(entry)
    for msgid, found in contexts.items():
        own = table.get((None, msgid))
        if len(found) == 1 and (own is None or (not own.msgstr and found[0].msgstr)):
            table[(None, msgid)] = found[0]
    return table


class Lookup:
    """The entries of one article's catalog in one language (and its base language's)."""

    def __init__(self, catalog: Catalog | None, shown: str = "", base: Lookup | None = None) -> None:
        self.catalog = catalog
        self.shown = shown
        """The catalog's path as shown to people."""
        self.base = base
        """The base language's lookup, for a regional language."""
        self.table = _by_key(catalog) if catalog is not None else {}

    def entry(self, key: Key) -> Entry | None:
        """The entry for a segment's key, if the catalog has one."""
        return self.table.get(key)

    def translation(self, segment: Segment, use_fuzzy: bool = False) -> Translation | None:
        """The translation the build applies to a segment: the catalog's own, else the base language's."""
        key = (segment.context, segment.source)
        entry = self.table.get(key)
        if usable(entry, use_fuzzy):
            return Translation(entry.msgstr, self.shown, entry.linenum)
        if self.base is None:
            return None
        entry = self.base.table.get(key)
        if usable(entry, use_fuzzy):
            return Translation(entry.msgstr, self.base.shown, entry.linenum, fallback=True)
        return None

    def base_translates(self, key: Key) -> bool:
        """Whether the base language's catalog has a usable (not fuzzy) translation for the key."""
        return self.base is not None and usable(self.base.table.get(key))

    def changes_nothing(self, use_fuzzy: bool = False) -> bool:
        """Whether no usable translation (own or the base's) differs from its source: a build
        copies the article."""
        lookups = [self] if self.base is None else [self, self.base]
        return all(
            entry.msgstr == entry.msgid
            for lookup in lookups
            for entry in lookup.table.values()
            if usable(entry, use_fuzzy)
        )

"""Catalogs: a template from a document's segments, merged into a language's catalog.

Entries are keyed by (msgctxt, msgid). The merge keeps every translation: unchanged
sources keep theirs, edited sources get the closest old translation marked fuzzy with the
previous msgid, and translations whose source is gone stay as obsolete entries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .inline import Context, analyze
from .memory import SimilarityIndex
from .model import Document, Segment
from .pofile import DATE_FIELD, Catalog, Entry, Key
from .terms import Matcher


def key_of(entry: Entry | Segment) -> Key:
    """The (msgctxt, msgid) that identifies an entry or the entry a segment belongs to."""
    if isinstance(entry, Segment):
        return (entry.context, entry.source)
    return (entry.msgctxt, entry.msgid)


def format_date(moment: dt.datetime) -> str:
    """A header date as GNU gettext writes it: `2026-11-23 07:14+0000`."""
    return moment.strftime("%Y-%m-%d %H:%M%z")


MAX_COMMENTS = 5
"""An entry used in many places describes the first few; its references list them all."""


def template(document: Document, creation_date: str, references: str = "line", terms: Matcher | None = None) -> Catalog:
    """The template (POT) of one article: one entry per distinct (context, text), in order;
    with `terms`, each entry's comment ends with the terms its text holds."""
    pot = Catalog()
    pot.header = f"Translation template for {document.path}."
    pot.metadata = {
        "Project-Id-Version": document.name or document.path,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": creation_date,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    entries: dict[Key, Entry] = {}
    comments: dict[Key, dict[str, None]] = {}
    firsts: dict[Key, Segment] = {}
    for segment in document.segments:
        key = key_of(segment)
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = Entry(msgctxt=segment.context, msgid=segment.source, msgstr="")
            comments[key] = {}
            firsts[key] = segment
            pot.append(entry)
        comments[key][segment.comment] = None
        if references == "line":
            reference = (document.path, str(segment.line))
            if not entry.occurrences or entry.occurrences[-1] != reference:  # msgcat drops repeats too
                entry.occurrences.append(reference)
        elif references == "file" and not entry.occurrences:
            entry.occurrences.append((document.path, ""))
    context = Context.of(document.definitions) if terms else None
    for key, entry in entries.items():
        lines = list(comments[key])
        if len(lines) > MAX_COMMENTS:
            lines = lines[:MAX_COMMENTS] + [f"… and in {len(lines) - MAX_COMMENTS} more places"]
        if terms and context is not None:
            note = term_note(entry.msgid, terms, context, firsts[key].syntax.startswith("code:"))
            lines += [note] if note else []
        entry.comment = "\n".join(lines)
    return pot


def term_note(text: str, terms: Matcher, context: Context, code: bool = False) -> str:
    """The terms in the words of `text` (a segment's, read in its article's `context`; of
    code, its text as it is) and their required translations, for the entry's comment."""
    if not terms.find(text):  # most texts hold no term: they are not parsed
        return ""
    return terms.note(text if code else analyze(text, context).prose)


@dataclass(frozen=True, slots=True)
class MergeStats:
    """What a merge did."""

    kept: int = 0
    """Entries whose source is unchanged and that carry a translation over."""
    fuzzy: int = 0
    """Entries newly fuzzy: an edited source got the closest old translation."""
    new: int = 0
    """Entries with no translation to carry over."""
    obsolete: int = 0
    """Active entries newly obsolete (their source is gone)."""


@dataclass(frozen=True, slots=True)
class Counts:
    """The state of a catalog's active entries (the header not counted), as coverage sees it."""

    translated: int = 0
    """A msgstr, not fuzzy (what the build uses)."""
    fuzzy: int = 0
    """A msgstr marked fuzzy (what `build --use-fuzzy` uses)."""
    untranslated: int = 0
    """Neither: no msgstr (fuzzy or not), or a plural entry (which no segment uses).

    polib agrees except on these two rarities: it calls an empty fuzzy entry fuzzy, and a
    plural entry translated (or fuzzy) by its msgstr[N]."""
    plural: int = 0
    """Of the untranslated: plural entries (`msgid_plural`), kept but never used by the build."""
    obsolete: int = 0


def counts(po: Catalog) -> Counts:
    """How many entries of `po` are translated, fuzzy, untranslated (plural among them), obsolete."""
    translated = fuzzy = untranslated = plural = obsolete = 0
    for entry in po:
        if entry.obsolete:
            obsolete += 1
        elif entry.msgid_plural:
            untranslated += 1
            plural += 1
        elif not entry.msgstr:
            untranslated += 1
        elif "fuzzy" in entry.flags:
            fuzzy += 1
        else:
            translated += 1
    return Counts(translated, fuzzy, untranslated, plural, obsolete)


REQUIRED_HEADER = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", "Plural-Forms",
)
"""Header fields in the order GNU gettext writes them (msginit's header)."""


def with_required_header(metadata: dict[str, str], language: str, plural_forms: str) -> dict[str, str]:
    """The header `metadata` with Language, MIME-Version, Content-Type (UTF-8),
    Content-Transfer-Encoding and Plural-Forms restored where missing, empty or still the
    template's placeholder (`charset=CHARSET`, `nplurals=INTEGER`).

    Fields that are present keep their values (a translator's own Plural-Forms stays); a
    restored field goes where GNU gettext puts it, after the fields before it in that order.
    """
    wanted = {
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
    }
    missing = {key: value for key, value in wanted.items() if not metadata.get(key, "").strip()}
    content_type = metadata.get("Content-Type", "charset=")
    if "charset=" not in content_type or "charset=CHARSET" in content_type:  # none, or the template's placeholder
        missing["Content-Type"] = wanted["Content-Type"]
    if "INTEGER" in metadata.get("Plural-Forms", ""):  # the template's placeholder
        missing["Plural-Forms"] = plural_forms
    if not missing:
        return metadata
    items = [(key, value) for key, value in metadata.items() if key not in missing]
    for key in REQUIRED_HEADER:
        if key not in missing:
            continue
        before = set(REQUIRED_HEADER[: REQUIRED_HEADER.index(key)])
        position = max((i + 1 for i, (name, _) in enumerate(items) if name in before), default=0)
        items.insert(position, (key, missing[key]))
    return dict(items)


def plural_mismatch(po: Catalog) -> Entry | None:
    """The first active plural entry whose count of forms is not the header's nplurals."""
    declared = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    if declared is None:
        return None
    for entry in po:
        if not entry.obsolete and entry.msgid_plural and len(entry.msgstr_plural) != int(declared.group(1)):
            return entry
    return None


def added_context(pot: Catalog, old: Catalog) -> Entry | None:
    """The first translated active entry of `old` with a msgctxt the template lacks, whose
    msgid the template has (without that context) and `old` does not translate otherwise.

    Templates never carry a msgctxt, so it was added by hand, and `msgmerge --previous`
    would turn the entry fuzzy (its context no longer matches).
    """
    template_keys = {key_of(source) for source in pot}
    old_keys = {key_of(entry) for entry in old if not entry.obsolete}
    unanswered = {source.msgid for source in pot if key_of(source) not in old_keys}
    for entry in old:
        if entry.obsolete or entry.msgctxt is None or key_of(entry) in template_keys:
            continue
        if entry.msgid in unanswered and translated(entry):
            return entry
    return None


def new_catalog(pot: Catalog, language: str, plural_forms: str, revision_date: str) -> Catalog:
    """An empty catalog for `language` with the template's header."""
    po = Catalog()
    po.header = pot.header.replace("Translation template", f"{language} translation", 1)
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "PO-Revision-Date": revision_date,
            "Last-Translator": "",
            "Language-Team": "",
            "Language": language,
            "Plural-Forms": plural_forms,
        }
    )
    return po


def fresh_catalog(
    pot: Catalog, language: str, plural_forms: str, share: bool = False, date: str | None = None
) -> tuple[Catalog, MergeStats]:
    """What `merge` makes of the template and an empty catalog: every entry new, dated `date`
    (default: the template's date), which is its revision date too.

    With `share`, the catalog holds the template's own entries (for a caller that changes
    neither); otherwise copies.
    """
    date = pot.metadata[DATE_FIELD] if date is None else date
    po = new_catalog(pot, language, plural_forms, date)
    po.metadata[DATE_FIELD] = date
    po.extend(pot if share else (_copy_template_entry(entry) for entry in pot))
    return po, MergeStats(new=len(pot))


def merge(
    pot: Catalog, old: Catalog, language: str | None = None, date: str | None = None
) -> tuple[Catalog, MergeStats]:
    """The catalog `old` updated to the template `pot` (like `msgmerge --previous`).

    The header of `old` is kept except POT-Creation-Date, which becomes `date` (default: the
    template's); with `language`, required fields that were removed come back. Nothing
    translated is dropped. A plural entry stays
    active while the template has its msgid, and obsolete, with every msgstr[N], when not.
    """
    po = Catalog()
    po.header = old.header
    po.metadata = dict(old.metadata)
    if language is not None:
        po.metadata = with_required_header(po.metadata, language, plural_forms(language))
    po.metadata_is_fuzzy = list(old.metadata_is_fuzzy)
    po.metadata[DATE_FIELD] = pot.metadata[DATE_FIELD] if date is None else date

    by_key: dict[Key, Entry] = {}
    for entry in old:
        # Active entries win over obsolete ones with the same key.
        if key_of(entry) not in by_key or not entry.obsolete:
            by_key[key_of(entry)] = entry
    used: set[Key] = set()
    unmatched: list[Entry] = []
    kept = new = 0
    for source in pot:
        entry = _copy_template_entry(source)
        previous = by_key.get(key_of(source))
        if previous is not None:
            used.add(key_of(previous))
            _carry_over(previous, entry)
            kept += 1 if translated(entry) else 0
            new += 0 if translated(entry) else 1
        else:
            unmatched.append(entry)
        po.append(entry)

    # Plural entries are no match for a singular source: they stay whole, as obsolete ones.
    candidates = [e for e in old if key_of(e) not in used and e.msgstr and not e.msgid_plural]
    matches = _closest(unmatched, candidates)
    fuzzy = 0
    for entry in unmatched:
        match = matches.get(id(entry))
        if match is None:
            new += 1
            continue
        entry.msgstr = match.msgstr
        entry.tcomment = match.tcomment
        entry.flags = list(match.flags)
        entry.mark_fuzzy()
        entry.previous_msgctxt = match.msgctxt if match.msgctxt != entry.msgctxt else None
        entry.previous_msgid = match.msgid
        fuzzy += 1

    # Whatever was translated or commented and is neither used nor consumed stays, obsolete.
    consumed = {id(match) for match in matches.values()}
    seen = {key_of(entry) for entry in po}
    obsolete = 0
    for entry in old:
        key = key_of(entry)
        if key in seen or id(entry) in consumed or not (translated(entry) or entry.tcomment):
            continue
        seen.add(key)
        po.append(_obsolete_copy(entry))
        obsolete += 0 if entry.obsolete else 1
    return po, MergeStats(kept=kept, fuzzy=fuzzy, new=new, obsolete=obsolete)


def translated(entry: Entry) -> bool:
    """Whether an entry holds any translation: a msgstr, or one of its msgstr[N]."""
    return entry.translated()


def _obsolete_copy(entry: Entry) -> Entry:
    """An entry kept as obsolete: its strings, translator comment and flags; an entry that was
    obsolete already keeps its previous (`#~|`) strings too."""
    copy = Entry(
        msgctxt=entry.msgctxt,
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=dict(entry.msgstr_plural),
        tcomment=entry.tcomment,
        flags=list(entry.flags),
        obsolete=True,
    )
    if entry.obsolete:
        copy.previous_msgctxt = entry.previous_msgctxt
        copy.previous_msgid = entry.previous_msgid
        copy.previous_msgid_plural = entry.previous_msgid_plural
    return copy


def _copy_template_entry(source: Entry) -> Entry:
    entry = Entry(msgctxt=source.msgctxt, msgid=source.msgid, msgstr="")
    entry.comment = source.comment
    entry.occurrences = list(source.occurrences)
    return entry


def _carry_over(previous: Entry, entry: Entry) -> None:
    """Keep the translator's work on an entry whose source did not change."""
    entry.linenum = previous.linenum  # where a diagnostic about it points
    entry.msgstr = previous.msgstr
    entry.msgid_plural = previous.msgid_plural
    entry.msgstr_plural = dict(previous.msgstr_plural)
    entry.tcomment = previous.tcomment
    entry.flags = list(previous.flags)
    if "fuzzy" in entry.flags:
        entry.previous_msgctxt = previous.previous_msgctxt
        entry.previous_msgid = previous.previous_msgid
        entry.previous_msgid_plural = previous.previous_msgid_plural


def _closest(
    wanted: Sequence[Entry], candidates: Sequence[Entry]
) -> dict[int, Entry]:
    """For each wanted entry (by id), the most similar candidate above the cutoff, each used once."""
    if not wanted or not candidates:
        return {}
    index = SimilarityIndex([candidate.msgid for candidate in candidates])
    scored = [
        (ratio, position, number)
        for position, entry in enumerate(wanted)
        for ratio, number in index.matches(entry.msgid)
    ]
    result: dict[int, Entry] = {}
    taken: set[int] = set()
    for _, position, number in sorted(scored, key=lambda item: (-item[0], item[1], item[2])):
        entry = wanted[position]
        if id(entry) in result or number in taken:
            continue
        result[id(entry)] = candidates[number]
        taken.add(number)
    return result


@cache
def plural_forms(language: str) -> str:
    """The Plural-Forms header for a language, from Babel's CLDR data."""
    from babel.messages.plurals import get_plural  # lazy: 17 ms to import; build and check never need it

    plural = get_plural(language)
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"

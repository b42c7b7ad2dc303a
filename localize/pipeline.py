"""The commands' work for one project: read, run the pure core, write. No printing here."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import catalog, content, files
from .memory import FillStats, Memory, fill
from .model import Diagnostic, Document, LocalizeError, Segment
from .pofile import format_body, format_po
from .segment import SegmentOptions, parse

if TYPE_CHECKING:
    import polib

    from .config import Config
    from .coverage import ArticleCoverage
    from .pofile import Scan
    from .render import Built, Translation


def creation_date() -> str:
    """Now, or SOURCE_DATE_EPOCH for reproducible output, as a PO header date (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.isdigit() else dt.datetime.now(dt.timezone.utc)
    return catalog.format_date(moment)


def select_articles(config: Config, names: Iterable[str]) -> dict[str, Path]:
    """The project's articles, or those named (by name or path); unknown names are errors."""
    available = files.discover_articles(config)
    wanted = list(names)
    if not wanted:
        return available
    chosen: dict[str, Path] = {}
    for name in wanted:
        key = name.removesuffix(".md")
        candidate = Path(name)
        if key not in available and candidate.suffix == ".md":
            try:
                key = (Path.cwd() / candidate).resolve().relative_to(config.articles_dir.resolve()).with_suffix("").as_posix()
            except ValueError:
                pass
        if key not in available:
            raise LocalizeError(Diagnostic(name, 0, f"no such article in {config.articles}/"))
        chosen[key] = available[key]
    return chosen


def load_document(
    config: Config, name: str, path: Path, text: str | None = None, signatures: bool = False
) -> Document:
    """The article segmented with the project's options (`text`: its contents, if already
    read; `signatures`: with its structure digests, for a build's check)."""
    shown = config.relative(path)
    if text is None:
        text = files.read_text(path, shown)
    relative = path.relative_to(config.articles_dir)
    toc = any(relative.match(pattern) for pattern in config.toc)
    options = SegmentOptions(front_matter_keys=config.front_matter_keys, code=config.code, toc=toc)
    return parse(shown, text, name=name, options=options, signatures=signatures)


@dataclass(slots=True)
class ExtractResult:
    article: str
    segments: int
    entries: int
    written: int = 0
    """Files written (template and catalogs)."""
    stale: list[str] = field(default_factory=list)
    """In check mode: files whose content is out of date."""
    missing: list[str] = field(default_factory=list)
    """In check mode: files that do not exist yet."""
    relaid: list[str] = field(default_factory=list)
    """In check mode: files up to date but laid out otherwise (`extract` rewrites them)."""
    merges: dict[str, catalog.MergeStats] = field(default_factory=dict)
    filled: dict[str, FillStats] = field(default_factory=dict)
    counts: dict[str, catalog.Counts] = field(default_factory=dict)
    """Each catalog's entries after the run (purged obsolete ones not counted)."""
    purged: dict[str, int] = field(default_factory=dict)
    """Obsolete entries dropped by --purge-obsolete."""


class Memories:
    """Translation memory per language, loaded on first use: compendia, then every catalog."""

    def __init__(self, config: Config, compendia: Iterable[Path]) -> None:
        self.config = config
        self.compendia = list(compendia)
        self.loaded: dict[str, Memory] = {}

    def get(self, language: str) -> Memory:
        memory = self.loaded.get(language)
        if memory is None:
            memory = self.loaded[language] = Memory()
            for path in self.compendia:
                memory.add(files.read_po(path, str(path)))
            catalogs = self.config.locale_dir / language / "LC_MESSAGES"
            for path in sorted(catalogs.rglob("*.po")) if catalogs.is_dir() else ():
                memory.add(files.read_po(path, self.config.relative(path)))
        return memory


def _render_with_stable_date(
    po: polib.POFile, body: str, existing: str | None, date_key: str, fresh_date: str, width: int
) -> str:
    """Render `po` (entries already formatted as `body`) at `width`; keep the date of the
    `existing` text when nothing else changed but the layout (no date churn)."""
    old_date = _header_value(existing, date_key) if existing is not None else None
    if old_date is None:
        po.metadata[date_key] = fresh_date
        return format_po(po, body, width)
    po.metadata[date_key] = old_date
    text = format_po(po, body, width)
    if existing is not None and content.same(existing, text):
        return text
    po.metadata[date_key] = fresh_date
    return format_po(po, body, width)


def _header_value(text: str, key: str) -> str | None:
    """A header field's value, from its line; from the parsed header when the line is
    wrapped (a narrow layout) or the field is absent."""
    marker = f'"{key}: '
    start = text.find(marker)
    end = text.find('\\n"', start)
    if start >= 0 and end > 0 and '"' not in text[start + 1 : end]:
        return text[start + len(marker) : end]
    import polib

    header_end = text.find("\n\n")
    try:
        header = polib.pofile(text if header_end < 0 else text[: header_end + 1])
    except (OSError, ValueError):
        return None
    return header.metadata.get(key)


@dataclass(frozen=True)
class ExtractOptions:
    """How `extract` treats the catalogs."""

    purge_obsolete: bool = False
    """Drop obsolete entries instead of keeping them."""
    check: bool = False
    """Write nothing; report which files would change."""


def extract(
    config: Config,
    name: str,
    path: Path,
    languages: Iterable[str],
    date: str,
    memories: Memories | None = None,
    options: ExtractOptions = ExtractOptions(),
    text: str | None = None,
) -> ExtractResult:
    """Write the article's template and merge it into each language's catalog (`text`: the
    article's contents, if already read)."""
    document = load_document(config, name, path, text)
    pot = catalog.template(document, date, config.references)
    result = ExtractResult(article=name, segments=len(document.segments), entries=len(pot))
    pot_path = config.template_path(name)
    pot_shown = config.relative(pot_path)
    pot_current = files.read_text_if_exists(pot_path, pot_shown)
    pot_body = format_body(pot, config.wrap)
    # Every catalog is read, checked and merged before the first write.
    text = _render_with_stable_date(pot, pot_body, pot_current, "POT-Creation-Date", date, config.wrap)
    outputs: list[tuple[Path, str, str, str | None, polib.POFile | None]] = []
    for language in languages:
        po_path = config.catalog_path(language, name)
        po_shown = config.relative(po_path)
        files.ensure_inside(config, po_path)
        po_current = files.read_text_if_exists(po_path, po_shown)
        old: polib.POFile | None = None
        if po_current is None:
            # Entries are only changed by filling them from memory.
            merged, stats = catalog.fresh_catalog(pot, language, catalog.plural_forms(language), memories is None)
            body: str | None = pot_body
        else:
            old = files.parse_po(po_current, po_shown)
            _refuse_added_context(pot, old, po_shown)
            merged, stats = catalog.merge(pot, old, language)
            _refuse_plural_mismatch(merged, po_shown)
            body = None
        result.merges[language] = stats
        if memories is not None and any(not entry.msgstr for entry in merged if not entry.obsolete):
            filled = result.filled[language] = fill(merged, memories.get(language))
            body = None if filled.total else body
        if options.purge_obsolete:
            dropped = [entry for entry in merged if entry.obsolete]
            for entry in dropped:
                merged.remove(entry)
            result.purged[language] = len(dropped)
        result.counts[language] = catalog.counts(merged)
        outputs.append((po_path, format_po(merged, body, config.wrap), po_shown, po_current, old))
    _store(pot_path, text, pot_shown, pot_current, options, result)
    for po_path, po_text, po_shown, po_current, po_old in outputs:
        _store(po_path, po_text, po_shown, po_current, options, result, po_old)
    return result


def _refuse_plural_mismatch(po: polib.POFile, shown: str) -> None:
    """A plural entry whose forms disagree with a Plural-Forms header restored by the merge
    (a header that declares one was checked when the catalog was read)."""
    entry = catalog.plural_mismatch(po)
    if entry is not None:
        raise LocalizeError(
            Diagnostic(
                shown,
                entry.linenum or 0,
                f"this message has {len(entry.msgstr_plural)} plural form(s), but the catalog has no "
                f"Plural-Forms header and its language's is \"{po.metadata.get('Plural-Forms', '')}\"; "
                "add the Plural-Forms header that fits the translations",
            )
        )


def _refuse_added_context(pot: polib.POFile, old: polib.POFile, shown: str) -> None:
    """A msgctxt added by hand is refused: `msgmerge --previous` would make its entry fuzzy."""
    entry = catalog.added_context(pot, old)
    if entry is None:
        return
    msgid = entry.msgid if len(entry.msgid) <= 40 else entry.msgid[:39] + "…"
    raise LocalizeError(
        Diagnostic(
            shown,
            entry.linenum or 0,
            f'msgctxt "{entry.msgctxt}" is not in the template, which has "{msgid}" without one '
            "(msgmerge would mark the entry fuzzy); delete the msgctxt line to keep the translation",
        )
    )


def _store(
    path: Path,
    text: str,
    shown: str,
    current: str | None,
    options: ExtractOptions,
    result: ExtractResult,
    current_po: polib.POFile | None = None,
) -> None:
    """Write a file if its text (`current`, None when absent; `current_po`, parsed) changed;
    in check mode only note whether it is missing, out of date or only laid out otherwise."""
    if not options.check:
        if files.write_if_changed(path, text, shown, current):
            result.written += 1
    elif current is None:
        result.missing.append(shown)
    elif current != text:
        (result.relaid if content.same(current, text, current_po) else result.stale).append(shown)


def load_messages(config: Config, language: str, name: str) -> tuple[str, Scan | None]:
    """The catalog's path as shown, and its checked messages (None when it does not exist)."""
    po_path = config.catalog_path(language, name)
    shown = config.relative(po_path)
    files.ensure_inside(config, po_path)
    if not po_path.exists():
        return shown, None
    return shown, files.read_messages(po_path, shown)


def fallback_language(config: Config, language: str) -> str | None:
    """The base a regional language falls back to (`de` for `de_AT`), unless it is the source.

    The base need not be a target language: its catalogs are read wherever they exist."""
    from .tags import base_of, tag_of

    base = base_of(language)
    return None if base is None or tag_of(base) == tag_of(config.source_language) else base


def load_fallback(config: Config, language: str, name: str) -> tuple[str, str, Scan | None] | None:
    """The base language, its catalog as shown and its messages (None: no base language)."""
    base = fallback_language(config, language)
    if base is None:
        return None
    return (base, *load_messages(config, base, name))


def build(
    config: Config,
    language: str,
    name: str,
    path: Path,
    use_fuzzy: bool,
    formats: Sequence[str] = ("md",),
    source: str | None = None,
) -> tuple[Built, str, bool]:
    """Build one article in one language (`source`: its English text, if already read);
    returns the result, output path, and whether it was written.

    With a fallback mode other than "segment", sections (or the whole article) translated
    less than `fallback_threshold` percent stay wholly in English.
    """
    from .render import Built, Translation
    from .render import build as render_build

    shown, scanned = load_messages(config, language, name)
    usable = catalog.usable(scanned.messages if scanned else [], use_fuzzy)
    fallback = load_fallback(config, language, name)
    base_shown, base_scanned = (fallback[1], fallback[2]) if fallback else ("", None)
    base_usable = catalog.usable(base_scanned.messages, use_fuzzy) if base_scanned else {}
    out_path = config.output_path(language, name)
    out_shown = config.relative(out_path)
    kept_english: list[tuple[str, ...]] = []
    if source is None:
        source = files.read_text(path, config.relative(path))
    if all(entry.msgstr == entry.msgid for entry in (*usable.values(), *base_usable.values())):
        # Nothing would change a byte: the article is copied without being parsed.
        built = Built(text=source, total=-1)
    else:
        document = load_document(config, name, path, source, signatures=True)
        if config.fallback != "segment":
            kept_english = _sections_kept_in_english(config, language, document, scanned, base_scanned)
        kept = set(kept_english)

        def lookup(segment: Segment) -> Translation | None:
            if () in kept and config.fallback == "article" or segment.section in kept:
                return None
            key = catalog.key_of(segment)
            message = usable.get(key)
            if message is not None:
                return Translation(message.msgstr, shown, message.line)
            message = base_usable.get(key)
            return None if message is None else Translation(message.msgstr, base_shown, message.line, fallback=True)

        built = render_build(document, lookup, config.link_schemes)
    markdown = built.text
    if config.heading_ids == "attribute":
        from .htmlout import with_heading_ids

        markdown = with_heading_ids(built.text, source)
    written = "md" in formats and files.write_if_changed(out_path, markdown, out_shown)
    if "html" in formats:
        written = _write_html(config, language, name, source, built.text, kept_english) or written
    return built, out_shown, written


def _sections_kept_in_english(
    config: Config, language: str, document: Document, scanned: Scan | None, base: Scan | None = None
) -> list[tuple[str, ...]]:
    """Sections (or `()` for the article) below the fallback threshold (the base language's
    translations count: a reader sees them)."""
    from .coverage import article_coverage

    base_states = catalog.states(base.messages) if base else None
    entries = catalog.states(scanned.messages if scanned else [])
    report = article_coverage(
        language, document, "", entries, fallback=base_states, schemes=config.link_schemes
    )
    if config.fallback == "article":
        return [()] if report.counts.shown_percent < config.fallback_threshold else []
    return [s.path for s in report.sections if s.path and s.counts.shown_percent < config.fallback_threshold]


def html_path(config: Config, language: str, name: str) -> Path:
    return config.build_dir / language / f"{name}.html"


def _write_html(
    config: Config, language: str, name: str, english: str, text: str, kept_english: Sequence[tuple[str, ...]]
) -> bool:
    """The article's HTML page in `language`, and the English page beside the others."""
    import os

    from .htmlout import Page, render_article, title_of

    languages = [config.source_language, *config.languages]
    written = False
    for current, markdown in ((language, text), (config.source_language, english)):
        target = html_path(config, current, name)
        alternates = {
            other: os.path.relpath(html_path(config, other, name), target.parent).replace(os.sep, "/")
            for other in languages
        }
        page = Page(current, name, title_of(markdown, name), alternates)
        sections = kept_english if current == language else ()
        page_html = render_article(markdown, english, page, sections)
        written = files.write_if_changed(target, page_html, config.relative(target)) or written
    return written


def write_indexes(config: Config, articles: dict[str, Path], languages: Sequence[str]) -> list[str]:
    """`index.html` per language: every article's title, link and date (in that language's format)."""
    import os

    from .htmlout import render_index, title_of

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    written = []
    for language in [config.source_language, *languages]:
        entries = []
        for name, path in articles.items():
            page = html_path(config, language, name)
            markdown = config.output_path(language, name) if language != config.source_language else path
            text = files.read_text(markdown, config.relative(markdown)) if files.exists(markdown) else ""
            moment = int(epoch) if epoch and epoch.isdigit() else path.stat().st_mtime
            day = dt.datetime.fromtimestamp(moment, dt.timezone.utc).date()
            entries.append((title_of(text, name), page.relative_to(config.build_dir / language).as_posix(), day))
        alternates = {other: f"../{other}/index.html" for other in [config.source_language, *languages]}
        target = config.build_dir / language / "index.html"
        if files.write_if_changed(target, render_index(language, entries, alternates), config.relative(target)):
            written.append(config.relative(target))
    return written


def review(config: Config, language: str, name: str, path: Path, target: Path) -> str:
    """Write the review page of one article; returns its path as shown."""
    import os

    from .coverage import article_coverage, segment_state
    from .htmlout import ReviewRow, render_review

    document = load_document(config, name, path, signatures=True)  # for the build's decision
    shown, scanned = load_messages(config, language, name)
    messages = catalog.with_context_fallback(
        {(m.msgctxt, m.msgid): m for m in scanned.messages} if scanned else {}
    )
    entries = {key: (m.msgstr, m.fuzzy) for key, m in messages.items()}
    report = article_coverage(language, document, shown, entries, schemes=config.link_schemes)
    refused = {id(segment): reason for segment, reason in report.refused}
    rows = []
    for segment in document.segments:
        message = messages.get(catalog.key_of(segment))
        msgstr, fuzzy = (message.msgstr, message.fuzzy) if message else ("", False)
        state = segment_state(segment, msgstr, fuzzy, language, id(segment) in refused)
        reason = refused.get(id(segment), "")
        rows.append(
            ReviewRow(segment.line, segment.kind, segment.source, msgstr, state, message.line if message else 0, reason)
        )
    link = os.path.relpath(config.catalog_path(language, name), target.parent).replace(os.sep, "/")
    page = render_review(name, language, rows, report, link)
    files.write_if_changed(target, page, config.relative(target))
    return config.relative(target)


def coverage(config: Config, language: str, name: str, path: Path) -> ArticleCoverage:
    from .coverage import article_coverage

    document = load_document(config, name, path, signatures=True)  # for the build's decision
    shown, scanned = load_messages(config, language, name)
    entries = catalog.states(scanned.messages if scanned else [])
    fallback = load_fallback(config, language, name)
    base_entries = catalog.states(fallback[2].messages) if fallback and fallback[2] else None
    report = article_coverage(
        language,
        document,
        shown,
        entries,
        scanned.obsolete if scanned else 0,
        fallback=base_entries,
        schemes=config.link_schemes,
    )
    report.fallback_language = fallback[0] if fallback else None
    return report


def check(config: Config, language: str, name: str, path: Path) -> list[Diagnostic]:
    """A reviewer's findings for every translated or fuzzy entry of the article's catalog."""
    from .coverage import refused_translations
    from .inline import Context
    from .review import review

    document = load_document(config, name, path, signatures=True)  # for the build's decision
    context = Context.of(document.definitions, config.link_schemes)
    shown, scanned = load_messages(config, language, name)
    if scanned is None:
        return []
    by_key: dict[tuple[str | None, str], object] = {}
    for segment in document.segments:
        by_key.setdefault(catalog.key_of(segment), segment)
    found = []
    flagged: set[int] = set()
    for message in scanned.messages:
        segment = by_key.get((message.msgctxt, message.msgid)) or by_key.get((None, message.msgid))
        if not message.msgid or not message.msgstr or segment is None:
            continue  # the header, untranslated entries, and entries the article no longer has
        for finding in review(segment, message.msgstr, language, context):  # type: ignore[arg-type]
            where = f"{document.path}:{segment.line}"  # type: ignore[attr-defined]
            found.append(Diagnostic(shown, message.line, f"{finding.message} ({where})", finding.severity))
            if finding.severity == "error":
                flagged.add(message.line)
    # What the build refuses in the context of the whole article (a translation that turns a
    # paragraph into a table, say) is an error here too, even where no rule above saw it.
    entries = catalog.states(scanned.messages)
    lines = catalog.with_context_fallback({(m.msgctxt, m.msgid): m.line for m in scanned.messages})
    for index, reason in refused_translations(document, entries, shown, config.link_schemes).items():
        segment = document.segments[index]
        line = lines.get(catalog.key_of(segment), 0)
        if line not in flagged:
            flagged.add(line)
            found.append(Diagnostic(shown, line, f"the build refuses this translation: {reason} ({document.path}:{segment.line})"))
    return found


@dataclass
class ImportResult:
    """What importing a translated page did to one catalog."""

    catalog: str
    imported: int = 0
    fuzzy: int = 0
    identical: int = 0
    english: int = 0
    kept: int = 0
    """Entries already translated and left alone (no --overwrite)."""
    divergences: list[str] = field(default_factory=list)
    changes: list[tuple[int, str, str]] = field(default_factory=list)
    """(catalog line, msgid, new msgstr) of every entry changed."""


def import_page(
    config: Config,
    language: str,
    name: str,
    path: Path,
    page: Path,
    *,
    overwrite: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Fill the article's catalog from an existing translated page (Markdown or HTML)."""
    from .html import read_blocks
    from .importer import align, unwrap
    from .language import function_words, not_in_language

    shown_page = str(page)
    text = files.read_text(page, shown_page)
    if not text.strip():
        raise LocalizeError(Diagnostic(shown_page, 1, "empty file: nothing to import"))
    if page.suffix.lower() in (".html", ".htm", ".xhtml"):
        blocks = read_blocks(text, shown_page)
    else:
        blocks = list(parse(shown_page, text, options=SegmentOptions(front_matter_keys=config.front_matter_keys)).segments)
    if not blocks:
        raise LocalizeError(Diagnostic(shown_page, 1, "no headings, paragraphs or table cells to import"))
    counts = [function_words(block.source) for block in blocks]
    english, native = sum(c[1] for c in counts), sum(c[2] for c in counts)
    if language.startswith("de") and native * 3 < english and not any(
        not not_in_language(b.source, language) and c[2] for b, c in zip(blocks, counts)
    ):
        raise LocalizeError(Diagnostic(shown_page, 1, f"the page reads as English, not '{language}'; nothing imported"))

    document = load_document(config, name, path)
    if not dry_run:
        extract(config, name, path, [language], creation_date())
    po_path = config.catalog_path(language, name)
    shown = config.relative(po_path)
    po = files.read_po(po_path, shown) if files.exists(po_path) else None
    result = ImportResult(catalog=shown)
    is_html = page.suffix.lower() in (".html", ".htm", ".xhtml")
    alignment = align(document.segments, blocks, document.text, None if is_html else text, language=language)
    result.divergences = alignment.divergences
    entries = catalog.with_context_fallback({(e.msgctxt, e.msgid): e for e in po if not e.obsolete} if po is not None else {})
    done: set[tuple[str | None, str]] = set()
    for pair in alignment.pairs:
        key = catalog.key_of(pair.english)
        if key in done:
            continue
        done.add(key)
        translation = unwrap(pair.english, pair.other)
        if translation == pair.english.source:
            result.identical += 1
            continue
        if not_in_language(translation, language):
            result.english += 1
            continue
        entry = entries.get(key)
        if entry is not None and (entry.msgid_plural or entry.msgstr and not overwrite):  # plural: kept whole
            result.kept += 1
            continue
        result.changes.append(((entry.linenum or 0) if entry is not None else 0, pair.english.source, translation))
        if pair.certain:
            result.imported += 1
        else:
            result.fuzzy += 1
        if entry is None:
            continue
        entry.msgstr = translation
        entry.flags = [f for f in entry.flags if f != "fuzzy"] if pair.certain else ["fuzzy", *[f for f in entry.flags if f != "fuzzy"]]
        note = f"imported from {page.name}:{pair.other.line}" if pair.other.line else f"imported from {page.name}"
        entry.tcomment = f"{entry.tcomment}\n{note}" if entry.tcomment else note
    if po is not None and not dry_run and result.changes:
        files.write_if_changed(po_path, format_po(po, width=config.wrap), shown)
    return result

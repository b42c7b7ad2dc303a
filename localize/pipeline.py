"""The commands' work for one project: read, run the pure core, write. No printing here."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import catalog, content, files
from .config import fallback_language, html_path
from .inline import Context
from .language import function_words, not_in_language
from .lookup import Lookup, Translation
from .memory import FillStats, Memory, fill
from .model import Diagnostic, Document, LocalizeError, Segment
from .pofile import DATE_FIELD, Catalog, format_body, format_po, msgid_lines, scan
from .segment import SegmentOptions, parse
from .site import HOME, SiteMap

if TYPE_CHECKING:
    from .config import Config
    from .coverage import ArticleCoverage
    from .htmlout import Page
    from .linkcheck import ProjectLinks
    from .links import Site
    from .render import Built, Verdict
    from .terms import Termbase


def creation_date() -> str:
    """Now, or SOURCE_DATE_EPOCH for reproducible output, as a PO header date (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    utc = dt.timezone.utc
    moment = dt.datetime.fromtimestamp(int(epoch), utc) if epoch and epoch.isdigit() else dt.datetime.now(utc)
    return catalog.format_date(moment)


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


def kept_date(current: str | None, pot: Catalog) -> str | None:
    """The date of the template file's text `current`, when it says what `pot` says (apart
    from its layout and date): a template whose content did not change keeps its date."""
    if current is None:
        return None
    scanned = scan(current)
    if scanned.error is not None or content.content(scanned.catalog) != content.content(pot):
        return None
    return scanned.catalog.metadata.get(DATE_FIELD)


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
    catalogs: dict[str, Catalog] | None = None,
) -> ExtractResult:
    """Write the article's template and merge it into each language's catalog (`text`: the
    article's contents, if already read). `catalogs`, when given, receives each language's
    catalog as written (in check mode: as it would be)."""
    document = load_document(config, name, path, text)
    pot = catalog.template(document, date, config.references, config.terminology.matcher(*config.languages))
    result = ExtractResult(article=name, segments=len(document.segments), entries=len(pot))
    pot_path = config.template_path(name)
    pot_shown = config.relative(pot_path)
    pot_current = files.read_text_if_exists(pot_path, pot_shown)
    pot_body = format_body(pot, config.wrap)
    date = kept_date(pot_current, pot) or date
    # Every catalog is read, checked and merged before the first write.
    catalogs = {} if catalogs is None else catalogs
    outputs = [
        _catalog_output(config, name, language, pot, pot_body, date, memories, options, result, catalogs)
        for language in languages
    ]
    _store(pot_path, format_po(pot, pot_body, config.wrap, date), pot_shown, pot_current, options, result)
    for po_path, po_text, po_shown, po_current, po_old in outputs:
        _store(po_path, po_text, po_shown, po_current, options, result, po_old)
    return result


def _catalog_output(
    config: Config,
    name: str,
    language: str,
    pot: Catalog,
    pot_body: str,
    date: str,
    memories: Memories | None,
    options: ExtractOptions,
    result: ExtractResult,
    catalogs: dict[str, Catalog],
) -> tuple[Path, str, str, str | None, Catalog | None]:
    """One language's catalog merged with the template (dated `date`), filled from memory
    and purged as asked (noted in `result`, and kept in `catalogs`): (path, new text, path
    as shown, current text, current catalog)."""
    po_path = config.catalog_path(language, name)
    po_shown = config.relative(po_path)
    files.ensure_inside(config, po_path)
    po_current = files.read_text_if_exists(po_path, po_shown)
    old: Catalog | None = None
    if po_current is None:
        # Entries are only changed by filling them from memory.
        merged, stats = catalog.fresh_catalog(pot, language, catalog.plural_forms(language), memories is None, date)
        body: str | None = pot_body
    else:
        old = files.parse_po(po_current, po_shown)
        _refuse_added_context(pot, old, po_shown)
        merged, stats = catalog.merge(pot, old, language, date)
        _refuse_plural_mismatch(merged, po_shown)
        body = None
    result.merges[language] = stats
    if memories is not None and any(not entry.msgstr for entry in merged if not entry.obsolete):
        filled = result.filled[language] = fill(merged, memories.get(language))
        body = None if filled.total else body
    if options.purge_obsolete:
        dropped = [entry for entry in merged if entry.obsolete]
        merged.entries = [entry for entry in merged if not entry.obsolete]
        result.purged[language] = len(dropped)
    result.counts[language] = catalog.counts(merged)
    catalogs[language] = merged
    return po_path, format_po(merged, body, config.wrap), po_shown, po_current, old


def _refuse_plural_mismatch(po: Catalog, shown: str) -> None:
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


def _refuse_added_context(pot: Catalog, old: Catalog, shown: str) -> None:
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
    current_po: Catalog | None = None,
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


def load_catalog(config: Config, language: str, name: str) -> tuple[str, Catalog | None]:
    """The catalog's path as shown, and the catalog, checked (None when it does not exist)."""
    po_path = config.catalog_path(language, name)
    shown = config.relative(po_path)
    files.ensure_inside(config, po_path)
    if not po_path.exists():
        return shown, None
    return shown, files.read_po(po_path, shown)


def load_translations(config: Config, language: str, name: str) -> Lookup:
    """The article's catalog in `language` to look translations up in, with its base
    language's catalog behind it (for a regional language)."""
    base = fallback_language(config, language)
    behind = None
    if base is not None:
        base_shown, base_po = load_catalog(config, base, name)
        behind = Lookup(base_po, base_shown)
    shown, po = load_catalog(config, language, name)
    return Lookup(po, shown, behind)


def build(
    config: Config,
    language: str,
    name: str,
    path: Path,
    use_fuzzy: bool,
    formats: Sequence[str] = ("md",),
    source: str | None = None,
    site: SiteMap | None = None,
) -> tuple[Built, str, bool]:
    """Build one article in one language (`source`: its English text, if already read);
    returns the result, output path, and whether it was written. HTML pages take what they
    need about the whole site from `site` (read here when not given).

    With a fallback mode other than "segment", sections (or the whole article) translated
    less than `fallback_threshold` percent stay wholly in English.
    """
    from .render import Built  # lazy: render costs 1.4 ms to import (2 ms with its checks); extract never needs it
    from .render import build as render_build

    translations = load_translations(config, language, name)
    out_path = config.output_path(language, name)
    out_shown = config.relative(out_path)
    kept_english: list[tuple[str, ...]] = []
    if source is None:
        source = files.read_text(path, config.relative(path))
    if translations.changes_nothing(use_fuzzy):
        # Nothing would change a byte: the article is copied without being parsed.
        built = Built(text=source, total=-1)
    else:
        document = load_document(config, name, path, source, signatures=True)
        kept_english, lookup = _applied(config, language, document, translations, use_fuzzy)
        built = render_build(document, lookup, config.link_schemes)
    markdown = built.text
    if config.heading_ids == "attribute":
        from .htmlout import with_heading_ids  # lazy: 24 ms to import (markdown-it, anchors); most builds write no HTML

        markdown = with_heading_ids(built.text, source)
    written = "md" in formats and files.write_if_changed(out_path, markdown, out_shown)
    if "html" in formats:
        written = _write_html(config, language, name, source, built.text, kept_english, site) or written
    return built, out_shown, written


def build_decisions(config: Config, language: str, document: Document, translations: Lookup) -> list[Verdict]:
    """What `build` (without --fuzzy) does with each translation of the article in `language`:
    the texts it splices in, and what it refuses. Nothing is written."""
    from .render import decide  # lazy, as in `build`

    _kept, lookup = _applied(config, language, document, translations, use_fuzzy=False)
    return decide(document, lookup, config.link_schemes)


def _applied(
    config: Config, language: str, document: Document, translations: Lookup, use_fuzzy: bool
) -> tuple[list[tuple[str, ...]], Callable[[Segment], Translation | None]]:
    """The sections the fallback setting keeps in English, and the lookup the build splices
    with: none for a segment in such a section, else the segment's translation."""
    kept_english = [] if config.fallback == "segment" else _sections_kept_in_english(
        config, language, document, translations
    )
    kept = set(kept_english)

    def lookup(segment: Segment) -> Translation | None:
        if () in kept and config.fallback == "article" or segment.section in kept:
            return None
        return translations.translation(segment, use_fuzzy)

    return kept_english, lookup


def _sections_kept_in_english(
    config: Config, language: str, document: Document, translations: Lookup
) -> list[tuple[str, ...]]:
    """Sections (or `()` for the article) below the fallback threshold (the base language's
    translations count: a reader sees them)."""
    from .coverage import article_coverage  # lazy: 3 ms to import; extract and a plain build never need it

    report = article_coverage(language, document, translations, schemes=config.link_schemes)
    if config.fallback == "article":
        return [()] if report.counts.shown_percent < config.fallback_threshold else []
    return [s.path for s in report.sections if s.path and s.counts.shown_percent < config.fallback_threshold]


def _write_html(
    config: Config,
    language: str,
    name: str,
    english: str,
    text: str,
    kept_english: Sequence[tuple[str, ...]],
    site: SiteMap | None = None,
) -> bool:
    """The article's HTML page in `language`, and the English page beside the others (none
    for `SUMMARY.md`, which is the navigation)."""
    from .htmlout import render_article  # lazy: 24 ms to import (markdown-it, anchors), only for HTML output
    from .links import page_url
    from .site import has_page

    if not has_page(name):
        return False
    site = site or site_map(config, {}, [language], False)
    written = False
    for current, markdown in ((language, text), (config.source_language, english)):
        target = html_path(config, current, name)
        page = _page(config, site, current, name)
        sections = kept_english if current == language else ()
        url = functools.partial(page_url, site.links, f"{name}.md", current) if site.links is not None else None
        page_html = render_article(markdown, english, page, sections, url)
        written = files.write_if_changed(target, page_html, config.relative(target)) or written
    return written


def _page(config: Config, site: SiteMap, language: str, name: str | None) -> Page:
    """What the page of an article (or of the index: `name` None) needs besides its text:
    its language versions, the navigation, and on the home page the list of articles."""
    from .htmlout import Link, Page  # lazy: 24 ms to import (markdown-it, anchors), only for HTML output

    languages = [config.source_language, *config.languages]
    home = site.home and name == HOME
    where = html_path(config, language, name or HOME).parent

    def url(article: str, in_language: str = language) -> str:
        return os.path.relpath(html_path(config, in_language, article), where).replace(os.sep, "/")

    def link(article: str | None, day: dt.date | None = None) -> Link | None:
        if article is None:
            return None
        title = site.title(language, article)
        untranslated = language != config.source_language and title == site.title("", article)
        return Link(title, url(article), config.source_language if untranslated else "", day)

    before, after = site.neighbours(name) if name else (None, None)
    listed = site.newest_first() if home or not name else []
    contents = [link(article, site.dates[article]) for article in listed if article != HOME]
    return Page(
        language,
        name or HOME,
        "",  # an article's page takes its own first heading, the index its own title
        {other: url(name or HOME, other) for other in languages},
        previous=link(before),
        next=link(after),
        home=Link("", url(HOME)) if name != HOME else None,
        contents=[entry for entry in contents if entry is not None],
    )


def site_map(config: Config, articles: dict[str, Path], languages: Sequence[str], use_fuzzy: bool) -> SiteMap:
    """What every HTML page needs about the site, read once before the pages are built: the
    navigation's order (`SUMMARY.md`'s, else the articles'), every article's title in every
    language (from the translated `SUMMARY.md`, else its translated first heading), its date."""
    from .site import SUMMARY, SiteMap, front_matter_date, navigation_order, summary_links

    every = files.discover_articles(config) if config.articles_dir.is_dir() else {}
    every.update(articles)
    sources = {name: files.read_text(path, config.relative(path)) for name, path in every.items()}
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    dates = {}
    for name, path in every.items():
        day = front_matter_date(sources[name], config.relative(path))
        if day is None:
            moment = int(epoch) if epoch and epoch.isdigit() else path.stat().st_mtime
            day = dt.datetime.fromtimestamp(moment, dt.timezone.utc).date()
        dates[name] = day
    titles: dict[str, dict[str, str]] = {}
    summary: list[tuple[str, str]] = []
    headings: dict[str, Segment | None] = {}
    for language in ["", *languages]:
        if SUMMARY in every:
            path = every[SUMMARY]
            text = _built_text(config, language, SUMMARY, path, use_fuzzy) if language else sources[SUMMARY]
            summary = summary_links(text, every)
            titles[language] = dict(summary)
        for name, path in every.items():
            if name in titles.setdefault(language, {}):
                continue
            if name not in headings:
                headings[name] = _first_heading(config, name, path, sources[name])
            titles[language][name] = _title(config, language, name, headings[name], use_fuzzy)
    order = navigation_order(list(every), [name for name, _ in summary])
    return SiteMap(order, titles, dates, _links_site(config, every, sources, languages, order))


def _links_site(
    config: Config, every: dict[str, Path], sources: dict[str, str], languages: Sequence[str], order: Sequence[str]
) -> Site:
    """The site the pages' links lead into: its pages in every language, the files the
    articles reference that exist inside the articles folder (not through a link leading
    out), and the pages' ids (read when a link asks for them)."""
    from .links import Site, references_in, resolve
    from .site import may_reference_files

    articles = frozenset(f"{name}.md" for name in every)
    referenced = {
        target.path
        for name, text in sources.items()
        if may_reference_files(text)
        for reference in references_in(text, config.link_schemes)
        if (target := resolve(f"{name}.md", reference.target, articles)).kind == "file"
        and not target.path.endswith(".md")
    }
    inside = os.path.join(os.path.realpath(config.articles_dir), "")
    present = frozenset(
        path
        for path in referenced
        if (config.articles_dir / path).is_file() and os.path.realpath(config.articles_dir / path).startswith(inside)
    )
    for path in present:  # before any page is written: a link may lead the assets folder out of the build
        files.ensure_writable(config, config.build_dir / "assets" / path)
    pages = frozenset((language, f"{name}.md") for language in [config.source_language, *languages] for name in order)
    ids = _EnglishIds({f"{name}.md": str(path) for name, path in every.items()})
    return Site(config.source_language, articles, pages, ids, files=present)


class _EnglishIds(Mapping[str, frozenset[str]]):
    """Article path → its page's fragment ids, read from the English article the first time
    a link asks (most pages link to few others, and most links have no fragment)."""

    def __init__(self, paths: dict[str, str]) -> None:
        self.paths = paths
        self.known: dict[str, frozenset[str]] = {}

    def __getitem__(self, article: str) -> frozenset[str]:
        if article not in self.known:
            from .links import fragment_ids

            path = self.paths[article]  # KeyError: no such article
            self.known[article] = frozenset(fragment_ids(files.read_text(Path(path), path)))
        return self.known[article]

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def write_assets(config: Config, site: SiteMap) -> list[str]:
    """Every file the articles reference, once, at `<build>/assets/<its path in the articles
    folder>`: a hard link where the filesystem allows, else a copy."""
    written: list[str] = []
    if site.links is None:
        return written
    for path in sorted(site.links.files or ()):
        target = config.build_dir / site.links.assets / path
        if files.place_file(config.articles_dir / path, target, config.relative(target)):
            written.append(config.relative(target))
    return written


def _built_text(config: Config, language: str, name: str, path: Path, use_fuzzy: bool) -> str:
    """The article's Markdown as the build makes it in `language` (segment by segment)."""
    from .render import build as render_build  # lazy: see build

    translations = load_translations(config, language, name)
    document = load_document(config, name, path, signatures=True)
    built = render_build(document, lambda segment: translations.translation(segment, use_fuzzy), config.link_schemes)
    return built.text


TITLE_LINES = 60
"""An article's first heading is looked for in its first lines before the whole is read."""


def _first_heading(config: Config, name: str, path: Path, source: str) -> Segment | None:
    """The article's first heading, looked for in its first lines before the whole is read."""
    from .site import lead

    start = lead(source, TITLE_LINES)
    whole = start == source
    last = start.count("\n")  # a paragraph on the last line read may be a heading's first (setext)
    document = load_document(config, name, path, start)
    headings = [s for s in document.segments if s.kind == "heading" and (whole or s.line < last)]
    if not headings and not whole:
        headings = [s for s in load_document(config, name, path, source).segments if s.kind == "heading"]
    return headings[0] if headings else None


def _title(config: Config, language: str, name: str, heading: Segment | None, use_fuzzy: bool) -> str:
    """The text of the article's first heading, translated in `language` ("": the source)."""
    from .htmlout import title_of  # lazy: 24 ms to import (markdown-it, anchors), only for HTML output

    if heading is None:
        return name
    text = heading.source
    if language:
        translation = load_translations(config, language, name).translation(heading, use_fuzzy)
        text = translation.text if translation is not None else text
    return title_of(f"# {text}", name)


def write_indexes(config: Config, site: SiteMap, languages: Sequence[str]) -> list[str]:
    """`index.html` per language, every article's title, link and date (in that language's
    format), newest first; none where an `index` article is the home page (the list is on it)."""
    from .htmlout import render_index  # lazy: 24 ms to import (markdown-it, anchors), only for HTML output

    if site.home:
        return []
    written = []
    for language in [config.source_language, *languages]:
        target = config.build_dir / language / "index.html"
        page_html = render_index(_page(config, site, language, None))
        if files.write_if_changed(target, page_html, config.relative(target)):
            written.append(config.relative(target))
    return written


def review(config: Config, language: str, name: str, path: Path, target: Path) -> str:
    """Write the review page of one article; returns its path as shown."""
    from .coverage import article_coverage, segment_state  # lazy: 3 ms to import, see _sections_kept_in_english
    from .htmlout import ReviewRow, render_review  # lazy: 24 ms to import (markdown-it, anchors), only for review pages

    document = load_document(config, name, path, signatures=True)  # for the build's decision
    shown, po = load_catalog(config, language, name)  # the review shows the language's own catalog only
    translations = Lookup(po, shown)
    report = article_coverage(language, document, translations, schemes=config.link_schemes)
    refused = {id(segment): reason for segment, reason in report.refused}
    rows = []
    for segment in document.segments:
        entry = translations.entry(catalog.key_of(segment))
        msgstr, fuzzy, line = (entry.msgstr, entry.fuzzy, entry.linenum) if entry is not None else ("", False, 0)
        state = segment_state(segment, msgstr, fuzzy, language, id(segment) in refused)
        reason = refused.get(id(segment), "")
        rows.append(ReviewRow(segment.line, segment.kind, segment.source, msgstr, state, line, reason))
    link = os.path.relpath(config.catalog_path(language, name), target.parent).replace(os.sep, "/")
    page = render_review(name, language, rows, report, link)
    files.write_if_changed(target, page, config.relative(target))
    return config.relative(target)


def coverage(config: Config, language: str, name: str, path: Path) -> ArticleCoverage:
    from .coverage import article_coverage  # lazy: 3 ms to import, see _sections_kept_in_english

    document = load_document(config, name, path, signatures=True)  # for the build's decision
    report = article_coverage(
        language, document, load_translations(config, language, name), schemes=config.link_schemes
    )
    report.fallback_language = fallback_language(config, language)
    return report


def check(config: Config, language: str, name: str, path: Path, links: ProjectLinks | None = None) -> list[Diagnostic]:
    """A reviewer's findings for every translated or fuzzy entry of the article's catalog.

    With `links`, broken links too, at the article's lines: in the source language those of
    the English article; in a translation those the translations the build applies add.
    """
    if language == config.source_language:
        shown = config.relative(path)
        return links.source_diagnostics(shown, f"{name}.md", files.read_text(path, shown)) if links else []
    document = load_document(config, name, path, signatures=True)  # for the build's decision
    shown, po = load_catalog(config, language, name)  # the reviewer checks the language's own catalog only
    own = Lookup(po, shown)
    # The build reads the base language's catalog too and may keep sections in English; where
    # it does neither, its decisions are those about the language's own catalog.
    same = fallback_language(config, language) is None and config.fallback == "segment"
    built = load_translations(config, language, name) if links is not None and not same else own
    decisions = build_decisions(config, language, document, built) if links is not None or same and po else []
    found = [] if po is None else _reviewed_and_refused(config, document, own, language, decisions if same else None)
    if links is not None and not built.changes_nothing():
        applied = [(document.segments[v.index], v.text) for v in decisions if v.applied and v.text is not None]
        found += links.translation_diagnostics(document, applied, language, built.shown, config.link_schemes)
    return found


def _reviewed_and_refused(
    config: Config, document: Document, translations: Lookup, language: str, decisions: list[Verdict] | None
) -> list[Diagnostic]:
    """The review of a catalog's entries, and what the build refuses of them (from its
    `decisions` about this catalog, when known), at the catalog's lines."""
    from .coverage import refused_translations  # lazy: 3 ms to import, see _sections_kept_in_english

    shown = translations.shown
    context = Context.of(document.definitions, config.link_schemes)
    found = _reviewed(document, translations, language, context, config.terminology)
    flagged = {finding.line for finding in found if finding.severity == "error"}
    refusals = (
        refused_translations(document, translations, config.link_schemes)
        if decisions is None
        else {v.index: "; ".join(v.problems) for v in decisions if not v.applied}
    )
    # What the build refuses in the context of the whole article (a translation that turns a
    # paragraph into a table, say) is an error here too, even where no rule above saw it.
    for index, reason in refusals.items():
        segment = document.segments[index]
        refused = translations.entry(catalog.key_of(segment))
        line = refused.linenum if refused is not None else 0
        if line not in flagged:
            flagged.add(line)
            where = f"{document.path}:{segment.line}"
            found.append(Diagnostic(shown, line, f"the build refuses this translation: {reason} ({where})"))
    return found


def _reviewed(
    document: Document, translations: Lookup, language: str, context: Context, termbase: Termbase
) -> list[Diagnostic]:
    """The review's findings, entry by entry in catalog order, for each entry the article uses."""
    from .review import review as review_translation  # lazy: 2.4 ms to import; only check needs it

    segments: dict[int, Segment] = {}
    for segment in document.segments:
        entry = translations.entry(catalog.key_of(segment))
        if entry is not None:
            segments.setdefault(id(entry), segment)
    found = []
    for entry in translations.catalog or ():
        used = segments.get(id(entry))
        if entry.obsolete or not entry.msgstr or used is None:
            continue  # untranslated entries, and entries the article no longer has
        where = f"{document.path}:{used.line}"
        for finding in review_translation(used, entry.msgstr, language, context, termbase):
            message = f"{finding.message} ({where})"
            found.append(Diagnostic(translations.shown, entry.linenum, message, finding.severity))
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
    from .importer import align, unwrap  # lazy: importer costs 1.7 ms to import, only `import` needs it

    shown_page = str(page)
    text = files.read_text(page, shown_page)
    if not text.strip():
        raise LocalizeError(Diagnostic(shown_page, 1, "empty file: nothing to import"))
    is_html = page.suffix.lower() in (".html", ".htm", ".xhtml")
    blocks = _page_blocks(config, text, shown_page, is_html)
    _refuse_english_page(blocks, language, shown_page)
    document = load_document(config, name, path)
    po_path = config.catalog_path(language, name)
    shown = config.relative(po_path)
    po, lines = _catalog_to_import_into(config, language, name, path, dry_run)
    result = ImportResult(catalog=shown)
    alignment = align(document.segments, blocks, document.text, None if is_html else text, language=language)
    result.divergences = alignment.divergences
    translations = Lookup(po, shown)
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
        entry = translations.entry(key)
        if entry is not None and (entry.msgid_plural or entry.msgstr and not overwrite):  # plural: kept whole
            result.kept += 1
            continue
        result.changes.append((lines.get(id(entry), 0) if entry is not None else 0, pair.english.source, translation))
        if pair.certain:
            result.imported += 1
        else:
            result.fuzzy += 1
        if entry is None:
            continue
        entry.msgstr = translation
        entry.mark_fuzzy(not pair.certain)
        note = f"imported from {page.name}:{pair.other.line}" if pair.other.line else f"imported from {page.name}"
        entry.tcomment = f"{entry.tcomment}\n{note}" if entry.tcomment else note
    if po is not None and not dry_run and result.changes:
        files.write_if_changed(po_path, format_po(po, width=config.wrap), shown)
    return result


def _page_blocks(config: Config, text: str, shown: str, is_html: bool) -> list[Segment]:
    """The headings, paragraphs and table cells of a translated page."""
    if is_html:
        from .html import read_blocks  # lazy: bs4 costs 50 ms to import; only importing an HTML page needs it

        blocks = read_blocks(text, shown)
    else:
        blocks = list(parse(shown, text, options=SegmentOptions(front_matter_keys=config.front_matter_keys)).segments)
    if not blocks:
        raise LocalizeError(Diagnostic(shown, 1, "no headings, paragraphs or table cells to import"))
    return blocks


def _refuse_english_page(blocks: Sequence[Segment], language: str, shown: str) -> None:
    """A page meant as German that reads as English is no translation to import."""
    counts = [function_words(block.source) for block in blocks]
    english, native = sum(c[1] for c in counts), sum(c[2] for c in counts)
    if language.startswith("de") and native * 3 < english and not any(
        not not_in_language(b.source, language) and c[2] for b, c in zip(blocks, counts, strict=True)
    ):
        raise LocalizeError(Diagnostic(shown, 1, f"the page reads as English, not '{language}'; nothing imported"))


def _catalog_to_import_into(
    config: Config, language: str, name: str, path: Path, dry_run: bool
) -> tuple[Catalog | None, dict[int, int]]:
    """The catalog an import fills (brought up to date with the article first, unless it is
    a dry run), and the line of each entry's msgid in its file: id(entry) → line."""
    if dry_run:
        po_path = config.catalog_path(language, name)
        po = files.read_po(po_path, config.relative(po_path)) if files.exists(po_path) else None
        return po, {id(entry): entry.linenum for entry in po} if po is not None else {}
    catalogs: dict[str, Catalog] = {}
    extract(config, name, path, [language], creation_date(), catalogs=catalogs)
    po = catalogs[language]
    return po, msgid_lines(po, config.wrap)

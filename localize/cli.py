"""Command line: `localize extract | build | coverage`. The only module that prints or exits.

Exit codes: 0 success, 1 a failed check or threshold, 2 a usage or input error.
"""

from __future__ import annotations

import functools
import gc
import itertools
import json
import math
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from . import __version__
from .model import Diagnostic, LocalizeError

if TYPE_CHECKING:
    from .changes import FuzzyEntry, Piece
    from .config import Config
    from .orphans import Orphan
    from .pipeline import ExtractResult
    from .site import SiteMap

T = TypeVar("T")


class InputError(click.ClickException):
    """Bad input (configuration, article, catalog): one line on stderr, exit 2."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"localize: error: {self.message}", err=True)


@contextmanager
def _locked(config: Config, reading_only: bool) -> Iterator[None]:
    """Hold the project's lock while writing, so two runs never interleave their writes."""
    if reading_only:
        yield
        return
    from . import files  # lazy: 7 ms (the catalog reader), which --version and --help skip

    def waiting() -> None:
        click.echo("localize: another localize run holds this project; waiting for it…", err=True)

    lock = config.build_dir / ".cache" / "lock"
    _run(lambda: files.ensure_writable(config, lock))
    with ExitStack() as stack:
        _run(lambda: stack.enter_context(files.project_lock(lock, waiting)))
        removed = _run(lambda: files.begin_writing(config))
        if removed:
            click.echo(f"localize: removed {removed} temporary file(s) an interrupted run left", err=True)
        try:
            yield
        except click.ClickException:  # bad input: every staged write was deleted
            files.end_writing(config)
            raise
        except BaseException:  # interrupted: delete what this process staged (and was handed by workers)
            files.delete_pending()
            raise
        # Anything else (a kill, an interrupt, a fault) may leave temporaries: the note stays,
        # and the next run deletes them.
        files.end_writing(config)


def _staged(config: Config, action: Callable[[], T]) -> T:
    """Run `action` with its writes held back, and put them in place only if it succeeds."""
    from .files import staging  # lazy: 7 ms (the catalog reader), which --version and --help skip

    with staging(config) as stage:
        result = action()
        stage.commit(lambda target: config.relative(Path(target)))
    return result


def _stream(results: Iterator[T]) -> Iterator[T]:
    """Results of a batch, with input errors turned into one-line messages."""
    try:
        yield from results
    except LocalizeError as error:
        raise _input_error(error) from None


def _run(action: Callable[[], T]) -> T:
    """`action()`, with an input error turned into a one-line message."""
    try:
        return action()
    except LocalizeError as error:
        raise _input_error(error) from None


def _input_error(error: LocalizeError) -> InputError:
    """The one line (`path:line: message`, exit 2) a bad input is reported with."""
    return InputError(str(error.diagnostic).replace(": error: ", ": ", 1))


def _config(project: str | None) -> Config:
    from .config import load  # lazy: 15 ms (tomllib, babel), which --version and --help skip
    from .files import forget_folders  # lazy: 7 ms (the catalog reader), which --version and --help skip

    forget_folders()  # links may have changed since another command ran in this process
    return _run(lambda: load(Path(project) if project else Path.cwd()))


def _languages(config: Config, chosen: Iterable[str]) -> list[str]:
    """The languages asked for (or configured), as gettext names, each once."""
    from .tags import gettext_name  # lazy: 7 ms (babel), which --version and --help skip

    names: list[str] = []
    for tag in chosen:
        try:
            name = gettext_name(tag)
        except ValueError as error:
            raise InputError(str(error)) from None
        if name not in names:
            names.append(name)
    return names or list(config.languages)


def _project(
    project: str | None, languages: Iterable[str], articles: Iterable[str]
) -> tuple[Config, list[str], dict[str, Path]]:
    """The project's configuration, the languages to work on and the articles selected."""
    from . import files  # lazy: 7 ms (the catalog reader), which --version and --help skip

    config = _config(project)
    chosen = _languages(config, languages)
    return config, chosen, _run(lambda: files.select_articles(config, articles))


def _print(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


project_option = click.option(
    "-C",
    "--project",
    metavar="DIR",
    help="Project directory (default: the nearest with localize.toml or [tool.localize] in pyproject.toml).",
)
language_option = click.option(
    "-l", "--lang", "languages", multiple=True, metavar="LANG", help="Only this target language (repeatable)."
)


def main() -> NoReturn:
    """The console script: run the command line, and leave with its exit code.

    Everything still alive is about to go with the process, so it is frozen out of the
    cyclic collector first: the interpreter's last collection would otherwise walk the
    whole heap (the parsers, babel's data, the run record), 20 ms of a 25 ms teardown on a
    no-op run of the corpus (the frozen teardown takes 6–9 ms, `os._exit` 3 ms).
    """
    code = run()
    gc.freeze()
    sys.exit(code)


def run(argv: Sequence[str] | None = None) -> int:
    """The `localize` command on `argv` (default: this process's arguments); returns its exit code.

    Collections are made rarer while it runs: parsing makes many short-lived objects and
    few cycles, and the cyclic collector would otherwise run thousands of times. SIGTERM
    (a CI cancel) stops the run as Ctrl-C does, cleaning up.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(200_000, 50, 100)
    previous = signal.signal(signal.SIGTERM, _interrupted)
    try:
        code = _invoke(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)
        gc.set_threshold(*thresholds)
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def _invoke(argv: Sequence[str] | None) -> int:
    """Run the command; its exit code, with errors reported as click reports them."""
    try:
        result = commands.main(
            args=list(argv) if argv is not None else None,
            prog_name="localize" if argv is not None else None,
            standalone_mode=False,
        )
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:  # Ctrl-C or SIGTERM; click has ended the line
        click.echo("Aborted!", err=True)
        return 1
    except SystemExit as stop:  # click on a closed pipe
        return _exit_code(stop.code)
    except Exception as error:  # a bug, or a fault no check foresaw: one line, not a traceback
        if os.environ.get("LOCALIZE_DEBUG"):
            raise
        click.echo(
            f"localize: internal error: {type(error).__name__}: {error} (set LOCALIZE_DEBUG=1 for details)", err=True
        )
        return 70
    return result if isinstance(result, int) else 0


def _exit_code(code: object) -> int:
    if isinstance(code, str):
        click.echo(code, err=True)
        return 1
    return code if isinstance(code, int) else 0


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="localize")
def commands() -> None:
    """Keep English Markdown articles and their translations in step through gettext."""


jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0),
    default=0,
    show_default="0: one per core for larger projects",
    help="Worker processes.",
)


QUIET_ABOVE = 25
"""Above this many changed articles only the summary is printed (unless --verbose)."""

verbose_option = click.option("-v", "--verbose", is_flag=True, help="A line for every article written.")


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for long runs on a terminal; nothing otherwise."""
    if total < 50 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield lambda done: bar.update(done - bar.pos)


@commands.command()
@project_option
@language_option
@click.option(
    "--compendium",
    "compendia",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE.po",
    help="Fill untranslated entries from this catalog too (repeatable).",
)
@click.option("--no-memory", is_flag=True, help="Do not fill entries from other catalogs or compendia.")
@click.option("--purge-obsolete", is_flag=True, help="Drop obsolete (#~) entries from the catalogs.")
@click.option(
    "--check",
    is_flag=True,
    help="Write no catalog; exit 1 when a template or catalog is missing, out of date or orphaned.",
)
@click.option("--prune", is_flag=True, help="Remove the catalogs and built outputs of articles that no longer exist.")
@jobs_option
@verbose_option
@click.argument("articles", nargs=-1)
def extract(
    project: str | None,
    languages: tuple[str, ...],
    compendia: tuple[str, ...],
    no_memory: bool,
    purge_obsolete: bool,
    check: bool,
    prune: bool,
    jobs: int,
    verbose: bool,
    articles: tuple[str, ...],
) -> int:
    """Write templates and update each language's catalogs from the articles.

    Untranslated entries are filled from translation memory: compendia (--compendium,
    or `compendium` in the configuration) and the language's other catalogs. A catalog
    whose article is gone is orphaned: --check names it, --prune removes it.
    """
    from . import batch, orphans, pipeline  # lazy: 32 ms (catalogs, segmenting, babel), which --version and --help skip

    if check and prune:
        raise click.UsageError("--prune removes files and --check writes none; use one of them")
    config, chosen, selected = _project(project, languages, articles)
    date = pipeline.creation_date()
    paths = _compendia(config, compendia)
    memories = None if no_memory else pipeline.Memories(config, paths)
    tally = _Tally(verbose)
    options = pipeline.ExtractOptions(purge_obsolete=purge_obsolete, check=check)
    with _progress(len(selected), "extract") as progress, _locked(config, check):
        for result in _stream(batch.extract_all(config, selected, chosen, date, memories, jobs, progress, options)):
            tally.add(result)
        found = _orphans(config, chosen, selected if not articles else None, check, prune)
        removed = _run(lambda: orphans.prune(config, found, _every_language(config, chosen))) if prune else []
    if tally.shown > QUIET_ABOVE and not verbose:
        click.echo(f"… and {tally.shown - QUIET_ABOVE} more article(s) (--verbose lists them all)")
    if check:
        return _checked(config, len(selected), tally, found)
    for shown_path in removed:
        click.echo(f"{shown_path}: removed (its article no longer exists)")
    if found and not prune:
        click.echo(
            f"localize: {len(found)} orphaned file(s) whose article no longer exists "
            "(`localize extract --check` names them, `--prune` removes them)",
            err=True,
        )
    summary = f"{len(selected)} article(s): {tally.written} file(s) written"
    if tally.unchanged:
        summary += f", {tally.unchanged} article(s) unchanged since the last run"
    if tally.filled_exact or tally.filled_fuzzy:
        filled = tally.filled_exact + tally.filled_fuzzy
        summary += f"; {filled} entries filled from memory, {tally.filled_fuzzy} of them fuzzy"
    click.echo(summary)
    return 0


def _compendia(config: Config, named: Iterable[str]) -> list[Path]:
    """The compendia named on the command line, then those of the configuration; each must exist."""
    paths = [Path(c) for c in named] + [config.root / c for c in config.compendium]
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: no such compendium")
    return paths


@dataclass
class _Tally:
    """What an extraction did, article by article; each article written gets its line (the
    first QUIET_ABOVE of them, unless verbose)."""

    verbose: bool
    written: int = 0
    unchanged: int = 0
    filled_exact: int = 0
    filled_fuzzy: int = 0
    shown: int = 0
    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    relaid: list[str] = field(default_factory=list)

    def add(self, result: ExtractResult | str) -> None:
        if isinstance(result, str):
            self.unchanged += 1
            return
        self.stale.extend(result.stale)
        self.missing.extend(result.missing)
        self.relaid.extend(result.relaid)
        self.written += result.written
        for filled in result.filled.values():
            self.filled_exact += filled.exact
            self.filled_fuzzy += filled.fuzzy
        if result.written:
            self.shown += 1
            if self.verbose or self.shown <= QUIET_ABOVE:
                click.echo(_extract_line(result))


def _checked(config: Config, articles: int, tally: _Tally, found: list[Orphan]) -> int:
    """The verdict of `extract --check`: each file missing, out of date or orphaned, then a summary."""
    for shown_path in tally.missing:
        click.echo(f"{shown_path}: missing (run localize extract)", err=True)
    for shown_path in tally.stale:
        click.echo(f"{shown_path}: out of date with its article", err=True)
    for orphan in found:
        click.echo(f"{config.relative(orphan.path)}: {orphan.describe(config)}", err=True)
    counts = ((len(tally.missing), "missing"), (len(tally.stale), "out of date"), (len(found), "orphaned"))
    problems = ", ".join(f"{count} {what}" for count, what in counts if count)
    if problems:
        command = "localize extract --prune" if found else "localize extract"
        click.echo(f"localize: file(s) {problems}; run `{command}`", err=True)
        return 1
    line = f"{articles} article(s): templates and catalogs are up to date"
    if tally.relaid:
        layout = f"wrap = {config.wrap}" if config.wrap else "no wrapping"
        line += f" ({len(tally.relaid)} file(s) laid out otherwise than {layout}; `localize extract` rewrites them)"
    click.echo(line)
    return 0


def _every_language(config: Config, chosen: Iterable[str]) -> list[str]:
    """The configured languages and any other one chosen: whose catalogs `--prune` removes."""
    return [*config.languages, *(language for language in chosen if language not in config.languages)]


def _orphans(
    config: Config, chosen: list[str], everything: dict[str, Path] | None, check: bool, prune: bool
) -> list[Orphan]:
    """The templates and catalogs whose article is gone (`everything`: all the articles, or
    None when only some were named). They are the whole project's, so with named articles
    they are looked for only to prune them."""
    from . import files, orphans  # lazy: 27 ms (catalogs, segmenting, babel), which --version and --help skip

    if everything is None and not prune:
        return []
    articles = everything if everything is not None else _run(lambda: files.select_articles(config, []))
    languages = chosen if check else _every_language(config, chosen)
    return _run(lambda: orphans.find(config, articles, languages))


def _extract_line(result: ExtractResult) -> str:
    """One article's line: each catalog's entries after the run, then what the run changed.

    `guide: 7 segments in 6 entries; de: 4 translated, 1 fuzzy, 1 untranslated, 2 obsolete
    (this run: 1 newly fuzzy, 1 newly obsolete, 2 filled from memory, 1 of them fuzzy)`
    """
    parts = [f"{result.segments} segments in {result.entries} entries"]
    for language, counts in result.counts.items():
        part = f"{language}: {counts.translated} translated, {counts.fuzzy} fuzzy, {counts.untranslated} untranslated"
        if counts.plural:
            part += f" ({counts.plural} plural, unused by the build)"
        part += f", {counts.obsolete} obsolete"
        stats = result.merges[language]
        filled = result.filled.get(language)
        filled_fuzzy = filled.fuzzy if filled else 0
        changes = []
        if stats.fuzzy + filled_fuzzy:
            changes.append(f"{stats.fuzzy + filled_fuzzy} newly fuzzy")
        if stats.obsolete:
            changes.append(f"{stats.obsolete} newly obsolete")
        if result.purged.get(language):
            changes.append(f"{result.purged[language]} obsolete purged")
        if filled and filled.total:
            changes.append(f"{filled.total} filled from memory, {filled.fuzzy} of them fuzzy")
        if changes:
            part += f" (this run: {', '.join(changes)})"
        parts.append(part)
    return f"{result.article}: " + "; ".join(parts)


@commands.command()
@project_option
@language_option
@click.option("--strict", is_flag=True, help="Exit 1 when any translation was refused or needed a fix.")
@click.option("--use-fuzzy", is_flag=True, help="Use fuzzy translations too.")
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["md", "html"]),
    help="Output format (repeatable; default: formats in the configuration, else md).",
)
@jobs_option
@verbose_option
@click.argument("articles", nargs=-1)
def build(
    project: str | None,
    languages: tuple[str, ...],
    strict: bool,
    use_fuzzy: bool,
    formats: tuple[str, ...],
    jobs: int,
    verbose: bool,
    articles: tuple[str, ...],
) -> int:
    """Write the translated articles (Markdown, HTML pages) to the build directory."""
    from . import batch  # lazy: 6 ms (the run record), which --version and --help skip

    config, chosen, selected = _project(project, languages, articles)
    problems = written = copied = 0
    with _progress(len(selected) * len(chosen), "build") as progress, _locked(config, False):
        chosen_formats = formats or config.formats
        site = _site(config, selected, chosen, use_fuzzy) if "html" in chosen_formats else None
        builds = batch.build_all(config, selected, chosen, use_fuzzy, jobs, progress, chosen_formats, site)
        for summary in _stream(builds):
            _print(summary.diagnostics)
            problems += len(summary.diagnostics)
            copied += summary.total < 0
            if not summary.written:
                continue
            written += 1
            if not verbose and written > QUIET_ABOVE:
                continue
            if summary.total < 0:
                click.echo(f"{summary.output}: copied, no translation changes it")
            else:
                note = f", {summary.fallback} of them from {summary.base}" if summary.fallback else ""
                click.echo(f"{summary.output}: {summary.translated} of {summary.total} segments translated{note}")
        indexes = []
        if site is not None:  # under the same lock
            from . import pipeline  # lazy: see _site

            indexes = _run(
                lambda: _staged(
                    config, lambda: pipeline.write_assets(config, site) + pipeline.write_indexes(config, site, chosen)
                )
            )
    if written > QUIET_ABOVE and not verbose:
        click.echo(f"… and {written - QUIET_ABOVE} more article(s) (--verbose lists them all)")
    for index in indexes:
        click.echo(f"{index}: written")
    count = len(selected) * len(chosen)
    line = f"{count} article(s) built: {written} written, {count - written} unchanged"
    click.echo(line + (f"; {copied} without translations, copied" if copied else ""))
    if strict and problems:
        click.echo(f"localize: {problems} translation problem(s) under --strict", err=True)
        return 1
    return 0


def _site(config: Config, articles: dict[str, Path], languages: list[str], use_fuzzy: bool) -> SiteMap:
    """What the HTML pages need about the whole site, read (and checked) before any page is built."""
    # lazy: the core costs 14 ms to import; a Markdown build with every article fresh never loads it
    from . import pipeline

    return _run(lambda: pipeline.site_map(config, articles, languages, use_fuzzy))


@commands.command()
@project_option
@language_option
@click.argument("articles", nargs=-1)
def review(project: str | None, languages: tuple[str, ...], articles: tuple[str, ...]) -> int:
    """Write review pages: English and translation side by side, segment by segment."""
    from . import batch, pipeline  # lazy: 32 ms (catalogs, segmenting, babel), which --version and --help skip

    config, chosen, selected = _project(project, languages, articles)
    page = functools.partial(_review_page, pipeline.review, suffixed=len(chosen) > 1)
    with _locked(config, False):  # every article and catalog read before any page
        pages = _run(lambda: _staged(config, lambda: list(batch.each_article(page, config, chosen, selected))))
    for shown in pages:
        click.echo(shown)
    return 0


def _review_page(
    write: Callable[[Config, str, str, Path, Path], str], config: Config, language: str, name: str, path: Path,
    suffixed: bool,
) -> str:
    suffix = f".{language}" if suffixed else ""
    return write(config, language, name, path, config.build_dir / "review" / f"{name}{suffix}.html")


@commands.command()
@project_option
@language_option
@click.argument("articles", nargs=-1)
def diff(project: str | None, languages: tuple[str, ...], articles: tuple[str, ...]) -> int:
    """Show every fuzzy entry: what changed in its source, word by word, and its translation."""
    from . import batch, changes, files  # lazy: 32 ms (catalogs, segmenting, babel), which --version and --help skip

    config, chosen, selected = _project(project, languages, articles)
    colour = sys.stdout.isatty()
    count = 0
    fuzzy_in = functools.partial(_fuzzy_in, lambda path, shown: list(changes.fuzzy_entries(files.read_po(path, shown))))
    for language, shown, entries in _stream(batch.each_article(fuzzy_in, config, chosen, selected)):
        for entry in entries:
            count += 1
            where = f" ({', '.join(entry.references)})" if entry.references else ""
            click.echo(f"{shown}:{entry.line}: fuzzy{where}")
            if entry.previous is None:
                click.echo(f"  source (unchanged): {entry.source}")
            else:
                pieces = changes.word_diff(entry.previous, entry.source)
                click.echo(f"  source: {_styled(pieces) if colour else changes.plain(pieces)}")
            click.echo(f"  {language}: {entry.translation}")
    click.echo(f"{count} fuzzy entr{'y' if count == 1 else 'ies'}")
    return 0


def _fuzzy_in(
    read: Callable[[Path, str], list[FuzzyEntry]], config: Config, language: str, name: str, path: Path
) -> tuple[str, str, list[FuzzyEntry]]:
    """The fuzzy entries of an article's catalog (none when it has no catalog), `read` from it."""
    catalog = config.catalog_path(language, name)
    shown = config.relative(catalog)
    return language, shown, read(catalog, shown) if catalog.exists() else []


_DIFF_STYLES: dict[str, Callable[[str], str]] = {
    "same": functools.partial(click.style),
    "removed": functools.partial(click.style, fg="red", strikethrough=True),
    "added": functools.partial(click.style, fg="green", bold=True),
}


def _styled(pieces: Iterable[Piece]) -> str:
    return "".join(_DIFF_STYLES[p.kind](p.text) for p in pieces)


@commands.command(name="import")
@project_option
@click.argument("language")
@click.argument("page", type=click.Path(dir_okay=False))
@click.option("--article", metavar="NAME", help="The article the page translates (default: from the file name).")
@click.option("--overwrite", is_flag=True, help="Replace translations already in the catalog.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def import_(
    project: str | None, language: str, page: str, article: str | None, overwrite: bool, dry_run: bool
) -> int:
    """Fill a catalog from an existing translated page (Markdown or HTML), aligned with the English."""
    from . import files, pipeline  # lazy: 27 ms (catalogs, segmenting, babel), which --version and --help skip

    config = _config(project)
    language = _languages(config, [language])[0]
    page_path = Path(page)
    if not page_path.is_file():
        raise InputError(f"{page}: no such file")
    available = _run(lambda: files.select_articles(config, []))
    name = article or _article_for(page_path, available)
    if name not in available:
        raise InputError(f"{page}: no article '{name}' in {config.articles}/ (name it with --article)")
    with _locked(config, dry_run):
        result = _run(lambda: _staged(config, lambda: pipeline.import_page(
            config, language, name, available[name], page_path, overwrite=overwrite, dry_run=dry_run
        )))
    for line, msgid, translation in result.changes if dry_run else ():
        click.echo(f"{result.catalog}:{line}: {_clip(msgid)} → {_clip(translation)}")
    for divergence in result.divergences:
        click.echo(f"{page}: {divergence}", err=True)
    verb = "would import" if dry_run else "imported"
    click.echo(
        f"{result.catalog}: {verb} {result.imported} translation(s), {result.fuzzy} as fuzzy; "
        f"skipped {result.identical} identical to the English, {result.english} not in '{language}', "
        f"{result.kept} already translated; {len(result.divergences)} place(s) did not align"
    )
    return 0


def _article_for(page: Path, available: dict[str, Path]) -> str:
    stem = page.name.split(".")[0]
    matches = [name for name in available if name == stem or name.rsplit("/", 1)[-1] == stem]
    return matches[0] if len(matches) == 1 else stem


def _clip(text: str, limit: int = 50) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@commands.command()
@project_option
@click.argument("language")
@click.option("--no-memory", is_flag=True, help="Do not fill entries from other catalogs.")
def init(project: str | None, language: str, no_memory: bool) -> int:
    """Create the catalogs of a new language (existing ones are only updated)."""
    from . import batch, files, pipeline  # lazy: 32 ms (catalogs, segmenting, babel), which --version and --help skip
    from .tags import tag_of  # lazy: 7 ms (babel), which --version and --help skip

    config = _config(project)
    typed, language = language, _languages(config, [language])[0]
    if tag_of(language) == tag_of(config.source_language):
        raise InputError(f"'{typed}' is the source language")
    selected = _run(lambda: files.select_articles(config, []))
    memories = None if no_memory else pipeline.Memories(config, [config.root / c for c in config.compendium])
    written = 0
    with _locked(config, False):
        for result in _stream(batch.extract_all(config, selected, [language], pipeline.creation_date(), memories, 0)):
            written += 0 if isinstance(result, str) else result.written
    folder = config.relative(config.locale_dir / language)
    click.echo(f"{language}: {len(selected)} catalog(s) in {folder}, {written} file(s) written")
    if language not in config.languages:
        listed = ", ".join(f'"{code}"' for code in (*config.languages, language))
        table = "[tool.localize] " if config.file == "pyproject.toml" else f"{config.file}: "
        click.echo(f"Add it to the project to keep it updated: {table}languages = [{listed}]")
    return 0


@commands.command()
@project_option
@language_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown", "junit"]),
    default="text",
    show_default=True,
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    callback=lambda _context, _parameter, value: _finite(value),
    metavar="PCT",
    help="Exit 1 when a language's word coverage is below PCT.",
)
@click.argument("articles", nargs=-1)
def coverage(
    project: str | None,
    languages: tuple[str, ...],
    output_format: str,
    fail_under: float | None,
    articles: tuple[str, ...],
) -> int:
    """Report what is translated, per language, article and section.

    Exits 1 when a language or article is below its threshold (--fail-under, or fail_under
    and [tool.localize.thresholds] in the configuration), naming each.
    """
    from . import batch, files, pipeline  # lazy: 32 ms (catalogs, segmenting, babel), which --version and --help skip
    from . import coverage as report_module  # lazy: 27 ms (with pipeline's), which --version and --help skip
    from .config import check_threshold_articles  # lazy: 15 ms (tomllib, babel), which --version skips

    config, chosen, selected = _project(project, languages, articles)
    if any(":" in key or key not in config.languages for key in config.thresholds):
        every = selected if not articles else _run(lambda: files.select_articles(config, []))
        _run(lambda: check_threshold_articles(config, every))
    found = list(_stream(batch.each_article(pipeline.coverage, config, chosen, selected)))
    count = len(selected)
    report = {language: found[index * count : (index + 1) * count] for index, language in enumerate(chosen)}
    overall = fail_under if fail_under is not None else config.fail_under
    failing = report_module.shortfalls(report, overall, config.thresholds)
    if output_format == "json":
        click.echo(json.dumps(report_module.as_json(report), ensure_ascii=False, indent=2))
    elif output_format == "markdown":
        click.echo(report_module.format_markdown(report), nl=False)
    elif output_format == "junit":
        click.echo(report_module.format_junit(report, failing), nl=False)
    else:
        click.echo(report_module.format_text(report, colour=sys.stdout.isatty()))
    for shortfall in failing:
        click.echo(f"localize: {shortfall}", err=True)
    return 1 if failing else 0


@commands.command()
@project_option
@language_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--format", "output_format", type=click.Choice(["text", "github"]), default="text", show_default=True)
@click.argument("articles", nargs=-1)
def check(
    project: str | None, languages: tuple[str, ...], strict: bool, output_format: str, articles: tuple[str, ...]
) -> int:
    """Review every translated and fuzzy entry against its source, as a careful reviewer would,
    and check every link.

    Reports `catalog:line: error|warning: what (article:line)`; errors exit 1, and warnings
    too with --strict. --format github prints GitHub Actions annotations. Links to missing
    articles or files, `#fragment`s no heading or id has and missing images are errors at
    the article's line, in English and, where a translation adds them, in that language;
    a link leading outside the articles folder is a warning. External links are not fetched.
    """
    from . import batch, files, pipeline  # lazy: 32 ms (catalogs, segmenting, babel), which --version and --help skip
    from .linkcheck import ProjectLinks

    config, chosen, selected = _project(project, languages, articles)
    every = selected if not articles else _run(lambda: files.discover_articles(config))
    links = ProjectLinks.of(config.articles_dir, config.relative(config.articles_dir), every)
    work = functools.partial(pipeline.check, links=links)
    errors = warnings = 0
    found = batch.each_article(work, config, [config.source_language, *chosen], selected)
    for diagnostics in _stream(itertools.chain(found, _terms(config, chosen, selected))):
        for diagnostic in diagnostics:
            if diagnostic.severity == "error":
                errors += 1
            else:
                warnings += 1
            click.echo(_github(diagnostic) if output_format == "github" else str(diagnostic))
    click.echo(f"{errors} error(s), {warnings} warning(s)", err=output_format == "github")
    return 1 if errors or (strict and warnings) else 0


def _terms(config: Config, languages: Sequence[str], articles: dict[str, Path]) -> Iterator[list[Diagnostic]]:
    """After every article's findings: terms translated in several ways across the project."""
    if not config.terminology.varies(languages):
        return
    from . import pipeline  # lazy: 32 ms (catalogs, segmenting, babel), which --version and --help skip
    from .review import consistency  # lazy: 2.4 ms to import; only check needs it

    catalogs = [(language, *pipeline.load_catalog(config, language, name))
                for language in languages for name in articles]
    yield consistency(config.terminology, catalogs)


def _finite(value: float | None) -> float | None:
    """A percentage option's value; NaN (which every comparison lets through) is a usage error."""
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number from 0 to 100")
    return value


def _github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command: `::error file=…,line=…::message`."""
    message = _github_escape(diagnostic.message)
    path = _github_escape(diagnostic.path, (":", "%3A"), (",", "%2C"))
    return f"::{diagnostic.severity} file={path},line={diagnostic.line}::{message}"


def _github_escape(value: str, *more: tuple[str, str]) -> str:
    """A workflow command's message escaped as GitHub's toolkit does; a property value also
    escapes `:` and `,` (`more`)."""
    for char, code in (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"), *more):
        value = value.replace(char, code)
    return value

"""Running a command over many articles: skip what is unchanged, spread the rest over processes.

Articles are independent, so `--jobs N` spreads them over N processes (this one and a
standard-library process pool), in chunks of a few articles; results come back in article
order as they are done. Each article is processed on its own and what comes back is a
small summary (outputs wait on disk as staged files), so memory does not grow with the
size of the articles.
"""

from __future__ import annotations

import importlib
import os
import posixpath
import re
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from . import __version__, files
from .cache import Cache, digest, stamp, stamps
from .config import check_output_languages, check_outputs, fallback_language, html_path
from .layout import placements
from .model import Diagnostic, LocalizeError
from .site import has_page

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

    from .config import Config
    from .pipeline import ExtractOptions, ExtractResult, Memories
    from .site import SiteMap

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

PARALLEL_FROM = 16
"""With `--jobs auto`, fewer articles than this run in one process (workers cost a start)."""

START_METHOD = "fork" if hasattr(os, "fork") else "spawn"
"""How worker processes start: forked where the platform can (they share the modules this
process has loaded), else spawned (a fresh interpreter that imports what it needs)."""


def resolve_jobs(jobs: int, articles: int) -> int:
    """Worker count: `jobs`, or with 0 (auto) one per core for larger projects."""
    if jobs > 0:
        return min(jobs, max(articles, 1))
    if articles < PARALLEL_FROM:
        return 1
    return min(os.cpu_count() or 1, articles)


Progress = Callable[[int], None]
"""Told how many items are done so far."""


def ordered_map(
    function: Callable[[T, S], R],
    items: Sequence[T],
    shared: S,
    workers: int,
    progress: Progress | None = None,
    unclaimed: Callable[[R], None] | None = None,
    context: BaseContext | None = None,
) -> Generator[R, None, None]:
    """`function(item, shared)` for every item, results in item order as they are done.

    With more than one worker the items are spread over this process and a pool of
    `workers - 1` more (started as `context` says, by default START_METHOD); `shared` (say,
    the translation memory) is handed to each of them once, when it starts. An error is raised in its item's
    place, and stops the run: items not begun are cancelled, and the results of those done
    meanwhile but never yielded are handed to `unclaimed` (to delete what they staged).
    """
    if workers <= 1 or len(items) <= 1:
        for done, item in enumerate(items, start=1):
            yield function(item, shared)
            if progress:
                progress(done)
        return
    yield from _pooled(function, items, shared, workers, progress, unclaimed, context)


def _pooled(
    function: Callable[[T, S], R],
    items: Sequence[T],
    shared: S,
    workers: int,
    progress: Progress | None,
    unclaimed: Callable[[R], None] | None,
    context: BaseContext | None,
) -> Generator[R, None, None]:
    """`ordered_map` over this process and a pool of `workers - 1` more, fed chunks of items.

    The pool takes chunks from the front, in order; while the chunk due next is not done,
    this process works through chunks from the back itself (and holds their results until
    their turn), so no process sits idle and one fewer is started.
    """
    # lazy: 13 ms of imports (concurrent.futures.process, multiprocessing) that runs in one process skip
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool, ProcessPoolExecutor

    context = context or multiprocessing.get_context(START_METHOD)
    helpers = workers - 1
    pool = ProcessPoolExecutor(helpers, context, initializer=_start_worker, initargs=(os.getpid(), shared))
    size = _chunk_size(len(items), workers)
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    futures: dict[int, Future[_Chunk[R]]] = {}  # by chunk, those not handed on yet
    own: dict[int, _Chunk[R]] = {}  # by chunk, those this process did and has not handed on yet
    current: deque[R] = deque()  # the results of the chunk being handed on
    front, back = 0, len(chunks)  # the pool's next chunk; the first this process took
    done = 0
    try:
        for index in range(len(chunks)):
            while index not in own:
                while front < back and len(futures) < 2 * helpers:  # one queued behind each running chunk
                    futures[front] = pool.submit(_work, function, chunks[front])
                    front += 1
                if futures[index].done() or front >= back:
                    break
                back -= 1
                own[back] = _work_here(function, chunks[back], shared)
            try:
                results, error = own.pop(index) if index in own else futures[index].result()
            except BrokenProcessPool:
                raise RuntimeError("a worker process died") from None
            futures.pop(index, None)
            current.extend(results)
            while current:
                done += 1
                yield current.popleft()
                if progress:
                    progress(done)
            if error is not None:
                raise error
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # each worker finishes the chunk it is on
        if unclaimed:
            _hand_back(current, own.values(), futures.values(), unclaimed)


CHUNKS_PER_WORKER = 16
"""Items go to workers in this many chunks per worker: few enough that sending them costs
little (the configuration is pickled once per chunk), enough to keep every worker busy."""
CHUNK_AT_MOST = 32
"""Items in a chunk at the most: a stopped run waits for each worker's current chunk, and a
chunk's results travel (and are held) together."""


def _chunk_size(items: int, workers: int) -> int:
    return max(1, min(CHUNK_AT_MOST, -(-items // (workers * CHUNKS_PER_WORKER))))


_Chunk = tuple[list[R], BaseException | None]
"""A chunk's results in order, up to the first error (then that error; None when there was none)."""


def _hand_back(
    current: Iterable[R],
    own: Iterable[_Chunk[R]],
    futures: Iterable[Future[_Chunk[R]]],
    unclaimed: Callable[[R], None],
) -> None:
    """Hand the results done but never yielded to `unclaimed`."""
    for result in current:
        unclaimed(result)
    for results, _error in own:
        for result in results:
            unclaimed(result)
    for future in futures:
        if future.done() and not future.cancelled() and future.exception() is None:
            for result in future.result()[0]:
                unclaimed(result)


_WORKER: tuple[int, object] | None = None
"""In a worker process: the parent's process id, and what `ordered_map` shares with every item."""


def _start_worker(parent: int, shared: object) -> None:
    global _WORKER
    _WORKER = (parent, shared)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches every process: the parent stops the run
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    files.forget_pending()  # a forked worker inherits its parent's list


def _work(function: Callable[[T, S], R], chunk: Sequence[T]) -> _Chunk[R]:
    """A chunk's items done in a worker, up to the first error."""
    assert _WORKER is not None
    parent, shared = _WORKER
    return _work_here(function, chunk, shared, parent)  # type: ignore[arg-type]


def _work_here(function: Callable[[T, S], R], chunk: Sequence[T], shared: S, parent: int | None = None) -> _Chunk[R]:
    """A chunk's items done in this process, up to the first error; a worker (whose `parent`
    is given) stops, leaving nothing behind, once that parent is gone."""
    results: list[R] = []
    for item in chunk:
        if parent is not None and os.getppid() != parent:  # the run was stopped: leave nothing behind
            files.delete_pending()
            os._exit(1)
        try:
            results.append(function(item, shared))
        except Exception as error:  # raised in the parent, in its item's place
            return results, error
    return results, None


@dataclass(slots=True)
class _Outcome(Generic[R]):
    """One item's work done with its writes staged: the result or the error, and the writes."""

    result: R | None
    error: Exception | None
    staged: files.Staged


class _Job(Protocol):
    config: Config


J = TypeVar("J", bound=_Job)


def _staged_call(job: J, work: tuple[Callable[[J, S], R], S]) -> _Outcome[R]:
    """Do one item's work with its writes held back; an error discards them and is returned."""
    function, shared = work
    try:
        with files.staging(job.config) as stage:
            result = function(job, shared)
    except Exception as error:  # handed to the parent as a value, with the item's place in the run
        return _Outcome(None, error, files.Staged())
    return _Outcome(result, None, stage.record())


def _discard(outcome: _Outcome[R]) -> None:
    outcome.staged.discard()


def staged_map(
    function: Callable[[J, S], R], jobs: Sequence[J], shared: S, workers: int, progress: Progress | None = None
) -> list[R]:
    """`ordered_map` that writes only when every item succeeded.

    Each item's writes wait as temporary files (on disk: memory stays flat); when all are
    done they are renamed into place. The first error, in item order, stops the run: what
    was staged is deleted and the error raised. Bad input writes nothing.
    """
    outcomes: list[_Outcome[R]] = []
    results = ordered_map(_staged_call, jobs, (function, shared), workers, progress, _discard)
    try:
        for outcome in results:
            if outcome.error is not None:
                raise outcome.error
            outcomes.append(outcome)
    except BaseException:  # an error or an interruption: what was staged so far is deleted
        results.close()
        for outcome in outcomes:
            outcome.staged.discard()
        raise
    staged = files.Staged()
    for outcome in outcomes:
        staged.extend(outcome.staged)
    if jobs:
        config = jobs[0].config
        staged.commit(lambda target: config.relative(Path(target)))
    return [outcome.result for outcome in outcomes]  # type: ignore[misc]


def each_article(
    function: Callable[[Config, str, str, Path], R],
    config: Config,
    languages: Iterable[str],
    articles: dict[str, Path],
    jobs: int = 1,
) -> Iterator[R]:
    """`function(config, language, name, path)` for every article in every language (language
    by language, articles in order), as `ordered_map` runs it: the loop of every command."""
    items = [(language, name, path) for language in languages for name, path in articles.items()]
    return ordered_map(_article_call, items, (function, config), resolve_jobs(jobs, len(items)))


def _article_call(item: tuple[str, str, Path], work: tuple[Callable[[Config, str, str, Path], R], Config]) -> R:
    function, config = work
    return function(config, *item)


def _warm_up(config: Config, languages: Sequence[str], building: bool) -> None:
    """Load what every article needs once, before forking, instead of once per worker:
    the parsers and, to extract, the languages' plural forms; to build, the renderer."""
    # lazy: the core (catalogs, segmenting) costs 14 ms to import; a run that finds every article fresh never loads it
    from . import catalog, parsing

    importlib.import_module("localize.pipeline")  # its workers' work: imported once here, not in every worker
    parsing.block_parser()
    if building:
        importlib.import_module("localize.render")  # imported lazily by pipeline: loaded here once, not per worker
        parsing.markdown_parser()
    else:
        for language in languages:
            catalog.plural_forms(language)
    if config.code != "none":
        importlib.import_module("pygments.lexers")  # 4 ms of imports, only for highlighted code


def cache_for(config: Config, command: str) -> Cache:
    return Cache(config.build_dir / ".cache" / "localize.json", command)


def settings_digest(config: Config, *extra: object) -> str:
    """Everything besides the article and catalogs that changes a command's output."""
    relevant = (
        __version__,
        config.front_matter_keys,
        config.code,
        config.toc,
        config.references,
        config.source_language,
        *extra,
    )
    return digest(repr(relevant))


# -- extract ----------------------------------------------------------------------------


@dataclass(slots=True)
class ExtractJob:
    config: Config
    name: str
    path: Path
    languages: tuple[str, ...]
    date: str
    options: ExtractOptions


@dataclass(slots=True)
class _Done(Generic[R]):
    """A worker's result, with what the cache records of its inputs and outputs, taken in
    the worker so the parent has no serial reading or stat-ing left to do."""

    result: R
    inputs: str
    """Digest of what the worker read: the article's bytes (and for a build, its catalog's stamp)."""
    stamps: list[str]
    """Stamps of the outputs, after the work."""


def _read_source(config: Config, path: Path) -> tuple[str, str]:
    """An article's text and the digest of its bytes."""
    shown = config.relative(path)
    data = files.read_data(path, shown)
    return files.decode(data, shown), digest(data)


def _source_digest(config: Config, path: Path) -> str:
    """The digest of an article's bytes, as `_read_source` gives it."""
    return digest(files.read_data(path, config.relative(path)))


def _extract_outputs(config: Config, name: str, languages: Iterable[str]) -> list[str]:
    return [config.template_file(name), *(config.catalog_file(language, name) for language in languages)]


def _extract_one(job: ExtractJob, memories: Memories | None) -> _Done[ExtractResult]:
    outputs = _extract_outputs(job.config, job.name, job.languages)
    # A check writes nothing, so its stamps are taken before reading: a file that changes
    # while it is read never gets recorded as checked.
    before = [stamp(path) for path in outputs] if job.options.check else None
    # lazy: the core (catalogs, segmenting) costs 14 ms to import; a run that finds every article fresh never loads it
    from .pipeline import extract

    text, source = _read_source(job.config, job.path)
    result = extract(job.config, job.name, job.path, job.languages, job.date, memories, job.options, text)
    return _Done(result, source, before if before is not None else [files.staged_stamp(path) for path in outputs])


def _memory_stamp(config: Config, languages: Iterable[str], compendia: Sequence[Path]) -> str:
    catalogs = [p for language in languages for p in (config.locale_dir / language).rglob("*.po")]
    return stamps([*catalogs, *compendia])


def _workers(config: Config, languages: Sequence[str], jobs: int, todo: int, building: bool) -> int:
    """The worker count for `todo` items, with what they all need loaded first for forked workers."""
    workers = resolve_jobs(jobs, todo)
    if workers > 1 and START_METHOD == "fork":
        _warm_up(config, languages, building)
    return workers


@dataclass(slots=True)
class _ExtractRun:
    """What extracting every article needs besides its jobs: the run record and its keys."""

    config: Config
    languages: Sequence[str]
    memories: Memories | None
    options: ExtractOptions
    cache: Cache = field(init=False)
    settings: str = field(init=False)
    memory_before: str = field(init=False)
    sources: dict[str, str] = field(default_factory=dict)
    """Digests of the articles' bytes: of those the cache knows, then of those each worker read."""

    def __post_init__(self) -> None:
        self.cache = cache_for(self.config, "extract")
        self.settings = settings_digest(
            self.config, tuple(self.languages), self.memories is not None, self.options.purge_obsolete,
            self.config.wrap, self.config.terminology, self.config.languages,  # the terms in entries' comments
        )
        self.memory_before = self.memory_stamp()

    def memory_stamp(self) -> str:
        if self.memories is None:
            return ""
        return _memory_stamp(self.config, self.languages, self.memories.compendia)

    def fresh(self, name: str, path: Path) -> bool:
        """Whether the run record knows the article's outputs up to date (only those it knows are read)."""
        if not self.cache.knows(name):
            return False
        self.sources[name] = _source_digest(self.config, path)
        inputs = digest(self.settings, self.memory_before, self.sources[name])
        return self.cache.fresh(name, inputs, _extract_outputs(self.config, name, self.languages)) is not None

    def record(self, articles: Iterable[str], written: dict[str, list[str]]) -> None:
        """Record every article against the catalogs as this run leaves them."""
        memory_after = self.memory_stamp()
        for name in articles:
            inputs = digest(self.settings, memory_after, self.sources[name])
            if name in written:
                self.cache.record_stamped(name, inputs, written[name])
            else:
                self.cache.record(name, inputs, _extract_outputs(self.config, name, self.languages))
        self.cache.save()

    def record_checked(self, written: dict[str, list[str]]) -> None:
        """Only what was found exactly as it would be written; nothing else changed. A
        check never writes through a link that leads out of the project."""
        for name, stamped in written.items():
            self.cache.record_stamped(name, digest(self.settings, self.memory_before, self.sources[name]), stamped)
        try:
            files.ensure_inside(self.config, self.cache.path)
        except LocalizeError:
            return
        self.cache.save()


def extract_all(
    config: Config,
    articles: dict[str, Path],
    languages: Sequence[str],
    date: str,
    memories: Memories | None,
    jobs: int,
    progress: Progress | None = None,
    options: ExtractOptions | None = None,
) -> Iterator[ExtractResult | str]:
    """Extract every article; yields a result, or the article's name when it was unchanged.

    A check (`options.check`) writes no catalog. It skips what the run record knows fresh,
    like an extraction, and records an article it found exactly as an extraction would
    leave it (not one that is only laid out otherwise, so that `extract` rewrites that).
    """
    # lazy: the core (catalogs, segmenting) costs 14 ms to import; a run that finds every article fresh never loads it
    from .pipeline import ExtractOptions

    options = options or ExtractOptions()
    run = _ExtractRun(config, languages, memories, options)
    todo = [
        ExtractJob(config, name, path, tuple(languages), date, options)
        for name, path in articles.items()
        if not run.fresh(name, path)
    ]
    workers = _workers(config, languages, jobs, len(todo), building=False)
    # Written when all succeeded; the memory goes to each worker once, as it starts.
    results = iter(staged_map(_extract_one, todo, memories, workers, progress))
    pending = {job.name for job in todo}
    written: dict[str, list[str]] = {}
    for name in articles:
        if name not in pending:
            yield name
            continue
        done = next(results)
        run.sources[name] = done.inputs
        result = done.result
        if not options.check or not (result.stale or result.missing or result.relaid):
            written[name] = done.stamps
        yield result
    if options.check:
        run.record_checked(written)
    else:
        run.record(articles, written)


# -- build --------------------------------------------------------------------------------


@dataclass(slots=True)
class BuildJob:
    config: Config
    language: str
    name: str
    path: Path
    use_fuzzy: bool
    formats: tuple[str, ...]


@dataclass(slots=True)
class BuildSummary:
    """What building one article did (kept in the cache, so a skipped article reports the same)."""

    output: str
    total: int
    translated: int
    refused: int
    written: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fallback: int = 0
    """Of `translated`, segments from the base language's catalog (`de` for `de_AT`)."""
    base: str = ""
    """That base language ("" when none)."""
    assets: list[list[str]] = field(default_factory=list)
    """The linked files placed beside the Markdown: [destination, source] from the root."""


def _build_outputs(
    config: Config, language: str, name: str, formats: Sequence[str], assets: Sequence[Sequence[str]] = ()
) -> list[Path]:
    """Every file a build of one article writes, and the linked files it placed beside its
    Markdown with their sources ((destination, source) from the root: a changed source is
    placed again)."""
    paths = [config.output_path(language, name)] if "md" in formats else []
    if "html" in formats and has_page(name):
        paths += [html_path(config, language, name), html_path(config, config.source_language, name)]
    paths += [config.root / path for pair in assets for path in pair]
    return paths


def _place_assets(
    config: Config, language: str, name: str, path: Path, text: str
) -> tuple[list[list[str]], list[Diagnostic], bool]:
    """Place the files the article links to (images, downloads) where its links lead from its
    Markdown output, when that lies in another folder: ((destination, source) pairs, warnings
    for those that cannot be placed, whether any was written)."""
    article_folder = posixpath.dirname(f"{config.layout.articles}/{name}")
    if posixpath.dirname(config.layout.path(language, name)) == article_folder:
        return [], [], False  # beside the English (a suffix layout): every link works as it is
    shown = config.relative(path)
    placed, refused = placements(config.layout, language, name, article_folder, _linked_files(config, name, text))
    output = config.relative(config.output_path(language, name))
    warnings = [Diagnostic(shown, line, f"{why} (its link breaks in {output})", "warning") for line, why in refused]
    written = False
    for destination, source in placed:
        target = config.root / destination
        keep_other = not files.lies_below(target, config.build_dir)  # there, another file may be a translation
        written = files.place_file(config.root / source, target, destination, keep_other) or written
    return [list(pair) for pair in placed], warnings, written


_DESTINATION = re.compile(r"""(?:\]\(|\]:|\b(?:src|href)[ \t]*=)\s*(?:<([^<>\n]*)>|["']?([^\s"'<>()]*)(\(?))""", re.I)
"""What could start a link or image destination: after `](`, a definition's `]:`, or `src=`/`href=`."""
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _may_link_files(folder: Path, text: str) -> bool:
    """Whether an article (in `folder`) may link to a file other than Markdown. False only
    when every destination it could have is a scheme's, a fragment, absolute, a `.md` file or
    no file at all, which spares reading its links (most articles of a book)."""
    for found in _DESTINATION.finditer(text):
        angled, plain, parenthesis = found.groups()
        written = angled if angled is not None else plain
        if _SCHEME.match(written) or written.startswith(("/", "#")):
            continue
        if parenthesis or any(sign in written for sign in "\\&%"):
            return True  # escaped, encoded or with parentheses: only the parser can tell
        destination = re.split(r"[#?]", written, maxsplit=1)[0]
        if destination and not destination.endswith(".md") and os.path.isfile(folder / destination):
            return True
    return False


def _linked_files(config: Config, name: str, text: str) -> list[tuple[int, str]]:
    """(line, path from the root) of every file in the project the article links to, other
    than Markdown (articles and their outputs have their own places)."""
    if not _may_link_files(config.articles_dir / posixpath.dirname(name), text):
        return []
    from .links import references_in, resolve  # lazy: imports the inline parser, which a fresh build never needs

    found = []
    for reference in references_in(text, config.link_schemes):
        target = resolve(f"{name}.md", reference.target, ())
        if target.kind not in ("file", "outside") or target.path.endswith(".md"):
            continue
        relative = posixpath.normpath(f"{config.layout.articles}/{target.path}")
        source = config.root / relative
        if relative.startswith("../") or not source.is_file() or not files.lies_inside(config, source):
            continue
        found.append((reference.line, relative))
    return found


def _build_one(job: BuildJob, site: SiteMap | None = None) -> _Done[BuildSummary]:
    # lazy: the core (catalogs, segmenting) costs 14 ms to import; a run that finds every article fresh never loads it
    from .pipeline import build

    config = job.config
    text, source = _read_source(config, job.path)
    inputs = _build_inputs(config, job.language, job.name, source)  # before the catalog is read
    built, shown, written = build(config, job.language, job.name, job.path, job.use_fuzzy, job.formats, text, site)
    assets: list[list[str]] = []
    if "md" in job.formats:
        assets, warnings, placed = _place_assets(config, job.language, job.name, job.path, text)
        built.diagnostics += warnings
        written = written or placed
    summary = BuildSummary(
        shown, built.total, built.translated, built.refused, written, built.diagnostics, built.fallback,
        fallback_language(config, job.language) or "", assets,
    )
    outputs = _build_outputs(config, job.language, job.name, job.formats, assets)
    return _Done(summary, inputs, [files.staged_stamp(path) for path in outputs])


def _build_inputs(config: Config, language: str, name: str, source: str) -> str:
    """What a build of one article reads: its bytes (`source`, their digest), its catalog and
    its base language's (`de` for `de_AT`)."""
    catalogs = [config.catalog_path(language, name)]
    base = fallback_language(config, language)
    if base is not None:
        catalogs.append(config.catalog_path(base, name))
    return digest(source, stamps(catalogs))


def build_all(
    config: Config,
    articles: dict[str, Path],
    languages: Sequence[str],
    use_fuzzy: bool,
    jobs: int,
    progress: Progress | None = None,
    formats: Sequence[str] = ("md",),
    site: SiteMap | None = None,
) -> Iterator[BuildSummary]:
    """Build every article in every language, skipping those whose inputs did not change
    (HTML pages: `site` is what they show of the whole site, handed to every worker once)."""
    cache = cache_for(config, "build")
    settings = settings_digest(
        config, use_fuzzy, tuple(formats), config.fallback, config.fallback_threshold, config.heading_ids,
        config.link_schemes,
        config.languages,  # the hreflang links of HTML pages name every language
        site.digest() if site is not None else "",  # their navigation
        config.output,
    )
    check_output_languages(config, languages)
    check_outputs(config, articles)
    cached = _cached_builds(config, articles, languages, formats, cache, settings)
    todo = [
        BuildJob(config, language, name, path, use_fuzzy, tuple(formats))
        for language in languages
        for name, path in articles.items()
        if (language, name) not in cached
    ]
    workers = _workers(config, languages, jobs, len(todo), building=True)
    # Every article is read, checked and built before any output changes.
    results = iter(staged_map(_build_one, todo, site, workers, progress))
    for language in languages:
        for name in articles:
            summary = cached.pop((language, name), None)
            if summary is not None:
                yield summary
                continue
            done = next(results)
            key = f"{language}/{name}"
            inputs = digest(settings, done.inputs)
            if done.result.written:  # stamped again: another article may have written a shared page since
                outputs = _build_outputs(config, language, name, formats, done.result.assets)
                cache.record(key, inputs, outputs, *_summary_to(done.result))
            else:
                cache.record_stamped(key, inputs, done.stamps, *_summary_to(done.result))
            yield done.result
    cache.save()


def _cached_builds(
    config: Config,
    articles: dict[str, Path],
    languages: Sequence[str],
    formats: Sequence[str],
    cache: Cache,
    settings: str,
) -> dict[tuple[str, str], BuildSummary]:
    """The builds the run record knows up to date, by (language, article): what they reported."""
    sources: dict[str, str] = {}  # digests of the articles the cache knows; the others are read by their worker
    cached: dict[tuple[str, str], BuildSummary] = {}
    for language in languages:
        for name, path in articles.items():
            key = f"{language}/{name}"
            if not cache.knows(key):
                continue
            if name not in sources:
                sources[name] = _source_digest(config, path)
            inputs = _build_inputs(config, language, name, sources[name])
            outputs = _build_outputs(config, language, name, formats, _recorded_assets(cache, key))
            extra = cache.fresh(key, digest(settings, inputs), outputs)
            if extra:
                cached[(language, name)] = _summary_from(config.relative(config.output_path(language, name)), extra)
    return cached


def _summary_to(summary: BuildSummary) -> list[object]:
    diagnostics = [[d.path, d.line, d.message, d.severity] for d in summary.diagnostics]
    fields = [summary.total, summary.translated, summary.refused, diagnostics, summary.fallback, summary.base]
    return [*fields, summary.assets]


ASSETS_FIELD = 8
"""Where a build's record ([inputs, stamps, *summary]) keeps the linked files it placed."""


def _recorded_assets(cache: Cache, key: str) -> list[list[str]]:
    """The linked files the last build of `key` placed ([destination, source] pairs)."""
    entry = cache.entries.get(key)
    found = entry[ASSETS_FIELD] if isinstance(entry, list) and len(entry) > ASSETS_FIELD else []
    if not isinstance(found, list):
        return []
    return [[str(part) for part in pair] for pair in found if isinstance(pair, list) and len(pair) == 2]


def _summary_from(output: str, extra: list[object]) -> BuildSummary:
    """A summary as the run record keeps it (`_summary_to`)."""
    total, translated, refused, diagnostics, *rest = extra
    return BuildSummary(
        output,
        _int(total),
        _int(translated),
        _int(refused),
        False,
        [_diagnostic(fields) for fields in _list(diagnostics)],
        _int(rest[0]) if rest else 0,
        str(rest[1]) if len(rest) > 1 else "",
        [[str(part) for part in _list(pair)] for pair in _list(rest[2])] if len(rest) > 2 else [],
    )


def _int(value: object) -> int:
    if not isinstance(value, (int, float, str)):
        raise TypeError(f"not a number in the run record: {value!r}")
    return int(value)


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"not a list in the run record: {value!r}")
    return value


def _diagnostic(value: object) -> Diagnostic:
    path, line, message, severity = _list(value)
    return Diagnostic(str(path), _int(line), str(message), "warning" if severity == "warning" else "error")

"""Running a command over many articles: skip what is unchanged, spread the rest over processes.

Articles are independent, so `--jobs N` hands them to N worker processes; results come back
in article order. Each article is processed on its own, so memory stays flat however
large the project is.
"""

from __future__ import annotations

import functools
import io
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from . import __version__, files
from .cache import Cache, digest, stamp, stamps
from .model import Diagnostic, LocalizeError

if TYPE_CHECKING:
    from .config import Config
    from .pipeline import ExtractOptions, ExtractResult, Memories

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 16
"""With `--jobs auto`, fewer articles than this run in one process (workers cost a start)."""


def resolve_jobs(jobs: int, articles: int) -> int:
    """Worker count: `jobs`, or with 0 (auto) one per core for larger projects."""
    if jobs > 0:
        return min(jobs, max(articles, 1))
    if articles < PARALLEL_FROM:
        return 1
    return min(os.cpu_count() or 1, articles)


Progress = Callable[[int], None]
"""Told how many items are done so far (estimated while workers run)."""


def parallel_map(
    function: Callable[[T], R], items: Sequence[T], jobs: int, progress: Progress | None = None
) -> Iterator[R]:
    """`map` over `jobs` processes, results in order.

    Where the platform can fork, the work is split into interleaved shards: this process
    takes the first and forked children (which share its loaded modules) the others, each
    sending its results back through a pipe. Elsewhere the work runs in this process.
    """
    if jobs <= 1 or len(items) <= 1 or not hasattr(os, "fork"):
        for done, item in enumerate(items, start=1):
            yield function(item)
            if progress:
                progress(done)
        return
    shards = [list(items[number::jobs]) for number in range(jobs)]
    children = [_fork_shard(function, shard) for shard in shards[1:]]
    own: list[tuple[bool, object]] = []
    for item in shards[0]:
        own.append(_attempt(function, item))
        if progress:  # the shards are alike, so this process's pace stands for all
            progress(min(len(own) * jobs, len(items)))
    # Each child's outcomes arrive as one pickle per item, unpickled only when their turn
    # comes, so a large project never holds them all as objects at once.
    readers: list[Callable[[], tuple[bool, object]]] = [iter(own).__next__]
    for pid, descriptor in children:
        with os.fdopen(descriptor, "rb") as stream:
            data = stream.read()
        os.waitpid(pid, 0)
        readers.append(_reader(data))
    for index in range(len(items)):
        ok, value = readers[index % jobs]()
        if index % jobs == 0:
            own[index // jobs] = (True, None)  # let what was handed on be freed
        if not ok:
            raise value  # type: ignore[misc]
        yield value  # type: ignore[misc]


def _reader(data: bytes) -> Callable[[], tuple[bool, object]]:
    """The next of a child's outcomes, each time it is called."""
    stream = io.BytesIO(data)

    def next_outcome() -> tuple[bool, object]:
        try:  # one unpickler per pickle: each was made by a pickler of its own
            return pickle.load(stream)  # type: ignore[no-any-return]
        except (EOFError, pickle.UnpicklingError):  # nothing, or not all, was sent
            return False, RuntimeError("a worker process died")

    return next_outcome


def _attempt(function: Callable[[T], R], item: T) -> tuple[bool, object]:
    try:
        return True, function(item)
    except Exception as error:  # handed to the caller, in order, like map would raise it
        return False, error


def _fork_shard(function: Callable[[T], R], shard: list[T]) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: do the shard, send the outcomes, leave without cleanup
        os.close(read_end)
        files.forget_pending()
        try:
            buffer = io.BytesIO()  # pickled as they come: bytes take less room than objects
            for item in shard:
                if os.getppid() != parent:  # the run was stopped: leave nothing behind
                    files.delete_pending()
                    os._exit(1)
                pickle.dump(_attempt(function, item), buffer)
            with os.fdopen(write_end, "wb") as stream:
                stream.write(buffer.getbuffer())
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end


@dataclass(slots=True)
class _Outcome(Generic[R]):
    """One item's work done with its writes staged: the result or the error, and the writes."""

    result: R | None
    error: Exception | None
    staged: files.Staged


class _Job(Protocol):
    config: Config


J = TypeVar("J", bound=_Job)


def _staged_call(function: Callable[[J], R], job: J) -> _Outcome[R]:
    """Do one item's work with its writes held back; an error discards them and is returned."""
    try:
        with files.staging(job.config) as stage:
            result = function(job)
    except Exception as error:  # noqa: BLE001  (handed to the parent as a value: it sees every outcome)
        return _Outcome(None, error, files.Staged())
    return _Outcome(result, None, stage.record())


def staged_map(function: Callable[[J], R], jobs: Sequence[J], workers: int, progress: Progress | None = None) -> list[R]:
    """`parallel_map` that writes only when every item succeeded.

    Each item's writes wait as temporary files (on disk: memory stays flat); when all are
    done they are renamed into place. With one error they are all deleted and the first
    error in item order is raised: bad input writes nothing.
    """
    outcomes: list[_Outcome[R]] = []
    try:
        outcomes.extend(parallel_map(functools.partial(_staged_call, function), jobs, workers, progress))
    except BaseException:  # interrupted: what was staged so far is deleted (the rest, next run)
        for outcome in outcomes:
            outcome.staged.discard()
        raise
    staged = files.Staged()
    for outcome in outcomes:
        staged.extend(outcome.staged)
    failed = next((outcome.error for outcome in outcomes if outcome.error is not None), None)
    if failed is not None:
        staged.discard()
        raise failed
    if jobs:
        config = jobs[0].config
        staged.commit(lambda target: config.relative(Path(target)))
    return [outcome.result for outcome in outcomes]  # type: ignore[misc]


def _warm_up(config: Config, languages: Sequence[str], building: bool) -> None:
    """Load what every article needs once, before forking, instead of once per worker:
    the parsers and, to extract, the languages' plural forms; to build, the renderer."""
    from . import catalog
    from .segment import block_parser, markdown_parser

    block_parser()
    if building:
        from . import render  # noqa: F401  (imported for the workers)

        markdown_parser()
    else:
        for language in languages:
            catalog.plural_forms(language)
    if config.code != "none":
        import pygments.lexers  # noqa: F401


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


_MEMORIES: Memories | None = None
"""The translation memory of this process (each worker loads its own, on first use)."""


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


def _extract_one(job: ExtractJob) -> _Done[ExtractResult]:
    from .pipeline import extract

    outputs = _extract_outputs(job.config, job.name, job.languages)
    # A check writes nothing, so its stamps are taken before reading: a file that changes
    # while it is read never gets recorded as checked.
    before = [stamp(path) for path in outputs] if job.options.check else None
    text, source = _read_source(job.config, job.path)
    result = extract(job.config, job.name, job.path, job.languages, job.date, _MEMORIES, job.options, text)
    return _Done(result, source, before if before is not None else [files.staged_stamp(path) for path in outputs])


def _memory_stamp(config: Config, languages: Iterable[str], compendia: Sequence[Path]) -> str:
    catalogs = [p for language in languages for p in (config.locale_dir / language).rglob("*.po")]
    return stamps([*catalogs, *compendia])


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
    from .pipeline import ExtractOptions

    options = options or ExtractOptions()
    global _MEMORIES
    _MEMORIES = memories
    cache = cache_for(config, "extract")
    compendia = memories.compendia if memories is not None else []
    settings = settings_digest(config, tuple(languages), memories is not None, options.purge_obsolete, config.wrap)
    memory_before = _memory_stamp(config, languages, compendia) if memories is not None else ""
    # Digests of the articles the cache knows; the others are read only by their worker.
    sources: dict[str, str] = {}
    todo: list[ExtractJob] = []
    for name, path in articles.items():
        fresh = False
        if cache.knows(name):
            sources[name] = _source_digest(config, path)
            inputs = digest(settings, memory_before, sources[name])
            fresh = cache.fresh(name, inputs, _extract_outputs(config, name, languages)) is not None
        if not fresh:
            todo.append(ExtractJob(config, name, path, tuple(languages), date, options))
    workers = resolve_jobs(jobs, len(todo))
    if workers > 1:
        _warm_up(config, languages, building=False)
    results = iter(staged_map(_extract_one, todo, workers, progress))  # written when all succeeded
    pending = {job.name for job in todo}
    written: dict[str, list[str]] = {}
    for name in articles:
        if name in pending:
            done = next(results)
            sources[name] = done.inputs
            result = done.result
            if not options.check or not (result.stale or result.missing or result.relaid):
                written[name] = done.stamps
            yield result
        else:
            yield name
    if options.check:
        # Only what was found exactly as it would be written; nothing else changed. A
        # check never writes through a link that leads out of the project.
        for name, stamped in written.items():
            cache.record_stamped(name, digest(settings, memory_before, sources[name]), stamped)
        try:
            files.ensure_inside(config, cache.path)
        except LocalizeError:
            return
        cache.save()
        return
    # Record every article against the catalogs as this run leaves them.
    memory_after = _memory_stamp(config, languages, compendia) if memories is not None else ""
    for name in articles:
        inputs = digest(settings, memory_after, sources[name])
        if name in written:
            cache.record_stamped(name, inputs, written[name])
        else:
            cache.record(name, inputs, _extract_outputs(config, name, languages))
    cache.save()


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


def _build_outputs(config: Config, language: str, name: str, formats: Sequence[str]) -> list[Path]:
    from .pipeline import html_path

    paths = [config.output_path(language, name)] if "md" in formats else []
    if "html" in formats:
        paths += [html_path(config, language, name), html_path(config, config.source_language, name)]
    return paths


def _build_one(job: BuildJob) -> _Done[BuildSummary]:
    from .pipeline import build, fallback_language

    config = job.config
    text, source = _read_source(config, job.path)
    inputs = _build_inputs(config, job.language, job.name, source)  # before the catalog is read
    built, shown, written = build(config, job.language, job.name, job.path, job.use_fuzzy, job.formats, text)
    summary = BuildSummary(
        shown, built.total, built.translated, built.refused, written, built.diagnostics, built.fallback,
        fallback_language(config, job.language) or "",
    )
    outputs = _build_outputs(config, job.language, job.name, job.formats)
    return _Done(summary, inputs, [files.staged_stamp(path) for path in outputs])


def _build_inputs(config: Config, language: str, name: str, source: str) -> str:
    """What a build of one article reads: its bytes (`source`, their digest), its catalog and
    its base language's (`de` for `de_AT`)."""
    from .pipeline import fallback_language

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
) -> Iterator[BuildSummary]:
    """Build every article in every language, skipping those whose inputs did not change."""
    cache = cache_for(config, "build")
    settings = settings_digest(
        config, use_fuzzy, tuple(formats), config.fallback, config.fallback_threshold, config.heading_ids,
        config.link_schemes,
        config.languages,  # the hreflang links of HTML pages name every language
    )
    # Digests of the articles the cache knows; the others are read only by their worker.
    sources: dict[str, str] = {}
    cached: dict[tuple[str, str], BuildSummary] = {}
    todo: list[BuildJob] = []
    for language in languages:
        for name, path in articles.items():
            key = f"{language}/{name}"
            extra = None
            if cache.knows(key):
                if name not in sources:
                    sources[name] = _source_digest(config, path)
                inputs = _build_inputs(config, language, name, sources[name])
                extra = cache.fresh(key, digest(settings, inputs), _build_outputs(config, language, name, formats))
            if extra:
                cached[(language, name)] = _summary_from(config.relative(config.output_path(language, name)), extra)
            else:
                todo.append(BuildJob(config, language, name, path, use_fuzzy, tuple(formats)))
    workers = resolve_jobs(jobs, len(todo))
    if workers > 1:
        _warm_up(config, languages, building=True)
    # Every article is read, checked and built before any output changes.
    results = iter(staged_map(_build_one, todo, workers, progress))
    pending = {(job.language, job.name) for job in todo}
    for language in languages:
        for name in articles:
            if (language, name) in pending:
                done = next(results)
                key = f"{language}/{name}"
                inputs = digest(settings, done.inputs)
                if done.result.written:  # stamped again: another article may have written a shared page since
                    cache.record(key, inputs, _build_outputs(config, language, name, formats), *_summary_to(done.result))
                else:
                    cache.record_stamped(key, inputs, done.stamps, *_summary_to(done.result))
                yield done.result
            else:
                yield cached.pop((language, name))
    cache.save()


def _summary_to(summary: BuildSummary) -> list[object]:
    diagnostics = [[d.path, d.line, d.message, d.severity] for d in summary.diagnostics]
    return [summary.total, summary.translated, summary.refused, diagnostics, summary.fallback, summary.base]


def _summary_from(output: str, extra: list[object]) -> BuildSummary:
    total, translated, refused, diagnostics, *rest = extra
    return BuildSummary(
        output,
        int(total),  # type: ignore[call-overload]
        int(translated),  # type: ignore[call-overload]
        int(refused),  # type: ignore[call-overload]
        False,
        [Diagnostic(str(p), int(n), str(m), s) for p, n, m, s in diagnostics],  # type: ignore[union-attr, misc]
        int(rest[0]) if rest else 0,  # type: ignore[call-overload]
        str(rest[1]) if len(rest) > 1 else "",
    )

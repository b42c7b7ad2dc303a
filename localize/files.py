"""The I/O edge: reading articles and catalogs, writing files atomically and only on change."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .cache import stamp
from .layout import Layout, asset_roots
from .model import Diagnostic, LocalizeError
from .pofile import Catalog, scan

if sys.platform != "win32":
    import fcntl

if TYPE_CHECKING:
    from .config import Config


def decode(data: bytes, shown: str) -> str:
    """UTF-8 text with its line endings untouched, or a LocalizeError naming the line."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise LocalizeError(Diagnostic(shown, 1, "starts with a UTF-8 byte order mark; save it as UTF-8 without BOM"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LocalizeError(Diagnostic(shown, 1, "is UTF-16; save it as UTF-8"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise LocalizeError(
            Diagnostic(shown, line, f"is not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8")
        ) from None
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        raise LocalizeError(Diagnostic(shown, line, "contains a NUL byte; is it a text file?"))
    return text


def read_text(path: Path, shown: str) -> str:
    """Read a text file exactly (no newline translation)."""
    return decode(read_data(path, shown), shown)


def read_data(path: Path, shown: str) -> bytes:
    """A whole file's bytes, or a LocalizeError naming it."""
    try:
        return read_bytes(path)
    except FileNotFoundError:
        raise LocalizeError(Diagnostic(shown, 0, "no such file")) from None
    except OSError as error:
        raise LocalizeError(Diagnostic(shown, 0, f"cannot read: {error.strerror}")) from None


def read_text_if_exists(path: Path, shown: str) -> str | None:
    """Like `read_text`, but None when there is no such file."""
    try:
        data = read_bytes(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise LocalizeError(Diagnostic(shown, 0, f"cannot read: {error.strerror}")) from None
    return decode(data, shown)


def read_bytes(path: Path | str) -> bytes:
    """A whole file, through a plain descriptor (no buffering layer to set up per file);
    while writes are staged, what this process staged for it."""
    if _STAGE is not None and _STAGE.targets:
        path = _STAGE.current(path)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


UNREAD = object()
"""For `write_if_changed`: the file's current text is not known, so it is read first."""


def write_if_changed(path: Path, text: str, shown: str, current: str | None | object = UNREAD) -> bool:
    """Write `text` atomically (temporary file, then rename) unless the file already holds it.

    `current` is the file's text when the caller has just read it (None: it does not exist).
    A killed process leaves the old file or the new one, never a part. There is no fsync,
    as in msgmerge: on a power cut the filesystem's rename ordering is what protects it.
    """
    stage = _STAGE
    if stage is not None:  # checked whether or not it changes: the same answer every run
        stage.check(path, shown)
    data = text.encode("utf-8")
    if current is not UNREAD:
        if current == text:
            return False
    else:
        try:
            if read_bytes(path) == data:
                return False
        except FileNotFoundError:
            pass
        except OSError as error:
            raise LocalizeError(Diagnostic(shown, 0, f"cannot read: {error.strerror}")) from None
    if stage is not None:
        temporary = stage.temporary(path)
        _write_new(temporary, data, shown, stage.folders)
        _PENDING.add(temporary)
        stage.add(path, temporary)
        return True
    temporary = f"{path.parent}/.{path.name}.{os.getpid()}.tmp"
    _write_new(temporary, data, shown, [])
    try:
        os.replace(temporary, path)
    except OSError as error:
        _unlink(temporary)
        raise LocalizeError(Diagnostic(shown, 0, f"cannot write: {error.strerror}")) from None
    return True


def place_file(source: Path, target: Path, shown: str, keep_other: bool = False) -> bool:
    """Put a copy of a linked file (`source`) at `target`: a hard link, or a copy where the
    file system cannot link; staged like every write. False when it is there already; with
    `keep_other`, also when another file is there (a translated image is kept)."""
    stage = _STAGE
    if stage is not None:
        stage.check(target, shown)
    current = _staged_name(target)
    if current is not None and os.path.exists(current):
        try:
            if os.path.samefile(current, source) or keep_other or read_bytes(current) == read_bytes(source):
                return False
        except OSError as error:
            raise LocalizeError(Diagnostic(shown, 0, f"cannot read: {error.strerror}")) from None
    # Named apart: renaming a hard link over another link to the same file does nothing
    # (POSIX), so `commit` deletes such a temporary once it is renamed.
    linked = target.with_name(f"{target.name}{LINKED}")
    temporary = stage.temporary(linked) if stage is not None else f"{target.parent}/.{linked.name}.{os.getpid()}.tmp"
    _link_or_copy(source, temporary, shown, stage.folders if stage is not None else [])
    _PENDING.add(temporary)
    if stage is not None:
        stage.add(target, temporary)
        return True
    try:
        os.replace(temporary, target)
    except OSError as error:
        raise LocalizeError(Diagnostic(shown, 0, f"cannot write: {error.strerror}")) from None
    finally:
        _unlink(temporary)
        _PENDING.discard(temporary)
    return True


LINKED = ".linked"
"""In the name of a temporary file that may be a hard link to its target's file."""


def _link_or_copy(source: Path, temporary: str, shown: str, created: list[str]) -> None:
    """A hard link to `source` at `temporary` (its folders made and noted in `created`), or a
    copy where linking fails (another file system, no permission)."""
    _make_folders(os.path.dirname(temporary), created)
    try:
        os.link(source, temporary)
        return
    except OSError:
        pass
    try:
        shutil.copyfile(source, temporary)
    except OSError as error:
        _unlink(temporary)
        raise LocalizeError(Diagnostic(shown, 0, f"cannot write: {error.strerror}")) from None


def _write_new(temporary: str, data: bytes, shown: str, created: list[str]) -> None:
    """Write a temporary file whole (its folders made as needed, and noted in `created`),
    or leave none and raise a LocalizeError naming `shown`."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    try:
        try:
            descriptor = os.open(temporary, flags, 0o666)
        except FileNotFoundError:
            _make_folders(os.path.dirname(temporary), created)
            descriptor = os.open(temporary, flags, 0o666)
        try:
            try:
                view = memoryview(data)
                while view:  # a plain descriptor: no buffering layer for a file written at once
                    view = view[os.write(descriptor, view) :]
            finally:
                os.close(descriptor)
        except BaseException:
            _unlink(temporary)
            raise
    except OSError as error:
        raise LocalizeError(Diagnostic(shown, 0, f"cannot write: {error.strerror}")) from None


def _make_folders(directory: str, created: list[str]) -> None:
    """`mkdir -p`, noting each folder it made (outermost first) in `created`."""
    missing = []
    while directory and not os.path.isdir(directory):
        missing.append(directory)
        directory = os.path.dirname(directory)
    for folder in reversed(missing):
        try:
            os.mkdir(folder)
        except FileExistsError:  # made meanwhile by another process
            continue
        created.append(folder)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# -- staged writes --------------------------------------------------------------------------


_PENDING: set[str] = set()
"""Temporary files this process made and has neither put in place nor deleted yet."""


def delete_pending() -> None:
    """Delete this process's temporary files (a run stopped before it could commit)."""
    for temporary in list(_PENDING):
        _unlink(temporary)
    _PENDING.clear()


def forget_pending() -> None:
    """In a new worker process: the temporaries listed are its parent's, not its own."""
    _PENDING.clear()


@dataclass(slots=True)
class Staged:
    """Writes held back: what a command (or one worker's article) would change, not yet visible.

    Each new file waits as a temporary file beside its target, so `commit` is one rename
    per file (in the order staged: a later write of the same target wins), and `discard`
    leaves the project as it was, with the folders made for temporaries removed again.
    """

    writes: list[tuple[str, str]] = field(default_factory=list)
    """(temporary file, target), in the order staged."""
    removals: list[str] = field(default_factory=list)
    """Files to delete."""
    folders: list[str] = field(default_factory=list)
    """Folders made to hold temporaries, outermost first."""

    def extend(self, other: Staged) -> None:
        self.writes += other.writes
        self.removals += other.removals
        self.folders += other.folders

    def commit(self, shown: Callable[[str], str] = str) -> None:
        """Put every staged write in place and delete the staged removals."""
        for index, (temporary, target) in enumerate(self.writes):
            try:
                os.replace(temporary, target)
                if LINKED in temporary:  # a link to the file already there stays: see place_file
                    _unlink(temporary)
                _PENDING.discard(temporary)
            except BaseException as error:  # the rest is not put in place, and no temporary is left
                Staged(self.writes[index:], [], self.folders).discard()
                if isinstance(error, OSError):
                    raise LocalizeError(Diagnostic(shown(target), 0, f"cannot write: {error.strerror}")) from None
                raise
        self.writes = []
        for target in self.removals:
            try:
                os.unlink(target)
            except FileNotFoundError:
                pass
            except OSError as error:
                raise LocalizeError(Diagnostic(shown(target), 0, f"cannot remove: {error.strerror}")) from None
        self.removals = []
        self.folders = []

    def discard(self) -> None:
        """Forget every staged write: delete the temporaries and the folders made for them."""
        for temporary, _ in self.writes:
            _unlink(temporary)
            _PENDING.discard(temporary)
        for folder in sorted(self.folders, key=len, reverse=True):  # inner folders first
            try:
                os.rmdir(folder)
            except OSError:  # not empty: something else was put there meanwhile
                pass
        self.writes, self.removals, self.folders = [], [], []


class _Stage(Staged):
    """The staged writes of this process, with the rules every write must keep."""

    __slots__ = ("inside", "named", "outputs", "targets")

    def __init__(self, inside: tuple[str, ...], named: str, outputs: _Outputs | None = None) -> None:
        super().__init__()
        self.inside = inside
        """Real paths (with a trailing separator) of the folders writes may land in."""
        self.named = named
        """Those folders as the configuration names them."""
        self.outputs = outputs
        """Where else Markdown outputs and the files they link to may land (None: nowhere else)."""
        self.targets: dict[str, str | None] = {}
        """Target → its temporary file, or None when it is to be removed."""

    def check(self, path: Path | str, shown: str) -> None:
        """Refuse a target that does not resolve (after symbolic links) inside the folders, at
        an output path of the `output` pattern, or inside a folder of outputs."""
        real = _real_file(os.fspath(path))
        if real.startswith(self.inside) or self.outputs is not None and self.outputs.allow(real):
            return
        raise LocalizeError(Diagnostic(shown, 0, f"leads outside {self.named} (symlink?); nothing written"))

    def temporary(self, path: Path | str) -> str:
        """A name no other staged write of this process has: one run stages one article
        after another, and two of them may write the same file (an English HTML page)."""
        name = os.fspath(path)
        directory, base = os.path.split(name)
        return f"{directory}/.{base}.{os.getpid()}.{next(_TEMPORARIES)}.tmp"

    def add(self, path: Path | str, temporary: str) -> None:
        name = os.path.normpath(path)
        self.targets[name] = temporary
        self.writes.append((temporary, os.fspath(path)))

    def remove(self, path: Path | str) -> None:
        self.targets[os.path.normpath(path)] = None
        self.removals.append(os.fspath(path))

    def current(self, path: Path | str) -> str:
        """Where this process's latest version of `path` is (FileNotFoundError: removed)."""
        name = os.path.normpath(path)
        if name not in self.targets:
            return name
        temporary = self.targets[name]
        if temporary is None:
            raise FileNotFoundError(name)
        return temporary

    def record(self) -> Staged:
        """The plain record (to hand to another process or merge with others)."""
        return Staged(self.writes, self.removals, self.folders)


class _Outputs(NamedTuple):
    """Where Markdown outputs may be written besides the build folder, as real paths."""

    project: str
    """The project's real folder, with a trailing separator."""
    layout: Layout
    """The `output` pattern with the real folders filled in."""
    asset_roots: tuple[str, ...]
    """Real output folders (with a trailing separator) that linked files may be placed in."""

    def allow(self, real: str) -> bool:
        """Whether a real path is an output of the pattern or lies in a folder of outputs."""
        if not real.startswith(self.project):
            return False
        return real.startswith(self.asset_roots) or self.layout.match(
            real[len(self.project) :].replace(os.sep, "/")
        ) is not None


def _outputs(config: Config) -> _Outputs | None:
    """The outputs' places outside the build folder (None for the "folders" preset: none)."""
    if config.output == "folders":
        return None
    project = _real_directory(os.fspath(config.root))
    prefix = os.path.join(project, "")

    def real(folder: Path) -> str:
        return os.path.relpath(_real_directory(os.fspath(folder)), project).replace(os.sep, "/")

    layout = replace(config.layout, articles=real(config.articles_dir), build=real(config.build_dir))
    roots = asset_roots(layout, [layout.articles, real(config.locale_dir)])
    return _Outputs(prefix, layout, tuple(os.path.join(prefix, root, "") for root in roots if root))


def ensure_writable(config: Config, path: Path) -> None:
    """Refuse a file to write that does not resolve (after symbolic links) inside the
    project's locale or build folder, or at an output path."""
    _Stage(_write_folders(config), _folders_named(config), _outputs(config)).check(path, config.relative(path))


_TEMPORARIES = itertools.count(1)
"""Numbers for temporary files, unique in this process."""

_STAGE: _Stage | None = None
"""While a command runs: its staged writes in this process."""


@contextmanager
def staging(config: Config) -> Iterator[_Stage]:
    """Hold back every `write_if_changed` and `remove` of this process until the caller
    commits (or hands on) the record; on an error the staged writes are discarded.

    Every target must resolve, after symbolic links, inside the locale or build folder.
    """
    global _STAGE
    outer = _STAGE
    _STAGE = stage = _Stage(_write_folders(config), _folders_named(config), _outputs(config))
    try:
        yield stage
    except BaseException:
        stage.discard()
        raise
    finally:
        _STAGE = outer


def _folders_named(config: Config) -> str:
    if config.output == "folders":
        return f"the project's {config.locale}/ and {config.build}/ folders"
    return f"the project's {config.locale}/ and {config.build}/ folders and its outputs (output = '{config.output}')"


def _write_folders(config: Config) -> tuple[str, ...]:
    """The real paths of the folders a command may write in, each ending in a separator."""
    folders = (config.locale_dir, config.build_dir)
    return tuple(os.path.join(_real_directory(os.fspath(folder)), "") for folder in folders)


def remove(path: Path, shown: str) -> None:
    """Delete a file (staged like writes while a command runs)."""
    stage = _STAGE
    if stage is not None:
        stage.check(path, shown)
        stage.remove(path)
        return
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise LocalizeError(Diagnostic(shown, 0, f"cannot remove: {error.strerror}")) from None


def exists(path: Path | str) -> bool:
    """Whether a file exists, as this process's staged writes would leave it."""
    name = _staged_name(path)
    return name is not None and os.path.exists(name)


def staged_stamp(path: Path | str) -> str:
    """A file's stamp as it will be once this process's staged writes are committed (a
    rename keeps the size and modification time of the file it moves)."""
    name = _staged_name(path)
    return "-" if name is None else stamp(name)


def _staged_name(path: Path | str) -> Path | str | None:
    """Where `path`'s content is while writes are staged: the path, or this process's staged
    temporary for it; None when it is staged for removal."""
    try:
        return _STAGE.current(path) if _STAGE is not None else path
    except FileNotFoundError:
        return None


def ensure_inside(config: Config, path: Path) -> None:
    """Refuse a catalog or output that a symbolic link leads outside the project."""
    if _leads_outside(config, path):
        raise LocalizeError(Diagnostic(config.relative(path), 0, "lies outside the project (symlink?)"))


def lies_below(path: Path, folder: Path) -> bool:
    """Whether a path is below a folder, once symbolic links are followed."""
    return _real_file(os.fspath(path)).startswith(os.path.join(_real_directory(os.fspath(folder)), ""))


def lies_inside(config: Config, path: Path) -> bool:
    """Whether a file is in the project once symbolic links are followed."""
    return not _leads_outside(config, path)


def _leads_outside(config: Config, path: Path) -> bool:
    """Whether a symbolic link (the file or a folder above it) leads `path` out of the project."""
    return not _real_file(os.fspath(path)).startswith(_real_directory(os.fspath(config.root)) + os.sep)


def _real_file(name: str) -> str:
    """The real path of a file: through its folders' links (remembered) and its own."""
    if os.path.islink(name):
        return os.path.realpath(name)
    return os.path.join(_real_directory(os.path.dirname(name)), os.path.basename(name))


def forget_folders() -> None:
    """Forget the real paths of folders seen so far (a new command may find links changed)."""
    _real_directory.cache_clear()


@lru_cache(maxsize=1024)
def _real_directory(directory: str) -> str:
    """The real path of a directory (one run sees many files in few directories): its
    parent's, remembered, joined with its name unless it is itself a link."""
    parent, name = os.path.split(directory)
    if not name or name in (".", "..") or parent == directory or os.path.islink(directory):
        return os.path.realpath(directory)
    return os.path.join(_real_directory(parent), name)


def select_articles(config: Config, names: Iterable[str]) -> dict[str, Path]:
    """The project's articles, or those named (by name or path); unknown names are errors."""
    available = discover_articles(config)
    wanted = list(names)
    if not wanted:
        return available
    chosen: dict[str, Path] = {}
    for name in wanted:
        key = name.removesuffix(".md")
        candidate = Path(name)
        if key not in available and candidate.suffix == ".md":
            try:
                relative = (Path.cwd() / candidate).resolve().relative_to(config.articles_dir.resolve())
            except ValueError:
                pass
            else:
                key = relative.with_suffix("").as_posix()
        if key not in available:
            raise LocalizeError(Diagnostic(name, 0, f"no such article in {config.articles}/"))
        chosen[key] = available[key]
    return chosen


def discover_articles(config: Config) -> dict[str, Path]:
    """Article name (path below the articles directory, without `.md`) → file, sorted."""
    directory = config.articles_dir
    if not directory.is_dir():
        raise LocalizeError(Diagnostic(config.relative(directory), 0, "articles directory does not exist"))
    found: dict[str, Path] = {}
    bounds = _ArticleBounds(
        os.path.join(_real_directory(os.fspath(config.root)), ""),
        _write_folders(config),
        os.path.join(directory, ""),
    )
    root = os.path.join(os.fspath(config.root), "")
    for pattern in config.include:
        try:
            matches = list(directory.glob(pattern))
        except (ValueError, IndexError, NotImplementedError) as error:  # pathlib's refusals
            problem = f"include pattern '{pattern}' is not a glob: {error}"
            raise LocalizeError(Diagnostic(config.file, 0, problem)) from None
        for path in matches:
            if path.is_file() and not any(path.match(p) for p in config.exclude) and not is_output(config, path, root):
                found[_article_name(config, path, bounds)] = path
    if not found:
        patterns = ", ".join(config.include)
        raise LocalizeError(Diagnostic(config.relative(directory), 0, f"no articles ({patterns}) in this directory"))
    return dict(sorted(found.items()))


def is_output(config: Config, path: Path, root: str) -> bool:
    """Whether a file is a Markdown output of the `output` pattern (`guide.de.md` beside
    `guide.md`), never an article: `root` is the project's folder with a trailing separator."""
    relative = os.path.normpath(path)[len(root) :].replace(os.sep, "/")
    return config.layout.match(relative) is not None


class _ArticleBounds(NamedTuple):
    """Where articles may be, worked out once for a whole discovery."""

    project: str
    """The project's real folder, with a trailing separator."""
    outputs: tuple[str, ...]
    """The real output folders (locale, build), each with a trailing separator."""
    articles: str
    """The articles folder as glob names its files, with a trailing separator."""


def _article_name(config: Config, path: Path, bounds: _ArticleBounds) -> str:
    """An article's name: its path below the articles folder, without `.md`; refused when a
    link leads it out of the project or into an output folder, or it cannot be named."""
    real = _real_file(os.fspath(path))
    if not real.startswith(bounds.project):
        raise LocalizeError(Diagnostic(config.relative(path), 0, "article lies outside the project (symlink?)"))
    if real.startswith(bounds.outputs):  # a linked folder would feed outputs back in, deeper each run
        problem = f"article lies in {config.locale}/ or {config.build}/ (symlink?)"
        raise LocalizeError(Diagnostic(config.relative(path), 0, problem))
    # The path below the directory without its suffix (`relative_to`, `with_suffix`,
    # `as_posix`, on the string: glob's results start with the directory).
    prefix = bounds.articles
    text = os.fspath(path)
    if not text.startswith(prefix) or f"{os.sep}..{os.sep}" in text[len(prefix) - 1 :]:
        problem = f"lies outside the articles folder {config.articles}/"
        raise LocalizeError(Diagnostic(config.relative(path), 0, problem))
    name = os.path.splitext(text[len(prefix) :])[0].replace(os.sep, "/")
    if not name.isprintable():
        # A line break or control character would break the catalogs' `#:` and header lines.
        shown = config.relative(path).encode("unicode_escape").decode("ascii")
        raise LocalizeError(Diagnostic(shown, 0, "article name has a control character or line break; rename the file"))
    return name


def read_po(path: Path, shown: str) -> Catalog:
    """A catalog with everything in it, checked: syntax, header, charset, duplicates."""
    return parse_po(read_text(path, shown), shown)


def parse_po(text: str, shown: str) -> Catalog:
    """A catalog's text read and checked as msgfmt checks it (and refused unless UTF-8).

    Each active entry's `linenum` is the line of its msgid, where msgfmt and every command
    cite it.
    """
    if not text.strip():
        raise LocalizeError(Diagnostic(shown, 1, "empty catalog (no header entry)"))
    result = scan(text)
    if result.error:
        raise LocalizeError(Diagnostic(shown, result.error[0], f"malformed catalog: {result.error[1]}"))
    po = result.catalog
    _refuse_duplicates(po, shown)
    if not po.header_line:
        raise LocalizeError(Diagnostic(shown, 1, "malformed catalog: no header entry (msgid \"\")"))
    charset = re.search(r"charset=([\w.-]+)", "\n".join(po.metadata.values()))
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8", "charset"):
        raise LocalizeError(
            Diagnostic(
                shown,
                _header_line(text, "Content-Type"),
                f"declares charset {charset.group(1)}; catalogs must be UTF-8 (convert with: msgconv -t UTF-8)",
            )
        )
    return po


def _refuse_duplicates(po: Catalog, shown: str) -> None:
    """The first active entry whose key an earlier one (or the header) already has."""
    seen: dict[tuple[str | None, str], int] = {(None, ""): po.header_line} if po.header_line else {}
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            problem = f"duplicate message (first defined on line {seen[key]})"
            raise LocalizeError(Diagnostic(shown, entry.linenum, problem))
        seen[key] = entry.linenum


def _header_line(text: str, field: str) -> int:
    position = text.find(f'"{field}:')
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


_LEFTOVER = re.compile(r"^\..+\.\d+(?:\.\d+)?\.tmp$")
"""A temporary file of ours (`.<name>.<pid>.tmp`, `.<name>.<pid>.<n>.tmp`)."""


def begin_writing(config: Config) -> int:
    """Note that a writing run is under way (the lock held); if the note of an earlier run
    is still there, that run was killed before it could put its staged files in place or
    delete them: delete its temporary files now. Returns how many were deleted."""
    marker = _writing_marker(config)
    removed = 0
    if os.path.exists(marker):
        for folder in (config.locale_dir, config.build_dir):
            for directory, _, names in os.walk(folder):  # links are not followed
                for name in names:
                    if _LEFTOVER.match(name):
                        _unlink(os.path.join(directory, name))
                        removed += 1
    try:
        os.close(os.open(marker, os.O_WRONLY | os.O_CREAT, 0o666))
    except OSError as error:
        raise LocalizeError(Diagnostic(config.relative(Path(marker)), 0, f"cannot write: {error.strerror}")) from None
    return removed


def end_writing(config: Config) -> None:
    """The run put every staged file in place or deleted it: nothing is left to clean up."""
    _unlink(_writing_marker(config))


def _writing_marker(config: Config) -> str:
    return f"{config.build_dir}/.cache/writing"


LOCK_TIMEOUT = 120.0
"""Seconds to wait for another run's lock before giving up."""


@contextmanager
def project_lock(path: Path, on_wait: Callable[[], None], timeout: float | None = None) -> Iterator[None]:
    """An exclusive lock on the project for one run (released when the process ends, even killed).

    Waits up to `timeout` seconds (default LOCK_TIMEOUT). Where the platform has no `fcntl`,
    runs are not serialised.
    """
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    if sys.platform == "win32":  # pragma: no cover - no fcntl
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+b")
    except OSError as error:
        raise LocalizeError(Diagnostic(str(path), 0, f"cannot create the lock file: {error.strerror}")) from None
    with handle:
        deadline = time.monotonic() + timeout
        warned = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not warned:
                    on_wait()
                    warned = True
                if time.monotonic() > deadline:
                    raise LocalizeError(
                        Diagnostic(str(path), 0, f"another localize run has held the project for {timeout:.0f} s")
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

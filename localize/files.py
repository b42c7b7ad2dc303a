"""The I/O edge: reading articles and catalogs, writing files atomically and only on change."""

from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .model import Diagnostic, LocalizeError

if TYPE_CHECKING:
    import polib

    from .pofile import Scan

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


def read_bytes(path: Path) -> bytes:
    """A whole file, through a plain descriptor (no buffering layer to set up per file)."""
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
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    try:
        try:
            descriptor = os.open(temporary, flags, 0o666)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(temporary, flags, 0o666)
        try:
            try:
                view = memoryview(data)
                while view:  # a plain descriptor: no buffering layer for a file written at once
                    view = view[os.write(descriptor, view) :]
            finally:
                os.close(descriptor)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise LocalizeError(Diagnostic(shown, 0, f"cannot write: {error.strerror}")) from None
    return True


def ensure_inside(config: Config, path: Path) -> None:
    """Refuse a catalog or output that a symbolic link leads outside the project."""
    if _leads_outside(config, path):
        raise LocalizeError(Diagnostic(config.relative(path), 0, "lies outside the project (symlink?)"))


def _leads_outside(config: Config, path: Path) -> bool:
    """Whether a symbolic link (the file or a folder above it) leads `path` out of the project."""
    name = os.fspath(path)
    if os.path.islink(name):
        real = os.path.realpath(name)
    else:
        real = os.path.join(_real_directory(os.path.dirname(name)), os.path.basename(name))
    return not real.startswith(_real_directory(os.fspath(config.root)) + os.sep)


@lru_cache(maxsize=1024)
def _real_directory(directory: str) -> str:
    """The real path of a directory (one run sees many files in few directories): its
    parent's, remembered, joined with its name unless it is itself a link."""
    parent, name = os.path.split(directory)
    if not name or name in (".", "..") or parent == directory or os.path.islink(directory):
        return os.path.realpath(directory)
    return os.path.join(_real_directory(parent), name)


def discover_articles(config: Config) -> dict[str, Path]:
    """Article name (path below the articles directory, without `.md`) → file, sorted."""
    directory = config.articles_dir
    if not directory.is_dir():
        raise LocalizeError(Diagnostic(config.relative(directory), 0, "articles directory does not exist"))
    found: dict[str, Path] = {}
    prefix = os.path.join(directory, "")
    for pattern in config.include:
        for path in directory.glob(pattern):
            if not path.is_file() or any(path.match(p) for p in config.exclude):
                continue
            if _leads_outside(config, path):
                raise LocalizeError(Diagnostic(config.relative(path), 0, "article lies outside the project (symlink?)"))
            # The path below the directory without its suffix (`relative_to`, `with_suffix`,
            # `as_posix`, on the string: glob's results start with the directory).
            text = os.fspath(path)
            below = text[len(prefix) :] if text.startswith(prefix) else os.fspath(path.relative_to(directory))
            name = os.path.splitext(below)[0].replace(os.sep, "/")
            found[name] = path
    if not found:
        patterns = ", ".join(config.include)
        raise LocalizeError(Diagnostic(config.relative(directory), 0, f"no articles ({patterns}) in this directory"))
    return dict(sorted(found.items()))


def read_messages(path: Path, shown: str) -> Scan:
    """A catalog's active messages, checked: syntax, header, charset, duplicates."""
    return _checked(read_text(path, shown), shown)


def _checked(text: str, shown: str) -> Scan:
    """Scan a catalog's text and refuse what msgfmt would refuse (and a charset other than UTF-8)."""
    from .pofile import scan

    if not text.strip():
        raise LocalizeError(Diagnostic(shown, 1, "empty catalog (no header entry)"))
    result = scan(text)
    if result.error:
        raise LocalizeError(Diagnostic(shown, result.error[0], f"malformed catalog: {result.error[1]}"))
    seen: dict[tuple[str | None, str], int] = {}
    header = None
    for message in result.messages:
        key = (message.msgctxt, message.msgid)
        if key in seen:
            raise LocalizeError(
                Diagnostic(shown, message.line, f"duplicate message (first defined on line {seen[key]})")
            )
        seen[key] = message.line
        if key == (None, ""):
            header = message
    if header is None:
        raise LocalizeError(Diagnostic(shown, 1, "malformed catalog: no header entry (msgid \"\")"))
    charset = re.search(r"charset=([\w.-]+)", header.msgstr)
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8", "charset"):
        raise LocalizeError(
            Diagnostic(
                shown,
                _header_line(text, "Content-Type"),
                f"declares charset {charset.group(1)}; catalogs must be UTF-8 (convert with: msgconv -t UTF-8)",
            )
        )
    return result


def read_po(path: Path, shown: str) -> polib.POFile:
    """A catalog with everything in it (for updating it), checked like `read_messages`."""
    return parse_po(read_text(path, shown), shown)


def parse_po(text: str, shown: str) -> polib.POFile:
    """A catalog's text as a polib catalog, checked like `read_messages`.

    Each active entry's `linenum` is the line of its msgid, where msgfmt and every command
    cite it (polib's own is the entry's first comment line).
    """
    import polib

    scanned = _checked(text, shown)
    try:
        po = polib.pofile(text, wrapwidth=79)
    except (OSError, ValueError) as error:  # checked above; polib's own complaints, just in case
        raise LocalizeError(Diagnostic(shown, 0, f"malformed catalog: {error}")) from None
    lines = {(message.msgctxt, message.msgid): message.line for message in scanned.messages}
    for entry in po:
        if not entry.obsolete:
            entry.linenum = lines.get((entry.msgctxt, entry.msgid), entry.linenum)
    return po


def _header_line(text: str, field: str) -> int:
    position = text.find(f'"{field}:')
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


LOCK_TIMEOUT = 120.0
"""Seconds to wait for another run's lock before giving up."""


@contextmanager
def project_lock(path: Path, on_wait: Callable[[], None], timeout: float | None = None) -> Iterator[None]:
    """An exclusive lock on the project for one run (released when the process ends, even killed).

    Waits up to `timeout` seconds (default LOCK_TIMEOUT). Where the platform has no `fcntl`,
    runs are not serialised.
    """
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
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

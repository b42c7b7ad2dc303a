"""A record of what each command last did per article, so unchanged work is skipped.

An entry holds a digest of everything the work read (the article's bytes, the settings,
the catalogs) and a stamp (size and modification time) of every file it wrote, in the
order the caller names them. When both still match, the article is neither parsed nor
written again. The record lives in the build directory and can be deleted at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

FORMAT = 2


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha1()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def stamp(path: Path | str) -> str:
    """Size and modification time of a file, or "-" when it does not exist."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return "-"
    return f"{status.st_size}:{status.st_mtime_ns}"


def stamps(paths: Iterable[Path]) -> str:
    """One digest over the stamps of many files (to notice any catalog that changed)."""
    return digest(*(f"{path}={stamp(path)}" for path in sorted(paths)))


class Cache:
    """What one command recorded for each article."""

    def __init__(self, path: Path, command: str) -> None:
        self.path = path
        self.command = command
        self.entries: dict[str, list[object]] = {}
        self.changed: set[str] = set()
        """Keys recorded or forgotten by this run: the only ones `save` writes."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("format") == FORMAT:
            entries = data.get(command)
            if isinstance(entries, dict):
                self.entries = entries

    def fresh(self, key: str, inputs: str, outputs: Iterable[Path | str]) -> list[object] | None:
        """The recorded extras if the work for `key` was done on these inputs and its
        outputs are untouched since; None when it must be done again."""
        entry = self.entries.get(key)
        if not isinstance(entry, list) or len(entry) < 2 or entry[0] != inputs:
            return None
        if entry[1] != [stamp(path) for path in outputs]:
            return None
        return entry[2:]

    def knows(self, key: str) -> bool:
        """Whether anything is recorded for `key` (if not, its inputs need no digest yet)."""
        return key in self.entries

    def record(self, key: str, inputs: str, outputs: Iterable[Path | str], *extra: object) -> None:
        self.record_stamped(key, inputs, [stamp(path) for path in outputs], *extra)

    def record_stamped(self, key: str, inputs: str, stamped: list[str], *extra: object) -> None:
        """`record`, with the outputs' stamps already taken (by the process that wrote them)."""
        entry = [inputs, stamped, *extra]
        if self.entries.get(key) != entry:
            self.entries[key] = entry
            self.changed.add(key)

    def forget(self, key: str) -> None:
        """Drop what is recorded for `key` (an article that no longer exists)."""
        if self.entries.pop(key, None) is not None:
            self.changed.add(key)

    def save(self) -> None:
        """Write what this run recorded or forgot, over the record as it is now on disk (so
        a run that does not hold the project's lock, a check, keeps others' entries).
        Best effort: a record that cannot be written only costs time."""
        if not self.changed:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                data = {"format": FORMAT}
        except (OSError, ValueError):
            data = {"format": FORMAT}
        entries = data.get(self.command)
        entries = entries if isinstance(entries, dict) else {}
        for key in self.changed:
            if key in self.entries:
                entries[key] = self.entries[key]
            else:
                entries.pop(key, None)
        data[self.command] = entries
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass

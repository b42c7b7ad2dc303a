"""Catalogs whose article is gone (renamed or deleted), and removing them with what was built.

Only files below the locale and build folders are ever removed, and only after every one
of them has been checked to lie there (no symbolic link leads out), so a refusal removes
nothing.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import files
from .batch import cache_for
from .config import html_path
from .model import Diagnostic, LocalizeError

if TYPE_CHECKING:
    from .config import Config


@dataclass(frozen=True, slots=True)
class Orphan:
    """A template or catalog with no article."""

    article: str
    """The article name it was extracted from."""
    path: Path
    """The `.pot` or `.po` file."""
    folder: Path
    """The templates or the language's `LC_MESSAGES` folder it lies in."""

    def describe(self, config: Config) -> str:
        source = config.relative(config.articles_dir / f"{self.article}.md")
        return f"orphaned (its article {source} no longer exists; localize extract --prune removes it)"


def find(config: Config, articles: Collection[str], languages: Iterable[str]) -> list[Orphan]:
    """Templates, and catalogs of `languages`, whose article is not among `articles` (a
    compendium kept beside the catalogs is none)."""
    folders = [(config.template_path("x").parent, ".pot")]
    folders += [(config.catalog_path(language, "x").parent, ".po") for language in languages]
    compendia = {os.path.realpath(config.root / path) for path in config.compendium}
    found = []
    for folder, suffix in folders:
        for path in sorted(folder.rglob(f"*{suffix}")) if folder.is_dir() else ():
            name = path.relative_to(folder).as_posix()[: -len(suffix)]
            if name not in articles and path.is_file() and os.path.realpath(path) not in compendia:
                found.append(Orphan(name, path, folder))
    return found


def outputs(config: Config, article: str, languages: Iterable[str]) -> list[tuple[Path, Path]]:
    """What `build` and `review` may have written for an article, in every language: each
    file with the folder it lies in (the language's output folder, `build/<lang>`, `build/review`)."""
    found = []
    for language in [config.source_language, *languages]:
        folder = config.build_dir / language
        if language != config.source_language:  # Markdown is built in the target languages, where `output` says
            found.append((config.output_path(language, article), config.output_root(language)))
        if article != "index":  # that is the language's index page
            found.append((html_path(config, language, article), folder))
    review = config.build_dir / "review"
    pages = (f"{article}.html", *(f"{article}.{lang}.html" for lang in languages))
    found += [(review / name, review) for name in pages]
    return found


def prune(config: Config, orphans: Iterable[Orphan], languages: Iterable[str]) -> list[str]:
    """Remove the orphans, their compiled `.mo` files, their articles' built outputs and
    run-record entries; returns the removed files as shown, in order."""
    languages = list(languages)
    orphans = list(orphans)
    targets: list[tuple[Path, Path]] = []  # (file, the folder it must lie in)
    for orphan in orphans:
        targets.append((orphan.path, orphan.folder))
        if orphan.path.suffix == ".po":
            targets.append((orphan.path.with_suffix(".mo"), orphan.folder))
    articles = list(dict.fromkeys(orphan.article for orphan in orphans))
    for article in articles:
        targets += outputs(config, article, languages)
    existing = [(path, folder) for path, folder in targets if os.path.lexists(path)]
    for path, folder in existing:  # every one checked before the first is removed
        _ensure_below(config, path, folder)
    removed = []
    for path, folder in existing:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise LocalizeError(Diagnostic(config.relative(path), 0, f"cannot remove: {error.strerror}")) from None
        removed.append(config.relative(path))
        _remove_empty_folders(path.parent, folder)
    for command, keys in (("extract", articles), ("build", [f"{lang}/{a}" for lang in languages for a in articles])):
        cache = cache_for(config, command)
        for key in keys:
            cache.forget(key)
        cache.save()
    return removed


def _ensure_below(config: Config, path: Path, folder: Path) -> None:
    """Refuse a file that is not inside `folder` once symbolic links are followed."""
    files.ensure_inside(config, path)
    real_folder = os.path.realpath(folder)
    real_parent = os.path.realpath(path.parent)
    if real_parent != real_folder and not real_parent.startswith(real_folder + os.sep):
        message = f"lies outside {config.relative(folder)}/ (symlink?); not removed"
        raise LocalizeError(Diagnostic(config.relative(path), 0, message))


def _remove_empty_folders(directory: Path, folder: Path) -> None:
    """Remove `directory` and its parents while they are empty and below `folder`."""
    while directory != folder and folder in directory.parents:
        try:
            directory.rmdir()
        except OSError:  # not empty
            return
        directory = directory.parent

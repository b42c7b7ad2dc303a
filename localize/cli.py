"""Command line: `localize extract | build | coverage`. The only module that prints or exits.

Exit codes: 0 success, 1 a failed check or threshold, 2 a usage or input error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, TypeVar

import click

from . import __version__
from .model import Diagnostic, LocalizeError

if TYPE_CHECKING:
    from .config import Config

T = TypeVar("T")


class InputError(click.ClickException):
    """Bad input (configuration, article, catalog): one line on stderr, exit 2."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"localize: error: {self.message}", err=True)


def _run(action: Callable[[], T]) -> T:
    try:
        return action()
    except LocalizeError as error:
        raise InputError(str(error.diagnostic).replace(": error: ", ": ", 1)) from None


def _config(project: str | None) -> Config:
    from .config import load

    return _run(lambda: load(Path(project) if project else Path.cwd()))


def _languages(config: Config, chosen: Iterable[str]) -> list[str]:
    from .config import language_problem

    languages = list(chosen) or list(config.languages)
    for language in languages:
        problem = language_problem(language)
        if problem:
            raise InputError(problem)
    return languages


def _print(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


project_option = click.option(
    "-C", "--project", metavar="DIR", help="Project directory (default: the nearest with [tool.localize])."
)
language_option = click.option(
    "-l", "--lang", "languages", multiple=True, metavar="LANG", help="Only this target language (repeatable)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="localize")
def main() -> None:
    """Keep English Markdown articles and their translations in step through gettext."""


@main.command()
@project_option
@language_option
@click.argument("articles", nargs=-1)
def extract(project: str | None, languages: tuple[str, ...], articles: tuple[str, ...]) -> None:
    """Write templates and update each language's catalogs from the articles."""
    from . import pipeline

    config = _config(project)
    chosen = _languages(config, languages)
    selected = _run(lambda: pipeline.select_articles(config, articles))
    date = pipeline.creation_date()
    written = 0
    for name, path in selected.items():
        result = _run(lambda: pipeline.extract(config, name, path, chosen, date))
        written += len(result.written)
        parts = [f"{result.segments} segments in {result.entries} entries"]
        for language, stats in result.merges.items():
            parts.append(
                f"{language}: {stats.kept} translated, {stats.fuzzy} fuzzy, {stats.new} untranslated, "
                f"{stats.obsolete} newly obsolete"
            )
        click.echo(f"{name}: " + "; ".join(parts))
    click.echo(f"{written} file(s) written, {len(selected)} article(s)")


@main.command()
@project_option
@language_option
@click.option("--strict", is_flag=True, help="Exit 1 when any translation was refused or needed a fix.")
@click.option("--use-fuzzy", is_flag=True, help="Use fuzzy translations too.")
@click.argument("articles", nargs=-1)
def build(
    project: str | None, languages: tuple[str, ...], strict: bool, use_fuzzy: bool, articles: tuple[str, ...]
) -> None:
    """Write the translated articles to the build directory."""
    from . import pipeline

    config = _config(project)
    chosen = _languages(config, languages)
    selected = _run(lambda: pipeline.select_articles(config, articles))
    problems = 0
    for language in chosen:
        for name, path in selected.items():
            built, shown, written = _run(lambda: pipeline.build(config, language, name, path, use_fuzzy))
            _print(built.diagnostics)
            problems += len(built.diagnostics)
            state = "written" if written else "unchanged"
            click.echo(f"{shown}: {built.translated} of {built.total} segments translated ({state})")
    if strict and problems:
        click.echo(f"localize: {problems} translation problem(s) under --strict", err=True)
        sys.exit(1)


@main.command()
@project_option
@language_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="PCT", help="Exit 1 when a language's word coverage is below PCT.")
@click.argument("articles", nargs=-1)
def coverage(
    project: str | None,
    languages: tuple[str, ...],
    output_format: str,
    fail_under: float | None,
    articles: tuple[str, ...],
) -> None:
    """Report what is translated, per language, article and section."""
    from . import pipeline
    from .coverage import as_json, format_text, totals

    config = _config(project)
    chosen = _languages(config, languages)
    selected = _run(lambda: pipeline.select_articles(config, articles))
    report = {
        language: [_run(lambda: pipeline.coverage(config, language, name, path)) for name, path in selected.items()]
        for language in chosen
    }
    if output_format == "json":
        click.echo(json.dumps(as_json(report), ensure_ascii=False, indent=2))
    else:
        click.echo(format_text(report))
    threshold = fail_under if fail_under is not None else config.fail_under
    if threshold is None:
        return
    failing = [(lang, totals(arts).percent) for lang, arts in report.items() if totals(arts).percent < threshold]
    for language, percent in failing:
        click.echo(f"localize: {language}: {percent:.1f}% of words translated, below {threshold:g}%", err=True)
    if failing:
        sys.exit(1)

"""Fidelity, catalog agreement, reuse and speed of localize on a real documentation tree.

    python3 benchmarks/corpus.py [--corpus ../shared/corpus] [--runs 3] [--mdpo-python PYTHON]
                                 [--baseline CHECKOUT]

The corpus is copied to a temporary project (never into the repository). Every time is a
whole `localize` process, median of --runs. With --mdpo-python (an interpreter that has
mdpo installed) mdpo's Python API is timed side by side on the same files, the tools taking
turns run after run. With --baseline (another checkout of localize, say `git worktree add
../before main~5`) that version is timed on a copy of the same project, taking turns with
this one, and the ratios of this checkout to it are printed: a before-and-after in one run.
"""

from __future__ import annotations

import argparse
import compileall
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from localize.checks import block_signature  # noqa: E402
from localize.pofile import format_po  # noqa: E402


def timed(command: list[str], cwd: Path, runs: int, before=None) -> float:
    """Median wall time of a command, with `before()` run (untimed) ahead of each run."""
    return timed_in_turns({"": (command, cwd, before)}, runs)[""]


def timed_in_turns(commands: dict[str, tuple[list[str], Path, object]], runs: int) -> dict[str, float]:
    """Median wall time of each command (with its `before()` run untimed ahead of it). The
    commands take turns, run after run, so a machine that speeds up or slows down during
    the benchmark weighs on all of them alike, and run in the reverse order every other run."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(runs):
        # The order turns round every other run, so no command always runs right after another.
        for name, (command, cwd, before) in list(commands.items())[:: 1 if run % 2 == 0 else -1]:
            if before:
                before()
            start = time.perf_counter()
            subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def noop_script(localize: list[str]) -> str:
    """A shell line running a no-op extract, then a no-op build."""
    command = " ".join(localize)
    return f"{command} extract --no-memory && {command} build"


def write_config(project: Path, **settings: str) -> None:
    lines = ["[tool.localize]"] + [f'{key} = "{value}"' for key, value in settings.items()]
    (project / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def rewrite_catalogs(project: Path, translate) -> None:
    """Set every msgstr to `translate(entry)` and clear fuzzy flags."""
    for path in (project / "locale" / "de").rglob("*.po"):
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = translate(entry)
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        path.write_text(format_po(po), encoding="utf-8")


def marked(entry: polib.POEntry) -> str:
    """A visible "translation" that keeps all syntax: `DE ` in front, or inside a code piece."""
    if not entry.comment.startswith("code "):
        return "DE " + entry.msgid
    # Inside the literal (after its opening quote) or after the comment marker.
    pattern = r"[\"'`]" if entry.comment.startswith("code string") else r"\w"
    match = re.search(pattern, entry.msgid)
    position = match.end() if entry.comment.startswith("code string") else match.start()
    return entry.msgid[:position] + "DE " + entry.msgid[position:]


def file_creation_floor(work: Path, count: int) -> float:
    """Seconds to create a template and a catalog per article (nested folders), nothing else."""
    target = work / "floor"
    data = b"x" * 2048
    start = time.perf_counter()
    for number in range(count):
        for folder in ("templates", "de/LC_MESSAGES"):
            path = target / folder / f"part{number % 40}" / f"article{number}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    elapsed = time.perf_counter() - start
    set_aside(target)
    return elapsed


SET_ASIDE: list[Path] = []


def set_aside(path: Path) -> None:
    """Move a previous run's output out of the way; it is deleted when the benchmark ends.

    Deleting it here would time the file system rather than the tools: for about 30 s
    after many files are deleted, ext4 checks each freed inode again whenever a new file
    is created (`recently_deleted` in its inode allocator), a cost that grows with the
    square of the number of files and that a fresh checkout never meets.
    """
    if path.exists():
        SET_ASIDE.append(path.parent / f".set-aside-{len(SET_ASIDE)}")
        path.rename(SET_ASIDE[-1])


def clean(project: Path, *names: str) -> None:
    for name in names:
        set_aside(project / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mdpo-python", help="Interpreter with mdpo installed, to time it side by side.")
    parser.add_argument("--baseline", type=Path, help="Another checkout of localize, timed in turns with this one.")
    args = parser.parse_args()
    source = args.corpus / "en"
    if not source.is_dir():
        sys.exit(f"no corpus at {args.corpus}")
    files = sorted(source.rglob("*.md"))
    work = Path(tempfile.mkdtemp(prefix="localize-bench-"))
    project = work / "project"
    shutil.copytree(source, project / "articles")
    # Each checkout runs with itself first on the path, whatever is installed in the venv.
    localize = ["env", f"PYTHONPATH={ROOT}", sys.executable, "-m", "localize"]
    before = ["env", f"PYTHONPATH={args.baseline.resolve()}", sys.executable, "-m", "localize"] if args.baseline else []
    before_project = work / "baseline-project"
    if before:
        shutil.copytree(source, before_project / "articles")
        compileall.compile_dir(str(args.baseline / "localize"), quiet=1)
    # Time localize as installed: pip compiles bytecode when it installs a package (mdpo's
    # included), but a source checkout run with PYTHONDONTWRITEBYTECODE=1 would compile
    # every module again in every run.
    compileall.compile_dir(str(ROOT / "localize"), quiet=1)
    figures: dict[str, object] = {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}

    # The floor for any markdown-it-py tool: import, then one parse of every file.
    figures["import markdown-it-py"] = timed([sys.executable, "-c", "import markdown_it"], work, 5) - timed(
        [sys.executable, "-c", "pass"], work, 5
    )
    from markdown_it import MarkdownIt

    parser_md = MarkdownIt("commonmark").enable("table")
    texts = [p.read_text(encoding="utf-8") for p in files]
    start = time.perf_counter()
    for text in texts:
        parser_md.parse(text)
    figures["parse all once (in process)"] = time.perf_counter() - start
    figures["startup (localize --version)"] = timed(localize + ["--version"], project, 5)
    figures["floor: create 2 files per article on this disk"] = file_creation_floor(work, len(files))

    # Speed: extract and build, cold, one process and two, taking turns with mdpo's API.
    write_config(project)
    if before:
        write_config(before_project)
    baseline = [args.mdpo_python, str(ROOT / "benchmarks" / "mdpo_baseline.py")] if args.mdpo_python else []
    mdpo_work = work / "mdpo"
    extracts = {
        f"extract, --jobs {jobs}": (
            localize + ["extract", "--no-memory", "-j", jobs], project, lambda: clean(project, "locale", "build")
        )
        for jobs in ("1", "2")
    }
    for jobs in ("1", "2") if before else ():
        extracts[f"baseline extract, --jobs {jobs}"] = (
            before + ["extract", "--no-memory", "-j", jobs], before_project,
            lambda: clean(before_project, "locale", "build"),
        )
    if baseline:
        extracts["mdpo API extract (whole process)"] = (
            baseline + ["extract", str(source), str(mdpo_work)], work,
            lambda: set_aside(mdpo_work / "po"),
        )
    figures.update(timed_in_turns(extracts, args.runs))
    rewrite_catalogs(project, lambda entry: entry.msgid)
    builds = {
        f"build (identity catalogs), --jobs {jobs}": (
            localize + ["build", "-j", jobs], project, lambda: clean(project, "build")
        )
        for jobs in ("1", "2")
    }
    if before:
        rewrite_catalogs(before_project, lambda entry: entry.msgid)
    for jobs in ("1", "2") if before else ():
        builds[f"baseline build (identity catalogs), --jobs {jobs}"] = (
            before + ["build", "-j", jobs], before_project, lambda: clean(before_project, "build")
        )
    if baseline:
        subprocess.run(baseline + ["identity", str(source), str(mdpo_work)], check=True)
        builds["mdpo API build (whole process)"] = (
            baseline + ["build", str(source), str(mdpo_work)], work,
            lambda: set_aside(mdpo_work / "out"),
        )
    figures.update(timed_in_turns(builds, args.runs))
    identical = sum((project / "build" / "de" / p.relative_to(source)).read_bytes() == p.read_bytes() for p in files)
    figures["identity build byte-identical"] = f"{identical} / {len(files)}"
    subprocess.run(localize + ["extract", "--no-memory"], cwd=project, check=True, capture_output=True)
    subprocess.run(localize + ["build"], cwd=project, check=True, capture_output=True)
    noop = {"no-op extract + build": (["sh", "-c", noop_script(localize)], project, None)}
    if before:
        subprocess.run(before + ["extract", "--no-memory"], cwd=before_project, check=True, capture_output=True)
        subprocess.run(before + ["build"], cwd=before_project, check=True, capture_output=True)
        noop["baseline no-op extract + build"] = (["sh", "-c", noop_script(before)], before_project, None)
    figures.update(timed_in_turns(noop, args.runs))

    if baseline:
        compared = subprocess.run(baseline + ["compare", str(source), str(mdpo_work)], check=True, capture_output=True, text=True)
        figures["mdpo identity build byte-identical"] = compared.stdout.strip()
        for jobs in ("1", "2"):
            figures[f"extract ratio to mdpo, --jobs {jobs}"] = (
                figures[f"extract, --jobs {jobs}"] / figures["mdpo API extract (whole process)"]
            )
            figures[f"build ratio to mdpo, --jobs {jobs}"] = (
                figures[f"build (identity catalogs), --jobs {jobs}"] / figures["mdpo API build (whole process)"]
            )

    # Agreement with the corpus catalog, which another gettext tool made.
    reference = [e for e in polib.pofile(str(args.corpus / "de.po")) if not e.obsolete]
    corpus_text = "\n".join(texts)
    flat = re.sub(r"\s+", " ", corpus_text)
    occurring = [e.msgid for e in reference if e.msgid in corpus_text or re.sub(r"\s+", " ", e.msgid) in flat]
    figures["de.po msgids"] = len(reference)
    figures["de.po msgids occurring in the Markdown"] = len(occurring)
    for code in ("none", "comments-and-strings"):
        clean(project, "locale", "build")
        write_config(project, code=code)
        subprocess.run(localize + ["extract", "--no-memory"], cwd=project, check=True, capture_output=True)
        ours = {e.msgid for p in (project / "locale" / "templates").rglob("*.pot") for e in polib.pofile(str(p))}
        figures[f"de.po msgids extracted exactly (code = {code})"] = sum(m in ours for m in occurring)

    # Reuse: the corpus catalog as a compendium, then what of it reaches the German build.
    clean(project, "locale", "build")
    extract = subprocess.run(
        localize + ["extract", "--compendium", str(args.corpus / "de.po")], cwd=project, check=True,
        capture_output=True, text=True,
    )
    figures["compendium fill"] = extract.stdout.strip().splitlines()[-1].split("; ", 1)[-1]
    subprocess.run(localize + ["build"], cwd=project, capture_output=True, check=True)
    built = "\n".join(p.read_text(encoding="utf-8") for p in (project / "build" / "de").rglob("*.md"))
    translated = [e for e in reference if e.msgstr and "fuzzy" not in e.flags]
    distinct = {e.msgstr for e in translated}
    figures["de.po distinct translated msgstrs in the German build"] = (
        f"{sum(s in built for s in distinct)} / {len(distinct)}"
    )
    in_text = {e.msgstr for e in translated if e.msgid in occurring}
    figures["  of those whose msgid occurs in the Markdown"] = f"{sum(s in built for s in in_text)} / {len(in_text)}"

    # Fidelity under a marked translation of every segment (code comments and strings too).
    rewrite_catalogs(project, marked)
    marked_builds = {
        f"build (every segment translated), --jobs {jobs}": (
            localize + ["build", "-j", jobs], project, lambda: clean(project, "build")
        )
        for jobs in ("1", "2")
    }
    if before:
        # The same project as this checkout's by now: code comments and strings translated,
        # the catalogs filled from the compendium.
        clean(before_project, "locale", "build")
        write_config(before_project, code="comments-and-strings")
        subprocess.run(
            before + ["extract", "--compendium", str(args.corpus / "de.po")], cwd=before_project, check=True,
            capture_output=True,
        )
        rewrite_catalogs(before_project, marked)
    for jobs in ("1", "2") if before else ():
        marked_builds[f"baseline build (every segment translated), --jobs {jobs}"] = (
            before + ["build", "-j", jobs], before_project, lambda: clean(before_project, "build")
        )
    figures.update(timed_in_turns(marked_builds, args.runs))
    clean(project, "build")
    result = subprocess.run(localize + ["build", "--strict"], cwd=project, capture_output=True, text=True)
    same_structure = 0
    includes_kept = 0
    for path, text in zip(files, texts, strict=True):
        out = (project / "build" / "de" / path.relative_to(source)).read_text(encoding="utf-8")
        same_structure += block_signature(out, True) == block_signature(text, True)
        includes_kept += re.findall(r"\{\{#include[^}]*\}\}", out) == re.findall(r"\{\{#include[^}]*\}\}", text)
    figures["marked build: refused translations"] = len([line for line in result.stderr.splitlines() if ": warning: " in line])
    figures["marked build: same block structure"] = f"{same_structure} / {len(files)}"
    figures["marked build: includes untouched"] = f"{includes_kept} / {len(files)}"

    for key in [k for k in figures if k.startswith("baseline ")]:
        mine = figures[key.removeprefix("baseline ")]
        figures[f"ratio to baseline: {key.removeprefix('baseline ')}"] = mine / figures[key]  # type: ignore[operator]
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{key:<{width}}  {shown}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

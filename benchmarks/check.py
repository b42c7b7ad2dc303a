"""What `localize extract --check` costs next to a no-op `localize extract`.

    python3 benchmarks/check.py [--corpus ../shared/corpus] [--articles 400] [--runs 7]

Two projects in a temporary folder (never in the repository): the shared corpus laid out
as a project (skipped when absent), and a generated one of --articles short articles.
Each is extracted once; then, whole processes, median of --runs, taking turns run after
run: a no-op `extract`, a `extract --check` with the run record, and one without it (as
in a fresh clone, where CI has no record).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORD = Path("build") / ".cache" / "localize.json"


def corpus_project(corpus: Path, target: Path) -> Path | None:
    if not (corpus / "en").is_dir():
        return None
    shutil.copytree(corpus / "en", target / "articles")
    (target / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    return target


def generated_project(count: int, target: Path) -> Path:
    """`count` short articles: a title, two paragraphs, a list and a small table each."""
    for number in range(count):
        path = target / "articles" / f"part{number // 50}" / f"article{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"# Article {number}\n\nThis is article number {number}, about one topic.\n\n"
            f"It has a [link](https://example.org/{number}) and `code {number}`.\n\n"
            f"- first point of {number}\n- second point\n\n| Key | Value |\n|---|---|\n| id | {number} |\n",
            encoding="utf-8",
        )
    (target / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    return target


def timings(project: Path, runs: int) -> dict[str, float]:
    command = [sys.executable, "-m", "localize", "extract"]
    subprocess.run(command, cwd=project, check=True, stdout=subprocess.DEVNULL)
    record = (project / RECORD).read_bytes()
    steps = {
        "no-op extract": (command, None),
        "extract --check": (command + ["--check"], None),
        "extract --check, no record": (command + ["--check"], lambda: (project / RECORD).unlink()),
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(runs):
        for name, (args, before) in steps.items():
            if before:
                before()
            start = time.perf_counter()
            done = subprocess.run(args, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
            times[name].append(time.perf_counter() - start)
            if done.returncode != 0:
                sys.exit(f"{' '.join(args[3:])} failed in {project}: {done.stderr}")
            (project / RECORD).write_bytes(record)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="localize-check-"))
    projects: dict[str, Path | None] = {
        "corpus": corpus_project(args.corpus, work / "corpus"),
        f"{args.articles} short articles": generated_project(args.articles, work / "generated"),
    }
    print(f"{'project':<20} {'articles':>8} {'no-op extract':>14} {'--check':>8} {'ratio':>6} {'--check, no record':>19}")
    for name, project in projects.items():
        if project is None:
            print(f"{name:<20} (absent: {args.corpus})")
            continue
        count = sum(1 for _ in (project / "articles").rglob("*.md"))
        figures = timings(project, args.runs)
        noop, check = figures["no-op extract"], figures["extract --check"]
        print(
            f"{name:<20} {count:>8} {noop:>13.3f}s {check:>7.3f}s {check / noop:>5.2f}×"
            f" {figures['extract --check, no record']:>18.3f}s"
        )
    shutil.rmtree(work, ignore_errors=True)
    print(f"(whole processes, median of {args.runs}; ratio: --check over a no-op extract)")


if __name__ == "__main__":
    main()

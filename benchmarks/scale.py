"""How localize scales: time and peak memory on 1×, 10×, 100× the corpus.

    python3 benchmarks/scale.py [--corpus ../shared/corpus] [--factors 1,10,100] [--jobs 0]

A synthetic project holds N variants of every corpus article (`copy<k>/…`, with a copy
number woven into the text so no two articles are identical). For each size it times a
cold `localize extract` and `localize build` (whole processes) and reports the peak
resident memory of the largest localize process, from the kernel's accounting.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(source: Path, target: Path, factor: int) -> int:
    """Write `factor` variants of the corpus under target/articles; returns the article count."""
    count = 0
    for path in sorted(source.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(source)
        for copy in range(factor):
            out = target / "articles" / f"copy{copy}" / relative
            out.parent.mkdir(parents=True, exist_ok=True)
            # Vary the prose, not the structure: the first paragraph word of every line-start.
            out.write_text(text.replace("\nThe ", f"\nThe ({copy}) ", 3), encoding="utf-8")
            count += 1
    (target / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    return count


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds of a command, and the peak RSS (MB) of its largest process so far."""
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--factors", default="1,10,100")
    parser.add_argument("--jobs", default="0")
    args = parser.parse_args()
    factors = [int(f) for f in args.factors.split(",")]
    first: dict[str, float] = {}
    print(f"{'size':>5} {'articles':>9} {'extract s':>10} {'growth':>7} {'build s':>8} {'growth':>7} {'peak MB':>8}")
    done: list[Path] = []
    for factor in factors:
        work = Path(tempfile.mkdtemp(prefix=f"localize-scale-{factor}-"))
        done.append(work)
        articles = generate(args.corpus / "en", work, factor)
        command = [sys.executable, "-m", "localize"]
        extract, _ = run(command + ["extract", "--no-memory", "-j", args.jobs], work)
        build, peak = run(command + ["build", "-j", args.jobs], work)
        first.setdefault("extract", extract)
        first.setdefault("build", build)
        print(
            f"{factor:>4}× {articles:>9} {extract:>10.2f} {extract / first['extract']:>6.1f}×"
            f" {build:>8.2f} {build / first['build']:>6.1f}× {peak:>8.0f}"
        )
    # Deleted only now: right after many deletions, ext4 checks the freed inodes again on
    # every file created, which would slow the next size down for the file system's sake.
    for work in done:
        shutil.rmtree(work, ignore_errors=True)
    print(f"(growth: time over the first row's, whose size is {factors[0]}×; peak MB: the largest")
    print(" resident set of any localize process up to that row)")


if __name__ == "__main__":
    main()

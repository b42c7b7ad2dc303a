"""Time and memory on pathological articles: huge, wide, deep and long-lined.

    python3 benchmarks/pathological.py

Each case is a one-article project; the script times `localize extract` and a build in
which every segment is translated (whole processes) and reports the peak memory. Then the
cost cliffs: a build with one structure-breaking translation among 1,000 paragraphs against
the clean build, `coverage` on runs of `<`, `[`, `](`, backticks and `*`, and extract of a
5 MB paragraph on one line against the same paragraph soft-wrapped into 250,000 lines.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localize.parsing import block_parser  # noqa: E402
from localize.pofile import format_po  # noqa: E402

CASES = {
    "article of 10 MB": "## Heading\n\nSome paragraph text with a [link](x.md) and `code`.\n\n- item one\n- item two\n\n"
    * 110_000,
    "table of 5,000 rows": "| a | b |\n|---|---|\n" + "".join(f"| cell {i} | value {i} |\n" for i in range(5000)),
    "lists nested 50 deep": "".join("  " * i + f"- item level {i}\n" for i in range(50)),
    "line of 1 MB": "word " * 200_000 + "\n",
}


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def project(text: str) -> Path:
    """A one-article project holding `text` as articles/case.md."""
    work = Path(tempfile.mkdtemp(prefix="localize-patho-"))
    (work / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    (work / "articles").mkdir()
    (work / "articles" / "case.md").write_text(text, encoding="utf-8")
    return work


def translate(work: Path, msgstr: Callable[[str], str]) -> None:
    po_path = work / "locale" / "de" / "LC_MESSAGES" / "case.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = msgstr(entry.msgid)
    po_path.write_text(format_po(po), encoding="utf-8")


def cold_build(localize: list[str], work: Path) -> float:
    """Time of a build with no output or cache left from an earlier one."""
    shutil.rmtree(work / "build", ignore_errors=True)
    return timed(localize + ["build"], work)


def cliffs(localize: list[str]) -> None:
    """Figures that must not jump with one bad entry, an adversarial run or soft wraps."""
    paragraphs = "".join(f"Paragraph {i} of the article, with some words.\n\n" for i in range(1000))
    work = project(paragraphs)
    subprocess.run(localize + ["extract", "--no-memory"], cwd=work, check=True, stdout=subprocess.DEVNULL)
    translate(work, lambda msgid: "DE " + msgid)
    clean = min(cold_build(localize, work) for _ in range(3))
    translate(work, lambda msgid: ("- DE " if msgid.startswith("Paragraph 500 ") else "DE ") + msgid)
    broken = min(cold_build(localize, work) for _ in range(3))
    print(f"\n1,000 paragraphs: clean build {clean:.2f} s, one structure-breaking entry {broken:.2f} s"
          f" ({broken / clean:.1f}×)")
    shutil.rmtree(work, ignore_errors=True)

    print(f"{'coverage of':<30} {'seconds':>8}")
    for run in ("<", "[", "](", "`", "*"):
        work = project(f"Text {run * 200_000}\n")
        subprocess.run(localize + ["extract", "--no-memory"], cwd=work, check=True, stdout=subprocess.DEVNULL)
        translate(work, lambda msgid: "DE " + msgid)
        print(f"{'Text + 200,000 × ' + repr(run):<30} {timed(localize + ['coverage'], work):>8.2f}")
        shutil.rmtree(work, ignore_errors=True)

    line = "some words on a line"
    for name, text in (("one line", " ".join([line] * 250_000) + "\n"), ("250,000 lines", (line + "\n") * 250_000)):
        work = project(text)
        seconds = timed(localize + ["extract", "--no-memory"], work)
        start = time.perf_counter()
        block_parser().parse(text, {})  # the floor: markdown-it's own block pass, in process
        floor = time.perf_counter() - start
        print(f"extract of a {len(text) / 1e6:.1f} MB paragraph, {name}: {seconds:.2f} s"
              f" (markdown-it's block pass alone: {floor:.2f} s)")
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    localize = [sys.executable, "-m", "localize"]
    print(f"{'case':<22} {'size MB':>8} {'segments':>9} {'extract s':>10} {'build s':>8} {'peak MB':>8}")
    for name, text in CASES.items():
        work = Path(tempfile.mkdtemp(prefix="localize-patho-"))
        (work / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
        (work / "articles").mkdir()
        (work / "articles" / "case.md").write_text(text, encoding="utf-8")
        extract = timed(localize + ["extract", "--no-memory"], work)
        po_path = work / "locale" / "de" / "LC_MESSAGES" / "case.po"
        po = polib.pofile(str(po_path))
        for entry in po:
            entry.msgstr = "DE " + entry.msgid
        po_path.write_text(format_po(po), encoding="utf-8")
        build = timed(localize + ["build"], work)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{name:<22} {len(text) / 1e6:>8.1f} {len(po) - 0:>9} {extract:>10.2f} {build:>8.2f} {peak:>8.0f}")
        shutil.rmtree(work, ignore_errors=True)
    print("(peak MB: the largest localize process so far; segments: catalog entries)")
    cliffs(localize)


if __name__ == "__main__":
    main()

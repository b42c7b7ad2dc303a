"""mdpo's Python API over a Markdown tree, one step per process (run it with an interpreter that has mdpo).

    python mdpo_baseline.py extract SOURCE_DIR WORK_DIR   # markdown_to_pofile for every file, saved
    python mdpo_baseline.py identity SOURCE_DIR WORK_DIR  # set every msgstr to its msgid (untimed step)
    python mdpo_baseline.py build SOURCE_DIR WORK_DIR     # pofile_to_markdown for every file
    python mdpo_baseline.py compare SOURCE_DIR WORK_DIR   # print how many builds are byte-identical

The caller times each whole process, as it times localize.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    step, source, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    files = sorted(source.rglob("*.md"))
    catalogs, outputs = work / "po", work / "out"
    if step == "extract":
        from mdpo.md2po import markdown_to_pofile

        for path in files:
            target = catalogs / path.relative_to(source).with_suffix(".po")
            target.parent.mkdir(parents=True, exist_ok=True)
            markdown_to_pofile(str(path)).save(str(target))
    elif step == "identity":
        import polib

        for path in catalogs.rglob("*.po"):
            po = polib.pofile(str(path))
            for entry in po:
                entry.msgstr = entry.msgid
            po.save(str(path))
    elif step == "build":
        from mdpo.po2md import pofile_to_markdown

        for path in files:
            relative = path.relative_to(source)
            target = outputs / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(pofile_to_markdown(str(path), str(catalogs / relative.with_suffix(".po"))), encoding="utf-8")
    elif step == "compare":
        same = sum((outputs / p.relative_to(source)).read_bytes() == p.read_bytes() for p in files)
        print(f"{same} / {len(files)}")


if __name__ == "__main__":
    main()

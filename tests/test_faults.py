"""Faults: interrupted, failing and concurrent writes lose nothing."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from test_cli import one_line_error, run

from localize import files


@pytest.mark.parametrize(
    "failure, when",
    [(errno.ENOSPC, "write"), (errno.ENOSPC, "open"), (errno.EACCES, "open"), (errno.EROFS, "open")],
    ids=["disk full while writing", "full disk", "denied", "read-only"],
)
def test_a_write_that_fails_is_a_clear_error_and_leaves_no_partial_file(
    project: Path, monkeypatch, failure: int, when: str
) -> None:
    article = project / "articles" / "openai-scale-anthropic-trust.md"
    article.write_text(article.read_text(encoding="utf-8").replace("That’s the point.", "That’s it."), encoding="utf-8")
    po = project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"
    before = po.read_bytes()
    real_open, real_write = os.open, os.write
    temporary: set[int] = set()

    def failing_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith(".tmp") and flags & os.O_CREAT:
            if when == "open":
                raise OSError(failure, os.strerror(failure))
            descriptor = real_open(path, flags, *args, **kwargs)
            temporary.add(descriptor)
            return descriptor
        return real_open(path, flags, *args, **kwargs)

    def failing_write(descriptor, data):  # type: ignore[no-untyped-def]
        if descriptor in temporary:
            real_write(descriptor, bytes(data[:10]))  # part of the file, then the disk is full
            raise OSError(failure, os.strerror(failure))
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "open", failing_open)
    monkeypatch.setattr(os, "write", failing_write)
    code, _, err = run(project, "extract", "-j", "1")
    one_line_error(code, err, "cannot write: " + os.strerror(failure))
    assert po.read_bytes() == before
    assert not list((project / "locale").rglob("*.tmp"))


def test_two_extracts_at_once_leave_valid_catalogs(project: Path) -> None:
    article = project / "articles" / "openai-scale-anthropic-trust.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    command = [sys.executable, "-m", "localize", "extract", "-j", "1"]
    runs = [subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [process.communicate(timeout=120) for process in runs]
    assert [process.returncode for process in runs] == [0, 0], results
    for po in (project / "locale").rglob("*.po"):
        files.read_po(po, str(po))  # parses and checks
    po = polib.pofile(str(project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"))
    assert po.find("One more paragraph.") is not None
    assert sum(1 for e in po if e.msgstr and not e.obsolete) == 34


def test_a_write_that_fails_for_one_article_leaves_the_others_as_they_were(project: Path, monkeypatch) -> None:
    from test_bad_input import FIRST, SECOND, change_first_article, tree

    second = project / "articles" / f"{SECOND}.md"
    second.write_text(second.read_text(encoding="utf-8").replace("That’s the point.", "That’s it."), encoding="utf-8")
    change_first_article(project)
    before = tree(project)
    real_open = os.open

    def failing_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if f".{SECOND}.po" in str(path) and flags & os.O_CREAT:  # the disk is full by the second catalog
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing_open)
    code, _, err = run(project, "extract", "-j", "1")
    one_line_error(code, err, f"{SECOND}.pot: cannot write: " + os.strerror(errno.ENOSPC))
    assert tree(project) == before  # the first article's template and catalog were not written either
    assert (project / "locale" / "templates" / f"{FIRST}.pot").read_bytes() == before[f"project/locale/templates/{FIRST}.pot"][0]


def test_staged_writes_and_removals_happen_only_on_commit(project: Path) -> None:
    from localize.config import Config
    from localize.model import LocalizeError

    config = Config(root=project)
    catalog = project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"
    output = project / "build" / "de" / "guides" / "new.md"
    before = catalog.read_bytes()
    for commit in (False, True):
        with files.staging(config) as stage:
            assert files.write_if_changed(output, "neu\n", "new.md")
            files.remove(catalog, "catalog")
            assert files.read_bytes(output) == b"neu\n" and files.exists(output)  # this process sees its own writes
            assert not files.exists(catalog) and output.parent.parent.is_dir()
            assert not output.exists() and catalog.read_bytes() == before  # nobody else does yet
            with pytest.raises(LocalizeError, match="leads outside the project's locale/ and build/ folders"):
                files.remove(project / "articles" / "openai-scale-anthropic-trust.md", "article")
            if commit:
                stage.commit()
            else:
                stage.discard()
        if not commit:
            assert catalog.read_bytes() == before and not (project / "build").exists()
    assert output.read_bytes() == b"neu\n" and not catalog.exists()


def test_an_output_that_is_a_folder_is_an_error_before_anything_is_written(project: Path) -> None:
    from test_bad_input import FIRST, SECOND, retranslate_first_article, tree

    assert run(project, "build")[0] == 0
    retranslate_first_article(project)
    output = project / "build" / "de" / f"{SECOND}.md"
    output.unlink()
    output.mkdir()
    before = tree(project)
    code, _, err = run(project, "build")
    one_line_error(code, err, f"build/de/{SECOND}.md: cannot read: Is a directory")
    assert tree(project) == before  # the first article's new output was not put in place either
    assert FIRST in str(before)


def leftovers(project: Path) -> list[Path]:
    return [p for p in project.rglob("*.tmp")]


def test_temporaries_of_a_killed_run_are_deleted_by_the_next(project: Path, monkeypatch) -> None:
    """A run killed between staging and renaming (SIGKILL, a power cut) leaves temporary
    files and its note; the next writing run deletes them before it writes."""
    (project / "articles" / "new.md").write_text("# New\n\nA new article.\n", encoding="utf-8")

    def killed(self: files.Staged, shown: object = str) -> None:
        raise KeyboardInterrupt  # stands for a kill: no clean-up of what was handed on

    with monkeypatch.context() as patched:
        patched.setattr(files.Staged, "commit", killed)
        patched.setattr(files.Staged, "discard", lambda self: None)
        patched.setattr(files, "delete_pending", lambda: None)
        assert run(project, "extract", "-j", "1")[0] != 0
    assert leftovers(project) and (project / "build" / ".cache" / "writing").exists()
    code, _, err = run(project, "extract")
    assert code == 0 and "temporary file(s) an interrupted run left" in err
    assert not leftovers(project) and not (project / "build" / ".cache" / "writing").exists()
    assert (project / "locale" / "de" / "LC_MESSAGES" / "new.po").exists()


def test_an_interrupted_run_deletes_its_temporaries(project: Path, monkeypatch) -> None:
    (project / "articles" / "new.md").write_text("# New\n\nA new article.\n", encoding="utf-8")

    def interrupted(self: files.Staged, shown: object = str) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(files.Staged, "commit", interrupted)
        assert run(project, "extract", "-j", "1")[0] != 0
    assert not leftovers(project)


def test_a_terminated_run_leaves_no_temporaries(tmp_path: Path) -> None:
    """SIGTERM (a cancelled CI job) at whatever moment: afterwards, and at the latest after
    the next run, no temporary file is left in the project."""
    import signal
    import time

    (tmp_path / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    for number in range(300):
        (articles / f"page{number}.md").write_text(f"# Page {number}\n\nText of page {number}.\n", encoding="utf-8")
    command = [sys.executable, "-m", "localize", "extract", "-j", "2"]
    started = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    started.send_signal(signal.SIGTERM)
    started.wait(timeout=60)
    time.sleep(0.5)  # a worker of the stopped run notices and stops
    if leftovers(tmp_path):
        assert subprocess.run(command, cwd=tmp_path, capture_output=True).returncode == 0
    assert not leftovers(tmp_path)

"""The `output` setting: where Markdown output goes (folders, suffix, Docusaurus, a pattern), that
outputs are never read back as articles, that every write stays at an output, and that files
the articles link to are placed where their links lead from the output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import set_translations
from test_cli import one_line_error, run, snapshot

from localize import batch, files
from localize.config import load
from localize.layout import PRESETS, Layout, placements, problems
from localize.model import LocalizeError

# -- the pattern, pure -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preset", "path", "root"),
    [
        ("folders", "build/de_AT/guides/intro.md", "build/de_AT"),
        ("suffix", "docs/guides/intro.de_AT.md", "docs"),
        (
            "docusaurus",
            "i18n/de-AT/docusaurus-plugin-content-docs/current/guides/intro.md",
            "i18n/de-AT/docusaurus-plugin-content-docs/current",
        ),
    ],
)
def test_each_preset_puts_an_article_where_its_site_generator_looks(preset: str, path: str, root: str) -> None:
    layout = Layout(PRESETS[preset], "docs", "build", ("de", "de_AT"), ("de", "de-AT"))
    assert layout.path("de_AT", "guides/intro") == path
    assert layout.root("de_AT") == root
    assert layout.match(path) == ("de_AT", "guides/intro")
    assert layout.match("docs/guides/intro.md") is None  # the English article is no output
    assert layout.match(path.replace("de_AT", "fr").replace("de-AT", "fr")) is None  # fr is not a target


def test_a_pattern_names_folders_and_both_forms_of_the_language() -> None:
    layout = Layout("site/{tag}/{build}/{article}.{language}.md", "docs", "out", ("pt_BR",), ("pt-BR",))
    assert layout.path("pt_BR", "a/b") == "site/pt-BR/out/a/b.pt_BR.md"
    assert layout.match("site/pt-BR/out/a/b.pt_BR.md") == ("pt_BR", "a/b")
    assert layout.match("site/pt-BR/out/a/b.pt-BR.md") is None


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("flat", "is no preset (folders, suffix, docusaurus) and no pattern"),
        ("{articles}/{article}.md", "names neither {language} nor {tag}"),
        ("{build}/{language}/index.md", "names no {article}"),
        ("{build}/{language}/{article}.html", "does not end in .md"),
        ("{build}/{lang}/{article}.md", "unknown placeholder {lang}"),
        ("{build}/{language}/{article}/{article}.md", "names {article} more than once"),
        ("{build}/{language/{article}.md", "a brace that opens or closes no placeholder"),
        ("../site/{language}/{article}.md", "reaches outside the project"),
        ("/srv/{language}/{article}.md", "is absolute"),
        ("./{build}//{language}/{article}.md", "is not written plainly"),
    ],
)
def test_a_pattern_that_cannot_work_says_why(setting: str, says: str) -> None:
    assert says in next(problems(setting))


def test_every_preset_is_a_valid_pattern() -> None:
    assert all(not list(problems(name)) and not list(problems(pattern)) for name, pattern in PRESETS.items())


def test_linked_files_go_where_the_link_leads_from_the_output_and_never_out_of_its_folder() -> None:
    layout = Layout(PRESETS["folders"], "docs", "build", ("de",))
    targets = [(3, "docs/images/a.png"), (4, "docs/guides/b.pdf"), (5, "LICENSE.txt"), (6, "docs/images/a.png")]
    placed, refused = placements(layout, "de", "guides/intro", "docs/guides", targets)
    assert placed == [("build/de/images/a.png", "docs/images/a.png"), ("build/de/guides/b.pdf", "docs/guides/b.pdf")]
    assert refused == [(5, "linked file LICENSE.txt would lie outside build/de/ beside the output; not placed")]
    suffix = Layout(PRESETS["suffix"], "docs", "build", ("de",))
    assert placements(suffix, "de", "guides/intro", "docs/guides", targets[:2]) == ([], [])


# -- a project ---------------------------------------------------------------------------------

GUIDE = "# Guide\n\nSee ![a cat](images/cat.png) and the [manual](files/manual.pdf).\n\nRead the [FAQ](faq.md).\n"
FAQ = "# FAQ\n\n## Why\n\nBecause ![a dog](images/dog.png) ![a cat](images/cat.png).\n\nAlso [the licence](../LICENSE.txt).\n"


def make_project(root: Path, output: str | None, **more: str) -> Path:
    """A project with two articles in docs/, an image each, a download, and a file outside docs/."""
    (root / "docs" / "images").mkdir(parents=True)
    (root / "docs" / "files").mkdir()
    (root / "docs" / "guide.md").write_text(GUIDE, encoding="utf-8")
    (root / "docs" / "faq.md").write_text(FAQ, encoding="utf-8")
    (root / "docs" / "images" / "cat.png").write_bytes(b"\x89PNG cat")
    (root / "docs" / "images" / "dog.png").write_bytes(b"\x89PNG dog")
    (root / "docs" / "files" / "manual.pdf").write_bytes(b"%PDF manual")
    (root / "LICENSE.txt").write_text("MIT\n", encoding="utf-8")
    settings = {"articles": "docs", **({"output": output} if output is not None else {}), **more}
    body = "".join(f'{key} = "{value}"\n' for key, value in settings.items())
    (root / "pyproject.toml").write_text(f"[tool.localize]\n{body}", encoding="utf-8")
    assert run(root, "extract")[0] == 0
    return root


def translate(root: Path) -> None:
    set_translations(root / "locale" / "de" / "LC_MESSAGES" / "guide.po", {"Guide": "Anleitung"})


def test_the_default_is_a_folder_per_language_as_before(tmp_path: Path) -> None:
    default = make_project(tmp_path / "default", None)
    named = make_project(tmp_path / "named", "folders")
    for root in (default, named):
        translate(root)
        assert run(root, "build")[0] == 0
    built = {name: data for name, (data, _) in snapshot(default / "build" / "de").items()}
    assert built == {name: data for name, (data, _) in snapshot(named / "build" / "de").items()}
    assert built["guide.md"] == GUIDE.replace("# Guide", "# Anleitung").encode()
    assert built["faq.md"] == FAQ.encode()  # an identity build is byte for byte the article


def test_suffix_outputs_lie_beside_the_english_and_are_never_read_as_articles(tmp_path: Path) -> None:
    root = make_project(tmp_path, "suffix")
    translate(root)
    (root / "docs" / "gone.de.md").write_text("# Alt\n\nEin Rest.\n", encoding="utf-8")  # an output of no article
    (root / "docs" / "notes.fr.md").write_text("# Notes\n\nEnglish notes.\n", encoding="utf-8")  # fr: no target
    code, out, err = run(root, "build")
    assert code == 0, err
    assert (root / "docs" / "guide.de.md").read_text(encoding="utf-8") == GUIDE.replace("# Guide", "# Anleitung")
    assert (root / "docs" / "faq.de.md").read_bytes() == FAQ.encode()
    assert not (root / "build" / "de").exists()
    assert sorted(p.name for p in (root / "docs" / "images").iterdir()) == ["cat.png", "dog.png"]  # nothing placed
    code, out, err = run(root, "extract")
    assert code == 0, err
    templates = sorted(p.name for p in (root / "locale" / "templates").iterdir())
    assert templates == ["faq.pot", "guide.pot", "notes.fr.pot"]


def test_a_folder_layout_places_linked_files_beside_the_output(tmp_path: Path) -> None:
    root = make_project(tmp_path, None)
    translate(root)
    code, out, err = run(root, "build")
    assert code == 0
    for name in ("images/cat.png", "images/dog.png", "files/manual.pdf"):
        placed = root / "build" / "de" / name
        assert os.path.samefile(placed, root / "docs" / name), name  # a hard link, not a second copy
    assert not (root / "build" / "de" / "faq.md.png").exists()
    assert not (root / "build" / "LICENSE.txt").exists() and not (root / "build" / "de" / "LICENSE.txt").exists()
    assert err == (
        "docs/faq.md:7: warning: linked file LICENSE.txt would lie outside build/de/ beside the output; "
        "not placed (its link breaks in build/de/faq.md)\n"
    )
    assert not [p for p in (root / "build").rglob("*.tmp")]
    # run again: nothing to do; a placed file deleted, or its source replaced, is placed again
    assert "0 written, 2 unchanged" in run(root, "build")[1]
    (root / "build" / "de" / "images" / "dog.png").unlink()  # only faq links it
    assert "1 written, 1 unchanged" in run(root, "build")[1]
    assert (root / "build" / "de" / "images" / "dog.png").read_bytes() == b"\x89PNG dog"
    (root / "docs" / "files" / "manual.pdf").unlink()  # only guide links it
    (root / "docs" / "files" / "manual.pdf").write_bytes(b"%PDF manual, second edition")
    assert "1 written, 1 unchanged" in run(root, "build")[1]
    assert (root / "build" / "de" / "files" / "manual.pdf").read_bytes() == b"%PDF manual, second edition"


@pytest.mark.parametrize(
    ("markdown", "placed"),
    [
        ("![a](<images/my cat.png>)\n", "images/my cat.png"),
        ("![a](images/cat%20(1).png)\n", "images/cat (1).png"),
        ("![a][d]\n\n[d]:\n  images/cat.png 'A cat'\n", "images/cat.png"),
        ('<p><img src="images/cat.png" alt="a"></p>\n', "images/cat.png"),
        ("[the manual](files/manual.pdf?download=1#page=2)\n", "files/manual.pdf"),
        ("[the manual](files/\\_manual.pdf)\n", "files/_manual.pdf"),
    ],
)
def test_every_way_of_writing_a_link_places_its_file(tmp_path: Path, markdown: str, placed: str) -> None:
    root = make_project(tmp_path, None)
    (root / "docs" / placed).write_bytes(b"linked")
    (root / "docs" / "guide.md").write_text(f"# Guide\n\n{markdown}", encoding="utf-8")
    assert run(root, "extract")[0] == 0
    assert run(root, "build")[0] == 0
    assert (root / "build" / "de" / placed).read_bytes() == b"linked"


def test_the_run_record_knows_the_placed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, None)
    assert run(root, "build")[0] == 0
    built: list[str] = []
    real = batch._build_one

    def counting(job: batch.BuildJob, shared: object = None) -> object:
        built.append(job.name)
        return real(job, shared)

    monkeypatch.setattr(batch, "_build_one", counting)
    assert run(root, "build", "-j", "1")[0] == 0
    assert built == []  # everything fresh: not even read
    (root / "build" / "de" / "images" / "dog.png").unlink()
    assert run(root, "build", "-j", "1")[0] == 0
    assert built == ["faq"]
    assert (root / "build" / "de" / "images" / "dog.png").is_file()


def test_markdown_output_text_is_never_rewritten_for_the_files_it_links(tmp_path: Path) -> None:
    root = make_project(tmp_path, "docusaurus")
    assert run(root, "build")[0] == 0
    current = root / "i18n" / "de" / "docusaurus-plugin-content-docs" / "current"
    assert (current / "guide.md").read_bytes() == GUIDE.encode()
    assert (current / "images" / "cat.png").read_bytes() == b"\x89PNG cat"
    assert (current / "files" / "manual.pdf").read_bytes() == b"%PDF manual"


def test_outside_the_build_folder_a_translated_file_already_there_is_kept(tmp_path: Path) -> None:
    root = make_project(tmp_path, "docusaurus")
    current = root / "i18n" / "de" / "docusaurus-plugin-content-docs" / "current"
    (current / "images").mkdir(parents=True)
    (current / "images" / "cat.png").write_bytes(b"\x89PNG Katze")  # the German screenshot
    assert run(root, "build")[0] == 0
    assert (current / "images" / "cat.png").read_bytes() == b"\x89PNG Katze"
    assert (current / "images" / "dog.png").read_bytes() == b"\x89PNG dog"


def test_a_pattern_with_the_tag_for_regional_languages(tmp_path: Path) -> None:
    root = make_project(tmp_path, "site/{tag}/{article}.md")
    text = (root / "pyproject.toml").read_text(encoding="utf-8") + 'languages = ["pt-BR"]\n'
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    assert run(root, "extract")[0] == 0
    assert run(root, "build")[0] == 0
    assert (root / "site" / "pt-BR" / "guide.md").read_bytes() == GUIDE.encode()
    assert (root / "site" / "pt-BR" / "images" / "cat.png").is_file()
    assert (root / "locale" / "pt_BR" / "LC_MESSAGES" / "guide.po").is_file()


# -- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "says"),
    [
        ("flat", "output: 'flat' is no preset"),
        ("{articles}/{article}.md", "names neither {language} nor {tag}"),
        ("../{language}/{article}.md", "reaches outside the project"),
        ("locale/{language}/{article}.md", "puts the outputs among the catalogs in locale/"),
    ],
)
def test_a_bad_output_setting_is_one_line_naming_its_line_and_nothing_is_written(
    tmp_path: Path, output: str, says: str
) -> None:
    root = make_project(tmp_path, None)
    (root / "pyproject.toml").write_text(
        f'[tool.localize]\narticles = "docs"\n\noutput = "{output}"\n', encoding="utf-8"
    )
    before = snapshot(root)
    for command in ("build", "extract"):
        code, out, err = run(root, command)
        one_line_error(code, err, "pyproject.toml:4: [tool.localize] output: ")
        assert says in err
    assert snapshot(root) == before


def test_outside_the_build_folder_only_target_languages_are_built(tmp_path: Path) -> None:
    root = make_project(tmp_path, "suffix")
    before = snapshot(root)
    code, _, err = run(root, "build", "-l", "fr")
    one_line_error(code, err, "pyproject.toml:3: [tool.localize] languages: 'fr' is not a target language")
    assert snapshot(root) == before
    folders = make_project(tmp_path / "folders", None)
    assert run(folders, "build", "-l", "fr")[0] == 0  # in build/fr/, as ever
    assert (folders / "build" / "fr" / "guide.md").read_bytes() == GUIDE.encode()


def test_an_output_setting_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "localize.toml").write_text('articles = "docs"\noutput = ["suffix"]\n', encoding="utf-8")
    code, _, err = run(tmp_path, "build")
    one_line_error(code, err, "localize.toml:2: output has the wrong type")


def test_two_outputs_in_one_file_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    root = tmp_path
    (root / "docs").mkdir()
    (root / "docs" / "x.md").write_text("# X\n", encoding="utf-8")
    (root / "docs" / "AT_x.md").write_text("# Y\n", encoding="utf-8")
    (root / "localize.toml").write_text(
        'articles = "docs"\nlanguages = ["de", "de-AT"]\noutput = "{build}/{language}_{article}.md"\n', encoding="utf-8"
    )
    assert run(root, "extract")[0] == 0
    before = snapshot(root)
    code, _, err = run(root, "build")
    one_line_error(code, err, "localize.toml:3: output: '{build}/{language}_{article}.md' gives build/de_AT_x.md for")
    assert {k for k in snapshot(root) if not k.startswith("build/.cache")} == {
        k for k in before if not k.startswith("build/.cache")
    }
    assert not list((root / "build").glob("*.md"))


def test_a_suffix_output_linked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", "suffix")
    outside = tmp_path / "elsewhere.md"
    outside.write_text("keep\n", encoding="utf-8")
    (root / "docs" / "guide.de.md").symlink_to(outside)
    translate(root)
    code, _, err = run(root, "build")
    one_line_error(
        code, err, "docs/guide.de.md: leads outside the project's locale/ and build/ folders and its outputs"
    )
    assert outside.read_text(encoding="utf-8") == "keep\n"
    assert not (root / "docs" / "faq.de.md").exists()


def test_an_output_linked_onto_its_english_article_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path, "suffix")
    (root / "docs" / "guide.de.md").symlink_to(root / "docs" / "guide.md")
    translate(root)
    code, _, err = run(root, "build")
    one_line_error(code, err, "docs/guide.de.md: leads outside")
    assert (root / "docs" / "guide.md").read_text(encoding="utf-8") == GUIDE


def test_a_linked_docusaurus_folder_is_refused_for_the_files_placed_in_it(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", "docusaurus")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "images").mkdir(parents=True)
    current = root / "i18n" / "de" / "docusaurus-plugin-content-docs" / "current"
    current.mkdir(parents=True)
    (current / "images").symlink_to(elsewhere / "images", target_is_directory=True)
    code, _, err = run(root, "build")
    assert code == 2 and "leads outside" in err
    assert not list((elsewhere / "images").iterdir())
    assert not (current / "guide.md").exists()


def test_writes_may_land_at_outputs_and_beside_them_but_nowhere_else(tmp_path: Path) -> None:
    root = make_project(tmp_path, "docusaurus")
    config = load(root)
    current = root / "i18n" / "de" / "docusaurus-plugin-content-docs" / "current"
    files.ensure_writable(config, current / "guide.md")
    files.ensure_writable(config, current / "images" / "cat.png")
    for refused in (root / "docs" / "guide.md", root / "i18n" / "de" / "x.md", root / "README.md"):
        with pytest.raises(LocalizeError, match="leads outside"):
            files.ensure_writable(config, refused)
    suffix = load(make_project(tmp_path / "suffix", "suffix"))
    files.ensure_writable(suffix, suffix.root / "docs" / "guide.de.md")
    for refused in (suffix.root / "docs" / "guide.md", suffix.root / "docs" / "images" / "cat.png"):
        with pytest.raises(LocalizeError, match="leads outside"):
            files.ensure_writable(suffix, refused)


def test_prune_removes_the_suffix_outputs_of_a_deleted_article(tmp_path: Path) -> None:
    root = make_project(tmp_path, "suffix")
    assert run(root, "build")[0] == 0
    (root / "docs" / "faq.md").unlink()
    code, out, err = run(root, "extract", "--prune")
    assert code == 0, err
    assert not (root / "docs" / "faq.de.md").exists()
    assert (root / "docs" / "guide.de.md").exists() and (root / "docs" / "guide.md").exists()

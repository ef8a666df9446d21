"""tools/stamp_notebooks.py: badges and the Colab setup cell follow the repository address, idempotently."""

import pathlib
import re
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = pathlib.Path(__file__).parent.parent
sys.path.insert(0, str(REPO / "tools"))
import stamp_notebooks  # noqa: E402

URL, FORK = "https://github.com/from-odds-to-crossentropyloss/course", "https://github.com/someone/fork"
PATH = "notebooks/99_example.ipynb"


def example():
    cells = [
        new_markdown_cell("# 99 · Example"),
        new_markdown_cell("## Learning objectives"),
        new_code_cell("# Setup\nfrom course_utils import odds", execution_count=1),
        new_markdown_cell("Text"),
    ]
    for i, cell in enumerate(cells):
        cell.id, cell.metadata = f"c{i:02d}", {"slideshow": {"slide_type": "slide"}}
    return new_notebook(cells=cells)


def test_badges_follow_the_title_and_the_setup_cell_comes_before_the_first_code_cell():
    stamped = stamp_notebooks.stamped_notebook(example(), URL, PATH)
    ids = [cell.id for cell in stamped.cells]
    assert ids == ["c00", stamp_notebooks.BADGES_ID, "c01", stamp_notebooks.SETUP_ID, "c02", "c03"]
    badges, setup = stamped.cells[1], stamped.cells[3]
    assert (
        f"https://colab.research.google.com/github/from-odds-to-crossentropyloss/course/blob/main/{PATH}"
        in badges.source
    )
    assert "https://mybinder.org/v2/gh/from-odds-to-crossentropyloss/course/main?urlpath=lab%2Ftree%2F" in badges.source
    assert setup.source == stamp_notebooks.setup_source(f"course-utils @ git+{URL}@main")
    assert badges.metadata == setup.metadata == {"slideshow": {"slide_type": "skip"}}
    assert setup.outputs == [] and setup.execution_count is None  # a new cell: re-run the notebook


def test_stamping_twice_changes_nothing_and_a_new_address_rewrites_every_link():
    stamped = stamp_notebooks.stamped_notebook(example(), URL, PATH)
    stamped.cells[3].execution_count = 1  # as after `make outputs`
    assert nbformat.writes(stamp_notebooks.stamped_notebook(stamped, URL, PATH)) == nbformat.writes(stamped)
    moved = stamp_notebooks.stamped_notebook(stamped, FORK, PATH)
    text = nbformat.writes(moved)
    assert "from-odds-to-crossentropyloss" not in text
    assert text.count("someone/fork") == 3  # Colab badge, Binder badge, setup cell
    assert [cell.id for cell in moved.cells] == [cell.id for cell in stamped.cells]
    assert moved.cells[3].execution_count == 1, "a rewritten setup cell keeps its place in the run order"
    assert nbformat.writes(stamp_notebooks.stamped_notebook(moved, FORK, PATH)) == text


def test_readme_gets_one_badge_line_after_its_title():
    readme = "# From odds to CrossEntropyLoss\n\nAn interactive course.\n"
    stamped = stamp_notebooks.stamped_readme(readme, URL)
    lines = stamped.split("\n")
    assert lines[0] == "# From odds to CrossEntropyLoss" and lines[1] == "" and lines[3:] == readme.split("\n")[1:]
    assert "mybinder.org/v2/gh/from-odds-to-crossentropyloss/course/main" in lines[2]
    assert stamp_notebooks.stamped_readme(stamped, URL) == stamped
    assert stamp_notebooks.stamped_readme(stamped, FORK).count("someone/fork") == 2


def test_nbgitpuller_link_clones_the_repository_and_opens_the_first_notebook():
    link = stamp_notebooks.nbgitpuller_url(URL, "https://hub.example.edu/")
    assert link == (
        "https://hub.example.edu/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2Ffrom-odds-to-crossentropyloss%2Fcourse&branch=main"
        "&urlpath=lab%2Ftree%2Fcourse%2Fnotebooks%2F00_start_here.ipynb"
    )


def test_a_readme_badge_line_below_a_subtitle_is_rewritten_not_doubled():
    """The badge line is found among the README's first lines, not only right under the title."""
    readme = "# From odds to CrossEntropyLoss\n*An interactive course*\n\nText.\n"
    old_badges = stamp_notebooks.badges(FORK, stamp_notebooks.FIRST_NOTEBOOK)
    moved = readme.replace("*\n\n", f"*\n\n{old_badges}\n\n")  # the badge line is line index 3
    stamped = stamp_notebooks.stamped_readme(moved, URL)
    assert stamped.count(stamp_notebooks.COLAB_BADGE) == 1 and "someone/fork" not in stamped
    assert stamped.split("\n")[3] == stamp_notebooks.badges(URL, stamp_notebooks.FIRST_NOTEBOOK)
    assert stamp_notebooks.stamped_readme(stamped, URL) == stamped


def test_only_notebooks_and_the_readme_are_stamped(tmp_path):
    readme, other = tmp_path / "README.md", tmp_path / "INSTRUCTORS.md"
    for path in (readme, other):
        path.write_text("# Title\n\nText.\n", encoding="utf-8")
    with pytest.raises(
        SystemExit,
        match=re.escape(
            f"must be notebooks (.ipynb) or the course's README.md ({readme}) or README.ko.md; got {other}."
        ),
    ):
        stamp_notebooks.stamp([readme, other], URL, check=False, readme=readme)
    assert readme.read_text(encoding="utf-8") == "# Title\n\nText.\n", "nothing is written before the refusal"
    assert stamp_notebooks.stamp([readme], URL, check=False, readme=readme) == [readme]
    assert readme.read_text(encoding="utf-8").count(stamp_notebooks.COLAB_BADGE) == 1
    with pytest.raises(SystemExit, match="got docs/INSTRUCTORS.md"):
        stamp_notebooks.main(["--check", "docs/INSTRUCTORS.md"])


def test_the_korean_edition_gets_its_own_links_and_korean_setup_comments():
    korean = stamp_notebooks.stamped_notebook(example(), URL, "notebooks/ko/03_softmax.ipynb")
    cells = {cell.get("id"): cell for cell in korean.cells}
    assert "notebooks/ko/03_softmax.ipynb" in cells[stamp_notebooks.BADGES_ID].source
    assert "notebooks%2Fko%2F03_softmax.ipynb" in cells[stamp_notebooks.BADGES_ID].source
    english_setup = stamp_notebooks.setup_source(f"course-utils @ git+{URL}@main")
    korean_setup = cells[stamp_notebooks.SETUP_ID].source
    assert korean_setup.startswith("# Google Colab에서만") and korean_setup != english_setup
    code = [line for line in english_setup.splitlines() if not line.startswith("#")]
    assert [line for line in korean_setup.splitlines() if not line.startswith("#")] == code


def test_the_korean_readme_badges_open_the_korean_first_notebook():
    stamped = stamp_notebooks.stamped_readme("# 제목\n\n본문.\n", URL, stamp_notebooks.KOREAN_FIRST_NOTEBOOK)
    assert stamped.split("\n")[2] == stamp_notebooks.badges(URL, "notebooks/ko/00_start_here.ipynb")

"""House rules every notebook must keep: what nbval alone does not check."""

import json
import pathlib
import re
import sys

import pytest

REPO = pathlib.Path(__file__).parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
sys.path.insert(0, str(REPO / "tools"))
import stamp_notebooks  # noqa: E402


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_notebooks_exist():
    assert [p.name for p in NOTEBOOKS][:1] == ["00_start_here.ipynb"]
    assert all(re.fullmatch(r"\d\d_[a-z_]+\.ipynb", p.name) for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_anatomy_and_slides(path):
    cells = load(path)["cells"]
    assert cells[0]["cell_type"] == "markdown" and cells[0]["source"][0].startswith("# ")
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown").lower()
    for heading in ("## learning objectives", "## summary", "## further reading"):
        assert heading in markdown, f"{path.name} lacks '{heading}'"
    missing = [i for i, c in enumerate(cells) if "slide_type" not in c["metadata"].get("slideshow", {})]
    assert not missing, f"{path.name}: cells {missing} have no slide_type"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_outputs_are_clean(path):
    code = [c for c in load(path)["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{path.name}: re-run top to bottom on a fresh kernel"
    for i, cell in enumerate(code):
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"{path.name}: code cell {i} has an error"
            assert output.get("name") != "stderr", f"{path.name}: code cell {i} writes to stderr"
            text = json.dumps(output.get("data", {})) + "".join(output.get("text", ""))
            assert not re.search(r"/(tmp|root|home|work|Users)/|0x[0-9a-f]{6,}", text), \
                f"{path.name}: code cell {i} shows a machine path or memory address"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_colab_badge_then_colab_setup_cell_then_setup_cell(path):
    """The title, then the badges; the first code cell is the Colab setup cell, the second the course setup."""
    cells = load(path)["cells"]
    assert cells[1]["id"] == stamp_notebooks.BADGES_ID, f"{path.name}: run `make stamp`"
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code[0]["id"] == stamp_notebooks.SETUP_ID, f"{path.name}: run `make stamp`"
    assert code[0]["outputs"] == [], f"{path.name}: the Colab setup cell must print nothing outside Colab"
    setup = "".join(code[1]["source"])
    assert setup.startswith("# Setup") and "from course_utils" in setup, \
        f"{path.name}: the second code cell must be the setup cell (imports from course_utils, seeds)"
    skipped = [c["id"] for c in (cells[1], code[0], code[1]) if c["metadata"]["slideshow"]["slide_type"] != "skip"]
    assert not skipped, f"{path.name}: cells {skipped} must have slide_type 'skip'"


@pytest.mark.parametrize("path", [*NOTEBOOKS, REPO / "README.md"], ids=lambda p: p.name)
def test_stamped_with_the_repository_address(path):
    """`python tools/stamp_notebooks.py --check` has nothing to change: badges and setup cell are current."""
    assert not stamp_notebooks.stamp([path], stamp_notebooks.repository_url(), check=True), \
        f"{path.name} is not stamped with the repository address in pyproject.toml: run `make stamp`"

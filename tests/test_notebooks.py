"""House rules every notebook must keep: what nbval alone does not check."""

import json
import pathlib
import re

import pytest

NOTEBOOKS = sorted((pathlib.Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


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

"""House rules every notebook of both editions must keep: what nbval alone does not check."""

import ast
import json
import pathlib
import re
import sys

import pytest

REPO = pathlib.Path(__file__).parent.parent
sys.path.insert(0, str(REPO / "tools"))
import slide_report  # noqa: E402
import stamp_notebooks  # noqa: E402

NOTEBOOKS = stamp_notebooks.every_notebook()
ENGLISH = sorted((REPO / "notebooks").glob("*.ipynb"))


def name(path):
    """The notebook's path under notebooks/: 01_odds.ipynb, ko/01_odds.ipynb."""
    return path.relative_to(REPO / "notebooks").as_posix()


# A guard cell checks the claims of the cells before it, for nbval; it opens with this comment (in Korean, "# 확인").
GUARD_HEADERS = ("# Check", "# 확인")
SETUP_HEADERS = ("# Setup", "# 준비")


def name_or_readme(path):
    return path.name if path.suffix == ".md" else name(path)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_notebooks_exist():
    assert [p.name for p in ENGLISH][:1] == ["00_start_here.ipynb"]
    assert all(re.fullmatch(r"\d\d_[a-z_]+\.ipynb", p.name) for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_anatomy_and_slides(path):
    cells = load(path)["cells"]
    assert cells[0]["cell_type"] == "markdown" and cells[0]["source"][0].startswith("# ")
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown").lower()
    # The Korean twins' headings carry the English name too: "## 요약 · Summary".
    for heading in ("learning objectives", "summary", "further reading"):
        assert re.search(rf"^## (.* · )?{heading}$", markdown, re.MULTILINE), f"{path.name} lacks '## {heading}'"
    missing = [i for i, c in enumerate(cells) if "slide_type" not in c["metadata"].get("slideshow", {})]
    assert not missing, f"{path.name}: cells {missing} have no slide_type"
    # Live, in jupyterlab-rise, as in the static decks: titles at the top; and a slide may scroll, since a live
    # figure's sliders and readout make its slide taller than its still PNG does.
    assert load(path)["metadata"].get("rise") == {"center": False, "scroll": True}, (
        f'{path.name}: notebook metadata needs "rise": {{"center": false, "scroll": true}}'
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_committed_outputs_are_clean(path):
    code = [c for c in load(path)["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{path.name}: re-run top to bottom on a fresh kernel"
    for i, cell in enumerate(code):
        streams = [
            (a.get("name"), b.get("name"))
            for a, b in zip(cell["outputs"], cell["outputs"][1:])
            if a["output_type"] == b["output_type"] == "stream"
        ]
        assert all(a != b for a, b in streams), (
            f"{path.name}: code cell {i} prints as two outputs (a split flush): re-run it with `make outputs`"
        )
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"{path.name}: code cell {i} has an error"
            assert output.get("name") != "stderr", f"{path.name}: code cell {i} writes to stderr"
            text = json.dumps(output.get("data", {})) + "".join(output.get("text", ""))
            assert not re.search(r"/(tmp|root|home|work|Users)/|0x[0-9a-f]{6,}", text), (
                f"{path.name}: code cell {i} shows a machine path or memory address"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_no_widget_state_is_saved_and_every_figure_has_its_still_png(path):
    """Saved widget state was 34-43 % of each notebook's bytes and showed nothing the still PNG does not; without
    it a plain `jupyter nbconvert --to html` shows the PNG too (tests/test_exports.py)."""
    notebook = load(path)
    assert "widgets" not in notebook["metadata"], f"{path.name}: run `make outputs`, which saves no widget state"
    views = [
        output
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in output.get("data", {})
    ]
    assert all("image/png" in output["data"] and "text/plain" in output["data"] for output in views)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_colab_badge_then_colab_setup_cell_then_setup_cell(path):
    """The title, then the badges; the first code cell is the Colab setup cell, the second the course setup."""
    cells = load(path)["cells"]
    assert cells[1]["id"] == stamp_notebooks.BADGES_ID, f"{path.name}: run `make stamp`"
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code[0]["id"] == stamp_notebooks.SETUP_ID, f"{path.name}: run `make stamp`"
    assert code[0]["outputs"] == [], f"{path.name}: the Colab setup cell must print nothing outside Colab"
    setup = "".join(code[1]["source"])
    assert setup.startswith(SETUP_HEADERS) and "from course_utils" in setup, (
        f"{path.name}: the second code cell must be the setup cell (imports from course_utils, seeds)"
    )
    skipped = [c["id"] for c in (cells[1], code[0], code[1]) if c["metadata"]["slideshow"]["slide_type"] != "skip"]
    assert not skipped, f"{path.name}: cells {skipped} must have slide_type 'skip'"


@pytest.mark.parametrize("path", [*NOTEBOOKS, REPO / "README.md", REPO / "README.ko.md"], ids=name_or_readme)
def test_stamped_with_the_repository_address(path):
    """`python tools/stamp_notebooks.py --check` has nothing to change: badges and setup cell are current."""
    assert not stamp_notebooks.stamp([path], stamp_notebooks.repository_url(), check=True), (
        f"{path.name} is not stamped with the repository address in pyproject.toml: run `make stamp`"
    )


def slide_type(cell):
    return cell["metadata"]["slideshow"]["slide_type"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_guards_stay_out_of_the_readers_path_and_off_the_slides(path):
    """Asserts and np.testing/torch.testing calls live only in guard cells: they open with "# Check", print
    nothing, are collapsed (jupyter.source_hidden) and skipped in the decks. Every other code cell holds none."""
    guards = 0
    for index, cell in enumerate(load(path)["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        where = f"{path.name} cell {index} ({source.splitlines()[0] if source else 'empty'!r})"
        if source.startswith(GUARD_HEADERS):
            guards += 1
            assert slide_report.TEST_CODE.search(source), f"{where}: a guard cell that checks nothing"
            assert slide_type(cell) == "skip", f"{where}: a guard cell must have slide_type 'skip'"
            assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True, (
                f"{where}: a guard cell must be collapsed (metadata jupyter.source_hidden: true)"
            )
            assert cell["outputs"] == [], f"{where}: a guard cell must print nothing"
        else:
            match = slide_report.TEST_CODE.search(source)
            assert not match, f"{where}: {match.group(0).strip()!r} belongs in a guard cell ('{GUARD_HEADERS[0]} ...')"
    assert guards, f"{path.name}: no guard cells, so no claim of the notebook is checked"


def stated_minutes(text):
    """Each notebook's time as a table row `| `NN_topic` | ... | T min |` states it, by notebook name."""
    return {row[0]: int(row[1]) for row in re.findall(r"^\| `(\d\d_[a-z_]+)` \|.*\| (\d+)\s?min \|$", text, re.M)}


def test_every_notebook_states_one_time_within_the_limit():
    """The README's table, 00's map and each notebook's own "About N minutes" give one time per notebook, measured
    by cold reads, and none is over 90 minutes (one sitting)."""
    readme = stated_minutes((REPO / "README.md").read_text(encoding="utf-8"))
    the_map = stated_minutes(
        "\n".join("".join(c["source"]) for c in load(ENGLISH[0])["cells"] if c["cell_type"] == "markdown")
    )
    names = [path.stem for path in ENGLISH]
    assert list(readme) == names and list(the_map) == names, "every notebook has a row, in order"
    assert readme == the_map == stated_minutes((REPO / "README.ko.md").read_text(encoding="utf-8"))
    for path in ENGLISH:
        own = re.findall(r"About (\d+) minutes", json.dumps(load(path)["cells"]))
        assert own and {int(n) for n in own} == {readme[path.stem]}, f"{path.name} states its own time: {own}"
    assert max(readme.values()) <= 90


def top_level_names(source):
    """The names a cell's code binds outside its functions and classes (assignments and for-loop targets)."""
    names = set()
    for statement in ast.parse(source).body:
        if isinstance(statement, (ast.FunctionDef, ast.ClassDef)):
            continue
        for node in ast.walk(statement):
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For)):
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def test_notebook_02_leaves_no_global_w_or_b():
    """Exercise 3 of notebook 02 sets w = 1.5 in its question; a `w` or `b` left by an earlier cell would make a
    slip look right. Only what the cells bind outside their functions counts."""
    assert top_level_names("w, b = 1.5, -4\nfor w in range(3):\n    pass") == {"w", "b"}
    assert top_level_names("def f(w):\n    b = w\n    return b") == set()
    cells = load(REPO / "notebooks" / "02_logit.ipynb")["cells"]
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and not source.startswith("%"):
            assert not top_level_names(source) & {"w", "b"}, f"{cell['id']} binds w or b"

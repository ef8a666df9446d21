"""Where widgets are not live (HTML export, slides), every interactive figure shows its PNG snapshot."""

import pathlib

import nbformat
import pytest
from nbconvert import HTMLExporter

NOTEBOOKS = sorted((pathlib.Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def widget_outputs(notebook):
    return [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if WIDGET_VIEW in output.get("data", {})
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_static_export_shows_every_figure_snapshot(path):
    notebook = nbformat.read(path, as_version=4)
    figures = widget_outputs(notebook)
    assert all("image/png" in output.data for output in figures), "a widget output lacks its PNG snapshot"
    html, _ = HTMLExporter().from_notebook_node(notebook)  # `jupyter nbconvert --to html`, no options
    for output in figures:
        assert output.data["image/png"][:200] in html
    assert f'type="{WIDGET_VIEW}"' not in html

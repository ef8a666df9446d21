"""Where widgets are not live (HTML export, slides), every interactive figure shows its PNG snapshot."""

import json
import pathlib

import nbformat
import pytest
from nbconvert import HTMLExporter

NOTEBOOKS = sorted((pathlib.Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def widget_outputs(notebook):
    return [output for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.outputs if WIDGET_VIEW in output.get("data", {})]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_static_export_shows_every_figure_snapshot(path):
    notebook = nbformat.read(path, as_version=4)
    figures = widget_outputs(notebook)
    assert all("image/png" in output.data for output in figures), "a widget output lacks its PNG snapshot"
    exporter = HTMLExporter()
    exporter.register_preprocessor("nbconvert.preprocessors.ClearMetadataPreprocessor", enabled=True)
    html, _ = exporter.from_notebook_node(notebook)
    for output in figures:
        assert output.data["image/png"][:200] in html
    assert f'type="{WIDGET_VIEW}"' not in html


def test_executed_notebooks_keep_widget_state_for_jupyterlab():
    for path in NOTEBOOKS:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        if widget_outputs(nbformat.from_dict(notebook)):
            assert notebook["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]

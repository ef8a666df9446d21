"""Build the course site: every notebook as a page to read without a kernel, and an index.

    python tools/build_site.py                 # build/site/
    python tools/build_site.py --output DIR

Each notebook becomes NN_topic.html (nbconvert's HTML exporter, template site/templates/course_site): its prose,
maths, code and committed outputs, each interactive figure as the still PNG saved with it (its readout as alt
text), the collapsed check cells behind a "Check" summary, and links to the index and to the previous and next
notebooks. index.html holds the map of the course and the table of notebooks with their times, both taken from
README.md. MathJax 2.7.9 (pinned in slides/package-lock.json, fetched by npm once) is copied into assets/, and
every address is relative, so the folder works from any disk with no network, and as it is on GitHub Pages.
"""

import argparse
import html
import pathlib
import re
import shutil
import sys

import nbformat
from nbconvert import HTMLExporter
from stamp_notebooks import BADGES_ID, SETUP_ID, binder_url, colab_url, repository_url
from traitlets.config import Config
from web_assets import MATHJAX, NPM_DIR, copy_assets, npm_packages

ROOT = pathlib.Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
TITLE = "From odds to CrossEntropyLoss"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MATHJAX_URL = "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
# The README's table of notebooks: | `NN_topic` | what it teaches | time |
README_ROW = re.compile(r"^\| `(?P<stem>\d\d_\w+)` \| (?P<teaches>.+?) \| (?P<time>[^|]+?) \|$", re.MULTILINE)


def exporter():
    config = Config()
    config.HTMLExporter.extra_template_basedirs = [str(SITE / "templates")]
    config.HTMLExporter.template_name = "course_site"
    config.HTMLExporter.mathjax_url = MATHJAX_URL
    # No "In [3]:" prompts: a reader has nothing to run.
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    return HTMLExporter(config=config)


def title_of(notebook):
    """The notebook's first heading, "01 · Odds"."""
    first = notebook.cells[0].source.splitlines()[0]
    return first.lstrip("# ").strip()


def for_reading(notebook):
    """The notebook as the site shows it: no badges or Colab setup cell (the page header links Colab and Binder
    itself) and no widget views, so that each figure is its still PNG."""
    notebook = nbformat.from_dict(notebook)
    notebook.cells = [cell for cell in notebook.cells if cell.get("id") not in (BADGES_ID, SETUP_ID)]
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    return notebook


def notebook_rows(readme_text):
    """The README's table of notebooks: (stem, what it teaches, time) per row."""
    return [(row["stem"], row["teaches"], row["time"]) for row in README_ROW.finditer(readme_text)]


def inline_markdown(text):
    """The README table's cell as HTML: its `code` spans, escaped."""
    parts = html.escape(text).split("`")
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


def index_page(readme_text, titles):
    """index.html: what the course is, its chain of ideas and every notebook with what it teaches and its time."""
    chain = readme_text.split("```", 1)[0].split("\n\n    ", 1)[1].split("\n\n", 1)[0]
    rows = "\n".join(
        f'<tr><td><a href="{stem}.html">{html.escape(titles[stem])}</a></td>'
        f"<td>{inline_markdown(teaches)}</td><td>{html.escape(time)}</td></tr>"
        for stem, teaches, time in notebook_rows(readme_text)
        if stem in titles
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{TITLE}</title>
<link rel="stylesheet" href="site.css">
</head>
<body class="course-index">
<main>
<h1>{TITLE}</h1>
<p>An interactive course on one chain of ideas, derived step by step:</p>
<pre class="course-map">{html.escape(chain)}</pre>
<p>Each page below is a notebook of the course with its figures and outputs, to read without running anything.
To move the sliders and do the exercises, open a notebook in Colab or Binder from its page, or run
<code>make lab</code> in a clone of the course.</p>
<table class="course-notebooks">
<thead><tr><th>Notebook</th><th>What it teaches</th><th>Time</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""


def build(notebooks, output, npm_dir=NPM_DIR):
    """Write the site into `output`; return the paths of its pages, the index first."""
    output.mkdir(parents=True, exist_ok=True)
    copy_assets(npm_packages(npm_dir), {"mathjax": MATHJAX}, output / "assets")
    shutil.copy2(SITE / "site.css", output / "site.css")
    url = repository_url()
    read = {path.stem: nbformat.read(path, as_version=4) for path in notebooks}
    titles = {stem: title_of(notebook) for stem, notebook in read.items()}
    stems = list(read)
    pages = [output / "index.html"]
    pages[0].write_text(index_page((ROOT / "README.md").read_text(encoding="utf-8"), titles), encoding="utf-8")
    html_exporter = exporter()
    for i, (stem, notebook) in enumerate(read.items()):
        neighbours = {
            name: {"href": f"{stems[j]}.html", "title": titles[stems[j]]}
            for name, j in (("previous", i - 1), ("next", i + 1))
            if 0 <= j < len(stems)
        }
        path = f"notebooks/{stem}.ipynb"
        resources = {
            "metadata": {"name": titles[stem]},
            "site": {**neighbours, "colab": colab_url(url, path), "binder": binder_url(url, path)},
        }
        body, _ = html_exporter.from_notebook_node(for_reading(notebook), resources=resources)
        page = output / f"{stem}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
    return pages


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--output", type=pathlib.Path, default=ROOT / "build" / "site", help="folder for the site (default: build/site)"
    )
    args = parser.parse_args(argv)
    pages = build(sorted((ROOT / "notebooks").glob("*.ipynb")), args.output)
    print(f"{len(pages)} pages in {args.output}: open {args.output / 'index.html'} in a browser")
    return 0


if __name__ == "__main__":
    sys.exit(main())

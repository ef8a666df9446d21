"""Build the course site: every notebook as a page to read without a kernel, and an index.

    python tools/build_site.py                 # build/site/
    python tools/build_site.py --output DIR

Both editions are built: the English notebooks (notebooks/) as NN_topic.html with index.html from README.md, the
Korean ones (notebooks/ko/) as NN_topic.ko.html with index.ko.html from README.ko.md; each index links the other.

Each notebook becomes NN_topic.html (nbconvert's HTML exporter, template site/templates/course_site): its prose,
maths, code and committed outputs, each interactive figure as the still PNG saved with it (its readout as alt
text), the collapsed check cells behind a "Check" summary, and links to the index and to the previous and next
notebooks. index.html holds the map of the course and the table of notebooks with their times, both taken from
README.md. MathJax 2.7.9 and the Korean font (pinned in slides/package-lock.json, fetched by npm once) are copied
into assets/, and every address is relative, so the folder works from any disk with no network, and as it is on
GitHub Pages.
"""

import argparse
import html
import pathlib
import re
import shutil
import sys
from dataclasses import dataclass

import nbformat
from nbconvert import HTMLExporter
from stamp_notebooks import BADGES_ID, SETUP_ID, binder_url, colab_url, every_notebook, repository_url
from traitlets.config import Config
from web_assets import FONT_LISTS, KOREAN_FONT_ASSETS, KOREAN_FONT_CSS, MATHJAX, NPM_DIR, copy_assets, npm_packages

ROOT = pathlib.Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MATHJAX_URL = "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
# The README's table of notebooks: | `NN_topic` | what it teaches | time |
README_ROW = re.compile(r"^\| `(?P<stem>\d\d_\w+)` \| (?P<teaches>.+?) \| (?P<time>[^|]+?) \|$", re.MULTILINE)


@dataclass(frozen=True)
class Edition:
    """One language of the course: where its notebooks and README are, how its pages are named, its words."""

    language: str
    notebooks: pathlib.Path
    readme: pathlib.Path
    suffix: str  # "" for NN_topic.html and index.html, ".ko" for NN_topic.ko.html and index.ko.html
    words: dict

    def page(self, stem):
        return f"{stem}{self.suffix}.html"

    @property
    def index(self):
        return f"index{self.suffix}.html"


EDITIONS = [
    Edition(
        "en",
        ROOT / "notebooks",
        ROOT / "README.md",
        "",
        {
            "title": "From odds to CrossEntropyLoss",
            "lead": "An interactive course on one chain of ideas, derived step by step:",
            "reading": "Each page below is a notebook of the course with its figures and outputs, to read without "
            "running anything. To move the sliders and do the exercises, open a notebook in Colab or Binder from its "
            "page, or run <code>make lab</code> in a clone of the course.",
            "columns": ("Notebook", "What it teaches", "Time"),
            "all": "All notebooks",
            "run": "Run it and move the sliders:",
            "colab": "Open in Colab",
            "binder": "Launch Binder",
            "clone": "or <code>make lab</code> in a clone.",
            "other": "한국어판 (Korean edition)",
        },
    ),
    Edition(
        "ko",
        ROOT / "notebooks" / "ko",
        ROOT / "README.ko.md",
        ".ko",
        {
            "title": "오즈에서 CrossEntropyLoss까지",
            "lead": "하나로 이어진 개념의 사슬을 한 단계씩 유도해 나가는 인터랙티브 강의입니다:",
            "reading": "아래의 각 페이지는 강의의 노트북 하나를 그림과 출력까지 담은 것으로, 아무것도 실행하지 않고 "
            "읽을 수 있습니다. 슬라이더를 움직이고 연습 문제를 풀려면 페이지에서 Colab이나 Binder로 노트북을 "
            "열거나, 강의 저장소를 clone한 폴더에서 <code>make lab</code>을 실행하세요.",
            "columns": ("노트북", "배우는 것", "시간"),
            "all": "모든 노트북",
            "run": "실행하며 슬라이더를 움직여 보세요:",
            "colab": "Colab에서 열기",
            "binder": "Binder 실행",
            "clone": "또는 clone한 폴더에서 <code>make lab</code>.",
            "other": "English edition (영어판)",
        },
    ),
]


NOTEBOOK_LINK = re.compile(r'href="(?P<folder>\.\./|ko/)?(?P<stem>\d\d_\w+)\.ipynb(?P<anchor>#[^"]*)?"')


def page_links(body, edition):
    """`body` with its links to notebooks (the same edition's NN_topic.ipynb, the other's ko/ or ../) made links to
    their pages."""

    def page(link):
        language = {"ko/": "ko", "../": "en"}.get(link["folder"], edition.language)
        target = next(other for other in EDITIONS if other.language == language)
        return f'href="{target.page(link["stem"])}{link["anchor"] or ""}"'

    return NOTEBOOK_LINK.sub(page, body)


def edition_of(notebook):
    """The edition a notebook belongs to, by its folder."""
    folder = pathlib.Path(notebook).resolve().parent
    return next(edition for edition in EDITIONS if edition.notebooks.resolve() == folder)


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


def index_page(edition, titles, other=None):
    """The edition's index: what the course is, its chain of ideas and every notebook with what it teaches and its
    time, from its README; a link to the `other` edition's index when there is one."""
    readme_text = edition.readme.read_text(encoding="utf-8")
    words = edition.words
    chain = readme_text.split("```", 1)[0].split("\n\n    ", 1)[1].split("\n\n", 1)[0]
    rows = "\n".join(
        f'<tr><td><a href="{edition.page(stem)}">{html.escape(titles[stem])}</a></td>'
        f"<td>{inline_markdown(teaches)}</td><td>{html.escape(time)}</td></tr>"
        for stem, teaches, time in notebook_rows(readme_text)
        if stem in titles
    )
    header = "".join(f"<th>{html.escape(column)}</th>" for column in words["columns"])
    switch = f'<p class="course-edition"><a href="{other.index}">{edition.words["other"]}</a></p>\n' if other else ""
    fonts = f'<link rel="stylesheet" href="assets/{KOREAN_FONT_CSS}">\n'

    return f"""<!DOCTYPE html>
<html lang="{edition.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(words["title"])}</title>
{fonts}<link rel="stylesheet" href="site.css">
</head>
<body class="course-index">
<main>
{switch}<h1>{html.escape(words["title"])}</h1>
<p>{words["lead"]}</p>
<pre class="course-map">{html.escape(chain)}</pre>
<p>{words["reading"]}</p>
<table class="course-notebooks">
<thead><tr>{header}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""


def build(notebooks, output, npm_dir=NPM_DIR):
    """Write the site into `output`, an index and a page per notebook for each edition among `notebooks`; return
    the paths of its pages, each edition's index before its pages."""
    output.mkdir(parents=True, exist_ok=True)
    copy_assets(npm_packages(npm_dir), {"mathjax": MATHJAX, **KOREAN_FONT_ASSETS}, output / "assets")
    shutil.copy2(SITE / "site.css", output / "site.css")
    url = repository_url()
    editions = [edition for edition in EDITIONS if any(edition_of(path) == edition for path in notebooks)]
    pages = []
    html_exporter = exporter()
    for edition in editions:
        read = {path.stem: nbformat.read(path, as_version=4) for path in notebooks if edition_of(path) == edition}
        titles = {stem: title_of(notebook) for stem, notebook in read.items()}
        stems = list(read)
        other = next((other for other in editions if other != edition), None)
        index = output / edition.index
        index.write_text(index_page(edition, titles, other), encoding="utf-8")
        pages.append(index)
        html_exporter.language_code = edition.language
        for i, (stem, notebook) in enumerate(read.items()):
            neighbours = {
                name: {"href": edition.page(stems[j]), "title": titles[stems[j]]}
                for name, j in (("previous", i - 1), ("next", i + 1))
                if 0 <= j < len(stems)
            }
            path = edition.notebooks.relative_to(ROOT).as_posix() + f"/{stem}.ipynb"
            resources = {
                "metadata": {"name": titles[stem]},
                "site": {
                    **neighbours,
                    "index": edition.index,
                    "words": edition.words,
                    "colab": colab_url(url, path),
                    "binder": binder_url(url, path),
                },
                "course_fonts": [f"assets/{KOREAN_FONT_CSS}"],
                "font_css": FONT_LISTS,
            }
            body, _ = html_exporter.from_notebook_node(for_reading(notebook), resources=resources)
            page = output / edition.page(stem)
            page.write_text(page_links(body, edition), encoding="utf-8")
            pages.append(page)
    return pages


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--output", type=pathlib.Path, default=ROOT / "build" / "site", help="folder for the site (default: build/site)"
    )
    args = parser.parse_args(argv)
    pages = build(every_notebook(), args.output)
    print(f"{len(pages)} pages in {args.output}: open {args.output / 'index.html'} in a browser")
    return 0


if __name__ == "__main__":
    sys.exit(main())

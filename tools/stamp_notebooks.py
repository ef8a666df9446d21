"""Stamp the notebooks and the README with the links built from the one repository address.

The address lives in pyproject.toml, [project.urls] Repository. From it this script writes:

- in every notebook, right after the title cell, a markdown cell (id "course-badges", slide_type "skip")
  with an "Open in Colab" and a "launch Binder" badge for that notebook;
- in every notebook, as its first code cell (id "colab-setup", slide_type "skip"), the Colab setup cell:
  in Google Colab it pip-installs course_utils from the repository, anywhere else it does nothing;
- in README.md and README.ko.md, the badge line right after the title (for the first notebook of each edition).

The Korean edition (notebooks/ko/) gets the same cells, with its own paths in the links and the setup cell's
comments in Korean.

    python tools/stamp_notebooks.py                 # stamp both editions and both READMEs (make stamp)
    python tools/stamp_notebooks.py --check         # change nothing; exit 1 listing what is out of date
    python tools/stamp_notebooks.py --links [HUB]   # print the Colab, Binder and nbgitpuller links

Stamping is idempotent: a second run changes nothing, and a changed address rewrites every badge and setup
cell. A setup cell that is rewritten keeps its execution count (it has no output), so executed notebooks stay
valid; a notebook that gains its setup cell must be re-run afterwards (make outputs).
"""

import argparse
import json
import pathlib
import re
import sys
import tomllib
from urllib.parse import quote, urlencode

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
KOREAN_README = ROOT / "README.ko.md"
KOREAN = NOTEBOOKS / "ko"
BRANCH = "main"
BADGES_ID = "course-badges"
SETUP_ID = "colab-setup"
COLAB_BADGE = "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
BINDER_BADGE = "[![Binder](https://mybinder.org/badge_logo.svg)]"
FIRST_NOTEBOOK = "notebooks/00_start_here.ipynb"
KOREAN_FIRST_NOTEBOOK = "notebooks/ko/00_start_here.ipynb"
README_BADGE_LINES = 5  # the README's badge line is looked for among its first lines (title, blank, badges)

SETUP_TEMPLATE = """\
# Google Colab only: install the course's helper package, course_utils, from the course repository.
# It asks only for loose minimum versions, so Colab keeps its own numpy, torch and ipywidgets.
# Anywhere else (JupyterLab, Binder, a hub) course_utils is installed already and this cell does nothing.
import subprocess
import sys

if "google.colab" in sys.modules:
    requirement = {target}
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", requirement], check=True)"""
KOREAN_COMMENTS = """\
# Google Colab에서만 쓰는 셀: 강의 저장소에서 도우미 패키지 course_utils를 설치합니다.
# 최소 버전만 느슨하게 요구하므로 Colab에 있는 numpy, torch, ipywidgets를 그대로 씁니다.
# 다른 곳(JupyterLab, Binder, 허브)에는 이미 설치되어 있으므로 이 셀은 아무 일도 하지 않습니다.
"""


def repository_url(pyproject=ROOT / "pyproject.toml"):
    """The repository address from pyproject.toml's [project.urls] Repository (a GitHub address)."""
    url = tomllib.loads(pathlib.Path(pyproject).read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url) or url.endswith(".git"):
        raise SystemExit(
            f"{pyproject}: [project.urls] Repository must look like "
            f"https://github.com/OWNER/NAME (no .git, no trailing slash); got {url!r}"
        )
    return url


def github_slug(url):
    return url.removeprefix("https://github.com/")


def install_target(url):
    """What the setup cell gives pip: the package built from the repository's branch, as Colab gets it."""
    return f"course-utils @ git+{url}@{BRANCH}"


def setup_source(target, korean=False):
    """The Colab setup cell for a pip requirement `target` (the tests pass a local wheel instead)."""
    code = SETUP_TEMPLATE.format(target=json.dumps(target))
    if korean:
        code = KOREAN_COMMENTS + code.split("\n", 3)[3]
    return code


def colab_url(url, path):
    return f"https://colab.research.google.com/github/{github_slug(url)}/blob/{BRANCH}/{path}"


def binder_url(url, path):
    return f"https://mybinder.org/v2/gh/{github_slug(url)}/{BRANCH}?urlpath={quote(f'lab/tree/{path}', safe='')}"


def nbgitpuller_url(url, hub, path=FIRST_NOTEBOOK):
    """A link that clones (or updates) the repository into a JupyterHub user's home and opens `path`.

    nbgitpuller clones into a folder named after the repository, so JupyterLab's urlpath starts with it.
    """
    folder = github_slug(url).split("/")[1]
    query = urlencode({"repo": url, "branch": BRANCH, "urlpath": f"lab/tree/{folder}/{path}"})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def badges(url, path):
    return f"{COLAB_BADGE}({colab_url(url, path)}) {BINDER_BADGE}({binder_url(url, path)})"


def stamped_notebook(notebook, url, path):
    """The notebook with its badge cell and setup cell in place (a new node; the argument is unchanged)."""
    notebook = nbformat.from_dict(notebook)
    old = {cell.id: cell for cell in notebook.cells if cell.get("id") in (BADGES_ID, SETUP_ID)}
    cells = [cell for cell in notebook.cells if cell.get("id") not in old]
    badge_cell = nbformat.v4.new_markdown_cell(badges(url, path), id=BADGES_ID)
    korean = path.startswith(f"{KOREAN.relative_to(ROOT).as_posix()}/")
    setup = nbformat.v4.new_code_cell(setup_source(install_target(url), korean), id=SETUP_ID)
    if SETUP_ID in old:  # it prints nothing, so its place in the run order is all its execution count says
        setup.execution_count = old[SETUP_ID].execution_count
    for cell in (badge_cell, setup):
        cell.metadata = {"slideshow": {"slide_type": "skip"}}
    first_code = next((i for i, cell in enumerate(cells) if cell.cell_type == "code"), len(cells))
    cells.insert(first_code, setup)
    cells.insert(1, badge_cell)  # right after the title cell
    notebook.cells = cells
    return notebook


def stamped_readme(text, url, first_notebook=FIRST_NOTEBOOK):
    """README text with the badge line (Binder and Colab, for `first_notebook`) right after the title.

    A badge line already among the first README_BADGE_LINES lines is rewritten in place, wherever it sits there,
    so that stamping again never adds a second one.
    """
    line = badges(url, first_notebook)
    lines = text.split("\n")
    old = next((i for i, text_line in enumerate(lines[:README_BADGE_LINES]) if text_line.startswith(COLAB_BADGE)), None)
    if old is not None:
        lines[old] = line
    else:
        lines[1:1] = ["", line]
    return "\n".join(lines)


def check_paths(paths, readme=README):
    """Refuse, before anything is written, a path that is neither a notebook nor one of the course's READMEs."""
    for path in paths:
        if path.suffix != ".ipynb" and path.resolve() not in (readme.resolve(), KOREAN_README.resolve()):
            raise SystemExit(
                f"stamp_notebooks.py: paths must be notebooks (.ipynb) or the course's README.md "
                f"({readme}) or README.ko.md; got {path}. Badges and setup cells go into nothing else."
            )


def stamp(paths, url, check, readme=README):
    """Stamp each path (notebooks, and README.md if given); return the paths that were or would be changed.

    Raises SystemExit, changing nothing, if a path is neither a notebook nor ``readme``.
    """
    check_paths(paths, readme)
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            relative = path.resolve().relative_to(ROOT).as_posix()
            notebook = nbformat.reads(text, as_version=4)
            new = nbformat.writes(stamped_notebook(notebook, url, relative)) + "\n"
        elif path.resolve() == KOREAN_README.resolve():
            new = stamped_readme(text, url, KOREAN_FIRST_NOTEBOOK)
        else:
            new = stamped_readme(text, url)
        if new != text:
            changed.append(path)
            if not check:
                path.write_text(new, encoding="utf-8")
    return changed


def every_notebook():
    """Both editions' notebooks: the English, then the Korean."""
    return [*sorted(NOTEBOOKS.glob("*.ipynb")), *sorted(KOREAN.glob("*.ipynb"))]


def print_links(url, hub):
    for path in every_notebook():
        relative = path.relative_to(ROOT).as_posix()
        print(
            f"{relative.removeprefix('notebooks/')}\n  Colab:  {colab_url(url, relative)}\n"
            f"  Binder: {binder_url(url, relative)}"
        )
        if hub:
            print(f"  Hub:    {nbgitpuller_url(url, hub, relative)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "paths",
        nargs="*",
        type=pathlib.Path,
        help="notebooks and/or READMEs to stamp (default: both editions' notebooks and both READMEs)",
    )
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is out of date")
    parser.add_argument(
        "--links",
        nargs="?",
        const="",
        metavar="HUB",
        help="print each notebook's links (nbgitpuller links too, for a hub address such as https://hub.example.edu)",
    )
    args = parser.parse_args(argv)
    url = repository_url()
    if args.links is not None:
        print_links(url, args.links)
        return 0
    paths = args.paths or [*every_notebook(), README, *([KOREAN_README] if KOREAN_README.exists() else [])]
    changed = stamp(paths, url, args.check)
    for path in changed:
        print(f"{'out of date' if args.check else 'stamped'}: {path.resolve().relative_to(ROOT)}")
    if args.check and changed:
        print("Run `make stamp` (then `make outputs` for notebooks that gained a setup cell).", file=sys.stderr)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())

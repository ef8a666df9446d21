"""The course site (tools/build_site.py): built without a warning, then opened from disk in headless Chromium with
the network off. Every page loads nothing from outside its folder, typesets its maths with the bundled MathJax,
shows every figure of its notebook (loaded, with alt text), and every link between pages leads to a page (and
anchor) that exists; previous and next run through the notebooks of each edition in order, and each edition's
index links the other."""

import json
import pathlib
import shutil
import subprocess
import sys
import urllib.parse

import pytest
from browser_support import MARKDOWN_TEXT_JS, MATHJAX_DONE_JS, RAW_TEX

REPO = pathlib.Path(__file__).parent.parent
sys.path.insert(0, str(REPO / "tools"))
import build_site  # noqa: E402
import stamp_notebooks  # noqa: E402

NOTEBOOKS = stamp_notebooks.every_notebook()  # both editions
EDITIONS = {edition.language: edition for edition in build_site.EDITIONS}


def page_of(notebook):
    return build_site.edition_of(notebook).page(notebook.stem)


def of_edition(edition):
    return [notebook for notebook in NOTEBOOKS if build_site.edition_of(notebook) == edition]


PAGE_JS = """() => ({
    typeset: document.querySelectorAll('.MathJax_CHTML').length,
    mathErrors: [...document.querySelectorAll('.mjx-merror, .MathJax_Error')].map(node => node.textContent),
    images: [...document.images].map(image => ({alt: image.alt, width: image.naturalWidth, complete: image.complete})),
    links: [...document.querySelectorAll('a[href]')].map(a => ({href: a.getAttribute('href'), rel: a.rel,
                                                                 text: a.textContent.trim()})),
    ids: [...document.querySelectorAll('[id]')].map(element => element.id),
})"""


@pytest.fixture(scope="session")
def site(tmp_path_factory, npm_dir):
    output = tmp_path_factory.mktemp("site") / "site"
    build_site.build(NOTEBOOKS, output, npm_dir=npm_dir)
    return output


def test_the_build_prints_no_warning(tmp_path, npm_dir):
    """Run as `make site` runs it: nbconvert's warnings (missing alt text, ...) go to stderr."""
    script = (
        f"import sys; sys.path.insert(0, {str(REPO / 'tools')!r}); import build_site, pathlib; "
        "import stamp_notebooks; build_site.build(stamp_notebooks.every_notebook(), "
        f"pathlib.Path({str(tmp_path / 'site')!r}), npm_dir=pathlib.Path({str(npm_dir)!r}))"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and run.stderr == "", run.stderr


@pytest.mark.parametrize("language", EDITIONS)
def test_the_index_lists_every_notebook_with_its_time(site, language):
    edition = EDITIONS[language]
    index = (site / edition.index).read_text(encoding="utf-8")
    rows = build_site.notebook_rows(edition.readme.read_text(encoding="utf-8"))
    assert [stem for stem, _, _ in rows] == [path.stem for path in of_edition(edition)]
    for stem, _, time in rows:
        assert f'href="{edition.page(stem)}"' in index and f"<td>{time}</td>" in index
    assert f'<html lang="{language}">' in index


def figures_in(notebook_path):
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    return sum(
        "image/png" in output.get("data", {}) for cell in notebook["cells"] for output in cell.get("outputs", [])
    )


def page_state(page, path, maths=True):
    page.goto(path.as_uri())
    if maths:
        page.evaluate(MATHJAX_DONE_JS)
    return page.evaluate(PAGE_JS)


def link_problems(site, path, links):
    problems = []
    for link in links:
        target = urllib.parse.urlsplit(link["href"])
        if target.scheme in ("http", "https"):
            continue  # Colab, Binder and the references: not fetched offline
        if target.scheme:
            problems.append(f"{link['href']}: neither a page of the site nor a web address")
            continue
        file = (path.parent / urllib.parse.unquote(target.path)).resolve() if target.path else path
        if not file.is_file() or site not in file.parents:
            problems.append(f"{link['href']}: no such page in the site")
        elif target.fragment and f'id="{target.fragment}"' not in file.read_text(encoding="utf-8"):
            problems.append(f"{link['href']}: no such anchor")
    return problems


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=page_of)
def test_every_page_reads_offline(site, offline_page, notebook):
    path = site / page_of(notebook)
    state = page_state(offline_page, path)
    assert not offline_page.outside_requests, f"{path.name} asked the network for {offline_page.outside_requests}"
    assert not offline_page.console_errors, offline_page.console_errors
    assert state["typeset"] > 0 and not state["mathErrors"], state["mathErrors"]
    untypeset = [text for text in offline_page.evaluate(MARKDOWN_TEXT_JS) if RAW_TEX.search(text)]
    assert not untypeset, f"maths left as TeX: {untypeset[0][:200]}"
    images = state["images"]
    assert len(images) == figures_in(notebook) > 0
    assert all(image["complete"] and image["width"] > 0 for image in images), images
    assert all(len(image["alt"]) > 20 for image in images), [image["alt"] for image in images]
    assert not link_problems(site, path, state["links"])


@pytest.mark.parametrize("language", EDITIONS)
def test_previous_and_next_run_through_the_notebooks(site, offline_page, language):
    edition = EDITIONS[language]
    pages = [page_of(path) for path in of_edition(edition)]
    for i, page in enumerate(pages):
        links = page_state(offline_page, site / page)["links"]
        previous = [link["href"] for link in links if link["rel"] == "prev"]
        following = [link["href"] for link in links if link["rel"] == "next"]
        assert previous == ([pages[i - 1]] * 2 if i > 0 else [])  # at the top and at the bottom
        assert following == ([pages[i + 1]] * 2 if i < len(pages) - 1 else [])
        assert sum(link["href"] == edition.index for link in links) == 2


@pytest.mark.parametrize("language", EDITIONS)
def test_the_index_reads_offline_and_links_the_other_edition(site, offline_page, language):
    edition = EDITIONS[language]
    path = site / edition.index
    state = page_state(offline_page, path, maths=False)
    assert not offline_page.outside_requests and not offline_page.console_errors
    pages = [link["href"] for link in state["links"]]
    other = [other.index for other in EDITIONS.values() if other != edition]
    assert pages == other + [page_of(path) for path in of_edition(edition)]
    assert not link_problems(site, path, state["links"])


def test_korean_pages_draw_hangul_in_the_sites_own_font(site, offline_page):
    """Where the system has no Korean font (as here), Hangul would be boxes without the site's Noto Sans KR."""
    page_state(offline_page, site / EDITIONS["ko"].index, maths=False)
    assert offline_page.evaluate(
        "async () => { await document.fonts.ready; return [...document.fonts].some("
        "face => face.family.includes('Noto Sans KR') && face.status === 'loaded'); }"
    )


def test_the_site_works_from_any_folder(site, tmp_path, offline_page):
    """Every address is relative: the site moved elsewhere still loads its figures and maths."""
    moved = tmp_path / "elsewhere" / "course"
    moved.parent.mkdir()
    shutil.copytree(site, moved)
    state = page_state(offline_page, moved / page_of(NOTEBOOKS[3]))
    assert state["typeset"] > 0 and all(image["width"] > 0 for image in state["images"])
    assert not offline_page.outside_requests

"""Offline slide decks (tools/export_slides.py --offline): every notebook's deck, opened from disk in headless
Chromium with the network off, loads nothing from outside its folder, typesets its maths with the bundled
MathJax, shows every figure snapshot, and paints a title slide and a figure that are not blank. Every slide keeps
the slide rules (tools/slide_report.py) at 1280x720 and 1920x1080, and the PDF handout has a page per slide."""

import json
import pathlib
import re
import sys

import numpy as np
import pytest
from browser_support import MARKDOWN_TEXT_JS, MATHJAX_DONE_JS, RAW_TEX
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO = pathlib.Path(__file__).parent.parent
sys.path.insert(0, str(REPO / "tools"))
import export_slides  # noqa: E402
import slide_report  # noqa: E402
import stamp_notebooks  # noqa: E402

NOTEBOOKS = stamp_notebooks.every_notebook()  # both editions


def deck(folder, notebook):
    return folder / f"{export_slides.deck_name(notebook)}.slides.html"


def label(notebook):
    return export_slides.deck_name(notebook)


LOAD_TIMEOUT_MS = 30_000
# The title slide's Hangul is drawn in the deck's own font, loaded from beside the deck.
KOREAN_FONT_JS = """async () => {
    await document.fonts.ready;
    return [...document.fonts].some(face => face.family.includes('Noto Sans KR') && face.status === 'loaded');
}"""
WINDOWS = [(1280, 720), (1920, 1080)]
# A page object of a PDF (not the /Pages tree that holds them).
PDF_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
# Grey-level standard deviation of a screenshot: a blank (one-colour) picture has 0.
MIN_PIXEL_STD = 8.0
PAGE_STATE_JS = """() => ({
    typeset: document.querySelectorAll('.MathJax_CHTML').length,
    mathErrors: [...document.querySelectorAll('.mjx-merror, .MathJax_Error')].map(node => node.textContent),
    images: [...document.images].map(image => ({src: image.src.slice(0, 40), width: image.naturalWidth})),
})"""
# Reveal.js is an AMD module in these decks: ask require.js for it, show every fragment, go to the slide of
# `selector` and scroll it into view. No fixed delays: resolved on Reveal's 'slidechanged' event (or at once if
# that slide is showing already, when Reveal sends none), after two animation frames, so the scroll is painted.
SHOW_SLIDE_OF_JS = """([selector, deckAssets]) => new Promise(resolve => require([deckAssets], Reveal => {
    Reveal.configure({fragments: false, transition: 'none'});
    const element = document.querySelector(selector);
    const section = element.closest('section');
    const shown = () => {
        element.scrollIntoView({block: 'center'});
        requestAnimationFrame(() => requestAnimationFrame(resolve));
    };
    if (Reveal.getCurrentSlide() === section) { shown(); return; }
    Reveal.on('slidechanged', function changed() { Reveal.off('slidechanged', changed); shown(); });
    const indices = Reveal.getIndices(section);
    Reveal.slide(indices.h, indices.v);
}))"""
# Then wait on the condition the screenshot needs: the element's slide is the present one, the element has
# loaded (an image), and it lies inside the window, or fills its height if it is taller.
IN_VIEW_JS = """(selector) => {
    const element = document.querySelector(selector);
    const box = element.getBoundingClientRect();
    const height = window.innerHeight;
    const inside = box.height <= height ? box.top >= 0 && box.bottom <= height : box.top <= 0 && box.bottom >= height;
    return element.closest('section').classList.contains('present') && (element.complete ?? true)
        && box.width > 0 && box.left >= 0 && box.right <= window.innerWidth && inside;
}"""


# Go to the first slide whose speaker notes hold maths, or else any notes; answer how many formulas its notes
# hold and their plain words (every notes cell of the slide: the presenter view must show them all).
SLIDE_WITH_NOTES_JS = """(revealUrl) => new Promise(resolve => require([revealUrl], Reveal => {
    const slides = Reveal.getSlides();
    const slide = slides.find(section => section.querySelector('aside.notes script[type^="math/tex"]'))
        || slides.find(section => section.querySelector('aside.notes'));
    if (!slide) { resolve(null); return; }
    const indices = Reveal.getIndices(slide);
    Reveal.slide(indices.h, indices.v);
    const text = [...slide.querySelectorAll('aside.notes')].map(aside => aside.textContent).join(' ');
    resolve({maths: slide.querySelectorAll('aside.notes script[type^="math/tex"]').length,
             words: text.split(/\\s+/).filter(word => /^([a-z]{4,}|[\\uac00-\\ud7a3]{2,})$/i.test(word))});
}))"""
# In the presenter view: its notes, with every formula typeset and of a size.
PRESENTER_NOTES_JS = """() => {
    const notes = document.querySelector('.speaker-controls-notes .value');
    if (!notes) return null;
    const maths = [...notes.querySelectorAll('script[type^="math/tex"]')];
    return {text: notes.textContent, typeset: maths.filter(script => {
        const frame = document.getElementById(script.id + '-Frame');
        return frame && frame.getBoundingClientRect().width > 0;
    }).length};
}"""


@pytest.fixture(scope="session")
def offline_decks(tmp_path_factory, npm_dir):
    """Every notebook's offline deck, built once per session."""
    decks = tmp_path_factory.mktemp("slides") / "decks"
    export_slides.export(NOTEBOOKS, decks, offline=True, npm_dir=npm_dir)
    return decks


def shown_cells(notebook):
    return [cell for cell in notebook["cells"] if cell["metadata"]["slideshow"]["slide_type"] != "skip"]


def pixel_std(png):
    return float(np.asarray(Image.open(png).convert("L"), dtype=float).std())


def screenshot_problems(page, path, what, **options):
    page.screenshot(path=path, **options)
    std = pixel_std(path)
    return [] if std >= MIN_PIXEL_STD else [f"{what} looks blank (pixel std {std:.1f}): {path}"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=label)
def test_offline_deck_renders_with_the_network_off(notebook, offline_decks, offline_page, tmp_path):
    page, deck_path = offline_page, deck(offline_decks, notebook)
    cells = shown_cells(json.loads(notebook.read_text(encoding="utf-8")))
    page.goto(deck_path.as_uri())
    page.wait_for_selector(".reveal.ready", state="attached", timeout=LOAD_TIMEOUT_MS)
    page.evaluate(MATHJAX_DONE_JS)
    state = page.evaluate(PAGE_STATE_JS)
    problems = [f"requested {url} (only files beside the deck may load)" for url in page.outside_requests]
    if label(notebook).endswith(".ko") and not page.evaluate(KOREAN_FONT_JS):
        problems.append("Hangul is not drawn in the deck's own Noto Sans KR (boxes where no Korean font is installed)")
    problems += [f"browser console: {text}" for text in page.console_errors]
    problems += [f"MathJax error: {text}" for text in state["mathErrors"]]
    if any("$" in "".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"):
        if not state["typeset"]:
            problems.append("the notebook has maths but MathJax typeset none")
        untypeset = [text for text in page.evaluate(MARKDOWN_TEXT_JS) if RAW_TEX.search(text)]
        problems += [f"TeX left untypeset in: {text.strip()[:200]!r}" for text in untypeset]
    pngs = sum("image/png" in output.get("data", {}) for cell in cells for output in cell.get("outputs", []))
    if len(state["images"]) < pngs:
        problems.append(f"{pngs} figure snapshots in the shown cells but {len(state['images'])} images")
    problems += [f"image {image['src']}... did not load" for image in state["images"] if not image["width"]]
    problems += screenshot_problems(page, tmp_path / "title.png", "the title slide")
    if state["images"]:
        page.evaluate(SHOW_SLIDE_OF_JS, ["img", export_slides.OFFLINE_URLS["reveal_url_prefix"] + "/dist/reveal.js"])
        try:
            page.wait_for_function(IN_VIEW_JS, arg="img", timeout=LOAD_TIMEOUT_MS)
        except PlaywrightTimeoutError:
            problems.append("the first figure's slide did not come into view")  # the bounding box below says more
        box = page.locator("img").first.bounding_box()
        if not box or box["width"] < 100 or box["height"] < 50:
            problems.append(f"the first figure is not visible on its slide (bounding box {box})")
        else:
            problems += screenshot_problems(page, tmp_path / "figure.png", "the first figure", clip=box)
            page.screenshot(path=tmp_path / "figure_slide.png")
    assert not problems, f"{deck_path.name}, opened offline:\n" + "\n".join(problems)


def test_decks_leave_out_skipped_cells(offline_decks):
    """The setup cells (slide_type "skip") are not in any deck: the export follows the slide metadata."""
    for notebook in NOTEBOOKS:
        text = deck(offline_decks, notebook).read_text(encoding="utf-8")
        assert "google.colab" not in text and "colab-badge.svg" not in text, notebook.name


def test_the_index_lists_every_deck_in_the_folder_not_only_this_run(tmp_path):
    """Exporting one notebook into a folder that holds decks of earlier runs keeps them in index.html."""
    earlier = tmp_path / f"{NOTEBOOKS[0].stem}.slides.html"
    earlier.write_text("<!DOCTYPE html>\n<title>an earlier run's deck</title>\n", encoding="utf-8")
    decks = export_slides.export([NOTEBOOKS[1]], tmp_path, offline=False)
    assert decks == [tmp_path / f"{NOTEBOOKS[1].stem}.slides.html"]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]+)"', index) == [earlier.name, decks[0].name]


def interactive_figures(notebook):
    """How many outputs of a notebook are interactive figures (a widget with its still PNG)."""
    return sum(
        {"image/png", "application/vnd.jupyter.widget-view+json"} <= output.get("data", {}).keys()
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
    )


@pytest.mark.parametrize("window", WINDOWS, ids=lambda size: "x".join(map(str, size)))
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=label)
def test_every_slide_keeps_the_slide_rules(notebook, window, offline_decks, browser):
    """With every fragment shown, each slide fits (no scrolling, nothing cut off), shows no test code and at most
    slide_report.PROSE_WORDS words of prose, and each interactive figure gets a slide with its still PNG whole, at
    a readable size."""
    context = browser.new_context(offline=True, viewport={"width": window[0], "height": window[1]})
    slides = slide_report.measure(context.new_page(), deck(offline_decks, notebook))
    context.close()
    problems = [f"{slide.label}: {problem}" for slide in slides for problem in slide.problems]
    figures = interactive_figures(json.loads(notebook.read_text(encoding="utf-8")))
    shown = sum(len(slide.images) for slide in slides)
    if shown < figures:
        problems.append(f"{figures} interactive figures in the notebook, {shown} shown on slides")
    assert not problems, f"{notebook.name} at {window[0]}x{window[1]}:\n" + "\n".join(problems)


def test_pdf_handout_has_a_page_per_slide(offline_decks, offline_page, browser, tmp_path):
    """`export_slides.py --pdf` prints every deck, with no network, to one page per slide."""
    decks = [deck(offline_decks, notebook) for notebook in NOTEBOOKS]
    pdfs = export_slides.print_pdfs(decks, tmp_path, browser)
    assert [pdf.name for pdf in pdfs] == [f"{label(notebook)}.pdf" for notebook in NOTEBOOKS]
    for deck_path, pdf in zip(decks, pdfs):
        slide_report.open_deck(offline_page, deck_path)
        slides = offline_page.evaluate(f"""() => new Promise(resolve => require(
            ['{export_slides.OFFLINE_URLS["reveal_url_prefix"]}/dist/reveal.js'],
            Reveal => resolve(Reveal.getTotalSlides())))""")
        pages = len(PDF_PAGE.findall(pdf.read_bytes()))
        assert pages == slides, f"{pdf.name}: {pages} pages for {slides} slides"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=label)
def test_presenter_view_shows_the_speaker_notes_with_their_maths(notebook, offline_decks, offline_page):
    """Key "s" opens reveal.js' presenter view, with the network off; on a slide with speaker notes it shows them,
    their maths typeset (the deck gives the presenter view MathJax)."""
    page = offline_page
    slide_report.open_deck(page, deck(offline_decks, notebook))
    with page.context.expect_page() as opened:
        page.keyboard.press("s")
    presenter = opened.value
    presenter.wait_for_selector(".speaker-controls-notes", state="attached", timeout=LOAD_TIMEOUT_MS)
    slide = page.evaluate(SLIDE_WITH_NOTES_JS, export_slides.OFFLINE_URLS["reveal_url_prefix"] + "/dist/reveal.js")
    assert slide and slide["words"], f"{notebook.name}: no slide has speaker notes"
    presenter.wait_for_function(
        f"""() => {{
        const notes = ({PRESENTER_NOTES_JS})();
        return notes && notes.typeset >= {slide["maths"]}
            && {json.dumps(slide["words"])}.every(word => notes.text.includes(word));
    }}""",
        timeout=LOAD_TIMEOUT_MS,
    )
    assert not page.outside_requests, page.outside_requests

"""Export notebooks to reveal.js slide decks with nbconvert's slides exporter, one HTML file each.

    python tools/export_slides.py             # build/slides/: decks that load reveal.js, MathJax... from CDNs
    python tools/export_slides.py --offline   # build/slides-offline/: decks and assets/, no network needed
    python tools/export_slides.py --offline --output DIR notebooks/03_softmax.ipynb
    python tools/export_slides.py --pdf       # offline decks, then build/slides-pdf/NN_topic.pdf, a page a slide

The Korean edition's decks (notebooks/ko/) are NN_topic.ko.slides.html beside the English ones, and every deck
offline carries Noto Sans KR's Hangul in assets/, for systems without a Korean font; online decks use the system's.

Each cell's slideshow.slide_type places it: "slide", "subslide", "fragment", "-" (continue the slide) or
"skip" (setup cells, badges: not shown). Notebook metadata is cleared before the export, so each interactive
figure shows the PNG snapshot saved with it rather than a widget that would need a kernel; the cells' own
metadata, with their slide types, is kept. The template (slides/templates/course_reveal) is nbconvert's
reveal template without its Mermaid loader.

Offline, `npm ci` installs the versions pinned in slides/package-lock.json into build/slides-npm/ (once, and
again when the lock file changes): reveal.js 4.0.2, the version nbconvert's template is written for (its
default CDN address names it), MathJax 2.7.9 (the template's MathJax 2 configuration), require.js and
jQuery. What the decks load is copied into OUTPUT/assets/ and addressed with relative URLs, so the folder
works from any disk, with no network.

With --pdf, each offline deck is printed by headless Chromium (reveal.js' `?print-pdf` layout) to one PDF page per
slide, every fragment shown, with the network off: the handout for presenting from a PDF or posting.
"""

import argparse
import html
import pathlib
import sys

import chromium
import nbformat
from nbconvert import SlidesExporter
from stamp_notebooks import every_notebook
from traitlets.config import Config
from web_assets import FONT_LISTS, KOREAN_FONT_ASSETS, KOREAN_FONT_CSS, MATHJAX, NPM_DIR, copy_assets, npm_packages

ROOT = pathlib.Path(__file__).resolve().parent.parent
SLIDES = ROOT / "slides"
BUILD = ROOT / "build"
SLIDE_SIZE = (1280, 720)  # the slide's own width and height; reveal.js scales it to the window
PRINT_TIMEOUT_MS = 60_000
MATHJAX_CONFIG = "TeX-AMS_CHTML-full,Safe"  # the configuration nbconvert's own MathJax address asks for
# What the decks load, per npm package, and the URL (relative to the deck) of each thing they load.
ASSETS = {
    "reveal.js": ["dist", "plugin/notes", "LICENSE", "package.json"],
    "mathjax": MATHJAX,
    "requirejs": ["require.js", "package.json"],
    "jquery": ["dist/jquery.min.js", "LICENSE.txt", "package.json"],
    **KOREAN_FONT_ASSETS,
}
OFFLINE_URLS = {
    "reveal_url_prefix": "assets/reveal.js",
    "mathjax_url": f"assets/mathjax/MathJax.js?config={MATHJAX_CONFIG}",
    "require_js_url": "assets/requirejs/require.js",
    "jquery_url": "assets/jquery/dist/jquery.min.js",
}


def exporter(offline):
    config = Config()
    config.ClearMetadataPreprocessor.enabled = True
    config.ClearMetadataPreprocessor.clear_cell_metadata = False
    config.SlidesExporter.extra_template_basedirs = [str(SLIDES / "templates")]
    config.SlidesExporter.template_name = "course_reveal"
    # The white theme's font ships with reveal.js; nbconvert's default, "simple", fetches Google Fonts.
    config.SlidesExporter.reveal_theme = "white"
    # No "In [3]:" prompts: the code gets the slide's full width.
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    # A 16:9 slide, as projectors and screens are; nothing scrolls: a slide that does not fit is a bug
    # (tools/slide_report.py finds it).
    config.SlidesExporter.reveal_width = str(SLIDE_SIZE[0])
    config.SlidesExporter.reveal_height = str(SLIDE_SIZE[1])
    config.SlidesExporter.reveal_scroll = False
    if offline:
        for name, url in OFFLINE_URLS.items():
            config.SlidesExporter[name] = url
    return SlidesExporter(config=config)


def deck_name(notebook):
    """NN_topic for the English edition's notebook, NN_topic.ko for the Korean edition's (notebooks/ko/)."""
    notebook = pathlib.Path(notebook)
    return f"{notebook.stem}.ko" if notebook.parent.name == "ko" else notebook.stem


def write_index(output):
    """index.html linking every deck in `output`: those of earlier runs too, so exporting one notebook into the
    folder keeps the others listed."""
    decks = sorted(output.glob("*.slides.html"))
    names = [deck.name.removesuffix(".slides.html") for deck in decks]
    labels = [f"{name.removesuffix('.ko')} (한국어)" if name.endswith(".ko") else name for name in names]
    links = "\n".join(f'<li><a href="{deck.name}">{html.escape(label)}</a></li>' for deck, label in zip(decks, labels))
    (output / "index.html").write_text(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Slides: From odds to '
        f"CrossEntropyLoss</title></head>\n<body><h1>Slides: From odds to CrossEntropyLoss</h1>\n<ul>\n{links}\n"
        f"</ul></body></html>\n",
        encoding="utf-8",
    )


def export(notebooks, output, offline, npm_dir=NPM_DIR):
    """Write one deck per notebook into `output` (and, offline, the assets); return the decks' paths."""
    output.mkdir(parents=True, exist_ok=True)
    if offline:
        copy_assets(npm_packages(npm_dir), ASSETS, output / "assets")
    slides = exporter(offline)
    fonts = [f"assets/{KOREAN_FONT_CSS}"] if offline else []
    decks = []
    for notebook in notebooks:
        name = deck_name(notebook)
        slides.language_code = "ko" if name.endswith(".ko") else "en"
        resources = {"metadata": {"name": name}, "course_fonts": fonts, "font_css": FONT_LISTS}
        body, _ = slides.from_notebook_node(nbformat.read(notebook, as_version=4), resources=resources)
        deck = output / f"{name}.slides.html"
        deck.write_text(body, encoding="utf-8")
        decks.append(deck)
    write_index(output)
    return decks


def print_pdfs(decks, output, browser=None):
    """Print each offline deck to OUTPUT/NN_topic.pdf, one page per slide, in `browser` (a Playwright browser;
    by default a headless Chromium of its own); return the PDFs' paths."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            return print_pdfs(decks, output, playwright.chromium.launch(**chromium.launch_options()))
    output.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(offline=True)
    # Only the deck's own files load: a handout must not depend on the network.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    pdfs = []
    for deck in decks:
        page.goto(deck.as_uri() + "?print-pdf")
        page.wait_for_selector(".reveal .pdf-page", state="attached", timeout=PRINT_TIMEOUT_MS)
        # Maths typeset while its slide was hidden has no size: typeset the whole deck again, now laid out as pages.
        page.evaluate("() => new Promise(resolve => MathJax.Hub.Queue(['Rerender', MathJax.Hub], resolve))")
        pdf = output / (deck.name.removesuffix(".slides.html") + ".pdf")
        page.pdf(path=pdf, prefer_css_page_size=True, print_background=True)
        pdfs.append(pdf)
    context.close()
    return pdfs


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "notebooks", nargs="*", type=pathlib.Path, help="default: both editions, notebooks/*.ipynb and notebooks/ko/"
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="decks that need no network: reveal.js, MathJax, require.js and jQuery beside them",
    )
    parser.add_argument(
        "--output", type=pathlib.Path, help="folder for the decks (default: build/slides, or build/slides-offline)"
    )
    parser.add_argument(
        "--pdf", action="store_true", help="also print each offline deck to a PDF, a page a slide (implies --offline)"
    )
    parser.add_argument(
        "--pdf-output",
        type=pathlib.Path,
        default=BUILD / "slides-pdf",
        help="folder for the PDFs (default: build/slides-pdf)",
    )
    args = parser.parse_args(argv)
    offline = args.offline or args.pdf
    notebooks = args.notebooks or every_notebook()
    output = args.output or BUILD / ("slides-offline" if offline else "slides")
    decks = export(notebooks, output, offline)
    print(f"{len(decks)} decks in {output}: open {output / 'index.html'} in a browser")
    if args.pdf:
        pdfs = print_pdfs(decks, args.pdf_output)
        print(f"{len(pdfs)} PDFs in {args.pdf_output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

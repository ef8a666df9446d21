"""Check every slide of the decks against the course's slide rules, in a real browser, and report what breaks them.

    python tools/slide_report.py                                  # every notebook's deck, at 1280x720
    python tools/slide_report.py notebooks/03_softmax.ipynb --size 1920x1080 --all

The rules (STYLE.md, "Slides"), checked on each slide with every fragment shown:
- it fits: nothing below the slide's bottom or beyond its right edge, so nothing needs scrolling;
- no code block is cut off on the right;
- no test code is shown (assert, np.testing, torch.testing: guard cells are skipped in the decks);
- at most PROSE_WORDS words of prose (maths and code not counted); the rest belongs in speaker notes;
- every image is loaded, lies whole on the slide and is shown at a readable size, one figure a slide.

The report lists, per deck, the slides and notes, then each slide that breaks a rule (`--all`: every slide, with
its measurements). tests/test_slides.py applies the same rules to every deck at 1280x720 and 1920x1080.
"""

import argparse
import json
import pathlib
import re
import sys
import tempfile
from dataclasses import dataclass, field

import chromium
import export_slides

PROSE_WORDS = 60
# A figure shrunk below this fraction of its own size is too small to read from the back of a room.
MIN_FIGURE_SCALE = 0.9
TEST_CODE = re.compile(r"^\s*assert\b|\b(np|numpy|torch)\.testing\.", re.MULTILINE)
LOAD_TIMEOUT_MS = 30_000
MATH_TIMEOUT_MS = 5_000  # per slide: a slide whose maths is not typeset by then is measured as it is

# Go to each slide in turn with every fragment shown, and measure it, once its maths is typeset, in the slide's own
# pixels (the deck scales the slide to the window).
MEASURE_JS = """([revealUrl, MATH_TIMEOUT_MS]) => new Promise(resolve => require([revealUrl], Reveal => {
    Reveal.configure({fragments: false, transition: 'none'});
    const config = Reveal.getConfig();
    const container = document.querySelector('.reveal .slides');
    const shown = node => !node.closest('aside.notes');
    const slides = Reveal.getSlides();
    const results = [];
    const wordsOf = cell => {
        const copy = cell.cloneNode(true);
        copy.querySelectorAll('script, pre, .MathJax_Preview, .MathJax_CHTML, .mjx-chtml, .MJX_Assistive_MathML')
            .forEach(node => node.remove());
        return copy.textContent.split(/\\s+/).filter(Boolean).length;
    };
    const measure = section => {
        const frame = container.getBoundingClientRect();
        const scale = frame.width / config.width;
        // The union of what is shown, element by element; a code block's own overflow is reported as cut code.
        const boxes = [...section.querySelectorAll('*')]
            .filter(node => shown(node) && !node.parentElement.closest('pre'))
            .map(node => node.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
        const box = {top: Math.min(...boxes.map(r => r.top)), bottom: Math.max(...boxes.map(r => r.bottom)),
                     right: Math.max(...boxes.map(r => r.right))};
        const indices = Reveal.getIndices(section);
        results.push({
            index: results.length,
            h: indices.h,
            v: indices.v,
            title: (section.querySelector('h1, h2, h3') || {textContent: ''}).textContent.replace('¶', '').trim(),
            bottom: Math.round((box.bottom - frame.top) / scale),
            right: Math.round((box.right - frame.left) / scale),
            top: Math.round((box.top - frame.top) / scale),
            words: [...section.querySelectorAll('.jp-MarkdownCell')].filter(shown).map(wordsOf)
                .reduce((a, b) => a + b, 0),
            cutCode: [...section.querySelectorAll('pre')].filter(shown)
                .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
                .map(pre => pre.textContent.split('\\n').reduce((a, b) => a.length >= b.length ? a : b, '')),
            code: [...section.querySelectorAll('.jp-CodeCell .jp-InputArea')].filter(shown)
                .map(input => input.textContent),
            images: [...section.querySelectorAll('img')].filter(shown).map(image => {
                const r = image.getBoundingClientRect();
                return {loaded: image.complete && image.naturalWidth > 0, naturalWidth: image.naturalWidth,
                        width: Math.round(r.width / scale), left: Math.round((r.left - frame.left) / scale),
                        right: Math.round((r.right - frame.left) / scale),
                        top: Math.round((r.top - frame.top) / scale),
                        bottom: Math.round((r.bottom - frame.top) / scale)};
            }),
            notes: section.querySelectorAll('aside.notes').length,
        });
    };
    // The deck typesets a slide's maths again once it is shown (maths typeset on a hidden slide has no size):
    // wait until every formula on the slide (not in its hidden notes) has its size, then two frames more.
    const typeset = section => [...section.querySelectorAll('script[type^="math/tex"]')].filter(shown).every(script => {
        const frame = document.getElementById(script.id + '-Frame');
        return frame && frame.getBoundingClientRect().width > 0;
    });
    const whenTypeset = (section, then) => {
        const started = performance.now();
        const poll = () => {
            if (typeset(section) || performance.now() - started > MATH_TIMEOUT_MS) {
                requestAnimationFrame(() => requestAnimationFrame(then));
            } else {
                setTimeout(poll, 20);
            }
        };
        // A slide may be the first to use a font (a bold or italic face): measure once it has loaded.
        MathJax.Hub.Queue(() => document.fonts.ready.then(poll));
    };
    const next = i => {
        if (i === slides.length) {
            resolve({width: config.width, height: config.height, slides: results});
            return;
        }
        const indices = Reveal.getIndices(slides[i]);
        Reveal.slide(indices.h, indices.v);
        whenTypeset(slides[i], () => {
            measure(slides[i]);
            next(i + 1);
        });
    };
    next(0);
}))"""


@dataclass
class Slide:
    """One slide of a deck, measured in the slide's own pixels with every fragment shown."""

    index: int
    h: int
    v: int
    title: str
    top: int
    bottom: int
    right: int
    words: int
    cutCode: list  # noqa: N815 (the name the browser reports)
    code: list
    images: list
    notes: int
    problems: list = field(default_factory=list)

    @property
    def label(self):
        return f"slide {self.h + 1}.{self.v + 1} {self.title[:50]!r}"


def open_deck(page, deck):
    """Load a deck from disk and wait until reveal.js is ready, MathJax has typeset it and its fonts have loaded."""
    page.goto(deck.as_uri())
    page.wait_for_selector(".reveal.ready", state="attached", timeout=LOAD_TIMEOUT_MS)
    page.evaluate("() => new Promise(resolve => MathJax.Hub.Queue(() => document.fonts.ready.then(resolve)))")


def measure(page, deck, reveal_url=export_slides.OFFLINE_URLS["reveal_url_prefix"] + "/dist/reveal.js"):
    """Every slide of `deck` (an offline deck's path) measured in `page`, each with the rules it breaks."""
    open_deck(page, deck)
    report = page.evaluate(MEASURE_JS, [reveal_url, MATH_TIMEOUT_MS])
    width, height = report["width"], report["height"]
    slides = [Slide(**slide) for slide in report["slides"]]
    for slide in slides:
        slide.problems = slide_problems(slide, width, height)
    return slides


def slide_problems(slide, width, height):
    problems = []
    if slide.bottom > height + 1 or slide.top < -1:
        problems.append(f"does not fit: its content spans {slide.top}..{slide.bottom} px of a {height} px slide")
    if slide.right > width + 1:
        problems.append(f"does not fit: its content reaches {slide.right} px of a {width} px slide")
    problems += [f"code cut off on the right: {line.strip()[:80]!r}" for line in slide.cutCode]
    problems += [
        f"shows test code: {match.group(0).strip()!r}"
        for code in slide.code
        for match in [TEST_CODE.search(code)]
        if match
    ]
    if slide.words > PROSE_WORDS:
        problems.append(f"{slide.words} words of prose (at most {PROSE_WORDS}; move the rest to speaker notes)")
    if len(slide.images) > 1:
        problems.append(f"{len(slide.images)} figures on one slide (one a slide)")
    for image in slide.images:
        if not image["loaded"]:
            problems.append("a figure did not load")
            continue
        if image["left"] < -1 or image["right"] > width + 1 or image["top"] < -1 or image["bottom"] > height + 1:
            problems.append(
                f"a figure lies partly off the slide ({image['left']}..{image['right']} x "
                f"{image['top']}..{image['bottom']} px)"
            )
        if image["width"] < MIN_FIGURE_SCALE * image["naturalWidth"]:
            problems.append(
                f"a figure shown {image['width']} px wide, under {MIN_FIGURE_SCALE:.0%} of its "
                f"{image['naturalWidth']} px"
            )
    return problems


def count_notes(notebook):
    """How many of a notebook's cells are speaker notes only."""
    return sum(cell["metadata"].get("slideshow", {}).get("slide_type") == "notes" for cell in notebook["cells"])


def main(argv=None):
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--size", default="1280x720", help="browser window, WIDTHxHEIGHT (default 1280x720)")
    parser.add_argument("--all", action="store_true", help="list every slide with its measurements")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((export_slides.ROOT / "notebooks").glob("*.ipynb"))
    window_width, window_height = (int(n) for n in args.size.lower().split("x"))
    broken = 0
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        decks = export_slides.export(notebooks, pathlib.Path(folder), offline=True)
        browser = playwright.chromium.launch(**chromium.launch_options())
        page = browser.new_page(viewport={"width": window_width, "height": window_height})
        for notebook, deck in zip(notebooks, decks):
            slides = measure(page, deck)
            n_notes = count_notes(json.loads(notebook.read_text(encoding="utf-8")))
            bad = [slide for slide in slides if slide.problems]
            broken += len(bad)
            print(f"{notebook.name}: {len(slides)} slides, {n_notes} notes cells, {len(bad)} breaking a rule")
            for slide in slides if args.all else bad:
                print(
                    f"  {slide.label}: {slide.top}..{slide.bottom} px high, {slide.words} words, "
                    f"{len(slide.images)} figures, {slide.notes} notes"
                )
                for problem in slide.problems:
                    print(f"      {problem}")
        browser.close()
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())

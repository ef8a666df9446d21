"""The web assets the slide decks and the course site load when offline: reveal.js, MathJax, require.js, jQuery and
the Korean font, at the versions pinned in slides/package-lock.json, fetched by npm once into build/slides-npm/."""

import filecmp
import pathlib
import re
import shutil
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
SLIDES = ROOT / "slides"
NPM_DIR = ROOT / "build" / "slides-npm"
# The parts of MathJax 2.7.9 that its TeX-AMS_CHTML-full configuration loads, with its licence.
MATHJAX = ["MathJax.js", "config", "extensions", "jax", "localization", "fonts/HTML-CSS/TeX", "LICENSE", "package.json"]

# Noto Sans KR (SIL Open Font Licence 1.1), regular and bold, for Korean text where the reader's system has no
# Korean font (the headless Chromium that prints the PDF handouts has none). Each weight comes in slices by
# Unicode range; a browser fetches only the slices that hold characters on the page. Only the Hangul slices are
# declared, and the family is named first in every font list: Chromium draws boxes for Hangul when a web font
# comes after a system font in the list, and with Hangul-only faces Latin text keeps the fonts it had.
KOREAN_FONT_PACKAGE = "@fontsource/noto-sans-kr"
KOREAN_FONT_ASSETS = {
    KOREAN_FONT_PACKAGE: ["files/*-400-normal.woff2", "files/*-700-normal.woff2", "LICENSE", "package.json"]
}
# The Hangul slices' @font-face rules, written beside the font's files in the assets folder; pages and decks
# link it.
KOREAN_FONT_CSS = f"{KOREAN_FONT_PACKAGE}/hangul.css"
HANGUL = [(0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7A3)]
FONT_FACE = re.compile(r"@font-face \{.*?\}", re.DOTALL)
# nbconvert's font lists, with Noto Sans KR first.
FONT_LISTS = """\
:root {
    --jp-ui-font-family: "Noto Sans KR", system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica,
        arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol";
    --jp-content-font-family: "Noto Sans KR", system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica,
        arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol";
    --jp-code-font-family: "Noto Sans KR", menlo, consolas, "DejaVu Sans Mono", monospace;
}"""


def _ranges(face):
    declared = re.search(r"unicode-range:\s*([^;]+);", face)
    for part in declared[1].split(",") if declared else ["U+0-10FFFF"]:
        low, _, high = part.strip().removeprefix("U+").partition("-")
        yield int(low, 16), int(high or low, 16)


def npm_packages(npm_dir):
    """node_modules with the pinned packages, installed by `npm ci` unless already there for this lock file."""
    lock = npm_dir / "package-lock.json"
    modules = npm_dir / "node_modules"
    if (
        lock.exists()
        and filecmp.cmp(lock, SLIDES / "package-lock.json", shallow=False)
        and (modules / ".package-lock.json").exists()
    ):
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "Offline slides and the course site need npm to fetch reveal.js and MathJax once: install "
            "Node.js (for example `apt-get install npm`), or export online slides with `make slides`."
        )
    npm_dir.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(SLIDES / name, npm_dir / name)
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], cwd=npm_dir, check=True
    )
    return modules


def copy_assets(modules, assets, output):
    """Copy from node_modules `modules` the parts of each package that `assets` names (paths, or glob patterns)
    into `output`/package/; with the Korean font, its Hangul @font-face rules too (KOREAN_FONT_CSS)."""
    for package, patterns in assets.items():
        parts = [
            match.relative_to(modules / package).as_posix()
            for pattern in patterns
            for match in (
                sorted((modules / package).glob(pattern)) if "*" in pattern else [modules / package / pattern]
            )
        ]
        for part in parts:
            source, target = modules / package / part, output / package / part
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target)
    if KOREAN_FONT_PACKAGE in assets:
        write_korean_font_css(modules, output)


def write_korean_font_css(modules, output):
    """Write `output`/KOREAN_FONT_CSS (`output` is the assets folder): the @font-face rules of Noto Sans KR's
    slices that hold Hangul, each declared for its Hangul only (a slice holds a few other characters too, such as
    `$`, which keep their fonts); copy_assets puts the slices' files beside it."""
    faces = []
    for weight in (400, 700):
        text = (modules / KOREAN_FONT_PACKAGE / f"{weight}.css").read_text(encoding="utf-8")
        for face in FONT_FACE.findall(text):
            hangul = [
                (max(low, start), min(high, end))
                for low, high in _ranges(face)
                for start, end in HANGUL
                if low <= end and start <= high
            ]
            if hangul:
                declared = ",".join(f"U+{low:x}-{high:x}" if high > low else f"U+{low:x}" for low, high in hangul)
                face = re.sub(r"unicode-range:[^;]+;", f"unicode-range: {declared};", face)
                face = re.sub(r"src: url\(\./(files/[^)]+\.woff2)\)[^;]*;", r"src: url(\1) format('woff2');", face)
                faces.append(face)
    (output / KOREAN_FONT_CSS).write_text("\n".join(faces) + "\n", encoding="utf-8")

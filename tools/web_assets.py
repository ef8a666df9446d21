"""The web assets the slide decks and the course site load when offline: reveal.js, MathJax, require.js and jQuery
at the versions pinned in slides/package-lock.json, fetched by npm once into build/slides-npm/."""

import filecmp
import pathlib
import shutil
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
SLIDES = ROOT / "slides"
NPM_DIR = ROOT / "build" / "slides-npm"
# The parts of MathJax 2.7.9 that its TeX-AMS_CHTML-full configuration loads, with its licence.
MATHJAX = ["MathJax.js", "config", "extensions", "jax", "localization", "fonts/HTML-CSS/TeX", "LICENSE", "package.json"]


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
    """Copy from node_modules `modules` the parts of each package that `assets` names into `output`/package/."""
    for package, parts in assets.items():
        for part in parts:
            source, target = modules / package / part, output / package / part
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target)

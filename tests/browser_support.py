"""What the browser tests share: the system Chromium, started without any network lookup of its own."""

import os
import pathlib
import re
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "tools"))
from chromium import ARGS as CHROMIUM_ARGS  # noqa: E402
from chromium import SYSTEM_CHROMIUM as CHROMIUM  # noqa: E402

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "MARKDOWN_TEXT_JS",
    "MATHJAX_DONE_JS",
    "RAW_TEX",
    "missing",
    "record_console_errors",
]


def missing(reason):
    """Skip the test for a missing tool, or fail it in CI (CI=true), which must run every test."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run this test", pytrace=False)
    pytest.skip(reason)


def record_console_errors(page):
    """A list that collects the first line of every error the page logs to its console."""
    errors = []

    def record(message):
        if message.type == "error":
            errors.append(message.text.splitlines()[0])

    page.on("console", record)
    return errors


# Maths MathJax left as text: $...$, $$...$$, \(...\) or \[...\] (a lone "$" is just a dollar sign).
RAW_TEX = re.compile(r"\$\$|\$[^$\s][^$]*\$|\\\(|\\\[")

MATHJAX_DONE_JS = """() => new Promise((resolve, reject) => {
    if (!window.MathJax || !MathJax.Hub) { reject(new Error('MathJax did not load')); return; }
    MathJax.Hub.Queue(resolve);
})"""
# Text of the markdown cells without code and without what MathJax made of the maths: TeX left in it was
# not typeset.
MARKDOWN_TEXT_JS = """() => [...document.querySelectorAll('.jp-MarkdownCell')].map(cell => {
    const copy = cell.cloneNode(true);
    copy.querySelectorAll('script, code, pre, .MathJax_Preview, .MathJax_CHTML, .mjx-chtml, .MJX_Assistive_MathML')
        .forEach(node => node.remove());
    return copy.textContent;
})"""

"""What the browser tests share: the system Chromium, started without any network lookup of its own."""

import os
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "tools"))
from chromium import ARGS as CHROMIUM_ARGS  # noqa: E402
from chromium import SYSTEM_CHROMIUM as CHROMIUM  # noqa: E402


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

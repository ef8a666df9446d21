"""What the browser tests share: the system Chromium, started without any network lookup of its own."""

import os
import pathlib

import pytest

CHROMIUM = pathlib.Path("/usr/bin/chromium")
# Without a sandbox (containers) and without any network lookup, which would hang on machines offline.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


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

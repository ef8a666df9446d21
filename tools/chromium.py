"""The Chromium that the tools (PDF handouts, slide reports) and the browser tests start under Playwright."""

import pathlib

# Debian's and Ubuntu's package; Playwright's own download (`playwright install chromium`) serves elsewhere.
SYSTEM_CHROMIUM = pathlib.Path("/usr/bin/chromium")
# Without a sandbox (containers) and without any network lookup of its own, which would hang on machines offline.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_options():
    """Keyword arguments for Playwright's chromium.launch(): the system Chromium where there is one."""
    options = {"args": ARGS}
    if SYSTEM_CHROMIUM.exists():
        options["executable_path"] = SYSTEM_CHROMIUM
    return options

"""Every notebook in a real browser, in JupyterLab and in Notebook 7: it runs cleanly, its widgets render, and its
first slider redraws the first widget image when moved with the keyboard and with the mouse. The server starts as
`make lab` starts it, with the course environment's settings (jupyter/overrides.json): the address it prints, and
its root, open notebook 00, and no "Jupyter news" pop-up shows."""

import json
import os
import pathlib
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request

import nbformat
import pytest
from browser_support import record_console_errors
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

REPO = pathlib.Path(__file__).parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
KOREAN_NOTEBOOKS = sorted((REPO / "notebooks" / "ko").glob("*.ipynb"))
FIRST_NOTEBOOK = "notebooks/00_start_here.ipynb"  # what `make lab` opens (the Makefile's FIRST_NOTEBOOK)
FRONTENDS = ["lab", "notebook7"]
SERVER_START_SECONDS = 60
NOTEBOOK_TIMEOUT_MS = 120_000
IMAGE_REDRAW_TIMEOUT_MS = 10_000
WHEEL_STEPS, WHEEL_STEP_PX, WHEEL_PAUSE_MS = 400, 150, 30
WIDGET_ERRORS = (
    "Error displaying widget",
    "Failed to load model class",
    "Failed to load view class",
    "Could not create a view",
    "Could not create a model",
)

STDERR_OUTPUTS = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'  # tracebacks too
WIDGET_IMAGES = "img.widget-image"

NOTEBOOK_READY_JS = """name => {
    const panel = window.jupyterapp?.shell.currentWidget;
    return panel?.context?.path === name && panel.sessionContext.session?.kernel?.status === 'idle';
}"""
RUN_ALL_JS = """() => {
    window.runAllFinished = false;
    jupyterapp.commands.execute('notebook:run-all-cells').finally(() => { window.runAllFinished = true; });
}"""
# Widgets render after their cell has run: wait until none still says "Loading widget...".
RUN_ALL_FINISHED_JS = """() => window.runAllFinished
    && jupyterapp.shell.currentWidget.sessionContext.session?.kernel?.status === 'idle'
    && ![...document.querySelectorAll('.jp-OutputArea-output')]
        .some(output => output.textContent.includes('Loading widget...'))"""
UNEXECUTED_CELLS_JS = """() => jupyterapp.shell.currentWidget.content.widgets
    .map((cell, index) => ({index, model: cell.model}))
    .filter(({model}) => model.type === 'code' && model.sharedModel.getSource().trim() && !model.executionCount)
    .map(({index}) => index)"""


class JupyterLab:
    """A JupyterLab server on a free loopback port, serving a temporary copy of a folder of notebooks as notebooks/,
    with no user settings: the course environment's own apply."""

    def __init__(self, notebooks, workdir):
        self.root = workdir / "notebooks"
        shutil.copytree(notebooks, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        port, self.token = free_port(), secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{port}"
        self.log = workdir / "jupyterlab.log"
        command = [
            str(REPO / ".venv/bin/jupyter"),
            "lab",
            "--no-browser",
            f"--LabApp.default_url=/lab/tree/{FIRST_NOTEBOOK}",
            "--expose-app-in-browser",
            "--JupyterNotebookApp.expose_app_in_browser=True",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={workdir}",
            f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
            f"--LabApp.user_settings_dir={workdir / 'user-settings'}",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        # Nothing read from or written to the user's own Jupyter and IPython folders.
        env = dict(
            os.environ,
            **{
                name: str(workdir / folder)
                for name, folder in [
                    ("JUPYTER_CONFIG_DIR", "config"),
                    ("JUPYTER_DATA_DIR", "data"),
                    ("JUPYTER_RUNTIME_DIR", "runtime"),
                    ("IPYTHONDIR", "ipython"),
                ]
            },
        )
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)

    def wait_until_up(self):
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                self.api("GET", "status")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(
            f"JupyterLab did not answer within {SERVER_START_SECONDS} s; "
            f"its log ends with:\n{self.log.read_text()[-3000:]}"
        )

    def api(self, method, path):
        request = urllib.request.Request(
            f"{self.url}/api/{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def notebook_url(self, name, frontend):
        if frontend == "notebook7":
            return f"{self.url}/notebooks/notebooks/{name}?token={self.token}"
        # reset: do not reopen, and start kernels for, the notebooks that earlier tests left open.
        return f"{self.url}/lab/tree/notebooks/{name}?reset&token={self.token}"

    def printed_address(self):
        """The address the server printed for the learner to open, with the token (which it prints as "...",
        having been given it)."""
        match = re.search(rf"{re.escape(self.url)}/\S*\?token=", self.log.read_text())
        assert match, f"no address with a token in the server's log:\n{self.log.read_text()[-3000:]}"
        return match.group(0) + self.token

    def shut_down_kernels(self):
        for kernel in self.api("GET", "kernels"):
            self.api("DELETE", f"kernels/{kernel['id']}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_jupyterlab(notebooks, workdir):
    lab = JupyterLab(notebooks, workdir)
    try:
        lab.wait_until_up()
    except BaseException:
        lab.stop()
        raise
    return lab


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    lab = start_jupyterlab(REPO / "notebooks", tmp_path_factory.mktemp("jupyterlab"))
    yield lab
    lab.stop()


def run_notebook(page, lab, name, frontend):
    page.goto(lab.notebook_url(name, frontend))
    wait_until(page, NOTEBOOK_READY_JS, "the notebook was open with an idle kernel", arg=f"notebooks/{name}")
    page.evaluate(RUN_ALL_JS)
    wait_until(page, RUN_ALL_FINISHED_JS, "all cells had run and all widgets had rendered")


def wait_until(page, condition_js, what, arg=None):
    try:
        page.wait_for_function(condition_js, arg=arg, timeout=NOTEBOOK_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        raise AssertionError(f"timed out after {NOTEBOOK_TIMEOUT_MS / 1000:.0f} s waiting until {what}") from None


def output_problems(page, console_errors):
    problems = [f"error output:\n{text.strip()}" for text in page.locator(STDERR_OUTPUTS).all_text_contents()]
    if page.locator(".jupyter-widgets-error-widget").count():
        problems.append("a widget shows the error icon (broken widget)")
    shown = "\n".join(page.locator(".jp-OutputArea").all_text_contents() + console_errors)
    problems += [f"the page says {phrase!r}" for phrase in WIDGET_ERRORS if phrase in shown]
    unexecuted = page.evaluate(UNEXECUTED_CELLS_JS)
    if unexecuted:
        problems.append(f"cells {unexecuted} (0-based, all cells) did not run")
    return problems


def scroll_into_view_with_wheel(page, element):
    """Scroll as a learner does, with the mouse wheel over the notebook. Playwright's own instant scroll jumps past
    cells the browser has not rendered yet (JupyterLab's content-visibility windowing); JupyterLab then scrolls the
    clicked cell away again, a few hundred ms later, by its estimate of their heights."""
    viewport_height = page.viewport_size["height"]
    page.mouse.move(page.viewport_size["width"] / 2, viewport_height / 2)
    for _ in range(WHEEL_STEPS):
        top = element.bounding_box()["y"]
        if viewport_height / 4 < top < viewport_height * 3 / 4:
            return
        page.mouse.wheel(0, WHEEL_STEP_PX if top > viewport_height / 2 else -WHEEL_STEP_PX)
        page.wait_for_timeout(WHEEL_PAUSE_MS)
    raise AssertionError(f"the first slider was not in view after {WHEEL_STEPS} turns of the mouse wheel")


def slider_problems(page):
    """Move the first slider, if any, as a learner does: scroll to it, click its handle and press ArrowRight three
    times, then drag the handle to the left with the mouse. Each time the first widget image must change."""
    sliders, images = page.locator(".widget-slider"), page.locator(WIDGET_IMAGES)
    if not sliders.count():
        return []
    if not images.count():
        return ["the notebook has a slider but no widget image for it to redraw"]
    readout, image, handle = (
        sliders.first.locator(".widget-readout"),
        images.first,
        sliders.first.locator(".noUi-handle"),
    )

    def keys():
        scroll_into_view_with_wheel(page, handle)
        handle.click()
        for _ in range(3):
            page.keyboard.press("ArrowRight")

    def mouse():
        box = handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 60, y, steps=5)
        page.mouse.up()

    for how, move in (
        ("clicking the first slider and pressing ArrowRight", keys),
        ("dragging the first slider with the mouse", mouse),
    ):
        value, src = readout.inner_text(), image.get_attribute("src")
        move()
        try:
            expect(image).not_to_have_attribute("src", src, timeout=IMAGE_REDRAW_TIMEOUT_MS)
        except AssertionError:
            return [
                f"after {how} (value {value} -> {readout.inner_text()}) the first widget image did not change "
                f"within {IMAGE_REDRAW_TIMEOUT_MS / 1000:.0f} s"
            ]
    return []


def notebook_problems(page, lab, name, frontend, console_errors):
    try:
        run_notebook(page, lab, name, frontend)
        return output_problems(page, console_errors) or slider_problems(page)
    except (AssertionError, PlaywrightError) as error:
        return [str(error).strip()]


def check_in_browser(browser, lab, name, frontend, screenshot):
    """Run the notebook in `frontend`; on any problem save a screenshot and fail with what the page showed."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console_errors = record_console_errors(page)
    try:
        problems = notebook_problems(page, lab, name, frontend, console_errors)
        if problems:
            page.screenshot(path=screenshot)
            report = [
                f"{name} in {frontend}:",
                *problems,
                *(f"browser console: {text}" for text in console_errors),
                f"Screenshot: {screenshot}",
            ]
            pytest.fail("\n".join(report), pytrace=False)
    finally:
        page.close()
        lab.shut_down_kernels()


@pytest.mark.parametrize("frontend", FRONTENDS)
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs(notebook, frontend, browser, lab, tmp_path):
    check_in_browser(browser, lab, notebook.name, frontend, tmp_path / f"{notebook.stem}.png")


@pytest.mark.parametrize("notebook", KOREAN_NOTEBOOKS, ids=lambda path: f"ko/{path.name}")
def test_korean_notebook_runs(notebook, browser, lab, tmp_path):
    """The Korean edition runs the same code, so one frontend is enough to show its widgets speak Korean and work."""
    check_in_browser(browser, lab, f"ko/{notebook.name}", "lab", tmp_path / f"{notebook.stem}.png")


NEWS = "official Jupyter news"


def test_the_printed_address_and_the_root_open_notebook_00_without_news(browser, lab):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        for address in (lab.printed_address(), f"{lab.url}/?token={lab.token}"):
            page.goto(address)
            wait_until(page, NOTEBOOK_READY_JS, f"{address} had opened {FIRST_NOTEBOOK}", arg=FIRST_NOTEBOOK)
            page.wait_for_timeout(2000)  # the news question comes a moment after the page
            assert NEWS not in page.locator("body").inner_text(), "the Jupyter news pop-up shows"
    finally:
        page.close()
        lab.shut_down_kernels()


BROKEN_CALLBACK = """
from course_utils.plots import course_style, new_figure
from course_utils.widgets import InteractiveFigure, LiveFigure, probability_slider

slider = probability_slider(0.5)
with course_style():
    figure, (ax,) = new_figure(1)
    point, = ax.plot([0.5], [0.5], "o")

def update():
    if slider.value > 0.5:
        raise ValueError("deliberately broken callback")
    return f"p = {slider.value:.2f}"

InteractiveFigure("Broken on purpose", [slider], LiveFigure(figure, [point]), update)
"""


def test_error_in_a_widget_callback_is_shown_in_the_notebook(browser, lab):
    name = "broken_callback.ipynb"
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(BROKEN_CALLBACK)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}},
    )
    nbformat.write(notebook, lab.root / name)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        run_notebook(page, lab, name, "lab")
        page.locator(".widget-slider .noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")
        expect(page.locator(".jp-OutputArea")).to_contain_text(
            "deliberately broken callback", timeout=IMAGE_REDRAW_TIMEOUT_MS
        )
        expect(page.locator(".jp-OutputArea")).to_contain_text("The figure could not be updated")
    finally:
        page.close()
        lab.shut_down_kernels()

import numpy as np
import pytest
from browser_support import record_console_errors
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

settings.register_profile("course", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("course")

FLOAT_DTYPES = [np.float32, np.float64]


@pytest.fixture(params=FLOAT_DTYPES, ids=["float32", "float64"])
def dtype(request):
    return request.param


def logit_arrays(dtype, min_dims=2, max_dims=2, bound=1e4):
    """Logit arrays of shape (N, C, ...) with entries in [-bound, bound]."""
    return hnp.arrays(
        dtype,
        hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=6),
        elements=st.floats(-bound, bound, width=np.dtype(dtype).itemsize * 8),
    )


def distributions(dtype, n_classes, batch=None, zeros=True):
    """Probability vectors (or a batch of them), by default with some exact zeros."""
    shape = (n_classes,) if batch is None else (batch, n_classes)
    positive = st.floats(1e-3, 1.0)
    weights = hnp.arrays(np.float64, shape, elements=st.one_of(st.just(0.0), positive) if zeros else positive)
    return weights.filter(lambda w: (w.sum(axis=-1) > 0).all()).map(
        lambda w: (w / w.sum(axis=-1, keepdims=True)).astype(dtype)
    )


@pytest.fixture(scope="session")
def trained_history():
    """The training explorer's default history: notebook 07's three models, trained once for the whole run."""
    from course_utils.digit_classifier import default_history

    return default_history()


@pytest.fixture(scope="session")
def browser():
    """The system Chromium under Playwright, shared by the browser tests (tests/browser_support.py)."""
    from browser_support import CHROMIUM, CHROMIUM_ARGS, missing
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing (install it with: apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def npm_dir(tmp_path_factory):
    """A folder where npm has installed the pinned reveal.js and MathJax (tools/web_assets.py), once a session."""
    import shutil

    from browser_support import missing
    from web_assets import npm_packages

    if shutil.which("npm") is None:
        missing("npm is missing (install it with: apt-get install npm); offline decks and the site need it once")
    folder = tmp_path_factory.mktemp("npm")
    npm_packages(folder)
    return folder


@pytest.fixture
def offline_page(browser):
    """A page with the network off: any request not for a file:// URL is recorded and aborted."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    outside = []

    def only_files(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    page.outside_requests = outside
    page.console_errors = record_console_errors(page)
    page.on("pageerror", lambda error: page.console_errors.append(f"uncaught: {error}"))
    page.on("requestfailed", lambda request: page.console_errors.append(f"failed to load {request.url}"))
    yield page
    context.close()


def pytest_report_header(config):
    import ipywidgets

    return f"ipywidgets {ipywidgets.__version__}"

"""Notebook 04's interactive figure, driven from code. Run under ipywidgets 8 and 7.7 (see Makefile)."""

from math import log

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from course_utils.explorers import compute_entropy_view, entropy_explorer
from course_utils.explorers.entropy import NATS_AXIS

DEFAULT_READOUT = (
    "p = [0.50, 0.30, 0.20], q = [0.10, 0.30, 0.60] (win, draw, loss)\n"
    "H(p) = 1.030 nats = 1.485 bits (at most log 3 = 1.099 nats)\n"
    "H(p, q) = 1.615 = H(p) 1.030 + KL(p || q) 0.585;   KL(q || p) = 0.498"
)


def test_compute_entropy_view_default():
    view = compute_entropy_view([0.5, 0.3, 0.2], [0.1, 0.3, 0.6])
    # The sums written out with math.log, one term per outcome.
    assert view.entropy_p == pytest.approx(-(0.5 * log(0.5) + 0.3 * log(0.3) + 0.2 * log(0.2)), rel=1e-12)
    assert view.cross_entropy == pytest.approx(-(0.5 * log(0.1) + 0.3 * log(0.3) + 0.2 * log(0.6)), rel=1e-12)
    assert view.kl_pq == pytest.approx(0.5 * log(0.5 / 0.1) + 0.2 * log(0.2 / 0.6), rel=1e-12)
    assert view.kl_qp == pytest.approx(0.1 * log(0.1 / 0.5) + 0.6 * log(0.6 / 0.2), rel=1e-12)
    assert view.max_entropy == pytest.approx(np.log(3))
    np.testing.assert_array_equal(view.q, [0.1, 0.3, 0.6])


three_outcomes = (
    st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3)
    .filter(lambda w: sum(w) > 1e-3)
    .map(lambda w: list(np.array(w) / np.sum(w)))
)


@given(three_outcomes, three_outcomes)
def test_compute_entropy_view_identity_and_bounds(p, q):
    view = compute_entropy_view(p, q)
    assert 0 <= view.entropy_p <= np.log(3) + 1e-12
    assert view.kl_pq >= -1e-12 and view.kl_qp >= -1e-12  # 0 up to rounding
    if np.isfinite(view.cross_entropy):
        assert view.cross_entropy == pytest.approx(view.entropy_p + view.kl_pq, abs=1e-9)
    else:
        assert np.isinf(view.kl_pq)


def test_compute_entropy_view_matches_torch_kl_div():
    p, q = [0.2, 0.5, 0.3], [0.4, 0.4, 0.2]
    view = compute_entropy_view(p, q)
    p_t, q_t = torch.tensor(p, dtype=torch.float64), torch.tensor(q, dtype=torch.float64)
    assert view.kl_pq == pytest.approx(torch.nn.functional.kl_div(q_t.log(), p_t, reduction="sum").item())
    assert view.kl_qp == pytest.approx(torch.nn.functional.kl_div(p_t.log(), q_t, reduction="sum").item())


def test_compute_entropy_view_zeros_and_one_hot():
    view = compute_entropy_view([0.0, 1.0], [0.3, 0.7])
    assert view.entropy_p == 0.0
    assert view.cross_entropy == view.kl_pq == pytest.approx(-np.log(0.7))
    assert np.isinf(view.kl_qp)
    assert compute_entropy_view([0.5, 0.5], [0.5, 0.5]).kl_pq == 0.0


@pytest.mark.parametrize(
    "p, q, error, fragment",
    [
        (
            [0.5, 0.6],
            [0.5, 0.5],
            ValueError,
            "compute_entropy_view: p must sum to 1 along axis 0 (tolerance 1e-06); "
            "got a sum of 1.1. Normalise with p / p.sum(axis=0, keepdims=True).",
        ),
        (
            [0.5, 0.5],
            [1.5, -0.5],
            ValueError,
            "compute_entropy_view: q must hold probabilities in [0, 1]; got 1.5 at "
            "index (0,). Odds, scores or logits? Turn them into probabilities first",
        ),
        (
            [1.0],
            [1.0],
            ValueError,
            "compute_entropy_view: p must be one list of at least 2 numbers; got 1 number. "
            "Pass one probability per outcome, e.g. p=[0.5, 0.3, 0.2].",
        ),
        ([[0.5, 0.5]], [[0.5, 0.5]], ValueError, "got an array of shape (1, 2). Pass one probability per outcome"),
        (
            [0.5, 0.5],
            [0.2, 0.3, 0.5],
            ValueError,
            "compute_entropy_view: p and q must have the same shape; "
            "got (2,) and (3,). Both must be distributions over the same outcomes.",
        ),
        (
            [0.5, np.nan],
            [0.5, 0.5],
            ValueError,
            "compute_entropy_view: p must not contain NaN; got NaN at index (1,). NaN",
        ),
        (
            ["a", "b"],
            [0.5, 0.5],
            TypeError,
            "compute_entropy_view: p must be an array of real numbers; got ['a', 'b']. Pass real numbers",
        ),
    ],
)
def test_compute_entropy_view_rejects_bad_input(p, q, error, fragment):
    with pytest.raises(error) as caught:
        compute_entropy_view(p, q)
    assert fragment in str(caught.value)


def test_entropy_explorer_default_readout_and_controls():
    explorer = entropy_explorer()
    assert explorer.readout_text == DEFAULT_READOUT
    assert [c.description for c in explorer.controls] == ["p(win)", "p(draw)", "q(win)", "q(draw)"]
    assert all((c.min, c.max, c.step) == (0.0, 1.0, 0.01) for c in explorer.controls)
    assert explorer.error_area.value == ""


def test_the_slider_you_drag_pushes_its_partner_down():
    explorer = entropy_explorer()
    p_win, p_draw, q_win, q_draw = explorer.controls
    p_win.value = 0.9
    assert p_draw.value == pytest.approx(0.1) and explorer.readout_text.startswith("p = [0.90, 0.10, 0.00]")
    p_draw.value = 0.95
    assert p_win.value == pytest.approx(0.05) and explorer.readout_text.startswith("p = [0.05, 0.95, 0.00]")
    q_draw.value = 0.7  # 0.1 + 0.7 <= 1: nothing pushed
    assert q_win.value == 0.1 and "q = [0.10, 0.70, 0.20]" in explorer.readout_text
    assert explorer.error_area.value == ""


def test_a_push_redraws_once(monkeypatch):
    explorer = entropy_explorer()
    renders = []
    render = explorer.live.render
    monkeypatch.setattr(explorer.live, "render", lambda: renders.append(1) or render())
    explorer.controls[0].value = 0.95  # pushes p(draw) from 0.3 to 0.05
    assert len(renders) == 1
    explorer.controls[1].value = 0.5  # pushes p(win) back to 0.5
    assert len(renders) == 2 and explorer.controls[0].value == pytest.approx(0.5)
    explorer.controls[1].value = 0.4  # no push
    assert len(renders) == 3


def test_the_settings_the_notebook_suggests():
    explorer = entropy_explorer(p=(0.5, 0.3, 0.2), q=(0.1, 0.3, 0.6))
    p_win, p_draw, q_win, q_draw = explorer.controls
    q_win.value = 0.5  # task 2: q = p
    assert explorer.readout_text.splitlines()[2] == (
        "H(p, q) = 1.030 = H(p) 1.030 + KL(p || q) 0.000;   KL(q || p) = 0.000"
    )
    p_win.value, p_draw.value = 0.33, 0.33  # task 3: p nearly uniform
    assert "H(p) = 1.099 nats" in explorer.readout_text and "log 3 = 1.099 nats" in explorer.readout_text
    p_win.value = 1.0  # task 4: one-hot p
    q_win.value = 0.1
    assert p_draw.value == 0.0
    assert explorer.readout_text.splitlines()[1].startswith("H(p) = 0.000 nats")
    assert explorer.readout_text.splitlines()[2] == (
        "H(p, q) = 2.303 = H(p) 0.000 + KL(p || q) 2.303;   KL(q || p) = inf"
    )
    q_draw.value = 0.9  # task 5: q rules out a loss
    p_win.value = 0.5
    assert "q = [0.10, 0.90, 0.00]" in explorer.readout_text and "p = [0.50, 0.00, 0.50]" in explorer.readout_text
    assert explorer.readout_text.splitlines()[2].startswith("H(p, q) = inf = H(p) 0.693 + KL(p || q) inf;")
    assert explorer.error_area.value == ""


def test_bars_stay_on_fixed_axes_and_tall_ones_stop_at_the_top():
    explorer = entropy_explorer()
    limits = [ax.get_ylim() for ax in explorer.live.figure.axes]
    p_win, p_draw, q_win, q_draw = explorer.controls
    q_win.value, q_draw.value = 0.0, 1.0  # q is certain of a draw: both KL infinite
    p_win.value = 1.0
    nats_bars = explorer.live.figure.axes[1].patches
    assert max(bar.get_y() + bar.get_height() for bar in nats_bars) == NATS_AXIS
    labels = [text.get_text() for text in explorer.live.figure.axes[1].texts]
    assert labels[-4:] == ["0.000", "inf", "inf", "inf"]
    assert [ax.get_ylim() for ax in explorer.live.figure.axes] == limits
    assert explorer.error_area.value == ""


def test_first_slider_redraws_the_image():
    explorer = entropy_explorer()
    first = explorer.image.value
    explorer.controls[0].value = 0.53  # what three ArrowRight presses do in the browser test
    assert explorer.image.value != first
    assert explorer.readout_text.startswith("p = [0.53, 0.30, 0.17]")


@pytest.mark.parametrize(
    "kwargs, error, fragment",
    [
        (
            {"p": (0.5, 0.5)},
            ValueError,
            "entropy_explorer: p must be one list of 3 numbers; got 2 numbers. "
            "Pass one probability each for win, draw and loss, e.g. p=[0.5, 0.3, 0.2].",
        ),
        ({"q": "abc"}, TypeError, "entropy_explorer: q must be an array of real numbers; got 'abc'. Pass real numbers"),
        (
            {"q": np.array([[0.2, 0.3, 0.5]])},
            ValueError,
            "entropy_explorer: q must be one list of 3 numbers; "
            "got an array of shape (1, 3). Pass one probability each",
        ),
        (
            {"p": (0.5, 0.3, 0.3)},
            ValueError,
            "entropy_explorer: p must sum to 1 along axis 0 (tolerance 1e-06); got a sum of 1.1. Normalise",
        ),
        (
            {"q": (0.5, 0.6, -0.1)},
            ValueError,
            "entropy_explorer: q must hold probabilities in [0, 1]; got -0.1 at index (2,). Odds, scores or logits?",
        ),
    ],
)
def test_entropy_explorer_rejects_bad_input(kwargs, error, fragment):
    with pytest.raises(error) as caught:
        entropy_explorer(**kwargs)
    assert fragment in str(caught.value)


def test_display_bundle_has_a_snapshot_and_a_summary():
    bundle = entropy_explorer().display_bundle()
    assert bundle["text/plain"] == "Entropy explorer: " + DEFAULT_READOUT.replace("\n", "; ")
    assert bundle["image/png"]


def test_entropy_explorer_takes_arrays():
    explorer = entropy_explorer(q=np.array([0.2, 0.3, 0.5]))
    assert explorer.readout_text.startswith("p = [0.50, 0.30, 0.20], q = [0.20, 0.30, 0.50]")

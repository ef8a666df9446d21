"""Notebook 02's interactive figures, driven from code. Run under ipywidgets 8 and 7.7 (see Makefile)."""

import numpy as np
import pytest

from course_utils.explorers import compute_logistic_view, compute_logit_view, logistic_regression_explorer
from course_utils.explorers.logit import PASSED, STUDY_HOURS

MLE = (1.5046454, -4.0777134)  # the maximum-likelihood fit, found by Newton's method in notebook 02


@pytest.mark.parametrize(
    "p, odds, logit", [(0.5, 1.0, 0.0), (0.8, 4.0, np.log(4)), (0.1, 1 / 9, -np.log(9)), (0.9, 9.0, np.log(9))]
)
def test_compute_logit_view(p, odds, logit):
    view = compute_logit_view(p)
    assert view.odds == pytest.approx(odds)
    assert view.logit == pytest.approx(logit, abs=1e-12)
    assert view.sigmoid == pytest.approx(p)


def test_the_data_set_is_the_classic_table():
    assert STUDY_HOURS.shape == PASSED.shape == (20,)
    assert PASSED.sum() == 10 and set(PASSED) == {0.0, 1.0}
    assert not STUDY_HOURS.flags.writeable


def log_likelihood_by_brute_force(w, b):
    q = 1 / (1 + np.exp(-(w * STUDY_HOURS + b)))
    return np.sum(PASSED * np.log(q) + (1 - PASSED) * np.log(1 - q))


@pytest.mark.parametrize("w, b", [(1.5, -4.0), (0.5, 1.0), (-2.0, 3.0), (0.0, 0.0)])
def test_compute_logistic_view_matches_the_textbook_formula(w, b):
    view = compute_logistic_view(w, b)
    assert view.log_likelihood == pytest.approx(log_likelihood_by_brute_force(w, b), rel=1e-12)
    np.testing.assert_allclose(view.probs, 1 / (1 + np.exp(-(w * STUDY_HOURS + b))))
    assert view.odds_factor == pytest.approx(np.exp(w))


def test_compute_logistic_view_at_the_best_fit():
    view = compute_logistic_view(*MLE)
    assert view.boundary == pytest.approx(2.7101, abs=1e-4)
    assert view.log_likelihood == pytest.approx(-8.0299, abs=1e-4)
    for w, b in [(MLE[0] + 0.05, MLE[1]), (MLE[0], MLE[1] + 0.05), (1.5, -4.0)]:
        assert compute_logistic_view(w, b).log_likelihood < view.log_likelihood


def test_compute_logistic_view_is_stable_at_extreme_parameters():
    with np.errstate(all="raise"):  # any overflow, log(0) or 0/0 would raise here
        view = compute_logistic_view(4.0, 10.0)
    # Every student gets q > 1 - 1e-7: the failed ones cost about -(w * hours + b) each, the rest about 0.
    failed = PASSED == 0
    assert view.log_likelihood == pytest.approx(-np.sum(4.0 * STUDY_HOURS[failed] + 10.0), abs=1e-4)


def test_compute_logistic_view_without_a_boundary():
    view = compute_logistic_view(0.0, 0.0)
    assert view.boundary is None
    assert view.log_likelihood == pytest.approx(20 * np.log(0.5))


def test_logistic_regression_explorer_follows_its_sliders():
    explorer = logistic_regression_explorer()
    w_slider, b_slider = explorer.controls
    assert (w_slider.value, b_slider.value) == (1.5, -4.0)
    assert explorer.readout_text == (
        "w = 1.5, b = -4.0: boundary at -b / w = 2.67 hours; one more hour multiplies the odds of passing "
        "by e^w = 4.48\nlog-likelihood of the 20 results = -8.035"
    )
    images = {explorer.image.value}
    b_slider.value = -4.1
    assert explorer.readout_text.endswith("= -8.031") and "2.73 hours" in explorer.readout_text
    images.add(explorer.image.value)
    w_slider.value = 0.0
    assert "no boundary, every student gets p = 0.016" in explorer.readout_text
    images.add(explorer.image.value)
    assert len(images) == 3 and explorer.error_area.value == ""


def test_logistic_regression_explorer_reaches_the_corners_of_its_sliders():
    explorer = logistic_regression_explorer()
    w_slider, b_slider = explorer.controls
    for w in (w_slider.min, w_slider.max):
        for b in (b_slider.min, b_slider.max):
            w_slider.value, b_slider.value = w, b
            assert explorer.error_area.value == "", explorer.error_area.value
    assert "boundary at -b / w = -3.00 hours" in explorer.readout_text


def test_logistic_regression_explorer_reaches_the_setting_the_notebook_suggests():
    explorer = logistic_regression_explorer()
    w_slider, b_slider = explorer.controls
    assert b_slider.min <= -10.8 and b_slider.max >= 10.8
    w_slider.value, b_slider.value = 4.0, -10.8
    assert (w_slider.value, b_slider.value) == (4.0, -10.8)
    assert explorer.readout_text == (
        "w = 4.0, b = -10.8: boundary at -b / w = 2.70 hours; one more hour multiplies the odds of passing "
        "by e^w = 54.6\nlog-likelihood of the 20 results = -11.655"
    )
    assert explorer.error_area.value == ""


def test_moving_w_alone_moves_the_boundary():
    explorer = logistic_regression_explorer(w=1.0, b=-4.0)
    w_slider, _ = explorer.controls
    assert "boundary at -b / w = 4.00 hours" in explorer.readout_text
    w_slider.value = 2.0
    assert "boundary at -b / w = 2.00 hours" in explorer.readout_text


def test_the_grid_search_of_notebook_02_finds_the_best_slider_setting():
    w_values, b_values = np.arange(-40, 41) / 10, np.arange(-120, 121) / 10
    explorer = logistic_regression_explorer()
    w_slider, b_slider = explorer.controls
    assert (w_slider.min, w_slider.max, b_slider.min, b_slider.max) == (
        w_values[0],
        w_values[-1],
        b_values[0],
        b_values[-1],
    )
    lls = np.array([[compute_logistic_view(w, b).log_likelihood for b in b_values] for w in w_values])
    i, j = np.unravel_index(np.argmax(lls), lls.shape)
    assert (w_values[i], b_values[j]) == (1.5, -4.1) and round(lls[i, j], 3) == -8.031


@pytest.mark.parametrize("w, b", [(4.0, -2.0), (1.5, -4.0), (4.0, -12.0), (-2.0, 6.0), (-2.0, 11.0), (0.5, -0.5)])
def test_the_boundary_label_stays_off_the_score_line(w, b):
    """The label goes in a corner the score line never crosses, on whichever side has room."""
    explorer = logistic_regression_explorer()
    w_slider, b_slider = explorer.controls
    w_slider.value, b_slider.value = w, b
    score_ax = explorer.live.figure.axes[0]
    renderer = explorer.live.figure.canvas.get_renderer()
    label = next(text for text in score_ax.texts if text.get_text().startswith("boundary"))
    box = label.get_window_extent(renderer)
    line = max(score_ax.lines, key=lambda artist: len(artist.get_xdata()))  # the score line: 200 points
    points = score_ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
    inside = (points[:, 0] >= box.x0) & (points[:, 0] <= box.x1) & (points[:, 1] >= box.y0) & (points[:, 1] <= box.y1)
    assert not inside.any(), f"w={w}, b={b}: the label sits on the score line"
    assert score_ax.bbox.x0 <= box.x0 and box.x1 <= score_ax.bbox.x1, "the label stays inside the panel"

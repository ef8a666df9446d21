"""Notebook 06's interactive figure, driven from code. Run under ipywidgets 8 and 7.7 (see Makefile)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from course_utils.explorers import compute_loss_options_view, loss_options_explorer
from course_utils.explorers.cross_entropy_practice import IGNORE_INDEX, OPTIONS_LOGITS, OPTIONS_TARGET

DEFAULT_READOUT = (
    "targets [0, 2, 1, 2], class weights [1.00, 1.00, 1.00], label_smoothing = 0.00\n"
    'losses (reduction="none") = [0.241, 1.378, 0.428, 0.317], sum = 2.364\n'
    "mean = sum / sum of weight[target] = 2.364 / 4.00 = 0.591   (the bars' plain average: 0.591)\n"
    'reduction="mean" returns 0.591'
)


def torch_loss(target, weight, label_smoothing, reduction):
    return F.cross_entropy(
        torch.tensor(OPTIONS_LOGITS),
        torch.tensor(target),
        weight=torch.tensor(weight),
        ignore_index=IGNORE_INDEX,
        label_smoothing=label_smoothing,
        reduction=reduction,
    ).numpy()


@given(st.floats(0.25, 4.0), st.floats(0.0, 0.5), st.booleans(), st.sampled_from(["mean", "sum", "none"]))
def test_every_number_is_what_torch_returns(weight, label_smoothing, ignore_last, reduction):
    view = compute_loss_options_view(weight, label_smoothing, ignore_last, reduction)
    target, class_weight = view.target, view.class_weight
    np.testing.assert_allclose(view.losses, torch_loss(target, class_weight, label_smoothing, "none"), rtol=1e-12)
    np.testing.assert_allclose(view.mean, torch_loss(target, class_weight, label_smoothing, "mean"), rtol=1e-12)
    np.testing.assert_allclose(view.value, torch_loss(target, class_weight, label_smoothing, reduction), rtol=1e-12)
    # The weighted mean divides by the weights of the counted targets, not by N.
    assert view.mean == pytest.approx(view.sum / view.weights.sum(), rel=1e-12)
    assert view.plain_mean == pytest.approx(view.sum / 4, rel=1e-12)
    np.testing.assert_allclose(view.target_dist.sum(), 1.0)
    assert view.target_dist[OPTIONS_TARGET[0]] == pytest.approx(1 - label_smoothing + label_smoothing / 3)


def test_weights_move_the_mean_away_from_the_bars_average_and_ignore_drops_an_example():
    plain = compute_loss_options_view()
    assert plain.mean == pytest.approx(plain.plain_mean)  # all weights 1: the same number
    heavy = compute_loss_options_view(weight=4.0)
    assert heavy.mean < heavy.plain_mean  # divides by 10, not by 4
    ignored = compute_loss_options_view(ignore_last=True)
    assert ignored.losses[-1] == 0 and ignored.weights.tolist() == [1.0, 1.0, 1.0, 0.0]
    assert ignored.mean == pytest.approx(ignored.losses[:3].mean())
    assert ignored.target.tolist() == [0, 2, 1, IGNORE_INDEX]


@pytest.mark.parametrize(
    "kwargs, error, fragment",
    [
        ({"weight": 0.0}, ValueError, "compute_loss_options_view: weight must be positive; got 0.0."),
        ({"weight": -1.0}, ValueError, "compute_loss_options_view: weight must lie in [0, 1e+06]; got -1.0."),
        ({"weight": np.nan}, ValueError, "weight must lie in"),
        ({"weight": "2"}, TypeError, "compute_loss_options_view: weight must be a number; got '2'."),
        ({"label_smoothing": 1.5}, ValueError, "label_smoothing must lie in [0, 1]; got 1.5. Use e.g."),
        ({"label_smoothing": True}, TypeError, "label_smoothing must be a number; got True."),
        ({"ignore_last": "yes"}, TypeError, "compute_loss_options_view: ignore_last must be True or False; got 'yes'."),
        (
            {"reduction": "avg"},
            ValueError,
            "compute_loss_options_view: reduction must be one of 'none', 'mean', 'sum'; "
            'got \'avg\'. Pass e.g. reduction="mean"; "sum" adds the losses, "none" '
            "keeps one each.",
        ),
        (
            {"reduction": None},
            TypeError,
            "compute_loss_options_view: reduction must be one of 'none', 'mean', 'sum'; got None. Pass e.g.",
        ),
        (
            {"reduction": "x" * 1000},
            ValueError,
            "got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (1000 characters).",
        ),  # cut short
        ({"ignore_last": 1}, TypeError, "ignore_last must be True or False; got 1. Pass ignore_last=True"),
    ],
)
def test_compute_rejects_bad_input(kwargs, error, fragment):
    with pytest.raises(error) as caught:
        compute_loss_options_view(**kwargs)
    assert fragment in str(caught.value)


def test_explorer_default_readout_and_controls():
    explorer = loss_options_explorer()
    assert explorer.readout_text == DEFAULT_READOUT
    assert [c.description for c in explorer.controls] == [
        "weight of class 2",
        "label smoothing",
        "example 3",
        "reduction",
    ]


def test_first_slider_redraws_the_image():
    explorer = loss_options_explorer()
    first = explorer.image.value
    explorer.controls[0].value = 2**0.25  # what ArrowRight does in the browser test: one step of the exponent
    assert explorer.image.value != first
    assert explorer.readout_text.startswith("targets [0, 2, 1, 2], class weights [1.00, 1.00, 1.19]")


def test_the_settings_the_notebook_suggests():
    explorer = loss_options_explorer()
    weight, smoothing, example3, reduction = explorer.controls
    weight.value = 4.0
    assert "mean = sum / sum of weight[target] = 7.448 / 10.00 = 0.745" in explorer.readout_text
    assert "(the bars' plain average: 1.862)" in explorer.readout_text
    example3.value = True
    assert "targets [0, 2, 1, -100]" in explorer.readout_text
    reduction.value = "none"
    assert explorer.readout_text.endswith('reduction="none" returns [0.241, 5.511, 0.428, 0.000]')
    smoothing.value = 0.2
    assert "label_smoothing = 0.20" in explorer.readout_text


def test_losses_stay_inside_the_fixed_axis():
    explorer = loss_options_explorer()
    weight, smoothing, _, _ = explorer.controls
    top = explorer.live.figure.axes[0].get_ylim()[1]
    for w in (0.25, 1.0, 4.0):
        for alpha in (0.0, 0.25, 0.5):
            assert compute_loss_options_view(w, alpha).losses.max() < top


@pytest.mark.parametrize(
    "kwargs, error, fragment",
    [
        (
            {"weight": 5.0},
            ValueError,
            "loss_options_explorer: weight must lie in [0.25, 4]; got 5.0. "
            "Pick a value the slider shows, e.g. weight=1.",
        ),
        ({"label_smoothing": 0.9}, ValueError, "loss_options_explorer: label_smoothing must lie in [0, 0.5]; got 0.9."),
        ({"weight": None}, TypeError, "loss_options_explorer: weight must be a number; got None."),
    ],
)
def test_explorer_rejects_bad_input(kwargs, error, fragment):
    with pytest.raises(error) as caught:
        loss_options_explorer(**kwargs)
    assert fragment in str(caught.value)


def test_display_bundle_has_a_snapshot_and_a_summary():
    bundle = loss_options_explorer().display_bundle()
    assert bundle["text/plain"].startswith("Loss options explorer: targets [0, 2, 1, 2]")
    assert bundle["image/png"]

"""Notebook 05's interactive figure, driven from code. Run under ipywidgets 8 and 7.7 (see Makefile)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from course_utils.explorers import compute_cross_entropy_view, cross_entropy_explorer
from course_utils.explorers.cross_entropy import LOSS_AXIS

DEFAULT_READOUT = (
    "z = [2.0, 1.0, 0.1], true class y = 0: probabilities [0.659, 0.242, 0.0986]\n"
    "loss = -log p_0 = -log 0.659 = 0.417 = logsumexp(z) - z_0 = 2.417 - 2.0\n"
    "gradient p - onehot(y) = [-0.341, 0.242, 0.099], sum = 0.000"
)


def test_compute_cross_entropy_view_default():
    view = compute_cross_entropy_view([2.0, 1.0, 0.1])
    np.testing.assert_allclose(view.probs, [0.65900114, 0.24243297, 0.09856589], rtol=1e-7)
    assert view.loss == pytest.approx(0.4170300162778335, rel=1e-12)
    assert view.logsumexp == pytest.approx(2.4170300162778335, rel=1e-12)
    assert view.p_true == pytest.approx(view.probs[0]) and view.target == 0
    np.testing.assert_array_equal(view.onehot, [1.0, 0.0, 0.0])
    np.testing.assert_allclose(view.grad, view.probs - [1.0, 0.0, 0.0])


@given(st.lists(st.floats(-5, 5), min_size=2, max_size=5), st.integers(0, 4))
def test_compute_cross_entropy_view_matches_torch_and_autograd(logits, target):
    target %= len(logits)
    view = compute_cross_entropy_view(logits, target=target)
    x = torch.tensor([logits], dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(x, torch.tensor([target]))
    loss.backward()
    assert view.loss == pytest.approx(loss.item(), rel=1e-12, abs=1e-15)
    np.testing.assert_allclose(view.grad, x.grad.numpy()[0], rtol=1e-10, atol=1e-15)
    assert view.loss == pytest.approx(view.logsumexp - logits[target], rel=1e-12, abs=1e-12)
    assert view.loss == pytest.approx(-np.log(view.p_true), rel=1e-9, abs=1e-12)
    assert abs(view.grad.sum()) < 1e-12 and view.grad[target] <= 0


def test_compute_cross_entropy_view_is_shift_invariant():
    plain = compute_cross_entropy_view([2.0, 1.0, 0.1], target=1)
    shifted = compute_cross_entropy_view([102.0, 101.0, 100.1], target=1)
    assert shifted.loss == pytest.approx(plain.loss, rel=1e-12)
    np.testing.assert_allclose(shifted.grad, plain.grad, atol=1e-12)


@pytest.mark.parametrize(
    "kwargs, error, fragment",
    [
        (
            {"logits": [1.0]},
            ValueError,
            "compute_cross_entropy_view: logits must be one list of at least 2 numbers; "
            "got 1 number. Pass one score per class, e.g. logits=[2.0, 1.0, 0.1].",
        ),
        ({"logits": [[1.0, 2.0]]}, ValueError, "got an array of shape (1, 2). Pass one score per class"),
        (
            {"logits": [1.0, np.inf]},
            ValueError,
            "compute_cross_entropy_view: logits must be -inf (a mask) or finite and at most 1e+100 in size; "
            "got +inf at index 1. A +inf score has no probability; use a large finite number instead.",
        ),
        ({"logits": [1.0, -1e101]}, ValueError, "got -1e+101 at index 1. Subtract the same number from every logit"),
        (
            {"logits": [1.0, np.nan]},
            ValueError,
            "compute_cross_entropy_view: logits must not contain NaN; got NaN at index (1,).",
        ),
        (
            {"logits": ["a", "b"]},
            TypeError,
            "compute_cross_entropy_view: logits must be an array of real numbers; got ['a', 'b']. Pass real numbers",
        ),
        (
            {"logits": [1.0, [2.0, 3.0]]},
            TypeError,
            "compute_cross_entropy_view: logits must be an array with rows of equal length; got [1.0, [2.0, 3.0]]. Pad",
        ),
        (
            {"logits": [-np.inf, -np.inf]},
            ValueError,
            "compute_cross_entropy_view: logits must leave at least one class unmasked (not -inf); got [-inf, -inf].",
        ),
        (
            {"logits": [1.0, 2.0], "target": 2},
            ValueError,
            "compute_cross_entropy_view: target must be a class index in [0, 2); got 2. "
            "Class indices start at 0: for 2 classes, pass an int from 0 to 1.",
        ),
        (
            {"logits": [1.0, 2.0], "target": -1},
            ValueError,
            "target must be a class index in [0, 2); got -1. Class indices",
        ),
        (
            {"logits": [1.0, 2.0], "target": 1.0},
            TypeError,
            "compute_cross_entropy_view: target must be a class index, an integer; got 1.0. Class indices start at 0",
        ),
        (
            {"logits": [1.0, 2.0], "target": True},
            TypeError,
            "target must be a class index, an integer; got True. Class",
        ),
    ],
)
def test_compute_cross_entropy_view_rejects_bad_input(kwargs, error, fragment):
    with pytest.raises(error) as caught:
        compute_cross_entropy_view(**kwargs)
    assert fragment in str(caught.value)


@pytest.mark.parametrize("target", [0, 1, 2])
def test_a_minus_inf_logit_masks_its_class_out(target):
    """-inf logits are masks (house style): probability 0, and an infinite loss only if it is the true class."""
    logits = [2.0, -np.inf, 0.5]
    view = compute_cross_entropy_view(logits, target=target)  # pytest turns any warning into an error
    rest = compute_cross_entropy_view([2.0, 0.5], target=min(target, 1))
    assert view.probs[1] == 0.0 and view.probs.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(view.probs[[0, 2]], rest.probs, rtol=1e-15)
    assert view.logsumexp == pytest.approx(rest.logsumexp, rel=1e-15)
    assert not any(np.isnan(value).any() for value in vars(view).values())
    x = torch.tensor([logits], dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(x, torch.tensor([target]))
    loss.backward()
    np.testing.assert_allclose(view.grad, x.grad.numpy()[0], rtol=1e-15, atol=1e-16)  # finite where the loss
    # is not; a last-bit difference from torch depends on the CPU's vector instructions
    if target == 1:
        assert view.loss == np.inf == loss.item() and view.p_true == 0.0
        np.testing.assert_allclose(view.grad, view.probs - [0, 1, 0], rtol=1e-15)
    else:
        assert view.loss == pytest.approx(rest.loss, rel=1e-15) == loss.item()


def test_compute_cross_entropy_view_takes_float32_and_integer_logits():
    for logits in (np.float32([2.0, 1.0, 0.1]), [2, 1, 0]):
        view = compute_cross_entropy_view(logits, target=0)
        assert view.probs.dtype == view.grad.dtype == np.float64
        expected = F.cross_entropy(torch.tensor(np.float64(logits))[None], torch.tensor([0])).item()
        assert view.loss == pytest.approx(expected, rel=1e-7)


def test_explorer_default_readout_and_controls():
    explorer = cross_entropy_explorer()
    assert explorer.readout_text == DEFAULT_READOUT
    assert [control.description for control in explorer.controls] == [
        "z0 (class 0)",
        "z1 (class 1)",
        "z2 (class 2)",
        "true class y",
    ]
    z0, _, _, selector = explorer.controls
    assert (z0.min, z0.max) == (-5.0, 5.0)
    assert [value for _, value in selector.options] == [0, 1, 2] and selector.value == 0
    assert explorer.error_area.value == ""


def test_the_settings_the_notebook_suggests():
    explorer = cross_entropy_explorer(logits=(2.0, 1.0, 0.1), target=0)
    _, _, z2, selector = explorer.controls
    assert "= 0.417 =" in explorer.readout_text and "[-0.341, 0.242, 0.099]" in explorer.readout_text
    selector.value = 2  # task 1
    assert "-log p_2 = -log 0.0986 = 2.317" in explorer.readout_text
    assert "[0.659, 0.242, -0.901]" in explorer.readout_text
    z2.value = 5.0  # task 2
    assert "= 0.066 =" in explorer.readout_text
    z2.value = -5.0  # task 3
    assert "= 7.314 = logsumexp(z) - z_2 = 2.314 - (-5.0)" in explorer.readout_text
    # The probabilities line and the loss line write p_2 alike, to 3 significant figures.
    assert "probabilities [0.731, 0.269, 0.000666]\nloss = -log p_2 = -log 0.000666 =" in explorer.readout_text
    assert explorer.readout_text.endswith("[0.731, 0.269, -0.999], sum = 0.000")
    for control in explorer.controls[:3]:  # task 4
        control.value = 0.0
    for y in (0, 1, 2):
        selector.value = y
        assert f"-log p_{y} = -log 0.333 = 1.099" in explorer.readout_text
    assert explorer.error_area.value == ""


def test_the_class_selector_moves_the_outline_and_redraws():
    explorer = cross_entropy_explorer()
    selector = explorer.controls[-1]
    prob_bars = explorer.live.figure.axes[0].patches
    first = explorer.image.value
    assert [bar.get_linewidth() for bar in prob_bars] == [2.5, 0.0, 0.0]
    selector.value = 1
    assert [bar.get_linewidth() for bar in prob_bars] == [0.0, 2.5, 0.0]
    grad_bars = explorer.live.figure.axes[1].patches
    assert [bar.get_linewidth() for bar in grad_bars] == [0.0, 2.5, 0.0]
    assert grad_bars[1].get_height() < 0 < grad_bars[0].get_height()
    assert explorer.image.value != first


def test_the_point_sits_on_the_curve_within_fixed_axes():
    explorer = cross_entropy_explorer(logits=(5.0, 5.0, 5.0, 5.0, -5.0), target=4)
    limits = [ax.get_ylim() for ax in explorer.live.figure.axes]
    point = explorer.live.animated[-1]
    p_y, loss = point.get_xdata()[1], point.get_ydata()[1]
    assert loss == pytest.approx(-np.log(p_y)) and loss == pytest.approx(10 + np.log(4 + np.exp(-10)))
    assert loss < LOSS_AXIS == explorer.live.figure.axes[2].get_ylim()[1]
    for control in explorer.controls:
        ends = (
            [control.options[0][1], control.options[-1][1]]
            if hasattr(control, "options")
            else [control.min, control.max]
        )
        for value in ends:
            control.value = value
            assert explorer.error_area.value == "", explorer.error_area.value
    assert [ax.get_ylim() for ax in explorer.live.figure.axes] == limits  # fixed axes: blitting stays valid


def test_no_negative_zero_in_the_readout():
    explorer = cross_entropy_explorer(logits=(-0.04, 0.0, 0.0), target=0)
    assert explorer.readout_text.startswith("z = [0.0, 0.0, 0.0], true class y = 0")
    assert "logsumexp(z) - z_0 = 1.085 - 0.0\n" in explorer.readout_text
    assert "-0.000" not in explorer.readout_text


@pytest.mark.parametrize("logits", [(1.5, 0.0), (1.0, 2.0, 3.0, 4.0, -1.0)])
def test_explorer_takes_two_to_five_classes(logits):
    explorer = cross_entropy_explorer(logits=logits, target=1)
    assert len(explorer.controls) == len(logits) + 1
    view = compute_cross_entropy_view(logits, target=1)
    assert f"probabilities [{', '.join(f'{p:#.3g}' for p in view.probs)}]" in explorer.readout_text
    assert f"= {view.loss:.3f} =" in explorer.readout_text


# Bad logits: see test_explorers_common.py, which tries them on this explorer too.
@pytest.mark.parametrize(
    "kwargs, error, fragment",
    [
        (
            {"target": 3},
            ValueError,
            "cross_entropy_explorer: target must be a class index in [0, 3); got 3. "
            "Class indices start at 0: for 3 classes, pass an int from 0 to 2.",
        ),
        (
            {"logits": (1.0, 2.0), "target": 2.0},
            TypeError,
            "cross_entropy_explorer: target must be a class index, an "
            "integer; got 2.0. Class indices start at 0: for 2 classes",
        ),
    ],
)
def test_explorer_rejects_bad_input(kwargs, error, fragment):
    with pytest.raises(error) as caught:
        cross_entropy_explorer(**kwargs)
    assert fragment in str(caught.value)


def test_tiny_probabilities_are_written_out_to_three_figures():
    explorer = cross_entropy_explorer(logits=(5.0, 5.0, 5.0, 5.0, -5.0), target=4)  # p_4 = 1.13e-5
    assert "probabilities [0.250, 0.250, 0.250, 0.250, 0.0000113]\n" in explorer.readout_text
    assert "-log p_4 = -log 0.0000113 = 11.386 =" in explorer.readout_text


def test_display_bundle_has_a_snapshot_and_a_summary():
    bundle = cross_entropy_explorer().display_bundle()
    assert bundle["text/plain"].startswith("Cross-entropy explorer: z = [2.0, 1.0, 0.1]")
    assert bundle["image/png"]


def test_the_point_stays_whole_at_a_tiny_probability():
    """At p_y near 1e-5 the point sits on the loss axis; it is not clipped, so it does not vanish into the edge."""
    explorer = cross_entropy_explorer(logits=(-5.0, 5.0, 5.0), target=0)
    loss_ax = explorer.live.figure.axes[2]
    point = next(line for line in loss_ax.lines if line.get_marker() == "o")
    assert point.get_xdata()[1] < 1e-4 and point.get_clip_on() is False
    assert "$p_y$" in loss_ax.get_xlabel()  # mathtext, not p_y as plain text

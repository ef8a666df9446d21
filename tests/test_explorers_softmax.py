"""Notebook 03's interactive figure, driven from code. Run under ipywidgets 8 and 7.7 (see Makefile)."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from course_utils.explorers import compute_softmax_view, softmax_explorer
from course_utils.explorers.softmax import LOGIT_AXIS

DEFAULT_READOUT = (
    "z + c = [2.0, 1.0, 0.1] (c = 0.0), T = 1.00: probabilities [0.659, 0.242, 0.099], sum = 1.000\n"
    "log-odds against class 2 (the reference), log(p_i / p_2) = (z_i - z_2) / T: "
    "[1.900, 0.900, 0.000]"
)


def probabilities_line(explorer):
    """The readout's probabilities, without the logits and shift that precede them."""
    first_line = explorer.readout_text.splitlines()[0]
    return first_line[first_line.index("probabilities") :]


def test_compute_softmax_view_default():
    view = compute_softmax_view([2.0, 1.0, 0.1])
    np.testing.assert_allclose(view.probs, [0.65900114, 0.24243297, 0.09856589], rtol=1e-7)
    np.testing.assert_allclose(view.log_odds, [1.9, 0.9, 0.0], atol=1e-12)
    assert view.reference == 2 and view.argmax == 0 and view.total == pytest.approx(1.0)
    np.testing.assert_array_equal(view.shifted, [2.0, 1.0, 0.1])


@given(st.lists(st.floats(-5, 5), min_size=2, max_size=5), st.floats(-5, 5), st.floats(0.1, 10), st.integers(0, 4))
def test_compute_softmax_view_is_shift_invariant_and_gives_log_odds(logits, shift, temperature, reference):
    reference %= len(logits)
    view = compute_softmax_view(logits, temperature=temperature, shift=shift, reference=reference)
    plain = compute_softmax_view(logits, temperature=temperature, reference=reference)
    np.testing.assert_allclose(view.probs, plain.probs, rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(view.log_odds, plain.log_odds, atol=1e-9)
    np.testing.assert_allclose(view.shifted, np.array(logits) + shift)
    assert view.total == pytest.approx(1.0)
    assert view.log_odds[reference] == 0.0
    # Log-odds against the reference are log(p_i / p_m) wherever both are representable.
    probs = view.probs
    if probs.min() > 1e-200:
        np.testing.assert_allclose(np.log(probs / probs[reference]), view.log_odds, atol=1e-9)


def test_compute_softmax_view_matches_torch_with_temperature():
    logits = [3.0, -1.0, 0.5, 2.0]
    for temperature in (0.1, 0.5, 1.0, 4.0):
        view = compute_softmax_view(logits, temperature=temperature, shift=2.5)
        expected = torch.softmax(torch.tensor(logits, dtype=torch.float64) / temperature, dim=0).numpy()
        np.testing.assert_allclose(view.probs, expected, rtol=1e-12)


def test_compute_softmax_view_temperature_limits():
    np.testing.assert_allclose(compute_softmax_view([2.0, 1.0, 0.1], temperature=1e-3).probs, [1, 0, 0], atol=1e-300)
    np.testing.assert_allclose(compute_softmax_view([2.0, 1.0, 0.1], temperature=1e6).probs, 1 / 3, atol=1e-6)


def test_compute_softmax_view_two_classes_is_the_sigmoid():
    for z in (-4.0, -0.5, 0.0, 1.5, 5.0):
        assert compute_softmax_view([z, 0.0]).probs[0] == pytest.approx(1 / (1 + np.exp(-z)), rel=1e-12)
        assert compute_softmax_view([z, 0.0]).log_odds[0] == pytest.approx(z)


def test_compute_softmax_view_other_references():
    view = compute_softmax_view([2.0, 1.0, 0.1], reference=0)
    np.testing.assert_allclose(view.log_odds, [0.0, -1.0, -1.9], atol=1e-12)
    assert compute_softmax_view([2.0, 1.0, 0.1], reference=-3).reference == 0


@pytest.mark.parametrize(
    "kwargs, error, fragment",
    [
        (
            {"logits": [1.0]},
            ValueError,
            "compute_softmax_view: logits must be one list of at least 2 numbers; "
            "got 1 number. Pass one score per class, e.g. logits=[2.0, 1.0, 0.1].",
        ),
        (
            {"logits": [[1.0, 2.0]]},
            ValueError,
            "logits must be one list of at least 2 numbers; got an array of shape (1, 2). Pass one score per class",
        ),
        (
            {"logits": [1.0, np.nan]},
            ValueError,
            "compute_softmax_view: logits must not contain NaN; got NaN at index (1,). "
            "NaN usually comes from an earlier step",
        ),
        (
            {"logits": ["a", "b"]},
            TypeError,
            "compute_softmax_view: logits must be an array of real numbers; got ['a', 'b']. Pass real numbers",
        ),
        (
            {"logits": [1.0, 2.0], "temperature": 0.0},
            ValueError,
            "compute_softmax_view: temperature must lie in [1e-100, 1e+100]; got 0.0. Pass a positive number, "
            "e.g. temperature=0.5; T -> 0 is a limit (the argmax), not a setting.",
        ),
        (
            {"logits": [1.0, 2.0], "temperature": -1.0},
            ValueError,
            "temperature must lie in [1e-100, 1e+100]; got -1.0. Pass a positive number",
        ),
        (
            {"logits": [1.0, 2.0], "shift": np.inf},
            ValueError,
            "compute_softmax_view: shift must lie in [-1e+100, 1e+100]; got inf. Pass one number, e.g. shift=5.0.",
        ),
        ({"logits": [1.0, 2.0], "reference": 2}, ValueError, "reference must be a class index in [-2, 2)"),
        ({"logits": [1.0, 2.0], "reference": 1.0}, TypeError, "reference must be a class index"),
    ],
)
def test_compute_softmax_view_rejects_bad_input(kwargs, error, fragment):
    with pytest.raises(error) as caught:
        compute_softmax_view(**kwargs)
    assert fragment in str(caught.value)


def test_softmax_explorer_default_readout_and_controls():
    explorer = softmax_explorer()
    assert explorer.readout_text == DEFAULT_READOUT
    descriptions = [control.description for control in explorer.controls]
    assert descriptions == ["z0 (class 0)", "z1 (class 1)", "z2 (class 2)", "shift all by c", "temperature T"]
    z0, _, _, shift, temperature = explorer.controls
    assert (z0.min, z0.max, shift.min, shift.max) == (-5.0, 5.0, -5.0, 5.0)
    assert temperature.base**temperature.min == pytest.approx(0.1)
    assert temperature.base**temperature.max == pytest.approx(10.0)
    assert explorer.error_area.value == ""


def test_shift_changes_the_logits_but_not_the_probabilities():
    explorer = softmax_explorer()
    shift = explorer.controls[3]
    images, probabilities = {explorer.image.value}, {probabilities_line(explorer)}
    for c in (5.0, -5.0, 2.3):
        shift.value = c
        assert explorer.error_area.value == ""
        images.add(explorer.image.value)
        probabilities.add(probabilities_line(explorer))
        assert explorer.readout_text.splitlines()[1] == DEFAULT_READOUT.splitlines()[1]  # log-odds unchanged
    assert len(images) == 4  # the logit bars moved
    assert probabilities == {"probabilities [0.659, 0.242, 0.099], sum = 1.000"}
    assert explorer.readout_text.startswith("z + c = [4.3, 3.3, 2.4] (c = 2.3)")


def test_the_settings_the_notebook_suggests():
    explorer = softmax_explorer()
    z0, _, _, shift, temperature = explorer.controls
    temperature.value = 0.1
    assert temperature.value == 0.1
    assert "probabilities [1.000, 0.000, 0.000]" in explorer.readout_text
    assert explorer.readout_text.endswith("[19.000, 9.000, 0.000]")
    temperature.value = 10.0
    assert temperature.value == 10.0
    assert "probabilities [0.366, 0.331, 0.303]" in explorer.readout_text
    temperature.value = 1.0
    z0.value = 1.0
    assert "probabilities [0.416, 0.416, 0.169]" in explorer.readout_text
    assert explorer.readout_text.endswith("[0.900, 0.900, 0.000]")
    z0.value = 2.0
    explorer.controls[2].value = -1.0  # task 4: class 2's bar hangs below 0
    assert "probabilities [0.705, 0.259, 0.035]" in explorer.readout_text
    assert explorer.readout_text.endswith("[3.000, 2.000, 0.000]")
    assert explorer.error_area.value == ""


def test_every_corner_of_the_sliders_draws_without_error():
    explorer = softmax_explorer()
    logit_axes = explorer.live.figure.axes[0]
    limits = [ax.get_ylim() for ax in explorer.live.figure.axes]
    for control in explorer.controls:
        for value in (control.min, control.max):
            control.value = control.base**value if hasattr(control, "base") else value
            assert explorer.error_area.value == "", explorer.error_area.value
    for z in explorer.controls[:3]:
        z.value = z.max
    explorer.controls[3].value = explorer.controls[3].max
    heights = [bar.get_height() for bar in logit_axes.patches]
    assert max(heights) == 10.0 and max(heights) < LOGIT_AXIS == logit_axes.get_ylim()[1]
    assert [ax.get_ylim() for ax in explorer.live.figure.axes] == limits  # fixed axes: blitting stays valid
    assert "sum = 1.000" in explorer.readout_text


def test_no_negative_zero_in_the_readout():
    explorer = softmax_explorer(logits=(-0.04, 0.0, 0.0))
    assert explorer.readout_text.startswith("z + c = [0.0, 0.0, 0.0] (c = 0.0)")
    explorer.controls[3].value = -0.001
    assert explorer.readout_text.startswith("z + c = [0.0, 0.0, 0.0] (c = 0.0)")


@pytest.mark.parametrize("logits", [(1.5, 0.0), (1.0, 2.0, 3.0, 4.0, -1.0)])
def test_softmax_explorer_takes_two_to_five_classes(logits):
    explorer = softmax_explorer(logits=logits)
    assert len(explorer.controls) == len(logits) + 2
    view = compute_softmax_view(logits)
    assert f"probabilities [{', '.join(f'{p:.3f}' for p in view.probs)}]" in explorer.readout_text
    assert f"log-odds against class {len(logits) - 1} (the reference)" in explorer.readout_text


def test_two_class_explorer_shows_the_sigmoid():
    explorer = softmax_explorer(logits=(1.5, 0.0))
    assert f"probabilities [{1 / (1 + np.exp(-1.5)):.3f}" in explorer.readout_text


# Bad logits: see test_explorers_common.py, which tries them on this explorer too.
@pytest.mark.parametrize(
    "kwargs, error, fragment",
    [
        (
            {"temperature": 20.0},
            ValueError,
            "softmax_explorer: temperature must lie in [0.1, 10]; got 20.0. "
            "Pick a value the slider shows, e.g. temperature=1.",
        ),
        (
            {"shift": -6},
            ValueError,
            "softmax_explorer: shift must lie in [-5, 5]; got -6. It changes no probability. "
            "Pick a value the slider shows, e.g. shift=0.",
        ),
        ({"temperature": "1"}, TypeError, "softmax_explorer: temperature must be a number; got '1'. Pick a value"),
    ],
)
def test_softmax_explorer_rejects_bad_input(kwargs, error, fragment):
    with pytest.raises(error) as caught:
        softmax_explorer(**kwargs)
    assert fragment in str(caught.value)


def test_display_bundle_has_a_snapshot_and_a_summary():
    bundle = softmax_explorer().display_bundle()
    assert bundle["text/plain"].startswith("Softmax explorer: z + c = [2.0, 1.0, 0.1]")
    assert bundle["image/png"]


def test_reference_line_is_visible_on_top_of_the_zero_line():
    from matplotlib.colors import to_rgba

    from course_utils.explorers.softmax import CLASS_COLOURS, REFERENCE_COLOUR, ZERO_LINE_COLOUR

    explorer = softmax_explorer()
    reference_line = explorer.live.animated[3]  # after the three logit bars: drawn on top of them
    assert reference_line.get_linestyle() == "--"
    assert list(reference_line.get_ydata()) == [0.1, 0.1]
    colour = to_rgba(reference_line.get_color())
    assert colour == to_rgba(REFERENCE_COLOUR)
    assert colour not in {to_rgba(c) for c in [*CLASS_COLOURS, ZERO_LINE_COLOUR]}
    zero_line = explorer.live.figure.axes[0].lines[0]
    assert list(zero_line.get_ydata()) == [0, 0] and zero_line.get_linewidth() < reference_line.get_linewidth()


def test_every_logit_bar_shows_its_end_above_the_dashed_line():
    """At the start class 2's logit is 0.1 and the dashed line runs along its bar's end: a cap in the bar's colour,
    drawn over the line, keeps it visible, and the caps follow the bars."""
    explorer = softmax_explorer()
    logit_ax = explorer.live.figure.axes[0]
    caps = logit_ax.collections[0]
    ends = [segment[0][1] for segment in caps.get_segments()]
    np.testing.assert_allclose(ends, [2.0, 1.0, 0.1])
    explorer.controls[3].value = 2.0  # shift all by c
    np.testing.assert_allclose([segment[0][1] for segment in caps.get_segments()], [4.0, 3.0, 2.1])
    assert explorer.live.animated.index(caps) > explorer.live.animated.index(logit_ax.lines[-1])  # drawn after it

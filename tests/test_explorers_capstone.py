"""Notebook 07's interactive figure. Run under ipywidgets 8 and 7.7 (see Makefile)."""

import numpy as np
import pytest
import torch
from torch import nn

from course_utils.digit_classifier import HISTORY_KEYS, TrainingHistory
from course_utils.explorers import capstone_explorer, compute_capstone_view
from course_utils.explorers.capstone import CAP, FLOOR, MODELS


def small_history(n_test=4, steps=(0, 5, 10)):
    """A made-up but consistent history: three models, a few steps, ``n_test`` test images."""
    rng = np.random.default_rng(1)
    probs = rng.dirichlet(np.ones(10), size=(3, len(steps), n_test))
    return {
        "steps": np.array(steps),
        "train_loss": rng.uniform(0, 2.3, (3, steps[-1] + 1)),
        "test_probs": probs,
        "test_images": rng.integers(0, 17, (n_test, 64)).astype(float),
        "test_labels": np.arange(n_test) % 10,
    }


# ---- The view ----------------------------------------------------------------------------------------


def test_a_history_is_a_record_or_a_dict_of_the_same_arrays(trained_history):
    history = trained_history
    as_dict = {key: getattr(history, key) for key in HISTORY_KEYS}
    for step, example in [(0, 0), (120, 7), (300, 359)]:
        record, from_dict = compute_capstone_view(history, step, example), compute_capstone_view(as_dict, step, example)
        for key, value in vars(record).items():
            np.testing.assert_array_equal(value, getattr(from_dict, key))
    assert capstone_explorer(as_dict).readout_text == capstone_explorer().readout_text


def test_a_training_history_checks_its_arrays_and_names_them():
    history = TrainingHistory(**small_history())
    assert history.steps.dtype == history.test_labels.dtype == np.int64
    with pytest.raises(ValueError, match=r"^TrainingHistory: steps must be evenly spaced from 0"):
        TrainingHistory(**small_history(steps=(0, 5, 12)))
    with pytest.raises(ValueError, match=r"^TrainingHistory: test_labels must hold digits in \[0, 10\); got -1"):
        TrainingHistory(**(small_history() | {"test_labels": np.array([0, 1, -1, 3])}))
    with pytest.raises(ValueError, match=r"^TrainingHistory.coerce: history\['train_loss'\] must have shape"):
        TrainingHistory.coerce(small_history() | {"train_loss": np.zeros((3, 10))})


def test_a_training_history_leaves_the_callers_arrays_writable():
    arrays = small_history()
    for history in (TrainingHistory(**arrays), TrainingHistory.coerce(arrays)):
        assert isinstance(history, TrainingHistory) and TrainingHistory.coerce(history) is history
        with pytest.raises(ValueError):
            history.train_loss[0, 0] = 1.0
    assert all(array.flags.writeable for array in arrays.values())  # the caller's own arrays stay theirs


def test_compute_capstone_view_reads_the_history(trained_history):
    history = trained_history
    view = compute_capstone_view(history, step=120, example=7)
    probs = history.test_probs[:, 12]
    np.testing.assert_array_equal(view.probs, probs[:, 7])
    assert view.label == history.test_labels[7]
    np.testing.assert_array_equal(view.image, history.test_images[7].reshape(8, 8))
    np.testing.assert_array_equal(view.predicted, probs[:, 7].argmax(axis=1))
    np.testing.assert_array_equal(view.p_true, probs[:, 7, view.label])
    np.testing.assert_array_equal(view.train_loss, history.train_loss[:, 120])
    np.testing.assert_allclose(view.test_accuracy, (probs.argmax(-1) == history.test_labels).mean(-1))
    np.testing.assert_allclose(view.mean_confidence, probs.max(-1).mean(-1))


def test_compute_capstone_view_takes_any_consistent_history():
    view = compute_capstone_view(small_history(), step=5, example=3)
    assert view.label == 3 and view.probs.shape == (3, 10) and view.train_loss.shape == (3,)


def without(key):
    history = small_history()
    del history[key]
    return history


def changed(key, value):
    return small_history() | {key: value}


def with_nan(key, index):
    history = small_history()
    history[key] = history[key].astype(float)
    history[key][index] = np.nan
    return history


def reshaped(key, shape):
    history = small_history()
    history[key] = np.zeros(shape)
    return history


@pytest.mark.parametrize(
    "history, kwargs, error, fragment",
    [
        (
            "not a dict",
            {},
            TypeError,
            "compute_capstone_view: history must be a TrainingHistory or a dict with the keys steps, train_loss",
        ),
        (
            without("test_labels"),
            {},
            ValueError,
            "compute_capstone_view: history must be a dict with the keys steps, "
            "train_loss, test_probs, test_images, test_labels; got a dict without "
            "test_labels. Record it during training as the notebook does, or leave "
            "it out for the default.",
        ),
        (
            {"steps": [0, 1]},
            {},
            ValueError,
            "got a dict without train_loss, test_probs, test_images, test_labels. Record",
        ),
        (reshaped("test_probs", (2, 3, 4, 10)), {}, ValueError, "history['test_probs'] must have shape (3, 3, 4, 10)"),
        (
            reshaped("train_loss", (3, 10)),
            {},
            ValueError,
            "history['train_loss'] must have shape (3, 11); got shape (3, 10)",
        ),
        (reshaped("test_images", (4, 8, 8)), {}, ValueError, "history['test_images'] must have shape (4, 64)"),
        (
            reshaped("steps", (3,)),
            {},
            ValueError,
            "history['steps'] must be evenly spaced from 0, at least two of them; "
            "got [0, 0, 0]. Record every d-th step from step 0, e.g. "
            "steps = np.arange(0, 301, 10).",
        ),
        (
            reshaped("steps", (1, 3)),
            {},
            ValueError,
            "history['steps'] must be evenly spaced from 0, at least two of them; got shape (1, 3). Record every",
        ),
        (
            small_history(steps=(0, 5, 10, 15))
            | {"test_probs": small_history()["test_probs"], "train_loss": np.zeros((3, 16))},
            {},
            ValueError,
            "history['test_probs'] must have shape (3, 4, 4, 10); got shape (3, 3, 4, 10)",
        ),
        (
            reshaped("test_labels", (4, 1)),
            {},
            ValueError,
            "history['test_labels'] must hold one digit per test image, "
            "shape (N,) with N >= 1; got shape (4, 1). Pass the test set's",
        ),
        (
            small_history(n_test=0),
            {},
            ValueError,
            "history['test_labels'] must hold one digit per test image, shape (N,) "
            "with N >= 1; got shape (0,). Pass the test set's labels, e.g. y_test.",
        ),
        (small_history(steps=(0, 5, 12)), {}, ValueError, "history['steps'] must be evenly spaced from 0"),
        (small_history(steps=(1, 5, 9)), {}, ValueError, "history['steps'] must be evenly spaced from 0"),
        (
            small_history(),
            {"step": 7},
            ValueError,
            "compute_capstone_view: step must be one of the recorded steps 0, 5, "
            "..., 10; got 7. Pass one of the recorded steps 0, 5, ..., 10, "
            "e.g. step=5.",
        ),
        (small_history(), {"step": 11}, ValueError, "step must be a training step in [0, 11); got 11. Pass one of the"),
        (
            small_history(),
            {"step": 5.0},
            TypeError,
            "step must be a training step, an integer; got 5.0. Pass one of the",
        ),
        (small_history(), {"step": True}, TypeError, "step must be a training step, an integer; got True. Pass"),
        (
            small_history(),
            {"example": 4},
            ValueError,
            "compute_capstone_view: example must be a test-image index in "
            "[0, 4); got 4. The test set has 4 images: pass an index from 0 "
            "to 3.",
        ),
        (
            small_history(),
            {"example": -1},
            ValueError,
            "example must be a test-image index in [0, 4); got -1. The test",
        ),
        (small_history(), {"example": "0"}, TypeError, "example must be a test-image index, an integer; got '0'. The"),
        # Labels must be digits, steps whole numbers, and nothing NaN.
        (
            changed("test_labels", [0, 1, -1, 3]),
            {},
            ValueError,
            "compute_capstone_view: history['test_labels'] must hold digits in [0, 10); got -1 at index (2,).",
        ),
        (
            changed("test_labels", [0, 1, 12, 3]),
            {},
            ValueError,
            "history['test_labels'] must hold digits in [0, 10); got 12",
        ),
        (changed("test_labels", [1, 2, 10, 3]), {}, ValueError, "got 10 at index (2,). Labels 1..10? subtract 1"),
        (
            changed("test_labels", [0, 1, 2.5, 3]),
            {},
            ValueError,
            "history['test_labels'] must hold whole numbers; got 2.5 at index (2,).",
        ),
        (
            changed("test_labels", ["0", "1", "2", "3"]),
            {},
            TypeError,
            "history['test_labels'] must be an array of real numbers; got ['0', '1', '2', '3']. Pass real numbers",
        ),
        (changed("test_labels", [0, 1, np.nan, 3]), {}, ValueError, "history['test_labels'] must not contain NaN"),
        (
            small_history(steps=(0, 0.5, 1)),
            {},
            ValueError,
            "history['steps'] must hold whole numbers; got 0.5 at index (1,).",
        ),
        (small_history() | {"steps": np.array([0.0, 5.0, np.inf])}, {}, ValueError, "got inf at index (2,)"),
        (changed("test_labels", [0, 1, 1e300, 3]), {}, ValueError, "history['test_labels'] must hold whole numbers"),
        (
            with_nan("test_probs", (0, 1, 2, 3)),
            {},
            ValueError,
            "compute_capstone_view: history['test_probs'] must not contain NaN; got NaN at index (0, 1, 2, 3).",
        ),
        (
            with_nan("train_loss", (2, 7)),
            {},
            ValueError,
            "history['train_loss'] must not contain NaN; got NaN at index (2, 7).",
        ),
        (with_nan("test_images", (1, 5)), {}, ValueError, "history['test_images'] must not contain NaN"),
        (
            changed("test_images", np.full((4, 64), 1e308)),
            {},
            ValueError,
            "compute_capstone_view: history['test_images'] must hold pixels in [0, 16]; got 1e+308 at index (0, 0). "
            "Pass the images as load_digits gives them, 0 (white) to 16 (black), e.g. features[test_rows].",
        ),
        (
            changed("test_images", np.full((4, 64), -np.inf)),
            {},
            ValueError,
            "got -inf at index (0, 0). Pass the images",
        ),
        (
            changed("test_probs", np.full((3, 3, 4, 10), 0.2)),
            {},
            ValueError,
            "history['test_probs'] must sum to 1 along axis 3 (tolerance 1e-06); got a sum of 2 at index (0, 0, 0).",
        ),
        (
            changed("test_probs", small_history()["test_probs"] * 2),
            {},
            ValueError,
            "history['test_probs'] must hold probabilities in [0, 1]",
        ),
        (
            changed("train_loss", [[0.0] * 11] * 3 + [[1.0] * 10]),
            {},
            TypeError,  # ragged
            "history['train_loss'] must be an array with rows of equal length; got [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0,… "
            "(4 items). Pad the short rows",
        ),
    ],
)
def test_compute_capstone_view_rejects_bad_input(history, kwargs, error, fragment):
    with pytest.raises(error) as caught:
        compute_capstone_view(history, **{"step": 0, "example": 0, **kwargs})
    assert fragment in str(caught.value)


# ---- The explorer ------------------------------------------------------------------------------------


def test_explorer_defaults_controls_and_readout(trained_history):
    explorer = capstone_explorer()
    step, selector = explorer.controls
    assert (step.value, step.min, step.max, step.step) == (300, 0, 300, 10)
    labels = trained_history.test_labels
    assert [labels[index] for _, index in selector.options] == list(range(10))  # one image of each digit
    assert [index for _, index in selector.options] == [int(np.flatnonzero(labels == d)[0]) for d in range(10)]
    assert selector.options[0][0] == f"a 0 (test image {selector.value})"
    lines = explorer.readout_text.splitlines()
    assert lines[0] == f"step 300 of 300; test image {selector.value}, a 0" and len(lines) == 4
    for line, name in zip(lines[1:], MODELS):
        assert line.startswith(f"{name}: p(0) = ") and "on the test set: accuracy" in line
    assert explorer.error_area.value == ""


def test_explorer_follows_both_controls(trained_history):
    explorer = capstone_explorer(step=0)
    step, selector = explorer.controls
    images, readouts = {explorer.image.value}, {explorer.readout_text}
    step.value = 50
    view = compute_capstone_view(trained_history, 50, selector.value)
    assert f"training loss {view.train_loss[0]:.3f}" in explorer.readout_text
    images.add(explorer.image.value)
    readouts.add(explorer.readout_text)
    selector.value = selector.options[3][1]
    assert explorer.readout_text.startswith(f"step 50 of 300; test image {selector.value}, a 3")
    images.add(explorer.image.value)
    readouts.add(explorer.readout_text)
    assert len(images) == len(readouts) == 3 and explorer.error_area.value == ""


def test_explorer_moves_only_animated_artists_within_fixed_axes():
    explorer = capstone_explorer()
    figure = explorer.live.figure
    limits = [(ax.get_xlim(), ax.get_ylim()) for ax in figure.axes]
    step, selector = explorer.controls
    for value in (0, 150, 300):
        step.value = value
        for _, index in selector.options:
            selector.value = index
            assert explorer.error_area.value == ""
    assert [(ax.get_xlim(), ax.get_ylim()) for ax in figure.axes] == limits
    cursor = explorer.live.animated[0]
    assert list(cursor.get_xdata()) == [300, 300]


def test_explorer_draws_a_given_history():
    explorer = capstone_explorer(small_history(), step=5)
    step, selector = explorer.controls
    assert (step.min, step.max, step.step, step.value) == (0, 10, 5, 5)
    assert [index for _, index in selector.options] == [0, 1, 2, 3]
    assert explorer.readout_text.startswith("step 5 of 10; test image 0, a 0")


def test_whole_numbers_stored_as_floats_are_taken_as_integers():
    history = small_history() | {
        "steps": np.array([0.0, 5.0, 10.0]),
        "test_labels": np.array([0.0, 1.0, 2.0, 3.0]),
        "test_probs": small_history()["test_probs"].astype(np.float32),
    }
    explorer = capstone_explorer(history, step=5)
    step, selector = explorer.controls
    assert (step.min, step.max, step.step, step.value) == (0, 10, 5, 5)
    assert selector.options[3][0] == "a 3 (test image 3)"
    assert explorer.readout_text.startswith("step 5 of 10; test image 0, a 0")
    assert compute_capstone_view(history, step=10, example=2).label == 2


@pytest.mark.parametrize(
    "kwargs, error, fragment",
    [
        ({"step": 7}, ValueError, "capstone_explorer: step must be one of the recorded steps 0, 10, ..., 300; got 7."),
        (
            {"step": 10.0},
            TypeError,
            "capstone_explorer: step must be a training step, an integer; got 10.0. Pass one of "
            "the recorded steps 0, 10, ..., 300, e.g. step=150.",
        ),
        (
            {"step": None, "history": small_history() | {"steps": [0, 5, 10.5]}},
            ValueError,
            "capstone_explorer: history['steps'] must hold whole numbers; got 10.5 at index (2,). Steps and labels are",
        ),
        ({"history": {}}, ValueError, "capstone_explorer: history must be a dict with the keys"),
        (
            {"history": "history"},
            TypeError,
            "capstone_explorer: history must be a TrainingHistory or a dict with the keys",
        ),
        (
            {"history": small_history(steps=(0, 0.5, 1))},
            ValueError,
            "capstone_explorer: history['steps'] must hold whole",
        ),
        (
            {"history": small_history() | {"test_labels": np.array([0, 1, -1, 3])}},
            ValueError,
            "capstone_explorer: history['test_labels'] must hold digits in [0, 10); got -1",
        ),
    ],
)
def test_explorer_rejects_bad_input(kwargs, error, fragment):
    with pytest.raises(error) as caught:
        capstone_explorer(**kwargs)
    assert fragment in str(caught.value)


def test_display_bundle_has_a_snapshot_and_a_summary():
    bundle = capstone_explorer(step=50).display_bundle()
    assert bundle["text/plain"].startswith("Training explorer: step 50 of 300;")
    assert bundle["image/png"]


def test_the_cap_and_the_floor():
    assert round(CAP, 4) == 0.2320 and round(FLOOR, 4) == 1.4612
    loss = nn.functional.cross_entropy(torch.eye(10, dtype=torch.float64), torch.arange(10)).item()
    assert loss == pytest.approx(FLOOR, rel=1e-12)  # one-hot inputs: the best (b), (c) can do


def test_a_step_between_recorded_steps_shows_the_nearest_recorded_one():
    explorer = capstone_explorer()
    step, _ = explorer.controls
    for value, shown in ((13, 10), (16, 20), (296, 300), (0, 0)):
        step.value = value  # code can set any integer; the browser moves by 10
        assert explorer.readout_text.startswith(f"step {shown} of 300;") and explorer.error_area.value == ""
        assert list(explorer.live.animated[0].get_xdata()) == [shown, shown]


def test_accuracy_and_confidence_over_training_are_drawn_and_followed_by_the_cursor(trained_history):
    """The second panel shows, per model, the test accuracy (solid) and mean confidence (dashed) at every recorded
    step, the same numbers the readout gives for the current step; the cursor line moves on it too."""
    explorer = capstone_explorer()
    history = trained_history
    test_ax = explorer.live.figure.axes[1]
    solid = [line for line in test_ax.lines if line.get_linestyle() == "-" and len(line.get_xdata()) > 2]
    dashed = [line for line in test_ax.lines if line.get_linestyle() == "--" and len(line.get_xdata()) > 2]
    assert len(solid) == len(dashed) == 3
    explorer.controls[0].value = 150
    view = compute_capstone_view(history, step=150, example=explorer.controls[1].value)
    at = list(history.steps).index(150)
    np.testing.assert_allclose([line.get_ydata()[at] for line in solid], view.test_accuracy)
    np.testing.assert_allclose([line.get_ydata()[at] for line in dashed], view.mean_confidence)
    cursors = [line for line in test_ax.lines if list(line.get_xdata()) == [150, 150]]
    assert cursors, "the current step is marked on the test-set panel"

"""What the explorers share (course_utils/explorers/_common.py): readout formats, bar labels, logit sliders.
Run under ipywidgets 8 and 7.7 (see Makefile)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_utils.explorers import cross_entropy_explorer, softmax_explorer
from course_utils.explorers._common import (
    CLASS_COLOURS,
    LOGIT_BOUND,
    MAX_CLASSES,
    class_logit_sliders,
    listed,
    place_label,
    plain,
)
from course_utils.plots import new_figure


@pytest.mark.parametrize(
    "x, digits, text",
    [
        (0.65900114, 3, "0.659"),
        (2.0, 1, "2.0"),
        (-0.04, 1, "0.0"),
        (-0.0004, 3, "0.000"),
        (-0.0, 2, "0.00"),
        (-1.25, 1, "-1.2"),
        (np.float32(0.5), 2, "0.50"),
        (np.inf, 3, "inf"),
        (12.3456, 3, "12.346"),
    ],
)
def test_plain_never_writes_minus_zero(x, digits, text):
    assert plain(x, digits) == text


@given(st.floats(0, 1))
def test_listed_to_two_decimals_is_format_for_probabilities(p):
    """The entropy explorer wrote f"{v:.2f}" before it used listed(v, 2): the same text for every probability."""
    assert listed([p, 1 - p], 2) == f"[{p:.2f}, {1 - p:.2f}]"


def test_listed():
    assert listed([2.0, 1.0, 0.1], 1) == "[2.0, 1.0, 0.1]"
    assert listed(np.array([-0.341, 0.2424, 0.0986]), 3) == "[-0.341, 0.242, 0.099]"
    assert listed([], 3) == "[]"


@pytest.mark.parametrize(
    "value, top, kwargs, y, va, colour",
    [
        (0.5, 1.0, {}, 0.515, "bottom", "black"),  # above a probability bar
        (0.88, 1.0, {}, 0.895, "bottom", "black"),
        (0.9, 1.0, {}, 0.885, "top", "white"),  # inside a bar near the top
        (1.0, 3.0, {"inside_above": 0.9, "gap": 0.02}, 1.06, "bottom", "black"),  # the entropy panel, 0 to 3 nats
        (2.8, 3.0, {"inside_above": 0.9, "gap": 0.02}, 2.74, "top", "white"),
        (np.inf, 3.0, {"inside_above": 0.9, "gap": 0.02}, 2.94, "top", "white"),  # an infinite bar stops at the top
    ],
)
def test_place_label(value, top, kwargs, y, va, colour):
    figure, (ax,) = new_figure(1, width=2, height=2)
    label = ax.text(0, 0, "")
    place_label(label, value, top=top, **kwargs)
    assert label.get_position()[1] == pytest.approx(y) and label.get_va() == va and label.get_color() == colour


def test_class_logit_sliders():
    sliders = class_logit_sliders((2.0, 1.0, 0.1), "demo_explorer")
    assert [s.description for s in sliders] == ["z0 (class 0)", "z1 (class 1)", "z2 (class 2)"]
    assert [s.value for s in sliders] == [2.0, 1.0, 0.1]
    assert all((s.min, s.max) == (-LOGIT_BOUND, LOGIT_BOUND) for s in sliders)
    assert MAX_CLASSES == len(CLASS_COLOURS) == 5 and len(class_logit_sliders([0] * 5, "demo")) == 5
    assert [s.value for s in class_logit_sliders(np.array([1.5, -5.0]), "demo")] == [1.5, -5.0]  # an array will do


# The helper, and the two explorers that build their sliders with it: each error names the function the learner called.
CALLERS = {
    "demo_explorer": lambda logits: class_logit_sliders(logits, "demo_explorer"),
    "softmax_explorer": lambda logits: softmax_explorer(logits=logits),
    "cross_entropy_explorer": lambda logits: cross_entropy_explorer(logits=logits),
}


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(
    "logits, error, message",
    [
        (
            (1.0,),
            ValueError,
            "{}: logits must be one list of 2 to 5 numbers; got 1 number. "
            "One slider per class fits up to 5: pass e.g. logits=(2.0, 1.0, 0.1).",
        ),
        (
            [0.0] * 6,
            ValueError,
            "{}: logits must be one list of 2 to 5 numbers; got 6 numbers. "
            "One slider per class fits up to 5: pass e.g. logits=(2.0, 1.0, 0.1).",
        ),
        (
            "12",
            TypeError,
            "{}: logits must be an array of real numbers; got '12'. "
            "Pass real numbers: a number, a list of numbers or a NumPy array.",
        ),
        (
            np.array([[1.0, 2.0]]),
            ValueError,
            "{}: logits must be one list of 2 to 5 numbers; got an array of shape "
            "(1, 2). One slider per class fits up to 5: pass e.g. "
            "logits=(2.0, 1.0, 0.1).",
        ),
        (
            (1.0, -np.inf),
            ValueError,
            "{}: logits must lie in [-5, 5], one slider each; got -inf at index 1. "
            "A slider holds finite values only; for a class all but masked out, use -5.",
        ),
        (
            (np.float32(np.inf), 0.0),
            ValueError,
            "{}: logits must lie in [-5, 5], one slider each; got +inf at index 0. "
            "A slider holds finite values only; for a class all but masked out, "
            "use -5.",
        ),
        (
            (0.0, 5.5),
            ValueError,
            "{}: logits must lie in [-5, 5], one slider each; got 5.5 at index 1. "
            "Subtract the same number from every logit (it changes no probability) or scale them "
            "down.",
        ),
        (
            (np.nan, 0.0),
            ValueError,
            "{}: logits must not contain NaN; got NaN at index (0,). NaN usually comes from an "
            "earlier step: 0/0, inf - inf or log of a negative number.",
        ),
        (
            (0.0, "1"),
            TypeError,
            "{}: logits must be an array of real numbers; got (0.0, '1'). "
            "Pass real numbers: a number, a list of numbers or a NumPy array.",
        ),
    ],
)
def test_class_logit_sliders_reject_bad_input(caller, logits, error, message):
    with pytest.raises(error) as caught:
        CALLERS[caller](logits)
    assert str(caught.value) == message.format(caller)

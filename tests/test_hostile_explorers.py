"""Hostile input for every public explorer, widget and figure function.

The promise: a call either works (finite numbers, or the inf its docstring names) or raises TypeError or ValueError
in the house pattern "<function called>: <argument> must <rule>; got <what it got>. <how to fix>"; never another
exception, never a warning. A built explorer survives every setting of its controls with nothing in its error area.
"""

import contextlib
import dataclasses
import inspect
import numbers
import re
import warnings

import numpy as np
import pytest
import torch
from hostile_support import assert_house_style
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from test_explorers_capstone import small_history

from course_utils import digit_classifier, explorers, plots, widgets
from course_utils.explorers import capstone, cross_entropy, cross_entropy_practice, entropy, logit, odds, scale, softmax

COMM_DEPRECATION = "The `ipykernel.comm.Comm` class has been deprecated"  # ipywidgets 7.7 under a new ipykernel


@contextlib.contextmanager
def warnings_as_errors():
    """Any warning raised inside is an error (but ipywidgets 7.7's notice about ipykernel)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", COMM_DEPRECATION, DeprecationWarning)
        yield


def answer(function, kwargs: dict, func: str):
    """What ``function(**kwargs)`` returns, or None when it raised TypeError or ValueError in the house style for
    ``func``. Any other exception, and any warning (as an exception), fails the test."""
    try:
        with warnings_as_errors():
            return function(**kwargs)
    except (TypeError, ValueError) as error:
        assert_house_style(str(error), func, list(kwargs))
        return None


# ---- Hostile values ---------------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_characters=".", blacklist_categories=("Cs",)), max_size=12)  # no "." :
# the pattern finds the fix after the first ". " past "got", so a value's own ". " could hide a missing fix
FLOATS = st.floats()  # NaN, +-inf, 1e308, subnormals
HUGE_INTS = st.sampled_from([10**400, -(10**400), 2**63, -(2**63) - 1, 10**4000])  # hypothesis writes each out
NUMPY_SCALARS = st.one_of(
    FLOATS.map(np.float64),
    st.floats(width=32).map(np.float32),
    st.floats(width=16).map(np.float16),
    st.integers(-(2**63), 2**63 - 1).map(np.int64),
    st.booleans().map(np.bool_),
)
ZERO_D = st.one_of(FLOATS, st.integers(-10, 10), st.booleans()).map(np.array)
MIXED_LISTS = st.lists(st.one_of(FLOATS, st.integers(-10, 10), TEXT, st.none(), st.booleans(), HUGE_INTS), max_size=6)
RAGGED = st.lists(st.one_of(st.floats(-6, 6), st.lists(st.floats(-6, 6), max_size=3)), min_size=2, max_size=4)
ARRAYS = hnp.arrays(
    st.sampled_from([np.float64, np.float32, np.float16, np.int64, np.uint8, np.bool_, np.complex128, np.dtype("U3")]),
    hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5),
)
MASKED = st.lists(st.tuples(st.floats(-6, 6), st.booleans()), min_size=1, max_size=5).map(
    lambda pairs: np.ma.masked_array([v for v, _ in pairs], mask=[m for _, m in pairs])
)
TENSORS = st.one_of(
    st.lists(st.floats(-6, 6, width=32), max_size=5).map(torch.tensor),
    st.lists(st.floats(-6, 6, width=32), min_size=1, max_size=5).map(lambda v: torch.tensor(v, requires_grad=True)),
    st.floats(width=32).map(torch.tensor),
)


class Unconvertible:
    """What NumPy cannot make an array of, nor Python a float."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array")

    def __float__(self):
        raise RuntimeError("no float")


OBJECTS = st.sampled_from(
    [
        object(),
        {},
        {"p": 0.5},
        {1, 2},
        len,
        print,
        max,
        type,
        Ellipsis,
        slice(1),
        b"0.5",
        1 + 2j,
        complex("nan+1j"),
        Unconvertible(),
        [Unconvertible()],
        [object()],
    ]
)
HOSTILE = st.one_of(
    FLOATS,
    st.integers(),
    HUGE_INTS,
    st.booleans(),
    st.none(),
    TEXT,
    st.binary(max_size=4),
    st.complex_numbers(),
    NUMPY_SCALARS,
    ZERO_D,
    MIXED_LISTS,
    RAGGED,
    ARRAYS,
    MASKED,
    TENSORS,
    OBJECTS,
    st.dictionaries(TEXT, FLOATS, max_size=2),
    st.builds(lambda: (i for i in range(3))),
)
# Near valid values, so that the side where a call works is tried as well as the errors.
DISTRIBUTIONS = (
    st.lists(st.floats(0, 1), min_size=2, max_size=4)
    .filter(lambda w: sum(w) > 0)
    .map(lambda w: [x / sum(w) for x in w])
)
NEAR = st.one_of(
    st.floats(-20, 20),
    st.integers(-5, 400),
    st.sampled_from([0.0, 0.01, 0.1, 0.25, 0.5, 0.99, 1.0, 4.0, 5.0, 10.0, 12.0, 1e100, -1e100]),
    st.lists(st.floats(-6, 6), min_size=1, max_size=6),
    DISTRIBUTIONS,
    DISTRIBUTIONS.map(np.array),
    DISTRIBUTIONS.map(tuple),
    hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-1e100, 1e100)),
    st.booleans(),
)


@st.composite
def histories(draw):
    """A small history with one entry hostile, missing or in another form (a list, float32, a tensor), or something
    that is no history at all."""
    history = small_history()
    kind = draw(st.sampled_from(["entry", "missing", "form", "whole"]))
    if kind == "whole":
        return draw(values(None))
    key = draw(st.sampled_from(digit_classifier.HISTORY_KEYS))
    if kind == "missing":
        del history[key]
    elif kind == "form":
        history[key] = draw(st.sampled_from([np.ndarray.tolist, lambda a: a.astype(np.float32), torch.tensor]))(
            history[key]
        )
    else:
        history[key] = draw(values(history[key]))
    return history


def live_figure_kwargs():
    figure, (ax,) = plots.new_figure(1, width=2, height=2)
    ax.set(xlim=(0, 1), ylim=(0, 1))
    (point,) = ax.plot([0.5], [0.5], "o")
    return {"figure": figure, "animated": [point]}


LIVE = []  # one LiveFigure for every InteractiveFigure built: each draws it once


def interactive_figure_kwargs():
    if not LIVE:
        LIVE.append(widgets.LiveFigure(**live_figure_kwargs()))
    return {"title": "Demo", "controls": [widgets.probability_slider()], "live": LIVE[0], "update": lambda: "p = 0.50"}


SCALE_SETTINGS = {"vocab_size": 128_256, "n_tokens": 8192, "chunk_size": 1024, "hidden_size": 256, "dtype": "float32"}

# Every public function: its name, the function, its valid arguments (a function that makes them, where they are
# objects the call may change), and the keys of its result that the docstring says may be infinite.
PUBLIC = [
    ("compute_odds_view", explorers.compute_odds_view, {"p": 0.5}, {"odds"}),
    ("odds_explorer", explorers.odds_explorer, {"p": 0.75}, set()),
    ("compute_logit_view", explorers.compute_logit_view, {"p": 0.5}, {"odds", "logit"}),
    ("logit_explorer", explorers.logit_explorer, {"p": 0.8}, set()),
    (
        "compute_logistic_view",
        explorers.compute_logistic_view,
        {"w": 1.5, "b": -4.0},
        {"boundary", "odds_factor", "log_likelihood"},
    ),
    ("logistic_regression_explorer", explorers.logistic_regression_explorer, {"w": 1.5, "b": -4.0}, set()),
    (
        "compute_softmax_view",
        explorers.compute_softmax_view,
        {"logits": [2.0, 1.0, 0.1], "temperature": 1.0, "shift": 0.0, "reference": -1},
        set(),
    ),
    (
        "softmax_explorer",
        explorers.softmax_explorer,
        {"logits": (2.0, 1.0, 0.1), "temperature": 1.0, "shift": 0.0},
        set(),
    ),
    (
        "compute_cross_entropy_view",
        explorers.compute_cross_entropy_view,
        {"logits": [2.0, 1.0, 0.1], "target": 0},
        {"loss"},
    ),
    ("cross_entropy_explorer", explorers.cross_entropy_explorer, {"logits": (2.0, 1.0, 0.1), "target": 0}, set()),
    (
        "compute_loss_options_view",
        explorers.compute_loss_options_view,
        {"weight": 1.0, "label_smoothing": 0.0, "ignore_last": False, "reduction": "mean"},
        set(),
    ),
    ("loss_options_explorer", explorers.loss_options_explorer, {"weight": 1.0, "label_smoothing": 0.0}, set()),
    (
        "compute_entropy_view",
        explorers.compute_entropy_view,
        {"p": [0.5, 0.3, 0.2], "q": [0.1, 0.3, 0.6]},
        {"cross_entropy", "kl_pq", "kl_qp"},
    ),
    ("entropy_explorer", explorers.entropy_explorer, {"p": (0.5, 0.3, 0.2), "q": (0.1, 0.3, 0.6)}, set()),
    (
        "compute_capstone_view",
        explorers.compute_capstone_view,
        lambda: {"history": small_history(), "step": 5, "example": 1},
        {"train_loss"},
    ),
    ("capstone_explorer", explorers.capstone_explorer, lambda: {"history": small_history(), "step": 5}, set()),
    ("compute_scale_memory_view", explorers.compute_scale_memory_view, SCALE_SETTINGS, set()),
    ("scale_memory_explorer", explorers.scale_memory_explorer, SCALE_SETTINGS, set()),
    (
        "probability_slider",
        widgets.probability_slider,
        {"value": 0.5, "description": "p", "low": 0.01, "high": 0.99},
        set(),
    ),
    ("logit_slider", widgets.logit_slider, {"value": 0.0, "description": "z", "bound": 6.0}, set()),
    ("temperature_slider", widgets.temperature_slider, {"value": 1.0, "description": "T"}, set()),
    ("class_selector", widgets.class_selector, {"n_classes": 3, "value": 0, "description": "y"}, set()),
    ("LiveFigure", widgets.LiveFigure, live_figure_kwargs, set()),
    ("InteractiveFigure", widgets.InteractiveFigure, interactive_figure_kwargs, set()),
    ("new_figure", plots.new_figure, {"n_columns": 1, "width": 4.0, "height": 3.2, "dpi": 100}, set()),
]
CASES = [
    (name, function, kwargs, arg, infinite)
    for name, function, kwargs, infinite in PUBLIC
    for arg in (kwargs() if callable(kwargs) else kwargs)
]
BUILDERS = [function for name, function, _, _ in PUBLIC if name.endswith("_explorer")]


def test_every_public_function_with_arguments_is_tried():
    public = [
        getattr(module, name)
        for module in (explorers, widgets, plots)
        for name in module.__all__
        if not dataclasses.is_dataclass(getattr(module, name))
    ]  # the views' records: results, not inputs
    assert {
        function.__name__ for function in public if callable(function) and inspect.signature(function).parameters
    } == {name for name, *_ in PUBLIC}


# Every argument's valid values, for every argument: a valid value of one is a hostile one of another.
KNOWN = st.sampled_from([value for _, _, kwargs, _ in PUBLIC if isinstance(kwargs, dict) for value in kwargs.values()])


def near(default) -> st.SearchStrategy:
    """An argument's valid ``default`` in another form that must work too, or a number close to it."""
    if isinstance(default, (bool, str)) or not isinstance(default, (numbers.Real, list, tuple)):
        return st.just(default)
    if isinstance(default, numbers.Real):
        close = (
            st.integers(default - 3, default + 3) if isinstance(default, int) else st.floats(default - 1, default + 1)
        )
        return close | st.sampled_from([np.array(default), np.float64(default), np.ma.masked_array(default)])
    forms = [list(default), tuple(default)]
    if all(isinstance(value, numbers.Real) for value in default):
        forms += [np.array(default), np.ma.masked_array(default, mask=False), torch.tensor(default)]
    return st.sampled_from(forms)


def values(default) -> st.SearchStrategy:
    """A third hostile, a third near any argument's valid values, a third near this one's (st.one_of would weigh
    each of their many branches alike)."""
    return st.sampled_from([HOSTILE, st.one_of(NEAR, KNOWN), near(default)]).flatmap(lambda strategy: strategy)


def assert_works(name: str, result, infinite: set) -> None:
    """A view holds no NaN, and inf only where documented; an explorer shows no error and no NaN."""
    if dataclasses.is_dataclass(result):
        for key, value in vars(result).items():
            if isinstance(value, (float, np.ndarray, np.floating)) and np.asarray(value).dtype.kind == "f":
                assert not np.isnan(value).any(), f"{name}: {key} holds NaN"
                assert key in infinite or np.isfinite(value).all(), f"{name}: {key} is not finite: {value}"
    if isinstance(result, widgets.InteractiveFigure):
        assert result.error_area.value == "" and not re.search(r"\bnan\b", result.readout_text), name


def assert_keeps_the_promise(name, function, kwargs, arg, infinite, data) -> None:
    kwargs = kwargs() if callable(kwargs) else dict(kwargs)
    kwargs[arg] = data.draw(histories() if arg == "history" else values(kwargs[arg]), label=arg)
    result = answer(function, kwargs, name)
    if result is not None:
        assert_works(name, result, infinite)


def cases(builders: bool) -> list:
    return [
        pytest.param(*case, id=f"{case[0]}-{case[3]}") for case in CASES if case[0].endswith("_explorer") == builders
    ]


@pytest.mark.parametrize("name, function, kwargs, arg, infinite", cases(builders=False))
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_every_argument_of_views_and_widgets_keeps_the_promise(name, function, kwargs, arg, infinite, data):
    assert_keeps_the_promise(name, function, kwargs, arg, infinite, data)


@pytest.mark.parametrize("name, function, kwargs, arg, infinite", cases(builders=True))
@settings(max_examples=15, deadline=None)  # a figure built is a tenth of a second
@given(data=st.data())
def test_every_argument_of_explorers_keeps_the_promise(name, function, kwargs, arg, infinite, data):
    assert_keeps_the_promise(name, function, kwargs, arg, infinite, data)


# ---- The regressions this file was written for ------------------------------------------------------------

REGRESSIONS = [
    (
        lambda: explorers.odds_explorer(p=1.0),
        "odds_explorer",
        "p",
        ValueError,
        "odds_explorer: p must lie in [0.01, 0.99]; got 1.0. At p = 0 and 1 the odds are 0 and infinite, which no "
        "chart shows. Pick a value the slider shows, e.g. p=0.5.",
    ),
    (
        lambda: explorers.compute_softmax_view([2.0, 1.0], temperature=None),
        "compute_softmax_view",
        "temperature",
        TypeError,
        "compute_softmax_view: temperature must be a number; got None. Pass a positive number, "
        "e.g. temperature=0.5; T -> 0 is a limit (the argmax), not a setting.",
    ),
    (
        lambda: explorers.compute_softmax_view([2.0, 1.0], temperature=True),
        "compute_softmax_view",
        "temperature",
        TypeError,
        "compute_softmax_view: temperature must be a number; got True. Pass a positive number, "
        "e.g. temperature=0.5; T -> 0 is a limit (the argmax), not a setting.",
    ),
    (
        lambda: explorers.compute_odds_view(None),
        "compute_odds_view",
        "p",
        TypeError,
        "compute_odds_view: p must be a number; got None. Pass one probability, e.g. p=0.75; odds or a logit become "
        "one "
        "with odds_to_prob or sigmoid.",
    ),
    (
        lambda: explorers.compute_logistic_view(None, -4.0),
        "compute_logistic_view",
        "w",
        TypeError,
        "compute_logistic_view: w must be a number; got None. Pass the weight per hour as one number, e.g. w=1.5.",
    ),
    (
        lambda: explorers.compute_logistic_view(-np.inf, -4.0),
        "compute_logistic_view",
        "w",
        ValueError,
        "compute_logistic_view: w must be finite; got -inf. Pass the weight per hour as one number, e.g. w=1.5.",
    ),
    (
        lambda: explorers.compute_logistic_view(np.nan, -4.0),
        "compute_logistic_view",
        "w",
        ValueError,
        "compute_logistic_view: w must be finite; got nan. Pass the weight per hour as one number, e.g. w=1.5.",
    ),
    (
        lambda: explorers.compute_logistic_view(1.5, np.inf),
        "compute_logistic_view",
        "b",
        ValueError,
        "compute_logistic_view: b must be finite; got inf. Pass the bias as one number, e.g. b=-4.0.",
    ),
    # Found on the way: an int beyond float64, a tensor that needs .detach(), masked entries, NaN under a slider.
    (
        lambda: explorers.compute_odds_view(10**400),
        "compute_odds_view",
        "p",
        ValueError,
        "compute_odds_view: p must lie in [0, 1]; got an int of about 400 digits. Pass one probability, "
        "e.g. p=0.75; odds or a logit become one with odds_to_prob or sigmoid.",
    ),
    (
        lambda: explorers.compute_softmax_view(torch.tensor([2.0, 1.0], requires_grad=True)),
        "compute_softmax_view",
        "logits",
        TypeError,
        "compute_softmax_view: logits must be an array of numbers; got a torch tensor that "
        "requires grad. Pass logits.detach().cpu().numpy(), or compute it with NumPy.",
    ),
    (
        lambda: explorers.compute_entropy_view(np.ma.masked_array([0.5, 0.5], mask=[0, 1]), [0.5, 0.5]),
        "compute_entropy_view",
        "p",
        ValueError,
        "compute_entropy_view: p must have no masked entries (they would count); "
        "got 1 masked. Fill them in, e.g. p.filled(0.0), or keep the others "
        "with p.compressed().",
    ),
    (
        lambda: explorers.softmax_explorer(logits=(np.nan, 0.0)),
        "softmax_explorer",
        "logits",
        ValueError,
        "softmax_explorer: logits must not contain NaN; got NaN at index (0,). NaN usually comes from an earlier step: "
        "0/0, inf - inf or log of a negative number.",
    ),
    (
        lambda: explorers.capstone_explorer(small_history(), step=10.0),
        "capstone_explorer",
        "step",
        TypeError,
        "capstone_explorer: step must be a training step, an integer; got 10.0. Pass one of the recorded steps 0, 5, "
        "..., 10, e.g. step=5.",
    ),
    (
        lambda: explorers.compute_capstone_view(small_history() | {"test_images": np.full((4, 64), 1e308)}, 0, 0),
        "compute_capstone_view",
        "history",
        ValueError,
        "compute_capstone_view: history['test_images'] must hold pixels in [0, 16]; got 1e+308 at index (0, 0). Pass "
        "the images as load_digits gives them, 0 (white) to 16 (black), e.g. features[test_rows].",
    ),
    (
        lambda: explorers.compute_loss_options_view(reduction=["mean"]),
        "compute_loss_options_view",
        "reduction",
        TypeError,
        "compute_loss_options_view: reduction must be one of 'none', 'mean', 'sum'; got ['mean']. Pass e.g. "
        'reduction="mean"; "sum" adds the losses, "none" keeps one each.',
    ),
    (
        lambda: widgets.probability_slider(high=0.0),
        "probability_slider",
        "high",
        ValueError,
        "probability_slider: low and high must satisfy low < high; got low = 0.01, high = 0. The default range is "
        "low=0.01, high=0.99.",
    ),
    (
        lambda: widgets.InteractiveFigure(**interactive_figure_kwargs() | {"update": len}),
        "InteractiveFigure",
        "update",
        TypeError,
        "InteractiveFigure: update must be a function of no arguments; got len. Pass a function of no "
        "arguments that moves the artists and returns the readout text.",
    ),
    (
        lambda: plots.new_figure(n_columns=True),
        "new_figure",
        "n_columns",
        TypeError,
        "new_figure: n_columns must be a number of panels, an integer; got True. Pass 1 to 6 axes side by side, "
        "e.g. n_columns=2.",
    ),
]


@pytest.mark.parametrize(
    "call, func, arg, error, message",
    REGRESSIONS,
    ids=[f"{case[1]}-{case[2]}-{i}" for i, case in enumerate(REGRESSIONS)],
)
def test_regressions(call, func, arg, error, message):
    with pytest.raises(error) as caught, warnings_as_errors():
        call()
    assert str(caught.value) == message
    assert_house_style(message, func, [arg])


@pytest.mark.parametrize("value", [np.array(0.75), np.float32(0.75), np.ma.masked_array(0.75, mask=False)])
def test_zero_d_arrays_numpy_scalars_and_unmasked_masked_arrays_are_numbers(value):
    assert explorers.compute_odds_view(value).odds == pytest.approx(3.0)
    assert explorers.odds_explorer(value).readout_text.startswith("p = 0.75")


def test_a_masked_array_with_nothing_masked_is_its_data():
    logits = np.ma.masked_array([2.0, 1.0, 0.1], mask=[False] * 3)
    np.testing.assert_array_equal(
        explorers.compute_softmax_view(logits).probs, explorers.compute_softmax_view([2.0, 1.0, 0.1]).probs
    )


# ---- Builders at their extremes, and every control moved ------------------------------------------------------

EXTREMES = {
    "odds_explorer": [{"p": 0.01}, {"p": 0.99}],
    "logit_explorer": [{"p": 0.01}, {"p": 0.99}],
    "logistic_regression_explorer": [
        {"w": -4.0, "b": -12.0},
        {"w": 4.0, "b": 12.0},
        {"w": 0.0, "b": 0.0},
        {"w": 4.0, "b": -12.0},
        {"w": -4.0, "b": 12.0},
    ],
    "softmax_explorer": [
        {"logits": (5.0, -5.0), "temperature": 0.1, "shift": -5.0},
        {"logits": (-5.0,) * 5, "temperature": 10.0, "shift": 5.0},
        {"logits": (5.0, -5.0, 5.0, -5.0, 5.0), "temperature": 0.1, "shift": 5.0},
    ],
    "cross_entropy_explorer": [
        {"logits": (-5.0, 5.0, 5.0, 5.0, 5.0), "target": 0},
        {"logits": (5.0, -5.0), "target": 1},
        {"logits": (5.0,) * 5, "target": 4},
    ],
    "loss_options_explorer": [{"weight": 0.25, "label_smoothing": 0.0}, {"weight": 4.0, "label_smoothing": 0.5}],
    "entropy_explorer": [
        {"p": (1.0, 0.0, 0.0), "q": (0.0, 0.0, 1.0)},
        {"p": (0.0, 1.0, 0.0), "q": (0.0, 1.0, 0.0)},
        {"p": (0.0, 0.0, 1.0), "q": (1.0, 0.0, 0.0)},
    ],
    "capstone_explorer": [{"step": 0}, {"step": 300}],
    "scale_memory_explorer": [
        {"vocab_size": 8000, "n_tokens": 1024, "chunk_size": 256, "hidden_size": 256, "dtype": "bfloat16"},
        {"vocab_size": 256_000, "n_tokens": 65_536, "chunk_size": 8192, "hidden_size": 8192, "dtype": "float32"},
        # a chunk longer than the batch, and a hidden vector so wide that chunking saves nothing
        {"vocab_size": 8000, "n_tokens": 1024, "chunk_size": 8192, "hidden_size": 8192, "dtype": "bfloat16"},
    ],
}
assert sorted(EXTREMES) == sorted(builder.__name__ for builder in BUILDERS)


def ends(control) -> list:
    """The two extreme values of a control: a slider's min and max, a drop-down's first and last option."""
    if hasattr(control, "options"):
        return [control.options[0][1], control.options[-1][1]]
    if hasattr(control, "base"):  # a log slider's min and max are exponents
        return [control.base**control.min, control.base**control.max]
    return [control.min, control.max]


def assert_fine(explorer, where: str) -> None:
    assert explorer.error_area.value == "", f"{where}: {explorer.error_area.value}"
    assert explorer.readout_text and not re.search(r"\bnan\b", explorer.readout_text), where


@pytest.mark.parametrize(
    "builder, kwargs",
    [(builder, kwargs) for builder in BUILDERS for kwargs in EXTREMES[builder.__name__]],
    ids=lambda value: value.__name__ if callable(value) else None,
)
def test_explorers_at_their_extremes_with_every_control_at_both_ends(builder, kwargs):
    with warnings_as_errors():
        explorer = builder(**kwargs)
        assert_fine(explorer, f"{builder.__name__}({kwargs})")
        for control in explorer.controls:
            for value in ends(control):
                control.value = value
                assert_fine(explorer, f"{builder.__name__}: {control.description} = {value}")
        for side in (0, 1, 0):  # every control at its min together, then at its max, then back
            for control in explorer.controls:
                control.value = ends(control)[side]
            assert_fine(explorer, f"{builder.__name__}: every control at its {'max' if side else 'min'}")


BUILT = {}  # one explorer per builder, reused across examples: each example sets every control


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda builder: builder.__name__)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_every_setting_of_the_controls_draws_without_error(builder, data):
    if builder.__name__ not in BUILT:
        BUILT[builder.__name__] = builder()
    explorer = BUILT[builder.__name__]
    with warnings_as_errors():
        for control in explorer.controls:
            if hasattr(control, "options"):
                value = data.draw(st.sampled_from([value for _, value in control.options]), label=control.description)
            elif hasattr(control, "base"):
                value = control.base ** data.draw(st.floats(control.min, control.max), label=control.description)
            elif isinstance(control.value, int):
                value = data.draw(st.integers(control.min, control.max), label=control.description)
            else:
                value = data.draw(st.floats(control.min, control.max), label=control.description)
            control.value = value
            assert_fine(explorer, f"{builder.__name__}: {control.description} = {value}")


# What each explorer's update calls, to break it on purpose: the error must reach the learner, under the figure.
COMPUTES = {
    "odds_explorer": (odds, "compute_odds_view"),
    "logit_explorer": (logit, "compute_logit_view"),
    "logistic_regression_explorer": (logit, "compute_logistic_view"),
    "softmax_explorer": (softmax, "compute_softmax_view"),
    "cross_entropy_explorer": (cross_entropy, "compute_cross_entropy_view"),
    "loss_options_explorer": (cross_entropy_practice, "compute_loss_options_view"),
    "entropy_explorer": (entropy, "compute_entropy_view"),
    "capstone_explorer": (capstone, "_view"),
    "scale_memory_explorer": (scale, "compute_scale_memory_view"),
}


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda builder: builder.__name__)
def test_an_error_in_a_callback_is_shown_to_the_learner(builder, monkeypatch):
    explorer = builder()
    module, name = COMPUTES[builder.__name__]

    def broken(*args, **kwargs):
        raise ValueError("deliberately broken")

    monkeypatch.setattr(module, name, broken)
    control = explorer.controls[0]
    first, last = ends(control)
    control.value = first if control.value != first else last  # no exception here: it is shown instead
    assert "ValueError" in explorer.error_area.value and "deliberately broken" in explorer.error_area.value
    monkeypatch.undo()
    control.value = first if control.value != first else last
    assert_fine(explorer, builder.__name__)

"""Every public function keeps the package's promise under hostile input: it answers, with no NaN and no
floating-point warning, or raises a TypeError or ValueError that reads
"<function>: <argument> must <rule>; got <what it got>. <how to fix>", naming the function the learner called.

Hostile values are generated (hypothesis) for every argument of every public function, one argument at a time
with the others valid: wrong types (None, strings, dicts, sets, complex numbers, bools, objects, objects whose
conversion raises), ragged and empty lists, masked arrays, torch tensors that require grad or hold no values,
NaN, infinities, numbers at the ends of float64's range, huge integers, and arrays of any float dtype and shape.
"""

import math
import warnings

import numpy as np
import pytest
import torch
from hostile_support import Hostile, assert_house_style
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import course_utils
from course_utils import (
    cross_entropy,
    cross_entropy_grad,
    cross_entropy_loss,
    entropy,
    kl_divergence,
    log_softmax,
    logsumexp,
    nll_loss,
    softmax,
)
from course_utils.data import data_file

LOGITS = [[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]]
# Each public function that takes arguments, with a valid value for each.
VALID = {
    "odds": {"p": [0.25, 0.5]},
    "odds_to_prob": {"odds": [1.0, 3.0]},
    "logit": {"p": [0.25, 0.5]},
    "sigmoid": {"z": [-1.0, 2.0]},
    "logsumexp": {"x": LOGITS, "axis": -1, "keepdims": False},
    "softmax": {"logits": LOGITS, "axis": -1},
    "log_softmax": {"logits": LOGITS, "axis": -1},
    "entropy": {"probs": [0.5, 0.5], "axis": -1, "base": 2},
    "cross_entropy": {"p": [0.5, 0.5], "q": [0.25, 0.75], "axis": -1, "base": None},
    "kl_divergence": {"p": [0.5, 0.5], "q": [0.25, 0.75], "axis": -1, "base": None},
    "nll_loss": {
        "log_probs": np.log([[0.7, 0.3], [0.1, 0.9]]),
        "target": [0, 1],
        "weight": [1.0, 2.0],
        "ignore_index": -100,
        "reduction": "mean",
    },
    "cross_entropy_loss": {
        "logits": LOGITS,
        "target": [0, 2],
        "weight": [1.0, 1.0, 2.0],
        "ignore_index": -100,
        "reduction": "mean",
        "label_smoothing": 0.1,
    },
    "cross_entropy_grad": {"logits": LOGITS, "target": [0, 2], "ignore_index": -100, "reduction": "mean"},
    "data_file": {"name": "digits.csv.gz"},
}
FUNCTIONS = {**{name: getattr(course_utils, name) for name in course_utils.__all__}, "data_file": data_file}
ARGUMENTS = [(func, name) for func, arguments in VALID.items() for name in arguments]


def test_every_public_function_with_arguments_is_here():
    takes_arguments = {name for name in course_utils.__all__ if name != "pick_device"} | {"data_file"}
    assert takes_arguments == set(VALID)


def masked():
    return np.ma.masked_array([0.2, 0.8], mask=[False, True])


def tensor_requiring_grad():
    return torch.tensor([0.0, 1.0], requires_grad=True)


def meta_tensor():
    return torch.empty(2, device="meta")


def integer_tensor():
    return torch.tensor([0, 1])


# Values that cannot be written as literals for hypothesis (its reports repr() them) are built when used.
BUILT = {
    "Hostile()": Hostile,
    "[Hostile()]": lambda: [Hostile()],
    "object()": object,
    "masked array": masked,
    "tensor requiring grad": tensor_requiring_grad,
    "meta tensor": meta_tensor,
    "integer tensor": integer_tensor,
    "set()": set,
}
LITERALS = [
    None,
    "",
    "abc",
    "mean",
    b"1",
    {},
    {"a": 1},
    1 + 2j,
    [1 + 2j],
    True,
    False,
    [True, False],
    np.bool_(True),
    [[1.0], [1.0, 2.0]],
    [],
    [[]],
    np.zeros((3, 0)),
    np.zeros((0, 3)),
    np.zeros(0),
    np.array(["a", "b"]),
    np.array([0.5, 0.5], dtype=object),
    np.datetime64("2026-01-01"),
    ["0.5", "0.5"],
    [None, None],
    math.nan,
    math.inf,
    -math.inf,
    [math.nan, 1.0],
    [math.inf, 0.0],
    1e308,
    -1e308,
    [1e308, -1e308],
    [[1e308, -1e308], [-1e308, 1e308]],
    5e-324,
    10**400,
    -(10**400),
    [10**400, 1],
    2**63,
    -1,
    0,
    1,
    2,
    0.5,
    -0.5,
    1.5,
    np.float16(0.5),
    np.float32(1e-45),
    np.array(0.5),
    np.array([[[0.5, 0.5]]]),
    [0, 1],
    [1, 0],
    [[0, 1], [1, 0]],
    [[0.0, 1.0], [1.0, 0.0]],
    [-100, -100],
    np.iinfo(np.int64).max,
    np.float64(np.finfo(np.float64).max),
    "none",
    "sum",
    "MEAN",
    ["mean"],
    np.array(["mean"]),
    -100,
    3,
]


def finite_arrays():
    dtypes = st.sampled_from([np.float16, np.float32, np.float64, np.int64, np.int8, np.uint8])
    shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
    return st.tuples(dtypes, shapes).flatmap(
        lambda dtype_shape: hnp.arrays(
            *dtype_shape, elements=hnp.from_dtype(np.dtype(dtype_shape[0]), allow_nan=False, allow_infinity=False)
        )
    )


HOSTILE = st.one_of(
    st.sampled_from(sorted(BUILT)),
    st.sampled_from(LITERALS),
    finite_arrays(),
    st.floats(),
    st.integers(),
    st.text(max_size=5),
    st.lists(st.one_of(st.floats(), st.integers(-5, 5), st.booleans()), max_size=4),
)


def call(func: str, name: str, value):
    """``func`` with its valid arguments but ``name`` set to ``value``; the outcome (value or error) and the
    warnings it raised."""
    kwargs = dict(VALID[func])
    kwargs[name] = BUILT[value]() if isinstance(value, str) and value in BUILT else value
    return outcome_and_warnings(lambda: FUNCTIONS[func](**kwargs))


def outcome_and_warnings(run):
    """What ``run()`` returned or raised, and the warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            outcome = run()
        except Exception as error:  # judged by the caller: only the house-style TypeError / ValueError may come out
            outcome = error
    return outcome, [str(warning.message) for warning in caught]


def assert_kept_promise(func: str, name: str, outcome, caught: list[str]):
    assert not caught, f"{func}({name}=...) warned: {caught}"
    if isinstance(outcome, BaseException):
        assert type(outcome) in (TypeError, ValueError), f"{func}({name}=...) raised {outcome!r}"
        assert_house_style(str(outcome), func)  # it may be about another argument the value clashes with
        return
    if func != "data_file":
        result = np.asarray(outcome)
        assert result.dtype.kind == "f" and not np.isnan(result).any(), f"{func}({name}=...) returned {outcome!r}"


@pytest.mark.parametrize("func, name", ARGUMENTS)
@settings(max_examples=40, deadline=None)
@given(value=HOSTILE)
def test_hostile_argument(func, name, value):
    outcome, caught = call(func, name, value)
    assert_kept_promise(func, name, outcome, caught)


@pytest.mark.parametrize("func, name", ARGUMENTS)
@pytest.mark.parametrize("value", sorted(BUILT) + [repr(value) for value in LITERALS])
def test_every_listed_value_for_every_argument(func, name, value):
    literal = value if value in BUILT else LITERALS[[repr(v) for v in LITERALS].index(value)]
    outcome, caught = call(func, name, literal)
    assert_kept_promise(func, name, outcome, caught)


FLOATS = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True)


@settings(max_examples=200, deadline=None)
@given(
    logits=hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=4),
        elements=FLOATS | st.just(-math.inf),
    ),
    data=st.data(),
)
def test_any_finite_logits_give_no_warning(logits, data):
    """Logits anywhere in float64's range (and -inf masks): each function answers or explains, silently."""
    n_classes = logits.shape[-1]
    target = data.draw(
        st.integers(0, n_classes - 1)
        if logits.ndim == 1
        else hnp.arrays(np.int64, logits.shape[0], elements=st.integers(0, n_classes - 1))
    )
    calls = {
        "logsumexp": lambda: logsumexp(logits),
        "softmax": lambda: softmax(logits),
        "log_softmax": lambda: log_softmax(logits),
        "cross_entropy_loss": lambda: cross_entropy_loss(logits, target, label_smoothing=0.1),
        "cross_entropy_grad": lambda: cross_entropy_grad(logits, target),
        "nll_loss": lambda: nll_loss(np.minimum(logits, 0), target, reduction="sum"),
    }
    for func, run in calls.items():
        assert_kept_promise(func, "logits", *outcome_and_warnings(run))


@settings(max_examples=100, deadline=None)
@given(
    p=hnp.arrays(np.float64, st.integers(1, 5), elements=st.floats(0, 1)),
    q=hnp.arrays(np.float64, st.integers(1, 5), elements=st.floats(0, 1)),
    base=st.none() | FLOATS,
)
def test_any_distributions_give_no_warning(p, q, base):
    """Probabilities anywhere in [0, 1], subnormal ones too, and any finite base."""
    p, q = p / p.sum() if p.sum() > 0 else p, q / q.sum() if q.sum() > 0 else q
    for func, run in {
        "entropy": lambda: entropy(p, base=base),
        "cross_entropy": lambda: cross_entropy(p, q, base=base),
        "kl_divergence": lambda: kl_divergence(p, q, base=base),
    }.items():
        assert_kept_promise(func, "p", *outcome_and_warnings(run))


# The cases that were wrong before, each with the message it now gives.
@pytest.mark.parametrize(
    "call_, error, message",
    [
        *[
            (
                lambda f=f, t=t: f(LOGITS, t()),
                TypeError,
                rf"{f.__name__}: target must be an array of numbers; got {what}\. "
                r"Pass target\.detach\(\)\.cpu\(\)\.numpy\(\)",
            )
            for f in (cross_entropy_loss, cross_entropy_grad)
            for t, what in (
                (lambda: torch.tensor([0, 2.0], requires_grad=True), "a torch tensor that requires grad"),
                (lambda: torch.empty(2, device="meta"), "a torch tensor on the meta device"),
            )
        ],
        (
            lambda: nll_loss(np.log([[0.5, 0.5]]), torch.empty(1, device="meta")),
            TypeError,
            r"nll_loss: target must be an array of numbers; got a torch tensor on the meta device\.",
        ),
        *[
            (
                lambda f=f: f(LOGITS, [[0], [1, 2]]),
                TypeError,
                rf"{f.__name__}: target must be an array with rows of equal length; got \[\[0\], \[1, 2\]\]\. Pad "
                r"the short",
            )
            for f in (cross_entropy_loss, cross_entropy_grad)
        ],
        (
            lambda: nll_loss(np.log([[0.5, 0.5]]), [[0], [1, 2]]),
            TypeError,
            r"nll_loss: target must be an array with rows",
        ),
        (
            lambda: cross_entropy_loss(LOGITS, [0, 2], reduction=np.array(["mean"])),
            TypeError,
            r"cross_entropy_loss: reduction must be one of 'none', 'mean', 'sum'; got an array of shape \(1,\)\. "
            r"Pass the ",
        ),
        (
            lambda: logsumexp([1.0, 2.0], keepdims=np.array([True])),
            TypeError,
            r"logsumexp: keepdims must be True or False; got an array of shape \(1,\)\. Pass keepdims=True",
        ),
        (
            lambda: logsumexp([1.0, 2.0], keepdims="no"),
            TypeError,
            r"logsumexp: keepdims must be True or False; got 'no'\.",
        ),
        (
            lambda: nll_loss(np.zeros((2, 0)), [-100, -100]),
            ValueError,
            r"nll_loss: log_probs must have at least one class; got shape \(2, 0\), with no classes\. Pass one score",
        ),
        (
            lambda: cross_entropy_loss(np.zeros((3, 0)), [0, 0, 0]),
            ValueError,
            r"cross_entropy_loss: logits must have at least one class; got shape \(3, 0\), with no classes\.",
        ),
        (
            lambda: softmax(np.ma.masked_array([1.0, 2.0], mask=[False, True])),
            ValueError,
            r"softmax: logits must have no masked entries \(they would count\); got 1 masked\. Fill them in, "
            r"e\.g\. logits\.filled\(0\.0\), or keep the others with logits\.compressed\(\)\.",
        ),
        (
            lambda: cross_entropy_loss([2.0, 1.0, 0.1], [0, 1]),
            ValueError,
            r"cross_entropy_loss: target must be a single class index for input of shape \(3,\); got shape \(2,\)\. ",
        ),
        (
            lambda: cross_entropy_grad([2.0, 1.0, 0.1], [0, 1, 0]),
            ValueError,
            r"cross_entropy_grad: target must be a single class index for input of shape \(3,\); got shape \(3,\)\. "
            r"It looks one-hot: pass class indices, target\.argmax\(\)\.",
        ),
        (
            lambda: cross_entropy_loss(LOGITS, [[0, 1, 0], [0, 0, 1]]),
            ValueError,
            r"target must have shape \(2,\) for input of shape \(2, 3\); got shape \(2, 3\)\. It looks one-hot: pass "
            r"class "
            r"indices, target\.argmax\(1\)\.",
        ),
        (
            lambda: cross_entropy_loss(LOGITS, [0, 7]),
            ValueError,
            r"cross_entropy_loss: target must hold class indices in \[0, 3\); got 7\. With 3 classes the indices run "
            r"from ",
        ),
        (
            lambda: cross_entropy_loss(LOGITS, [0, 2], label_smoothing=None),
            TypeError,
            r"cross_entropy_loss: label_smoothing must be a number; got None\. Typical values are 0 \(off\) to 0\.1\.",
        ),
        (
            lambda: sigmoid_of(1 + 2j),
            TypeError,
            r"sigmoid: z must be an array of real numbers; got \(1\+2j\)\. Complex",
        ),
        (lambda: entropy([0.5, 0.5], base=10**400), ValueError, r"entropy: base must be positive, finite and not 1;"),
    ],
)
def test_what_used_to_go_wrong(call_, error, message):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=message) as info:
            call_()
    assert_house_style(str(info.value), str(info.value).split(":")[0])


def sigmoid_of(value):
    return course_utils.sigmoid(value)


@pytest.mark.parametrize("func", [logsumexp, softmax, log_softmax])
def test_logits_spanning_the_float_range_give_no_warning(func):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = func([1e308, -1e308])
    assert not np.isnan(result).any()


@pytest.mark.parametrize("func", [cross_entropy_loss, cross_entropy_grad, nll_loss])
def test_losses_spanning_the_float_range_give_no_warning(func):
    logits = np.array([[1e308, -1e308], [-1e308, 1e308]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = func(-np.abs(logits) if func is nll_loss else logits, [1, 1], reduction="sum")
    assert not np.isnan(result).any()
    if func is cross_entropy_loss:
        assert result == np.inf  # 2e308 is past float64's largest number: the loss is its limit, inf


def test_a_masked_array_with_nothing_masked_is_taken():
    np.testing.assert_allclose(softmax(np.ma.masked_array([1.0, 1.0], mask=[False, False])), [0.5, 0.5])


def test_a_cpu_tensor_without_grad_is_taken():
    assert cross_entropy_loss(torch.tensor(LOGITS), torch.tensor([0, 2])) == pytest.approx(
        float(torch.nn.functional.cross_entropy(torch.tensor(LOGITS), torch.tensor([0, 2]))), rel=1e-6
    )

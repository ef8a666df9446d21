"""Every checker of the course keeps its promise whatever a learner writes: a verdict, never a crash, a hang, a
printout of its own or a changed setting; correct answers stay correct whatever the learner's settings.

Hostile answers are generated (hypothesis) for all 26 exercises: functions that raise any exception (empty or
unprintable messages, SystemExit), return anything (None, strings, complex numbers, ragged lists, objects whose
__array__, __float__, __eq__, __repr__ or __str__ raise, nan, inf, arrays of any shape), print a lot, change
their input or the global settings; and values of all those kinds for the value exercises.
"""

import contextlib
import io
import sys
import time
import warnings

import numpy as np
import pytest
import torch
from hostile_support import Hostile
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import course_utils.checks as checks
import course_utils.exercises as exercises
from course_utils.checks import Result, ValueExercise
from course_utils.exercises.capstone import _reference_step

EXERCISES = [getattr(exercises, name) for name in exercises.__all__]
FUNCTION_EXERCISES = [ex for ex in EXERCISES if not isinstance(ex, ValueExercise)]
VALUE_EXERCISES = [ex for ex in EXERCISES if isinstance(ex, ValueExercise)]
PREFIX = {"correct": "Correct", "incorrect": "Incorrect", "not attempted": "Not attempted"}
# Enough cases to meet every exercise with several hostile kinds, in about 20 s on two cores.
MANY = settings(max_examples=150)


def test_every_exercise_is_here():
    assert len(EXERCISES) == 26 and len(VALUE_EXERCISES) + len(FUNCTION_EXERCISES) == 26


class ExitsOnConversion:
    def __array__(self, *args, **kwargs):
        raise SystemExit(3)


class BadMessage(Exception):
    def __str__(self):
        raise RuntimeError("no message")


class Made:
    """Stands for an object built only when the answer runs: hypothesis writes its draws with repr(), which
    these objects would break."""

    KINDS = {"Hostile": Hostile, "ExitsOnConversion": ExitsOnConversion, "object": object}

    def __init__(self, kind):
        self.kind = kind

    def __repr__(self):
        return f"Made({self.kind!r})"


def materialised(value):
    return Made.KINDS[value.kind]() if isinstance(value, Made) else value


def settings_now():
    return (np.geterr(), np.get_printoptions(), torch.is_grad_enabled(), torch.get_default_dtype())


def reference_answer(exercise):
    """A correct answer: the exercise's own reference behind a function of the learner's."""
    if isinstance(exercise, ValueExercise):
        return exercise.expected.copy()
    reference = _reference_step if exercise is exercises.training_step_exercise else exercise.reference

    def answer(*args):
        return reference(*args)

    return answer


def judged(exercise, answer):
    """``exercise.evaluate(answer)``, asserting the promises every verdict keeps."""
    before = settings_now()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning escaping the checker fails the test
        result = exercise.evaluate(answer)
    assert isinstance(result, Result) and result.state in PREFIX
    assert result.message.startswith(f"{PREFIX[result.state]}: {exercise.name}.")
    assert out.getvalue() == err.getvalue() == "", "the checker printed"
    assert settings_now() == before, "the checker changed a setting"
    return result


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.integers(10**400, 10**401),
    st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(allow_nan=True),
    st.text(max_size=20),
    st.binary(max_size=8),
    st.just(...),
    st.sampled_from(sorted(Made.KINDS)).map(Made),
    st.dictionaries(st.text(max_size=3), st.floats(), max_size=3),
    st.sets(st.integers(), max_size=3),
    st.lists(st.lists(st.floats(), max_size=3), max_size=3),  # ragged
    st.tuples(st.floats(), st.floats()),
    hnp.arrays(hnp.scalar_dtypes(), hnp.array_shapes(min_dims=0, max_dims=3, max_side=4)),
    st.just(np.ma.masked_array([1.0, 2.0], mask=[True, False])),
    st.just(torch.ones(2, requires_grad=True)),
    st.just(torch.ones(2, device="meta")),
    st.just(iter([1.0, 2.0])),
    st.just(np.zeros(10**6)),
)
errors = st.one_of(
    st.sampled_from(
        [
            ValueError(),
            AssertionError(),
            SystemExit(2),
            StopIteration(),
            RecursionError(),
            MemoryError(),
            ZeroDivisionError(),
            BadMessage("x"),
            ValueError("\n\n"),
            KeyError(),
            NotImplementedError("not implemented for 'Long'"),
            GeneratorExit(),
        ]
    ),
    st.text().map(RuntimeError),
)


def raising(error):
    def answer(*args):
        raise error

    return answer


def returning(value):
    def answer(*args):
        return materialised(value)

    return answer


def printing_then_returning(value):
    def answer(*args):
        for i in range(3000):
            print("debug", i)
        print("to stderr", file=sys.stderr)
        return materialised(value)

    return answer


def changing_everything(value):
    def answer(*args):
        for arg in args:
            if isinstance(arg, np.ndarray) and arg.flags.writeable:
                arg[...] = 0
        np.seterr(all="raise")
        np.set_printoptions(precision=1)
        torch.set_grad_enabled(False)
        warnings.simplefilter("error")
        return materialised(value)

    return answer


answers = st.one_of(
    errors.map(raising),
    values.map(returning),
    values.map(printing_then_returning),
    values.map(changing_everything),
    values,
)  # a value where a function is expected, too


@MANY
@given(exercise=st.sampled_from(EXERCISES), answer=answers)
def test_any_answer_gets_a_verdict_and_nothing_escapes(exercise, answer):
    judged(exercise, materialised(answer))


@MANY
@given(exercise=st.sampled_from(VALUE_EXERCISES), value=values)
def test_any_value_gets_a_verdict(exercise, value):
    judged(exercise, materialised(value))


@pytest.mark.parametrize("exercise", FUNCTION_EXERCISES, ids=lambda ex: ex.name[:40])
def test_an_empty_or_unprintable_message_is_still_reported(exercise):
    for error in (ValueError(), AssertionError(), BadMessage("x")):
        result = judged(exercise, raising(error))
        assert result.state == "incorrect"
        assert f"our function raised {type(error).__name__}" in result.message  # Your or your


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.name[:40])
def test_printing_is_shown_once_after_the_verdict(exercise):
    result = judged(exercise, printing_then_returning(None) if exercise in FUNCTION_EXERCISES else None)
    if exercise in FUNCTION_EXERCISES:
        assert "\nWhile it was checked, your code printed:\ndebug 0\ndebug 1\n" in result.message
        assert result.message.count("debug 0") == 1 and "more lines" in result.message


@contextlib.contextmanager
def settings_a_learner_might_leave():
    """NumPy raising on every floating-point error (hunting a nan), odd print options, torch without grad and
    in float64; the defaults come back afterwards."""
    old = np.seterr(all="raise")
    np.set_printoptions(precision=2, legacy="1.13", sign=" ")
    torch.set_grad_enabled(False)
    torch.set_default_dtype(torch.float64)
    try:
        yield
    finally:
        np.seterr(**old)
        np.set_printoptions(precision=8, legacy=False, sign="-")
        torch.set_grad_enabled(True)
        torch.set_default_dtype(torch.float32)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.name[:40])
def test_verdicts_do_not_depend_on_the_learners_settings(exercise):
    right = reference_answer(exercise)
    wrong = returning(np.float64(0.123)) if exercise in FUNCTION_EXERCISES else 0.123
    right_verdict, wrong_verdict = exercise.evaluate(right), exercise.evaluate(wrong)
    assert right_verdict.state == "correct", right_verdict.message
    with settings_a_learner_might_leave():
        assert judged(exercise, right) == right_verdict
        assert judged(exercise, wrong) == wrong_verdict


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(checks, "TIME_LIMIT_S", 0.5)
    return 0.5


def loops_forever(*args):
    while True:
        pass


def sleeps(*args):
    time.sleep(60)


def swallows_the_first_stop(*args):
    try:
        while True:
            pass
    except BaseException:
        while True:
            pass


class SlowToConvert:
    def __array__(self, *args, **kwargs):
        while True:
            pass


@pytest.mark.parametrize("answer", [loops_forever, sleeps, swallows_the_first_stop])
@pytest.mark.parametrize(
    "exercise",
    [exercises.stable_sigmoid_exercise, exercises.training_step_exercise, exercises.cross_entropy_loss_exercise],
    ids=["sigmoid", "step", "loss"],
)
def test_a_slow_answer_is_stopped_within_the_limit(exercise, answer, short_limit):
    start = time.monotonic()
    result = judged(exercise, answer)
    assert time.monotonic() - start < short_limit + 1.0
    assert result.state == "incorrect"
    assert f"The check stopped your code after {short_limit:g} s" in result.message


@pytest.mark.parametrize(
    "exercise", [exercises.stable_sigmoid_exercise, exercises.cross_entropy_loss_exercise], ids=["sigmoid", "loss"]
)
def test_a_result_that_never_converts_is_stopped(exercise, short_limit):
    start = time.monotonic()
    result = judged(exercise, lambda *args: SlowToConvert())
    assert time.monotonic() - start < short_limit + 1.0
    assert f"The check stopped your code after {short_limit:g} s" in result.message


def test_the_message_says_which_case_ran_out_of_time(short_limit):
    result = judged(exercises.stable_sigmoid_exercise, sleeps)
    assert "during case 1 of 9, stable_sigmoid(0.0);" in result.message


@pytest.mark.parametrize("exercise", VALUE_EXERCISES, ids=lambda ex: ex.name[:40])
def test_a_value_that_never_converts_is_stopped(exercise, short_limit):
    result = judged(exercise, SlowToConvert())
    assert "stopped your code after 0.5 s, during the conversion of your value" in result.message


def test_every_check_of_a_right_answer_takes_a_fraction_of_the_limit():
    """The checker's own work must leave the limit to the answer: each exercise's right answer and a wrong one
    (which adds the diagnosis) are judged well inside TIME_LIMIT_S, here on a busy machine too."""
    for exercise in EXERCISES:
        for answer in (reference_answer(exercise), returning(np.float64(0.123))):
            start = time.monotonic()
            exercise.evaluate(answer)
            assert time.monotonic() - start < checks.TIME_LIMIT_S / 4, exercise.name


def test_a_masked_answer_is_told_to_unmask():
    result = judged(exercises.weighted_mean_exercise, np.ma.masked_array([1.04, 9.0], mask=[False, True]))
    assert "a masked array with hidden entries" in result.message and ".compressed()" in result.message

import subprocess
import sys

import numpy as np
import pytest
import torch

from course_utils.checks import FunctionExercise, Result, TensorExercise, ValueExercise
from course_utils.numerics import sigmoid, softmax

SIGMOID_CASES = [(0.0,), (np.array([-3.0, 0.0, 3.0]),), (-1000.0,), (1000.0,), (np.linspace(-50, 50, 30),)]
NEXT_STEP = "Call .hint() for a hint, or .solution() to see one way."


@pytest.fixture
def sigmoid_exercise():
    return FunctionExercise(
        "Stable sigmoid",
        sigmoid,
        SIGMOID_CASES,
        hint="Split on the sign of z.",
        solution="def stable_sigmoid(z):\n    ...",
    )


@pytest.fixture
def value_exercise():
    return ValueExercise("Half", np.array([0.5, 0.25]), hint="Halve it.", solution="answer = x / 2")


def stable(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))[()]


def raise_not_implemented(z):
    raise NotImplementedError


def not_implemented_for_extremes(z):
    if np.any(np.abs(z) > 100):
        raise NotImplementedError
    return -1.0


def raise_value_error(z):
    raise ValueError("z must be positive.")


def forget_return(z):
    sigmoid(z)


def in_place(z):
    result = sigmoid(z)
    if isinstance(z, np.ndarray):
        z *= 0  # mutates the caller's array: the checker must pass copies
    return result


@pytest.mark.parametrize("answer", [sigmoid, stable], ids=["reference", "stable"])
def test_correct_function(sigmoid_exercise, answer):
    result = sigmoid_exercise.evaluate(answer)
    assert result == Result("correct", "Correct: Stable sigmoid. All 5 cases match the reference, without warnings.")


@pytest.mark.parametrize(
    "answer, fragments",
    [
        (
            lambda z: 1 / (1 + np.exp(-z)),
            ["case 3 of 5, stable_sigmoid(-1000.0)", "RuntimeWarning: overflow encountered in exp"],
        ),
        (
            lambda z: sigmoid(-np.asarray(z)),
            [
                "case 2 of 5, stable_sigmoid(np.array([-3.0, 0.0, 3.0]))",
                "expected [0.0474259, 0.5, 0.952574]",
                "got [0.952574, 0.5, 0.0474259]",
                "max absolute difference 0.905148 at index (0,)",
            ],
        ),
        (
            lambda z: np.atleast_2d(sigmoid(z)),
            ["case 1 of 5", "expected a single number, got an array of shape (1, 1)"],
        ),
        (
            lambda z: sigmoid(z) * np.where(np.asarray(z) > 100, np.nan, 1),
            ["case 4 of 5, stable_sigmoid(1000.0), got nan where the expected value is 1"],
        ),
        (forget_return, ["case 1 of 5", "returned None. Did you forget `return`?"]),
        (raise_value_error, ["case 1 of 5", "raised ValueError: z must be positive."]),
        (lambda z: "0.5", ["expected a number or array, got str '0.5'"]),
        (sigmoid(0.5), ["Expected a function, got float64 0.622459", ".check(stable_sigmoid), not"]),
    ],
)
def test_incorrect_function(sigmoid_exercise, answer, fragments):
    result = sigmoid_exercise.evaluate(answer)
    assert result.state == "incorrect"
    assert result.message.startswith("Incorrect: Stable sigmoid. ")
    assert result.message.endswith("\n" + NEXT_STEP)
    for fragment in fragments:
        assert fragment in result.message


def test_answer_cannot_change_the_cases(sigmoid_exercise):
    assert [sigmoid_exercise.evaluate(in_place).state for _ in range(2)] == ["correct", "correct"]
    np.testing.assert_array_equal(SIGMOID_CASES[1][0], [-3.0, 0.0, 3.0])


def test_long_arrays_are_shortened():
    exercise = FunctionExercise("Softmax", softmax, [(np.arange(100.0),)], hint="h", solution="s")
    message = exercise.evaluate(lambda x: softmax(x) + 1e-3).message
    assert "softmax(np.array([0.0, 1.0, 2.0, ..., 97.0, 98.0, 99.0]))" in message
    assert "max absolute difference 0.001" in message


def test_warnings_allowed_when_not_forbidden():
    exercise = FunctionExercise("Sigmoid", sigmoid, SIGMOID_CASES, hint="h", solution="s", forbid_warnings=False)
    assert exercise.evaluate(lambda z: 1 / (1 + np.exp(-z))).state == "correct"


def test_underflow_is_not_a_warning():
    exercise = FunctionExercise("Exp", np.exp, [(-1000.0,)], hint="h", solution="s")
    assert exercise.evaluate(np.exp).message == "Correct: Exp. The case matches the reference, without warnings."


@pytest.mark.parametrize("answer", [raise_not_implemented, not_implemented_for_extremes])
def test_not_attempted_function(sigmoid_exercise, answer):
    assert sigmoid_exercise.evaluate(answer) == Result(
        "not attempted",
        "Not attempted: Stable sigmoid. Replace the `raise NotImplementedError` "
        "with your code, then run this cell again.",
    )


@pytest.mark.parametrize(
    "answer, state, fragment",
    [
        ([0.5, 0.25], "correct", "Correct: Half. Your value [0.5, 0.25] matches."),
        (np.array([0.5, 0.25], np.float32), "correct", "Correct: Half."),
        (..., "not attempted", "Not attempted: Half. Replace the `...` with your code"),
        ([0.5, -0.25], "incorrect", "Got [0.5, -0.25], which is not the answer (first wrong entry at index (1,))"),
        ([0.5], "incorrect", "Expected an array of shape (2,), got an array of shape (1,)."),
        ([0.5, np.inf], "incorrect", "Got [0.5, inf], which is not the answer (first wrong entry at index (1,))"),
        ("0.5", "incorrect", "Expected a number or array, got str '0.5'."),
        ([[0.5], [0.25, 1]], "incorrect", "Expected a number or array, got list (setting an array element"),
        (None, "incorrect", "Got None."),
    ],
)
def test_value_exercise(value_exercise, answer, state, fragment):
    result = value_exercise.evaluate(answer)
    assert result.state == state
    assert fragment in result.message


def test_tolerances():
    exercise = ValueExercise("One", 1.0, hint="h", solution="s", rtol=0, atol=1e-3)
    assert exercise.evaluate(1.0009).state == "correct"
    assert exercise.evaluate(1.002).message.startswith("Incorrect: One. Got 1.002, which is not the answer.")


def test_value_exercise_keeps_the_answer_hidden(value_exercise):
    assert "0.25" not in value_exercise.evaluate([0.5, 0.3]).message


@pytest.mark.parametrize(
    "answer, first_line",
    [
        ([0.5, 0.25], "Correct: Half. Your value [0.5, 0.25] matches."),
        ([1, 2], "Incorrect: Half. Got [1, 2], which is not the answer (first wrong entry at index (0,))."),
        (..., "Not attempted: Half. Replace the `...` with your code, then run this cell again."),
    ],
)
def test_check_prints_one_state(value_exercise, capsys, answer, first_line):
    assert value_exercise.check(answer) is None
    printed = capsys.readouterr()
    assert printed.out.splitlines()[0] == first_line
    assert printed.out == value_exercise.evaluate(answer).message + "\n"
    assert printed.err == ""


def test_hint_and_solution_print(value_exercise, capsys):
    value_exercise.hint()
    value_exercise.solution()
    assert capsys.readouterr().out == "Hint: Halve it.\nSolution:\nanswer = x / 2\n"


def test_result_is_frozen():
    with pytest.raises(AttributeError):
        Result("correct", "").state = "incorrect"


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"reference": 1.0}, TypeError, "FunctionExercise: reference must be callable; got float."),
        ({"cases": []}, ValueError, "FunctionExercise: cases must hold at least one argument tuple"),
        ({"cases": 0.5}, TypeError, "FunctionExercise: cases must be a list of argument tuples; got float."),
        (
            {"cases": [0.5]},
            TypeError,
            "cases must hold argument tuples; got 0.5. Wrap a single argument in a tuple: (0.5,).",
        ),
        ({"rtol": -1e-6}, ValueError, "FunctionExercise: rtol must be finite and non-negative; got -1e-06."),
        ({"atol": "0"}, TypeError, "FunctionExercise: atol must be a real number; got '0'."),
        ({"hint": ""}, ValueError, "FunctionExercise: hint must not be blank; got ''."),
        ({"name": None}, TypeError, "FunctionExercise: name must be a string; got None."),
        ({"forbid_warnings": 1}, TypeError, "FunctionExercise: forbid_warnings must be True or False; got 1."),
    ],
)
def test_function_exercise_validation(kwargs, error, message):
    arguments = {"name": "n", "reference": sigmoid, "cases": [(0.0,)], "hint": "h", "solution": "s"} | kwargs
    with pytest.raises(error) as info:
        FunctionExercise(**arguments)
    assert message in str(info.value)


@pytest.mark.parametrize(
    "expected, error, message",
    [
        ("1.4", TypeError, "ValueExercise: expected must be an array of real numbers; got '1.4'. Pass real numbers"),
        (..., TypeError, "ValueExercise: expected must be an array of real numbers; got ellipsis. Pass real numbers"),
    ],
)
def test_value_exercise_validation(expected, error, message):
    with pytest.raises(error, match="^" + message.replace("(", r"\(").replace(".", r"\.")):
        ValueExercise("n", expected, hint="h", solution="s")


def test_known_mistakes_get_their_reason():
    exercise = ValueExercise("Double three", 6.0, hint="h", solution="s", mistakes=[(9.0, "that is 3 squared.")])
    assert exercise.evaluate(9.0).message.startswith("Incorrect: Double three. Got 9: that is 3 squared.")
    assert "which is not the answer" in exercise.evaluate(7.0).message


def test_if_on_an_array_gets_explained():
    def with_if(z):
        return 1.0 if z > 0 else 0.0

    exercise = FunctionExercise(
        "Step",
        lambda z: (np.asarray(z) > 0) * 1.0,
        [(1.0,), (np.array([-1.0, 1.0]),)],
        hint="h",
        solution="def step(z):\n    return (z > 0) * 1.0",
    )
    assert "used `if` (or `and`/`or`) on an array" in exercise.evaluate(with_if).message


def test_math_module_on_arrays_gets_explained():
    import math

    exercise = FunctionExercise(
        "Log", np.log, [(2.0,), (np.array([1.0, 2.0]),)], hint="h", solution="def my_log(x):\n    return np.log(x)"
    )
    assert "Use NumPy's functions, which work on the whole array (np.log" in exercise.evaluate(math.log).message


def test_function_mistakes_name_the_likely_cause():
    exercise = FunctionExercise(
        "Double",
        lambda x: 2 * x,
        [(1.0,), (3.0,)],
        hint="h",
        solution="def double(x):\n    return 2 * x",
        mistakes=[(lambda x: x * x, "you squared it."), (lambda x: x + 1, "you added 1.")],
    )
    assert exercise.evaluate(lambda x: x + 1).message.splitlines()[1] == "Likely cause: you added 1."
    assert "Likely cause" not in exercise.evaluate(lambda x: x - 5).message
    with pytest.raises(TypeError, match="FunctionExercise: mistakes must pair wrong functions with reasons"):
        FunctionExercise("Double", lambda x: 2 * x, [(1.0,)], hint="h", solution="s", mistakes=[(3.0, "no")])


def log_or_zero_where(x):  # the right values, but np.where computes np.log(0) in its other branch: it warns
    return np.where(x > 0, np.log(x), 0.0)


def test_a_mistake_that_warns_names_the_cause_of_a_right_value_with_a_warning():
    exercise = FunctionExercise(
        "Log or zero",
        lambda x: np.log(np.where(x > 0, x, 1.0)),
        [(np.array([0.0, 2.0]),)],
        hint="h",
        solution="def log_or_zero(x):\n    ...",
        mistakes=[(np.log, "no zero case."), (log_or_zero_where, "np.where runs both.")],
    )
    message = exercise.evaluate(lambda x: np.where(x != 0, np.log(x), 0)).message
    assert "emitted RuntimeWarning: divide by zero" in message and "\nLikely cause: np.where runs both.\n" in message
    assert "\nLikely cause: no zero case.\n" in exercise.evaluate(np.log).message  # a wrong value: as before


def test_value_mistakes_can_be_nan():
    exercise = ValueExercise("Zero", 0.0, hint="h", solution="s", mistakes=[(np.nan, "0 * log 0 is nan.")])
    assert exercise.evaluate(np.nan).message.startswith("Incorrect: Zero. Got nan: 0 * log 0 is nan.")
    assert exercise.evaluate(0.0).state == "correct"


def paste(code):
    """Evaluate the code a message prints for a failing case, as a learner pasting it into a cell would."""
    return eval(code, {"np": np})


@pytest.mark.parametrize(
    "case",
    [
        (np.array([0.1, 0.2, 0.9]),),
        (1 - 1e-12,),
        (np.array([[1.0, -np.inf], [np.nan, 3.0]], dtype=np.float32),),
        (np.array([3, 255, 0]), 255, "mean", None),
    ],
)
def test_a_failing_case_is_printed_as_code_that_reproduces_it(case):
    """Copied into a cell, the failing call gives back exactly the arguments the checker used (full precision,
    np.array, -np.inf, dtype), so a correct solution passes on it too."""
    exercise = FunctionExercise("Echo", lambda *args: 0.0, [case], hint="h", solution="def echo(*args):\n    ...")
    message = exercise.evaluate(lambda *args: 1.0).message
    call = message.split("On case 1 of 1, ")[1].split(", expected")[0]
    assert call.startswith("echo(")
    for got, want in zip(paste("(" + call.removeprefix("echo(")[:-1] + ",)"), case):
        np.testing.assert_array_equal(got, want)
        assert type(got) is type(want) and getattr(got, "dtype", None) == getattr(want, "dtype", None)


def test_an_answer_that_ignores_its_arguments_is_told_so():
    exercise = FunctionExercise("Log K", np.log, [(2,), (3,), (100,)], hint="h", solution="s")
    message = exercise.evaluate(lambda k: 4.6052).message
    assert "Likely cause: your function returns the same number, 4.6052, whatever its arguments" in message
    # A reference that is constant itself gives no such hint, nor does nan (a warning's result, named elsewhere).
    constant = FunctionExercise("One", lambda k: 1.0, [(2,), (3,)], hint="h", solution="s")
    assert "same number" not in constant.evaluate(lambda k: 2.0).message
    assert "same number" not in exercise.evaluate(lambda k: np.nan).message


def test_forbidden_calls_name_the_function_and_catch_the_library_itself():
    exercise = FunctionExercise(
        "Sigmoid", sigmoid, SIGMOID_CASES, hint="h", solution="s", forbidden_calls=[("sigmoid", "write it yourself.")]
    )
    assert exercise.evaluate(sigmoid).message.startswith(
        "Incorrect: Sigmoid. That is course_utils's own sigmoid, not yours; write it yourself."
    )

    def wrapped(z):
        return sigmoid(z)

    assert "Your function calls sigmoid(); write it yourself." in exercise.evaluate(wrapped).message

    def own(z):
        return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))

    assert exercise.evaluate(own).state == "correct"


def naive_but_silenced(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))


def test_silencing_the_warning_is_not_avoiding_the_overflow():
    """Right values, no warning: only the source shows that e^1000 still overflows."""
    strict = FunctionExercise("Sigmoid", sigmoid, SIGMOID_CASES, hint="h", solution="s", forbid_silencing=True)
    message = strict.evaluate(naive_but_silenced).message
    assert message.startswith("Incorrect: Sigmoid. Your function silences NumPy's warnings (errstate)")
    lenient = FunctionExercise("Sigmoid", sigmoid, SIGMOID_CASES, hint="h", solution="s")
    assert lenient.evaluate(naive_but_silenced).state == "correct"
    with pytest.raises(TypeError, match="FunctionExercise: forbid_silencing must be True or False; got 'yes'."):
        FunctionExercise("Sigmoid", sigmoid, SIGMOID_CASES, hint="h", solution="s", forbid_silencing="yes")


def test_value_exercises_share_one_rule_for_typed_answers():
    """The printouts show four significant digits or four decimals; a value typed from them is right."""
    from course_utils.checks import TYPED_ATOL, TYPED_RTOL

    exercise = ValueExercise("Loss", 1.4170300162778335, hint="h", solution="s")
    assert (exercise.rtol, exercise.atol) == (TYPED_RTOL, TYPED_ATOL)
    assert exercise.evaluate(1.417).state == "correct" and exercise.evaluate(1.42).state == "incorrect"
    small = ValueExercise("Small", 0.012345, hint="h", solution="s")
    assert small.evaluate(0.0123).state == "correct"  # four decimals
    assert small.evaluate(0.013).state == "incorrect"


def test_a_librarys_not_implemented_error_is_an_error_of_the_answer():
    """Only the stub's own bare `raise NotImplementedError` means "not attempted"; torch's "not implemented for
    'Long'" (a swapped loss_fn argument) is a mistake to report."""
    exercise = FunctionExercise("Sigmoid", sigmoid, SIGMOID_CASES, hint="h", solution="s")

    def stub(z):
        raise NotImplementedError

    def calls_something_unfinished(z):
        return helper(z)

    def helper(z):
        raise NotImplementedError("log_softmax_lastdim_kernel_impl not implemented for 'Long'")

    assert exercise.evaluate(stub).state == "not attempted"
    result = exercise.evaluate(calls_something_unfinished)
    assert result.state == "incorrect"
    assert "your function raised NotImplementedError: log_softmax_lastdim_kernel_impl not implemented" in result.message


def test_a_known_mistake_that_returns_its_argument_is_named_before_the_general_guess():
    def exercise(mistakes):
        return FunctionExercise("Half", lambda x: x / 2, [(1.0,), (4.0,)], hint="h", solution="s", mistakes=mistakes)

    guessed = exercise([]).evaluate(lambda x: x).message
    assert "Likely cause: your function returns its argument unchanged; compute the result from it." in guessed
    named = exercise([(lambda x: x, "you forgot to halve it.")]).evaluate(lambda x: x).message
    assert "Likely cause: you forgot to halve it." in named and "unchanged" not in named


# ---- TensorExercise: functions of torch tensors ---------------------------------------------------------------


def double_cases():
    return [
        (torch.tensor([1.0, -2.5, 0.1], dtype=torch.float64),),
        (torch.tensor([[3.0], [-torch.inf]], dtype=torch.float64),),
    ]


def double_exercise(**options):
    """One output: 2 * x, with float64 tensors and tolerances tight enough to tell float32 apart."""
    return TensorExercise(
        "Double it",
        lambda x: 2 * x,
        cases=double_cases,
        outputs=("doubled",),
        matches="2 * x",
        rtol=1e-9,
        atol=1e-12,
        hint="Multiply by 2.",
        solution="def double(x):\n    return 2 * x",
        mistakes=[(lambda x: x * x, "you squared it."), (lambda x: x + 2, "you added 2.")],
        **options,
    )


def sum_and_difference_exercise():
    """Two outputs: a + b and a - b."""
    return TensorExercise(
        "Sum and difference",
        lambda a, b: (a + b, a - b),
        cases=lambda: [
            (torch.tensor([1.0, 2.0], dtype=torch.float64), torch.tensor([0.5, -1.0], dtype=torch.float64)),
            (torch.tensor([[3.0, 1.0]], dtype=torch.float64), torch.tensor([[1.0, 1.0]], dtype=torch.float64)),
        ],
        outputs=("total", "difference"),
        matches="a + b and a - b",
        hint="Add, then subtract.",
        solution="def sum_and_difference(a, b):\n    return a + b, a - b",
        mistakes=[(lambda a, b: (a + b, b - a), "the difference is a - b, not b - a.")],
    )


def stub(*args):
    raise NotImplementedError


@pytest.mark.parametrize("answer", [lambda x: x + x, lambda x: x.mul(2), lambda x: torch.stack([2 * x])[0]])
def test_tensor_exercise_one_output_correct(answer):
    assert double_exercise().evaluate(answer) == Result("correct", "Correct: Double it. All 2 cases match 2 * x.")


@pytest.mark.parametrize("answer", [lambda a, b: (b + a, a - b), lambda a, b: [a + b, -(b - a)]])
def test_tensor_exercise_two_outputs_correct(answer):
    assert sum_and_difference_exercise().evaluate(answer) == Result(
        "correct", "Correct: Sum and difference. All 2 cases match a + b and a - b."
    )


def test_tensor_exercise_names_a_registered_mistake():
    message = double_exercise().evaluate(lambda x: x**2).message
    assert message == (
        "Incorrect: Double it. On case 1 of 2, double(torch.tensor([1.0, -2.5, 0.1], dtype=torch.float64)), "
        "expected [2, -5, 0.2], got [1, 6.25, 0.01]; max absolute difference 11.25 at index (1,) "
        f"(rtol=1e-09, atol=1e-12).\nLikely cause: you squared it.\n{NEXT_STEP}"
    )
    message = sum_and_difference_exercise().evaluate(lambda a, b: (a + b, b - a)).message
    assert "On case 1 of 2, sum_and_difference(torch.tensor([1.0, 2.0], dtype=torch.float64), " in message
    assert "for difference, expected [0.5, 3], got [-0.5, -3]" in message
    assert "\nLikely cause: the difference is a - b, not b - a.\n" in message
    unknown = double_exercise().evaluate(lambda x: 3 * x)  # no registered mistake does that: no cause
    assert unknown.state == "incorrect" and "On case 1 of 2" in unknown.message
    assert "Likely cause" not in unknown.message


def test_tensor_exercise_not_attempted():
    not_attempted = "Replace the `raise NotImplementedError` with your code, then run this cell again."
    assert double_exercise().evaluate(stub) == Result("not attempted", f"Not attempted: Double it. {not_attempted}")
    assert sum_and_difference_exercise().evaluate(stub).state == "not attempted"


def test_tensor_exercise_refuses_numpy_arrays_and_the_wrong_dtype():
    numpy = "got a NumPy array; return a torch tensor, like the inputs: stay in torch throughout"
    assert numpy in double_exercise().evaluate(lambda x: (2 * x).numpy()).message
    pair = sum_and_difference_exercise()
    assert f"for total, {numpy}" in pair.evaluate(lambda a, b: ((a + b).numpy(), a - b)).message
    dtype = "got a tensor of dtype torch.float32 where the reference's is torch.float64. A tensor made without dtype="
    assert dtype in double_exercise().evaluate(lambda x: (2 * x).float()).message
    assert f"for difference, {dtype}" in pair.evaluate(lambda a, b: (a + b, (a - b).float())).message


def test_tensor_exercise_tells_float32_precision():
    """float64 tensors whose values went through float32 on the way: right to about 7 digits only."""
    message = double_exercise().evaluate(lambda x: (2 * x).float().double()).message
    assert "On case 1 of 2" in message
    assert "\nLikely cause: your values agree with the reference to float32's precision only" in message


def prints_while_it_works(x):
    print("doubling", tuple(x.shape))
    return x * 3


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (
            lambda x: None,
            "On case 1 of 2, double(torch.tensor([1.0, -2.5, 0.1], dtype=torch.float64)), your function returned "
            "None. Did you forget `return`?",
        ),
        (lambda x: (2 * x)[None], "expected a tensor of shape (3,), got a tensor of shape (1, 3)."),
        (lambda x: (2 * x,), "got a tuple of 1; return one tensor: a comma after `return x` makes a tuple."),
        (lambda x: [2 * x], "got a list of 1; return one tensor."),
        (lambda x: 1 / 0, "your function raised ZeroDivisionError: division by zero."),
        (lambda x: 3.0, "expected a tensor of shape (3,), got float 3."),
        (2.5, "Expected a function, got float 2.5. Pass the function itself, without calling it: .check(double)"),
        (prints_while_it_works, "\nWhile it was checked, your code printed:\ndoubling (3,)\n"),
    ],
)
def test_tensor_exercise_one_output_wrong_kinds_of_answer(answer, fragment):
    result = double_exercise().evaluate(answer)
    assert result.state == "incorrect" and fragment in result.message, result.message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (lambda a, b: None, "your function returned None. Did you forget `return`?"),
        (lambda a, b: a + b, "got one tensor, of shape (2,); return both, as a pair: return total, difference."),
        (lambda a, b: (a, b, a), "got a tuple of 3; return the pair: return total, difference."),
        (lambda a, b: (a + b, "b"), "for difference, expected a tensor of shape (2,), got str 'b'."),
        (lambda a, b: 0.5, "expected a pair of tensors (total, difference), got float 0.5."),
        (lambda a, b: (a + b, (a - b)[:1]), "for difference, expected a tensor of shape (2,), got a tensor of shape"),
    ],
)
def test_tensor_exercise_two_outputs_wrong_kinds_of_answer(answer, fragment):
    result = sum_and_difference_exercise().evaluate(answer)
    assert result.state == "incorrect" and fragment in result.message, result.message


def test_tensor_exercise_prints_a_failing_case_as_torch_code_that_reproduces_it():
    message = double_exercise().evaluate(lambda x: torch.where(torch.isinf(x), 0.0, 2 * x)).message
    call = message.split("On case 2 of 2, ")[1].split(", got")[0]
    assert call == "double(torch.tensor([[3.0], [-torch.inf]], dtype=torch.float64))"
    pasted = eval(call.removeprefix("double"), {"torch": torch})  # the argument, as a learner pasting it gets it
    assert pasted.dtype == torch.float64
    torch.testing.assert_close(pasted, double_cases()[1][0], rtol=0, atol=0)


def test_tensor_exercise_makes_its_cases_and_the_references_results_once():
    made, calls = [], []

    def cases():
        made.append(1)
        return double_cases()

    def reference(x):
        calls.append(1)
        return 2 * x

    exercise = TensorExercise(
        "Double it", reference, cases=cases, outputs=("doubled",), matches="2 * x", hint="h", solution="s"
    )
    assert made == []  # nothing is made, and no torch needed, until the first check
    assert [exercise.evaluate(lambda x: x + x).state for _ in range(3)] == ["correct"] * 3
    assert len(made) == 1 and len(calls) == len(exercise.cases) == 2


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"cases": double_cases()}, TypeError, "TensorExercise: cases must be a function that gives the argument"),
        ({"outputs": "doubled"}, TypeError, "TensorExercise: outputs must be a tuple of names; got 'doubled'."),
        ({"outputs": ("a", "b", "c")}, ValueError, "TensorExercise: outputs must hold one name, or two for a pair"),
        ({"outputs": ("",)}, ValueError, "TensorExercise: outputs must not be blank"),
        ({"matches": ""}, ValueError, "TensorExercise: matches must not be blank"),
        ({"hint": ""}, ValueError, "TensorExercise: hint must not be blank"),
    ],
)
def test_tensor_exercise_validation(kwargs, error, message):
    arguments = {"cases": double_cases, "outputs": ("doubled",), "matches": "2 * x", "hint": "h", "solution": "s"}
    with pytest.raises(error) as info:
        TensorExercise("Double it", lambda x: 2 * x, **(arguments | kwargs))
    assert message in str(info.value)


def test_importing_the_checks_imports_no_torch():
    code = "import sys, course_utils.checks; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False" and result.stderr == ""

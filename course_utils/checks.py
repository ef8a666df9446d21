"""Exercise checkers in the manner of Kaggle's learntools: ``check()``, ``hint()``, ``solution()``.

An exercise compares a learner's answer with a reference and reports one of three states:
correct, incorrect (with the reason) or not attempted. ``evaluate()`` returns that report as a
:class:`Result`; ``check()`` prints it. Output is plain, deterministic text so that notebooks stay
reproducible under nbval: results to 6 significant digits, and a failing case's arguments as code
that reproduces it (``np.array([...])`` at full precision), to paste into a cell.

Three kinds of exercise: a :class:`ValueExercise` takes a number or an array, a :class:`FunctionExercise` a
function, run on fixed cases and compared with a reference, and a :class:`TensorExercise` a function of torch
tensors that returns one tensor or a pair (torch is imported when its first check starts, never with this module).

One rule for answers typed from a printout, in every value exercise of the course: the printouts
show four significant digits or four decimals, so a value within ``TYPED_RTOL`` (relative) or
``TYPED_ATOL`` (absolute) of the exact one is right.

Whatever the answer does, a check gives a verdict: each case runs once, through
:mod:`course_utils.learner_code` (every exception caught, the learner's printing held back, NumPy's and torch's
default settings, ``TIME_LIMIT_S`` seconds for the whole check).

Every verdict is in the learner's language (:mod:`course_utils.language`). The texts given to an exercise (its
name, hint, solution, ``matches``, the reasons of its mistakes and forbidden calls) are passed through ``_()`` when
they are shown: mark them with ``N_()`` where the exercise is defined, and a translation in the catalogue is used.
"""

from __future__ import annotations

import ast
import functools
import inspect
import numbers
import re
import textwrap
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from .language import N_, _, current_language
from .learner_code import TIME_LIMIT_S, Clock, Run, TimeUp, attempt, call, course_settings, first_line, held_output
from .validation import as_float_array, check_flag, check_text, check_tolerance, fail

__all__ = [
    "Result",
    "Exercise",
    "FunctionExercise",
    "TensorExercise",
    "ValueExercise",
    "TYPED_RTOL",
    "TYPED_ATOL",
    "is_the_stub",
    "called_names",
]

NEXT_STEP = N_("Call .hint() for a hint, or .solution() to see one way.")
TYPED_RTOL = 5e-4  # four significant digits, typed from a printout: half a unit in the fourth
TYPED_ATOL = 5e-5  # four decimals, typed from a printout: half a unit in the fourth
# Arrays up to this size are written out whole in a failing case; larger ones are shortened.
REPRODUCIBLE_SIZE = 40
# How the reasons begin that already say what went wrong, so that no likely cause is guessed after them (in
# English; in any language such a reason is a Diagnosed).
DIAGNOSED = (
    "your function used Python's built-in",
    "your function used `if`",
    "your function turned an array",
    "your function indexed a single number",
    "your function returned None",
)
# Packages whose functions an exercise with forbidden_calls does not take as the learner's own.
LIBRARIES = {"course_utils", "numpy", "torch", "scipy", "jax", "tensorflow"}
# Calls that silence NumPy's warnings instead of avoiding what they warn about.
SILENCERS = {"errstate", "seterr", "filterwarnings", "simplefilter", "catch_warnings"}


class Diagnosed(str):
    """A reason that already says what went wrong, in the learner's language: no likely cause is guessed after it."""


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer.

    Attributes
    ----------
    state : {"correct", "incorrect", "not attempted"}
        The verdict.
    message : str
        The text that ``check()`` prints.
    """

    state: Literal["correct", "incorrect", "not attempted"]
    message: str


def _show(value: Any) -> str:
    """Numbers and arrays to 6 significant digits on one line, long arrays shortened; else repr."""
    if isinstance(value, (numbers.Number, np.generic, np.ndarray, list, tuple)):
        try:
            array = np.asarray(value)
        except Exception:  # ragged lists and the like: fall back to repr
            array = None
        if array is not None and array.dtype.kind in "biuf":
            text = np.array2string(
                array, threshold=8, edgeitems=3, separator=", ", formatter={"float_kind": lambda x: f"{x:.6g}"}
            )
            return " ".join(text.split())
    text = attempt(repr, value)
    if not isinstance(text, str):
        return _("a {type} whose repr() fails").format(type=type(value).__name__)
    return text if len(text) <= 60 else text[:57] + "..."


def _python_float(x: float, module: str = "np") -> str:
    """A float as Python source that gives it back exactly in its own precision (the shortest digits that do; a
    float32 0.1 is written 0.1), with ``module``'s inf and nan spelled out: np.inf, or torch.inf."""
    if np.isnan(x):
        return f"{module}.nan"
    if np.isinf(x):
        return f"{module}.inf" if x > 0 else f"-{module}.inf"
    if isinstance(x, np.floating) and x.dtype != np.float64:
        return repr(float(np.format_float_scientific(x, unique=True)))  # fewest digits that give x back
    return repr(float(x))


def _reproduce(value: Any) -> str:
    """``value`` as code that gives it back: ``np.array([...])`` at full precision for arrays, the repr of a
    number; an array larger than REPRODUCIBLE_SIZE is shortened (and cannot be pasted)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Number, np.ndarray)):
        return _show(value)
    if not isinstance(value, np.ndarray):
        if isinstance(value, numbers.Integral):
            return repr(int(value))
        return _python_float(value) if isinstance(value, numbers.Real) else repr(value)
    if value.dtype.kind not in "biuf":
        return _show(value)
    dtype = "" if value.dtype in (np.float64, np.int64) or value.dtype.kind == "b" else f", dtype=np.{value.dtype}"
    return f"np.array({_entries(value, 'np')}{dtype})"


def _entries(array: np.ndarray, module: str) -> str:
    """An array's entries as a nested list literal on one line, at full precision (inf and nan as ``module``'s),
    shortened past REPRODUCIBLE_SIZE entries."""
    text = np.array2string(
        array,
        separator=", ",
        threshold=REPRODUCIBLE_SIZE,
        edgeitems=3,
        max_line_width=10**6,
        formatter={"float_kind": functools.partial(_python_float, module=module)},
    )
    return " ".join(text.split())


def _describe(value: Any) -> str:
    """Type and, for numbers, arrays and strings, the value: never a repr with a memory address."""
    shown = isinstance(value, (numbers.Number, np.generic, np.ndarray, str))
    return f"{type(value).__name__} {_show(value)}" if shown else type(value).__name__


def _shape(shape: tuple[int, ...]) -> str:
    return _("an array of shape {shape}").format(shape=shape) if shape else _("a single number")


def _as_numbers(value: Any) -> tuple[np.ndarray | None, str]:
    """``value`` as a float64 array, or None and a description of what it is instead."""
    if isinstance(value, np.ma.MaskedArray) and np.ma.getmaskarray(value).any():
        return None, _(
            "a masked array with hidden entries, which NumPy would count: give a plain array, "
            ".compressed() without them or .filled(x) with x in their place"
        )
    try:
        array = np.asarray(value)
    except (KeyboardInterrupt, TimeUp):
        raise
    except BaseException as exc:  # ragged lists, tensors that require grad, an __array__ that raises...
        reason = first_line(exc)
        if reason:
            return None, f"{type(value).__name__} ({reason})"
        return None, _("{type} that NumPy cannot convert").format(type=type(value).__name__)
    if array.dtype.kind not in "biuf":
        return None, _describe(value)
    return array.astype(np.float64), ""


def _compare(expected: np.ndarray, got: Any, rtol: float, atol: float, reveal: bool = True) -> str | None:
    """Why ``got`` does not match ``expected`` (shape, then NaN/inf, then values); None if it does.

    With ``reveal=False`` the expected values stay hidden: for a value exercise they are the answer.
    """
    array, what = _as_numbers(got)
    if array is None:
        return _("expected a number or array, got {what}.").format(what=what)
    if array.shape != expected.shape:
        if isinstance(got, tuple) and not isinstance(expected, tuple) and expected.ndim == 0:
            return _(
                "expected a single number, got a tuple of {count}: a comma after `return x` (or after "
                "the value) makes a tuple."
            ).format(count=len(got))
        return _("expected {expected}, got {got}.").format(expected=_shape(expected.shape), got=_shape(array.shape))
    close = np.isclose(array, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    if not reveal:
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        if index:
            return _("got {got}, which is not the answer (first wrong entry at index {index}).").format(
                got=_show(got), index=index
            )
        return _("got {got}, which is not the answer.").format(got=_show(got))
    finite = np.isfinite(array) & np.isfinite(expected)
    if not finite[~close].all():
        index = tuple(int(i) for i in np.argwhere(~close & ~finite)[0])
        if index:
            return _("got {got} at index {index} where the expected value is {expected}.").format(
                got=_show(array[index]), index=index, expected=_show(expected[index])
            )
        return _("got {got} where the expected value is {expected}.").format(
            got=_show(array[index]), expected=_show(expected[index])
        )
    diff = np.zeros_like(expected)
    with np.errstate(over="ignore"):  # the gap between two huge values may overflow; inf is still right
        diff[finite] = np.abs(array[finite] - expected[finite])
    index = tuple(int(i) for i in np.unravel_index(np.argmax(diff), diff.shape))
    if index:
        return _(
            "expected {expected}, got {got}; max absolute difference {difference} at index {index} "
            "(rtol={rtol:g}, atol={atol:g})."
        ).format(
            expected=_show(expected), got=_show(got), difference=_show(diff[index]), index=index, rtol=rtol, atol=atol
        )
    return _("expected {expected}, got {got}; absolute difference {difference} (rtol={rtol:g}, atol={atol:g}).").format(
        expected=_show(expected), got=_show(got), difference=_show(diff[index]), rtol=rtol, atol=atol
    )


def _outcome(run: Run) -> tuple[np.ndarray | type, bool]:
    """What a call gave, as a float64 array, or the type of the error it raised; and whether it warned."""
    if run.error is not None:  # a known mistake may be an error, e.g. a broadcast without keepdims
        return type(run.error), bool(run.warned)
    value = attempt(np.asarray, run.value, np.float64, default=Unconvertible)
    return value, bool(run.warned)  # Unconvertible: a tuple of a number and an array, a string... no mistake's


def called_names(func: Callable[..., Any]) -> set[str]:
    """The names of the functions ``func``'s source calls: ``max`` for ``max(x)``, ``errstate`` for
    ``np.errstate(...)`` (the last part of a dotted name); empty when its source cannot be read."""
    source = attempt(inspect.getsource, func)  # None for built-ins, functions made by exec, C functions
    if not isinstance(source, str):
        return set()
    source = textwrap.dedent(source)
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a lambda in the middle of a longer line
        return set(re.findall(r"(\w+)\s*\(", source))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            target = node.func
            if isinstance(target, ast.Name):
                names.add(target.id)
            elif isinstance(target, ast.Attribute):
                names.add(target.attr)
    return names


def is_the_stub(error: NotImplementedError, answer: Callable[..., Any]) -> bool:
    """Whether ``error`` is the notebook's stub, ``raise NotImplementedError`` in the learner's own function, rather
    than a library's "not implemented for ..." (e.g. torch's log_softmax on integer tensors), which is an error in
    the answer."""
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    code = getattr(answer, "__code__", None)
    return not str(error) and (code is None or frame is None or frame.tb_frame.f_code is code)


def _how_the_numbers_differ(got: np.ndarray, expected: np.ndarray, same: Callable) -> str | None:
    """What a wrong result says by itself, without a known mistake: minus or one over the answer, or the answer
    rounded."""
    with np.errstate(all="ignore"):
        if np.any(expected) and same(got, -expected):
            return _("your result is minus the expected one: a sign dropped or added?")
        if np.all(expected != 0) and np.all(np.isfinite(expected)) and same(got, 1 / expected):
            return _("your result is one over the expected one: a ratio upside down?")
        if got.shape == expected.shape and np.all(np.isfinite(expected)):
            for decimals in range(7):
                if np.array_equal(got, np.round(expected, decimals)) and not np.array_equal(got, expected):
                    return _(
                        "your result is the answer rounded to {decimals} decimals; return the full value "
                        "(round only when you print)."
                    ).format(decimals=decimals)
            truncated = np.trunc(expected)  # all zeros says little: many slips give 0 for a value below 1
            if np.any(truncated) and np.array_equal(got, truncated) and not np.array_equal(got, expected):
                return _("your result is the answer cut to a whole number: int(...) or // drops the fraction.")
    return None


class Unconvertible:
    """What :func:`_outcome` records for a result that is not made of numbers: it matches no known mistake."""


def _same(a: np.ndarray | type, b: np.ndarray | type, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Whether two outcomes are the same error type, or the same values (to ``rtol``, ``atol``, nan equal to nan)."""
    if isinstance(a, type) or isinstance(b, type):
        return a is b and a is not Unconvertible
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


class Exercise(ABC):
    """What every exercise shares: a name, a hint, a solution and the three printed states."""

    #: What the notebook's stub holds until the learner replaces it.
    stub = "`raise NotImplementedError`"

    def __init__(self, name: str, hint: str, solution: str, rtol: float, atol: float) -> None:
        func = type(self).__name__
        self.name = check_text(name, func, "name", blank=False)
        self._hint = check_text(hint, func, "hint", blank=False)
        self._solution = check_text(solution, func, "solution", blank=False)
        self.rtol = check_tolerance(rtol, func, "rtol")
        self.atol = check_tolerance(atol, func, "atol")

    def evaluate(self, answer: Any) -> Result:
        """Judge ``answer`` without printing; never raises because of the answer.

        The whole check, the answer's runs and the checker's own work, takes at most ``TIME_LIMIT_S`` seconds:
        an answer still running then is stopped and told so. It runs with NumPy's and torch's default
        settings (the learner's come back afterwards), and what it prints is shown once, after the verdict.
        """
        self._prepare()
        with course_settings(), held_output() as printed:
            clock = Clock(TIME_LIMIT_S)
            try:
                with clock:
                    result = self._judge(answer, clock)
            except TimeUp:
                result = self._incorrect(self._too_slow(clock))
            except Exception as exc:  # the checker's own failure on a strange answer: said, never raised
                result = self._incorrect(
                    _(
                        "the checker could not judge this answer ({error}: {detail}). Return a plain number or "
                        "NumPy array."
                    ).format(error=type(exc).__name__, detail=first_line(exc))
                )
        shown = printed.summary()
        return Result(result.state, result.message + (f"\n{shown}" if shown else ""))

    def _prepare(self) -> None:
        """Work done before the clock starts (an import the first check needs)."""

    def _too_slow(self, clock: Clock) -> str:
        if clock.doing:
            return _(
                "the check stopped your code after {seconds:g} s, during {doing}; every case together must run "
                "within {seconds:g} s. A loop that never ends, or a Python loop over many elements where one NumPy "
                "operation would do?"
            ).format(seconds=clock.seconds, doing=clock.doing)
        return _(
            "the check stopped your code after {seconds:g} s; every case together must run within {seconds:g} s. "
            "A loop that never ends, or a Python loop over many elements where one NumPy operation would do?"
        ).format(seconds=clock.seconds)

    @abstractmethod
    def _judge(self, answer: Any, clock: Clock) -> Result:
        """The verdict on ``answer``; ``clock.doing`` says what runs, for the message if time runs out."""

    def check(self, answer: Any) -> None:
        """Print whether ``answer`` is correct, incorrect (and why) or not attempted."""
        print(self.evaluate(answer).message)

    def hint(self) -> None:
        """Print the hint."""
        print(_("Hint: {hint}").format(hint=_(self._hint)))

    def solution(self) -> None:
        """Print one correct answer."""
        print(_("Solution:\n{solution}").format(solution=_(self._solution)))

    def _correct(self, detail: str) -> Result:
        return Result("correct", _("Correct: {name}. {detail}").format(name=_(self.name), detail=detail))

    def _incorrect(self, reason: str) -> Result:
        if current_language() == "en":  # a reason is a clause, in English in lower case; other scripts have none
            reason = reason[0].upper() + reason[1:]
        message = _("Incorrect: {name}. {reason}").format(name=_(self.name), reason=reason)
        return Result("incorrect", f"{message}\n{_(NEXT_STEP)}")

    def _not_attempted(self) -> Result:
        return Result(
            "not attempted",
            _("Not attempted: {name}. Replace the {stub} with your code, then run this cell again.").format(
                name=_(self.name), stub=self.stub
            ),
        )


class FunctionExercise(Exercise):
    """An exercise whose answer is a function, run on fixed cases and compared with a reference.

    Parameters
    ----------
    name : str
        Short title, shown in every message.
    reference : callable
        A correct implementation; ``reference(*args)`` gives the expected output.
    cases : sequence of tuple
        Argument tuples; each is passed as ``f(*args)``. Include extreme inputs.
    hint : str
        One sentence that points the way without giving the answer.
    solution : str
        Source text of a correct function, shown by :meth:`solution`.
    rtol, atol : float, optional
        Tolerances, as in ``np.allclose``: ``|got - expected| <= atol + rtol * |expected|``.
    forbid_warnings : bool, optional
        If True (default), a warning raised while the answer runs (e.g. ``RuntimeWarning:
        overflow encountered in exp``) makes it incorrect, even when the value comes out right.
    mistakes : sequence of (callable, str), optional
        Known wrong functions with the reason each is wrong. When an answer fails, the first
        mistake that behaves as the answer does on the failing case (and unlike the reference)
        adds its reason to the message as the likely cause: the same wrong value, or, when the
        value is right but a warning was raised, the right value with a warning too. An answer
        that gives the same value on every case, where the reference does not, is told so.
    forbidden_calls : sequence of (str, str), optional
        Functions the answer may not call (a name such as ``"sigmoid"`` matches ``sigmoid(...)``
        and ``anything.sigmoid(...)``), each with the reason; passing the reference itself counts
        too.
    forbid_silencing : bool, optional
        If True, an answer that silences NumPy's warnings (``np.errstate``, ``np.seterr``,
        ``warnings.filterwarnings``...) is incorrect: for an exercise about avoiding overflow,
        what the warning is about still happens. Off by default: elsewhere silencing a warning
        and then handling its result can be a fair answer.

    Raises
    ------
    TypeError
        If ``reference`` or a mistake is not callable, a case is not a tuple, or a text is not a string.
    ValueError
        If ``cases`` is empty, a text is blank, or a tolerance is negative.

    Notes
    -----
    Each call gets deep copies of the arguments, so an answer that modifies its input in place
    cannot change the cases or the reference. Underflow is not reported: stable formulas
    underflow harmlessly (``exp(-1000)`` is 0).

    A subclass can tell more about a wrong value that no known mistake explains by overriding
    ``_wrong_value_cause``.

    Examples
    --------
    >>> import numpy as np
    >>> double = FunctionExercise("Double it", lambda x: 2 * x, [(1.0,), (np.arange(3),)],
    ...                           hint="Multiply by 2.", solution="def double(x):\\n    return 2 * x")
    >>> double.check(lambda x: x + x)
    Correct: Double it. All 2 cases match the reference, without warnings.
    >>> double.check(lambda x: x * x)  # doctest: +NORMALIZE_WHITESPACE
    Incorrect: Double it. On case 1 of 2, double(1.0), expected 2, got 1; absolute difference 1
    (rtol=1e-06, atol=1e-09).
    Call .hint() for a hint, or .solution() to see one way.
    """

    #: What a correct answer's results are said to match.
    matches = N_("the reference")

    def __init__(
        self,
        name: str,
        reference: Callable[..., Any],
        cases: Sequence[tuple],
        hint: str,
        solution: str,
        rtol: float = 1e-6,
        atol: float = 1e-9,
        forbid_warnings: bool = True,
        mistakes: Sequence[tuple[Callable[..., Any], str]] = (),
        forbidden_calls: Sequence[tuple[str, str]] = (),
        forbid_silencing: bool = False,
    ) -> None:
        super().__init__(name, hint, solution, rtol, atol)
        func = "FunctionExercise"
        if not callable(reference):
            raise fail(
                func,
                "reference",
                "be callable",
                type(reference).__name__,
                "Pass the function itself, not its result.",
                TypeError,
            )
        if isinstance(cases, (str, bytes)) or not isinstance(cases, Sequence):
            raise fail(
                func,
                "cases",
                "be a list of argument tuples",
                type(cases).__name__,
                "Use e.g. cases=[(0.0,), (-1000.0,)].",
                TypeError,
            )
        if not cases:
            raise fail(
                func,
                "cases",
                "hold at least one argument tuple",
                "an empty list",
                "Use e.g. cases=[(0.0,), (-1000.0,)].",
            )
        for case in cases:
            if not isinstance(case, tuple):
                raise fail(
                    func,
                    "cases",
                    "hold argument tuples",
                    _show(case),
                    f"Wrap a single argument in a tuple: ({_show(case)},).",
                    TypeError,
                )
        self.forbid_warnings = check_flag(forbid_warnings, func, "forbid_warnings")
        self.forbid_silencing = check_flag(forbid_silencing, func, "forbid_silencing")
        self.reference = reference
        self.cases = tuple(cases)
        for wrong, _why in mistakes:
            if not callable(wrong):
                raise fail(
                    func,
                    "mistakes",
                    "pair wrong functions with reasons",
                    type(wrong).__name__,
                    "Use e.g. mistakes=[(naive_softmax, 'overflows')].",
                    TypeError,
                )
        self.mistakes = [(wrong, check_text(why, func, "mistakes", blank=False)) for wrong, why in mistakes]
        self.forbidden_calls = [
            (
                check_text(called, func, "forbidden_calls", blank=False),
                check_text(why, func, "forbidden_calls", blank=False),
            )
            for called, why in forbidden_calls
        ]
        # The name learners give their function, for messages: the one the solution defines.
        defined = re.search(r"^def (\w+)\(", solution, re.MULTILINE)
        self.function_name = defined[1] if defined else getattr(reference, "__name__", "f")

    def _judge(self, answer: Any, clock: Clock) -> Result:
        """Run ``answer`` once on every case and compare with the reference: not attempted if a case raises the
        notebook's stub ``NotImplementedError``; otherwise incorrect with the first failing case, or correct."""
        refused = self._refusal(answer)
        if refused:
            return self._incorrect(refused)
        runs = []
        for number, args in enumerate(self.cases, start=1):
            clock.checkpoint()
            clock.doing = _("case {number} of {total}, {call}").format(
                number=number, total=len(self.cases), call=self._call_text(args)
            )
            runs.append(call(answer, args))
        clock.doing = ""
        for run in runs:
            if isinstance(run.error, NotImplementedError) and is_the_stub(run.error, answer):
                return self._not_attempted()
        expected = self._expected()
        for number, (args, run, want) in enumerate(zip(self.cases, runs, expected), start=1):
            reason = self._wrong(run, want, answer)
            if reason:
                failure = _("On case {number} of {total}, {call}, {reason}").format(
                    number=number, total=len(self.cases), call=self._call_text(args), reason=reason
                )
                if isinstance(reason, Diagnosed) or reason.startswith(DIAGNOSED):  # no guess after it
                    return self._incorrect(failure)
                try:
                    cause = self._likely_cause(runs, expected, number - 1)
                except TimeUp:  # out of time for the diagnosis: the failure alone
                    clock.stop()
                    cause = None
                if cause:  # a known mistake's reason as given to the constructor: shown in the learner's language
                    failure += "\n" + _("Likely cause: {cause}").format(cause=_(cause))
                return self._incorrect(failure)
        return self._correct(self._all_match(_(self.matches)))

    def _all_match(self, matches: str) -> str:
        """What a correct answer is told: every case matches ``matches`` (without warnings, if they are checked)."""
        if len(self.cases) > 1:
            if self.forbid_warnings:
                return _("All {count} cases match {matches}, without warnings.").format(
                    count=len(self.cases), matches=matches
                )
            return _("All {count} cases match {matches}.").format(count=len(self.cases), matches=matches)
        if self.forbid_warnings:
            return _("The case matches {matches}, without warnings.").format(matches=matches)
        return _("The case matches {matches}.").format(matches=matches)

    def _refusal(self, answer: Any) -> str | None:
        """Why ``answer`` is incorrect before it runs, or None: it is not a function, it is a library's own
        forbidden function (or the reference), its source calls a forbidden one or, with ``forbid_silencing``,
        it silences NumPy's warnings."""
        if not callable(answer):
            return _(
                "expected a function, got {what}. Pass the function itself, without calling it: .check({name}), "
                "not .check({name}(...))."
            ).format(what=_describe(answer), name=self.function_name)
        library = attempt(getattr, answer, "__module__", None) or ""
        library = library.split(".")[0] if isinstance(library, str) else ""
        own_name = attempt(getattr, answer, "__name__", "")
        for name, why in self.forbidden_calls:
            if answer is self.reference or (library in LIBRARIES and own_name == name):
                return _("that is {library}'s own {name}, not yours; {why}").format(
                    library=library, name=own_name, why=_(why)
                )
        called = called_names(answer)
        for name, why in self.forbidden_calls:
            if name in called:
                return _("your function calls {name}(); {why}").format(name=name, why=_(why))
        silencer = sorted(called & SILENCERS)
        if silencer and self.forbid_silencing:
            return _(
                "your function silences NumPy's warnings ({silencer}), and what they warn about still happens (an "
                "overflow, a log of 0, a 0 / 0), with a result the next step may hide. Write it so that there is no "
                "warning to silence."
            ).format(silencer=silencer[0])
        return None

    def _expected(self) -> list:
        """The reference's result on every case, as a float64 array (or the type of the error it raised)."""
        return [_outcome(call(self.reference, args))[0] for args in self.cases]

    def _call_text(self, args: tuple) -> str:
        return f"{self.function_name}({', '.join(_reproduce(arg) for arg in args)})"

    def _likely_cause(self, runs: list[Run], expected: list, failing: int) -> str | None:
        """The likely cause of the answer's failure on case ``failing``, or None.

        An answer that gives the same number on every case, or returns its argument unchanged, where the
        reference does not, is told so (unless a known mistake returns its argument too). Otherwise the reason
        of the first known mistake that does on case ``failing`` what the answer did there: a wrong value is
        matched by a mistake with the same wrong value; a right value that came with a warning, by a mistake
        that gives the right value with a warning too. Of several such mistakes, the first that also does on
        every other case what the answer did. Failing that, a wrong value is told what it looks like (minus the
        answer, the answer rounded...), or what ``_wrong_value_cause`` says of it.
        """
        outcomes = [_outcome(run)[0] for run in runs]
        constant = self._constant_answer(outcomes, expected)
        if constant is not None:
            return _(
                "your function returns the same number, {value}, whatever its arguments; compute it from them."
            ).format(value=_show(constant))
        if self._returns_its_argument(outcomes, expected) and not any(  # a known mistake that does so says more
            self._returns_its_argument([_outcome(call(wrong, case))[0] for case in self.cases], expected)
            for wrong, _why in self.mistakes
        ):
            return _("your function returns its argument unchanged; compute the result from it.")
        (got, warned), want, args = _outcome(runs[failing]), expected[failing], self.cases[failing]
        same = functools.partial(_same, rtol=max(self.rtol, 1e-6), atol=self.atol)
        right = same(got, want)
        matching = []
        for wrong, why in self.mistakes:
            shown, wrong_warned = _outcome(call(wrong, args))
            if same(got, shown) and (warned and wrong_warned if right else not same(shown, want)):
                matching.append((wrong, why))
        if len(matching) > 1:  # slips that agree on the failing case (at y = 1, say): the one agreeing everywhere
            for wrong, why in matching:
                if all(same(outcome, _outcome(call(wrong, case))[0]) for outcome, case in zip(outcomes, self.cases)):
                    return why
        if matching:
            return matching[0][1]
        if right or isinstance(got, type) or isinstance(want, type):
            return None
        return _how_the_numbers_differ(got, want, same) or self._wrong_value_cause(got, args)

    def _wrong_value_cause(self, got: np.ndarray, args: tuple) -> str | None:
        """For a subclass to override: what a wrong value ``got`` (a float64 array) on the case ``args`` says
        when no known mistake and no general pattern explains it; None here."""
        return None

    def _constant_answer(self, outcomes: list, expected: list) -> float | None:
        """The one number the answer gave on every case, if it did and the reference did not; else None."""
        if len(outcomes) < 2 or any(isinstance(got, type) or got.ndim for got in outcomes):
            return None
        constant = all(_same(got, outcomes[0]) for got in outcomes) and np.isfinite(outcomes[0])
        if constant and not all(_same(want, expected[0]) for want in expected):
            return float(outcomes[0])
        return None

    def _returns_its_argument(self, outcomes: list, expected: list) -> bool:
        """Whether the answer gave back its first argument on every case, where the reference did not."""
        firsts = [np.asarray(args[0]) for args in self.cases if args]
        if len(firsts) < len(self.cases) or any(first.dtype.kind not in "biuf" for first in firsts):
            return False
        firsts = [first.astype(np.float64) for first in firsts]
        return all(_same(got, first) for got, first in zip(outcomes, firsts)) and not all(
            _same(want, first) for want, first in zip(expected, firsts)
        )

    def _wrong(self, run: Run, expected: np.ndarray, answer: Callable[..., Any]) -> str | None:
        """Why one run of the answer is wrong, or None."""
        if run.error is not None:
            return _why_it_raised(run.error, answer)
        if run.warned and self.forbid_warnings:
            warning = run.warned[0]
            return _("your function emitted {category}: {warning}. A correct answer runs without warnings.").format(
                category=warning.category.__name__, warning=attempt(str, warning.message, default="")
            )
        if run.value is None:
            return Diagnosed(_("your function returned None. Did you forget `return`?"))
        return _compare(expected, run.value, self.rtol, self.atol)


def _why_it_raised(error: BaseException, answer: Callable[..., Any]) -> str:
    """What an exception raised by the answer says about it: the usual slips named, else the exception."""
    detail = first_line(error).rstrip(".")
    if "truth value of an array" in detail:
        builtins = sorted(called_names(answer) & {"max", "min"})
        if builtins:
            name = builtins[0]
            return Diagnosed(
                _(
                    "your function used Python's built-in {name}() on an array: it compares whole arrays as "
                    "single values. Use NumPy's: np.{name}imum(a, b) element by element, or "
                    "x.{name}(axis=-1, keepdims=True) along an axis."
                ).format(name=name)
            )
        return Diagnosed(
            _(
                "your function used `if` (or `and`/`or`) on an array, which holds many values at once. Write it "
                "with arithmetic on the whole array instead."
            )
        )
    if "arrays can be converted to Python scalars" in detail:
        return Diagnosed(
            _(
                "your function turned an array into one Python number: a function from the `math` module "
                "(math.log, math.exp) or float(...) takes one number at a time. Use NumPy's functions, which work "
                "on the whole array (np.log, np.exp)."
            )
        )
    if "object is not subscriptable" in detail or "does not support item assignment" in detail:
        return Diagnosed(
            _(
                "your function indexed a single number ({detail}). Turn the argument into an array first, "
                "z = np.asarray(z, dtype=float), so that numbers and arrays both work."
            ).format(detail=detail)
        )
    if isinstance(error, NotImplementedError):
        if detail:
            return _("your function raised NotImplementedError: {detail}.").format(detail=detail)
        return _("your function raised NotImplementedError (from a library).")
    if detail:
        return _("your function raised {error}: {detail}.").format(error=type(error).__name__, detail=detail)
    return _("your function raised {error}.").format(error=type(error).__name__)


# What a wrong single number says by itself, when no known mistake explains it: a sentence after the reason.
NAN_CAUSE = N_(
    "nan comes from 0 / 0, inf - inf or the log of a negative number: print each step of your computation to "
    "find where."
)
INF_CAUSE = N_("inf comes from the log of 0 or from an overflow: print each step of your computation to find where.")
ROUNDED_CAUSE = N_(
    "Is it the answer, rounded too far? The check accepts four significant digits; better, assign the computed "
    "value itself."
)


class ValueExercise(Exercise):
    """An exercise whose answer is a number or an array, compared with an expected value.

    Parameters
    ----------
    name : str
        Short title, shown in every message.
    expected : array_like
        The correct value (real numbers; its shape is checked too).
    hint : str
        One sentence that points the way without giving the answer.
    solution : str
        Source text of one way to compute the value, shown by :meth:`solution`.
    rtol, atol : float, optional
        Tolerances, as in ``np.allclose``: ``|got - expected| <= atol + rtol * |expected|``. The
        defaults, ``TYPED_RTOL`` and ``TYPED_ATOL``, accept a value typed from a printout.
    mistakes : sequence of (value, str), optional
        Known wrong answers with the reason each is wrong, told to a learner who gives one.
        Otherwise a wrong single number is still told what it looks like: within 1% (rounded too
        far), a hundred times the answer (a percentage), nan or inf (where those come from).
    is_probability : bool, optional
        If True, an answer above 1 is told that a probability is at most 1.

    Raises
    ------
    TypeError
        If ``expected`` or a mistake's value is not made of real numbers, or a text is not a string.
    ValueError
        If a text is blank or a tolerance is negative.

    Examples
    --------
    >>> half = ValueExercise("Half of one", 0.5, hint="Divide 1 by 2.", solution="answer = 1 / 2")
    >>> half.check(...)
    Not attempted: Half of one. Replace the `...` with your code, then run this cell again.
    >>> half.check(1 / 2)
    Correct: Half of one. Your value 0.5 matches.
    >>> half.check([0.5])
    Incorrect: Half of one. Expected a single number, got an array of shape (1,).
    Call .hint() for a hint, or .solution() to see one way.
    >>> half.hint()
    Hint: Divide 1 by 2.
    """

    stub = "`...`"

    def __init__(
        self,
        name: str,
        expected: Any,
        hint: str,
        solution: str,
        rtol: float = TYPED_RTOL,
        atol: float = TYPED_ATOL,
        mistakes: Sequence[tuple[Any, str]] = (),
        is_probability: bool = False,
    ) -> None:
        super().__init__(name, hint, solution, rtol, atol)
        func = "ValueExercise"
        self.is_probability = check_flag(is_probability, func, "is_probability")
        self.expected = as_float_array(expected, func, "expected").astype(np.float64)
        self.expected.flags.writeable = False
        self.mistakes = [
            (
                as_float_array(value, func, "mistakes").astype(np.float64),
                check_text(reason, func, "mistakes", blank=False),
            )
            for value, reason in mistakes
        ]

    def _what_went_wrong(self, answer: Any) -> str:
        """For a single wrong number: what nan or inf points to, or that it is close but rounded too far; a
        sentence to follow the reason, or ""."""
        array, _what = _as_numbers(answer)
        if array is None or array.shape != self.expected.shape or array.ndim:
            return ""
        if np.isnan(array):
            return _(NAN_CAUSE)
        if np.isinf(array):
            return _(INF_CAUSE)
        got, expected = float(array), float(self.expected)
        rounded = {round(expected, d) for d in range(4)} | {float(f"{expected:.{n}g}") for n in range(1, 4)}
        if abs(got - expected) <= 0.01 * abs(expected) or any(np.isclose(got, r, rtol=1e-12) for r in rounded):
            return _(ROUNDED_CAUSE)
        if expected and abs(got + expected) <= 0.01 * abs(expected):
            return _("It is minus the answer: a sign dropped or added?")
        if expected and got and abs(got - 1 / expected) <= 0.01 * abs(1 / expected):
            return _("It is one over the answer: a ratio upside down?")
        if 0 < expected < 1 and abs(got - 100 * expected) <= 0.01 * 100 * expected:
            return _("It looks like a percentage; give it as a fraction, between 0 and 1.")
        if 0 <= expected <= 1 and got > 1 and self.is_probability:
            return _("A probability is at most 1.")
        return ""

    def _judge(self, answer: Any, clock: Clock) -> Result:
        """Compare ``answer``, a number or array, with the expected value; ``...`` (the notebook's stub) counts as
        not attempted."""
        clock.doing = _("the conversion of your value to a number")
        if answer is Ellipsis:
            return self._not_attempted()
        if answer is None:
            return self._incorrect(_("got None. Assign the value itself; a function without `return` gives None."))
        reason = _compare(self.expected, answer, self.rtol, self.atol, reveal=False)
        if reason:
            for value, why in self.mistakes:
                if _compare(value, answer, self.rtol, self.atol) is None:
                    return self._incorrect(_("got {got}: {why}").format(got=_show(answer), why=_(why)))
            more = self._what_went_wrong(answer)
            return self._incorrect(f"{reason} {more}" if more else reason)
        return self._correct(_("Your value {value} matches.").format(value=_show(answer)))


def _torch_code(value: Any) -> str:
    """A case's argument as code that gives it back: ``torch.tensor([...], dtype=torch.float64)`` for a tensor
    (shortened past REPRODUCIBLE_SIZE entries, and then not to be pasted), the repr of anything else."""
    import torch

    if not isinstance(value, torch.Tensor):
        return repr(value)
    dtype = ", dtype=torch.float64" if value.dtype == torch.float64 else ""
    return f"torch.tensor({_entries(value.numpy(), 'torch')}{dtype})"


def _tensor_values(tensor: Any) -> np.ndarray:
    """A tensor's values as a float64 NumPy array; raises for anything else (a meta tensor, a NumPy array...)."""
    import torch

    if not isinstance(tensor, torch.Tensor):
        raise TypeError("not a tensor")
    return tensor.detach().to("cpu", torch.float64).numpy()


def _tensor_outcome(run: Run) -> str | tuple[np.ndarray, ...] | None:
    """What a call gave: its error as "Type: message", its tensor(s) as a tuple of float64 arrays, or None for
    anything else (a NumPy array, a number, a string...), which matches no known mistake."""
    if run.error is not None:
        return f"{type(run.error).__name__}: {first_line(run.error)}"
    parts = run.value if isinstance(run.value, (tuple, list)) else (run.value,)
    arrays = tuple(attempt(_tensor_values, part) for part in parts)
    return None if any(array is None for array in arrays) else arrays


def _same_tensors(a: Any, b: Any, rtol: float, atol: float) -> bool:
    """Whether two tensor outcomes are the same error, or the same tensors (shapes, and values to rtol and atol)."""
    if a is None or b is None:
        return False
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return len(a) == len(b) and all(_same(x, y, rtol, atol) for x, y in zip(a, b))


class TensorExercise(FunctionExercise):
    """An exercise whose answer is a function of torch tensors that returns one tensor or a pair of them, run on
    fixed cases and compared with a reference.

    Each tensor the answer returns is checked for its kind (a tensor, not a NumPy array), dtype, device and
    shape, then its values are compared with the reference's. A failing case is shown as torch code
    (``torch.tensor([...], dtype=torch.float64)``), with the known mistake that does the same, if any, as its
    likely cause. torch is imported when the first check starts, never when this module is imported.

    Parameters
    ----------
    name : str
        Short title, shown in every message.
    reference : callable
        A correct implementation; ``reference(*args)`` gives the expected tensor, or pair of tensors.
    cases : callable
        Called without arguments, gives the argument tuples, tensors among them (float64, so that answers
        compare tightly); called once, under the course's settings, before the first check starts.
    outputs : tuple of str
        The names of the tensors the answer returns, in order: one name, or two for a pair. A message about a
        pair says which tensor it is about, and how to return both.
    matches : str
        What a correct answer's results match, for its message: "All 7 cases match torch.logsumexp."
    hint, solution : str
        As for :class:`FunctionExercise`: a sentence that points the way, and a correct function's source.
    rtol, atol : float, optional
        Tolerances, as for :class:`FunctionExercise`; the values of each returned tensor are compared.
    mistakes : sequence of (callable, str), optional
        Known wrong functions with the reason each is wrong. When an answer fails, the reason of the mistake
        that does on the failing case what the answer did there and the reference does not (the same error, or
        the same tensors: shapes, and values to ``rtol`` and ``atol``) is told as the likely cause; of several
        such mistakes, the first that does so on every case.
    forbidden_calls : sequence of (str, str), optional
        Functions the answer may not call, each with the reason, as for :class:`FunctionExercise`.

    Raises
    ------
    TypeError
        If ``cases`` is not callable, ``outputs`` is not a tuple, or as for :class:`FunctionExercise`.
    ValueError
        If ``outputs`` does not hold one or two names, a text is blank, or a tolerance is negative.

    Notes
    -----
    Warnings are not checked: torch gives none for an overflow. The cases are fixed, so the reference's results
    and the known mistakes' are computed once, not at every check. A float64 result that agrees with the
    reference only to float32's precision is told so.

    Examples
    --------
    >>> import torch
    >>> double = TensorExercise(
    ...     "Double it",
    ...     lambda x: 2 * x,
    ...     cases=lambda: [(torch.tensor([1.0, -2.5], dtype=torch.float64),)],
    ...     outputs=("doubled",),
    ...     matches="2 * x",
    ...     hint="Multiply by 2.",
    ...     solution="def double(x):\\n    return 2 * x",
    ...     mistakes=[(lambda x: x * x, "you squared it.")],
    ... )
    >>> double.check(lambda x: x + x)
    Correct: Double it. The case matches 2 * x.
    >>> double.check(lambda x: x**2)  # doctest: +NORMALIZE_WHITESPACE
    Incorrect: Double it. On case 1 of 1, double(torch.tensor([1.0, -2.5], dtype=torch.float64)), expected
    [2, -5], got [1, 6.25]; max absolute difference 11.25 at index (1,) (rtol=1e-06, atol=1e-09).
    Likely cause: you squared it.
    Call .hint() for a hint, or .solution() to see one way.
    """

    def __init__(
        self,
        name: str,
        reference: Callable[..., Any],
        cases: Callable[[], Sequence[tuple]],
        outputs: tuple[str, ...],
        matches: str,
        hint: str,
        solution: str,
        rtol: float = 1e-6,
        atol: float = 1e-9,
        mistakes: Sequence[tuple[Callable[..., Any], str]] = (),
        forbidden_calls: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(  # cases=[()]: a placeholder, which the setter below sets aside
            name,
            reference,
            cases=[()],
            hint=hint,
            solution=solution,
            rtol=rtol,
            atol=atol,
            forbid_warnings=False,
            mistakes=mistakes,
            forbidden_calls=forbidden_calls,
        )
        func = "TensorExercise"
        if not callable(cases):
            raise fail(
                func,
                "cases",
                "be a function that gives the argument tuples",
                type(cases).__name__,
                "Pass the function itself, not its result: the tensors are made at the first check.",
                TypeError,
            )
        if not isinstance(outputs, tuple):
            raise fail(func, "outputs", "be a tuple of names", _show(outputs), 'Use e.g. outputs=("loss",).', TypeError)
        if len(outputs) not in (1, 2):
            raise fail(func, "outputs", "hold one name, or two for a pair", _show(outputs))
        self._make_cases = cases
        self.outputs = tuple(check_text(output, func, "outputs", blank=False) for output in outputs)
        self.matches = check_text(matches, func, "matches", blank=False)

    @property
    def cases(self) -> tuple[tuple, ...]:
        """The argument tuples, made on first use: they hold tensors, and importing this module imports no torch."""
        self._prepare()
        return self._cases

    @cases.setter
    def cases(self, placeholder: tuple) -> None:  # FunctionExercise.__init__ stores the cases it was given here
        self._cases = None

    def _prepare(self) -> None:
        """Make the cases and the reference's results, importing torch, before the clock of the first check
        starts; under the course's settings, whatever the learner's (a default dtype or device of their own)."""
        if self._cases is None:
            with course_settings():
                cases = tuple(self._make_cases())
                self._results = [self.reference(*args) for args in cases]
            self._known: dict[tuple[int, int], Any] = {}  # (mistake, case) -> its outcome, made when first needed
            self._cases = cases

    def _expected(self) -> list:
        """The reference's results, tensors as it returned them, made once by :meth:`_prepare`."""
        return self._results

    def _known_outcome(self, mistake: int, case: int) -> Any:
        """What known mistake number ``mistake`` gives on case number ``case`` (both from 0)."""
        if (mistake, case) not in self._known:
            self._known[mistake, case] = _tensor_outcome(call(self.mistakes[mistake][0], self.cases[case]))
        return self._known[mistake, case]

    def _call_text(self, args: tuple) -> str:
        return f"{self.function_name}({', '.join(_torch_code(arg) for arg in args)})"

    def _wrong(self, run: Run, expected: Any, answer: Callable[..., Any]) -> str | None:
        """Why one run of the answer is wrong, or None; ``expected`` is what the reference returned."""
        if run.error is not None or run.value is None:
            return super()._wrong(run, expected, answer)  # the error it raised, or the `return` it lacks
        wants = expected if isinstance(expected, tuple) else (expected,)
        parts = self._parts(run.value, wants)
        if isinstance(parts, str):
            return parts
        for name, got, want in zip(self.outputs, parts, wants):
            fault = self._tensor_fault(got, want)
            if fault:
                return self._about(name, fault)
        return None

    def _about(self, output: str, reason: str) -> str:
        """``reason``, said of the returned tensor ``output`` when the answer returns a pair."""
        return _("for {output}, {reason}").format(output=output, reason=reason) if len(self.outputs) > 1 else reason

    def _parts(self, value: Any, wants: tuple) -> list | str:
        """The answer's tensors, one per output, or why it did not return them."""
        import torch

        names = ", ".join(self.outputs)
        if len(self.outputs) == 1:
            if isinstance(value, tuple):
                return _("got a {type} of {count}; return one tensor: a comma after `return x` makes a tuple.").format(
                    type=type(value).__name__, count=len(value)
                )
            if isinstance(value, list):
                return _("got a {type} of {count}; return one tensor.").format(
                    type=type(value).__name__, count=len(value)
                )
            value = [value]
        elif isinstance(value, torch.Tensor):
            return _("got one tensor, of shape {shape}; return both, as a pair: return {names}.").format(
                shape=tuple(value.shape), names=names
            )
        elif not isinstance(value, (tuple, list)):
            return _("expected a pair of tensors ({names}), got {what}.").format(names=names, what=_describe(value))
        elif len(value) != len(self.outputs):
            return _("got a {type} of {count}; return the pair: return {names}.").format(
                type=type(value).__name__, count=len(value), names=names
            )
        for name, part, want in zip(self.outputs, value, wants):
            if isinstance(part, np.ndarray):
                return self._about(
                    name,
                    _(
                        "got a NumPy array; return a torch tensor, like the inputs: stay in torch throughout, so "
                        "that the same code runs on a GPU."
                    ),
                )
            if not isinstance(part, torch.Tensor):
                return self._about(
                    name,
                    _("expected a tensor of shape {shape}, got {what}.").format(
                        shape=tuple(want.shape), what=_describe(part)
                    ),
                )
        return list(value)

    def _tensor_fault(self, got: Any, expected: Any) -> str | None:
        """Why one returned tensor is not the reference's: dtype, device, shape, then values."""
        if got.dtype != expected.dtype:
            return _(
                "got a tensor of dtype {dtype} where the reference's is {expected}. A tensor made without dtype= "
                "(torch.zeros(n), torch.full(...)) is float32, and an in-place operation keeps its dtype: make new "
                "tensors like the inputs, e.g. logits.new_zeros(n)."
            ).format(dtype=got.dtype, expected=expected.dtype)
        if got.device != expected.device:
            return _("got a tensor on the {device} device, where the inputs are on the {expected}.").format(
                device=got.device.type, expected=expected.device.type
            )
        if tuple(got.shape) != tuple(expected.shape):
            return _("expected a tensor of shape {expected}, got a tensor of shape {shape}.").format(
                expected=tuple(expected.shape), shape=tuple(got.shape)
            )
        values = attempt(_tensor_values, got)
        if values is None:
            return _("got a tensor whose values cannot be read; return a plain tensor.")
        return _compare(_tensor_values(expected), values, self.rtol, self.atol)

    def _likely_cause(self, runs: list[Run], expected: list, failing: int) -> str | None:
        """The reason of the known mistake that does on case ``failing`` what the answer did there (the same
        error, or the same tensors) unlike the reference; of several, the first that does so on every case."""
        outcomes = [_tensor_outcome(run) for run in runs]
        if outcomes[failing] is None:
            return None
        same = functools.partial(_same_tensors, rtol=self.rtol, atol=self.atol)
        want = _tensor_outcome(Run(value=expected[failing]))
        matching = []
        for index, (_wrong, why) in enumerate(self.mistakes):
            shown = self._known_outcome(index, failing)
            if same(outcomes[failing], shown) and not same(shown, want):
                matching.append((index, why))
        if len(matching) > 1:  # slips that agree on the failing case: the one that agrees everywhere
            for index, why in matching:
                if all(same(outcome, self._known_outcome(index, case)) for case, outcome in enumerate(outcomes)):
                    return why
        if matching:
            return matching[0][1]
        wants = expected[failing] if isinstance(expected[failing], tuple) else (expected[failing],)
        parts = self._parts(runs[failing].value, wants)
        right_kind = isinstance(parts, list) and all(part.dtype == w.dtype for part, w in zip(parts, wants))
        if right_kind and _same_tensors(outcomes[failing], want, rtol=1e-5, atol=1e-7):  # float32's precision
            return _(
                "your values agree with the reference to float32's precision only, about 7 digits: a tensor made "
                "without dtype= (torch.zeros(n), torch.full(...)) is float32, and in-place operations (s *= ...) "
                "keep it so. Make new tensors like the inputs, e.g. logits.new_zeros(n)."
            )
        return None

"""What the exercise tests share: the notebook's stub, and the names a printed solution defines when run."""

import numpy as np

from course_utils.checks import NEXT_STEP


def not_attempted(*_):
    """The notebooks' stub: an answer not written yet."""
    raise NotImplementedError


def solution_namespace(exercise, capsys, **names):
    """The names defined by running the solution text that ``exercise.solution()`` prints, as printed.

    ``names`` are what the notebook provides besides ``np`` (its setup cell's imports, its data), e.g.
    ``sigmoid=sigmoid``.
    """
    exercise.solution()
    source = capsys.readouterr().out.removeprefix("Solution:\n")
    namespace = {"np": np, **names}
    exec(source, namespace)
    return namespace


def assert_named_cause(result, cause: str, fragment: str = "") -> None:
    """A wrong answer's verdict: incorrect, ``fragment`` in what it says went wrong, ``cause`` given as the
    likely cause, and the next step at the end."""
    assert result.state == "incorrect", result.message
    assert fragment in result.message, result.message
    assert f"\nLikely cause: {cause}" in result.message, result.message
    assert result.message.endswith(f"\n{NEXT_STEP}"), result.message

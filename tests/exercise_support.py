"""What the exercise tests share: the notebook's stub, and the names a printed solution defines when run."""

import numpy as np


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

"""Running a learner's code inside a checker, so that nothing it does can crash, hang or mislead the check.

- :func:`course_settings`: NumPy's error handling and print options, and torch's grad mode, default dtype and
  default device, as the course's references expect them, whatever the learner changed before
  (``np.seterr(all="raise")`` while hunting a nan, ``torch.set_grad_enabled(False)``,
  ``torch.set_default_dtype(torch.float64)``); the learner's own settings come back afterwards.
- :class:`Clock`: a time limit for a whole check. On the main thread of a POSIX system (where a Jupyter kernel
  runs cells) it interrupts the learner's code at its next Python line; elsewhere a check can only stop between
  calls. Code that waits inside one long NumPy operation is stopped when that operation returns.
- :func:`held_output`: what the learner's code prints while it is checked is held back, the first
  ``HELD_LINES`` lines shown after the verdict (each case runs once, so nothing repeats).
- :func:`call`: one call on deep copies of the arguments, with its result or the exception it raised, and the
  warnings it gave.
- :func:`first_line`: an exception's message, safe even when its ``__str__`` raises or it is empty.
"""

from __future__ import annotations

import contextlib
import copy
import io
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .language import _

__all__ = [
    "TIME_LIMIT_S",
    "TimeUp",
    "Clock",
    "Run",
    "call",
    "attempt",
    "first_line",
    "course_settings",
    "held_output",
    "HeldOutput",
]

#: Seconds a whole check may take, the learner's code and the checker's own work together.
TIME_LIMIT_S = 5.0
#: If an answer swallows the first interruption (``except BaseException:``), the next comes this much later.
AGAIN_S = 0.2
#: Lines of the learner's printing shown after the verdict; the rest are counted.
HELD_LINES = 10
HELD_CHARACTERS = 4000
#: A message longer than this is cut: a learner's exception may carry a whole array.
MESSAGE_LENGTH = 200
# NumPy's own defaults, which the course's references and printouts assume.
NUMPY_PRINT_DEFAULTS = dict(
    precision=8,
    threshold=1000,
    edgeitems=3,
    linewidth=75,
    suppress=False,
    nanstr="nan",
    infstr="inf",
    sign="-",
    floatmode="maxprec",
    legacy=False,
)


class TimeUp(BaseException):
    """Raised inside the learner's code when the check's time is up. A BaseException, so that an answer's
    ``except Exception:`` does not swallow it."""


def attempt(func: Callable[..., Any], *args: Any, default: Any = None) -> Any:
    """``func(*args)``, or ``default`` if it raises anything but an interruption (Ctrl-C, the time limit): for
    the str(), repr() and conversions of values that a learner's code made."""
    try:
        return func(*args)
    except (KeyboardInterrupt, TimeUp):
        raise
    except BaseException:  # an object whose __str__ or __array__ raises, even SystemExit
        return default


def first_line(error: BaseException) -> str:
    """The first line of ``error``'s message, at most MESSAGE_LENGTH characters; "" if it has none."""
    lines = (attempt(str, error, default="") or "").strip().splitlines()
    if not lines:
        return ""
    line = lines[0].strip()
    return line if len(line) <= MESSAGE_LENGTH else line[: MESSAGE_LENGTH - 3] + "..."


@dataclass
class Run:
    """One call of a function: what it returned, or the exception it raised, and the warnings it gave."""

    value: Any = None
    error: BaseException | None = None
    warned: list = field(default_factory=list)


def call(func: Callable[..., Any], args: tuple) -> Run:
    """``func`` on deep copies of ``args`` (an answer that changes its input cannot change the cases), under
    NumPy's default error handling with underflow ignored (stable formulas underflow harmlessly); every warning
    recorded, every exception caught except Ctrl-C and the time limit."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            value = func(*copy.deepcopy(args))
        except (KeyboardInterrupt, TimeUp):
            raise
        except BaseException as error:  # SystemExit, an empty AssertionError...: all reported, none escapes
            return Run(error=error, warned=list(caught))
    return Run(value=value, warned=list(caught))


@contextlib.contextmanager
def course_settings() -> Iterator[None]:
    """NumPy's and (if imported) torch's global settings as the course expects them, restored afterwards."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(np.errstate(all="warn", under="ignore"))
        stack.enter_context(np.printoptions(**NUMPY_PRINT_DEFAULTS))
        torch = sys.modules.get("torch")
        if torch is not None and hasattr(torch, "set_grad_enabled"):
            stack.enter_context(_torch_defaults(torch))
        yield


@contextlib.contextmanager
def _torch_defaults(torch: Any) -> Iterator[None]:
    grad, dtype = torch.is_grad_enabled(), torch.get_default_dtype()
    device = torch.get_default_device() if hasattr(torch, "get_default_device") else None
    # A default device is a mode that intercepts every torch call from then on: set one only when the learner's
    # is not the CPU, and give "none" back rather than an explicit CPU (the same tensors, without the mode).
    elsewhere = device is not None and device.type != "cpu"
    torch.set_grad_enabled(True)
    torch.set_default_dtype(torch.float32)
    if elsewhere:
        torch.set_default_device("cpu")
    try:
        yield
    finally:
        torch.set_grad_enabled(grad)
        torch.set_default_dtype(dtype)
        if device is not None:
            torch.set_default_device(device if elsewhere else None)


class Clock:
    """The time limit of one check: ``with Clock(seconds) as clock:`` around it, ``clock.doing = "..."`` before
    each call of the learner's code (for the message), ``clock.checkpoint()`` between calls.

    Examples
    --------
    >>> try:
    ...     with Clock(0.05) as clock:
    ...         clock.doing = "the loop"
    ...         while True:
    ...             pass
    ... except TimeUp:
    ...     print("stopped during", clock.doing)
    stopped during the loop
    """

    def __init__(self, seconds: float = TIME_LIMIT_S) -> None:
        self.seconds = seconds
        self.doing = ""
        self.interrupts = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        self._running = False
        self._previous: Any = None

    def __enter__(self) -> Clock:
        self._deadline = time.monotonic() + self.seconds
        if self.interrupts:
            self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
            self._running = True
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def _on_alarm(self, signum: int, frame: Any) -> None:
        if self._running:
            signal.setitimer(signal.ITIMER_REAL, AGAIN_S)  # again, should the answer swallow this one
            raise TimeUp

    def checkpoint(self) -> None:
        """Raise TimeUp if the time is over: where the clock cannot interrupt, it stops between calls."""
        if time.monotonic() >= self._deadline:
            self.stop()
            raise TimeUp

    def stop(self) -> None:
        """No more interruptions, and the signal handler given back; safe to call twice."""
        try:
            self._running = False
        finally:
            if self.interrupts and self._previous is not None:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, self._previous)
                self._previous = None

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()


class HeldOutput(io.TextIOBase):
    """A text stream that keeps the first HELD_CHARACTERS characters written to it and counts the lines."""

    def __init__(self) -> None:
        super().__init__()
        self._kept = ""
        self._newlines = 0
        self._ends_a_line = True

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = attempt(str, text, default="")
        self._kept += text[: max(HELD_CHARACTERS - len(self._kept), 0)]
        self._newlines += text.count("\n")
        if text:
            self._ends_a_line = text.endswith("\n")
        return len(text)

    def summary(self) -> str:
        """What was printed, for the end of a message: the first HELD_LINES lines and how many more there were."""
        lines = self._kept.splitlines()
        if not "".join(lines).strip():
            return ""
        total = self._newlines + (not self._ends_a_line)
        shown = [
            line if len(line) <= MESSAGE_LENGTH else line[: MESSAGE_LENGTH - 3] + "..." for line in lines[:HELD_LINES]
        ]
        more = total - len(shown)
        said = [_("While it was checked, your code printed:"), *shown]
        if more == 1:
            said.append(_("... and {count} more line").format(count=more))
        elif more > 1:
            said.append(_("... and {count} more lines").format(count=more))
        return "\n".join(said)


@contextlib.contextmanager
def held_output() -> Iterator[HeldOutput]:
    """Hold back what is printed to stdout and stderr inside (Python-level writes; C libraries that write to
    the file descriptors directly are not caught)."""
    held = HeldOutput()
    with contextlib.redirect_stdout(held), contextlib.redirect_stderr(held):
        yield held

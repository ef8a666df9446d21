"""Running a learner's code: the time limit, held-back printing, the course's settings, safe messages."""

import sys
import threading
import time
import warnings

import numpy as np
import pytest

from course_utils.learner_code import (
    HELD_LINES,
    MESSAGE_LENGTH,
    Clock,
    HeldOutput,
    TimeUp,
    attempt,
    call,
    course_settings,
    first_line,
    held_output,
)


def test_the_clock_interrupts_a_loop_that_never_ends():
    start = time.monotonic()
    with pytest.raises(TimeUp):
        with Clock(0.2):
            while True:
                pass
    assert time.monotonic() - start < 1.5


def test_the_clock_interrupts_a_sleep_and_comes_back_if_swallowed():
    def swallows_once():
        try:
            time.sleep(30)
        except BaseException:
            pass
        while True:
            pass

    start = time.monotonic()
    with pytest.raises(TimeUp):
        with Clock(0.2):
            swallows_once()
    assert time.monotonic() - start < 1.5


def test_a_stopped_clock_leaves_no_alarm_and_gives_the_handler_back():
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with Clock(0.1) as clock:
        pass
    clock.stop()  # twice is fine
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(0.3)  # no TimeUp arrives later


def test_off_the_main_thread_the_clock_stops_between_calls():
    outcome = {}

    def in_a_thread():
        clock = Clock(0.2)
        outcome["interrupts"] = clock.interrupts
        try:
            with clock:
                for _ in range(100):
                    clock.checkpoint()
                    time.sleep(0.05)
        except TimeUp:
            outcome["stopped"] = True

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join(10)
    assert outcome == {"interrupts": False, "stopped": True}


class BadStr(Exception):
    def __str__(self):
        raise RuntimeError("no str")


@pytest.mark.parametrize(
    "error, line",
    [
        (ValueError(), ""),
        (AssertionError(), ""),
        (ValueError("\n\n"), ""),
        (ValueError("first\nsecond"), "first"),
        (BadStr("x"), ""),
        (ValueError("x" * 1000), "x" * (MESSAGE_LENGTH - 3) + "..."),
        (KeyError("k"), "'k'"),
    ],
)
def test_first_line_never_fails(error, line):
    assert first_line(error) == line


def test_attempt_gives_the_default_for_anything_but_an_interruption():
    def exits():
        raise SystemExit(1)

    assert attempt(exits, default="d") == "d"
    with pytest.raises(TimeUp):
        attempt(lambda: (_ for _ in ()).throw(TimeUp()))


def test_call_records_the_result_the_error_and_the_warnings():
    run = call(lambda x: np.exp(x), (1000.0,))
    assert run.value == np.inf and run.error is None and "overflow" in str(run.warned[0].message)
    run = call(lambda: sys.exit(2), ())
    assert isinstance(run.error, SystemExit)
    data = np.zeros(3)
    call(lambda a: a.fill(7), (data,))
    assert not data.any()  # the call got a copy


def test_course_settings_override_the_learners_and_give_them_back():
    old = np.seterr(all="raise")
    np.set_printoptions(precision=2, legacy="1.13")
    try:
        with course_settings():
            assert np.geterr()["over"] == "warn" and np.geterr()["under"] == "ignore"
            assert np.get_printoptions()["precision"] == 8 and np.get_printoptions()["legacy"] is False
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                np.exp(1000.0)  # a warning, not FloatingPointError
        assert np.geterr()["over"] == "raise" and np.get_printoptions()["precision"] == 2
    finally:
        np.seterr(**old)
        np.set_printoptions(precision=8, legacy=False)


def test_course_settings_leave_no_default_device_mode_behind():
    """torch.set_default_device installs a mode that every later torch call passes through; a check must not
    leave one in a learner's kernel that had none, and must give a learner's own device back."""
    torch = pytest.importorskip("torch")
    modes = torch._C._len_torch_function_stack()
    with course_settings():
        torch.set_default_device("meta")  # what the code inside does is undone too
    assert torch._C._len_torch_function_stack() == modes and torch.get_default_device() == torch.device("cpu")
    torch.set_default_device("meta")
    try:
        with course_settings():
            assert torch.get_default_device() == torch.device("cpu")
        assert torch.get_default_device() == torch.device("meta")
    finally:
        torch.set_default_device(None)
    assert torch._C._len_torch_function_stack() == modes


def test_course_settings_turn_torch_grad_on_and_float32_back():
    torch = pytest.importorskip("torch")
    torch.set_grad_enabled(False)
    torch.set_default_dtype(torch.float64)
    try:
        with course_settings():
            assert torch.is_grad_enabled() and torch.get_default_dtype() == torch.float32
            torch.set_grad_enabled(False)  # what the code inside does is undone too
        assert not torch.is_grad_enabled() and torch.get_default_dtype() == torch.float64
    finally:
        torch.set_grad_enabled(True)
        torch.set_default_dtype(torch.float32)


def test_held_output_keeps_the_first_lines_and_counts_the_rest(capsys):
    with held_output() as held:
        for i in range(10_000):
            print("line", i)
        print("to stderr", file=sys.stderr)
    assert capsys.readouterr() == ("", "")
    summary = held.summary()
    assert summary.startswith("While it was checked, your code printed:\nline 0\nline 1\n")
    assert summary.endswith(f"line {HELD_LINES - 1}\n... and {10_001 - HELD_LINES} more lines")


def test_held_output_of_nothing_or_blanks_is_no_summary():
    held = HeldOutput()
    assert held.summary() == ""
    held.write("\n  \n")
    assert held.summary() == ""
    held.write("no newline at the end")
    assert held.summary() == "While it was checked, your code printed:\n\n  \nno newline at the end"

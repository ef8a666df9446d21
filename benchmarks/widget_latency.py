"""Kernel-side latency of every interactive figure of the course, against an interact-style baseline.

For each builder in ``course_utils.explorers`` (every name ending in ``_explorer``) and each of its
controls, the script sets the control to STEPS values across its range and times each assignment
until the new PNG bytes are in the Image widget. The baseline, measured in the same run, rebuilds
the same figure from scratch at each of those values and encodes it with ``savefig``, which is what
``ipywidgets.interact`` around a plotting function does.

Run: python benchmarks/widget_latency.py   (target: median <= 16 ms, one frame at 60 Hz, and >= 5x)
"""

from __future__ import annotations

import io
import statistics
import time

import numpy as np

from course_utils import explorers

STEPS = 24
TARGET_MS = 16.0
TARGET_SPEEDUP = 5.0


def sweep_values(control) -> list:
    if hasattr(control, "options"):  # a selector: cycle through its options
        values = [value for _, value in control.options]
        return [values[i % len(values)] for i in range(1, STEPS + 1)]
    if hasattr(control, "base"):  # a log slider: its min and max are exponents
        return list(control.base ** np.linspace(control.min, control.max, STEPS))
    return [round(float(v), 10) for v in np.linspace(control.min, control.max, STEPS)]


def time_steps(assign, values) -> list[float]:
    seconds = []
    for value in values:
        start = time.perf_counter()
        assign(value)
        seconds.append(time.perf_counter() - start)
    return seconds


def measure(name: str, builder) -> list[dict]:
    rows = []
    view = builder()
    for index, control in enumerate(view.controls):
        values = sweep_values(control)
        fast = time_steps(lambda value: setattr(control, "value", value), values)

        def rebuild(value):
            fresh = builder()
            fresh.controls[index].value = value
            buffer = io.BytesIO()
            fresh.live.figure.savefig(buffer, format="png")

        slow = time_steps(rebuild, values)
        rows.append(
            {
                "widget": name,
                "control": control.description,
                "median": statistics.median(fast) * 1e3,
                "max": max(fast) * 1e3,
                "baseline": statistics.median(slow) * 1e3,
            }
        )
    return rows


def main() -> None:
    builders = {name: getattr(explorers, name) for name in explorers.__all__ if name.endswith("_explorer")}
    rows = [row for name, builder in builders.items() for row in measure(name, builder)]
    print(f"{'widget':<30}{'control':<18}{'median ms':>10}{'max ms':>9}{'baseline ms':>13}{'speed-up':>10}")
    for row in rows:
        print(
            f"{row['widget']:<30}{row['control']:<18}{row['median']:>10.1f}{row['max']:>9.1f}"
            f"{row['baseline']:>13.1f}{row['baseline'] / row['median']:>9.1f}x"
        )
    worst = max(row["median"] for row in rows)
    slowest = min(row["baseline"] / row["median"] for row in rows)
    verdict = "meets" if worst <= TARGET_MS and slowest >= TARGET_SPEEDUP else "MISSES"
    print(
        f"summary: {len(rows)} controls over {len(builders)} widgets, {STEPS} steps each; worst median "
        f"{worst:.1f} ms (target <= {TARGET_MS:g}), smallest speed-up {slowest:.1f}x "
        f"(target >= {TARGET_SPEEDUP:g}x): {verdict} the target"
    )


if __name__ == "__main__":
    main()

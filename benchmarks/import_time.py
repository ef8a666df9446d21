"""How long `import course_utils` takes in a fresh interpreter, next to `import numpy` alone.

Run: python benchmarks/import_time.py  (prints the median over 7 fresh interpreters).
"""

import statistics
import subprocess
import sys

RUNS = 7


def fresh_import_seconds(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(output)


def main() -> None:
    numpy_s = statistics.median(fresh_import_seconds("numpy") for _ in range(RUNS))
    course_s = statistics.median(fresh_import_seconds("course_utils") for _ in range(RUNS))
    print(f"import numpy         median {numpy_s * 1000:7.1f} ms over {RUNS} fresh interpreters")
    print(f"import course_utils  median {course_s * 1000:7.1f} ms over {RUNS} fresh interpreters")
    print(f"course_utils / numpy = {course_s / numpy_s:.2f}x; target: under 500 ms")


if __name__ == "__main__":
    main()

"""Building course_utils as the regular wheel that Colab's `pip install git+...` builds, offline."""

import subprocess
import sys
from pathlib import Path


def build_wheel(source: Path, wheel_dir: Path) -> Path:
    """The wheel of the package in ``source``, built with the setuptools already in .venv (no network)."""
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run([*command, "--wheel-dir", wheel_dir, source], check=True, capture_output=True)
    (wheel,) = wheel_dir.glob("course_utils-*.whl")
    return wheel

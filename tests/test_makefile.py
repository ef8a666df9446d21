"""The README's two commands as the Makefile runs them (read with `make -n`, nothing installed): each says what
it does and how long it takes; students get the course's environment and the tests add their tools; TORCH=cpu
takes PyTorch's CPU build, and the default needs only PyPI; JupyterLab lands on notebook 00 with the course's
settings."""

import json
import pathlib
import re
import shutil
import subprocess

import pytest
from packaging.requirements import Requirement

REPO = pathlib.Path(__file__).parent.parent
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
TEST_TOOLS = {"pytest", "nbval", "hypothesis", "playwright", "notebook"}


def recipe(*targets, **variables):
    """The commands `make` would run for `targets`, every prerequisite taken as out of date."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    command = ["make", "--no-print-directory", "-n", "-B", *targets, *(f"{k}={v}" for k, v in variables.items())]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True).stdout


def requirements(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return {Requirement(line).name for line in lines if line.strip() and not line.startswith(("#", "-r"))}


def test_students_get_the_course_and_the_tests_add_their_tools():
    course, tests = requirements(REPO / "requirements.txt"), requirements(REPO / "tests" / "requirements.txt")
    assert {"torch", "jupyterlab", "ipywidgets", "numpy", "matplotlib"} <= course
    assert not course & TEST_TOOLS, "the test tools belong in tests/requirements.txt"
    assert TEST_TOOLS <= tests and not course & tests
    assert "-r ../requirements.txt" in (REPO / "tests" / "requirements.txt").read_text(encoding="utf-8")


def test_lab_installs_only_the_course_and_says_how_long_it_takes():
    commands = recipe(".venv/.installed")
    assert "--requirement requirements.txt" in commands and "tests/requirements.txt" not in commands
    assert re.search(r"echo .*first time takes \d+-\d+ minutes", commands, re.IGNORECASE)
    assert "--quiet" not in commands.split("--requirement requirements.txt")[0].splitlines()[-1], (
        "pip's own progress shows while PyTorch downloads"
    )


def test_test_adds_the_tools_and_says_how_long_it_runs():
    commands = recipe("test")
    assert "--requirement tests/requirements.txt" in commands
    assert re.search(r"echo .*about \d+ minutes", commands)


def test_the_default_install_needs_only_pypi_and_torch_cpu_takes_the_cpu_build():
    assert CPU_INDEX not in recipe(".venv/.installed", ".venv/.installed-tests")
    cpu = recipe(".venv/.installed", ".venv/.installed-tests", TORCH="cpu")
    installs = [line for line in cpu.splitlines() if "pip install" in line and "--requirement" in line]
    assert len(installs) == 2 and all(f"--extra-index-url {CPU_INDEX}" in line for line in installs)


def test_lab_lands_on_notebook_00_with_the_course_settings():
    commands = recipe("lab")
    assert "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb" in commands
    assert (REPO / "notebooks" / "00_start_here.ipynb").is_file()
    install = recipe(".venv/.installed")
    assert "cp jupyter/overrides.json .venv/share/jupyter/lab/settings/overrides.json" in install


def test_the_settings_turn_off_the_news_and_the_arrow_key_shortcuts():
    settings = json.loads((REPO / "jupyter" / "overrides.json").read_text(encoding="utf-8"))
    assert settings["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false"}
    disabled = {
        (entry["command"], tuple(entry["keys"]))
        for entry in settings["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
        if entry["disabled"]
    }
    assert disabled == {
        ("notebook:move-cursor-heading-below-or-expand", ("ArrowRight",)),
        ("notebook:move-cursor-heading-above-or-collapse", ("ArrowLeft",)),
    }

"""The notebooks' Colab setup cell (tools/stamp_notebooks.py writes it from one template).

Outside Colab it does nothing. In Colab it pip-installs course_utils; the last test runs that same template,
with a wheel built from this checkout in place of the GitHub address, in a fresh virtual environment that
already has course_utils' dependencies (as Colab has) but not course_utils, and with pip barred from any
index: it must install the regular wheel, leave every other package alone, and `import course_utils` works.
"""

import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import types

import pytest
from package_support import build_wheel

REPO = pathlib.Path(__file__).parent.parent
sys.path.insert(0, str(REPO / "tools"))
import stamp_notebooks  # noqa: E402

SOURCE = stamp_notebooks.setup_source(stamp_notebooks.install_target(stamp_notebooks.repository_url()))
# What the checkout's own editable install put into .venv: hidden from the fresh environment.
EDITABLE_INSTALL = ("course_utils", "__editable__", "__pycache__")


def run_cell(monkeypatch, in_colab):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    if in_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(compile(SOURCE, "colab-setup", "exec"), {})
    return calls


def test_outside_colab_the_cell_runs_nothing_and_prints_nothing(monkeypatch, capfd):
    assert run_cell(monkeypatch, in_colab=False) == []
    assert capfd.readouterr() == ("", "")


def test_in_colab_the_cell_pip_installs_from_the_repository(monkeypatch):
    ((args, kwargs),) = run_cell(monkeypatch, in_colab=True)
    url = stamp_notebooks.repository_url()
    assert args == ([sys.executable, "-m", "pip", "install", "--quiet", f"course-utils @ git+{url}@main"],)
    assert kwargs == {"check": True}


def checkout_copy(destination):
    """The files a clone of this working tree has (tracked, and new files git does not ignore)."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: cannot tell which files a clone would have")
    for name in filter(None, listing.decode().split("\0")):
        if (REPO / name).is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, destination / name)
    return destination


def build_checkout_wheel(tmp_path):
    """course_utils as a regular wheel, built offline from what a clone would hold."""
    return build_wheel(checkout_copy(tmp_path / "checkout"), tmp_path / "wheels")


def colab_like_environment(tmp_path):
    """A fresh venv that sees every package of .venv except course_utils (through a folder of links)."""
    venv = tmp_path / "colab"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    site = pathlib.Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    preinstalled = tmp_path / "preinstalled"
    preinstalled.mkdir()
    for entry in pathlib.Path(sysconfig.get_path("purelib")).iterdir():
        if not entry.name.startswith(EDITABLE_INSTALL) and entry.suffix != ".pth":
            (preinstalled / entry.name).symlink_to(entry)
    (site / "preinstalled.pth").write_text(f"{preinstalled}\n")
    return python, site


def test_the_cell_installs_course_utils_in_a_clean_environment(tmp_path):
    wheel = build_checkout_wheel(tmp_path)
    python, site = colab_like_environment(tmp_path)
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PIP_", "PYTHON"))}
    env.update(PIP_NO_INDEX="1", PIP_CONFIG_FILE=os.devnull, PYTHONNOUSERSITE="1")
    fresh = subprocess.run([python, "-c", "import course_utils"], cwd=tmp_path, env=env, capture_output=True)
    assert fresh.returncode != 0, "course_utils leaked into the fresh environment"
    before = {entry.name for entry in site.iterdir()}
    cell = stamp_notebooks.setup_source(f"course-utils @ {wheel.as_uri()}")
    colab = "import sys, types\nsys.modules['google.colab'] = types.ModuleType('google.colab')\n"
    subprocess.run([python, "-c", colab + cell], cwd=tmp_path, env=env, check=True, timeout=120)
    added = {entry.name for entry in site.iterdir()} - before
    assert {name.split("-")[0] for name in added} == {"course_utils"}, (
        f"the cell must install course_utils alone and keep every package already there; it added {added}"
    )

    def printed(code):
        return subprocess.run([python, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)

    imported = printed("import course_utils.explorers, course_utils.exercises\nprint(course_utils.__file__)")
    assert pathlib.Path(imported.stdout.strip()).is_relative_to(site), "not a regular (non-editable) install"
    korean = printed("import course_utils.ko\nfrom course_utils.language import _\nprint(_('Hint: {hint}'))")
    assert korean.stdout == "힌트: {hint}\n", "the wheel must carry the compiled Korean catalogue"

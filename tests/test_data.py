"""The course's data sets: loaded after a checksum check, found in a checkout and in an installed wheel."""

import hashlib
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile

import numpy as np
import pytest
from package_support import build_wheel

from course_utils import data
from course_utils.data import DIGITS_FILE, DIGITS_SHA256, data_file, load_digits

REPO = pathlib.Path(__file__).parent.parent
sys.path.insert(0, str(REPO / "tools"))
import stamp_notebooks  # noqa: E402

# What the notebooks' Colab setup cell installs: the package from the repository named in pyproject.toml.
INSTALL_TARGET = stamp_notebooks.install_target(stamp_notebooks.repository_url(REPO / "pyproject.toml"))


def test_load_digits_shapes_dtypes_and_values():
    features, labels = load_digits()
    assert features.shape == (1797, 64) and features.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert features.min() == 0 and features.max() == 16
    np.testing.assert_array_equal(features, np.round(features))  # integer pixel counts
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert features[0].reshape(8, 8)[0].tolist() == [0, 0, 5, 13, 9, 1, 0, 0] and labels[0] == 0


def test_the_shipped_file_matches_its_checksum_and_its_readme():
    path = data_file(DIGITS_FILE)
    assert path.is_file() and path.samefile(REPO / "data" / DIGITS_FILE)  # the checkout's own data/
    assert hashlib.sha256(path.read_bytes()).hexdigest() == DIGITS_SHA256
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    assert DIGITS_SHA256 in readme and f"{path.stat().st_size:,} bytes" in readme
    for fact in ("CC BY 4.0", "https://archive.ics.uci.edu/dataset/80/", "10.24432/C50P49", "scikit-learn"):
        assert fact in readme


@pytest.fixture
def digits_at(monkeypatch, tmp_path):
    """Point the loader at a copy of the data file in a temporary folder; return the copy's path."""
    copy = tmp_path / DIGITS_FILE
    shutil.copyfile(data_file(DIGITS_FILE), copy)
    monkeypatch.setattr(data, "data_file", lambda name: tmp_path / name)
    return copy


def test_an_intact_copy_loads(digits_at):
    features, labels = load_digits()
    assert features.shape == (1797, 64) and labels.shape == (1797,)


def test_an_altered_file_is_refused_with_both_checksums_and_the_fix(digits_at):
    content = bytearray(digits_at.read_bytes())
    content[-1] ^= 1  # one bit of one byte
    digits_at.write_bytes(bytes(content))
    actual = hashlib.sha256(bytes(content)).hexdigest()
    with pytest.raises(ValueError) as caught:
        load_digits()
    message = str(caught.value)
    assert message.startswith(f"load_digits: data file {digits_at} must have SHA-256 {DIGITS_SHA256}; got {actual}")
    assert "changed or damaged" in message and "git checkout -- data/digits.csv.gz" in message
    assert "pip install --force-reinstall" in message
    assert f'`pip install --force-reinstall --no-deps "{INSTALL_TARGET}"`' in message  # not a PyPI name


def test_a_truncated_file_is_refused_before_it_is_parsed(digits_at):
    digits_at.write_bytes(digits_at.read_bytes()[:1000])
    with pytest.raises(ValueError, match=re.escape("(1000 bytes): the file was changed or damaged")):
        load_digits()


def test_a_missing_file_is_named_with_its_checksum_and_the_fix(digits_at):
    digits_at.unlink()
    with pytest.raises(FileNotFoundError) as caught:
        load_digits()
    message = str(caught.value)
    assert message.startswith(
        f"load_digits: data file {digits_at} must exist, with SHA-256 {DIGITS_SHA256}; got no such file."
    )
    assert "git checkout -- data/digits.csv.gz" in message
    assert f'"{INSTALL_TARGET}"' in message


def test_without_a_repository_in_the_metadata_the_fix_names_no_address(digits_at, monkeypatch):
    """course_utils imported from a folder on the path, without installed metadata: no address to offer."""

    def not_installed(name):
        raise data.PackageNotFoundError(name)

    monkeypatch.setattr(data, "metadata", not_installed)
    digits_at.unlink()
    with pytest.raises(FileNotFoundError) as caught:
        load_digits()
    message = str(caught.value)
    assert "git checkout -- data/digits.csv.gz" in message
    assert (
        "reinstall course_utils the way you installed it, with `pip install --force-reinstall --no-deps` and "
        "the same requirement (in Colab, the one in the notebook's first code cell)."
    ) in message
    assert "git+" not in message


def test_pyproject_installs_data_as_a_package_with_its_files():
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "course_utils.datasets" in setuptools["packages"]
    assert setuptools["package-dir"] == {"course_utils.datasets": "data"}
    patterns = setuptools["package-data"]["course_utils.datasets"]
    assert any(pathlib.PurePath(DIGITS_FILE).match(pattern) for pattern in patterns)
    assert (REPO / "data" / "__init__.py").is_file()


def test_a_regular_wheel_ships_the_data_and_loads_it(tmp_path):
    """What Colab's `pip install git+...` builds: a wheel with the data inside, found without the checkout."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for name in ("course_utils", "data"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    wheel = build_wheel(source, tmp_path / "wheels")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "installed")
    assert {
        f"course_utils/datasets/{DIGITS_FILE}",
        "course_utils/datasets/README.md",
        "course_utils/datasets/__init__.py",
    } <= names
    # The unpacked wheel comes first on the path, ahead of the checkout's editable install.
    code = (
        "import importlib.metadata as m, course_utils.data as d; x, y = d.load_digits(); "
        "print(d.__file__); print(d.data_file(d.DIGITS_FILE)); print(x.shape, y.shape); "
        "print(d._restore(d.DIGITS_FILE)); print(m.distribution('course-utils').locate_file(''))"
    )
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "installed"))
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    module, found, shapes, restore, metadata_at = result.stdout.splitlines()
    installed = (tmp_path / "installed").resolve()
    assert pathlib.Path(module).resolve().is_relative_to(installed)
    assert pathlib.Path(found).resolve() == installed / "course_utils" / "datasets" / DIGITS_FILE
    assert shapes == "(1797, 64) (1797,)"
    assert pathlib.Path(metadata_at).resolve() == installed and f'"{INSTALL_TARGET}"' in restore  # the wheel's
    assert not re.search(r"\S", result.stderr)


@pytest.mark.parametrize(
    "name, error, fragment",
    [
        (3, TypeError, "data_file: name must be a file name; got 3. For example 'digits.csv.gz'."),
        ("", ValueError, "data_file: name must be the name of a file in data/, without folders; got ''."),
        ("../pyproject.toml", ValueError, "without folders; got '../pyproject.toml'."),
        ("..", ValueError, "without folders; got '..'."),
    ],
)
def test_data_file_takes_a_plain_file_name(name, error, fragment):
    with pytest.raises(error) as caught:
        data_file(name)
    assert fragment in str(caught.value)

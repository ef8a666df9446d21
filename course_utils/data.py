"""The course's data sets: files shipped with the package, checked against their SHA-256 before use.

Nothing is downloaded. The files live in the repository's ``data/`` folder, which the package
installs as ``course_utils.datasets`` (see ``data/README.md``), so the same code finds them in a
git checkout (editable install) and in an installed wheel (Google Colab's ``pip install``).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import pathlib
from importlib.metadata import PackageNotFoundError, metadata
from importlib.resources import files

import numpy as np

from .validation import fail, shown

__all__ = ["DIGITS_FILE", "DIGITS_SHA256", "data_file", "load_digits"]

DIGITS_FILE = "digits.csv.gz"
DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
_BRANCH = "main"  # the branch the notebooks' Colab setup cell installs from (tools/stamp_notebooks.py)


def _repository() -> str | None:
    """The repository address in the installed package's metadata (pyproject's [project.urls] Repository), or
    None if the metadata has none: the same in an editable install and in a wheel; pyproject is not read."""
    try:
        urls = metadata("course-utils").get_all("Project-URL") or []
    except PackageNotFoundError:  # course_utils imported from a folder on the path, not installed
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip() == "Repository" and url.strip():
            return url.strip()
    return None


def _restore(name: str) -> str:
    """How to get an intact copy of data file ``name`` back, in a clone and in an installed package."""
    clone = f"Restore it: in a clone of the course run `git checkout -- data/{name}`; "
    url = _repository()
    if url is None:
        return clone + (
            "for an installed package reinstall course_utils the way you installed it, with "
            "`pip install --force-reinstall --no-deps` and the same requirement (in Colab, the one in "
            "the notebook's first code cell)."
        )
    return clone + (
        f"for an installed package reinstall it from the repository, as the notebooks' Colab setup "
        f"cell installs it: `pip install --force-reinstall --no-deps "
        f'"course-utils @ git+{url}@{_BRANCH}"`.'
    )


def data_file(name: str) -> pathlib.Path:
    """Where the data file ``name`` is: ``data/`` in a checkout, ``course_utils/datasets/`` when installed.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If ``name`` is empty or a path rather than a file name.

    Examples
    --------
    >>> data_file(DIGITS_FILE).name
    'digits.csv.gz'
    """
    func, fix = "data_file", f"For example {DIGITS_FILE!r}."
    if not isinstance(name, str):
        raise fail(func, "name", "be a file name", shown(name), fix, TypeError)
    if not name or pathlib.PurePath(name).name != name or name in (".", ".."):
        raise fail(func, "name", "be the name of a file in data/, without folders", shown(name), fix)
    return pathlib.Path(str(files("course_utils.datasets").joinpath(name)))


def _verified_bytes(func: str, name: str, sha256: str) -> bytes:
    """The bytes of data file ``name``, after checking that they hash to ``sha256``."""
    path = data_file(name)
    if not path.is_file():
        raise fail(
            func,
            f"data file {path}",
            f"exist, with SHA-256 {sha256}",
            "no such file",
            _restore(name),
            FileNotFoundError,
        )
    content = path.read_bytes()
    actual = hashlib.sha256(content).hexdigest()
    if actual != sha256:
        raise fail(
            func,
            f"data file {path}",
            f"have SHA-256 {sha256}",
            f"{actual} ({len(content)} bytes): the file was changed or damaged",
            _restore(name),
        )
    return content


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1797 handwritten digits, 8x8 pixels each, with their labels 0-9.

    The file's SHA-256 is checked before it is read (``DIGITS_SHA256``); source, licence and
    format are in ``data/README.md``.

    Returns
    -------
    features : ndarray of float64, shape (1797, 64)
        One row per image: its 8 rows of 8 pixels one after another, each pixel an integer
        count from 0 (white) to 16 (black). ``features[i].reshape(8, 8)`` is the image.
    labels : ndarray of int64, shape (1797,)
        The digit each image shows, 0 to 9: class indices, as ``CrossEntropyLoss`` wants them.

    Raises
    ------
    FileNotFoundError
        If the data file is missing; the message names the path and how to restore it.
    ValueError
        If the file's SHA-256 differs from ``DIGITS_SHA256``; the message names the path, the
        expected and the actual checksum, and how to restore it.

    Examples
    --------
    >>> features, labels = load_digits()
    >>> features.shape, labels.shape, features.dtype, labels.dtype
    ((1797, 64), (1797,), dtype('float64'), dtype('int64'))
    >>> int(features.max()), sorted(set(labels.tolist())) == list(range(10))
    (16, True)
    """
    content = _verified_bytes("load_digits", DIGITS_FILE, DIGITS_SHA256)
    table = np.loadtxt(io.BytesIO(gzip.decompress(content)), delimiter=",")  # (1797, 65): 64 pixels, label
    return table[:, :64], table[:, 64].astype(np.int64)

import subprocess
import sys

import course_utils


def test_public_names_are_exported():
    for name in course_utils.__all__:
        assert callable(getattr(course_utils, name)), name


def test_import_leaves_torch_and_matplotlib_unimported():
    code = "import sys, course_utils; print(sorted({'torch', 'matplotlib'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    assert result.stderr == ""

"""The GitHub Actions workflows: tests.yml runs exactly the README's test command, as .ci/run does, on Ubuntu with
Python 3.11, Chromium and CI=true; site.yml publishes what `make site` builds to GitHub Pages. Checked with
actionlint too where it is installed."""

import pathlib
import re
import shutil
import subprocess

import pytest
import yaml  # PyYAML: not pinned in requirements.txt; jupyterlab -> jupyter_server -> jupyter_events requires it

REPO = pathlib.Path(__file__).parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "tests.yml"
SITE_WORKFLOW = REPO / ".github" / "workflows" / "site.yml"


def readme_test_command():
    """The Quick start's test command: the line of its first bash block that the README says runs the tests."""
    block = re.search(r"```bash\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if "test suite" in line]
    assert len(commands) == 1, f"the README's Quick start must name one test command; found {commands}"
    return commands[0]


def workflow(path=WORKFLOW):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_readme_names_make_test():
    assert readme_test_command() == "make test"


def test_workflow_runs_the_readme_test_command_on_ubuntu_with_python_3_11():
    spec = workflow()
    triggers = spec.get("on", spec.get(True))  # YAML 1.1 reads the bare key `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    ((name, job),) = spec["jobs"].items()
    assert job["runs-on"].startswith("ubuntu-")
    assert job["env"]["CI"] == "true", "CI=true turns a missing Chromium or npm into a failure"
    steps = job["steps"]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    (setup_python,) = (step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
    assert str(setup_python["with"]["python-version"]) == "3.11"
    assert any("/usr/bin/chromium" in step.get("run", "") for step in steps), "no step provides Chromium"
    assert steps[-1]["run"].strip() == readme_test_command(), "the last step must be the README's test command"


def test_ci_run_ends_with_the_readme_test_command():
    lines = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert [line for line in lines if line and not line.startswith("#")][-1] == readme_test_command()


def test_the_site_workflow_publishes_what_make_site_builds():
    spec = workflow(SITE_WORKFLOW)
    assert spec["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = spec["jobs"]["build"], spec["jobs"]["deploy"]
    runs = [step["run"].strip() for step in build["steps"] if "run" in step]
    assert runs == ["make site"]
    (upload,) = (step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "build/site"
    assert deploy["needs"] == "build" and deploy["steps"][-1]["uses"].startswith("actions/deploy-pages")


@pytest.mark.parametrize("path", [WORKFLOW, SITE_WORKFLOW], ids=lambda path: path.name)
def test_actionlint_accepts_the_workflow(path):
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed (optional: https://github.com/rhysd/actionlint)")
    result = subprocess.run([actionlint, "-no-color", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

"""environment.yml, the environment Binder (repo2docker) and conda users build: it must parse, install the
tested pins of requirements.txt, and get torch's CPU build, not PyPI's Linux default with CUDA."""

import pathlib
import re

import yaml  # PyYAML: not pinned in requirements.txt; jupyterlab -> jupyter_server -> jupyter_events requires it
from packaging.requirements import Requirement
from packaging.version import Version

REPO = pathlib.Path(__file__).parent.parent
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def environment():
    return yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))


def pinned_requirements():
    lines = (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]


def test_environment_is_python_from_conda_forge_then_the_tested_pins():
    env = environment()
    assert env["name"] == "odds-to-cross-entropy" and env["channels"] == ["conda-forge"]
    python = [dep for dep in env["dependencies"] if isinstance(dep, str) and dep.startswith("python")]
    assert python == ["python=3.11"], "the Python that CI tests (.github/workflows/tests.yml)"
    pip = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    # The pins come from requirements.txt itself, so the two files cannot disagree; the package is installed
    # from the repository root.
    assert pip == [f"--extra-index-url {CPU_INDEX}", "-r requirements.txt", "-e ."]


def test_the_cpu_index_build_of_torch_meets_the_pin_and_wins():
    """Why the extra index suffices: pip takes the highest version that meets the pin, and X+cpu > X."""
    requirements = pinned_requirements()
    assert all(len(req.specifier) == 1 and next(iter(req.specifier)).operator == "==" for req in requirements), (
        "requirements.txt pins every package exactly"
    )
    (torch,) = (req for req in requirements if req.name == "torch")
    version = next(iter(torch.specifier)).version
    assert not re.search(r"\+", version), "pin torch without a local label (+cpu, +cu121): Binder adds +cpu"
    cpu_build = Version(f"{version}+cpu")
    assert torch.specifier.contains(cpu_build) and cpu_build > Version(version)

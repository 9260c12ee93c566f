"""The deploy scripts: shellcheck-clean, --help, and a clear message (not a trace) on a bad setup.

Nothing here reaches AWS: each case stops at validation, before any tool would be called.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = [
    ROOT / "scripts" / name for name in ("deploy-ai-workers.sh", "start-local-dev.sh", "install-tools.sh")
]
BASE_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}  # no terraform, aws or docker on this PATH


def run(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *args],
        env={**BASE_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )


def test_scripts_are_shellcheck_clean() -> None:
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed: run scripts/install-tools.sh")
    done = subprocess.run(["shellcheck", *map(str, SCRIPTS)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("script", [p.name for p in SCRIPTS])
def test_help(script: str) -> None:
    done = run(script, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("Usage: scripts/")


def test_scripts_are_strict() -> None:
    for path in SCRIPTS:
        assert "set -euo pipefail" in path.read_text(), path.name


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "AWS_REGION is not set"),
        ({"AWS_REGION": "mars"}, "does not look like a region"),
        ({"AWS_REGION": "us-east-1", "NAME_PREFIX": "Bad_Prefix"}, "NAME_PREFIX 'Bad_Prefix'"),
        ({"AWS_REGION": "us-east-1"}, "'terraform' is not installed"),
    ],
)
def test_deploy_refuses_a_bad_setup_clearly(env: dict[str, str], message: str) -> None:
    done = run("deploy-ai-workers.sh", env=env)
    assert done.returncode == 1
    assert done.stderr.startswith("deploy-ai-workers: error: ") and message in done.stderr
    assert "Traceback" not in done.stderr


def test_deploy_rejects_unknown_arguments() -> None:
    done = run("deploy-ai-workers.sh", "--yolo")
    assert done.returncode == 1 and "unknown argument '--yolo'" in done.stderr


def test_local_dev_needs_the_endpoints_file(tmp_path: Path) -> None:
    done = run("start-local-dev.sh", "--env-file", str(tmp_path / "missing"))
    assert done.returncode == 1 and "run scripts/deploy-ai-workers.sh first" in done.stderr

    wrong = tmp_path / "env"
    wrong.write_text("BUS=sql\nAWS_REGION=us-east-1\n")
    done = run("start-local-dev.sh", "--env-file", str(wrong))
    assert done.returncode == 1 and "does not set BUS=aws" in done.stderr

    done = run("start-local-dev.sh", "--port", "web")
    assert done.returncode == 1 and "--port must be a number" in done.stderr

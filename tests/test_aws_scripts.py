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
    ROOT / "scripts" / name
    for name in ("deploy-ai-workers.sh", "start-local-dev.sh", "install-tools.sh", "monitor-ai-workers.sh")
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


# ---- monitor-ai-workers.sh ----------------------------------------------------------------------


def monitor_env(tmp_path: Path) -> dict[str, str]:
    """The worktree's package through this interpreter, on a migrated SQLite database."""
    import sys

    from tiktok_commerce.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    upgrade(url)
    return {
        "TIKTOK_COMMERCE_PYTHON": sys.executable,
        "PYTHONPATH": str(ROOT / "src"),
        "DATABASE_URL": url,
        "BUS": "sql",
        "LOG_FORMAT": "text",
    }


def test_monitor_script_runs_the_views_asked_for_once(tmp_path: Path) -> None:
    import json

    done = run(
        "monitor-ai-workers.sh",
        "--queues",
        "--errors",
        "--json",
        "--api",
        "http://127.0.0.1:9",
        env=monitor_env(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    snapshot = json.loads(done.stdout)
    assert {q["queue"] for q in snapshot["queues"]} == {
        "caption-parser",
        "thumbnail-generator",
        "auto-tagger",
        "results",
    }
    assert snapshot["errors"] == [] and "services" not in snapshot


def test_monitor_script_with_no_flag_keeps_refreshing(tmp_path: Path) -> None:
    import json

    env = {**BASE_ENV, **monitor_env(tmp_path)}
    process = subprocess.Popen(
        [
            "bash",
            str(ROOT / "scripts" / "monitor-ai-workers.sh"),
            "--json",
            "--interval",
            "0.5",
            "--api",
            "http://127.0.0.1:9",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    try:
        first, second = json.loads(process.stdout.readline()), json.loads(process.stdout.readline())
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert set(first) >= {"queues", "services", "errors", "metrics"}  # every view
    assert set(second) >= {"queues", "services", "errors", "metrics"}  # and again: continuous


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--yolo"], "unknown argument '--yolo'"),
        (["--interval", "soon"], "--interval must be a number of seconds"),
        (["--env-file", "/nonexistent/.env.local"], "/nonexistent/.env.local not found"),
    ],
)
def test_monitor_script_refuses_bad_arguments_clearly(args: list[str], message: str) -> None:
    done = run("monitor-ai-workers.sh", *args)
    assert done.returncode == 1 and message in done.stderr and "Traceback" not in done.stderr


def test_monitor_script_says_when_the_bus_cannot_be_read(tmp_path: Path) -> None:
    env = {**monitor_env(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'never-migrated.db'}"}
    done = run("monitor-ai-workers.sh", "--queues", env=env)
    assert done.returncode == 1
    assert done.stderr.startswith("error: cannot read the SQL bus") and "Traceback" not in done.stderr

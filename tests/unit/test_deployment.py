"""The deployment files: compose validates, and every service runs a command that exists."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ingest.cli.main import app

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]


def _compose_config() -> dict[str, Any]:
    exe = shutil.which("docker-compose")
    if exe is None:
        pytest.skip("docker-compose is not installed (CI installs it)")
    out = subprocess.run([exe, "config"], cwd=REPO, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    config = yaml.safe_load(out.stdout)
    assert isinstance(config, dict)
    return config


def test_compose_config_is_valid_and_shaped_for_deployment() -> None:
    config = _compose_config()
    services = config["services"]
    assert isinstance(services, dict)
    assert {"postgres", "redis", "api", "watcher", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis"):
        assert "ports" not in services[name], f"{name} must not be published to the host"
        assert services[name].get("healthcheck"), name
        assert services[name].get("volumes"), name
    for name in ("api", "watcher", "worker", "beat"):
        deps = services[name]["depends_on"]
        assert deps["postgres"]["condition"] == "service_healthy"
        assert deps["redis"]["condition"] == "service_healthy"
    # Scalable: no fixed container name or published port on the worker.
    assert "container_name" not in services["worker"]
    assert "ports" not in services["worker"]


@pytest.mark.parametrize("command", ["api", "watch", "worker", "beat", "db"])
def test_every_service_command_exists(command: str) -> None:
    # The CLI's own app, as `python -m ingest.cli` runs it (one import, not five).
    out = CliRunner().invoke(app, [command, "--help"])
    assert out.exit_code == 0, out.output


def test_compose_restarts_every_service_and_checks_the_workers_health() -> None:
    # Read the file itself: this holds without docker-compose installed.
    services = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]
    for name in ("postgres", "redis", "api", "watcher", "worker", "beat"):
        assert services[name]["restart"] == "unless-stopped", name
    for name in ("postgres", "redis", "api", "worker"):
        assert services[name]["healthcheck"]["test"], name
    assert "liftlens:alive:" in " ".join(services["worker"]["healthcheck"]["test"])

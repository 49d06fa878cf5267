"""No Docker engine here: check the compose file parses and runs only real CLI commands."""

from pathlib import Path

import yaml
from click.testing import CliRunner

from uptime_sentinel.entrypoints.cli import main

COMPOSE = Path(__file__).resolve().parents[2] / "docker" / "compose.yaml"
SENTINEL_SERVICES = {"api", "scheduler", "worker", "ingestor", "notifier", "projector", "alerting"}


def services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_every_process_and_engine_is_there():
    assert set(services()) >= SENTINEL_SERVICES | {"mysql", "rabbitmq", "redis"}


def test_every_command_is_a_real_cli_command():
    runner = CliRunner()
    for name, service in services().items():
        if "command" not in service or service.get("image", "").split(":")[0] not in (
            "uptime-sentinel",
        ):
            continue
        words = [w for w in service["command"] if not w.startswith("-")]
        path = [w for w in words if not w.isdigit() and "." not in w]
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0, f"{name}: {service['command']} -> {result.output}"


def test_processes_wait_for_healthy_engines():
    for name in SENTINEL_SERVICES:
        depends = services()[name]["depends_on"]
        for engine in ("mysql", "rabbitmq", "redis"):
            assert depends[engine]["condition"] == "service_healthy", name
    for engine in ("mysql", "rabbitmq", "redis"):
        assert "healthcheck" in services()[engine]


def test_redis_keeps_an_append_only_file():
    assert "--appendonly" in services()["redis"]["command"]

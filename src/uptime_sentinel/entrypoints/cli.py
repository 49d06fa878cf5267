"""The `uptime-sentinel` command."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from uptime_sentinel.adapters.sql.partitions import TelemetryPartitions
from uptime_sentinel.application.projections.runner import ProjectionRunner, rebuild_together
from uptime_sentinel.bootstrap import Container, bootstrap
from uptime_sentinel.entrypoints import loops
from uptime_sentinel.entrypoints.runtime import Loop, Runtime, serve_api
from uptime_sentinel.settings import Settings


def _container(data_dir: Path | None = None, **overrides: object) -> Container:
    try:
        return bootstrap(Settings.from_env(None, data_dir=data_dir, **overrides))
    except Exception as error:  # a bad URL or unreachable database: say so, exit non-zero
        raise click.ClickException(f"cannot start: {error}") from error


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages.")
def main(verbose: bool) -> None:
    """UptimeSentinel: uptime monitoring, one command on a laptop."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("pika").setLevel(logging.WARNING)  # it logs every channel at INFO


data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the embedded database lives [env SENTINEL_DATA_DIR, default ./data].",
)


@main.command()
@click.option("--host", default=None, help="Listen address [env SENTINEL_HTTP_HOST, 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Listen port [env SENTINEL_HTTP_PORT, 8000].")
@data_dir_option
def serve(host: str | None, port: int | None, data_dir: Path | None) -> None:
    """Run everything in one process: API, scheduler, worker, ingestor, projections."""
    container = _container(data_dir, http_host=host, http_port=port)
    container.projector_in_process = True
    runtime = Runtime(
        container,
        [
            loops.run_projector,
            loops.run_scheduler,
            loops.run_worker,
            loops.run_ingestor,
            loops.run_alerting_projector,
            loops.run_alerting,
            loops.run_notifier,
        ],
    )
    runtime.start()
    try:
        serve_api(container, container.settings.http_host, container.settings.http_port)
    finally:
        runtime.shutdown()


def _run_alone(loop: Loop, data_dir: Path | None) -> None:
    """Run one long-running loop in this process until SIGINT/SIGTERM."""
    runtime = Runtime(_container(data_dir), [loop])
    runtime.start()
    try:
        runtime.wait_for_signal()
    finally:
        runtime.shutdown()


@main.command()
@click.option("--host", default=None, help="Listen address [env SENTINEL_HTTP_HOST, 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Listen port [env SENTINEL_HTTP_PORT, 8000].")
@data_dir_option
def api(host: str | None, port: int | None, data_dir: Path | None) -> None:
    """Run the REST API alone (read models are kept by `projector`)."""
    container = _container(data_dir, http_host=host, http_port=port)
    try:
        serve_api(container, container.settings.http_host, container.settings.http_port)
    finally:
        container.close()


@main.command()
@data_dir_option
def scheduler(data_dir: Path | None) -> None:
    """Dispatch due checks to the broker (several may run: slots are claimed once)."""
    _run_alone(loops.run_scheduler, data_dir)


@main.command()
@data_dir_option
def worker(data_dir: Path | None) -> None:
    """Consume check batches and run the checks (scale out freely)."""
    _run_alone(loops.run_worker, data_dir)


@main.command()
@data_dir_option
def ingestor(data_dir: Path | None) -> None:
    """Move buffered check results into the telemetry store in bulk."""
    _run_alone(loops.run_ingestor, data_dir)


@main.command()
@data_dir_option
def projector(data_dir: Path | None) -> None:
    """Keep the read models up to date (one active at a time; others stand by)."""
    _run_alone(loops.run_projector_as_leader, data_dir)


@main.command()
@data_dir_option
def alerting(data_dir: Path | None) -> None:
    """Decide notices by the alert rules and escalation policies (one active at a time)."""
    _run_alone(loops.run_alerting_as_leader, data_dir)


@main.command()
@data_dir_option
def notifier(data_dir: Path | None) -> None:
    """Deliver decided notices with retries (scale out freely)."""
    _run_alone(loops.run_notifier, data_dir)


@main.group()
def telemetry() -> None:
    """Manage the telemetry store."""


@telemetry.group()
def partitions() -> None:
    """Daily partitions of the MySQL telemetry table."""


def _partitions(data_dir: Path | None) -> tuple[Container, TelemetryPartitions]:
    container = _container(data_dir)
    try:
        return container, TelemetryPartitions(container.telemetry_db)
    except ValueError as error:
        container.close()
        raise click.ClickException(str(error)) from error


@partitions.command("create")
@click.option("--days-ahead", type=click.IntRange(0, 366), default=7, show_default=True)
@data_dir_option
def partitions_create(days_ahead: int, data_dir: Path | None) -> None:
    """Create a partition for each day from today to today + N."""
    container, parts = _partitions(data_dir)
    try:
        created = parts.create(container.clock.now().date(), days_ahead)
        click.echo(f"created {', '.join(created)}" if created else "nothing to create")
    finally:
        container.close()


@partitions.command("cleanup")
@click.option("--retention-days", type=click.IntRange(1, 3650), required=True)
@data_dir_option
def partitions_cleanup(retention_days: int, data_dir: Path | None) -> None:
    """Drop the partitions older than the retention (their rows go with them)."""
    container, parts = _partitions(data_dir)
    try:
        dropped = parts.cleanup(container.clock.now().date(), retention_days)
        click.echo(f"dropped {', '.join(dropped)}" if dropped else "nothing to drop")
    finally:
        container.close()


@partitions.command("list")
@data_dir_option
def partitions_list(data_dir: Path | None) -> None:
    """Show each partition and its approximate row count."""
    container, parts = _partitions(data_dir)
    try:
        for p in parts.partitions():
            click.echo(f"{p.name:<12} {p.rows:>12}")
    finally:
        container.close()


@main.group()
def failed() -> None:
    """Check batches that failed three times (RabbitMQ's failure queue)."""


def _failure_queue(data_dir: Path | None) -> tuple[Container, Any]:
    container = _container(data_dir)
    queue = container.check_queue
    if not hasattr(queue, "failed_batches"):
        container.close()
        raise click.ClickException(
            "the failure queue lives in RabbitMQ: set SENTINEL_AMQP_URL to inspect it"
        )
    return container, queue


@failed.command("list")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@data_dir_option
def failed_list(limit: int, data_dir: Path | None) -> None:
    """Show failed batches: monitors, attempts, last error."""
    container, queue = _failure_queue(data_dir)
    try:
        batches = queue.failed_batches(limit)
        for b in batches:
            ids = ", ".join(str(i) for i in b.monitor_ids[:3])
            more = f" (+{len(b.monitor_ids) - 3})" if len(b.monitor_ids) > 3 else ""
            click.echo(f"{b.attempts} attempts  {ids}{more}  last error: {b.last_error}")
        click.echo(f"{len(batches)} failed batch(es) shown")
    finally:
        container.close()


@failed.command("retry")
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=None)
@data_dir_option
def failed_retry(limit: int | None, data_dir: Path | None) -> None:
    """Move failed batches back to the check queue."""
    container, queue = _failure_queue(data_dir)
    try:
        click.echo(f"requeued {queue.retry_failed(limit)} batch(es)")
    finally:
        container.close()


@failed.command("purge")
@click.confirmation_option(prompt="Drop every failed batch?")
@data_dir_option
def failed_purge(data_dir: Path | None) -> None:
    """Drop every failed batch."""
    container, queue = _failure_queue(data_dir)
    try:
        click.echo(f"purged {queue.purge_failed()} batch(es)")
    finally:
        container.close()


@main.group()
def projections() -> None:
    """Inspect and rebuild the read models."""


@projections.command("status")
@data_dir_option
def projections_status(data_dir: Path | None) -> None:
    """Each projection's position against the head of the event log."""
    container = _container(data_dir)
    try:
        for name, runner in _runners(container).items():
            head = runner.head()  # alerting's read models follow Alerting's own log
            position = runner.position()
            state = "up to date" if position >= head else f"{head - position} behind"
            click.echo(f"{name:<18} {position:>10} / {head:<10} {state}")
    finally:
        container.close()


@projections.command("rebuild")
@click.argument("name", required=False)
@click.option("--all", "rebuild_all", is_flag=True, help="Rebuild every projection.")
@data_dir_option
def projections_rebuild(name: str | None, rebuild_all: bool, data_dir: Path | None) -> None:
    """Empty a projection's tables and replay the whole event log into them."""
    from rich.progress import Progress

    container = _container(data_dir)
    try:
        runners = _runners(container)
        if rebuild_all == (name is not None):
            raise click.UsageError("give a projection NAME or --all")
        if name is not None and name not in runners:
            raise click.BadParameter(
                f"unknown projection {name!r}; known: {', '.join(runners)}", param_hint="NAME"
            )
        chosen = list(runners.values()) if rebuild_all else [runners[name or ""]]
        with Progress() as progress:
            tasks = {
                r.name: progress.add_task(f"rebuilding {r.name}", total=max(r.head(), 1))
                for r in chosen
            }
            # One pass per log: Monitoring's projections, then Alerting's.
            for log_runners in _by_log(chosen):
                rebuild_together(log_runners, lambda n, read: progress.advance(tasks[n], read))
            for task in tasks.values():
                progress.update(task, completed=progress.tasks[task].total)
        click.echo(f"rebuilt {', '.join(r.name for r in chosen)} up to the head of their logs")
    finally:
        container.close()


def _by_log(runners: list[ProjectionRunner]) -> list[list[ProjectionRunner]]:
    groups: dict[int, list[ProjectionRunner]] = {}
    for runner in runners:
        groups.setdefault(id(runner.recorder), []).append(runner)
    return list(groups.values())


def _runners(container: Container) -> dict[str, ProjectionRunner]:
    return {**container.projector.runners, **container.alerting.projector.runners}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

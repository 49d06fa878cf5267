"""The Litestar application factory. The caller builds the container (and owns its
lifetime); the app only keeps it on `app.state` and hands it to handlers via `Provide`."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig

from uptime_sentinel.bootstrap import Container
from uptime_sentinel.entrypoints.api.alert_rules import AlertRuleController
from uptime_sentinel.entrypoints.api.alerting_errors import ALERTING_EXCEPTION_HANDLERS
from uptime_sentinel.entrypoints.api.channels import ChannelController
from uptime_sentinel.entrypoints.api.errors import EXCEPTION_HANDLERS
from uptime_sentinel.entrypoints.api.escalation_policies import EscalationPolicyController
from uptime_sentinel.entrypoints.api.health import CHECK_TIMEOUT_SECONDS, HealthProbe, get_health
from uptime_sentinel.entrypoints.api.monitors import MonitorController
from uptime_sentinel.entrypoints.api.notifications import list_notifications


def package_version() -> str:
    try:
        return version("uptime-sentinel")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"


def provide_container(state: State) -> Container:
    container: Container = state.container
    return container


def provide_health_probe(state: State) -> HealthProbe:
    probe: HealthProbe = state.health_probe
    return probe


def create_app(container: Container, *, health_timeout: float = CHECK_TIMEOUT_SECONDS) -> Litestar:
    """`health_timeout`: how long `/health` waits for each component before calling it down."""
    probe = HealthProbe(timeout=health_timeout)
    return Litestar(
        route_handlers=[
            MonitorController,
            get_health,
            AlertRuleController,
            EscalationPolicyController,
            ChannelController,
            list_notifications,
        ],
        dependencies={
            "container": Provide(provide_container, sync_to_thread=False),
            "health_probe": Provide(provide_health_probe, sync_to_thread=False),
        },
        exception_handlers={**EXCEPTION_HANDLERS, **ALERTING_EXCEPTION_HANDLERS},
        openapi_config=OpenAPIConfig(
            title="UptimeSentinel",
            version=package_version(),
            description="Register URLs to check; read their health and check history.",
            path="/schema",
            use_handler_docstrings=True,
        ),
        state=State({"container": container, "health_probe": probe}),
        on_shutdown=[probe.close],
    )

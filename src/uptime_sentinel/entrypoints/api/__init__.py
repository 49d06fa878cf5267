"""The REST API: `create_app(container)` builds the Litestar app."""

from uptime_sentinel.entrypoints.api.app import create_app

__all__ = ["create_app"]

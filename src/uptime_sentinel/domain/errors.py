"""Domain errors: each carries a message a user can act on."""


class DomainError(Exception):
    """Base class for rule violations raised by the domain."""


class InvalidMonitorSpec(DomainError):
    """A monitor field is out of range or malformed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InvalidTransition(DomainError):
    """A command is not allowed in the aggregate's current state (pause a paused monitor)."""


class MonitorNotFound(DomainError):
    def __init__(self, monitor_id: object) -> None:
        super().__init__(f"monitor {monitor_id} not found")
        self.monitor_id = monitor_id

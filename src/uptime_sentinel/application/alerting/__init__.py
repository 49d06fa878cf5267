"""Alerting: configuration use cases, the process that decides notices, and the notifier."""

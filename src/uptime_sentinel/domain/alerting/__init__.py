"""Alerting: rules, escalation policies, channels, the decision policy and the outbox items."""

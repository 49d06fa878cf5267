"""Loopback peers shared by the integration and e2e tests."""

from collections.abc import Iterator

import pytest

from tests.support.http_target import HttpTarget
from tests.support.receivers import HttpReceiver, SmtpReceiver


@pytest.fixture
def target() -> Iterator[HttpTarget]:
    """A controllable HTTP target on 127.0.0.1 for monitors to check."""
    with HttpTarget() as server:
        yield server


@pytest.fixture
def hooks() -> Iterator[HttpReceiver]:
    """A webhook receiver on 127.0.0.1 that records what it is sent."""
    with HttpReceiver() as receiver:
        yield receiver


@pytest.fixture
def mail() -> Iterator[SmtpReceiver]:
    """An SMTP server on 127.0.0.1 that records the mails it receives."""
    with SmtpReceiver() as server:
        yield server

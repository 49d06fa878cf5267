"""What a projection is, and what it writes through: row operations on named tables."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Protocol

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.utils import get_topic

Row = Mapping[str, Any]


class ViewWriter(Protocol):
    """Row operations inside one read-model transaction (with the tracking position)."""

    def upsert(self, table: str, key: Row, values: Row) -> None: ...

    def update(self, table: str, where: Row, values: Row) -> None:
        """Update rows matching `where` (a None value matches NULL)."""
        ...

    def delete(self, table: str, where: Row) -> None: ...

    def insert(self, table: str, values: Row) -> None: ...


class ProjectionStore(Protocol):
    """Where projections keep their rows and tracking positions, side by side."""

    def position(self, name: str) -> int: ...

    def apply_batch(
        self, name: str, expected: int, new: int, apply: Callable[[ViewWriter], None]
    ) -> bool:
        """Run `apply` and move the position from `expected` to `new` in one transaction.
        Returns False (and writes nothing) when the position was no longer `expected`:
        another runner got there first."""
        ...

    def reset(self, name: str, tables: tuple[str, ...]) -> None:
        """Empty the projection's tables and set its position to 0, atomically."""
        ...


class Projection(ABC):
    name: ClassVar[str]
    tables: ClassVar[tuple[str, ...]]
    event_classes: ClassVar[tuple[type[Any], ...]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.topics = frozenset(get_topic(c) for c in getattr(cls, "event_classes", ()))

    topics: ClassVar[frozenset[str]]

    @abstractmethod
    def apply(self, event: DomainEventProtocol[Any], position: int, view: ViewWriter) -> None:
        """Write what the event changes. `position` is its notification id."""

"""What every scenario gets: options, a scratch directory, the shared HTTP target, the figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.report import Figure
from bench.system import System, make_system
from bench.target import Target


@dataclass
class Context:
    runtime: str
    quick: bool
    workers: int
    workdir: Path
    monitors: int | None = None  # overrides a scenario's main size
    seconds: float | None = None  # overrides a scenario's measuring time
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    _target: Target | None = None

    def target(self) -> Target:
        if self._target is None:
            self._target = Target(self.workdir)
            print(f"  target: {self._target.kind} on {self._target.url('/')}")
        return self._target

    def system(self, scenario: str) -> System:
        workdir = self.workdir / scenario
        workdir.mkdir(parents=True, exist_ok=True)
        return make_system(self.runtime, workdir, self.workers)

    def size(self, quick: int, full: int) -> int:
        return self.monitors or (quick if self.quick else full)

    def duration(self, quick: float, full: float) -> float:
        return self.seconds or (quick if self.quick else full)

    def add(self, scenario: str, metric: str, value: float | None, unit: str, **kw: Any) -> None:
        self.figures.append(Figure(scenario, metric, value, unit, **kw))

    def close(self) -> None:
        if self._target is not None:
            self._target.close()
            self._target = None

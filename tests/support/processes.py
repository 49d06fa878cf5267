"""Run `uptime-sentinel` commands as real processes, with logs kept beside the test."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx

from tests.support.waiting import eventually

CLI = Path(sys.executable).parent / "uptime-sentinel"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    def __init__(self, args: list[str], env: dict[str, str], log_dir: Path, name: str) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = open(self.log_path, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(CLI), *args], env={**os.environ, **env}, stdout=self._log, stderr=self._log
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 30) -> int:
        if self.alive():
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            if self.alive():
                self.process.kill()
                self.process.wait(5)
            self._log.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


class ApiProcess(Process):
    def __init__(self, command: str, env: dict[str, str], log_dir: Path, name: str) -> None:
        self.port = free_port()
        super().__init__([command, "--port", str(self.port)], env, log_dir, name)
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=10)
        eventually(self._healthy, timeout=30)

    def _healthy(self) -> bool:
        assert self.alive(), f"{self.name} exited early:\n{self.log()}"
        try:
            return self.http.get("/health").status_code == 200
        except httpx.TransportError:
            return False

    def stop(self, timeout: float = 30) -> int:
        self.http.close()
        return super().stop(timeout)

    def monitor(self, monitor_id: str) -> dict:
        return self.http.get(f"/api/monitors/{monitor_id}").json()

"""The HTTP target every check hits: nginx when installed, else bench.pytarget, each in its own
process on 127.0.0.1, with /ok (200) and /fail (503)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bench.procs import Child, free_port, wait_port

NGINX_CONF = """\
worker_processes {workers};
daemon off;
master_process on;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
worker_rlimit_nofile 20000;
events {{ worker_connections 16384; multi_accept on; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    keepalive_timeout 5s;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location = /ok {{ return 200 "ok\\n"; }}
        location = /fail {{ return 503 "fail\\n"; }}
        location / {{ return 404; }}
    }}
}}
"""


class Target:
    """`with Target(workdir) as t: t.url("/ok")`."""

    def __init__(self, workdir: Path, prefer_nginx: bool = True, nginx_workers: int = 1) -> None:
        self.port = free_port()
        self.dir = workdir / "target"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.dir.chmod(0o755)
        nginx = shutil.which("nginx") or (
            "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
        )
        if prefer_nginx and nginx:
            conf = self.dir / "nginx.conf"
            conf.write_text(NGINX_CONF.format(dir=self.dir, port=self.port, workers=nginx_workers))
            argv = [nginx, "-p", str(self.dir), "-c", str(conf), "-e", str(self.dir / "err.log")]
            self.kind = "nginx"
        else:
            argv = [sys.executable, "-m", "bench.pytarget", str(self.port)]
            self.kind = "python"
        self.child = Child(f"target-{self.kind}", argv, workdir)
        wait_port(self.port, 15, self.child)

    def url(self, path: str = "/ok") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def pids(self) -> dict[str, int]:
        """The master and its workers (nginx), or the one Python process."""
        pids = {"target": self.child.pid}
        try:
            children = Path(f"/proc/{self.child.pid}/task/{self.child.pid}/children").read_text()
        except OSError:
            return pids
        for i, pid in enumerate(children.split()):
            pids[f"target-w{i}"] = int(pid)
        return pids

    def close(self) -> None:
        self.child.stop()

    def __enter__(self) -> Target:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

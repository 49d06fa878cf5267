"""A real, controllable HTTP server on 127.0.0.1 for checker tests.

It runs aiohttp.web on its own event loop in a daemon thread, so sync and async tests use it
alike. Usage::

    with HttpTarget() as target:          # or HttpTarget(tls=True): self-signed certificate
        target.url("/ok")
        target.set_status(503)            # what /switch answers from now on
        target.hits("/switch")            # requests seen per path
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import socket
import ssl
import tempfile
import threading
import weakref
from collections import Counter
from pathlib import Path

from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

_START_TIMEOUT_S = 10.0


class HttpTarget:
    def __init__(self, *, tls: bool = False) -> None:
        self._tls = tls
        self._lock = threading.Condition()
        self._hits: Counter[str] = Counter()
        self._requests: list[tuple[str, str]] = []
        self._headers: dict[str, dict[str, str]] = {}
        self._cert_pem = b""
        self._transports: weakref.WeakSet[asyncio.BaseTransport] = weakref.WeakSet()
        self._connections = 0
        self._switch_status = 200
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._error: BaseException | None = None
        self.port = 0

    # -- control, from any thread -------------------------------------------------------------

    def url(self, path: str = "/ok") -> str:
        scheme = "https" if self._tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def set_status(self, status: int) -> None:
        with self._lock:
            self._switch_status = status

    def hits(self, path: str) -> int:
        with self._lock:
            return self._hits[path]

    @property
    def requests(self) -> list[tuple[str, str]]:
        """(method, path) of every request, in arrival order."""
        with self._lock:
            return list(self._requests)

    def wait_hits(self, path: str, count: int, timeout_s: float = 5.0) -> bool:
        """Wait until `path` has seen `count` requests; False if it has not after `timeout_s`."""
        with self._lock:
            return self._lock.wait_for(lambda: self._hits[path] >= count, timeout_s)

    def last_headers(self, path: str) -> dict[str, str]:
        with self._lock:
            return dict(self._headers.get(path, {}))

    def trusting_context(self) -> ssl.SSLContext:
        """A client context that trusts this (TLS) target's self-signed certificate."""
        return ssl.create_default_context(cadata=self._cert_pem.decode())

    @property
    def connections(self) -> int:
        """Distinct TCP connections that carried at least one request."""
        with self._lock:
            return self._connections

    def start(self) -> HttpTarget:
        self._thread = threading.Thread(target=self._run, name="http-target", daemon=True)
        self._thread.start()
        if not self._ready.wait(_START_TIMEOUT_S):
            raise RuntimeError("HTTP target did not start in time")
        if self._error is not None:
            raise RuntimeError("HTTP target failed to start") from self._error
        return self

    def stop(self) -> None:
        loop, stopping, thread = self._loop, self._stopping, self._thread
        if loop is not None and stopping is not None and not loop.is_closed():
            # The loop may close between the check and the call: then it is stopped already.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stopping.set)
        if thread is not None:
            thread.join(_START_TIMEOUT_S)
            if thread.is_alive():
                raise RuntimeError("HTTP target did not stop in time")
        self._thread = None

    def __enter__(self) -> HttpTarget:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- the server, on its own loop ----------------------------------------------------------

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # surfaced by start(); a daemon thread must not die silently
            self._error = exc
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._handle)
        # Short shutdown: /hang handlers are released by `_stopping`, nothing should linger.
        runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        context = None
        if self._tls:
            context, self._cert_pem = _self_signed_context()
        site = web.SockSite(runner, sock, ssl_context=context)
        try:
            await site.start()
            self._ready.set()
            await self._stopping.wait()
        finally:
            await runner.cleanup()

    def _record(self, request: web.Request) -> None:
        with self._lock:
            self._hits[request.path] += 1
            self._requests.append((request.method, request.path))
            self._headers[request.path] = dict(request.headers)
            self._lock.notify_all()
            transport = request.transport
            if transport is not None and transport not in self._transports:
                self._transports.add(transport)
                self._connections += 1

    async def _handle(self, request: web.Request) -> web.Response:
        self._record(request)
        path, query = request.path, request.query
        if path == "/ok":
            return web.Response(text="ok")
        if path.startswith("/status/"):
            return web.Response(status=int(path.removeprefix("/status/")), text="status")
        if path == "/switch":
            with self._lock:
                return web.Response(status=self._switch_status, text="switch")
        if path == "/redirect":  # /redirect?n=N: a chain of N redirects ending at /ok
            remaining = int(query.get("n", "1")) - 1
            raise web.HTTPFound(f"/redirect?n={remaining}" if remaining > 0 else "/ok")
        if path in ("/hang", "/slow"):
            # Wait on `_stopping`, not a bare sleep, so shutdown releases every waiting handler.
            assert self._stopping is not None
            delay = None if path == "/hang" else int(query.get("ms", "100")) / 1000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)
            return web.Response(text=path)
        raise web.HTTPNotFound()


def refused_port() -> int:
    """A loopback port nothing listens on: bound, then closed. Another process could claim it
    in between, which is unlikely enough for tests."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class LoopbackResolver(AbstractResolver):
    """Resolves `localhost` to 127.0.0.1 and fails every other name, without any traffic:
    tests inject it so a DNS lookup never leaves the machine."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if host != "localhost":
            raise OSError(socket.EAI_NONAME, f"Name or service not known: {host}")
        return [
            ResolveResult(
                hostname=host, host="127.0.0.1", port=port,
                family=socket.AF_INET, proto=0, flags=socket.AI_NUMERICHOST,
            )
        ]  # fmt: skip

    async def close(self) -> None:
        return None


def _self_signed_context() -> tuple[ssl.SSLContext, bytes]:
    # Imported here: only the TLS variant pays for key generation.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as tmp:  # load_cert_chain reads files only
        cert_path, key_path = Path(tmp, "cert.pem"), Path(tmp, "key.pem")
        cert_path.write_bytes(cert_pem)
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        context.load_cert_chain(cert_path, key_path)
    return context, cert_pem

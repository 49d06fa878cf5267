"""A minimal HTTP/1.1 target (raw asyncio + uvloop), run as its own process when nginx is absent:
`python -m bench.pytarget PORT`. /ok answers 200, /fail 503, anything else 404."""

from __future__ import annotations

import asyncio
import signal
import sys

RESPONSES = {
    b"/ok": b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Type: text/plain\r\n\r\nok\n",
    b"/fail": b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 5\r\n"
    b"Content-Type: text/plain\r\n\r\nfail\n",
}
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


class _Http(asyncio.Protocol):
    """Answers each request head as it completes; bodies are not expected (GET/HEAD)."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            parts = head.split(b" ", 2)
            path = parts[1].split(b"?", 1)[0] if len(parts) > 1 else b""
            self.transport.write(RESPONSES.get(path, NOT_FOUND))


async def serve(port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Http, "127.0.0.1", port, backlog=4096)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


def main() -> None:
    try:
        import uvloop
    except ImportError:  # pragma: no cover
        asyncio.run(serve(int(sys.argv[1])))
    else:
        uvloop.run(serve(int(sys.argv[1])))


if __name__ == "__main__":
    main()

"""A minimal HTTP/1.1 keep-alive server for the benchmarks, run in a process of its own.

Why: the benchmarks measure the monitor's client, so the server must cost little and answer at
once; a subclass only says what a path answers. Not a web server: GET only, no headers read."""

from __future__ import annotations

import asyncio


class KeepAliveServer(asyncio.Protocol):
    """Answers every request of a connection in turn with `answer(path)`."""

    content_type = b"text/html"

    def answer(self, path: str) -> bytes | None:
        """The body for `path`, or None for a 404."""
        raise NotImplementedError

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            body = self.answer(head.split(b" ", 2)[1].decode())
            status = b"200 OK" if body is not None else b"404 Not Found"
            body = body if body is not None else b"not found"
            self.transport.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: " + self.content_type +
                                 b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def serve(protocol: type[KeepAliveServer], hosts: str | list[str], port: int, ready) -> None:
    """Serve until killed; `ready` (a pipe's end) gets the port once the server listens."""

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(protocol, hosts, port, backlog=1024)
        ready.send(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())

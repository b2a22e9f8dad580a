"""The load driver: raw HTTP/1.1 over asyncio streams, standard library only, cheap on the CPU it shares
with the server (requests are built as bytes before the clock starts; responses are parsed just enough).

`rush` sends prepared requests over a fixed number of concurrent connections (keep-alive when the server
allows it, a new connection otherwise, as gunicorn's sync workers close every connection) and returns one
`Result` per request. `sequential` times one request after another. The pure helpers (percentile,
latency summary, form encoding, cookie parsing) are unit-tested in tests/test_bench.py.
"""

import asyncio
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

TIMEOUT = 120.0  # seconds for one request before it counts as an error


# --- Pure helpers -------------------------------------------------------------------------------------


def percentile(values: Iterable[float], p: float) -> float | None:
    """The p-th percentile (0–100) with linear interpolation between closest ranks (numpy's default);
    None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, not {p}")
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(seconds: list[float]) -> dict:
    """count, p50/p95/p99/max and mean in milliseconds (rounded to 0.1 ms)."""

    def ms(value):
        return None if value is None else round(value * 1000, 1)

    return {
        "count": len(seconds),
        "p50_ms": ms(percentile(seconds, 50)),
        "p95_ms": ms(percentile(seconds, 95)),
        "p99_ms": ms(percentile(seconds, 99)),
        "max_ms": ms(max(seconds)) if seconds else None,
        "mean_ms": ms(sum(seconds) / len(seconds)) if seconds else None,
    }


def form_body(fields: dict) -> bytes:
    return urlencode(fields).encode()


def build_request(method: str, path: str, host: str, *, cookies: dict | None = None,
                  headers: dict | None = None, body: bytes = b"", keep_alive: bool = False,
                  content_length: int | None = None) -> bytes:
    """A request as bytes. Without keep_alive it asks the server to close the connection afterwards:
    every phone in a rush opens its own connection (as behind a proxy that does not keep upstream
    connections), whichever worker class serves it. `content_length`: the body is sent after these bytes
    (build_request_parts)."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "User-Agent: hadir-bench", "Accept: */*"]
    if not keep_alive:
        lines.append("Connection: close")
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body or method == "POST":
        if not any(name.lower() == "content-type" for name in headers or {}):
            lines.append("Content-Type: application/x-www-form-urlencoded")
        lines.append(f"Content-Length: {len(body) if content_length is None else content_length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def build_request_parts(method: str, path: str, host: str, *, body: tuple[bytes, ...], **kwargs) -> tuple[bytes, ...]:
    """A request whose body is sent in parts, one after the other: a large part shared by many requests
    (the bench's 100 KB photo) is then held once in memory, not once per phone."""
    head = build_request(method, path, host, content_length=sum(len(part) for part in body), **kwargs)
    return (head, *body)


def multipart_body(fields: dict, files: dict[str, tuple[str, str, bytes]], boundary: str) -> tuple[bytes, ...]:
    """multipart/form-data in parts: the fields, then for each file its header, its bytes (the object given,
    not a copy) and the line after it, then the closing boundary."""
    text = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    )
    parts = [text.encode()]
    for name, (filename, content_type, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        parts += [data, b"\r\n"]
    parts.append(f"--{boundary}--\r\n".encode())
    return tuple(parts)


def set_cookies(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """name → value of every Set-Cookie header (attributes dropped)."""
    found = {}
    for name, value in headers:
        if name == b"set-cookie":
            pair = value.split(b";", 1)[0].decode("latin-1")
            key, _, val = pair.partition("=")
            found[key.strip()] = val.strip().strip('"')
    return found


# --- The client ----------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    close: bool = False

    def header(self, name: bytes) -> bytes | None:
        return next((v for n, v in self.headers if n == name), None)


async def read_response(reader: asyncio.StreamReader) -> Response:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head[:-4].split(b"\r\n")
    version, status = lines[0].split(b" ", 2)[:2]
    headers, length, chunked = [], None, False
    close = version == b"HTTP/1.0"
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip()
        headers.append((name, value))
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif name == b"connection":
            close = value.lower() == b"close"
    if chunked:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                break
            parts.append(await reader.readexactly(size + 2))
        body = b"".join(p[:-2] for p in parts)
    elif length is not None:
        body = await reader.readexactly(length)
    else:
        body, close = await reader.read(), True
    return Response(int(status), headers, body, close)


class Connection:
    """One client connection, reopened when the server closes it."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None
        self.opened = 0

    async def request(self, data: bytes | tuple[bytes, ...]) -> Response:
        for attempt in (1, 2):
            fresh = self.writer is None
            if fresh:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
                self.opened += 1
            try:
                if isinstance(data, bytes):
                    self.writer.write(data)
                else:
                    self.writer.writelines(data)
                await self.writer.drain()
                response = await read_response(self.reader)
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                # A kept-alive connection the server had already closed: nothing was read, send again.
                if fresh or attempt == 2:
                    raise
                continue
            if response.close:
                self.close()
            return response
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Result:
    key: object  # what the caller uses to tell requests apart (an employee id)
    kind: str  # "checkin", "signin", "floor", …
    status: int  # 0: no response (connection error or timeout)
    seconds: float
    ok: bool
    detail: object = None  # what the judge extracted (a sign-in's cookies), or the error


@dataclass
class Item:
    """A prepared request; `then` may build the same phone's next request from this one's response
    (a sign-in followed by the check-in), sent on the same connection right after."""

    key: object
    kind: str
    data: bytes | tuple[bytes, ...]  # a tuple: sent part after part (build_request_parts)
    then: "Callable[[Response, object], Item | None] | None" = None


Judge = Callable[[Response], tuple[bool, object]]


@dataclass
class Rush:
    results: list[Result]
    seconds: float  # wall time from the first request sent to the last answer
    connections: int
    connects: int = 0  # TCP connections opened
    client_cpu_seconds: float = 0.0
    machine: dict = field(default_factory=dict)  # CPU use of the whole machine during the rush

    def of(self, kind: str) -> list[Result]:
        return [r for r in self.results if r.kind == kind]

    def summary(self, kind: str) -> dict:
        results = self.of(kind)
        ok = [r for r in results if r.ok]
        errors = [r for r in results if not r.ok]
        statuses: dict[str, int] = {}
        for r in errors:
            statuses[str(r.status)] = statuses.get(str(r.status), 0) + 1
        return {
            "requests": len(results),
            "ok": len(ok),
            "errors": len(errors),
            "error_statuses": statuses,
            "error_examples": [str(r.detail)[:300] for r in errors[:3]],
            "connections": self.connections,
            "seconds": round(self.seconds, 3),
            "throughput_per_s": round(len(ok) / self.seconds, 1) if self.seconds else None,
            "latency": latency_summary([r.seconds for r in results]),
            "tcp_connects": self.connects,
            "client_cpu_seconds": round(self.client_cpu_seconds, 2),
            "machine_cpu": self.machine,
        }


async def _rush(host: str, port: int, items: list[Item], connections: int, judges: dict[str, Judge]) -> Rush:
    results: list[Result] = []
    pending = iter(items)
    clients = [Connection(host, port) for _ in range(min(connections, len(items)) or 1)]

    async def send(client: Connection, item: Item):
        started = time.perf_counter()
        try:
            response = await asyncio.wait_for(client.request(item.data), TIMEOUT)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
            client.close()
            results.append(Result(item.key, item.kind, 0, time.perf_counter() - started, False, repr(error)))
            return None
        seconds = time.perf_counter() - started
        ok, detail = judges[item.kind](response)
        results.append(Result(item.key, item.kind, response.status, seconds, ok, detail))
        return response, detail

    async def worker(client: Connection):
        for item in pending:  # one shared iterator: each item is taken once
            while item is not None:
                answer = await send(client, item)
                item = item.then(*answer) if answer and item.then else None

    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in clients))
    seconds = time.perf_counter() - started
    for client in clients:
        client.close()
    return Rush(results, seconds, connections, sum(c.opened for c in clients))


def rush(host: str, port: int, items: list[Item], connections: int, judges: dict[str, Judge]) -> Rush:
    """Send every prepared request once, `connections` at a time; measure each and the whole."""
    cpu, machine = time.process_time(), cpu_sample()
    result = asyncio.run(_rush(host, port, items, connections, judges))
    result.client_cpu_seconds = time.process_time() - cpu
    result.machine = cpu_use(machine, cpu_sample())
    return result


def sequential(host: str, port: int, data: bytes, times: int, judge: Judge) -> list[Result]:
    """The same request `times` times, one after another, on one connection."""

    async def go():
        client, results = Connection(host, port), []
        for i in range(times):
            started = time.perf_counter()
            response = await asyncio.wait_for(client.request(data), TIMEOUT)
            ok, detail = judge(response)
            results.append(Result(i, "page", response.status, time.perf_counter() - started, ok, detail))
        client.close()
        return results

    return asyncio.run(go())


def exchange(host: str, port: int, data: bytes) -> Response:
    """One request, one response (setup steps and multi-request flows)."""

    async def go():
        client = Connection(host, port)
        try:
            return await asyncio.wait_for(client.request(data), TIMEOUT)
        finally:
            client.close()

    return asyncio.run(go())


# --- Machine CPU during a rush (Linux /proc/stat) ------------------------------------------------------


def cpu_sample() -> tuple[int, int] | None:
    """(busy, total) jiffies of all CPUs, or None where /proc/stat is missing."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def cpu_use(before, after) -> dict:
    if not before or not after or after[1] == before[1]:
        return {}
    return {"busy_percent": round(100 * (after[0] - before[0]) / (after[1] - before[1]), 1)}

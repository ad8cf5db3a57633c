"""A TCP proxy that counts the bytes between a browser and Seba, and can shape them like a slow
mobile link (bandwidth shared by all connections, one-way delay added to every chunk)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Shape:
    down_bytes_per_s: float  # server -> browser
    up_bytes_per_s: float
    one_way_delay_s: float


SLOW_3G = Shape(down_bytes_per_s=400_000 / 8, up_bytes_per_s=400_000 / 8, one_way_delay_s=0.2)


@dataclass
class Counters:
    down: int = 0
    up: int = 0
    connections: int = 0
    # Bytes by the request line that opened or last used each connection (what the bytes were for).
    by_request: dict[str, list[int]] = field(default_factory=dict)

    def add(self, what: str, down: int, up: int) -> None:
        entry = self.by_request.setdefault(what, [0, 0])
        entry[0] += down
        entry[1] += up


class _Bucket:
    """A shared token bucket: the link's bandwidth, whatever the number of connections."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.next_free = time.monotonic()
        self.lock = asyncio.Lock()

    async def take(self, n: int) -> None:
        async with self.lock:
            now = time.monotonic()
            start = max(now, self.next_free)
            self.next_free = start + n / self.rate
            wait = self.next_free - now
        if wait > 0:
            await asyncio.sleep(wait)


@dataclass
class NetProxy:
    listen_port: int
    target_port: int
    target_host: str = "127.0.0.1"
    counters: Counters = field(default_factory=Counters)
    shape: Shape | None = None

    def start(self) -> None:
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait(10)

    def reset(self, shape: Shape | None = None) -> None:
        self.counters = Counters()
        self.shape = shape
        self._buckets = (_Bucket(shape.down_bytes_per_s), _Bucket(shape.up_bytes_per_s)) if shape else None

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._buckets: tuple[_Bucket, _Bucket] | None = None
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", self.listen_port)
        )
        ready.set()
        self._loop.run_forever()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        self.counters.connections += 1
        try:
            server_r, server_w = await asyncio.open_connection(self.target_host, self.target_port)
        except OSError:
            client_w.close()
            return
        current = ["(connection)"]
        await asyncio.gather(
            self._pipe(client_r, server_w, down=False, current=current),
            self._pipe(server_r, client_w, down=True, current=current),
        )

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, down: bool, current: list[str]
    ) -> None:
        # Chunks are delivered in order after a fixed delay: a queue decouples reading from delivery.
        queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

        async def deliver() -> None:
            while (item := await queue.get()) is not None:
                due, data = item
                pause = due - time.monotonic()
                if pause > 0:
                    await asyncio.sleep(pause)
                writer.write(data)
                await writer.drain()

        sender = asyncio.create_task(deliver())
        try:
            while data := await reader.read(16384):
                if down:
                    self.counters.down += len(data)
                    self.counters.add(current[0], len(data), 0)
                else:
                    self.counters.up += len(data)
                    line = data.split(b"\r\n", 1)[0]
                    if line[:4] in (b"GET ", b"POST", b"HEAD", b"PUT ") and b" HTTP/" in line:
                        current[0] = line.decode("latin-1").rsplit(" ", 1)[0].split("?")[0]
                    self.counters.add(current[0], 0, len(data))
                if self._buckets is not None and self.shape is not None:
                    await self._buckets[0 if down else 1].take(len(data))
                    queue.put_nowait((time.monotonic() + self.shape.one_way_delay_s, data))
                else:
                    queue.put_nowait((0.0, data))
        except (ConnectionError, OSError):
            pass
        finally:
            queue.put_nowait(None)
            with contextlib.suppress(ConnectionError, OSError):
                await sender
            writer.close()

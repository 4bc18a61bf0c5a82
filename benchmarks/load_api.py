"""Load test of the REST API on loopback: screening parties, as brokers do.

Starts uvicorn (one worker, in a child process) on 127.0.0.1 and a free port over a store,
creates a broker's API key on it, then has a bounded number of concurrent clients (threads,
each on one keep-alive connection) screen one party per request for a bounded time and a
bounded number of requests. Prints requests, errors, p50/p99 latency and throughput.

    python benchmarks/load_api.py                         # a scale-0.02 demo world, 60 s
    python benchmarks/load_api.py --db sqlite:///var/demo/tradeguard.sqlite --clients 8

Without ``--db`` it first runs the demo at scale 0.02 into a temporary folder (the demo's
generator, loader and engines), which is removed afterwards. Not a test: the suite never
times anything; this prints figures for the notes.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

MAX_CLIENTS = 64
MAX_SECONDS = 600.0
SERVER = """
import sys, uvicorn
from tradeguard.api.app import create_app
uvicorn.run(create_app(database_url=sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def demo_store(folder: Path) -> str:
    """A scale-0.02 demo world, loaded and run through the engines, in ``folder``."""
    from rich.console import Console

    from tradeguard.demo import run_demo

    run_demo(folder / "demo", scale=0.02, console=Console(quiet=True))
    return f"sqlite:///{folder / 'demo' / 'tradeguard.sqlite'}"


def prepare(database_url: str, sample: int, seed: int) -> tuple[str, str, list[dict[str, str]]]:
    """A broker's key on the store, and parties to screen: listed names (some exact, some
    misspelt) mixed with the store's importers, most of them clear."""
    from sqlalchemy import func, select

    from tradeguard.api.auth import KeyStore
    from tradeguard.services import open_store
    from tradeguard.store import schema

    engine = open_store(database_url)
    with engine.connect() as conn:
        brokers = conn.execute(
            select(schema.facilitators.c.facilitator_id)
            .where(func.upper(schema.facilitators.c.kind) == "BROKER")
            .order_by(schema.facilitators.c.facilitator_id)
            .limit(1)
        ).scalars()
        broker = next(iter(brokers), "BRK-LOAD")
        listed = list(conn.execute(select(schema.sam_persons.c.name).limit(sample)).scalars())
        importers = conn.execute(
            select(schema.importers.c.name, schema.importers.c.city).limit(sample)
        ).all()
    key = KeyStore(engine).create("broker", str(broker), name="load test", actor="load-test")
    engine.dispose()
    rng = random.Random(seed)
    parties: list[dict[str, str]] = []
    for name, city in importers:
        parties.append({"name": str(name), "city": str(city or "")})
    for name in listed[: max(1, len(parties) // 4)]:
        text = str(name)
        if len(text) > 6 and rng.random() < 0.5:  # a typo
            i = rng.randrange(1, len(text) - 1)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        parties.append({"name": text, "city": ""})
    rng.shuffle(parties)
    if not parties:
        raise SystemExit("the store has no parties to screen: load a world first")
    return key, str(broker), parties


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(
    port: int,
    key: str,
    parties: list[dict[str, str]],
    offset: int,
    stop_at: float,
    budget: threading.Semaphore,
    tally: Tally,
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"X-API-Key": key, "Content-Type": "application/json"}
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    outcomes: Counter[str] = Counter()
    errors = 0
    n = offset
    while time.monotonic() < stop_at and budget.acquire(blocking=False):
        party = {"party_id": f"LOAD-{n}", **parties[n % len(parties)]}
        body = json.dumps({"parties": [party]})
        n += 1
        started = time.perf_counter()
        try:
            conn.request("POST", "/v1/parties/screen", body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            errors += 1
            continue
        latencies.append(time.perf_counter() - started)
        statuses[status] += 1
        if status != 200 or b'"results"' not in payload:
            errors += 1
            continue
        outcomes.update(r["outcome"] for r in json.loads(payload)["results"])
    conn.close()
    with tally.lock:
        tally.latencies += latencies
        tally.statuses.update(statuses)
        tally.outcomes.update(outcomes)
        tally.errors += errors


def wait_until_up(port: int, server: subprocess.Popen[bytes], within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not come up")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[round(q * 1000) - 1]


def run(database_url: str, seconds: float, clients: int, max_requests: int, seed: int) -> int:
    key, broker, parties = prepare(database_url, 2000, seed)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, database_url, str(port)],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port, server)
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        body = json.dumps({"parties": [{"party_id": "WARM", **parties[0]}]})
        warm.request(  # builds the screener for today before the clock starts
            "POST",
            "/v1/parties/screen",
            body=body,
            headers={"X-API-Key": key, "Content-Type": "application/json"},
        )
        warm.getresponse().read()
        warm.close()
        tally = Tally()
        budget = threading.Semaphore(max_requests)
        started = time.monotonic()
        stop_at = started + seconds
        threads = [
            threading.Thread(
                target=client,
                args=(port, key, parties, i * 7919, stop_at, budget, tally),
                daemon=True,
            )
            for i in range(clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=seconds + 60)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    done = len(tally.latencies)
    ms = sorted(x * 1000 for x in tally.latencies)
    print(f"store: {database_url}")
    print(f"clients: {clients}, duration: {elapsed:.1f} s, one party per request (broker {broker})")
    print(f"requests: {done:,}  errors: {tally.errors}  statuses: {dict(tally.statuses)}")
    print(f"outcomes: {dict(tally.outcomes)}")
    print(f"latency p50: {percentile(ms, 0.50):.1f} ms  p99: {percentile(ms, 0.99):.1f} ms")
    print(f"throughput: {done / elapsed:,.1f} requests/s")
    return 1 if tally.errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="Store URL (default: a scale-0.02 demo world, temporary).")
    parser.add_argument("--seconds", type=float, default=60.0, help="How long to load (60).")
    parser.add_argument("--clients", type=int, default=4, help="Concurrent clients (4).")
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="Stop after this many (200000)."
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    seconds = min(max(args.seconds, 1.0), MAX_SECONDS)
    clients = min(max(args.clients, 1), MAX_CLIENTS)
    if args.db:
        return run(args.db, seconds, clients, max(args.max_requests, 1), args.seed)
    with tempfile.TemporaryDirectory(prefix="tg-load-") as tmp:
        started = time.perf_counter()
        url = demo_store(Path(tmp))
        print(f"demo world (scale 0.02) made in {time.perf_counter() - started:.1f} s")
        return run(url, seconds, clients, max(args.max_requests, 1), args.seed)


if __name__ == "__main__":
    sys.exit(main())

"""A fixed-rate load generator, run as a second process by bench/run.py.

    python bench/load.py URL --cookie 'sessionid=…' --sessions 20 --rate 1 --seconds 10

Each of `sessions` keeps its own keep-alive connection and sends one request every
1/`rate` seconds on a fixed schedule (open loop, like wrk2 or locust's constant
throughput). Latency is measured from the *scheduled* send time, so a slow server is
not hidden by requests that were sent late (coordinated omission). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import threading
import time
from urllib.parse import urlsplit


def session(
    url: str,
    cookie: str,
    interval: float,
    until: float,
    start: float,
    latencies: list[float],
    errors: list[int],
) -> None:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie} if cookie else {}
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    scheduled = start
    while scheduled < until:
        delay = scheduled - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
        except (OSError, http.client.HTTPException):
            errors.append(0)
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        latencies.append(time.monotonic() - scheduled)
        scheduled += interval
    connection.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--cookie", default="")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rate", type=float, default=1.0, help="requests per second per session")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()

    interval = 1 / args.rate
    begin = time.monotonic() + 0.2
    until = begin + args.seconds
    latencies: list[float] = []
    errors: list[int] = []
    rng = random.Random(1)
    threads = [
        threading.Thread(
            target=session,
            args=(
                args.url,
                args.cookie,
                interval,
                until,
                begin + rng.random() * interval,
                latencies,
                errors,
            ),
        )
        for _ in range(args.sessions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ms = [v * 1000 for v in latencies]
    print(
        json.dumps(
            {
                "requests": len(ms),
                "errors": len(errors),
                "p50": statistics.median(ms),
                "p95": percentile(ms, 95),
                "p99": percentile(ms, 99),
                "rps": len(ms) / args.seconds,
            }
        )
    )


if __name__ == "__main__":
    main()

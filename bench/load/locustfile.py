"""Locust scenario of the load test; bench/load/run.py writes the plan and reads the results.

The plan (JSON, path in BENCH_LOAD_PLAN) names the page kinds of this run, each with its weight,
its URLs and its cookie. Every request goes out as the TLS proxy in front of production would
pass it on (X-Forwarded-Proto: https), so the production settings apply unchanged. Timings are
taken here, per request and in seconds, rather than from locust's own statistics, which round
response times to whole milliseconds and are too coarse for files served in one.
"""

import json
import os
import random
import resource
import time
from pathlib import Path

from locust import FastHttpUser, constant, events, task

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text(encoding="utf-8"))
KINDS = list(PLAN["kinds"])
WEIGHTS = [PLAN["kinds"][kind]["weight"] for kind in KINDS]
# kind -> [[start (epoch s), seconds, ok, page cache hit, body bytes], ...]
SAMPLES: dict[str, list] = {kind: [] for kind in KINDS}
FAILURES: list = []
MAX_FAILURES_KEPT = 200
# CPU seconds of this process from the start of the test to its end, without start-up: whether
# the load client, on the same cores as the server, had become the bottleneck.
CPU = {"start": 0.0, "stop": 0.0}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Visitor(FastHttpUser):
    # Closed loop without think time: each client asks again as soon as it has its answer, so
    # the server is saturated and requests/s is its throughput for this kind of page.
    wait_time = constant(0)
    host = PLAN["host"]

    def on_start(self):
        self.rng = random.Random()
        # Members spread over the sessions that run.py signed in through the login form.
        self.member_cookie = self.rng.choice(PLAN["member_cookies"] or [""])

    @task
    def visit(self):
        kind = self.rng.choices(KINDS, WEIGHTS)[0]
        spec = PLAN["kinds"][kind]
        url = self.rng.choice(spec["urls"])
        headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity"}
        cookie = self.member_cookie if spec["cookie"] == "member" else spec["cookie"]
        if cookie:
            headers["Cookie"] = cookie
        started = time.time()
        clock = time.perf_counter()
        with self.client.get(
            url, name=kind, headers=headers, catch_response=True, allow_redirects=False
        ) as response:
            seconds = time.perf_counter() - clock
            problem = None
            if response.status_code != 200:
                problem = f"HTTP {response.status_code}"
                if response.error is not None:
                    problem = f"{type(response.error).__name__}: {response.error}"
            elif spec.get("expect") and spec["expect"].encode() not in (response.content or b""):
                problem = "expected text missing (not signed in?)"
            if problem:
                response.failure(problem)
                if len(FAILURES) < MAX_FAILURES_KEPT:
                    FAILURES.append([kind, url, problem])
            else:
                response.success()
            hit = (response.headers or {}).get("X-Page-Cache") == "hit"
        SAMPLES[kind].append([started, seconds, problem is None, hit, len(response.content or b"")])


@events.test_start.add_listener
def note_start(environment, **kwargs):
    CPU["start"] = cpu_seconds()


@events.test_stop.add_listener
def note_stop(environment, **kwargs):
    CPU["stop"] = cpu_seconds()


@events.quitting.add_listener
def write_results(environment, **kwargs):
    client_cpu = (CPU["stop"] or cpu_seconds()) - CPU["start"]
    Path(PLAN["output"]).write_text(
        json.dumps({"samples": SAMPLES, "failures": FAILURES, "client_cpu": client_cpu}),
        encoding="utf-8",
    )

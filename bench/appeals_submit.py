"""Appeal submitted → inspector notified on Kafka: p50/p99 at 200 appeals/s as a ratio to the Kafka
round-trip baseline measured in the same run, and sustained submissions/s.

The appeals service runs in this process with its real lifespan (own database; the territory read model
filled directly through its store). Each submission is a multipart POST by a different verified citizen;
the clock stops when the `appeal.assigned` notification for that appeal arrives on `notifications.v1`
(written to the outbox with the appeal, published by the relay). Goal: p99 ≤ 5 × the baseline's p99.
Before the service's part, the same submissions go to `bare_submission_app` (the floor: token checked,
notification sent, nothing validated or stored), so the run also shows how much of the goal's budget the
machine leaves to the service's own work; then to `durable_submission_app` (the durable floor: one
document with its outbox inserted, published and removed by an outbox relay, the least the architecture
allows before an event leaves), followed by its own closed loop. Then a closed loop of concurrent
submitters gives the service's sustained rate. About a minute and a half.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from bench.bare_submission import DURABLE_COLLECTION, bare_submission_app, durable_submission_app
from bench.kafka_baseline import percentile, round_trip, write_result
from bench.support import cpu_seconds, local_database_pid
from services.appeals.deps import context_for
from services.appeals.domain.territory import TerritoryChange
from services.appeals.main import create_app
from services.appeals.settings import AppealsSettings
from shared.auth import Role
from shared.events.registry import NOTIFICATIONS, USERS, ensure_topics
from shared.mongo import GroupedInserts
from shared.outbox import OutboxRelay
from tests.support.auth import TestTokens
from tests.support.cleanup import drop_test_database
from tests.support.kafka_groups import begin_group_at_topic_end

# httpx's in-process transport tries `import sniffio` on every request; it is not installed, so each try
# searched the import path again: a quarter of a millisecond of the load generator's per submission, on
# the service's core. A `None` entry makes the import fail at once, as it would anyway.
sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]

COUNT = int(os.environ.get("BENCH_APPEALS", "200"))
WARM_UP = 20  # unmeasured submissions before each paced part, so neither part's p99 is its first requests
RATE_PER_S = float(os.environ.get("BENCH_RATE", "200"))
SUSTAINED_S = float(os.environ.get("BENCH_SUSTAINED_S", "15"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "32"))
SIGNED_PER_SUBMITTER = int(SUSTAINED_S * 400 / CONCURRENCY) + 1  # more than the service takes in the time
MAHALLA = "172626601014"


async def _tail(bootstrap: str) -> AIOKafkaConsumer:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=5)
    await consumer.start()
    partitions = [TopicPartition(NOTIFICATIONS.name, p) for p in range(NOTIFICATIONS.partitions)]
    consumer.assign(partitions)
    await consumer.seek_to_end(*partitions)
    for partition in partitions:
        await consumer.position(partition)
    return consumer


async def _staff(app: Any, inspector: str) -> None:
    ctx = context_for(app.state.runtime)
    at = datetime.now(UTC)
    for change in (TerritoryChange(uuid.uuid4().hex, "unit_created", at, MAHALLA),
                   TerritoryChange(uuid.uuid4().hex, "official_assigned", at, MAHALLA, inspector, "inspector"),
                   TerritoryChange(uuid.uuid4().hex, "official_assigned", at, MAHALLA[:9], f"{inspector}-head",
                                   "sector_head")):  # fmt: skip
        await ctx.territory.apply_many([change])


def _citizen_headers(tokens: TestTokens, subject: str) -> dict[str, str]:
    return tokens.headers(subject=subject, roles=(Role.CITIZEN,), mahalla_code=MAHALLA)


def _progress(text: str) -> None:
    sys.stderr.write(f"[appeals bench] {text}\n")


def _form(number: int) -> dict[str, str]:
    return {"kind": "application", "category": "noise",
            "text": f"Bench {number}: qo‘shni xonadonda tun bo‘yi shovqin, {uuid.uuid4().hex}."}  # fmt: skip


@dataclass
class Paced:
    """One paced part: when each accepted submission was sent and when its notification arrived."""

    latencies: list[float]
    failures: int
    offered_s: float

    def percentile_ms(self, fraction: float) -> float | None:
        return percentile(self.latencies, fraction) * 1000 if self.latencies else None


async def _warm_up(client: httpx.AsyncClient, headers: list[dict[str, str]]) -> set[str]:
    """One unmeasured submission per `headers`, one after another; returns their appeal ids."""
    warm = set()
    for number, submitter in enumerate(headers):
        response = await client.post("/v1/appeals", data=_form(-1 - number), headers=submitter)
        warm.add(response.json().get("id"))
    return warm


async def paced(client: httpx.AsyncClient, headers: list[dict[str, str]], tail: AIOKafkaConsumer,
                inspector: str) -> Paced:  # fmt: skip
    """COUNT submissions at RATE_PER_S, each timed until the inspector's `appeal.assigned` notification,
    after WARM_UP unmeasured ones (the first WARM_UP of `headers`)."""
    warm = await _warm_up(client, headers[:WARM_UP])
    sent: dict[str, float] = {}
    arrived: dict[str, float] = {}
    failures = 0

    async def collect() -> None:
        while len(arrived) < COUNT - failures:
            batches = await tail.getmany(timeout_ms=50)
            now = time.perf_counter()
            for records in batches.values():
                for record in records:
                    body = json.loads(record.value)
                    appeal_id = body["data"].get("appeal_id")
                    if body["subject"] == inspector and body["kind"] == "appeal.assigned" and appeal_id not in warm:
                        arrived.setdefault(appeal_id, now)

    async def one(number: int) -> None:
        nonlocal failures
        started = time.perf_counter()
        response = await client.post("/v1/appeals", data=_form(number), headers=headers[WARM_UP + number])
        if response.status_code != 201:
            failures += 1
            return
        sent[response.json()["id"]] = started

    collector = asyncio.create_task(collect())
    begun, tasks = time.perf_counter(), []
    for number in range(COUNT):
        tasks.append(asyncio.create_task(one(number)))
        await asyncio.sleep(max(0.0, begun + (number + 1) / RATE_PER_S - time.perf_counter()))
    await asyncio.gather(*tasks)
    offered_s = time.perf_counter() - begun
    try:
        await asyncio.wait_for(collector, 60)
    except TimeoutError:
        collector.cancel()
    _progress(f"{COUNT} submitted, {failures} failed, {len(arrived)} notifications seen")
    return Paced([arrived[key] - sent[key] for key in sent if key in arrived], failures, offered_s)


async def _floor(service: Any, headers: list[dict[str, str]], tail: AIOKafkaConsumer) -> Paced:
    """The same paced submissions to `bare_submission_app`: token checked, notification sent, nothing else."""
    inspector = f"bench-floor-{uuid.uuid4().hex[:8]}"
    app = bare_submission_app(service.state.runtime.publish_outbox, service.state.auth_verifier, inspector=inspector)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://floor.bench",
                                 timeout=60) as client:  # fmt: skip
        return await paced(client, headers, tail, inspector)


async def _durable_floor(service: Any, headers: list[dict[str, str]], tail: AIOKafkaConsumer,
                         tokens: TestTokens, database_pid: int | None) -> tuple[Paced, dict[str, Any]]:  # fmt: skip
    """The same paced submissions, then the closed loop, to `durable_submission_app`: token checked, the
    submission and its notification inserted as one document, published and removed by an outbox relay."""
    inspector, runtime = f"bench-durable-{uuid.uuid4().hex[:8]}", service.state.runtime
    relay = OutboxRelay(runtime.db, [DURABLE_COLLECTION], runtime.publish_outbox, name="bench-durable-floor",
                        sweep_interval=5.0)  # fmt: skip
    app = durable_submission_app(GroupedInserts(runtime.db[DURABLE_COLLECTION]), relay.written,
                                 service.state.auth_verifier, inspector=inspector)  # fmt: skip
    relay.start()
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://durable.bench",
                                     timeout=60) as client:  # fmt: skip
            return await paced(client, headers, tail, inspector), await _sustained(client, tokens, database_pid)
    finally:
        await relay.stop()


async def measure(bootstrap: str) -> dict[str, Any]:
    await ensure_topics(bootstrap)
    baseline = await round_trip(bootstrap, count=500, rate_per_s=RATE_PER_S)
    _progress(f"Kafka round trip p99 {baseline['p99_ms']:.1f} ms")
    tokens, inspector = TestTokens(), f"bench-insp-{uuid.uuid4().hex[:8]}"
    await begin_group_at_topic_end(bootstrap, settings_users_group := f"bench-{uuid.uuid4().hex[:8]}.users", USERS.name)
    settings = AppealsSettings(database_prefix=f"bench_{uuid.uuid4().hex[:8]}_", log_level="WARNING",
                               territory_topic=f"bench.{uuid.uuid4().hex[:8]}.territory",
                               users_group=settings_users_group)  # fmt: skip
    app = create_app(settings, jwks_fetcher=tokens.jwks_fetcher)
    headers = [_citizen_headers(tokens, f"c-bench-{n}") for n in range(WARM_UP + COUNT)]
    async with app.router.lifespan_context(app):
        runtime = app.state.runtime
        await _staff(app, inspector)
        write_ms = await _database_write_ms(runtime)
        _progress(f"one database update takes {write_ms:.0f} ms (median of 10)")
        tail = await _tail(bootstrap)
        floor = await _floor(app, headers, tail)
        _progress(f"floor: p99 {floor.percentile_ms(0.99) or 0:.1f} ms")
        database_pid = local_database_pid(settings.mongo_url)
        durable, durable_sustained = await _durable_floor(app, headers, tail, tokens, database_pid)
        _progress(f"durable floor: p99 {durable.percentile_ms(0.99) or 0:.1f} ms")
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://appeals.bench",
                                     timeout=60) as client:  # fmt: skip
            service = await paced(client, headers, tail, inspector)
            sustained = await _sustained(client, tokens, database_pid)
        await tail.stop()
    # Only once the service has stopped: FerretDB v1 can crash when a database is dropped under live queries.
    await drop_test_database(settings.mongo_url, runtime.db.name)
    durable_figures = {f"durable_floor_{name}": value for name, value in durable_sustained.items()}
    return (_figures(baseline, floor, service) | _floor_figures("durable_floor", durable, baseline)
            | durable_figures | {"database_update_median_ms": write_ms, **sustained})  # fmt: skip


def _figures(baseline: dict[str, float], floor: Paced, service: Paced) -> dict[str, Any]:
    p50, p99 = service.percentile_ms(0.5), service.percentile_ms(0.99)
    return {
        "appeals": COUNT, "rate_per_s": RATE_PER_S, "achieved_rate_per_s": COUNT / service.offered_s,
        "notified": len(service.latencies), "failed": service.failures, "p50_ms": p50, "p99_ms": p99,
        "baseline_p50_ms": baseline["p50_ms"], "baseline_p99_ms": baseline["p99_ms"],
        "p50_ratio": p50 / baseline["p50_ms"] if p50 else None, "p99_ratio": p99 / baseline["p99_ms"] if p99 else None,
        "goal_p99_ratio": 5.0,
    } | _floor_figures("floor", floor, baseline)  # fmt: skip


def _floor_figures(name: str, floor: Paced, baseline: dict[str, float]) -> dict[str, Any]:
    p99 = floor.percentile_ms(0.99)
    return {
        f"{name}_p50_ms": floor.percentile_ms(0.5), f"{name}_p99_ms": p99,
        f"{name}_p99_ratio": p99 / baseline["p99_ms"] if p99 else None, f"{name}_failed": floor.failures,
    }  # fmt: skip


async def _database_write_ms(runtime: Any) -> float:
    """Context for the figures: what one single-document update costs on this database right now (the
    relay makes two per published document, a submission one for its timer)."""
    scratch = runtime.db["bench_scratch"]
    await scratch.insert_one({"_id": 1, "value": 0})
    samples = []
    for value in range(10):
        started = time.perf_counter()
        await scratch.update_one({"_id": 1}, {"$set": {"value": value}})
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


async def _sustained(client: httpx.AsyncClient, tokens: TestTokens, database_pid: int | None) -> dict[str, Any]:
    """The closed loop's rate, and the CPU each submission cost this process (load generator and service)
    and the local database, where it runs on this machine."""
    done = errors = 0
    # Signed before the clock starts, as for the paced run: signing is the clients' work, not the service's.
    signed = [[_citizen_headers(tokens, f"c-load-{index}-{number}") for number in range(SIGNED_PER_SUBMITTER)]
              for index in range(CONCURRENCY)]  # fmt: skip
    deadline = time.perf_counter() + SUSTAINED_S

    async def worker(index: int) -> None:
        nonlocal done, errors
        number = 0
        while time.perf_counter() < deadline:
            number += 1
            headers = (signed[index][number] if number < SIGNED_PER_SUBMITTER
                       else _citizen_headers(tokens, f"c-load-{index}-{number}"))  # fmt: skip
            response = await client.post("/v1/appeals", data=_form(number), headers=headers)
            done, errors = (done + 1, errors) if response.status_code == 201 else (done, errors + 1)

    started, process_cpu = time.perf_counter(), time.process_time()
    database_cpu = cpu_seconds(database_pid) if database_pid else None
    await asyncio.gather(*(worker(index) for index in range(CONCURRENCY)))
    per_submission_ms = 1000 / max(done, 1)
    return {"sustained_submissions_per_s": done / (time.perf_counter() - started), "sustained_errors": errors,
            "sustained_concurrency": CONCURRENCY,
            "process_cpu_ms_per_submission": (time.process_time() - process_cpu) * per_submission_ms,
            "database_cpu_ms_per_submission": (cpu_seconds(database_pid) - database_cpu) * per_submission_ms
            if database_pid and database_cpu is not None else None}  # fmt: skip


def main() -> int:
    bootstrap = os.environ.get("SM_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
    result = asyncio.run(measure(bootstrap))
    path = write_result("appeals_submit", result)
    sys.stdout.write(
        f"appeal → inspector notification at {result['rate_per_s']:.0f}/s offered "
        f"({result['achieved_rate_per_s']:.0f}/s achieved): {result['notified']}/{result['appeals']} notified, "
        f"p50 {result['p50_ms'] or 0:.0f} ms, p99 {result['p99_ms'] or 0:.0f} ms; Kafka round trip p50 "
        f"{result['baseline_p50_ms']:.1f} ms, p99 {result['baseline_p99_ms']:.1f} ms; ratio p99 "
        f"{result['p99_ratio'] or 0:.1f}× (goal ≤ 5×); the floor (token checked, notification sent, nothing else) "
        f"p99 {result['floor_p99_ms'] or 0:.1f} ms, ratio {result['floor_p99_ratio'] or 0:.1f}×; the durable "
        f"floor (token checked, one document with its outbox inserted, published by a relay) p99 "
        f"{result['durable_floor_p99_ms'] or 0:.1f} ms, ratio {result['durable_floor_p99_ratio'] or 0:.1f}×, "
        f"sustained {result['durable_floor_sustained_submissions_per_s']:.0f}/s, CPU per submission "
        f"{result['durable_floor_process_cpu_ms_per_submission']:.1f} ms here and "
        f"{result['durable_floor_database_cpu_ms_per_submission'] or 0:.1f} ms in the database; "
        f"sustained {result['sustained_submissions_per_s']:.0f} "
        f"submissions/s, CPU per submission {result['process_cpu_ms_per_submission']:.1f} ms here and "
        f"{result['database_cpu_ms_per_submission'] or 0:.1f} ms in the database; one database update "
        f"{result['database_update_median_ms']:.0f} ms\nwritten to {path}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Crime map for one district and one month over many incidents, on the real database: p95, and a baseline.

The service answers the map from precomputed counter documents, one per (district, local month), kept up
to date at ingestion (`services/geo/repository/incidents.py`). This benchmark:
  1. generates N sandbox incidents (default 1,000,000) over the pilot territory for 12 months;
  2. ingests them in time order, as the feed delivers them: first a sample through the service's own
     ingestion (raw incident documents, batch documents with their events, counters), measuring the rate;
  3. ingests as many more as fit in the load budget (by default all of them: about 17 minutes for
     1,000,000 on the local FerretDB; a smaller budget stores fewer, and the count used is printed);
  4. also folds ALL N incidents into counters in a second database — counters only, no raw documents —
     so the query is also measured at the full 1,000,000-incident density;
  5. times the map query (territory = a district, period = one month) on both, p50/p95, and the baseline in
     the same run: the same answer computed from the raw incidents read through the (district_code, month)
     index, on the first database.

Run from the repository root with the test servers up:
`.venv/bin/python bench/geo_crime_map.py [--incidents 1000000] [--load-budget-s 2400]`.
Writes `bench/results/geo_crime_map.json`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import sys
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pymongo import AsyncMongoClient  # noqa: E402

from services.geo import repository  # noqa: E402
from services.geo.adapters.cadastre import SandboxCadastre  # noqa: E402
from services.geo.adapters.incident_feed import SandboxIncidentFeed  # noqa: E402
from services.geo.adapters.ministry import SandboxMinistryFeed  # noqa: E402
from services.geo.domain import crime_counters, crime_map  # noqa: E402
from services.geo.domain.crime_query import tashkent_midnight, validate_query  # noqa: E402
from services.geo.domain.incident_feed import generate_incidents  # noqa: E402
from services.geo.domain.lookup import MahallaIndex  # noqa: E402
from services.geo.domain.registry import Territory  # noqa: E402
from services.geo.handlers.context import Geo  # noqa: E402
from services.geo.handlers.incidents import CrimeMapRequest, ingest  # noqa: E402
from services.geo.handlers.incidents import crime_map as map_query  # noqa: E402
from services.geo.live import LiveTerritory, Snapshot  # noqa: E402
from services.geo.pilot import generate_pilot  # noqa: E402
from services.geo.repository.incidents import IncidentStore  # noqa: E402
from services.geo.repository.territory import TerritoryStore  # noqa: E402
from services.geo.settings import GeoSettings  # noqa: E402
from shared.clock import FixedClock  # noqa: E402
from shared.mongo import ensure_indexes  # noqa: E402

RESULTS = ROOT / "bench" / "results"
GOAL_P95_MS = 200
YEAR = 2025
PILOT_INCIDENTS_PER_YEAR = 110_000  # the sandbox feed's volume for the pilot at rate 1.0, roughly


def context(database: Any, territory: Territory) -> Geo:
    live = LiveTerritory(TerritoryStore(database), resolution=8)
    live.current = Snapshot(territory, MahallaIndex(()), 0)
    settings = GeoSettings()
    clock = FixedClock(tashkent_midnight(date(YEAR + 1, 1, 1)))
    return Geo(settings=settings, clock=clock,
               store=TerritoryStore(database), incidents=IncidentStore(database), live=live, cadastre=SandboxCadastre(),
               feed=SandboxIncidentFeed(1), ministry=SandboxMinistryFeed())  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def time_counter_queries(geo: Geo, pairs: list[tuple[str, str]]) -> list[float]:
    timings = []
    for district, month in pairs:
        started = time.perf_counter()
        await map_query(CrimeMapRequest(territory=district, start=month), geo)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


async def time_raw_queries(store: IncidentStore, pairs: list[tuple[str, str]]) -> tuple[list[float], list[int]]:
    timings, sizes = [], []
    for district, month in pairs:
        started = time.perf_counter()
        raw = await store.raw(district, month)
        start, end = crime_counters.whole_days(month, None, today=date(YEAR + 1, 1, 1))
        crime_map.answer(raw, validate_query(start=start, end=end, territory_code=district))
        timings.append((time.perf_counter() - started) * 1000)
        sizes.append(len(raw))
    return timings, sizes


async def main(args: argparse.Namespace) -> dict[str, Any]:
    mongo_url = os.environ.get("SM_MONGO_URL", "mongodb://127.0.0.1:27018/")
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_url, tz_aware=True, serverSelectionTimeoutMS=20000)
    tag = uuid.uuid4().hex[:8]
    loaded_db, dense_db = client[f"bench{tag}_geo"], client[f"bench{tag}_geo_counters"]
    try:
        territory = generate_pilot()
        rate = args.incidents / PILOT_INCIDENTS_PER_YEAR
        started = time.perf_counter()
        start = tashkent_midnight(date(YEAR, 1, 1))
        end = tashkent_midnight(date(YEAR + 1, 1, 1))
        incidents = list(generate_incidents(territory, start=start, end=end, seed=args.seed, rate_multiplier=rate))
        generated_s = time.perf_counter() - started
        print(f"generated {len(incidents):,} incidents in {generated_s:.1f} s", flush=True)

        await ensure_indexes(loaded_db, repository.INDEXES)
        store = IncidentStore(loaded_db)
        await ingest(incidents[:500], store)  # the first writes to a new database are slow: not measured
        started = time.perf_counter()
        await ingest(incidents[500 : args.sample], store)
        sample_rate = (args.sample - 500) / (time.perf_counter() - started)
        full_load_s = len(incidents) / sample_rate
        print(f"ingestion rate on a sample of {args.sample:,}: {sample_rate:,.0f} incidents/s "
              f"(the full {len(incidents):,} would take {full_load_s / 60:.1f} min)", flush=True)  # fmt: skip
        target = min(len(incidents), args.sample + int(sample_rate * args.load_budget_s))
        started = time.perf_counter()
        step = 20_000
        loaded = args.sample
        while loaded < target and time.perf_counter() - started < args.load_budget_s:
            chunk = incidents[loaded : min(target, loaded + step)]
            await ingest(chunk, store)
            loaded += len(chunk)
            print(f"  loaded {loaded:,} ({loaded / (time.perf_counter() - started + 1e-9):,.0f}/s overall)", flush=True)
        print(f"raw incidents stored: {loaded:,} of {len(incidents):,}", flush=True)

        # Counters at the full density, in a second database: tallied here, written by the same repository code.
        started = time.perf_counter()
        dense = IncidentStore(dense_db)
        for (district, month), rows in crime_counters.tally(incidents).items():
            await dense.apply_counters("bench", district, month, rows)
        print(f"counters for all {len(incidents):,} written in {time.perf_counter() - started:.1f} s", flush=True)

        rng = random.Random(args.seed)
        districts = [d.code for d in territory.districts]
        months = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
        # The feed arrives in time order, so the stored raw incidents cover the first months of the year.
        last_loaded = crime_counters.month_key(crime_counters.local_day(incidents[loaded - 1]))
        stored_months = [m for m in months if m <= last_loaded] or months[:1]
        pairs = [(rng.choice(districts), rng.choice(stored_months)) for _ in range(args.queries)]
        dense_pairs = [(rng.choice(districts), rng.choice(months)) for _ in range(args.queries)]
        loaded_ms = await time_counter_queries(context(loaded_db, territory), pairs)
        dense_ms = await time_counter_queries(context(dense_db, territory), dense_pairs)
        raw_pairs = pairs[: args.baseline_queries]
        raw_ms, raw_sizes = await time_raw_queries(store, raw_pairs)
        same_pairs_ms = loaded_ms[: args.baseline_queries]
        result = {
            "incidents_generated": len(incidents), "incidents_stored_raw": loaded,
            "ingestion_rate_per_s": round(sample_rate), "full_raw_load_estimate_min": round(full_load_s / 60, 1),
            "months_with_raw_incidents": stored_months, "queries": args.queries, "goal_p95_ms": GOAL_P95_MS,
            "counters_loaded_p50_ms": round(statistics.median(loaded_ms), 1),
            "counters_loaded_p95_ms": round(percentile(loaded_ms, 0.95), 1),
            "counters_full_density_p50_ms": round(statistics.median(dense_ms), 1),
            "counters_full_density_p95_ms": round(percentile(dense_ms, 0.95), 1),
            "baseline_raw_queries": len(raw_pairs), "baseline_raw_incidents_per_query": raw_sizes,
            "baseline_raw_p50_ms": round(statistics.median(raw_ms), 1),
            "baseline_raw_p95_ms": round(percentile(raw_ms, 0.95), 1),
            "baseline_over_counters_same_queries": round(
                statistics.median(raw_ms) / statistics.median(same_pairs_ms), 1
            ),
            "python": platform.python_version(), "machine": platform.machine(),
        }  # fmt: skip
        return result
    finally:
        await client.drop_database(loaded_db.name)
        await client.drop_database(dense_db.name)
        await client.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--load-budget-s", type=float, default=2400.0)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--baseline-queries", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    outcome = asyncio.run(main(parser.parse_args()))
    for key, value in outcome.items():
        print(f"{key}: {value}")
    print(f"p95 (counters, {outcome['incidents_stored_raw']:,} stored): {outcome['counters_loaded_p95_ms']} ms; "
          f"p95 (counters at {outcome['incidents_generated']:,}): {outcome['counters_full_density_p95_ms']} ms; "
          f"baseline (raw, indexed find) is {outcome['baseline_over_counters_same_queries']}x slower")  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "geo_crime_map.json").write_text(json.dumps(outcome, indent=2) + "\n")

"""Precomputed crime-map counters: incidents tallied per (mahalla, local day, category, H3 cell).

The answer is computed from the tallies weighted by their counts (no object per incident): a district
month of a million-incident year is a few thousand tallies, answered in milliseconds.

The database has no geo index and FerretDB reads documents slowly, so the map is answered from one
counter document per (district, local month) kept up to date at ingestion, not from the raw incidents.
A tally row keeps everything the map shows — territory (the mahalla code, so any level is a prefix),
the local day (weeks and months are whole days; periods asked for are whole local days), the category
and the anonymised cell — so the answer is exactly what `crime_map.answer` gives over the raw
incidents of the same whole-day period (a unit test checks it).
"""

from __future__ import annotations

import dataclasses
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from h3.api import basic_int as h3_int

from services.geo.domain import crime_map
from services.geo.domain.crime_query import TASHKENT, CrimeMapQuery, Period, TerritoryArea, tashkent_midnight
from services.geo.domain.errors import InvalidDate
from services.geo.domain.incidents import ANONYMISED_RESOLUTION, Incident, cell_centre
from services.geo.domain.territory import CODE_LENGTHS, Level

TallyKey = tuple[str, date, str, int]  # mahalla code, local day, category, cell


@dataclasses.dataclass(frozen=True, slots=True)
class Tally:
    mahalla_code: str
    day: date  # Asia/Tashkent
    category: str
    cell: int
    count: int
    injuries: int = 0
    deaths: int = 0

    @property
    def key(self) -> TallyKey:
        return self.mahalla_code, self.day, self.category, self.cell


def local_day(incident: Incident) -> date:
    return incident.occurred_at.astimezone(TASHKENT).date()


def month_key(day: date) -> str:
    return day.strftime("%Y-%m")


def counter_id(district_code: str, month: str) -> str:
    return f"{district_code}:{month}"


def tally(incidents: Iterable[Incident]) -> dict[tuple[str, str], list[Tally]]:
    """Tallies of the incidents, grouped by (district code, local month): one group per counter document."""
    sums: dict[TallyKey, list[int]] = defaultdict(lambda: [0, 0, 0])
    for incident in incidents:
        entry = sums[(incident.mahalla_code, local_day(incident), incident.category, incident.cell)]
        entry[0] += 1
        entry[1] += incident.injuries
        entry[2] += incident.deaths
    groups: dict[tuple[str, str], list[Tally]] = defaultdict(list)
    for (mahalla, day, category, cell), (count, injuries, deaths) in sorted(sums.items()):
        district = mahalla[: CODE_LENGTHS[Level.DISTRICT]]
        groups[(district, month_key(day))].append(Tally(mahalla, day, category, cell, count, injuries, deaths))
    return dict(groups)


def merge(existing: Iterable[Tally], added: Iterable[Tally]) -> list[Tally]:
    totals: dict[TallyKey, list[int]] = {}
    for row in (*existing, *added):
        entry = totals.setdefault(row.key, [0, 0, 0])
        entry[0] += row.count
        entry[1] += row.injuries
        entry[2] += row.deaths
    return [Tally(*key, *values) for key, values in sorted(totals.items())]


# --- the packed form stored in a counter document -------------------------------------------------
# One string, rows separated by ";" and fields by "|": mahalla suffix (sector + mahalla digits), day of
# month, index into the document's own category list, cell (hex), count, injuries, deaths; compressed
# (zlib, about a quarter of the size). FerretDB reads one small binary value far faster than thousands
# of keys, and the read time of a counter document grows with its size.


def encode(district_code: str, month: str, rows: Sequence[Tally]) -> dict[str, Any]:
    categories = sorted({row.category for row in rows})
    index = {category: i for i, category in enumerate(categories)}
    cut = CODE_LENGTHS[Level.DISTRICT]
    packed = ";".join(
        f"{row.mahalla_code[cut:]}|{row.day.day}|{index[row.category]}|{row.cell:x}|{row.count}|{row.injuries}|{row.deaths}"
        for row in rows
    )
    return {"district_code": district_code, "month": month, "categories": categories,
            "rows": zlib.compress(packed.encode(), 6)}  # fmt: skip


def decode(document: dict[str, Any]) -> Iterator[Tally]:
    district, categories = document["district_code"], document["categories"]
    year, month = (int(part) for part in document["month"].split("-"))
    packed = zlib.decompress(document["rows"]).decode() if document.get("rows") else ""
    if not packed:
        return
    days: dict[str, date] = {}
    for item in packed.split(";"):
        suffix, day, category, cell, count, injuries, deaths = item.split("|")
        when = days.get(day)
        if when is None:
            when = days[day] = date(year, month, int(day))
        yield Tally(
            district + suffix, when, categories[int(category)], int(cell, 16), int(count), int(injuries), int(deaths)
        )


# --- answering -----------------------------------------------------------------------------------


def months_of(period: Period) -> list[str]:
    """The local months a period touches, in order."""
    first = period.start.astimezone(TASHKENT).date().replace(day=1)
    last = (period.end - timedelta(microseconds=1)).astimezone(TASHKENT).date()
    months: list[str] = []
    current = first
    while current <= last:
        months.append(month_key(current))
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def _selected(rows: Iterable[Tally], query: CrimeMapQuery) -> list[Tally]:
    """The tallies `crime_query.matches` would select, had they been incidents at local midnight."""
    area = query.area
    in_period: dict[date, bool] = {}
    in_area: dict[int, bool] = {}
    chosen = []
    for row in rows:
        if row.category not in query.categories:
            continue
        if row.day not in in_period:
            in_period[row.day] = query.period.holds(tashkent_midnight(row.day))
        if not in_period[row.day]:
            continue
        if isinstance(area, TerritoryArea):
            if not row.mahalla_code.startswith(area.code):
                continue
        else:
            if row.cell not in in_area:
                in_area[row.cell] = area.holds(cell_centre(row.cell))
            if not in_area[row.cell]:
                continue
        chosen.append(row)
    return chosen


def _points(rows: Sequence[Tally], k: int) -> dict[str, Any]:
    counter: Counter[tuple[int, str]] = Counter()
    for row in rows:
        counter[(row.cell, row.category)] += row.count
    features = []
    for (cell, category), count in sorted(counter.items()):
        point, small = cell_centre(cell), crime_map.is_small(count, k)
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
            "properties": {
                "category": category, "cell": h3_int.int_to_str(cell),
                "count": None if small else count, "suppressed": small,
            },
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def _by_cell(rows: Sequence[Tally], resolution: int, k: int) -> crime_map.Breakdown:
    counter: Counter[int] = Counter()
    for row in rows:
        cell = row.cell if resolution == ANONYMISED_RESOLUTION else h3_int.cell_to_parent(row.cell, resolution)
        counter[cell] += row.count
    return crime_map.breakdown({h3_int.int_to_str(cell): n for cell, n in sorted(counter.items())}, k=k)


def _series(rows: Sequence[Tally], period: Period, bucket: crime_map.Bucket, k: int) -> crime_map.Breakdown:
    counter: Counter[date] = Counter()
    starts: dict[date, date] = {}
    for row in rows:
        if row.day not in starts:
            starts[row.day] = crime_map.bucket_start(tashkent_midnight(row.day), bucket)
        counter[starts[row.day]] += row.count
    values: dict[str, int] = {}
    current = crime_map.bucket_start(period.start, bucket)
    last = crime_map.bucket_start(period.end - timedelta(microseconds=1), bucket)
    while current <= last:
        values[crime_map.bucket_key(current, bucket)] = counter.get(current, 0)
        current = (
            current + timedelta(days=7)
            if bucket is crime_map.Bucket.WEEK
            else (current + timedelta(days=32)).replace(day=1)
        )
    return crime_map.breakdown(values, k=k)


def _casualties(rows: Sequence[Tally], k: int) -> dict[str, Any]:
    totals = {"injuries": sum(row.injuries for row in rows), "deaths": sum(row.deaths for row in rows)}
    return {
        key: crime_map.Count(key, None if crime_map.is_small(n, k) else n, crime_map.is_small(n, k)).as_dict()
        for key, n in totals.items()
    }


def answer_from_tallies(
    rows: Iterable[Tally], query: CrimeMapQuery, *, level: Level = Level.MAHALLA,
    bucket: crime_map.Bucket = crime_map.Bucket.MONTH, cell_resolution: int = ANONYMISED_RESOLUTION,
    k: int = crime_map.K_ANONYMITY,
) -> dict[str, Any]:  # fmt: skip
    """The map answer from tallies, weighted by their counts: the same as `crime_map.answer` over the raw
    incidents of whole days (unit-tested), without making an object per incident."""
    crime_map.check_cell_resolution(cell_resolution)
    chosen = _selected(rows, query)
    by_unit: Counter[str] = Counter()
    for row in chosen:
        by_unit[row.mahalla_code[: CODE_LENGTHS[level]]] += row.count
    return {
        "points": _points(chosen, k),
        "by_territory": crime_map.breakdown(dict(sorted(by_unit.items())), k=k).as_dict(),
        "by_cell": _by_cell(chosen, cell_resolution, k).as_dict(),
        "series": _series(chosen, query.period, bucket, k).as_dict(),
        "casualties": _casualties(chosen, k),
    }


def _parse_bound(field: str, text: str, *, end: bool) -> date:
    """A local day from `YYYY-MM` or `YYYY-MM-DD`; an end bound names the last day included."""
    try:
        if len(text) == 7:
            first = date.fromisoformat(f"{text}-01")
            return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1) if end else first
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise InvalidDate(field=field, value=text)


def whole_days(start_text: str | None, end_text: str | None, *, today: date) -> tuple[datetime, datetime]:
    """(start, end) local midnights for `from`/`to` given as months or days, `to` inclusive.

    Without `from` the period is the last whole month before `today`; without `to` it ends with the
    month or day `from` names.
    """
    if start_text is None:
        first_of_this_month = today.replace(day=1)
        start_text = (first_of_this_month - timedelta(days=1)).strftime("%Y-%m")
    first = _parse_bound("from", start_text, end=False)
    last = _parse_bound("to", end_text if end_text is not None else start_text, end=True)
    return tashkent_midnight(first), tashkent_midnight(last + timedelta(days=1))

"""`python -m sandbox.fleet --devices N --duration S`: drive the sandbox fleet against a running devices service.

Register the same roster first with `python -m services.devices.seed --devices N` (or pass `--register`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from sandbox.fleet.roster import roster
from sandbox.fleet.simulator import Fleet, Tally, Targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox.fleet", description=__doc__)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds to run (bounded)")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between reports of one device")
    parser.add_argument("--speedup", type=float, default=20.0, help="simulated seconds per real second")
    parser.add_argument("--sos-probability", type=float, default=0.0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--service-port", type=int, default=8005)
    parser.add_argument("--gt06-port", type=int, default=5023)
    parser.add_argument("--osmand-port", type=int, default=5055)
    parser.add_argument("--register", action="store_true", help="register the roster in the database first")
    parser.add_argument("--repeat", action="store_true", help="start every walk over after each run, until stopped")
    args = parser.parse_args(argv)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the simulator only talks to this machine")
    logging.basicConfig(level=logging.WARNING)
    fleet_roster = roster(args.devices)
    if args.register:
        from services.devices.seed import seed_fleet

        asyncio.run(seed_fleet(fleet_roster))
    targets = Targets(args.host, args.service_port, args.gt06_port, args.osmand_port)

    def one_run() -> Tally:
        fleet = Fleet(fleet_roster, targets, interval_s=args.interval, speedup=args.speedup,
                      sos_probability=args.sos_probability)  # fmt: skip
        return asyncio.run(fleet.run(min(args.duration, 3600)))

    tally = one_run()
    while args.repeat:  # `make run`'s living demo: the children walk to school again
        _report(len(fleet_roster), tally)
        tally = one_run()
    _report(len(fleet_roster), tally)
    return 0 if tally.errors == 0 and tally.http_refused == 0 else 1


def _report(devices: int, tally: Tally) -> None:
    sys.stdout.write(
        f"fleet of {devices}: {tally.frames} GT06 frames, {tally.acks} ACKs, {tally.http_ok} HTTP reports "
        f"accepted, {tally.http_refused} refused, {tally.arrivals} turnstile passes, {tally.errors} device errors\n"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())

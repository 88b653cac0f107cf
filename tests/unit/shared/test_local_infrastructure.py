"""The local infrastructure launcher's own rules (it is a script, loaded here from its file)."""

from __future__ import annotations

import base64
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

LAUNCHER = Path(__file__).resolve().parents[3] / "deploy" / "local" / "infra.py"


def launcher() -> ModuleType:
    spec = importlib.util.spec_from_file_location("local_infra", LAUNCHER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_kafka_cluster_id_never_starts_with_a_dash_which_the_storage_tool_takes_for_an_option() -> None:
    leading_dash = b"\xf8" + bytes(15)  # base64url of a first byte 0xF8..0xFB starts with '-'
    plain = bytes(16)
    draws = iter([leading_dash, leading_dash, plain])
    assert base64.urlsafe_b64encode(leading_dash).decode().startswith("-")

    cluster_id = launcher().kafka_cluster_id(lambda: next(draws))

    assert cluster_id == base64.urlsafe_b64encode(plain).decode().rstrip("=")
    assert len(cluster_id) == 22


def run_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("local_run", LAUNCHER.with_name("run.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_run_starts_the_services_then_seeds_them_then_drives_the_sandbox_fleet() -> None:
    run = run_script()
    names = [name for name, _ in run.procfile_entries()]
    services = [name for name in names if run.is_service(name)]
    seeds = [name for name in names if name.startswith("seed-") and run.service_exists(name)]
    demos = [name for name in names if name.startswith("demo-") and run.service_exists(name)]

    assert {"gateway", "appeals", "geo", "devices"} <= set(services)
    assert not any(name.startswith(("seed-", "demo-")) for name in services)
    assert {"seed-geo", "seed-gateway", "seed-appeals", "seed-devices"} <= set(seeds)
    assert demos == ["demo-fleet"]
    assert "--repeat" in dict(run.procfile_entries())["demo-fleet"]
    assert not run.service_exists("demo-nothing-of-that-name")


def test_a_process_this_one_started_counts_as_exited_once_it_ends_though_nobody_reaped_it() -> None:
    infra = launcher()
    child = subprocess.Popen([sys.executable, "-c", "pass"])  # left unreaped, as `make run` leaves Kafka

    deadline = time.monotonic() + 10
    while not infra.has_exited(child.pid) and time.monotonic() < deadline:
        time.sleep(0.05)

    assert infra.has_exited(child.pid)
    assert not infra.has_exited(os.getpid())


def test_stopping_the_services_waits_for_the_service_under_its_shell_not_only_for_the_shell(tmp_path: Path) -> None:
    ready, closed = tmp_path / "ready", tmp_path / "closed"
    service = (
        "import pathlib, signal, sys, time\n"
        "def close(*_):\n"
        f"    time.sleep(0.5); pathlib.Path({str(closed)!r}).write_text('closed'); sys.exit(0)\n"
        "signal.signal(signal.SIGTERM, close)\n"
        f"pathlib.Path({str(ready)!r}).write_text('ready')\n"
        "time.sleep(60)\n"
    )
    script = tmp_path / "service.py"
    script.write_text(service)
    # `; true` keeps the shell from handing its process over to the service, as with the Procfile's lines
    process = subprocess.Popen(f"{sys.executable} {script}; true", shell=True, start_new_session=True)
    deadline = time.monotonic() + 10
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)

    run_script().stop_services({"slow": (process, 0)}, timeout=10)

    assert closed.read_text() == "closed"

"""`make run`: the infrastructure, every service that exists, pilot data, and a banner; Ctrl-C stops it all.

Services are listed in deploy/local/Procfile (`name: command`); a line whose service has no `main.py`
yet is skipped. Seed lines (`seed-<name>: command`) run once every service answers `/readyz`; demo lines
(`demo-<name>: command`, a simulator under `sandbox/<name>`) then run in the background until the end.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROCFILE = ROOT / "deploy" / "local" / "Procfile"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import infra  # noqa: E402


def log(message: str) -> None:
    sys.stderr.write(f"[run] {message}\n")
    sys.stderr.flush()


def procfile_entries() -> list[tuple[str, str]]:
    entries = []
    for line in PROCFILE.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, command = line.partition(":")
        entries.append((name.strip(), command.strip()))
    return entries


def service_exists(name: str) -> bool:
    if name.startswith("seed-"):
        return (ROOT / "services" / name.removeprefix("seed-") / "seed.py").exists()
    if name.startswith("demo-"):
        return (ROOT / "sandbox" / name.removeprefix("demo-") / "__main__.py").exists()
    return (ROOT / "services" / name / "main.py").exists()


def is_service(name: str) -> bool:
    return not name.startswith(("seed-", "demo-")) and service_exists(name)


def spawn(name: str, command: str, layout: infra.Layout, env: dict[str, str]) -> subprocess.Popen[bytes]:
    output = open(layout.logs / f"{name}.log", "ab")  # noqa: SIM115 - handed to the child
    return subprocess.Popen(
        command, shell=True, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
    )


def port_of(command: str) -> int | None:
    match = re.search(r"--port[ =](\d+)", command)
    return int(match.group(1)) if match else None


def wait_ready(name: str, port: int, process: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise infra.InfraError(f"{name} exited during start-up; see .local/run/logs/{name}.log")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise infra.InfraError(f"{name} was not ready on port {port} within {timeout:.0f} s")


def start_services(
    layout: infra.Layout, env: dict[str, str], started: dict[str, tuple[subprocess.Popen[bytes], int]]
) -> None:
    """Start every service into `started` (filled as they start, so a failure midway still stops them)."""
    for name, command in procfile_entries():
        if not is_service(name):
            continue
        port = port_of(command)
        if port is not None and infra.port_is_open(port):
            raise infra.InfraError(f"port {port} for {name} is taken; is another `make run` running?")
        process = spawn(name, command, layout, env)
        started[name] = (process, port or 0)
        log(f"{name}: starting (pid {process.pid}, port {port})")
    for name, (process, port) in started.items():
        if port:
            wait_ready(name, port, process)
            log(f"{name}: ready on http://127.0.0.1:{port}")


def run_seeds(env: dict[str, str]) -> None:
    for name, command in procfile_entries():
        if name.startswith("seed-") and service_exists(name):
            for attempt in range(1, 4):  # seeds are idempotent: one cut short by a timeout simply runs again
                log(f"{name}: loading" + (f" (attempt {attempt})" if attempt > 1 else ""))
                result = subprocess.run(command, shell=True, cwd=ROOT, env=env, check=False)
                if result.returncode == 0:
                    break
            else:
                raise infra.InfraError(f"{name} failed with exit code {result.returncode}")


def start_demos(layout: infra.Layout, env: dict[str, str]) -> dict[str, subprocess.Popen[bytes]]:
    demos = {}
    for name, command in procfile_entries():
        if name.startswith("demo-") and service_exists(name):
            demos[name] = spawn(name, command, layout, env)
            log(f"{name}: running (pid {demos[name].pid})")
    return demos


def stop_services(started: dict[str, tuple[subprocess.Popen[bytes], int]], timeout: float = 15) -> None:
    for process, _ in started.values():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    for name, (process, _) in started.items():
        if not group_ended(process, timeout):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        log(f"{name}: stopped")


def group_ended(process: subprocess.Popen[bytes], timeout: float) -> bool:
    """Whether every process of the command's group exited within `timeout`. The shell that runs the
    command dies at once on SIGTERM; the service under it is still closing its consumers and relays, and
    the infrastructure must wait for it (stopped first, Kafka had cut the services' shutdown short)."""
    deadline = time.monotonic() + timeout
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout)  # the shell, our child: reaped here
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def banner(started: dict[str, tuple[subprocess.Popen[bytes], int]], demos: list[str], layout: infra.Layout) -> str:
    lines = [
        "",
        "=" * 78,
        " Smart Mahalla is running (sandbox profile)",
        "=" * 78,
    ]
    for name, (_, port) in started.items():
        lines.append(f"  {name:<11} http://127.0.0.1:{port}   docs: http://127.0.0.1:{port}/docs")
    lines += [
        "",
        f"  Kafka      127.0.0.1:{layout.kafka_port}    FerretDB mongodb://127.0.0.1:{layout.mongo_port}"
        f"    Redis 127.0.0.1:{layout.redis_port}",
        "  Public API (through the gateway): http://127.0.0.1:8000/docs",
        "  Sandbox SMS outbox (one-time codes): GET http://127.0.0.1:8000/v1/sandbox/sms?phone=%2B998901234567",
        "  Sandbox staff accounts and demo citizens: see docs/sandbox.md",
        *(
            f"  {name:<11} in the background (see docs/sandbox.md); log .local/{layout.profile}/logs/{name}.log"
            for name in demos
        ),
        f"  Logs: .local/{layout.profile}/logs/",
        "",
        "  Press Ctrl-C to stop everything this command started.",
        "=" * 78,
    ]
    return "\n".join(lines)


def main() -> int:
    layout = infra.Layout.for_profile("run")
    infra_was_running = infra.running_pid(layout, "kafka") is not None
    started: dict[str, tuple[subprocess.Popen[bytes], int]] = {}

    def on_signal(signum: int, frame: object) -> None:
        # The first Ctrl-C (or TERM) starts an orderly stop; repeats must not cut it short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        infra.up(layout)
        env = {**os.environ, **layout.env(), "SM_PROFILE": "sandbox"}
        start_services(layout, env, started)
        run_seeds(env)
        demos = start_demos(layout, env)
        print(banner(started, list(demos), layout), flush=True)
        started.update((name, (process, 0)) for name, process in demos.items())  # watched and stopped alike
        while True:
            for name, (process, _) in started.items():
                if process.poll() is not None:
                    raise infra.InfraError(f"{name} stopped unexpectedly; see .local/run/logs/{name}.log")
            time.sleep(1)
    except KeyboardInterrupt:
        log("stopping")
        return 0
    except infra.InfraError as error:
        log(f"error: {error}")
        return 1
    finally:
        stop_services(started)
        if not infra_was_running:
            infra.down(layout)


if __name__ == "__main__":
    sys.exit(main())

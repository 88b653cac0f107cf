"""Local infrastructure as plain processes on 127.0.0.1: Kafka (KRaft), FerretDB (SQLite) and Redis.

    python deploy/local/infra.py up|down|status|build [--profile run|test]

The `run` profile serves `make run`; the `test` profile uses other ports and another state directory so
that `make test` never touches a running demo. Every command is idempotent. Builds (Kafka's classpath from
Maven Central, the FerretDB launcher from the Go module proxy) are cached under `.local/build` keyed by
the hash of their inputs, so a second start takes seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import dataclasses
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCAL = ROOT / ".local"
BUILD = LOCAL / "build"
KAFKA_SRC = ROOT / "deploy" / "local" / "kafka"
FERRET_SRC = ROOT / "deploy" / "local" / "ferretdb"

PROFILE_DEFAULTS = {
    "run": {"kafka": 9092, "controller": 9093, "mongo": 27017, "redis": 6379},
    "test": {"kafka": 19092, "controller": 19093, "mongo": 27018, "redis": 16379},
}


class InfraError(RuntimeError):
    """A step failed in a way the developer must act on; the message says how."""


@dataclasses.dataclass(frozen=True)
class Layout:
    profile: str
    state: Path
    kafka_port: int
    controller_port: int
    mongo_port: int
    redis_port: int

    @classmethod
    def for_profile(cls, profile: str) -> Layout:
        defaults = PROFILE_DEFAULTS[profile]
        prefix = f"SM_{profile.upper()}_"

        def port(name: str) -> int:
            return int(os.environ.get(f"{prefix}{name.upper()}_PORT", defaults[name]))

        state = Path(os.environ.get(f"{prefix}STATE_DIR", LOCAL / profile))
        return cls(profile, state, port("kafka"), port("controller"), port("mongo"), port("redis"))

    @property
    def logs(self) -> Path:
        return self.state / "logs"

    def pid_file(self, name: str) -> Path:
        return self.state / f"{name}.pid"

    def env(self) -> dict[str, str]:
        """The addresses services and tests read (see shared/settings.py)."""
        return {
            "SM_KAFKA_BOOTSTRAP": f"127.0.0.1:{self.kafka_port}",
            "SM_MONGO_URL": f"mongodb://127.0.0.1:{self.mongo_port}/",
            "SM_REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
        }


def log(message: str) -> None:
    sys.stderr.write(f"[infra] {message}\n")
    sys.stderr.flush()


# ----------------------------------------------------------------------------- processes


def running_pid(layout: Layout, name: str) -> int | None:
    pid_file = layout.pid_file(name)
    if not pid_file.exists():
        return None
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError, PermissionError):
        pid_file.unlink(missing_ok=True)
        return None
    return pid


def port_is_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.3)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def ensure_port_free(port: int, what: str, profile: str) -> None:
    if port_is_open(port):
        raise InfraError(
            f"port {port} for {what} is already taken by another process; stop it or choose another port "
            f"with SM_{profile.upper()}_{what.upper()}_PORT"
        )


def spawn(layout: Layout, name: str, argv: list[str], env: dict[str, str] | None = None) -> int:
    layout.logs.mkdir(parents=True, exist_ok=True)
    out = open(layout.logs / f"{name}.out", "ab")  # noqa: SIM115 - handed to the child process
    process = subprocess.Popen(
        argv,
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, **(env or {})},
        cwd=layout.state,
    )
    layout.pid_file(name).write_text(str(process.pid))
    return process.pid


def stop(layout: Layout, name: str) -> None:
    pid = running_pid(layout, name)
    if pid is None:
        log(f"{name}: not running")
        return
    os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if has_exited(pid):
            break
        time.sleep(0.2)
    else:
        log(f"{name}: did not stop in 20 s, killing")
        os.killpg(pid, signal.SIGKILL)
    layout.pid_file(name).unlink(missing_ok=True)
    log(f"{name}: stopped")


def has_exited(pid: int) -> bool:
    """Whether the process is gone. One this process started (`make run` brings the infrastructure up
    itself) stays a zombie until reaped, which `kill(pid, 0)` cannot tell from a live one: every stop
    then waited its full 20 s."""
    with contextlib.suppress(ChildProcessError):  # not our child: `infra.py up` started it earlier
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def wait_until(ready: object, what: str, layout: Layout, name: str, timeout: float) -> float:
    started = time.monotonic()
    deadline = started + timeout
    while time.monotonic() < deadline:
        if running_pid(layout, name) is None:
            tail = (layout.logs / f"{name}.out").read_text(errors="replace")[-2000:]
            raise InfraError(f"{what} exited during start-up; last output:\n{tail}")
        if ready():  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.25)
    raise InfraError(f"{what} was not ready within {timeout:.0f} s; see {layout.logs / (name + '.out')}")


# ----------------------------------------------------------------------------- builds


def digest(*paths: Path) -> str:
    hasher = hashlib.sha256()
    for path in paths:
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:16]


def run_build_step(argv: list[str], cwd: Path, what: str, env: dict[str, str] | None = None) -> None:
    log(f"building {what}: {' '.join(argv)}")
    result = subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False
    )
    if result.returncode != 0:
        raise InfraError(
            f"building {what} failed ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )


def require_tool(tool: str, hint: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise InfraError(f"'{tool}' is not installed; {hint}")
    return found


def kafka_libs() -> Path:
    target = BUILD / f"kafka-{digest(KAFKA_SRC / 'pom.xml')}"
    if (target / ".complete").exists():
        return target / "libs"
    require_tool("java", "install a JDK 17+ (Debian: openjdk-17-jre-headless)")
    mvn = require_tool("mvn", "install Maven (Debian: maven)")
    shutil.rmtree(target, ignore_errors=True)
    run_build_step(
        [
            mvn,
            "-q",
            "-B",
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={target / 'libs'}",
        ],
        KAFKA_SRC,
        "the Kafka classpath from Maven Central",
    )
    (target / ".complete").write_text("ok")
    return target / "libs"


def ferretdb_binary() -> Path:
    target = BUILD / f"ferretdb-{digest(FERRET_SRC / 'go.mod', FERRET_SRC / 'go.sum', FERRET_SRC / 'main.go')}"
    binary = target / "ferretdb-launcher"
    if binary.exists():
        return binary
    go = require_tool("go", "install Go 1.22+")
    target.mkdir(parents=True, exist_ok=True)
    run_build_step([go, "build", "-o", str(binary), "."], FERRET_SRC, "the FerretDB launcher", {"CGO_ENABLED": "0"})
    return binary


def redis_binary() -> Path:
    found = shutil.which("redis-server")
    if found:
        return Path(found)
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise InfraError("redis-server is missing; install it (Debian: apt-get install redis-server)")
    log("installing redis-server from Debian packages")
    run_build_step(["apt-get", "update", "-q"], ROOT, "the Debian package index")
    run_build_step(
        ["apt-get", "install", "-y", "-q", "redis-server"],
        ROOT,
        "redis-server",
        {"DEBIAN_FRONTEND": "noninteractive"},
    )
    return Path(require_tool("redis-server", "apt-get install redis-server did not provide it"))


def build_all() -> None:
    kafka_libs()
    ferretdb_binary()
    redis_binary()


# ----------------------------------------------------------------------------- servers


def kafka_cluster_id(draw: Callable[[], bytes] = lambda: uuid.uuid4().bytes) -> str:
    """A random cluster id as Kafka's own tool makes one: base64url of 16 bytes, never starting with '-',
    which the storage tool's argument parser would take for an option (a CI run failed on one)."""
    while True:
        cluster_id = base64.urlsafe_b64encode(draw()).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def kafka_properties(layout: Layout) -> Path:
    data = layout.state / "kafka-data"
    props = layout.state / "kafka.properties"
    props.write_text(
        "\n".join(
            [
                "process.roles=broker,controller",
                "node.id=1",
                f"listeners=PLAINTEXT://127.0.0.1:{layout.kafka_port},CONTROLLER://127.0.0.1:{layout.controller_port}",
                f"advertised.listeners=PLAINTEXT://127.0.0.1:{layout.kafka_port}",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                f"controller.quorum.bootstrap.servers=127.0.0.1:{layout.controller_port}",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                f"log.dirs={data}",
                "num.partitions=3",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "",
            ]
        )
    )
    return props


def kafka_java(libs: Path, layout: Layout, main_class: str, *args: str) -> list[str]:
    return [
        "java", "-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1",
        f"-Dlog4j2.configurationFile={KAFKA_SRC / 'log4j2.properties'}",
        f"-Dkafka.logs.dir={layout.logs}",
        "-cp", f"{libs}/*", main_class, *args,
    ]  # fmt: skip


def kafka_is_ready(layout: Layout) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    async def probe() -> bool:
        admin = AIOKafkaAdminClient(bootstrap_servers=f"127.0.0.1:{layout.kafka_port}", request_timeout_ms=3000)
        try:
            await admin.start()
            await admin.list_topics()
            return True
        except Exception:
            return False
        finally:
            await admin.close()

    return port_is_open(layout.kafka_port) and asyncio.run(probe())


def start_kafka(layout: Layout) -> None:
    if running_pid(layout, "kafka") and kafka_is_ready(layout):
        log(f"kafka: already running on {layout.kafka_port}")
        return
    ensure_port_free(layout.kafka_port, "kafka", layout.profile)
    ensure_port_free(layout.controller_port, "controller", layout.profile)
    libs = kafka_libs()
    props = kafka_properties(layout)
    if not (layout.state / "kafka-data" / "meta.properties").exists():
        cluster_id = kafka_cluster_id()
        layout.logs.mkdir(parents=True, exist_ok=True)
        argv = kafka_java(
            libs,
            layout,
            "kafka.tools.StorageTool",
            "format",
            "--standalone",
            "-t",
            cluster_id,
            "-c",
            str(props),
        )
        run_build_step(argv, layout.state, "the Kafka storage (format)")
    spawn(layout, "kafka", kafka_java(libs, layout, "kafka.Kafka", str(props)))
    took = wait_until(lambda: kafka_is_ready(layout), "Kafka", layout, "kafka", timeout=120)
    log(f"kafka: ready on 127.0.0.1:{layout.kafka_port} in {took:.1f} s")


def mongo_is_ready(layout: Layout) -> bool:
    from pymongo import MongoClient

    if not port_is_open(layout.mongo_port):
        return False
    client: MongoClient[dict[str, object]] = MongoClient(
        f"mongodb://127.0.0.1:{layout.mongo_port}/", serverSelectionTimeoutMS=1000
    )
    try:
        client.admin.command("ping")
        return True
    except Exception:
        return False
    finally:
        client.close()


def start_ferretdb(layout: Layout) -> None:
    if running_pid(layout, "ferretdb") and mongo_is_ready(layout):
        log(f"ferretdb: already running on {layout.mongo_port}")
        return
    ensure_port_free(layout.mongo_port, "mongo", layout.profile)
    binary = ferretdb_binary()
    data = layout.state / "ferretdb-data"
    data.mkdir(parents=True, exist_ok=True)
    spawn(layout, "ferretdb", [str(binary), "-listen", f"127.0.0.1:{layout.mongo_port}", "-data-dir", str(data)])
    took = wait_until(lambda: mongo_is_ready(layout), "FerretDB", layout, "ferretdb", timeout=60)
    log(f"ferretdb: ready on 127.0.0.1:{layout.mongo_port} in {took:.1f} s")


def redis_is_ready(layout: Layout) -> bool:
    import redis

    if not port_is_open(layout.redis_port):
        return False
    try:
        return bool(redis.Redis(port=layout.redis_port, socket_timeout=1).ping())
    except Exception:
        return False


def start_redis(layout: Layout) -> None:
    if running_pid(layout, "redis") and redis_is_ready(layout):
        log(f"redis: already running on {layout.redis_port}")
        return
    ensure_port_free(layout.redis_port, "redis", layout.profile)
    binary = redis_binary()
    argv = [str(binary), "--bind", "127.0.0.1", "--port", str(layout.redis_port), "--save", "",
            "--appendonly", "no", "--dir", str(layout.state), "--daemonize", "no"]  # fmt: skip
    spawn(layout, "redis", argv)
    took = wait_until(lambda: redis_is_ready(layout), "Redis", layout, "redis", timeout=20)
    log(f"redis: ready on 127.0.0.1:{layout.redis_port} in {took:.1f} s")


def create_topics(layout: Layout) -> None:
    sys.path.insert(0, str(ROOT))
    from shared.events.registry import ensure_topics

    created = asyncio.run(ensure_topics(f"127.0.0.1:{layout.kafka_port}"))
    log(f"topics: {len(created)} created" + (f" ({', '.join(created)})" if created else ", all present"))


def up(layout: Layout) -> None:
    layout.state.mkdir(parents=True, exist_ok=True)
    start_redis(layout)
    start_ferretdb(layout)
    start_kafka(layout)
    create_topics(layout)
    write_env_file(layout)


def write_env_file(layout: Layout) -> None:
    lines = [f"{key}={value}" for key, value in layout.env().items()]
    (layout.state / "infra.env").write_text("\n".join(lines) + "\n")


def down(layout: Layout) -> None:
    for name in ("kafka", "ferretdb", "redis"):
        stop(layout, name)


def status(layout: Layout) -> int:
    checks = {
        "kafka": (layout.kafka_port, lambda: kafka_is_ready(layout)),
        "ferretdb": (layout.mongo_port, lambda: mongo_is_ready(layout)),
        "redis": (layout.redis_port, lambda: redis_is_ready(layout)),
    }
    healthy = True
    for name, (port, ready) in checks.items():
        pid = running_pid(layout, name)
        state = "ready" if pid and ready() else ("starting or failing" if pid else "stopped")
        healthy &= state == "ready"
        print(f"{name:9} {state:20} port {port:<6} pid {pid or '-'}")
    return 0 if healthy else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["up", "down", "status", "build", "env"])
    parser.add_argument("--profile", choices=sorted(PROFILE_DEFAULTS), default="run")
    args = parser.parse_args()
    layout = Layout.for_profile(args.profile)
    try:
        if args.command == "up":
            up(layout)
        elif args.command == "down":
            down(layout)
        elif args.command == "build":
            build_all()
        elif args.command == "env":
            for key, value in layout.env().items():
                print(f"export {key}={value}")
        else:
            return status(layout)
    except InfraError as error:
        log(f"error: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

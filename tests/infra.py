"""Where the real servers are for integration and end-to-end tests.

`make test` starts Kafka, FerretDB and Redis and exports their addresses (SM_KAFKA_BOOTSTRAP, SM_MONGO_URL,
SM_REDIS_URL). With no addresses given and a Docker engine answering, the servers are started with
testcontainers instead (the usual way on a laptop). Otherwise the tests stop with a clear message.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager


@dataclasses.dataclass(frozen=True)
class Servers:
    kafka_bootstrap: str
    mongo_url: str
    redis_url: str


def servers_from_environment() -> Servers | None:
    values = [os.environ.get(name) for name in ("SM_KAFKA_BOOTSTRAP", "SM_MONGO_URL", "SM_REDIS_URL")]
    if not all(values):
        return None
    kafka, mongo, redis = values
    assert kafka
    assert mongo
    assert redis
    return Servers(kafka, mongo, redis)


def docker_answers() -> bool:
    docker = shutil.which("docker")
    if docker is None:
        return False
    result = subprocess.run([docker, "info"], capture_output=True, timeout=10, check=False)
    return result.returncode == 0


@contextmanager
def servers_from_testcontainers() -> Iterator[Servers]:
    from testcontainers.kafka import KafkaContainer
    from testcontainers.mongodb import MongoDbContainer
    from testcontainers.redis import RedisContainer

    with ExitStack() as stack:
        kafka = stack.enter_context(KafkaContainer("confluentinc/cp-kafka:7.6.0").with_kraft())
        mongo = stack.enter_context(MongoDbContainer("mongo:7"))
        redis = stack.enter_context(RedisContainer("redis:7"))
        redis_url = f"redis://{redis.get_container_host_ip()}:{redis.get_exposed_port(6379)}/0"
        yield Servers(kafka.get_bootstrap_server(), mongo.get_connection_url(), redis_url)


NO_SERVERS_MESSAGE = (
    "integration tests need Kafka, a MongoDB-protocol database and Redis: run them with `make test` "
    "(which starts the servers and sets SM_KAFKA_BOOTSTRAP, SM_MONGO_URL, SM_REDIS_URL), "
    "or set those variables, or run a Docker engine so testcontainers can start them"
)

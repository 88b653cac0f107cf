"""Dropping a test's database when it is done: bounded in time, and never the reason a test fails.

FerretDB v1 can stall a `dropDatabase` (it waits for the database's connections to be returned); cleanup
then gives up after a minute with a warning instead of holding the run until the test timeout.
"""

from __future__ import annotations

import warnings
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

DROP_TIMEOUT_MS = 60_000


async def drop_test_database(mongo_url: str, name: str) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        mongo_url, socketTimeoutMS=DROP_TIMEOUT_MS, serverSelectionTimeoutMS=10_000
    )
    try:
        await client.drop_database(name)
    except PyMongoError as error:
        warnings.warn(f"test database {name} was not dropped: {error!r}", stacklevel=2)
    finally:
        await client.close()

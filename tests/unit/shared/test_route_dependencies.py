"""No route of any service resolves a dependency in FastAPI's thread pool: a plain function dependency is
run there, a thread hop on every request for what is a lookup on the app's state."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterable, Iterator

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, APIWebSocketRoute
from starlette.routing import BaseRoute

from shared.asyncapi import existing_services


def _routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute | APIWebSocketRoute]:
    """Every route, including those of included routers (FastAPI keeps each behind its `original_router`)."""
    for route in routes:
        if isinstance(route, APIRoute | APIWebSocketRoute):
            yield route
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _routes(included.routes)


def _calls(dependant: Dependant) -> Iterator[object]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def _runs_in_thread_pool(call: object) -> bool:
    target = call if inspect.isroutine(call) else getattr(call, "__call__", call)  # noqa: B004
    return not (inspect.iscoroutinefunction(target) or inspect.isasyncgenfunction(target))


@pytest.mark.parametrize("service", existing_services())
def test_every_route_dependency_of_the_service_is_a_coroutine(service: str) -> None:
    app = importlib.import_module(f"services.{service}.main").create_app()
    routes = list(_routes(app.routes))
    assert routes, f"{service} has no routes"

    in_thread_pool = {
        f"{route.path}: {getattr(call, '__qualname__', call)}"
        for route in routes
        for call in _calls(route.dependant)
        if _runs_in_thread_pool(call)
    }

    assert not in_thread_pool, sorted(in_thread_pool)


def test_a_plain_function_dependency_is_recognised_as_running_in_the_thread_pool() -> None:
    def lookup() -> int:
        return 1

    async def coroutine() -> int:
        return 1

    assert _runs_in_thread_pool(lookup)
    assert not _runs_in_thread_pool(coroutine)

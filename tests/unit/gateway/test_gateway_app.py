"""How the gateway app is built: the serving app consumes notifications, a one-off job's app does not."""

from __future__ import annotations

from services.gateway.main import create_app
from services.gateway.settings import GatewaySettings


def test_the_serving_gateway_consumes_notifications_and_the_seeds_app_does_not() -> None:
    serving = create_app(GatewaySettings())
    for_the_seed = create_app(GatewaySettings(), consume=False)

    assert len(serving.state.runtime.broker.subscribers) == 1
    assert for_the_seed.state.runtime.broker.subscribers == []

"""How the gateway app is built: the serving app consumes notifications, a one-off job's app does not."""

from __future__ import annotations

from services.gateway import consumers
from services.gateway.main import gateway_spec
from services.gateway.settings import GatewaySettings


def test_the_serving_gateway_consumes_notifications_and_the_seeds_app_does_not() -> None:
    serving = gateway_spec(GatewaySettings())
    for_the_seed = gateway_spec(GatewaySettings(), consume=False)

    assert consumers.start in serving.on_start
    assert consumers.start not in for_the_seed.on_start
    assert serving.register_subscribers is None  # the gateway reads notifications.v1 with its own loop

"""Every service's AsyncAPI document is generated from its subscribers, names only registered topics, and
matches the copy checked in under docs/asyncapi (regenerate with `python -m shared.asyncapi`)."""

from __future__ import annotations

import json

import pytest

from shared.asyncapi import ROOT, document_for, existing_services
from shared.events.registry import all_topic_specs

TOPICS = {spec.name for spec in all_topic_specs()}


@pytest.mark.parametrize("service", existing_services())
def test_the_asyncapi_document_names_only_registered_topics_and_is_up_to_date(service: str) -> None:
    document = document_for(service)

    addresses = {channel["address"] for channel in document["channels"].values()}
    assert addresses, f"{service} documents no channel"
    assert addresses <= TOPICS
    checked_in = ROOT / "docs" / "asyncapi" / f"{service}.json"
    assert checked_in.exists(), f"run `python -m shared.asyncapi` to write {checked_in.name}"
    assert json.loads(checked_in.read_text()) == json.loads(json.dumps(document)), "docs/asyncapi is stale"

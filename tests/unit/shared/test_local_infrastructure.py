"""The local infrastructure launcher's own rules (it is a script, loaded here from its file)."""

from __future__ import annotations

import base64
import importlib.util
import sys
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

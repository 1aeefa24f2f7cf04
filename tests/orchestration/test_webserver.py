"""The Dagster webserver serves this code location: its GraphQL API lists every asset."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from schemas.registry import FAMILIES

PROJECT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def webserver(tmp_path):
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path), "OSH_WAREHOUSE_PATH": str(tmp_path / "wh.duckdb")}
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster-webserver"), "-m", "orchestration.definitions",
         "-h", "127.0.0.1", "-p", str(port)],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2):
                    break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"webserver exited: {process.stderr.read().decode()[-2000:]}")
                time.sleep(0.5)
        else:
            pytest.fail("webserver did not start within 90 s")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_graphql_lists_every_ingestion_dbt_and_indicator_asset(webserver):
    answer = graphql(webserver, "{ assetNodes { assetKey { path } groupName } }")
    keys = {"/".join(node["assetKey"]["path"]) for node in answer["data"]["assetNodes"]}
    assert {f"raw/{family}" for family in FAMILIES} <= keys
    assert {"staging/stg_enterprise_reports__accident_victims", "marts/fct_accident_victims",
            "indicators/ind_t1_fatal_rate_yearly"} <= keys

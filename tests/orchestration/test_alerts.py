"""A failed run sends an e-mail to the SMTP server configured by environment (a real one, on loopback)."""

from __future__ import annotations

import shutil
import socket
from email import message_from_bytes, policy

import dagster as dg
import pytest
from aiosmtpd.controller import Controller

from orchestration.alert_sensors import alert_on_overdue_nightly_run, alert_on_run_failure
from orchestration.definitions import build_definitions
from orchestration.runs import run_nightly
from orchestration.settings import load_settings
from tests.conftest import FIXTURE_LANDING_ZONE


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp_server(monkeypatch):
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("OSH_ALERT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("OSH_ALERT_SMTP_PORT", str(port))
    monkeypatch.setenv("OSH_ALERT_TO", "van-hanh@soNoiVu.example, truc-dem@soNoiVu.example")
    monkeypatch.setenv("OSH_ALERT_FROM", "osh@soNoiVu.example")
    yield inbox
    controller.stop()


def test_a_failed_run_reaches_the_smtp_server_naming_the_step_and_the_cause(smtp_server, tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_LANDING_ZONE / "accident_cases" / "2023S1", raw / "accident_cases" / "2023S1")
    monkeypatch.setenv("OSH_RAW_DIR", str(raw))
    monkeypatch.setenv("OSH_WAREHOUSE_PATH", str(tmp_path / "wh.duckdb"))
    monkeypatch.setenv("OSH_PUBLISH_DIR", str(tmp_path / "pub"))
    monkeypatch.delenv("OSH_ID_HASH_KEY", raising=False)  # a real landing zone without the key: the run fails
    with dg.instance_for_test() as instance:
        result = run_nightly(build_definitions(), instance, load_settings())
        assert not result.success
        run = instance.get_run_by_id(result.run_id)
        failure = next(e for e in result.all_events if e.event_type_value == "PIPELINE_FAILURE")
        context = dg.build_run_status_sensor_context(
            sensor_name="alert_on_run_failure", dagster_event=failure, dagster_instance=instance, dagster_run=run,
        ).for_run_failure()
        alert_on_run_failure(context)
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["van-hanh@soNoiVu.example", "truc-dem@soNoiVu.example"]
    assert "Run failed: nightly_materialisation" in message["Subject"]
    body = message.get_content()
    assert "raw__accident_cases" in body and "OSH_ID_HASH_KEY" in body


def test_an_overdue_nightly_run_alerts_once(smtp_server):
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance)
        alert_on_overdue_nightly_run(context)
        alert_on_overdue_nightly_run(dg.build_sensor_context(instance=instance, cursor=context.cursor))
    [(_, message)] = smtp_server.messages
    assert message["Subject"] == "[OSH warehouse] Nightly run overdue"
    assert "last success: never" in message.get_content()

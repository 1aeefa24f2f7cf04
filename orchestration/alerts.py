"""Alerts for the people who run the warehouse: e-mail (SMTP) and/or a webhook, configured by environment.

    OSH_ALERT_SMTP_HOST, OSH_ALERT_SMTP_PORT (25), OSH_ALERT_SMTP_STARTTLS (false),
    OSH_ALERT_SMTP_USER, OSH_ALERT_SMTP_PASSWORD, OSH_ALERT_FROM, OSH_ALERT_TO (comma-separated)
    OSH_ALERT_WEBHOOK_URL  (receives a JSON {"subject": ..., "body": ...} POST)

With neither configured, alerts go to the log only.
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage

log = logging.getLogger("osh.alerts")


@dataclass(frozen=True)
class AlertSettings:
    smtp_host: str | None
    smtp_port: int
    smtp_starttls: bool
    smtp_user: str | None
    smtp_password: str | None
    sender: str
    recipients: tuple[str, ...]
    webhook_url: str | None

    @classmethod
    def from_environment(cls) -> AlertSettings:
        env = os.environ
        return cls(
            smtp_host=env.get("OSH_ALERT_SMTP_HOST") or None,
            smtp_port=int(env.get("OSH_ALERT_SMTP_PORT", "25")),
            smtp_starttls=env.get("OSH_ALERT_SMTP_STARTTLS", "false").lower() == "true",
            smtp_user=env.get("OSH_ALERT_SMTP_USER") or None,
            smtp_password=env.get("OSH_ALERT_SMTP_PASSWORD") or None,
            sender=env.get("OSH_ALERT_FROM", "osh-warehouse@localhost"),
            recipients=tuple(r.strip() for r in env.get("OSH_ALERT_TO", "").split(",") if r.strip()),
            webhook_url=env.get("OSH_ALERT_WEBHOOK_URL") or None,
        )


def send_alert(subject: str, body: str, settings: AlertSettings | None = None) -> list[str]:
    """Send by every configured channel; return the channels that succeeded. Never raises."""
    settings = settings or AlertSettings.from_environment()
    sent = []
    if settings.smtp_host and settings.recipients:
        try:
            _send_mail(settings, subject, body)
            sent.append("smtp")
        except (OSError, smtplib.SMTPException) as problem:
            log.error("alert e-mail failed: %s", problem)
    if settings.webhook_url:
        try:
            _post_webhook(settings.webhook_url, subject, body)
            sent.append("webhook")
        except OSError as problem:
            log.error("alert webhook failed: %s", problem)
    if not sent:
        log.warning("ALERT %s\n%s", subject, body)
    return sent


def _send_mail(settings: AlertSettings, subject: str, body: str) -> None:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)


def _post_webhook(url: str, subject: str, body: str) -> None:
    request = urllib.request.Request(
        url, data=json.dumps({"subject": subject, "body": body}).encode("utf-8"),
        headers={"Content-Type": "application/json"}, method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()

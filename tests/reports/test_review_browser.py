"""The review pages in a real browser: headless Chromium renders them with no console error.

The page forbids every external resource (Content-Security-Policy ``default-src 'none'``), so a chart
or a style that reached for the network would show up here as a CSP violation on the console. A
control page first proves that console messages are indeed caught, so the test cannot pass vacuously.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian package `chromium`: apt-get install -y chromium); "
           ".ci/run installs it before the tests",
)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=180, check=False,
    )


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def test_console_messages_are_caught(tmp_path):
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><html><body><p>control</p><script>console.error("control-error")</script>'
                       "</body></html>", encoding="utf-8")
    result = chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", control.as_uri())
    assert any("control-error" in line for line in console_lines(result.stderr)), result.stderr[-2000:]


@pytest.mark.parametrize("page", ["2025_vi", "2025_en", "2025S1_vi"])
def test_the_review_renders_without_console_errors(review_pages, tmp_path, page):
    result = chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", review_pages[page].as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_lines(result.stderr) == []
    dom = result.stdout
    assert 'id="report-title"' in dom
    assert dom.count("<svg") >= 10
    for figure in ('id="t1-value"', 'id="summary-t2-yoy"', 'id="quality-files"'):
        assert figure in dom


def test_screenshot(review_pages, tmp_path):
    """A full-page image an official would see (kept in the test's tmp folder for a look)."""
    png = tmp_path / "review_2025_vi.png"
    result = chromium(tmp_path, "--hide-scrollbars", "--window-size=1280,4000", f"--screenshot={png}",
                      review_pages["2025_vi"].as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 4000)
    assert len(data) > 100_000  # charts and tables, not a blank page

"""The pack in a real browser with the network off: every chart draws, the console is
clean, and it prints to PDF. Chromium comes from Debian's packages (`apt-get install -y
chromium poppler-utils`; .ci/run installs them). Without it these tests skip locally, and
fail in CI (CI=true), where they are required."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from ..conftest import run_pack

OFFLINE = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run",
           "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
           "--host-resolver-rules=MAP * ~NOTFOUND"]


@pytest.fixture(scope="session")
def chromium() -> str:
    found = shutil.which("chromium")
    if not found:
        message = "Chromium is not installed: apt-get install -y chromium poppler-utils"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (required in CI; .ci/run installs it)")
        pytest.skip(message)
    return found


def test_every_chart_renders_offline_with_a_clean_console(demo_pack, chromium, tmp_path):
    _, folder, _ = demo_pack
    notebook = json.loads((folder / "meeting-pack.ipynb").read_text())
    charts = sum(1 for cell in notebook["cells"] for out in cell.get("outputs", [])
                 if "image/svg+xml" in out.get("data", {}))
    assert charts >= 10
    result = subprocess.run(
        [chromium, *OFFLINE, f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr",
         "--v=0", "--virtual-time-budget=5000", "--dump-dom",
         (folder / "meeting-pack.html").as_uri()],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    drawn = re.findall(r'<svg[^>]*class="marks"', dom)
    assert len(drawn) == charts
    console = [line for line in result.stderr.splitlines()
               if "CONSOLE" in line or "Failed to load resource" in line
               or "net::ERR" in line]
    assert console == []


def test_pack_prints_to_pdf(demo_warehouse, chromium, tmp_path):
    reports = tmp_path / "reports"
    result = run_pack(reports, demo_warehouse, "--format", "pdf")
    assert result.returncode == 0, result.stderr[-3000:]
    pdf = next(reports.glob("*/meeting-pack.pdf")).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 8
    assert b"meeting-pack.pdf" in (reports / "index.html").read_bytes()

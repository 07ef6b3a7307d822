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
    charts += (folder / "meeting-pack.html").read_text().count('class="sf-spark"')
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
    pdf_file = next(reports.glob("*/meeting-pack.pdf"))
    assert pdf_file.read_bytes().startswith(b"%PDF")
    assert b"meeting-pack.pdf" in (reports / "index.html").read_bytes()
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    # -raw: the text in the order it was drawn, so a header that wraps stays together
    text = subprocess.run(["pdftotext", "-raw", str(pdf_file), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) >= 12
    # a page number and the running footer (period, filters) on every page
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page, number
        assert "Oct 2026" in page and "All segments" in page, number
    # every column header of every table is printed (none cut off at the page's edge)
    html = (pdf_file.parent / "meeting-pack.html").read_text(encoding="utf-8")
    headers = {re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", h)).strip().replace("&amp;", "&")
               for h in re.findall(r"<th[^>]*>(.*?)</th>", html, flags=re.S)}
    flat = re.sub(r"\s+", " ", text.replace("-\n", "-"))
    missing = sorted(h for h in headers if h and h not in flat)
    assert missing == []
    assert "Glossary" in flat
    # no heading is the last thing on a page: it stays with what it introduces
    headings = {re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", h)).strip().replace("&amp;", "&")
                for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, flags=re.S)}
    for number, page in enumerate(pages, 1):
        body = re.sub(r"\s+", " ", " ".join(
            line for line in page.splitlines()
            if not line.startswith(("Sales & marketing meeting pack ·", "Page "))).replace(
                "-\n", "-")).strip()
        stranded = [h for h in headings if h and body.endswith(h)]
        assert stranded == [], (number, stranded)

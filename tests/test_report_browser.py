"""The HTML report in a real browser (Debian's chromium driven by Playwright).

A reviewer opens the report offline: it must render, show the decision counts, jump
from the index to a blocked order, and show why it was stopped. Skipped when chromium
or Playwright is missing (scripts/test.sh installs both where apt and PyPI are reachable).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from caspian.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(main, ["--data-dir", str(tmp / "data"), "demo", "--out-dir",
                                       str(tmp / "out")])  # fmt: skip
    assert result.exit_code == 0, result.output
    return tmp / "out" / "order_book.report.html"


def test_report_renders_and_explains_a_blocked_order(report: Path, tmp_path: Path) -> None:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        body = page.inner_text("body")
        assert "9" in page.inner_text("body") and "to block" in body
        assert page.locator("svg").count() >= 2  # the decision chart and the routes
        link = page.locator("a:has-text('SO-2026-0011')").first
        anchor = link.get_attribute("href")
        assert anchor and anchor.startswith("#")
        link.click()
        card = page.locator(f"[id='{anchor[1:]}']")
        assert card.is_visible() and card.bounding_box() is not None
        text = card.inner_text()
        assert "BLOCK" in text and "QODS AVIATION INDUSTRIES" in text
        assert "Ghods Aviation Industry Co" in text
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=False)
        browser.close()
    assert shot.stat().st_size > 20_000
    assert not errors
    assert all(url.startswith("file:") or url.startswith("data:") for url in requests)

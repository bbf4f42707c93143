"""Headless Chromium for the tests and the documentation's screenshots: Debian's `chromium`
driven through Debian's `chromedriver` with Selenium (CHROMIUM / CHROMEDRIVER override the
paths). Nothing is downloaded: no selenium-manager, no browser build of its own."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Tuple

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))


def start_chromium(profile_dir: Path, window_size: Tuple[int, int] = (1000, 900)):
    """A headless Chromium (a selenium WebDriver) with a fresh profile in ``profile_dir``;
    the browser's console log is kept (``driver.get_log("browser")``). Call ``quit()``."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"Not found: {', '.join(missing)}. The browser test needs Debian's "
                    "chromium and chromium-driver (apt-get install chromium chromium-driver; "
                    "CI's .ci/run installs them).")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 f"--window-size={window_size[0]},{window_size[1]}",
                 f"--user-data-dir={profile_dir}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    return driver

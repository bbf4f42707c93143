"""The content editors' report (make report) as an editor sees it: the page written from a
demo tracker store (Rasa's own SQLTrackerStore, about sixty questions over three weeks) and
opened from disk in headless Debian Chromium (tests/support/browser.py). The groups, their
quoted passages and the chart must be visible, a wording with markup must show as text, and
the page must load nothing and run nothing."""
from __future__ import annotations

import time

import pytest

from jeugdhulp.feedback import report, report_html
from tests.support.browser import start_chromium
from tests.support.report_demo import Turn, answer, fill_demo, rasa_store, save_conversation

XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> klopt dit?'


@pytest.fixture(scope="module")
def page(tmp_path_factory, kb):
    tmp = tmp_path_factory.mktemp("report-browser")
    url = f"sqlite:///{tmp / 'tracker.sqlite3'}"
    now = time.time()
    fill_demo(url, kb, now)
    save_conversation(rasa_store(url), "xss", [Turn(now - 3600, answer(XSS, found=False))])
    result = report.read(url, report.period_from(None, "22", now))
    return report_html.write(result, tmp / "rapport.html", kb), result


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), (1200, 1000))
    yield driver
    driver.quit()


def visible_texts(driver, selector: str):
    return driver.execute_script("""
        return Array.from(document.querySelectorAll(arguments[0]))
          .filter(e => e.getClientRects().length && e.offsetWidth > 0)
          .map(e => e.innerText.trim());""", selector)


def test_the_report_shows_the_groups_and_the_chart(page, browser, tmp_path):
    from selenium.webdriver.common.by import By

    path, result = page
    driver = browser
    driver.get(path.resolve().as_uri())
    assert driver.title.startswith("Rapport voor inhoudsredacteuren")

    headings = visible_texts(driver, ".category h3")
    assert [h.rsplit(" (", 1)[0] for h in headings] == [
        "Niet beantwoord", "Alleen dichtstbijzijnde passages", "Duim omlaag (👎)"]
    for category in report.CATEGORIES:
        topics = visible_texts(driver, f"#{category} .group .topic")
        wanted = [report_html.topic_name(None, g.topic) for g in result.groups[category]]
        assert topics == wanted and topics, category
    closest = driver.find_element(By.CSS_SELECTOR, "#closest .group blockquote")
    assert closest.is_displayed() and len(closest.text) > 20  # the quoted guideline text

    svg = driver.find_element(By.CSS_SELECTOR, "#chart svg")
    size = svg.size
    assert svg.is_displayed() and size["width"] > 600 and size["height"] > 150
    line = driver.execute_script("""
        const paths = document.querySelectorAll('#chart svg g[id^="line2d"] path');
        return Array.from(paths).map(p => p.getTotalLength()).filter(l => l > 100).length;""")
    bars = driver.execute_script(
        "return document.querySelectorAll('#chart svg g[id^=\"patch\"] path').length")
    assert line >= 1, "no plotted line of the answered share"
    assert bars >= len(result.buckets), "fewer bars than days"
    svg_text = driver.execute_script("return document.querySelector('#chart svg').textContent")
    assert "Aantal vragen" in svg_text and "Beantwoord (%)" in svg_text

    shown = visible_texts(driver, "#unanswered .examples q")
    assert any(XSS.split(" klopt")[0] in text for text in shown)  # as text, not as markup
    assert driver.execute_script(
        "return [window.__pwned, document.scripts.length, document.images.length]") == [None, 0, 0]
    resources = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources == []
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe

    shot = tmp_path / "report.png"
    assert driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000

"""The web chat (bot/webchat, served by jeugdhulp.channels.webchat at /chat/), end to end in a
real headless Chromium: Debian's `chromium` driven through Debian's `chromedriver` with
Selenium. The browser talks to the real Rasa server's socket.io channel, started the way
`make run` starts it (the session's servers, tests/conftest.py).

Also fast checks without a browser: the page loads nothing from other sites.
"""
from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from typing import Any, Dict, List, Tuple
from urllib.parse import urljoin

import pytest
import requests
import yaml

from tests.conftest import ROOT
from tests.support.browser import start_chromium

WEBCHAT = ROOT / "bot" / "webchat"
VENDOR = WEBCHAT / "static" / "vendor"

GUIDELINE_URL = "https://www.richtlijnenjeugdhulp.nl/guideline/261/full"
QUOTE = "Wees duidelijk en direct over de aanleiding van het contact"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>window.__pwned=1</script>"


# --- fast checks (no server, no browser) ------------------------------------------------

class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: List[str] = []
        self.inline_scripts = 0
        self.inline_handlers: List[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: List) -> None:
        attrs = dict(attrs)
        self.refs += [attrs[a] for a in ("src", "href") if attrs.get(a)]
        self.inline_handlers += [a for a in attrs if a.startswith("on")]
        if tag == "script" and not attrs.get("src"):
            self.inline_scripts += 1
        if attrs.get("style") is not None:
            self.inline_handlers.append("style")


# Namespace names in SVG and DOMPurify are URIs but never fetched.
NAMESPACES = re.compile(r"https?://www\.w3\.org/[0-9]{4}/[A-Za-z/]+")
CDN_HOSTS = re.compile(r"unpkg\.com|jsdelivr|cdnjs|googleapis|gstatic|cloudflare|"
                       r"bootstrapcdn|code\.jquery|cdn\.socket\.io|esm\.sh|skypack", re.I)


def test_page_and_assets_load_nothing_from_other_sites():
    parser = _Refs()
    parser.feed((WEBCHAT / "index.html").read_text(encoding="utf-8"))
    assert parser.refs, "index.html references no files?"
    for ref in parser.refs:
        assert not re.match(r"^([a-z][a-z0-9+.-]*:|//)", ref, re.I), f"not a local file: {ref}"
        assert (WEBCHAT / ref).exists() or ref.startswith("vendor/"), f"missing: {ref}"
    assert parser.inline_scripts == 0 and not parser.inline_handlers
    csp = re.search(r'http-equiv="Content-Security-Policy"\s+content="([^"]+)"',
                    (WEBCHAT / "index.html").read_text(encoding="utf-8"))
    assert csp and "script-src 'self'" in csp.group(1) and "unsafe-inline" not in csp.group(1)

    for name in ("index.html", "chat.js", "chat.css", "favicon.svg"):
        text = NAMESPACES.sub("", (WEBCHAT / name).read_text(encoding="utf-8"))
        assert not re.search(r"https?://", text), f"{name} has an http(s):// reference"
    chat_js = (WEBCHAT / "chat.js").read_text(encoding="utf-8")
    assert "innerHTML" not in chat_js and "eval(" not in chat_js

    if not VENDOR.is_dir():
        pytest.fail(f"{VENDOR} missing: run `make setup` (it runs npm ci and copies the files)")
    for path in sorted(VENDOR.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        assert not CDN_HOSTS.search(text), f"{path.name} mentions a CDN"
        assert not re.search(r"""(?:src|href)\s*=\s*["']https?://""", text), path.name

    package = json.loads((WEBCHAT / "package.json").read_text(encoding="utf-8"))
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}: pin an exact version"
    lock = json.loads((WEBCHAT / "package-lock.json").read_text(encoding="utf-8"))
    assert set(package["dependencies"]) <= set(lock["packages"][""]["dependencies"])


def test_channel_is_registered_and_mounted_at_chat():
    from jeugdhulp.channels.webchat import WebChatInput

    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert "jeugdhulp.channels.webchat.WebChatInput" in credentials
    assert credentials["jeugdhulp.channels.webchat.SocketIOChannel"]["session_persistence"] is True
    assert "jeugdhulp.channels.inputs.SocketIOChannel" not in credentials  # one socket.io channel
    channel = WebChatInput.from_credentials(None)
    assert channel.name() == "webchat"
    # rasa.core.channels.channel.register mounts at urljoin(route, url_prefix()).
    assert urljoin("/webhooks/", channel.url_prefix()) == "/chat"


# --- end to end in Chromium --------------------------------------------------------------

@pytest.fixture(scope="module")
def chat_servers(servers):
    """The session's servers (tests/conftest.py): REST, socket.io, the web chat and the HTTP
    API (to read the tracker)."""
    return servers


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), (1000, 900))
    yield driver
    driver.quit()


def wait_for(driver, script: str, *args: Any, timeout: float = 30, what: str = "") -> Any:
    """Polls a JavaScript expression (`return ...`) until it is truthy; returns its value."""
    deadline = time.time() + timeout
    value = None
    while time.time() < deadline:
        value = driver.execute_script(script, *args)
        if value:
            return value
        time.sleep(0.1)
    state = driver.execute_script(
        "return document.getElementById('status').textContent + ' | ' + "
        "document.getElementById('transcript').innerText")
    raise AssertionError(f"timed out waiting for {what or script}; page: {state[-1500:]}")


def transcript(driver) -> List[Dict[str, Any]]:
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('#transcript .msg')).map(m => ({
          from: m.classList.contains('msg--user') ? 'user' : 'bot',
          text: m.querySelector('.msg__body').textContent,
          html: m.querySelector('.msg__body').innerHTML,
          buttons: Array.from(m.querySelectorAll('button')).map(
            b => ({title: b.textContent, disabled: b.disabled})),
        }));""")


def settle(driver, quiet: float = 0.7, timeout: float = 15) -> None:
    """Waits until no message has arrived for `quiet` seconds."""
    deadline = time.time() + timeout
    count, since = -1, time.time()
    while time.time() < deadline:
        now = driver.execute_script("return document.querySelectorAll('#transcript .msg__part,"
                                    " #transcript .msg--user').length")
        if now != count:
            count, since = now, time.time()
        elif time.time() - since >= quiet:
            return
        time.sleep(0.1)


def wait_connected(driver) -> None:
    wait_for(driver, "return document.getElementById('status').dataset.state === 'connected'",
             what="the connection to the assistant")


def ask(driver, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    before = len(transcript(driver))
    box = driver.find_element(By.ID, "message")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)
    wait_for(driver, "return document.querySelectorAll('#transcript .msg').length >= arguments[0]",
             before + 2, what=f"an answer to {text!r}")


SENTINEL = "x?jeugdhulp-test-sentinel="


def image_errors_handled(driver) -> None:
    """Positive sentinel for "no image error handler fired": loads an image from the same
    relative address as the XSS_IMG attack (``x``, a 404 of the web chat) and returns once
    the page has handled its error event and one more task after it: the error handler of
    an <img> the transcript created before this call would have run by then. Then checks
    that no such image was ever requested (its 404 would be in the resource timings)."""
    driver.set_script_timeout(30)
    outcome = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const probe = new Image();
        probe.onerror = () => setTimeout(() => done('error handled'), 0);
        probe.onload = () => done('loaded');
        probe.src = arguments[0] + Date.now();""", SENTINEL)
    assert outcome == "error handled", outcome
    requested = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => new URL(n).pathname.endsWith('/x'))")
    assert requested and all(SENTINEL in url for url in requested), requested


def browser_problems(driver) -> List[str]:
    """SEVERE entries of the browser log, but for the 404 of our own sentinel image."""
    return [e["message"] for e in driver.get_log("browser")
            if e["level"] == "SEVERE" and SENTINEL not in e["message"]]


def no_alert(driver) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def tracker_user_texts(servers, session_id: str) -> List[Tuple[str, str]]:
    url = f"http://127.0.0.1:{servers.rasa_port}/conversations/{session_id}/tracker"
    events = requests.get(url, timeout=10).json()["events"]
    return [(e.get("text"), e.get("input_channel")) for e in events if e["event"] == "user"]


@pytest.mark.server
def test_web_chat_end_to_end(chat_servers, browser):
    from selenium.webdriver.common.by import By

    driver = browser
    started = time.monotonic()
    origin = f"http://127.0.0.1:{chat_servers.rasa_port}"
    driver.get(f"{origin}/chat")  # redirected to /chat/
    assert driver.current_url == f"{origin}/chat/"
    wait_connected(driver)
    assert "Richtlijnassistent" in driver.find_element(By.TAG_NAME, "h1").text
    assert ("Antwoorden citeren de richtlijnen (NJi, NVO, BPSW, NIP); jij beslist samen met "
            "het gezin.") in driver.find_element(By.TAG_NAME, "header").text
    box = driver.find_element(By.ID, "message")
    assert box.get_attribute("placeholder") == "Typ je vraag…"
    assert driver.find_element(By.CSS_SELECTOR, "label[for=message]").text
    log = driver.find_element(By.ID, "transcript")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"
    assert driver.switch_to.active_element == box
    resources = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(r.startswith(origin) for r in resources), resources

    # 0. An empty conversation shows the welcome with starter buttons, outside the log.
    welcome = driver.find_element(By.ID, "welcome")
    assert welcome.is_displayed() and "Veilig Thuis: 0800-2000" in welcome.text
    starters = welcome.find_elements(By.TAG_NAME, "button")
    assert "Start een oefenronde" in [b.text for b in starters]
    assert all(b.is_enabled() for b in starters)
    assert not transcript(driver)

    # 1. Greeting with quick replies.
    ask(driver, "hallo")
    assert not welcome.is_displayed()
    greeting = transcript(driver)[-1]
    assert greeting["from"] == "bot" and "richtlijnassistent" in greeting["text"]
    titles = [b["title"] for b in greeting["buttons"]]
    assert {"Eerste gesprek in een gedwongen kader", "Wat kun je?"} <= set(titles), titles
    assert not any(b["disabled"] for b in greeting["buttons"])

    # 2. A quick reply: its title is shown as the user's message, the payload is sent.
    button = driver.find_element(
        By.XPATH, "//button[@class='quick-reply' and text()='Eerste gesprek in een gedwongen kader']")
    button.click()
    wait_for(driver, """return Array.from(document.querySelectorAll('#transcript .msg--bot li'))
                        .some(li => li.textContent.includes(arguments[0]))""", QUOTE,
             what="the cited answer")
    wait_for(driver, "return document.querySelector('#transcript a[href=\"' + arguments[0] + '\"]')",
             GUIDELINE_URL, what="the link to the guideline")
    messages = transcript(driver)
    assert messages[-2] == {"from": "user", "text": "Eerste gesprek in een gedwongen kader",
                            "html": "<p class=\"msg__text\">Eerste gesprek in een gedwongen "
                                    "kader</p>", "buttons": []}
    assert all(b["disabled"] for b in messages[-3]["buttons"]), "old buttons still usable"
    link = driver.find_element(By.CSS_SELECTOR, f'#transcript a[href="{GUIDELINE_URL}"]')
    assert link.text == "Lees de richtlijn"
    assert link.get_attribute("target") == "_blank"
    assert set(link.get_attribute("rel").split()) == {"noopener", "noreferrer"}
    answer = driver.find_elements(By.CSS_SELECTOR, "#transcript .msg--bot")[-1]
    assert answer.find_elements(By.CSS_SELECTOR, "ul > li")
    assert answer.find_elements(By.CSS_SELECTOR, "em"), "the source line is not rendered"
    assert "Bron: Richtlijn Gezinnen met meervoudige en complexe problemen" in answer.text
    assert "[Lees de richtlijn]" not in answer.text and "_Bron" not in answer.text
    assert driver.switch_to.active_element == driver.find_element(By.ID, "message")

    # 3. A second typed question.
    ask(driver, "eerste gesprek ots tips")
    wait_for(driver, """const bots = document.querySelectorAll('#transcript .msg--bot');
                        return bots.length === 3 && bots[2].textContent.trim().length > 20""",
             what="the answer to the second question")
    settle(driver)  # the answer comes in parts (Rasa's socket.io channel splits at blank lines)
    before_reload = transcript(driver)
    session_id = driver.execute_script(
        "return localStorage.getItem('jeugdhulp-webchat:session')")
    assert session_id

    # 4. Reload: the transcript is shown again and the conversation goes on.
    driver.refresh()
    wait_connected(driver)
    after_reload = transcript(driver)
    assert [(m["from"], m["text"]) for m in after_reload] == \
        [(m["from"], m["text"]) for m in before_reload]
    assert driver.find_elements(By.CSS_SELECTOR, f'#transcript a[href="{GUIDELINE_URL}"]')
    assert driver.execute_script(
        "return localStorage.getItem('jeugdhulp-webchat:session')") == session_id
    ask(driver, "Wat kun je?")
    wait_for(driver, """const bots = document.querySelectorAll('#transcript .msg--bot');
                        return bots.length === 4 && bots[3].textContent.includes('richtlijnen')""",
             what="the answer after the reload")
    user_events = tracker_user_texts(chat_servers, session_id)
    assert [t for t, _ in user_events] == ["hallo", "/ask_first_contact",
                                           "eerste gesprek ots tips", "Wat kun je?"]
    assert {c for _, c in user_events} == {"socketio"}

    # 5. Markup in a message is shown as text and never executed.
    for attack in (XSS_IMG, XSS_SCRIPT):
        ask(driver, attack)
        shown = [m for m in transcript(driver) if m["from"] == "user"][-1]
        assert shown["text"] == attack
        wait_for(driver, "return document.querySelectorAll('#transcript .msg--bot').length "
                 "=== document.querySelectorAll('#transcript .msg--user').length",
                 what=f"the answer to {attack!r}")
    image_errors_handled(driver)  # an image error handler would have fired by now
    assert no_alert(driver), "an alert was opened"

    def assert_harmless() -> None:
        assert driver.execute_script(
            "return document.querySelectorAll('#transcript img, #transcript script, "
            "#transcript [onerror]').length") == 0
        assert driver.execute_script("return typeof window.__pwned") == "undefined"
        texts = [m["text"] for m in transcript(driver) if m["from"] == "user"]
        assert XSS_IMG in texts and XSS_SCRIPT in texts

    assert_harmless()
    driver.refresh()  # the stored transcript is re-rendered just as safely
    wait_connected(driver)
    wait_for(driver, """const users = Array.from(document.querySelectorAll(
                            '#transcript .msg--user .msg__body')).map(m => m.textContent);
                        return users.includes(arguments[0]) && users.includes(arguments[1])""",
             XSS_IMG, XSS_SCRIPT, what="the stored transcript after the reload")
    image_errors_handled(driver)
    assert no_alert(driver), "an alert was opened after the reload"
    assert_harmless()

    # 6. "Nieuw gesprek" forgets the transcript and starts a new conversation.
    driver.find_element(By.ID, "new-chat").click()
    wait_connected(driver)
    assert transcript(driver) == []
    assert driver.find_element(By.ID, "welcome").is_displayed()
    new_id = wait_for(driver, "return localStorage.getItem('jeugdhulp-webchat:session')")
    assert new_id != session_id
    ask(driver, "hallo")
    assert tracker_user_texts(chat_servers, new_id) == [("hallo", "socketio")]

    # The page kept to its Content-Security-Policy and raised no script errors.
    problems = browser_problems(driver)
    assert not problems, problems
    # How long the steps took is a figure to look at (-s), not a condition of the test.
    print(f"\nweb chat end to end: {time.monotonic() - started:.1f} s")


@pytest.mark.server
def test_a_practice_round_in_the_web_chat(chat_servers, browser):
    """A new colleague starts a round from the welcome, answers five questions with the
    buttons (or types "weet ik niet" for an open question), gets feedback with the quoted,
    cited passage after each, and the score at the end."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser
    driver.get(f"http://127.0.0.1:{chat_servers.rasa_port}/chat/")
    driver.execute_script("localStorage.clear()")
    driver.refresh()
    wait_connected(driver)
    start = driver.find_element(
        By.XPATH, "//section[@id='welcome']//button[text()='Start een oefenronde']")
    start.click()
    for number in range(1, 6):
        wait_for(driver, """return Array.from(document.querySelectorAll('#transcript .msg--bot'))
                            .some(m => m.textContent.includes(arguments[0]))""",
                 f"Vraag {number} van 5", what=f"question {number}")
        settle(driver)
        before = driver.execute_script(
            "return document.querySelectorAll('#transcript .msg--user').length")
        options = [b for b in driver.find_elements(By.CSS_SELECTOR, "#transcript .quick-reply")
                   if b.is_enabled()]
        if options:
            options[0].click()
        else:
            box = driver.find_element(By.ID, "message")
            box.send_keys("weet ik niet")
            box.send_keys(Keys.ENTER)
        wait_for(driver, """return document.querySelectorAll('#transcript .msg--user').length
                            > arguments[0]""", before, what=f"the answer to question {number}")
        wait_for(driver, """const bots = document.querySelectorAll('#transcript .msg--bot');
                            const last = bots[bots.length - 1].textContent;
                            return /Goed!|Helaas/.test(last) && last.includes('Bron:')""",
                 what=f"the feedback on question {number}")
    wait_for(driver, """return Array.from(document.querySelectorAll('#transcript .msg--bot'))
                        .some(m => m.textContent.includes('Je score:'))""", what="the score")
    settle(driver)
    final = transcript(driver)[-1]
    assert re.search(r"Je score: [0-5] van de 5", final["text"]), final["text"]
    assert "Nog een oefenronde" in [b["title"] for b in final["buttons"]]
    problems = browser_problems(driver)
    assert not problems, problems


@pytest.mark.server
def test_feedback_buttons_in_the_web_chat(chat_servers, browser):
    """Under a cited answer the web chat shows 👍 / 👎 as quick replies; a 👎 click asks what
    was wrong, the typed comment is thanked for and stored with the verdict, and the
    conversation goes on."""
    import sqlalchemy as sa
    from selenium.webdriver.common.by import By

    from jeugdhulp.feedback import store
    from jeugdhulp.messages import message

    driver = browser
    driver.get(f"http://127.0.0.1:{chat_servers.rasa_port}/chat/")
    driver.execute_script("localStorage.clear()")
    driver.refresh()
    wait_connected(driver)
    ask(driver, "Wat is MST-CAN?")
    down = message("feedback.buttons.down")
    wait_for(driver, """return Array.from(document.querySelectorAll('#transcript .quick-reply'))
                        .some(b => b.textContent === arguments[0] && !b.disabled)""", down,
             what="the 👎 button under the answer")
    settle(driver)
    titles = [b["title"] for b in transcript(driver)[-1]["buttons"]]
    assert titles[-2:] == [message("feedback.buttons.up"), down], titles
    driver.find_element(By.XPATH, f"//button[@class='quick-reply' and text()='{down}']").click()
    asked = message("feedback.ask_comment")
    wait_for(driver, """return Array.from(document.querySelectorAll('#transcript .msg--bot'))
                        .some(m => m.textContent.includes(arguments[0]))""", asked,
             what="the question what was wrong")
    ask(driver, "het ging over de leeftijd, niet over de doelgroep")
    wait_for(driver, """return Array.from(document.querySelectorAll('#transcript .msg--bot'))
                        .some(m => m.textContent.includes(arguments[0]))""",
             message("feedback.thanks_comment"), what="the thanks for the comment")
    session_id = driver.execute_script("return localStorage.getItem('jeugdhulp-webchat:session')")
    [db] = chat_servers.log.parent.glob(f"tracker-{chat_servers.rasa_port}.sqlite3")
    engine = store.engine_for(f"sqlite:///{db}")
    try:
        with engine.connect() as connection:
            rows = [dict(r._mapping) for r in connection.execute(
                sa.select(store.FEEDBACK).where(store.FEEDBACK.c.question == "Wat is MST-CAN?"))]
    finally:
        engine.dispose()
    assert [(r["verdict"], r["comment"], r["channel"]) for r in rows] == [
        (store.DOWN, "het ging over de leeftijd, niet over de doelgroep", "socketio")], rows
    assert session_id not in {r["sender"] for r in rows}  # a keyed hash, never the id
    ask(driver, "en wat is de doelgroep van MST-CAN?")  # the conversation goes on
    wait_for(driver, """const bots = document.querySelectorAll('#transcript .msg--bot');
                        return bots[bots.length - 1].textContent.includes('Bron:')""",
             what="the answer to the next question")
    problems = browser_problems(driver)
    assert not problems, problems

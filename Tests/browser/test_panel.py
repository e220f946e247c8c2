#!/usr/bin/env python3
"""The web panel in a real headless Chromium (Debian's chromium and chromium-driver, driven by
Selenium): sign in, see a hostile inbound SMS as text, watch a reply arrive live, preview and send.

Starts `parley serve --demo` on a temporary SQLite file and a free port, with the APy that
PARLEY_APERTIUM_URL names (scripts/test starts one). Usage: Tests/browser/test_panel.py [PARLEY_BINARY]
Prints one line per check and a closing 'browser: N passed, N failed'; exits 1 on any failure.
"""
import os
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "parley")
EMAIL = "demo.rep@parley.local"  # DemoSeed.repEmail: an admin
KEY = "browser-test-key-0123456789abcdef"
BUSINESS = "+14105550100"  # DemoSeed.businessNumber
CONTACT = "+525555550123"  # DemoSeed.contactNumber (María López, es)
HOSTILE = "<script>alert(1)</script>"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, state):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env["PARLEY_API_KEYS"] = f"admin:{EMAIL}={KEY}"
        env.setdefault("PARLEY_BACKEND", "apertium")
        self.log = open(os.path.join(state, "serve.log"), "w")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--demo", "--database", os.path.join(state, "parley.sqlite"), "--port", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"parley serve exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("parley serve did not answer /healthz within 60 s")

    def inbound(self, body, sid):
        """An SMS from the demo contact, as the provider's webhook delivers it (unsigned: no Twilio token)."""
        form = urllib.parse.urlencode({"MessageSid": sid, "From": CONTACT, "To": BUSINESS, "Body": body, "NumMedia": "0"}).encode()
        request = urllib.request.Request(self.base + "/webhooks/twilio/inbound", data=form,
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status in (200, 204), response.status

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=390,844"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def wait(driver, condition, seconds=20, message=""):
    return WebDriverWait(driver, seconds, poll_frequency=0.2).until(lambda d: condition(d), message)


def messages(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#messages li.message")


def csp_violations(driver):
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]


def main():
    results = []

    def check(name, function):
        try:
            function()
            results.append(True)
            print(f"ok   {name}", flush=True)
        except Exception:  # noqa: BLE001 - report every failure and go on
            results.append(False)
            print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)

    with tempfile.TemporaryDirectory(prefix="parley-browser-") as state:
        server = Server(state)
        driver = browser()
        try:
            def signs_in():
                driver.get(server.base + "/")
                wait(driver, lambda d: d.current_url.endswith("/sign-in"), message="/ leads to /sign-in")
                driver.find_element(By.NAME, "email").send_keys(EMAIL)
                driver.find_element(By.NAME, "key").send_keys(KEY)
                driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button").click()
                wait(driver, lambda d: d.current_url.endswith("/conversations"), message="signed in")
                assert "María López" in driver.page_source
                cookie = driver.get_cookie("parley_session")
                assert cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict", cookie
                assert driver.execute_script("return document.cookie").find("parley_session") < 0, "the cookie is HttpOnly"

            def list_updates_live():
                driver.get(server.base + "/conversations")
                assert not driver.find_elements(By.CSS_SELECTOR, ".conversation .badge"), "nothing unread yet"
                time.sleep(1)  # the event stream is open
                server.inbound("Hola, ¿a qué hora llegan?", "SMbrowser0000")
                wait(driver, lambda d: [b.text for b in d.find_elements(By.CSS_SELECTOR, ".conversation .badge")] == ["1"],
                     message="the unread count appears without a reload")
                snippet = driver.find_element(By.CSS_SELECTOR, ".conversation .snippet").text
                assert snippet.strip(), "the newest message's preview"

            def hostile_body_is_text():
                server.inbound(HOSTILE, "SMbrowser0001")
                driver.get(server.base + "/conversations")
                driver.find_element(By.PARTIAL_LINK_TEXT, "María López").click()
                wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the thread opens")
                texts = [m.text for m in messages(driver)]
                # Shown as text, English and original alike; no alert ever opens.
                for details in driver.find_elements(By.CSS_SELECTOR, "#messages details.original"):
                    details.click()
                assert any(HOSTILE in m.text for m in messages(driver)), texts
                try:
                    driver.switch_to.alert
                    raise AssertionError("an alert opened")
                except NoAlertPresentException:
                    pass
                assert not driver.find_elements(By.CSS_SELECTOR, "#messages script"), "a script element in a message"

            def reply_appears_live():
                before = len(messages(driver))
                time.sleep(1)  # the event stream is open
                server.inbound("¿Pueden venir mañana a las 9?", "SMbrowser0002")
                wait(driver, lambda d: len(messages(d)) > before, message="the inbound SMS appears without a reload")
                wait(driver, lambda d: "pending" not in messages(d)[-1].get_attribute("class"), seconds=30,
                     message="its translation arrives")
                newest = messages(driver)[-1]
                assert "inbound" in newest.get_attribute("class")
                assert newest.find_element(By.CSS_SELECTOR, "p.english").text.strip(), "English shown"

            def preview_and_send():
                box = driver.find_element(By.ID, "compose-text")
                box.send_keys("Your technician is on the way.")
                wait(driver, lambda d: d.find_element(By.ID, "preview-text").text.strip(), seconds=30, message="a live preview")
                preview = driver.find_element(By.ID, "preview-text").text
                before = len(messages(driver))
                driver.find_element(By.CSS_SELECTOR, "#compose button[type='submit']").click()
                wait(driver, lambda d: len(messages(d)) > before, seconds=30, message="the reply appears")
                newest = messages(driver)[-1]
                assert "outbound" in newest.get_attribute("class")
                assert "Your technician is on the way." in newest.text
                sent = newest.find_element(By.CSS_SELECTOR, "details.sent")
                sent.click()
                assert preview in sent.text, (preview, sent.text)

            def no_csp_violations():
                violations = csp_violations(driver)
                assert not violations, violations

            check("sign in with email and access key; HttpOnly SameSite=Strict session", signs_in)
            check("the conversation list updates live", list_updates_live)
            check("an inbound <script>alert(1)</script> shows as text", hostile_body_is_text)
            check("an inbound SMS appears live with its translation", reply_appears_live)
            check("compose: live preview, then send", preview_and_send)
            check("no Content-Security-Policy violations", no_csp_violations)
            shot = os.environ.get("PARLEY_BROWSER_SCREENSHOT")
            if shot:
                driver.save_screenshot(shot)
        finally:
            driver.quit()
            server.stop()

    passed, failed = results.count(True), results.count(False)
    print(f"browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

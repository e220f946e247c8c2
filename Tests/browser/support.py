"""What the browser tests share: a `parley serve --demo` on a temporary SQLite file and a free
port (with the APy that PARLEY_APERTIUM_URL names), a headless Chromium driven by Selenium, waits,
screenshots and the check runner."""
import json
import os
import socket
import subprocess
import sys
import time
import traceback
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
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
    def __init__(self, state, *arguments, demo=True):
        """Starts `parley serve --demo` in `state` with any further `arguments`; with `demo=False`, a
        service as a new install runs it: no demo data and no PARLEY_API_KEYS (the team is set up
        with `parley admin` and the API)."""
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        if demo:
            env["PARLEY_API_KEYS"] = f"admin:{EMAIL}={KEY}"
        else:
            env.pop("PARLEY_API_KEYS", None)
        env.setdefault("PARLEY_BACKEND", "apertium")
        self.log = open(os.path.join(state, "serve.log"), "w")
        self.process = subprocess.Popen(
            [BINARY, "serve", *(["--demo"] if demo else []), "--database", os.path.join(state, "parley.sqlite"),
             "--port", str(self.port), *arguments],
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

    def inbound(self, body, sid, sender=CONTACT, to=BUSINESS):
        """An SMS from `sender` (the demo contact by default) to the business number `to` (the demo
        one by default), as the provider's webhook delivers it (unsigned: no Twilio token)."""
        form = urllib.parse.urlencode({"MessageSid": sid, "From": sender, "To": to, "Body": body, "NumMedia": "0"}).encode()
        request = urllib.request.Request(self.base + "/webhooks/twilio/inbound", data=form,
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status in (200, 204), response.status

    def lead(self, phone, name, transcript):
        """A lead handed over by the intake bot through the API, as the messaging core does; its JSON."""
        body = json.dumps({"number": BUSINESS, "phone": phone, "name": name, "source": "otto",
                           "transcript": [{"speaker": speaker, "text": text} for speaker, text in transcript]}).encode()
        request = urllib.request.Request(self.base + "/v1/leads", data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 201, response.status
            return json.loads(response.read())

    def api(self, method, path, key, body=None):
        """A JSON API call to this server with a bearer key: (status, parsed body)."""
        return api(self.base, method, path, key, body)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def browser(width=390, height=844):
    """A headless Chromium, at a phone's size unless told otherwise."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def wait(driver, condition, seconds=20, message=""):
    # A live update replaces a message's element while the condition reads it: look again.
    return WebDriverWait(driver, seconds, poll_frequency=0.2, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: condition(d), message)


def sign_in(driver, base, email=EMAIL, key=KEY):
    """Signs in through the sign-in form and waits for the conversation list."""
    from selenium.webdriver.common.by import By
    driver.get(base + "/sign-in")
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "key").send_keys(key)
    driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button").click()
    wait(driver, lambda d: d.current_url.endswith("/conversations"), message="signed in")


def screenshot(driver, name):
    """Saves the window as PNG in PARLEY_BROWSER_SCREENSHOTS (default .build/screenshots), not committed."""
    folder = os.environ.get("PARLEY_BROWSER_SCREENSHOTS") or os.path.join(ROOT, ".build", "screenshots")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name + ".png")
    driver.save_screenshot(path)
    return path


def full_page_screenshot(driver, name):
    """Like `screenshot`, with the window stretched to the page's full height first."""
    size = driver.get_window_size()
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(size["width"], max(size["height"], min(height + 120, 4000)))
    try:
        return screenshot(driver, name)
    finally:
        driver.set_window_size(size["width"], size["height"])


class Checks:
    """Runs named checks, printing one line each, and goes on after a failure."""

    def __init__(self, suite):
        self.suite = suite
        self.results = []

    def __call__(self, name, function):
        try:
            function()
            self.results.append(True)
            print(f"ok   {name}", flush=True)
        except Exception:  # noqa: BLE001 - report every failure and go on
            self.results.append(False)
            print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)

    def finish(self):
        passed, failed = self.results.count(True), self.results.count(False)
        print(f"{self.suite}: {passed} passed, {failed} failed")
        return 1 if failed else 0


def csp_violations(driver):
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]


def add_rep(state, name, email):
    """Adds a rep (role rep) to the SQLite file of a Server started in `state`, as an admin would;
    the rep signs in with the key a PARLEY_API_KEYS_FILE gives their email."""
    import sqlite3
    import uuid
    connection = sqlite3.connect(os.path.join(state, "parley.sqlite"), timeout=30)
    try:
        with connection:
            connection.execute("INSERT INTO reps (id, name, email, role, created_at) VALUES (?, ?, ?, 'rep', ?)",
                               (str(uuid.uuid4()), name, email, time.time()))
    finally:
        connection.close()


def api(base, method, path, key, body=None):
    """A JSON API call with a bearer key: (status, parsed body)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


# Notifications: Chromium shows none headless, so the page's calls are recorded through a hook the
# test installs before any script of the page runs, and the page can be made to look hidden.
NOTIFICATION_HOOK = """
(function () {
  window.__parleyNotifications = [];
  window.__parleyHidden = false;
  var Real = window.Notification;
  if (Real) {
    var Recording = function (title, options) {
      window.__parleyNotifications.push({ title: String(title), body: options && options.body ? String(options.body) : "" });
      try { return new Real(title, options); } catch (e) { return {}; }
    };
    Object.defineProperty(Recording, "permission", { get: function () { return Real.permission; } });
    Recording.requestPermission = function () { return Real.requestPermission.apply(Real, arguments); };
    window.Notification = Recording;
  }
  Object.defineProperty(Document.prototype, "visibilityState", { configurable: true, get: function () { return window.__parleyHidden ? "hidden" : "visible"; } });
  Object.defineProperty(Document.prototype, "hidden", { configurable: true, get: function () { return !!window.__parleyHidden; } });
})();
"""


def record_notifications(driver):
    """Installs NOTIFICATION_HOOK in every page the driver opens from now on."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NOTIFICATION_HOOK})


def grant_notifications(driver, origin):
    """Grants the origin the notification permission, as a rep's click on the browser's prompt would."""
    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": origin, "permissions": ["notifications"]})


def page_api(driver, method, path, body=None):
    """Calls the JSON API from the signed-in page (session cookie and CSRF token); returns (status, JSON)."""
    return driver.execute_async_script("""
        var done = arguments[arguments.length - 1];
        var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
        var options = { method: arguments[0], credentials: "same-origin",
                        headers: { "Accept": "application/json", "Content-Type": "application/json", "X-CSRF-Token": token } };
        if (arguments[2] !== null) options.body = JSON.stringify(arguments[2]);
        fetch(arguments[1], options).then(function (r) { return r.json().catch(function () { return {}; }).then(function (d) { done([r.status, d]); }); })
          .catch(function (e) { done([0, String(e)]); });
    """, method, path, body)

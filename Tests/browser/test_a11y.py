#!/usr/bin/env python3
"""Every page of the web panel, audited by axe-core (the copy PyPI's axe-selenium-python 2.1.6
bundles) in a real headless Chromium, as a rep and as an admin, at a phone's width and a
desktop's: no serious or critical violation (WCAG 2 A and AA rules, colour contrast included).
Then what axe cannot see: a skip link that moves focus to the main content, `aria-current` on the
navigation link of the page shown, a focus ring a keyboard user can see, and new messages
announced (`aria-live`). Screenshots of every page at both widths go to .build/screenshots/a11y-*.

Usage: Tests/browser/test_a11y.py [PARLEY_BINARY]; see support.py for the server it starts.
Prints one line per check and a closing 'a11y: N passed, N failed'; exits 1 on any failure.
"""
import json
import os
import shutil
import sys
import tempfile
import urllib.request

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from support import BUSINESS, CONTACT, EMAIL, KEY, ROOT, Checks, Server, browser, screenshot, sign_in, wait

PHONE, DESKTOP = (390, 844), (1280, 900)
REP_EMAIL = "rosa.rep@parley.local"
REP_NUMBER = "+14105550177"
# The impacts that fail the audit; moderate and minor ones are printed, not failed.
FAILING = ("serious", "critical")


def api(base, method, path, body=None, key=KEY):
    """A JSON API call with a key; the decoded answer."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read()
        return json.loads(text) if text else None


def audit(driver, name):
    """axe-core on the page shown, at both widths; a screenshot of each; the failing violations."""
    failures = []
    for label, (width, height) in (("phone", PHONE), ("desktop", DESKTOP)):
        driver.set_window_size(width, height)
        axe = Axe(driver)
        axe.inject()
        results = axe.run(options=json.dumps({"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}))
        for violation in results["violations"]:
            nodes = "; ".join(node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                              for node in violation["nodes"][:4])
            line = f"{name} ({label}): {violation['id']} [{violation['impact']}] {violation['help']} — {nodes}"
            if violation["impact"] in FAILING:
                failures.append(line)
            else:
                print(f"     note {line}", flush=True)
        height_needed = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, max(height, min(height_needed + 200, 6000)))
        screenshot(driver, f"a11y-{name}-{label}")
        driver.set_window_size(width, height)
    assert not failures, "\n".join(failures)


def fail(message):
    raise AssertionError(message)


def served(driver, name, problem_expected=False):
    """The page shown is the one asked for, not a problem page (or is one, when expected)."""
    problem = driver.find_elements(By.CSS_SELECTOR, "main .problem h1")
    if problem_expected:
        assert problem, f"{name}: expected a problem page"
    else:
        assert not problem, f"{name}: a problem page: {problem[0].text}"


def visit(driver, base, path):
    driver.get(base + path)
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete", message=path)


def main():
    check = Checks("a11y")
    with tempfile.TemporaryDirectory(prefix="parley-a11y-") as state:
        glossaries = os.path.join(state, "glossaries")
        shutil.copytree(os.path.join(ROOT, "glossaries"), glossaries)
        server = Server(state, "--dir", glossaries, "--industry", "hvac")
        base = server.base
        driver = browser(*DESKTOP)
        try:
            # Something on every page: a thread with a translated inbound message and a reply, a
            # lead waiting, a proposal in the memory's queue.
            server.inbound("Hola, mi bomba de calor hace ruido. ¿Pueden venir mañana?", "SMa11y0001")
            server.lead("+525555550199", "Rosa Díaz", [("bot", "Hi! What do you need help with?"),
                                                      ("contact", "Necesito mantenimiento del aire acondicionado")])
            conversations = api(base, "GET", "/v1/conversations?limit=10")
            thread = next(c for c in conversations if c["contact"]["phone"] == CONTACT)["conversation"]["id"]
            contact = next(c for c in conversations if c["contact"]["phone"] == CONTACT)["contact"]["id"]
            preview = api(base, "POST", f"/v1/conversations/{thread}/preview", {"text": "Your technician will arrive at 3:30 PM."})
            sent = api(base, "POST", f"/v1/conversations/{thread}/messages",
                       {"text": "Your technician will arrive at 3:30 PM.", "previewToken": preview["token"], "confirmed": True})
            message = sent.get("message", sent).get("id") if isinstance(sent, dict) else None
            if message:
                try:
                    api(base, "POST", f"/v1/messages/{message}/flag", {"proposal": "Su técnico llegará a las 3:30 p. m.", "note": "a11y"})
                except urllib.error.HTTPError:
                    pass

            # Signed out.
            visit(driver, base, "/sign-in")
            check("sign-in page has no serious or critical violations", lambda: audit(driver, "sign-in"))

            sign_in(driver, base)
            admin_pages = [
                ("conversations", "/conversations"),
                ("thread", f"/conversations/{thread}"),
                ("leads", "/leads"),
                ("contacts", "/contacts"),
                ("contacts-search", "/contacts?q=Mar%C3%ADa"),
                ("contact", f"/contacts/{contact}"),
                ("templates", "/templates"),
                ("glossaries", "/admin/glossaries"),
                ("glossary", "/admin/glossaries/hvac?q=bomba"),
                ("concept", "/admin/glossaries/hvac/concepts/hvac-heat-pump"),
                ("concept-new", "/admin/glossaries/hvac/concepts/new"),
                ("concept-delete", "/admin/glossaries/hvac/concepts/hvac-heat-pump/delete"),
                ("glossary-history", "/admin/glossaries/hvac/history"),
                ("memory", "/admin/memory"),
                ("memory-approved", "/admin/memory?status=approved"),
                ("memory-history", "/admin/memory/history"),
                ("team", "/admin/team"),
                ("numbers", "/admin/numbers"),
                ("not-found", "/conversations/00000000-0000-0000-0000-000000000000"),
            ]
            for name, path in admin_pages:
                visit(driver, base, path)
                try:
                    served(driver, name, problem_expected=name == "not-found")
                except AssertionError as error:
                    check(f"{name} ({path}) is served", lambda error=error: fail(str(error)))
                    continue
                check(f"{name} ({path}) has no serious or critical violations", lambda name=name: audit(driver, name))

            # The person's page of the team, when there is one to show.
            def person_page():
                people = api(base, "GET", "/v1/people")["people"]
                visit(driver, base, f"/admin/team/{people[0]['id']}")
                audit(driver, "person")
            check("a person's page has no serious or critical violations", person_page)

            # A rep's view: their own number and thread, and an admin page they may not open.
            def rep_pages():
                invited = api(base, "POST", "/v1/people", {"name": "Rosa Rep", "email": REP_EMAIL, "role": "rep"})
                api(base, "POST", "/v1/numbers", {"phone": REP_NUMBER, "repID": invited["person"]["id"]})
                server.inbound("Bonjour, le chauffe-eau fuit depuis ce matin.", "SMa11y0002", sender="+33612345678", to=REP_NUMBER)
                driver.delete_all_cookies()
                sign_in(driver, base, REP_EMAIL, invited["key"]["key"])
                rep_thread = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".conversation a"), message="the rep's thread")[0].get_attribute("href")
                failures = []
                for name, path in (("rep-conversations", "/conversations"), ("rep-thread", rep_thread[len(base):]), ("rep-leads", "/leads"),
                                   ("rep-contacts", "/contacts"), ("rep-templates", "/templates"), ("rep-forbidden", "/admin/team")):
                    visit(driver, base, path)
                    try:
                        served(driver, name, problem_expected=name == "rep-forbidden")
                        audit(driver, name)
                    except AssertionError as error:
                        failures.append(str(error))
                driver.delete_all_cookies()
                sign_in(driver, base)
                assert not failures, "\n".join(failures)
            check("a rep's pages (and the page refusing them an admin page) have no serious or critical violations", rep_pages)

            # What axe cannot judge.
            def skip_link():
                # The leads page (a thread puts focus in the reply box, where a rep starts).
                visit(driver, base, "/leads")
                body = driver.find_element(By.TAG_NAME, "body")
                body.send_keys(Keys.TAB)
                active = driver.switch_to.active_element
                assert active.get_attribute("class") and "skip" in active.get_attribute("class"), \
                    f"the first Tab stop is {active.tag_name}.{active.get_attribute('class')}, not the skip link"
                assert active.is_displayed(), "the skip link stays hidden when focused"
                active.send_keys(Keys.ENTER)
                wait(driver, lambda d: d.switch_to.active_element.get_attribute("id") == "main", message="focus on main")
            check("the skip link is the first Tab stop, shows when focused and moves focus to the content", skip_link)

            def current_page_marked():
                for path, label in (("/conversations", "Conversations"), ("/leads", "Leads"), ("/admin/glossaries/hvac", "Glossaries")):
                    visit(driver, base, path)
                    current = driver.find_elements(By.CSS_SELECTOR, "nav a[aria-current='page']")
                    assert [link.text for link in current] == [label], f"{path}: aria-current on {[link.text for link in current]}"
            check("the navigation marks the page shown with aria-current", current_page_marked)

            def focus_visible():
                visit(driver, base, "/contacts")
                field = driver.find_element(By.CSS_SELECTOR, "main input[type='search'], main input[name='q']")
                driver.execute_script("document.activeElement && document.activeElement.blur()")
                driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
                for _ in range(30):
                    if driver.switch_to.active_element == field:
                        break
                    driver.switch_to.active_element.send_keys(Keys.TAB)
                assert driver.switch_to.active_element == field, "Tab never reached the search field"
                style = driver.execute_script("var s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];", field)
                # Chromium's own ring is `auto` and thin; the panel draws a solid one of 2 px or more.
                assert style[0] == "solid" and float(style[1].rstrip("px")) >= 2, f"no visible focus ring: {style}"
            check("a keyboard user sees which field has focus", focus_visible)

            def live_region():
                visit(driver, base, f"/conversations/{thread}")
                messages = driver.find_element(By.ID, "messages")
                assert messages.get_attribute("aria-live") in ("polite", "assertive"), "the thread's messages are not announced"
                assert driver.find_element(By.TAG_NAME, "main").get_attribute("aria-live") is None, "the whole page is a live region"
            check("new messages in the thread are announced to screen readers", live_region)
        finally:
            driver.quit()
            server.stop()
    return check.finish()


if __name__ == "__main__":
    sys.exit(main())

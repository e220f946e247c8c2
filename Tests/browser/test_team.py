#!/usr/bin/env python3
"""The team, numbers and keys in a real headless Chromium, on a new install set up with documented
commands only.

The must-show scenario: `parley admin create-admin` on a new database prints the first admin's key;
`parley serve` (no --demo, no PARLEY_API_KEYS) starts; the admin invites two reps through the API,
adds a number for each and issues a messaging core key; an inbound SMS reaches each rep's number; a
rep signs in to the web panel and sees only their own thread (the other rep's thread is a
not-found page); the admin revokes that rep's key and the rep's open page, whose event stream the
server closes, goes to sign-in by itself, and the next page load goes there too.

Then the admin pages: invite a person from /admin/team (the key is shown once, and not on the next
load), revoke a key from the person's page, add a number and reassign it on /admin/numbers, with
screenshots of each new page at 390 and 1280 px.

Usage: Tests/browser/test_team.py [PARLEY_BINARY] (needs PARLEY_APERTIUM_URL). Prints one line per
check and a closing 'team: N passed, N failed'; exits 1 on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support import BINARY, ROOT, Checks, Server, browser, csp_violations, screenshot, wait

PHONE, DESKTOP = (390, 844), (1280, 900)
ADMIN = "ana@example.com"
DANA, LEO = "dana@example.com", "leo@example.com"
DANA_NUMBER, LEO_NUMBER = "+14105550111", "+14105550122"
DANA_CONTACT, LEO_CONTACT = "+525512340001", "+525512340002"


def create_admin(database, email, name):
    """`parley admin create-admin`: the key alone on standard output."""
    result = subprocess.run([BINARY, "admin", "create-admin", "--email", email, "--name", name, "--database", database],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "not shown again" in result.stderr, result.stderr
    key = result.stdout.strip()
    assert key.startswith("pk_") and "\n" not in key, result.stdout
    return key


def sign_in(driver, base, email, key):
    driver.get(base + "/sign-in")
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "key").send_keys(key)
    driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button").click()
    wait(driver, lambda d: d.current_url.endswith("/conversations"), message=f"{email} signed in")


def click(driver, element):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def accept_confirm(driver):
    wait(driver, lambda d: d.switch_to.alert, seconds=10, message="the question before a destructive action")
    driver.switch_to.alert.accept()


def main():
    check = Checks("team")
    with tempfile.TemporaryDirectory(prefix="parley-team-") as state:
        database = os.path.join(state, "parley.sqlite")
        admin_key = create_admin(database, ADMIN, "Ana Ortiz")
        server = Server(state, demo=False)  # on the database parley admin set up
        base = server.base
        driver = browser(*PHONE)
        people = {}

        def screenshots(name):
            for label, (width, height) in (("phone", PHONE), ("desktop", DESKTOP)):
                driver.set_window_size(width, height)
                page_height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(width, max(height, min(page_height + 200, 6000)))
                screenshot(driver, f"team-{name}-{label}")
            driver.set_window_size(*PHONE)

        try:
            def the_admin_sets_up_the_team_through_the_api():
                for name, email, number in (("Dana Reyes", DANA, DANA_NUMBER), ("Leo Park", LEO, LEO_NUMBER)):
                    status, invited = server.api("POST", "/v1/people", admin_key, {"name": name, "email": email, "role": "rep"})
                    assert status == 201, invited
                    people[email] = {"id": invited["person"]["id"], "key": invited["key"]["key"]}
                    status, added = server.api("POST", "/v1/numbers", admin_key, {"phone": number, "repID": invited["person"]["id"]})
                    assert status == 201, added
                status, core = server.api("POST", "/v1/core-keys", admin_key, {"label": "Messaging core"})
                assert status == 201 and core["key"].startswith("pk_"), core
                people["core"] = core["key"]
                # The key is in that response only.
                status, listed = server.api("GET", "/v1/people", admin_key)
                assert status == 200 and people[DANA]["key"] not in json.dumps(listed), listed
                # The core key works for the core's calls.
                status, _ = server.api("GET", f"/v1/conversations?rep={people[DANA]['id']}", core["key"])
                assert status == 200, status

            def a_rep_sees_only_their_own_threads():
                server.inbound("Hola, necesito una cita", "SMteam0001", DANA_CONTACT, DANA_NUMBER)
                server.inbound("Bonjour, pouvez-vous passer demain ?", "SMteam0002", LEO_CONTACT, LEO_NUMBER)
                status, leos = server.api("GET", f"/v1/conversations?rep={people[LEO]['id']}", admin_key)
                assert status == 200 and len(leos) == 1, leos
                people["leo-thread"] = leos[0]["conversation"]["id"]
                sign_in(driver, base, DANA, people[DANA]["key"])
                wait(driver, lambda d: "+525512340001" in d.page_source or d.find_elements(By.CSS_SELECTOR, ".conversation"),
                     message="Dana's thread is listed")
                links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#conversation-list a")]
                assert len(links) == 1, links
                assert people["leo-thread"] not in driver.page_source
                driver.get(base + "/conversations/" + people["leo-thread"])
                heading = driver.find_element(By.TAG_NAME, "h1").text
                assert "not found" in heading.lower() or "no such" in heading.lower(), heading
                assert "Bonjour" not in driver.page_source

            def revoking_the_key_ends_the_open_session_at_once():
                driver.get(base + "/conversations")
                wait(driver, lambda d: d.find_elements(By.ID, "conversations"), message="the list with its live stream")
                time.sleep(1)  # the page's event stream is open (not an assertion)
                status, keys = server.api("GET", f"/v1/people/{people[DANA]['id']}/keys", admin_key)
                assert status == 200 and len(keys["keys"]) == 1, keys
                status, revoked = server.api("DELETE", f"/v1/keys/{keys['keys'][0]['id']}", admin_key)
                assert status == 200 and revoked["active"] is False, revoked
                # The server closes the open stream; the page's reconnect is refused and it goes to sign-in by itself.
                wait(driver, lambda d: d.current_url.endswith("/sign-in"), seconds=60,
                     message="the open page went to sign-in when its stream closed")
                driver.get(base + "/conversations")
                assert driver.current_url.endswith("/sign-in"), driver.current_url
                status, _ = server.api("GET", "/v1/conversations", people[DANA]["key"])
                assert status == 401, status

            def the_admin_invites_from_the_team_page():
                sign_in(driver, base, ADMIN, admin_key)
                driver.get(base + "/admin/team")
                assert [row.find_element(By.CSS_SELECTOR, "th a").text for row in driver.find_elements(By.CSS_SELECTOR, "#people tbody tr")] \
                    == ["Ana Ortiz", "Dana Reyes", "Leo Park"]
                screenshots("list")
                driver.find_element(By.ID, "invite-name").send_keys("Cara Diaz")
                driver.find_element(By.ID, "invite-email").send_keys("cara@example.com")
                click(driver, driver.find_element(By.CSS_SELECTOR, "#invite-form button"))
                wait(driver, lambda d: d.find_elements(By.ID, "new-key"), message="the new key is shown")
                key = driver.find_element(By.ID, "new-key").text
                assert key.startswith("pk_"), key
                assert "not shown again" in driver.find_element(By.CSS_SELECTOR, ".team-new-key").text
                assert "pk_" not in driver.current_url
                people["cara-key"] = key
                screenshots("new-key")
                driver.get(base + "/admin/team")
                assert key not in driver.page_source and key[-4:] in driver.page_source
                # A duplicate email keeps what was typed and says why.
                driver.find_element(By.ID, "invite-name").send_keys("Cara Again")
                driver.find_element(By.ID, "invite-email").send_keys("CARA@example.com")
                click(driver, driver.find_element(By.CSS_SELECTOR, "#invite-form button"))
                wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".team-notice.error"), message="the refusal")
                assert driver.find_element(By.ID, "invite-name").get_attribute("value") == "Cara Again"
                status, _ = server.api("GET", "/v1/conversations", key)
                assert status == 200, status

            def the_admin_revokes_a_key_from_the_person_page():
                driver.get(base + "/admin/team")
                click(driver, driver.find_element(By.LINK_TEXT, "Cara Diaz"))
                wait(driver, lambda d: d.find_elements(By.ID, "keys"), message="Cara's page")
                screenshots("person")
                revoke = driver.find_element(By.CSS_SELECTOR, "#keys form[action$='/revoke'] button")
                click(driver, revoke)
                accept_confirm(driver)
                wait(driver, lambda d: "Key revoked" in d.page_source, message="the key is revoked")
                assert not driver.find_elements(By.CSS_SELECTOR, "#keys form[action$='/revoke']")
                status, _ = server.api("GET", "/v1/conversations", people["cara-key"])
                assert status == 401, status

            def the_admin_adds_and_reassigns_a_number():
                driver.get(base + "/admin/numbers")
                screenshots("numbers")
                driver.find_element(By.ID, "number-phone").send_keys("410 555")
                Select(driver.find_element(By.ID, "number-rep")).select_by_visible_text("Leo Park (leo@example.com)")
                click(driver, driver.find_element(By.CSS_SELECTOR, "#add-number-form button"))
                wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".team-notice.error"), message="a bad number is refused")
                assert driver.find_element(By.ID, "number-phone").get_attribute("value") == "410 555"
                field = driver.find_element(By.ID, "number-phone")
                field.clear()
                field.send_keys("+1 410 555 0133")
                click(driver, driver.find_element(By.CSS_SELECTOR, "#add-number-form button"))
                wait(driver, lambda d: "Number added" in d.page_source, message="the number is added")
                row = driver.find_element(By.XPATH, "//tr[th[text()='+14105550133']]")
                assert "Leo Park" in row.text, row.text
                Select(row.find_element(By.TAG_NAME, "select")).select_by_visible_text("Ana Ortiz (ana@example.com)")
                click(driver, row.find_element(By.TAG_NAME, "button"))
                wait(driver, lambda d: "Number reassigned" in d.page_source, message="the number is reassigned")
                row = driver.find_element(By.XPATH, "//tr[th[text()='+14105550133']]")
                assert "Ana Ortiz" in row.text, row.text
                screenshots("numbers-after")

            def no_csp_violations():
                assert not csp_violations(driver), csp_violations(driver)

            check("the admin sets up the team through the API", the_admin_sets_up_the_team_through_the_api)
            check("a rep sees only their own threads", a_rep_sees_only_their_own_threads)
            check("revoking the rep's key ends their open session at once", revoking_the_key_ends_the_open_session_at_once)
            check("the admin invites from the team page; the key is shown once", the_admin_invites_from_the_team_page)
            check("the admin revokes a key from the person's page", the_admin_revokes_a_key_from_the_person_page)
            check("the admin adds and reassigns a number", the_admin_adds_and_reassigns_a_number)
            check("no Content-Security-Policy violations", no_csp_violations)
        finally:
            driver.quit()
            server.stop()
    return check.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Templates, plain errors and full-name searches in a real headless Chromium.

An admin makes a shared template with a variable on /templates and previews it in Spanish; a rep
sees it; in a thread its variable is a labelled field ("Arrival time", {{arrival_time}} as a hint),
the contact's first name filled in, the live preview in the contact's language, and what is sent
has the values. A template with an unclosed {{ is refused with the reason on the form. "Rosa Díaz"
typed into Contacts' search and "bomba de calor" into the glossary editor's are found. With the
translation service down, what the thread's compose says is plain: no host, no port, no backend
name, whole seconds. Screenshots of /templates and of compose with a template, at 390 and 1280 px.

Usage: Tests/browser/test_compose.py [PARLEY_BINARY]; see support.py for the server it starts.
Prints one line per check and a closing 'compose: N passed, N failed'; exits 1 on any failure.
"""
import os
import re
import shutil
import sys
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support import (EMAIL, KEY, Checks, Server, add_rep, api, browser, csp_violations, full_page_screenshot, screenshot,
                     sign_in, wait)

PHONE, DESKTOP = (390, 844), (1280, 900)
REP_EMAIL = "sam.rep@parley.local"
REP_KEY = "browser-rep-key-0123456789abcdef"
TEMPLATE_NAME = "Arrival time"
TEMPLATE_TEXT = "Hi {{first_name}}, your technician arrives at {{arrival_time}}."
# What a rep must never read in an error.
INTERNALS = ["127.0.0.1", ":9", "port", "apertium", "Apertium", "unavailable", "circuitOpen", "HTTP"]


def messages(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#messages li.message")


def click(driver, element):
    """Clicks an element after scrolling it to the middle of the window (clear of sticky bars)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def card(driver, name):
    """The templates page's card of the template called `name`."""
    for item in driver.find_elements(By.CSS_SELECTOR, "#template-list li.template-card"):
        if item.find_element(By.CSS_SELECTOR, "h2").text == name:
            return item
    raise AssertionError(f"no template card named {name!r}")


def open_thread(driver, base, contact="María López"):
    driver.get(base + "/conversations")
    click(driver, driver.find_element(By.PARTIAL_LINK_TEXT, contact))
    wait(driver, lambda d: d.find_elements(By.ID, "compose-text"), message="the thread opens")


def screenshots(driver, name):
    """The current page, full height, at a phone's width and a desktop's."""
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        driver.set_window_size(*size)
        full_page_screenshot(driver, f"compose-{name}-{label}")
    driver.set_window_size(*PHONE)


def main():
    check = Checks("compose")

    with tempfile.TemporaryDirectory(prefix="parley-compose-") as state:
        glossaries = os.path.join(state, "glossaries")
        shutil.copytree(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "glossaries"), glossaries)
        keys = os.path.join(state, "keys")
        with open(keys, "w") as file:
            file.write(f"admin:{EMAIL}={KEY},rep:{REP_EMAIL}={REP_KEY}")
        os.environ["PARLEY_API_KEYS_FILE"] = keys
        server = Server(state, "--dir", glossaries, "--industry", "hvac")
        add_rep(state, "Sam Rep", REP_EMAIL)
        base = server.base
        driver = browser(*PHONE)
        try:
            def admin_makes_a_shared_template_and_previews_it():
                sign_in(driver, base)
                driver.get(base + "/templates")
                click(driver, driver.find_element(By.ID, "new-template"))
                wait(driver, lambda d: d.find_elements(By.ID, "template-form"), message="the new template form")
                shared = driver.find_element(By.NAME, "shared")
                assert shared.is_selected(), "an admin's template is shared by default"
                driver.find_element(By.NAME, "name").send_keys(TEMPLATE_NAME)
                driver.find_element(By.NAME, "text").send_keys(TEMPLATE_TEXT)
                click(driver, driver.find_element(By.CSS_SELECTOR, "#template-form button[type='submit']"))
                wait(driver, lambda d: "done=created" in d.current_url, message="created")
                item = card(driver, TEMPLATE_NAME)
                assert "Shared with the team" in item.text, item.text
                labels = [label.text for label in item.find_elements(By.CSS_SELECTOR, ".template-fields label")]
                assert labels == ["First name {{first_name}}", "Arrival time {{arrival_time}}"], labels
                item.find_element(By.CSS_SELECTOR, "input[name='first_name']").send_keys("Rosa")
                item.find_element(By.CSS_SELECTOR, "input[name='arrival_time']").send_keys("3:30 PM")
                Select(driver.find_element(By.ID, "preview-language")).select_by_value("es")
                click(driver, item.find_element(By.CSS_SELECTOR, ".preview-button"))
                wait(driver, lambda d: card(d, TEMPLATE_NAME).find_element(By.CSS_SELECTOR, ".preview-text").text.strip(),
                     seconds=30, message="the preview in Spanish")
                text = item.find_element(By.CSS_SELECTOR, ".preview-text").text
                assert "Rosa" in text and "3:30 p. m." in text and "technician" not in text, text
                assert item.find_element(By.CSS_SELECTOR, ".preview-sms").text.startswith("es"), "in Spanish"
                screenshots(driver, "templates")

            def a_rep_sees_the_shared_template():
                rep = browser(*PHONE)
                try:
                    sign_in(rep, base, REP_EMAIL, REP_KEY)
                    rep.get(base + "/templates")
                    item = card(rep, TEMPLATE_NAME)
                    assert "Shared with the team" in item.text, item.text
                    assert not item.find_elements(By.LINK_TEXT, "Edit"), "a rep does not edit a shared template"
                    assert "On the way" in rep.page_source, "the demo's shared template too"
                finally:
                    rep.quit()

            def unclosed_braces_are_refused_on_the_form():
                driver.get(base + "/templates/new")
                driver.find_element(By.NAME, "name").send_keys("Broken")
                driver.find_element(By.NAME, "text").send_keys("Hi {{first_name, see you soon.")
                click(driver, driver.find_element(By.CSS_SELECTOR, "#template-form button[type='submit']"))
                error = wait(driver, lambda d: d.find_element(By.ID, "form-error"), message="the reason on the form")
                assert "Unclosed {{" in error.text and "{{first_name}}" in error.text, error.text
                assert driver.find_element(By.NAME, "text").get_attribute("value") == "Hi {{first_name, see you soon.", "what was typed stays"
                driver.get(base + "/templates")
                assert "Broken" not in driver.find_element(By.ID, "template-list").text

            def the_template_is_used_from_a_thread():
                open_thread(driver, base)
                Select(driver.find_element(By.ID, "template")).select_by_visible_text(TEMPLATE_NAME)
                first = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#template-values input[name='first_name']"),
                             message="a field for first_name")
                labels = [label.text for label in driver.find_elements(By.CSS_SELECTOR, "#template-values label")]
                assert labels == ["First name {{first_name}}", "Arrival time {{arrival_time}}"], labels
                assert first.get_attribute("value") == "María", "the contact's first name is filled in"
                time_field = driver.find_element(By.CSS_SELECTOR, "#template-values input[name='arrival_time']")
                assert driver.switch_to.active_element == time_field, "the empty field has the focus"
                time_field.send_keys("3:30 PM")
                wait(driver, lambda d: "María" in d.find_element(By.ID, "preview-text").text and "3:30" in d.find_element(By.ID, "preview-text").text,
                     seconds=30, message="the live preview with the values")
                assert driver.find_element(By.ID, "preview-sms").text.startswith("es"), "in the contact's language"
                preview = driver.find_element(By.ID, "preview-text").text
                assert "technician" not in preview, preview
                screenshots(driver, "thread-template")
                before = len(messages(driver))
                click(driver, driver.find_element(By.CSS_SELECTOR, "#compose button[type='submit']"))
                wait(driver, lambda d: len(messages(d)) > before, seconds=30, message="sent")
                newest = messages(driver)[-1]
                assert "Hi María, your technician arrives at 3:30 PM." in newest.text, newest.text
                sent = newest.find_element(By.CSS_SELECTOR, "details.sent")
                click(driver, sent)
                assert preview in sent.text and "María" in sent.text, sent.text

            def a_full_name_is_found_on_contacts():
                status, numbers = api(base, "GET", "/v1/numbers", KEY)
                assert status == 200, numbers
                status, started = api(base, "POST", "/v1/conversations", KEY,
                                      {"numberID": numbers[0]["id"], "phone": "+52 55 7777 1234", "name": "Rosa Díaz", "language": "es"})
                assert status == 201, started
                driver.get(base + "/contacts")
                box = wait(driver, lambda d: d.find_element(By.NAME, "q"), message="the contact search")
                box.send_keys("Rosa Díaz")
                box.submit()
                wait(driver, lambda d: "q=" in d.current_url, message="searched")
                assert "q=Rosa+D%C3%ADaz" in driver.current_url, driver.current_url
                found = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#contact-results .contact")]
                assert found == ["Rosa Díaz"], found
                assert driver.find_element(By.NAME, "q").get_attribute("value") == "Rosa Díaz"

            def a_phrase_is_found_in_the_glossary():
                driver.get(base + "/admin/glossaries/hvac")
                box = wait(driver, lambda d: d.find_element(By.NAME, "q"), message="the glossary search")
                box.send_keys("bomba de calor")
                click(driver, driver.find_element(By.CSS_SELECTOR, "form.search button"))
                wait(driver, lambda d: "q=" in d.current_url, message="searched")
                assert "q=bomba+de+calor" in driver.current_url, driver.current_url
                ids = [item.get_attribute("id") for item in driver.find_elements(By.CSS_SELECTOR, "#concept-list li.concept")]
                assert "concept-hvac-heat-pump" in ids, ids

            def no_csp_violations():
                violations = csp_violations(driver)
                assert not violations, violations

            check("an admin makes a shared template on /templates and previews it in Spanish", admin_makes_a_shared_template_and_previews_it)
            check("a rep sees the shared template and cannot edit it", a_rep_sees_the_shared_template)
            check("an unclosed {{ is refused with the reason on the form", unclosed_braces_are_refused_on_the_form)
            check("the template from a thread: labelled fields, name filled in, preview in Spanish, sent with the values",
                  the_template_is_used_from_a_thread)
            check("'Rosa Díaz' typed into Contacts' search finds her", a_full_name_is_found_on_contacts)
            check("'bomba de calor' typed into the glossary search finds the heat pump", a_phrase_is_found_in_the_glossary)
            check("no Content-Security-Policy violations", no_csp_violations)
        finally:
            driver.quit()
            server.stop()

    # The translation service down: what compose shows is plain.
    with tempfile.TemporaryDirectory(prefix="parley-compose-down-") as state:
        os.environ.pop("PARLEY_API_KEYS_FILE", None)
        apertium = os.environ.get("PARLEY_APERTIUM_URL")
        os.environ["PARLEY_APERTIUM_URL"] = "http://127.0.0.1:9"
        try:
            server = Server(state)
        finally:
            if apertium is None:
                os.environ.pop("PARLEY_APERTIUM_URL", None)
            else:
                os.environ["PARLEY_APERTIUM_URL"] = apertium
        driver = browser(*PHONE)
        try:
            def errors_are_plain_with_the_backend_down():
                sign_in(driver, server.base)
                open_thread(driver, server.base)
                box = driver.find_element(By.ID, "compose-text")
                error = driver.find_element(By.ID, "compose-error")
                seen = []
                # Each preview fails; enough failures open the circuit, whose wait is in whole seconds.
                for attempt in range(12):
                    # The last answer cleared, so the next one is seen even when it says the same.
                    driver.execute_script("arguments[0].textContent = ''; arguments[0].hidden = true;", error)
                    box.clear()
                    box.send_keys(f"Your technician arrives at {attempt + 1} PM.")
                    wait(driver, lambda d: error.is_displayed() and error.text.strip(), seconds=30, message="the preview's error")
                    seen.append(error.text)
                    if "paused" in error.text:
                        break
                for text in seen:
                    for word in INTERNALS:
                        assert word not in text, (word, text)
                    assert "Nothing was sent" in text, text
                assert any(text.startswith("The translation service did not answer.") for text in seen), seen
                paused = seen[-1]
                assert re.fullmatch(r"Translation is paused for \d+ s after repeated failures\. Nothing was sent; try again in \d+ s\.", paused), seen
                screenshot(driver, "compose-backend-down-phone")

            check("with the translation service down, compose says so plainly (no host or port; whole seconds)",
                  errors_are_plain_with_the_backend_down)
        finally:
            driver.quit()
            server.stop()

    return check.finish()


if __name__ == "__main__":
    sys.exit(main())

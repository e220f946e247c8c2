#!/usr/bin/env python3
"""The admins' glossary editor in a real headless Chromium: an admin edits a term and the next
preview uses it; a hostile term shows as text; a CSV imported through the form is listed; the
history shows the edit; no Content-Security-Policy violations. Screenshots of the glossary list,
the concept list with a search, the edit form and the history, at a phone's width and a desktop's.

The server gets a copy of the repository's glossaries/ in its temporary state folder
(`parley serve --dir COPY --industry hvac`), so edits never touch the repository.

The translation memory: the rep flags a reply in a thread and proposes wording, the admin approves it
in the review queue, and the next preview in another conversation uses it with a new time.

Usage: Tests/browser/test_admin.py [PARLEY_BINARY]; see support.py for the server it starts.
Prints one line per check and a closing 'admin: N passed, N failed'; exits 1 on any failure.
"""
import os
import shutil
import sys
import tempfile

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support import EMAIL, HOSTILE, ROOT, Checks, Server, browser, csp_violations, screenshot, sign_in, wait

# The Spanish term the admin gives "technician": no translation engine writes it by itself.
NEW_TERM = "especialista Zorbatón"
PHONE, DESKTOP = (390, 844), (1280, 900)
# A reply the starter memory does not have, and the wording the rep proposes for it.
MEMORY_SENTENCE = "Your order will be ready at {}."
def memory_wording(value):
    """The wording with a time ("3:00 p. m." ends the sentence with its own period) or a variable."""
    return f"Su pedido estará listo a las {value}" + ("" if value.endswith(".") else ".")


def click(driver, element):
    """Clicks an element after scrolling it to the middle of the window (clear of sticky bars)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def full_page(driver, name):
    """A screenshot of the whole page: the window made as tall as the page plus the browser's own
    bars (about 145 pixels in headless Chromium, more than support.full_page_screenshot allows)."""
    size = driver.get_window_size()
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(size["width"], max(size["height"], min(height + 200, 6000)))
    try:
        return screenshot(driver, name)
    finally:
        driver.set_window_size(size["width"], size["height"])


def no_alert(driver):
    try:
        driver.switch_to.alert
        raise AssertionError("an alert opened")
    except NoAlertPresentException:
        pass


def concept_ids(driver):
    return [item.get_attribute("id")[len("concept-"):] for item in driver.find_elements(By.CSS_SELECTOR, "#concept-list li.concept")]


def main():
    check = Checks("admin")

    with tempfile.TemporaryDirectory(prefix="parley-admin-") as state:
        glossaries = os.path.join(state, "glossaries")
        shutil.copytree(os.path.join(ROOT, "glossaries"), glossaries)
        server = Server(state, "--dir", glossaries, "--industry", "hvac")
        base = server.base
        driver = browser(*PHONE)

        def screenshots(name, path):
            """The page at `path` (or the current one), full height, at a phone's width and a desktop's."""
            for label, (width, height) in (("phone", PHONE), ("desktop", DESKTOP)):
                driver.set_window_size(width, height)
                if path:
                    driver.get(base + path)
                full_page(driver, f"admin-{name}-{label}")
            driver.set_window_size(*PHONE)

        try:
            def opens_glossaries():
                sign_in(driver, base)
                click(driver, driver.find_element(By.LINK_TEXT, "Glossaries"))
                wait(driver, lambda d: d.current_url.endswith("/admin/glossaries"), message="the glossary list")
                items = driver.find_elements(By.CSS_SELECTOR, ".glossary-item")
                assert len(items) >= 10, [item.text for item in items]
                hvac = next(item for item in items if item.find_element(By.CSS_SELECTOR, ".industry").text == "hvac")
                assert "59 concepts" in hvac.text and "enforced" in hvac.text, hvac.text
                screenshots("glossaries", None)

            def searches():
                click(driver, driver.find_element(By.LINK_TEXT, "hvac"))
                wait(driver, lambda d: d.find_elements(By.ID, "concept-list"), message="the concept list")
                box = driver.find_element(By.NAME, "q")
                box.send_keys("técnico")
                click(driver, driver.find_element(By.CSS_SELECTOR, "form.search button"))
                wait(driver, lambda d: "q=" in d.current_url, message="the search is run")
                assert concept_ids(driver) == ["hvac-technician"], concept_ids(driver)
                assert "1 of 59 concepts match" in driver.find_element(By.ID, "result-count").text
                screenshots("concepts-search", "/admin/glossaries/hvac?q=t%C3%A9cnico")

            def edits_the_spanish_term():
                driver.get(base + "/admin/glossaries/hvac?q=technician")
                click(driver, driver.find_element(By.CSS_SELECTOR, "#concept-hvac-technician a.edit"))
                wait(driver, lambda d: d.find_elements(By.ID, "concept-form"), message="the edit form")
                screenshots("edit", None)
                # "Add a row" (admin.js) adds a row that adds a term.
                rows = len(driver.find_elements(By.CSS_SELECTOR, "#new-rows .term-row"))
                click(driver, driver.find_element(By.ID, "add-row"))
                assert len(driver.find_elements(By.CSS_SELECTOR, "#new-rows .term-row")) == rows + 1
                spanish = driver.find_elements(By.CSS_SELECTOR, "fieldset[data-language='es'] .term-row")
                preferred = next(row for row in spanish
                                 if Select(row.find_element(By.CSS_SELECTOR, ".term-status")).first_selected_option.get_attribute("value") == "preferred")
                field = preferred.find_element(By.CSS_SELECTOR, ".term-text")
                assert field.get_attribute("value") == "técnico", field.get_attribute("value")
                field.clear()
                field.send_keys(NEW_TERM)
                click(driver, driver.find_element(By.CSS_SELECTOR, "#concept-form .form-actions button[type='submit']"))
                wait(driver, lambda d: "saved=" in d.current_url, message="saved and redirected")
                notice = driver.find_element(By.ID, "saved").text
                assert "Saved (edit concept)" in notice and NEW_TERM in notice, notice

            def next_preview_uses_it():
                driver.get(base + "/conversations")
                click(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "María López"))
                wait(driver, lambda d: d.find_elements(By.ID, "compose-text"), message="the thread opens")
                driver.find_element(By.ID, "compose-text").send_keys("Your technician is on the way.")
                wait(driver, lambda d: NEW_TERM in d.find_element(By.ID, "preview-text").text, seconds=30,
                     message="the preview uses the new term")

            def hostile_term_is_text():
                driver.get(base + "/admin/glossaries/hvac/concepts/new")
                rows = driver.find_elements(By.CSS_SELECTOR, "#new-rows .term-row")
                assert Select(rows[0].find_element(By.CSS_SELECTOR, ".term-lang")).first_selected_option.get_attribute("value") == "en"
                rows[0].find_element(By.CSS_SELECTOR, ".term-text").send_keys(HOSTILE)
                Select(rows[1].find_element(By.CSS_SELECTOR, ".term-lang")).select_by_value("es")
                rows[1].find_element(By.CSS_SELECTOR, ".term-text").send_keys("guion hostil")
                click(driver, driver.find_element(By.CSS_SELECTOR, "#concept-form .form-actions button[type='submit']"))
                wait(driver, lambda d: "saved=" in d.current_url, message="the new concept is saved")
                assert driver.find_element(By.TAG_NAME, "h1").text == "hvac-script-alert-1-script"
                driver.get(base + "/admin/glossaries/hvac?q=alert")
                listed = driver.find_element(By.ID, "concept-list")
                assert HOSTILE in listed.text, listed.text
                assert not listed.find_elements(By.TAG_NAME, "script"), "a script element in the list"
                no_alert(driver)

            def imports_a_csv():
                csv = os.path.join(state, "extra.csv")
                with open(csv, "w", encoding="utf-8") as file:
                    file.write("en,es\nzone damper,compuerta de zona Parley\n")
                driver.get(base + "/admin/glossaries/hvac")
                click(driver, driver.find_element(By.CSS_SELECTOR, "details.import summary"))
                driver.find_element(By.ID, "import-file").send_keys(csv)
                click(driver, driver.find_element(By.CSS_SELECTOR, "#import-form button[type='submit']"))
                wait(driver, lambda d: "saved=" in d.current_url, message="imported and shown again")
                notice = driver.find_element(By.CSS_SELECTOR, ".notice.success").text
                assert "import csv (merge)" in notice and "hvac-zone-damper: added" in notice, notice
                assert "hvac-zone-damper" in concept_ids(driver), concept_ids(driver)
                assert "compuerta de zona Parley" in driver.find_element(By.ID, "concept-hvac-zone-damper").text

            def a_bad_file_shows_its_problems():
                bad = os.path.join(state, "bad.csv")
                with open(bad, "w", encoding="utf-8") as file:
                    file.write("en,es,pos\nblower wheel,rueda del ventilador,nounish\n")
                driver.get(base + "/admin/glossaries/hvac")
                click(driver, driver.find_element(By.CSS_SELECTOR, "details.import summary"))
                driver.find_element(By.ID, "import-file").send_keys(bad)
                click(driver, driver.find_element(By.CSS_SELECTOR, "#import-form button[type='submit']"))
                wait(driver, lambda d: "error" in d.find_element(By.ID, "import-result").get_attribute("class"),
                     message="the import's problems are shown")
                result = driver.find_element(By.ID, "import-result").text
                assert "line 2" in result and "nounish" in result, result
                assert driver.current_url.endswith("/admin/glossaries/hvac")

            def history_shows_the_edit():
                driver.get(base + "/admin/glossaries/hvac")
                click(driver, driver.find_element(By.LINK_TEXT, "History"))
                wait(driver, lambda d: d.find_elements(By.ID, "history"), message="the history")
                entries = [entry.text for entry in driver.find_elements(By.CSS_SELECTOR, ".history-entry")]
                assert "import csv (merge)" in entries[0], entries[0]
                edit = next(entry for entry in entries if "edit concept" in entry)
                assert EMAIL in edit and f"hvac-technician: es: added '{NEW_TERM}' (preferred)" in edit, edit
                assert "hvac-technician: es: removed 'técnico'" in edit, edit
                screenshots("history", "/admin/glossaries/hvac/history")

            def displayed(element_id):
                return lambda d: d.find_element(By.ID, element_id) if d.find_element(By.ID, element_id).is_displayed() else None

            def send_from_compose(english):
                """Types a reply, waits for its preview, confirms its doubts if it has any, sends; the new message."""
                box = driver.find_element(By.ID, "compose-text")
                box.clear()
                box.send_keys(english)
                wait(driver, lambda d: d.find_element(By.ID, "preview-back").text.strip() not in ("", "—"), seconds=30,
                     message="a preview with its back-translation")
                if driver.find_element(By.ID, "preview-doubts").is_displayed():
                    click(driver, driver.find_element(By.ID, "confirm-doubts"))
                before = len(driver.find_elements(By.CSS_SELECTOR, "#messages li.message"))
                click(driver, driver.find_element(By.CSS_SELECTOR, "#compose button[type='submit']"))
                wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#messages li.message")) > before, seconds=30,
                     message="the reply is sent")
                return driver.find_elements(By.CSS_SELECTOR, "#messages li.message")[-1]

            def rep_flags_a_translation():
                driver.get(base + "/conversations")
                click(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "María López"))
                wait(driver, lambda d: d.find_elements(By.ID, "compose-text"), message="the thread opens")
                message = send_from_compose(MEMORY_SENTENCE.format("3:00 PM"))
                flag = message.find_element(By.CSS_SELECTOR, "details.flag")
                click(driver, flag.find_element(By.TAG_NAME, "summary"))
                wording = flag.find_element(By.NAME, "proposal")
                assert wording.get_attribute("value").strip(), "the sent text to start from"
                wording.clear()
                wording.send_keys(memory_wording("3:00 p. m."))
                flag.find_element(By.NAME, "note").send_keys("Say 'pedido'")
                full_page(driver, "admin-memory-flag-phone")
                click(driver, flag.find_element(By.CSS_SELECTOR, "button[type='submit']"))
                wait(driver, lambda d: "Sent for review" in flag.find_element(By.CSS_SELECTOR, ".flag-status").text,
                     message="the proposal is sent for review")

            def admin_approves_it():
                click(driver, driver.find_element(By.LINK_TEXT, "Memory"))
                wait(driver, lambda d: d.current_url.endswith("/admin/memory"), message="the review queue")
                entry = next(item for item in driver.find_elements(By.CSS_SELECTOR, ".memory-entry")
                             if item.find_element(By.CSS_SELECTOR, ".source").text == MEMORY_SENTENCE.format("{time}"))
                assert EMAIL in entry.text and "Say 'pedido'" in entry.text, entry.text
                assert entry.find_element(By.NAME, "target").get_attribute("value") == memory_wording("{time}")
                screenshots("memory-queue", None)
                click(driver, entry.find_element(By.CSS_SELECTOR, "button[value='approve']"))
                wait(driver, lambda d: "done=approved" in d.current_url, message="approved")
                assert "Approved" in driver.find_element(By.CSS_SELECTOR, ".notice.success").text
                driver.get(base + "/admin/memory?status=approved")
                assert MEMORY_SENTENCE.format("{time}") in driver.find_element(By.CSS_SELECTOR, ".memory-list").text
                driver.get(base + "/admin/memory/history")
                lines = [line.text for line in driver.find_elements(By.CSS_SELECTOR, ".memory-history li")]
                assert "approved" in lines[0] and EMAIL in lines[0], lines[:2]

            def next_preview_in_another_conversation_uses_it():
                driver.get(base + "/conversations")
                click(driver, driver.find_element(By.CSS_SELECTOR, "details.new-conversation summary"))
                form = driver.find_element(By.CSS_SELECTOR, "form.new-conversation-form")
                form.find_element(By.NAME, "phone").send_keys("+52 55 1234 9876")
                form.find_element(By.NAME, "name").send_keys("Marta Ruiz")
                Select(form.find_element(By.NAME, "language")).select_by_value("es")  # the language is chosen by name
                click(driver, form.find_element(By.CSS_SELECTOR, "button[type='submit']"))
                wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the new thread opens")
                driver.find_element(By.ID, "compose-text").send_keys(MEMORY_SENTENCE.format("10:30 AM"))
                wanted = memory_wording("10:30 a. m.")
                shown = lambda d: " ".join(d.find_element(By.ID, "preview-text").text.split())
                try:
                    wait(driver, lambda d: shown(d) == wanted, seconds=30, message="the preview uses the approved wording with the new time")
                except Exception:
                    raise AssertionError(f"the preview shows {shown(driver)!r}, not {wanted!r}")
                warnings = driver.find_element(By.ID, "preview-warnings").text
                assert "approved wording" in warnings, warnings
                assert not driver.find_element(By.ID, "preview-doubts").is_displayed()

            def no_csp_violations():
                violations = csp_violations(driver)
                assert not violations, violations

            check("an admin signs in and opens Glossaries", opens_glossaries)
            check("search finds a concept by its Spanish term", searches)
            check("the admin edits the concept's Spanish term", edits_the_spanish_term)
            check("the next preview in María López's thread uses the new term", next_preview_uses_it)
            check("a term <script>alert(1)</script> shows as text", hostile_term_is_text)
            check("a CSV imported through the form is listed", imports_a_csv)
            check("a bad file is refused with its line and problem", a_bad_file_shows_its_problems)
            check("the history shows the edit with the admin's email", history_shows_the_edit)
            check("a rep flags a translation and proposes wording", rep_flags_a_translation)
            check("an admin approves it in the review queue; the history shows who", admin_approves_it)
            check("the next preview in another conversation uses it with a new time", next_preview_in_another_conversation_uses_it)
            check("no Content-Security-Policy violations", no_csp_violations)
        finally:
            driver.quit()
            server.stop()

    return check.finish()


if __name__ == "__main__":
    sys.exit(main())

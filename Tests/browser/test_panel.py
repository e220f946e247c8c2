#!/usr/bin/env python3
"""The rep's panel in a real headless Chromium (Debian's chromium and chromium-driver, driven by
Selenium): sign in, see a hostile inbound SMS as text, watch a reply arrive live, preview and send.

Usage: Tests/browser/test_panel.py [PARLEY_BINARY]; see support.py for the server it starts.
Prints one line per check and a closing 'browser: N passed, N failed'; exits 1 on any failure.
"""
import os
import sys
import tempfile
import time

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

from support import (BINARY, BUSINESS, CONTACT, EMAIL, HOSTILE, KEY, Checks, Server, browser, csp_violations,
                     full_page_screenshot, screenshot, wait)

def messages(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#messages li.message")


def main():
    check = Checks("browser")

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
        finally:
            driver.quit()
            server.stop()

    return check.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The rep's panel in a real headless Chromium (Debian's chromium and chromium-driver, driven by
Selenium): sign in, see a hostile inbound SMS as text, watch replies arrive live, start a
conversation, preview and send, templates with values, find a contact, pick up an OTTO lead; with
screenshots of the main screens.

Usage: Tests/browser/test_panel.py [PARLEY_BINARY]; see support.py for the server it starts.
Prints one line per check and a closing 'browser: N passed, N failed'; exits 1 on any failure.
"""
import os
import sys
import tempfile
import time

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

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
                screenshot(driver, "sign-in-phone")
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

            new_contact = {"phone": "+34 612 345 678", "e164": "+34612345678", "name": "Lucía Gómez"}

            def newest_message():
                return messages(driver)[-1]

            def compose_and_send(english):
                """Types English, waits for its live preview, sends; the preview's text and the new message."""
                box = driver.find_element(By.ID, "compose-text")
                box.clear()
                box.send_keys(english)
                wait(driver, lambda d: d.find_element(By.ID, "preview-text").text.strip(), seconds=30, message="a live preview")
                wait(driver, lambda d: d.find_element(By.ID, "preview-back").text.strip() not in ("", "—"), seconds=30,
                     message="a back-translation")
                preview = driver.find_element(By.ID, "preview-text").text
                before = len(messages(driver))
                driver.find_element(By.CSS_SELECTOR, "#compose button[type='submit']").click()
                wait(driver, lambda d: len(messages(d)) > before, seconds=30, message="the reply appears")
                return preview, newest_message()

            def sent_text(message):
                sent = message.find_element(By.CSS_SELECTOR, "details.sent")
                sent.click()
                return sent.find_element(By.TAG_NAME, "p").text

            def rep_starts_a_conversation_and_sends():
                driver.get(server.base + "/conversations")
                screenshot(driver, "conversations-phone")
                driver.find_element(By.CSS_SELECTOR, "details.new-conversation summary").click()
                form = driver.find_element(By.CSS_SELECTOR, "form.new-conversation-form")
                form.find_element(By.NAME, "phone").send_keys(new_contact["phone"])
                form.find_element(By.NAME, "name").send_keys(new_contact["name"])
                form.find_element(By.NAME, "language").send_keys("es")
                screenshot(driver, "new-conversation-phone")
                form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
                wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the new thread opens")
                assert new_contact["name"] in driver.find_element(By.TAG_NAME, "h1").text
                english = "We can repair your heater tomorrow morning."
                box = driver.find_element(By.ID, "compose-text")
                box.send_keys(english)
                wait(driver, lambda d: d.find_element(By.ID, "preview-back").text.strip() not in ("", "—"), seconds=30,
                     message="a live preview with its back-translation")
                sms = driver.find_element(By.ID, "preview-sms").text
                assert "segment" in sms and "es" in sms, sms
                screenshot(driver, "compose-preview-phone")
                box.clear()
                preview, message = compose_and_send(english)
                assert preview.strip() and preview != english, preview
                assert "outbound" in message.get_attribute("class")
                assert english in message.find_element(By.CSS_SELECTOR, "p.english").text
                assert sent_text(message) == preview

            def spanish_reply_arrives_live_in_english():
                before = len(messages(driver))
                time.sleep(1)  # the thread's event stream is open
                spanish = "Perfecto, muchas gracias. ¿A qué hora llega el técnico?"
                server.inbound(spanish, "SMbrowser0100", sender=new_contact["e164"])
                wait(driver, lambda d: len(messages(d)) > before, message="the reply appears without a reload")
                wait(driver, lambda d: "pending" not in newest_message().get_attribute("class"), seconds=30,
                     message="its translation arrives")
                reply = newest_message()
                assert "inbound" in reply.get_attribute("class")
                english = reply.find_element(By.CSS_SELECTOR, "p.english").text
                assert english.strip() and english != spanish, english
                assert "thank" in english.lower() or "technician" in english.lower(), english
                original = reply.find_element(By.CSS_SELECTOR, "details.original")
                original.click()
                assert spanish in original.text
                assert "(es)" in original.find_element(By.TAG_NAME, "summary").text
                screenshot(driver, "thread-phone")

            def rep_answers_and_sees_the_spanish_sent():
                english = "The technician arrives at nine."
                preview, message = compose_and_send(english)
                sent = sent_text(message)
                assert sent == preview and sent != english, (sent, english)
                assert "técnico" in sent.lower() or "nueve" in sent.lower(), sent

            def template_with_values():
                Select(driver.find_element(By.ID, "template")).select_by_visible_text("On the way")
                value = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#template-values input[name='first_name']"),
                             message="the template asks for first_name")
                assert driver.find_element(By.ID, "compose-text").get_attribute("readonly") is not None
                assert value.get_attribute("value") == "Lucía", "pre-filled with the contact's first name"
                wait(driver, lambda d: "Lucía" in d.find_element(By.ID, "preview-text").text, seconds=30,
                     message="the preview fills the value in")
                screenshot(driver, "compose-template-phone")
                before = len(messages(driver))
                driver.find_element(By.CSS_SELECTOR, "#compose button[type='submit']").click()
                wait(driver, lambda d: len(messages(d)) > before, seconds=30, message="the template is sent")
                assert "Hi Lucía, your technician is on the way." in newest_message().text
                assert driver.find_element(By.ID, "compose-text").get_attribute("readonly") is None, "compose is free again"

            def find_contact_and_message_from_record():
                thread_url = driver.current_url
                driver.find_element(By.LINK_TEXT, "Contacts").click()
                box = wait(driver, lambda d: d.find_element(By.NAME, "q"), message="the contact search")
                box.send_keys("Gómez")
                box.submit()
                wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#contact-results a"), message="search results")
                driver.find_element(By.PARTIAL_LINK_TEXT, new_contact["name"]).click()
                wait(driver, lambda d: d.find_elements(By.ID, "contact"), message="the contact's record")
                assert new_contact["e164"] in driver.find_element(By.ID, "contact").text
                screenshot(driver, "contact-phone")
                driver.find_element(By.CSS_SELECTOR, "form.message-contact button").click()
                wait(driver, lambda d: d.current_url == thread_url, message="Message opens the same thread")

            def pick_up_a_lead():
                server.lead("+34 699 111 222", "Jorge Martín", [
                    ("bot", "Hi! I'm OTTO. What can we help you with?"),
                    ("contact", "Mi calefacción no funciona desde ayer."),
                    ("bot", "Thanks! A specialist will text you shortly."),
                ])
                driver.find_element(By.LINK_TEXT, "Leads").click()
                lead = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#waiting-leads li.lead"), message="the waiting lead")
                assert "Jorge Martín" in lead.text
                assert "Mi calefacción" not in lead.find_element(By.CSS_SELECTOR, ".snippet").text, "the opening reads in English"
                screenshot(driver, "leads-phone")
                lead.find_element(By.CSS_SELECTOR, "form.pick-up button").click()
                wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the lead's thread opens")
                transcript = driver.find_element(By.ID, "transcript")
                assert "I'm OTTO" in transcript.text
                assert not driver.find_elements(By.CSS_SELECTOR, ".lead-banner"), "picked up: no banner"
                full_page_screenshot(driver, "lead-thread-phone")
                driver.find_element(By.LINK_TEXT, "Leads").click()
                assert "Picked up by" in driver.find_element(By.ID, "picked-up-leads").text

            def opt_out_warns():
                driver.get(server.base + "/conversations")
                driver.find_element(By.PARTIAL_LINK_TEXT, new_contact["name"]).click()
                wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the thread opens")
                before = len(messages(driver))
                time.sleep(1)  # the event stream is open
                server.inbound("ALTO", "SMbrowser0200", sender=new_contact["e164"])
                wait(driver, lambda d: len(messages(d)) > before, message="the opt-out arrives live")
                wait(driver, lambda d: newest_message().find_elements(By.CSS_SELECTOR, ".note.warning"), seconds=30,
                     message="flagged as an opt-out request")
                warning = newest_message().find_element(By.CSS_SELECTOR, ".note.warning").text
                assert "opt-out" in warning and not warning.startswith("optOut:"), warning
                # The notice above compose follows the contact's consent live, without a reload.
                notice = wait(driver, lambda d: d.find_element(By.ID, "opt-out") if d.find_element(By.ID, "opt-out").is_displayed() else None,
                              message="the opt-out notice above compose, live")
                assert "ALTO" in notice.text and "opt back in" in notice.text, notice.text
                # A send is refused with the reason, and nothing is added to the thread.
                shown = len(messages(driver))
                box = driver.find_element(By.ID, "compose-text")
                box.send_keys("Are you still interested?")
                driver.find_element(By.CSS_SELECTOR, "#compose button[type='submit']").click()
                refusal = wait(driver, lambda d: d.find_element(By.ID, "compose-error") if d.find_element(By.ID, "compose-error").is_displayed() else None,
                               message="the refusal is shown")
                assert "stop messages" in refusal.text, refusal.text
                assert len(messages(driver)) == shown
                box.clear()
                screenshot(driver, "opt-out-phone")
                driver.get(server.base + "/conversations")
                row = driver.find_element(By.PARTIAL_LINK_TEXT, new_contact["name"])
                assert "opted out" in row.text, row.text

            def displayed(element_id):
                return lambda d: d.find_element(By.ID, element_id) if d.find_element(By.ID, element_id).is_displayed() else None

            def doubtful_reply_needs_confirming():
                driver.get(server.base + "/conversations")
                driver.find_element(By.PARTIAL_LINK_TEXT, "María López").click()
                wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the thread opens")
                # How the contact is addressed is saved from the thread.
                Select(driver.find_element(By.CSS_SELECTOR, "#formality-form select")).select_by_value("informal")
                wait(driver, lambda d: d.find_element(By.ID, "formality-status").text == "Saved.", message="the register is saved")
                box = driver.find_element(By.ID, "compose-text")
                box.send_keys("We will clean the ductwork tomorrow.")
                doubts = wait(driver, displayed("preview-doubts"), seconds=30, message="why the translation may be wrong")
                assert "ductwork" in doubts.text, doubts.text
                screenshot(driver, "compose-doubts-phone")
                shown = len(messages(driver))
                driver.find_element(By.CSS_SELECTOR, "#compose button[type='submit']").click()
                refusal = wait(driver, displayed("compose-error"), message="send asks for the confirmation first")
                assert "tick" in refusal.text, refusal.text
                assert len(messages(driver)) == shown
                driver.find_element(By.ID, "confirm-doubts").click()
                driver.find_element(By.CSS_SELECTOR, "#compose button[type='submit']").click()
                wait(driver, lambda d: len(messages(d)) > shown, seconds=30, message="sent once confirmed")
                assert "ductwork" in newest_message().find_element(By.CSS_SELECTOR, "p.english").text

            def probable_opt_out_is_confirmed_or_dismissed():
                before = len(messages(driver))
                time.sleep(1)  # the event stream is open
                server.inbound("Por favor ya no me manden mensajes", "SMbrowser0300")
                wait(driver, lambda d: len(messages(d)) > before, message="the message arrives live")
                review = wait(driver, displayed("opt-out-review"), seconds=30, message="the rep is asked to confirm")
                assert "Confirm" in driver.find_element(By.ID, "opt-out").text
                screenshot(driver, "opt-out-review-phone")
                review.find_element(By.ID, "dismiss-opt-out").click()
                wait(driver, lambda d: not d.find_element(By.ID, "opt-out-review").is_displayed(), message="dismissed")
                assert not driver.find_element(By.ID, "opt-out").is_displayed()
                time.sleep(1)
                server.inbound("dejen de enviarme mensajes", "SMbrowser0301")
                review = wait(driver, displayed("opt-out-review"), seconds=30, message="asked again")
                review.find_element(By.ID, "confirm-opt-out").click()
                wait(driver, lambda d: not d.find_element(By.ID, "opt-out-review").is_displayed(), message="confirmed")
                notice = driver.find_element(By.ID, "opt-out").text
                assert "opt back in" in notice, notice

            def desktop_screens():
                driver.set_window_size(1280, 900)
                try:
                    driver.get(server.base + "/conversations")
                    screenshot(driver, "conversations-desktop")
                    driver.find_element(By.PARTIAL_LINK_TEXT, new_contact["name"]).click()
                    wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the thread opens")
                    screenshot(driver, "thread-desktop")
                finally:
                    driver.set_window_size(390, 844)

            def no_csp_violations():
                violations = csp_violations(driver)
                assert not violations, violations

            check("sign in with email and access key; HttpOnly SameSite=Strict session", signs_in)
            check("the conversation list updates live", list_updates_live)
            check("an inbound <script>alert(1)</script> shows as text", hostile_body_is_text)
            check("an inbound SMS appears live with its translation", reply_appears_live)
            check("compose: live preview, then send", preview_and_send)
            check("a rep starts a conversation from New Conversation and sends", rep_starts_a_conversation_and_sends)
            check("a Spanish reply arrives live and reads in English", spanish_reply_arrives_live_in_english)
            check("the rep answers in English and sees the Spanish that was sent", rep_answers_and_sees_the_spanish_sent)
            check("a template asks for its values and is sent with them", template_with_values)
            check("a contact found by name is messaged from their record", find_contact_and_message_from_record)
            check("a lead qualified by OTTO is picked up with its transcript", pick_up_a_lead)
            check("an opt-out reply is flagged live and warns above compose", opt_out_warns)
            check("a doubtful reply is sent only once the rep confirms it", doubtful_reply_needs_confirming)
            check("a probable opt-out in words is dismissed, then confirmed", probable_opt_out_is_confirmed_or_dismissed)
            check("the main screens at a desktop's width", desktop_screens)
            check("no Content-Security-Policy violations", no_csp_violations)
        finally:
            driver.quit()
            server.stop()

    return check.finish()


if __name__ == "__main__":
    sys.exit(main())

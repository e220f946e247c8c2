#!/usr/bin/env python3
"""The rep's panel in a real headless Chromium (Debian's chromium and chromium-driver, driven by
Selenium): sign in, see a hostile inbound SMS as text, watch replies arrive live, start a
conversation, preview and send, templates with values, find a contact, pick up an OTTO lead; the
inbox habits (unread count in the tab title, notifications, Ctrl+Enter, relative times and day
dividers, who sent a reply, search, open and done, empty states), a contact's language by name,
and the leads and the opt-out notice live; with screenshots of the main screens.

Usage: Tests/browser/test_panel.py [PARLEY_BINARY]; see support.py for the server it starts.
Prints one line per check and a closing 'browser: N passed, N failed'; exits 1 on any failure.
"""
import json
import os
import sys
import tempfile
import time
import urllib.request

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from support import (BINARY, BUSINESS, CONTACT, EMAIL, HOSTILE, KEY, Checks, Server, browser, csp_violations,
                     full_page_screenshot, grant_notifications, page_api, record_notifications, screenshot, wait)

def messages(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#messages li.message")


def main():
    check = Checks("browser")

    with tempfile.TemporaryDirectory(prefix="parley-browser-") as state:
        server = Server(state)
        driver = browser()
        record_notifications(driver)
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
                # The language by name, among those the engine translates into (this APy: English to Spanish).
                language = Select(form.find_element(By.NAME, "language"))
                names = [option.text for option in language.options]
                assert "Spanish (Spain)" in names and "Spanish (Mexico)" in names, names
                assert "Vietnamese" not in names and "es" not in names, names
                language.select_by_visible_text("Spanish (Spain)")
                screenshot(driver, "new-conversation-phone")
                form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
                wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the new thread opens")
                assert new_contact["name"] in driver.find_element(By.TAG_NAME, "h1").text
                empty = driver.find_element(By.ID, "no-messages")
                assert empty.is_displayed() and "No messages yet" in empty.text, empty.text
                screenshot(driver, "thread-empty-phone")
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
                assert not driver.find_element(By.ID, "no-messages").is_displayed(), "the empty state goes with the first message"
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
                # Sending is off at once: neither Send nor Ctrl+Enter adds anything to the thread.
                send = driver.find_element(By.CSS_SELECTOR, "#compose button[type='submit']")
                wait(driver, lambda d: not send.is_enabled(), message="Send is turned off live")
                shown = len(messages(driver))
                box = driver.find_element(By.ID, "compose-text")
                box.send_keys("Are you still interested?")
                # Every request the page makes from now on is recorded: a send would be a POST to
                # …/messages, made by the key handler itself before send_keys returns.
                driver.execute_script("""
                    window.__parleyPosts = [];
                    var real = window.fetch;
                    window.fetch = function (url, options) {
                      if (options && options.method === "POST") window.__parleyPosts.push(String(url));
                      return real.apply(this, arguments);
                    };""")
                box.send_keys(Keys.CONTROL, Keys.ENTER)
                posts = driver.execute_script("return window.__parleyPosts")
                assert not [url for url in posts if url.endswith("/messages")], posts
                assert len(messages(driver)) == shown
                box.clear()
                screenshot(driver, "opt-out-phone")
                driver.get(server.base + "/conversations")
                row = driver.find_element(By.PARTIAL_LINK_TEXT, new_contact["name"])
                assert "opted out" in row.text, row.text

            def tab_title_counts_unread():
                # The list's inbound of list_updates_live is unread: the tab says so.
                wait(driver, lambda d: d.title == "(1) Conversations · Parley", message="the unread count in the title: " + driver.title)
                driver.get(server.base + "/conversations")
                assert driver.title == "(1) Conversations · Parley", driver.title
                time.sleep(1)  # the event stream is open
                server.inbound("¿Sigue en pie la cita?", "SMbrowser0003")
                wait(driver, lambda d: d.title == "(2) Conversations · Parley", message="updated live: " + driver.title)

            def thread_habits():
                driver.get(server.base + "/conversations")
                driver.find_element(By.PARTIAL_LINK_TEXT, "María López").click()
                wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the thread opens")
                # Reading the thread reads its messages: nothing is left unread in the title.
                wait(driver, lambda d: d.title == "María López · Parley", message="the title without a count: " + driver.title)
                assert driver.execute_script("return document.activeElement.id") == "compose-text", "focus starts in the reply box"
                live = driver.find_element(By.ID, "messages")
                assert live.get_attribute("aria-live") == "polite"
                assert not driver.find_elements(By.CSS_SELECTOR, "main[aria-live], body[aria-live], #thread[aria-live]")
                dividers = [d.text for d in driver.find_elements(By.CSS_SELECTOR, "#messages li.day-divider")]
                assert dividers == ["Today"], dividers
                stamp = messages(driver)[-1].find_element(By.CSS_SELECTOR, ".meta time")
                assert stamp.text in ("just now",) or stamp.text.endswith("min ago"), stamp.text
                assert stamp.get_attribute("title") and stamp.get_attribute("datetime").endswith("Z"), stamp.get_attribute("outerHTML")
                # Ctrl+Enter sends the previewed reply; it carries the sending rep's name.
                box = driver.find_element(By.ID, "compose-text")
                box.send_keys("We will call you in ten minutes.")
                wait(driver, lambda d: d.find_element(By.ID, "preview-text").text.strip(), seconds=30, message="a live preview")
                before = len(messages(driver))
                box.send_keys(Keys.CONTROL, Keys.ENTER)
                wait(driver, lambda d: len(messages(d)) > before, seconds=30, message="Ctrl+Enter sends")
                newest = messages(driver)[-1]
                assert "We will call you in ten minutes." in newest.text
                assert newest.find_element(By.CSS_SELECTOR, ".meta .sender").text == "Demo Rep"
                driver.refresh()
                wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the thread opens again")
                assert messages(driver)[-1].find_element(By.CSS_SELECTOR, ".meta .sender").text == "Demo Rep", "rendered by the server too"
                screenshot(driver, "thread-habits-phone")

            def language_by_name():
                select = Select(driver.find_element(By.ID, "language"))
                assert select.first_selected_option.text == "Spanish (Spain)", select.first_selected_option.text
                names = [option.text for option in select.options]
                assert "Spanish (Mexico)" in names and "Vietnamese" not in names and "Chinese (Simplified)" not in names, names
                select.select_by_visible_text("Spanish (Mexico)")
                wait(driver, lambda d: d.find_element(By.ID, "language-status").text == "Saved.", message="the language is saved")
                driver.refresh()
                select = Select(wait(driver, lambda d: d.find_element(By.ID, "language"), message="the thread again"))
                assert select.first_selected_option.text == "Spanish (Mexico)"
                # The API takes a name, and refuses what the engine cannot translate into in words a rep reads.
                contact = driver.find_element(By.ID, "thread").get_attribute("data-contact")
                status, body = page_api(driver, "PUT", f"/v1/contacts/{contact}/language", {"language": "Klingon"})
                assert status == 400, (status, body)
                assert body["detail"] == ("Parley cannot translate into Klingon with this service's translation engine; "
                                          "pick one of the listed languages."), body
                status, body = page_api(driver, "PUT", f"/v1/contacts/{contact}/language", {"language": "Spanish (Spain)"})
                assert status == 200 and body["preferredLanguage"] == "es-ES", (status, body)
                status, body = page_api(driver, "GET", "/v1/languages")
                named = {language["tag"]: language for language in body}
                assert named["es-MX"]["name"] == "Spanish (Mexico)" and named["es-MX"]["translatable"], named.get("es-MX")
                assert named["vi"]["translatable"] is False, named.get("vi")
                driver.refresh()
                wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the thread again")

            def post_lead(phone, name, turns):
                """A lead whose transcript was said long ago (the bot's own times), as the core posts it."""
                body = json.dumps({"number": BUSINESS, "phone": phone, "name": name, "source": "otto",
                                   "transcript": [{"speaker": s, "text": t, "at": "2025-05-01T14:30:00Z"} for s, t in turns]}).encode()
                request = urllib.request.Request(server.base + "/v1/leads", data=body, method="POST",
                                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"})
                with urllib.request.urlopen(request, timeout=60) as response:
                    assert response.status == 201, response.status
                    return json.loads(response.read())

            def first_row():
                return driver.find_element(By.CSS_SELECTOR, "#conversation-list li.conversation .contact").text

            def leads_follow_live_and_sort_by_arrival():
                driver.get(server.base + "/leads")
                empty = driver.find_element(By.ID, "no-waiting-leads")
                assert "No leads waiting" in empty.text, empty.text
                screenshot(driver, "leads-empty-phone")
                time.sleep(1)  # the event stream is open
                lead = post_lead("+34 611 222 333", HOSTILE, [("bot", "Hi! I'm OTTO."), ("contact", "Necesito un presupuesto.")])
                row = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, f"#waiting-leads li.lead[data-id='{lead['leadID'].upper()}'], #waiting-leads li.lead[data-id='{lead['leadID']}']"),
                           message="the new lead appears without a reload")
                assert HOSTILE in row.find_element(By.CSS_SELECTOR, ".contact").text, "the hostile name as text"
                assert not driver.find_elements(By.CSS_SELECTOR, "#leads script")
                assert not driver.find_elements(By.ID, "no-waiting-leads")
                screenshot(driver, "leads-live-phone")
                # Its thread arrived now: it leads the list, though its transcript is a year old.
                driver.get(server.base + "/conversations")
                assert first_row() == HOSTILE, first_row()
                time.sleep(1)
                server.inbound("Gracias", "SMbrowser0400")
                wait(driver, lambda d: first_row() == "María López", message="a newer message goes above it")
                driver.get(server.base + "/leads")
                time.sleep(1)  # the event stream is open
                status, _ = page_api(driver, "POST", f"/v1/leads/{lead['leadID']}/pick-up")
                assert status == 200, status
                wait(driver, lambda d: HOSTILE in d.find_element(By.ID, "picked-up-leads").text and
                     not d.find_elements(By.CSS_SELECTOR, "#waiting-leads li.lead"), message="it moves to picked up live")
                driver.get(server.base + "/conversations")
                assert first_row() == HOSTILE, "picked up: back on top, " + first_row()

            def opt_in_turns_sending_back_on():
                driver.get(server.base + "/conversations")
                driver.find_element(By.PARTIAL_LINK_TEXT, new_contact["name"]).click()
                wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the thread opens")
                send = driver.find_element(By.CSS_SELECTOR, "#compose button[type='submit']")
                assert not send.is_enabled(), "opted out: Send is off when the page opens"
                time.sleep(1)  # the event stream is open
                server.inbound("INICIAR", "SMbrowser0201", sender=new_contact["e164"])
                wait(driver, lambda d: not d.find_element(By.ID, "opt-out").is_displayed(), seconds=30, message="the notice goes live")
                wait(driver, lambda d: send.is_enabled(), message="Send is back on live")

            def search_and_done():
                driver.get(server.base + "/conversations")
                box = driver.find_element(By.NAME, "q")
                box.send_keys("lópez")
                wait(driver, lambda d: [r.text for r in d.find_elements(By.CSS_SELECTOR, "#conversation-list .contact")] == ["María López"],
                     message="the search narrows the list as the rep types")
                assert "q=l%C3%B3pez" in driver.current_url or "q=lópez" in driver.current_url, driver.current_url
                box.send_keys(Keys.CONTROL, "a")
                box.send_keys(HOSTILE + " nobody")
                empty = wait(driver, lambda d: d.find_element(By.ID, "no-conversations") if d.find_element(By.ID, "no-conversations").is_displayed() else None,
                             message="no match says so")
                assert "No conversations match" in empty.text and HOSTILE in empty.text, empty.text
                box.send_keys(Keys.CONTROL, "a")
                box.send_keys(Keys.BACKSPACE)
                wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#conversation-list li.conversation")) >= 3, message="all again")
                # Done leaves the open list; a new message from the contact opens it again.
                driver.find_element(By.PARTIAL_LINK_TEXT, new_contact["name"]).click()
                wait(driver, lambda d: d.find_elements(By.ID, "thread"), message="the thread opens")
                driver.find_element(By.ID, "conversation-state").click()
                wait(driver, lambda d: d.find_element(By.ID, "conversation-state").text == "Reopen", message="marked done")
                screenshot(driver, "thread-done-phone")
                driver.get(server.base + "/conversations")
                names = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#conversation-list .contact")]
                assert new_contact["name"] not in names, names
                driver.find_element(By.CSS_SELECTOR, ".state-filter input[value='done']").click()
                wait(driver, lambda d: [r.text for r in d.find_elements(By.CSS_SELECTOR, "#conversation-list .contact")] == [new_contact["name"]],
                     message="the Done filter shows it")
                assert "state=done" in driver.current_url
                screenshot(driver, "conversations-done-phone")
                driver.find_element(By.CSS_SELECTOR, ".state-filter input[value='open']").click()
                wait(driver, lambda d: new_contact["name"] not in d.find_element(By.ID, "conversation-list").text, message="open again")
                time.sleep(1)  # the event stream is open
                server.inbound("Una pregunta más", "SMbrowser0500", sender=new_contact["e164"])
                wait(driver, lambda d: new_contact["name"] in d.find_element(By.ID, "conversation-list").text, seconds=30,
                     message="the contact's message opens it again, live")

            def notifications_for_a_hidden_page():
                driver.get(server.base + "/conversations")
                button = driver.find_element(By.ID, "notifications")
                assert button.is_displayed() and button.text == "Turn on notifications", button.text
                grant_notifications(driver, server.base)
                button.click()
                wait(driver, lambda d: d.find_element(By.ID, "notifications").text == "Turn off notifications", message="turned on")
                driver.execute_script("window.__parleyHidden = true;")
                time.sleep(1)  # the event stream is open
                spanish = "¿Me pueden llamar a las cinco?"
                server.inbound(spanish, "SMbrowser0600")
                shown = wait(driver, lambda d: d.execute_script("return window.__parleyNotifications"), seconds=30,
                             message="a notification for the new message")
                assert shown[0]["title"] == "María López", shown
                assert shown[0]["body"].strip() and shown[0]["body"] != spanish, "told in English: " + shown[0]["body"]
                driver.execute_script("window.__parleyHidden = false;")
                # A visible page tells nothing.
                time.sleep(1)
                server.inbound("Gracias otra vez", "SMbrowser0601")
                wait(driver, lambda d: "Gracias otra vez" in d.find_element(By.ID, "conversation-list").text or
                     "thank" in d.find_element(By.ID, "conversation-list").text.lower(), seconds=30, message="the message arrives")
                assert len(driver.execute_script("return window.__parleyNotifications")) == 1

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
                    driver.get(server.base + "/leads")
                    screenshot(driver, "leads-desktop")
                    driver.get(server.base + "/conversations")
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
            check("the tab title counts unread messages, live", tab_title_counts_unread)
            check("an inbound <script>alert(1)</script> shows as text", hostile_body_is_text)
            check("an inbound SMS appears live with its translation", reply_appears_live)
            check("thread: focus in the reply, aria-live, day dividers, relative times, Ctrl+Enter, the sender's name", thread_habits)
            check("compose: live preview, then send", preview_and_send)
            check("a rep starts a conversation from New Conversation and sends", rep_starts_a_conversation_and_sends)
            check("a Spanish reply arrives live and reads in English", spanish_reply_arrives_live_in_english)
            check("the rep answers in English and sees the Spanish that was sent", rep_answers_and_sees_the_spanish_sent)
            check("a contact's language is chosen by name; the API refuses Klingon in words", language_by_name)
            check("a template asks for its values and is sent with them", template_with_values)
            check("a contact found by name is messaged from their record", find_contact_and_message_from_record)
            check("leads appear and move live; a lead's thread sorts by its arrival and its pick-up", leads_follow_live_and_sort_by_arrival)
            check("a lead qualified by OTTO is picked up with its transcript", pick_up_a_lead)
            check("an opt-out reply is flagged live and warns above compose", opt_out_warns)
            check("an opt-in hides the notice and turns sending back on, live", opt_in_turns_sending_back_on)
            check("search by name, mark done, filter Open / Done; a new message reopens it", search_and_done)
            check("a desktop notification for a new message while the page is hidden", notifications_for_a_hidden_page)
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

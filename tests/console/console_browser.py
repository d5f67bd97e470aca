#!/usr/bin/env python3
"""Drives the agent console in headless Chromium (Debian's chromium,
chromium-driver and python3-selenium) against a running offergraph-server.

Run by console_browser_test.cc, which starts the server and afterwards checks
through the API what this script did. Every step waits for the page to show
its result (WebDriverWait on elements and text), never for a fixed time, and
saves a screenshot to --artefacts. Prints `key=value` lines for the caller;
exits 0 when every step passed, 1 with the reason on stderr otherwise.
"""
import argparse
import os
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--customer", required=True)
    parser.add_argument("--artefacts", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    os.makedirs(args.artefacts, exist_ok=True)

    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    profile = tempfile.TemporaryDirectory(prefix="offergraph-chromium-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                 "--disable-gpu", "--window-size=1280,1500",
                 "--user-data-dir=" + profile.name):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(args.chromedriver),
                              options=options)
    try:
        run(driver, args)
    except Exception:
        shot(driver, args, "failed")
        raise
    finally:
        driver.quit()
        profile.cleanup()


def shot(driver, args, name):
    path = os.path.join(args.artefacts, "console-%s.png" % name)
    driver.save_screenshot(path)
    print("screenshot=" + path, flush=True)


def run(driver, args):
    wait = WebDriverWait(driver, args.timeout)
    by_id = driver.find_element

    def text_in(locator, text):
        wait.until(EC.text_to_be_present_in_element(locator, text),
                   "%s never said %r" % (locator, text))

    # 1. The page loads, with its script (no CSP violation stops it).
    driver.get(args.url)
    wait.until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, "body[data-ready=true]")), "app.js never ran")
    channel = by_id(By.ID, "channel")
    assert channel.get_attribute("value") == "SUPPORT_DESK", \
        "the channel is not the support desk by default"
    for field in ("customer-id", "cart", "channel", "token",
                  "complaint-open", "budget-sensitive"):
        label = driver.find_elements(By.CSS_SELECTOR, "label[for=%s]" % field)
        assert label and label[0].text.strip(), "%s has no label" % field
    shot(driver, args, "1-open")

    # 2. A server error is shown in words (a customer id over 128 bytes).
    by_id(By.ID, "customer-id").send_keys("c" * 200)
    by_id(By.ID, "cart").send_keys("LAPTOP-14")
    by_id(By.ID, "submit").click()
    wait.until(EC.visibility_of_element_located((By.ID, "error")))
    text_in((By.ID, "error"), "customer_id")
    text_in((By.ID, "error"), "INVALID_ARGUMENT")
    print("error=" + by_id(By.ID, "error").text, flush=True)
    shot(driver, args, "2-error")

    # 3. A pasted ticket, submitted from the keyboard: cards and why-not.
    customer = by_id(By.ID, "customer-id")
    customer.clear()
    customer.send_keys(args.customer)
    cart = by_id(By.ID, "cart")
    cart.clear()
    cart.send_keys("- LAPTOP-14, qty 1\n")
    customer.send_keys(Keys.ENTER)
    wait.until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, "#offers li.offer-card")), "no offer card")
    wait.until(lambda d: not d.find_element(By.ID, "error").is_displayed(),
               "the earlier error stayed")
    cards = driver.find_elements(By.CSS_SELECTOR, "#offers li.offer-card")
    first = cards[0]
    for part in ("h3", ".price", ".propensity", ".pitch", ".delta"):
        assert first.find_element(By.CSS_SELECTOR, part).text.strip(), \
            "the first card has no %s" % part
    assert "%" in first.find_element(By.CSS_SELECTOR, ".propensity").text
    reasons = driver.find_elements(By.CSS_SELECTOR, "#why-not-list li[data-reason]")
    assert reasons, "the why-not panel is empty"
    for li in reasons:
        # Plain words, not the enum's name.
        assert li.get_attribute("data-reason") not in li.text, li.text
    sku = first.get_attribute("data-sku")
    decision = by_id(By.ID, "offers").get_attribute("data-decision-id")
    print("cards=%d" % len(cards), flush=True)
    print("why_not=%d" % len(reasons), flush=True)
    print("decision=" + decision, flush=True)
    shot(driver, args, "3-offers")

    # 4. Accepted, from the keyboard alone: Tab from the Suggest button
    # reaches the first card's Accepted button, which has a name a screen
    # reader reads, and Enter presses it; recorded through POST /v1/outcomes.
    accept = first.find_element(By.CSS_SELECTOR, "button[data-outcome=ACCEPTED]")
    assert (accept.get_attribute("aria-label") or accept.text).strip(), \
        "the Accepted button has no accessible name"
    driver.execute_script("arguments[0].focus()", by_id(By.ID, "submit"))
    for _ in range(80):
        active = driver.switch_to.active_element
        if active == accept:
            break
        active.send_keys(Keys.TAB)
    else:
        raise AssertionError("Tab never reached the first card's Accepted button")
    accept.send_keys(Keys.ENTER)
    wait.until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, "li.offer-card[data-sku='%s'] .result[data-recorded=ACCEPTED]" % sku)),
        "Accepted was never confirmed")
    text_in((By.CSS_SELECTOR, "li.offer-card[data-sku='%s'] .result" % sku), "recorded")
    print("accepted=" + sku, flush=True)
    shot(driver, args, "4-accepted")

    # 5. Budget sensitive, then a complaint, each switch from the keyboard;
    # each changes only its own field. Asking again gives no offers, and the
    # why-not panel says it is the complaint.
    for switch, saved in (("budget-sensitive", "budget_sensitive=true"),
                          ("complaint-open", "complaint_open=true")):
        by_id(By.ID, switch).send_keys(Keys.SPACE)
        wait.until(EC.text_to_be_present_in_element_attribute(
            (By.ID, "state-status"), "data-saved", saved),
            "%s was never saved" % switch)
    text_in((By.ID, "state-status"), "Complaint opened")
    by_id(By.ID, "submit").send_keys(Keys.ENTER)
    wait.until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, "#why-not-list li[data-reason=COMPLAINT_OPEN]")),
        "the why-not panel never named the complaint")
    text_in((By.ID, "status"), "No offers")
    assert not driver.find_elements(By.CSS_SELECTOR, "#offers li"), \
        "offers shown despite the complaint"
    complaint = by_id(By.CSS_SELECTOR, "#why-not-list li[data-reason=COMPLAINT_OPEN]")
    assert "complaint" in complaint.text.lower(), complaint.text
    print("complaint=" + complaint.text, flush=True)
    shot(driver, args, "5-complaint")
    print("result=ok", flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # the reason, for the test's failure message
        print("console_browser.py failed: %s: %s" % (type(e).__name__, e),
              file=sys.stderr, flush=True)
        sys.exit(1)

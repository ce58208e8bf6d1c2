"""Opens the recorder's display in headless Chromium (Debian's chromium and chromium-driver,
over WebDriver), for tests/display.rs.

    browser.py URL MACHINES

Opens URL (`/display?token=...`), waits for one tile per machine (MACHINES, comma
separated ids) and prints "READY <json>" with each tile's state word and the page's
cookie-less address bar. Then, for each line "WAIT <machine> <state>" read on stdin, waits
for that tile to show that state (its `state-<state>` class) and prints "SEEN <ms>": the
milliseconds from reading the line to seeing it.

"TV" prints "TV <json>": the TV layout's type sizes (CSS pixels on the 1920x1080 window)
and the tiles' places. "PLANT <url>" opens the Plant page (not the TV's), clicks the first
tile and prints "MACHINE <json>" once the Machine page shows its figures. "TABLET <url>
<operator> <pin>" opens a line's tablet, picks the operator, types the PIN, gives the
first stop the first reason and prints "SAVED <message>". "QUIT" ends it.

Every step waits on what the page shows (never a fixed sleep) and fails with what it saw.
"""

import json
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

TIMEOUT = 60.0


def wait(what, f, timeout=TIMEOUT, interval=0.02):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = f()
            if last:
                return last
        except Exception as e:  # a page being drawn again: try again
            last = e
        time.sleep(interval)
    raise SystemExit(f"timed out waiting for {what}; last saw {last!r}")


def tiles(d):
    out = {}
    for t in d.find_elements(By.CSS_SELECTOR, "button.tile[data-machine]"):
        state = t.find_element(By.CSS_SELECTOR, ".state")
        classes = [c for c in state.get_attribute("class").split() if c.startswith("state-")]
        out[t.get_attribute("data-machine")] = {
            "state": classes[0][6:] if classes else "",
            "word": state.text.strip(),
        }
    return out


def px(d, css):
    e = d.find_element(By.CSS_SELECTOR, css)
    return float(d.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize)", e))


def tv(d):
    import os
    if os.environ.get("TAKT_TV_SHOT"):
        d.save_screenshot(os.environ["TAKT_TV_SHOT"])
    tiles_ = d.find_elements(By.CSS_SELECTOR, "button.tile[data-machine]")
    rects = [t.rect for t in tiles_]
    return {
        "tiles": len(tiles_),
        "overflow": d.execute_script(
            "return [...document.querySelectorAll('button.tile')].filter(t => t.scrollHeight > t.clientHeight + 1"
            " || t.querySelector('.state').getBoundingClientRect().right > t.getBoundingClientRect().right).length"),
        "viewport": d.execute_script("return [innerWidth, innerHeight]"),
        "state": px(d, "button.tile .state"),
        "name": px(d, "button.tile .name"),
        "figure": px(d, "button.tile .figure .value"),
        "strip": d.find_element(By.CSS_SELECTOR, "button.tile .strip").rect["height"]
        if d.find_elements(By.CSS_SELECTOR, "button.tile .strip") else 0,
        "bottom": max(r["y"] + r["height"] for r in rects),
    }


def plant(d, url):
    d.get(url)
    wait("the Plant page's tiles", lambda: d.find_elements(By.CSS_SELECTOR, "button.tile[data-machine]"))
    nav = [b.text for b in d.find_elements(By.CSS_SELECTOR, "header nav button")]
    first = d.find_element(By.CSS_SELECTOR, "button.tile[data-machine]")
    machine = first.get_attribute("data-machine")
    first.click()
    period = wait("the Machine page's figures", lambda: d.find_elements(By.CSS_SELECTOR, "#machine-period[data-machine]"))
    oee = wait("its OEE", lambda: d.find_element(By.CSS_SELECTOR, "#machine-oee").text.strip())
    return {"nav": nav, "clicked": machine, "shown": period[0].get_attribute("data-machine"), "oee": oee}


def tablet(d, url, operator, pin):
    from selenium.webdriver.support.ui import Select
    d.get(url)
    try:
        wait("a stop on the tablet", lambda: d.find_elements(By.CSS_SELECTOR, "#tablet-stops tr[data-stop]"), timeout=20)
    except SystemExit:
        raise SystemExit("no stop on the tablet; it shows: " + d.find_element(By.TAG_NAME, "body").text)
    row = wait("a stop on the tablet", lambda: d.find_elements(By.CSS_SELECTOR, "#tablet-stops tr[data-stop]"))[0]
    wait("the operators", lambda: len(d.find_elements(By.CSS_SELECTOR, "#operator option")) > 1)
    Select(d.find_element(By.ID, "operator")).select_by_value(operator)
    d.find_element(By.ID, "pin").send_keys(pin)
    reason = Select(row.find_element(By.CSS_SELECTOR, "select.reason"))
    reason.select_by_index(1)
    row.find_element(By.CSS_SELECTOR, "button.save-reason").click()
    said = wait("the tablet's answer", lambda: d.find_element(By.ID, "tablet-message").text.strip())
    import os
    if os.environ.get("TAKT_TABLET_SHOT"):
        # As a 10" tablet in landscape shows it.
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
        wait("the stop with its operator", lambda: d.find_elements(By.CSS_SELECTOR, "#tablet-stops .entered-by"))
        d.save_screenshot(os.environ["TAKT_TABLET_SHOT"])
    return said


def main():
    url, machines = sys.argv[1], sys.argv[2].split(",")
    opts = Options()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1920,1080"]:
        opts.add_argument(a)
    opts.binary_location = "/usr/bin/chromium"
    print("starting chromium", file=sys.stderr, flush=True)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    # The page as a 1080p TV shows it: 1920 x 1080 CSS pixels, whatever the window's frame.
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False})
    d.set_page_load_timeout(TIMEOUT)
    d.set_script_timeout(TIMEOUT)
    try:
        print(f"opening {url}", file=sys.stderr, flush=True)
        d.get(url)
        print("opened", file=sys.stderr, flush=True)
        shown = wait("a tile per machine", lambda: (lambda t: t if sorted(t) == sorted(machines) and all(v["state"] for v in t.values()) else None)(tiles(d)))
        errors = [e["message"] for e in d.get_log("browser") if e.get("level") == "SEVERE"] if hasattr(d, "get_log") else []
        header = d.find_element(By.CSS_SELECTOR, "header").text
        print("READY " + json.dumps({"tiles": shown, "header": header, "errors": errors,
                                     "nav": len(d.find_elements(By.CSS_SELECTOR, "header nav button"))}), flush=True)
        for line in sys.stdin:
            parts = line.split()
            if not parts or parts[0] == "QUIT":
                break
            if parts[0] == "TV":
                print("TV " + json.dumps(tv(d)), flush=True)
                continue
            if parts[0] == "PLANT":
                print("MACHINE " + json.dumps(plant(d, parts[1])), flush=True)
                continue
            if parts[0] == "TABLET":
                print("SAVED " + tablet(d, parts[1], parts[2], parts[3]), flush=True)
                continue
            _, machine, state = parts
            start = time.monotonic()
            wait(f"{machine} to show {state}", lambda: tiles(d).get(machine, {}).get("state") == state)
            print(f"SEEN {int((time.monotonic() - start) * 1000)}", flush=True)
    finally:
        d.quit()


if __name__ == "__main__":
    main()

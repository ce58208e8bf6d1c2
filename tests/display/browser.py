"""Opens the recorder's display in headless Chromium (Debian's chromium and chromium-driver,
over WebDriver), for tests/display.rs.

    browser.py URL MACHINES

Opens URL (`/display?token=...`), waits for one tile per machine (MACHINES, comma
separated ids) and prints "READY <json>" with each tile's state word and the page's
cookie-less address bar. Then, for each line "WAIT <machine> <state>" read on stdin, waits
for that tile to show that state (its `state-<state>` class) and prints "SEEN <ms>": the
milliseconds from reading the line to seeing it. "QUIT" ends it.

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


def main():
    url, machines = sys.argv[1], sys.argv[2].split(",")
    opts = Options()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1920,1080"]:
        opts.add_argument(a)
    opts.binary_location = "/usr/bin/chromium"
    print("starting chromium", file=sys.stderr, flush=True)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
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
            _, machine, state = parts
            start = time.monotonic()
            wait(f"{machine} to show {state}", lambda: tiles(d).get(machine, {}).get("state") == state)
            print(f"SEEN {int((time.monotonic() - start) * 1000)}", flush=True)
    finally:
        d.quit()


if __name__ == "__main__":
    main()

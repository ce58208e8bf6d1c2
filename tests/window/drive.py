"""Drives Takt's real window over WebDriver (tauri-driver + WebKitWebDriver), for
tests/window.rs, which starts the driver under Xvfb and checks what this script reports.

    drive.py --driver URL --app TAKT --shots DIR SCENARIO [--address HOST:PORT --config FILE]

Scenarios:
  demo       first run -> "Open the demo plant" -> one tile per machine with a state;
             Machine page (yesterday's OEE, with the period it covers); Stops page (give
             an uncoded stop a reason); Reports page (downtime preview, save as CSV).
  add        first run -> "Add your first machine" against a Modbus server at --address:
             Test reads, a bad unit id shown at its field, then saved.
  first-tile launches `takt demo` in the window and times the first live tile, then the
             delay from the first state change the snapshot shows to the tile's colour.

Every step waits on what the page shows (never a fixed sleep) and fails with what it saw.
The last line printed is "RESULT <json>" with what the Rust test checks.
"""

import argparse
import json
import os
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions

TIMEOUT = 60.0


def session(driver_url, app, args=()):
    opts = ArgOptions()
    opts.set_capability("browserName", "wry")
    opts.set_capability("tauri:options", {"application": app, "args": list(args)})
    return webdriver.Remote(command_executor=driver_url, options=opts)


def wait(what, f, timeout=TIMEOUT, interval=0.05):
    """Calls f until it returns something truthy; fails naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            v = f()
            if v:
                return v
        except (StaleElementReferenceException, WebDriverException) as e:
            last = e
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last error: {last})")


def js(d, script, *args):
    return d.execute_script(script, *args)


def choose(d, css, value):
    """Sets a <select> or <input> by CSS selector and fires the events Leptos listens to."""
    el = wait(f"{css} on the page", lambda: d.find_element(By.CSS_SELECTOR, css))
    set_value(d, el, value)
    return el


def set_value(d, el, value):
    js(
        d,
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        el,
        value,
    )


def click(d, css):
    el = wait(f"{css} to be enabled", lambda: next((e for e in d.find_elements(By.CSS_SELECTOR, css) if e.is_enabled()), None))
    el.click()
    return el


def nav(d, label):
    buttons = d.find_elements(By.CSS_SELECTOR, "header nav button")
    b = next((b for b in buttons if b.text.strip() == label), None)
    assert b is not None, f"no {label!r} in the navigation: {[x.text for x in buttons]}"
    b.click()


def shot(d, shots, name):
    if shots:
        d.save_screenshot(f"{shots}/{name}.png")


def tiles(d):
    """The Plant page's tiles as (machine, state word, colour)."""
    return js(
        d,
        "return Array.from(document.querySelectorAll('.tile')).map(t => ["
        "t.dataset.machine, (t.querySelector('.state') || {}).textContent || '',"
        "getComputedStyle(t).getPropertyValue('--state').trim()])",
    )


def scenario_demo(d, a):
    click(d, "#open-demo")
    # One tile per demo machine, each with a state read from its machine over Modbus.
    states = wait(
        "six tiles with a state",
        lambda: (lambda t: t if len(t) == 6 and all(s and s not in ("waiting", "–") for _, s, _ in t) else None)(tiles(d)),
    )
    plant = js(d, "return window.__TAURI__ !== undefined && document.querySelector('.plant').textContent")
    shot(d, a.shots, "plant")

    # Machine page: yesterday, a whole day of the demo's history.
    first = states[0][0]
    d.find_element(By.CSS_SELECTOR, f'.tile[data-machine="{first}"]').click()
    choose(d, "#machine-range", "yesterday")

    def yesterday():
        v = js(
            d,
            "const h = document.querySelector('#machine-period');"
            "const o = document.querySelector('#machine-oee');"
            "return h && o ? [h.dataset.machine, h.dataset.from, h.dataset.to, o.textContent] : null",
        )
        # Yesterday is a whole day (23 to 25 hours): its end is a past midnight.
        if v and v[0] == first and 23 * 3600_000 <= int(v[2]) - int(v[1]) <= 25 * 3600_000:
            return v
        return None

    machine = wait("yesterday on the Machine page", yesterday)
    shot(d, a.shots, "machine")

    # Stops page: the newest uncoded stop gets the first downtime reason of the tree.
    nav(d, "Stops")
    row = wait("an uncoded stop", lambda: d.find_elements(By.CSS_SELECTOR, "#stops tbody tr"))[0]
    stop_machine, stop_start = row.get_attribute("data-machine"), row.get_attribute("data-stop")
    select = row.find_element(By.CSS_SELECTOR, "select.reason")
    options = [o.get_attribute("value") for o in select.find_elements(By.TAG_NAME, "option")]
    reason = next(v for v in options if v)
    shot(d, a.shots, "stops")
    set_value(d, select, reason)
    row.find_element(By.CSS_SELECTOR, "button.save-reason").click()
    wait("the reason saved", lambda: reason in (d.find_element(By.CSS_SELECTOR, "p[role=status]").text or ""))

    # Reports page: the downtime report, stop by stop, previewed and saved.
    nav(d, "Reports")
    choose(d, "#report-kind", "downtime")
    choose(d, "#report-by", "")
    click(d, "#report-preview")
    rows = wait("the preview table", lambda: d.find_elements(By.CSS_SELECTOR, "#report-table tbody tr"))
    shot(d, a.shots, "reports")
    click(d, "#report-save")
    saved = wait("the report saved", lambda: (lambda t: t if t.startswith("Saved ") else None)(d.find_element(By.ID, "report-message").text))
    return {
        "plant": plant,
        "tiles": states,
        "machine": {"id": machine[0], "from": int(machine[1]), "to": int(machine[2]), "oee": machine[3]},
        "stop": {"machine": stop_machine, "start": int(stop_start), "reason": reason},
        "preview_rows": len(rows),
        "saved": saved[len("Saved ") :],
    }


def scenario_add(d, a):
    click(d, "#add-first-machine")
    field = lambda name: wait(f"the {name} field", lambda: d.find_element(By.CSS_SELECTOR, f'input[name="{name}"]'))
    for name, value in [("id", "press-9"), ("name", "Press 9"), ("ideal_cycle_s", "2.5"), ("address", a.address), ("unit", "1")]:
        set_value(d, field(name), value)
    # The form starts with `running` (coil 0, bool) and `total_count` (holding 0, u32).
    rows = d.find_elements(By.CSS_SELECTOR, "tbody tr[data-signal]")
    assert len(rows) == 2, f"expected the form's two starting signals, got {len(rows)}"
    readings = {}
    for r in rows:
        name = r.get_attribute("data-signal")
        r.find_element(By.CSS_SELECTOR, "button.test").click()
        readings[name] = wait(
            f"the test read of {name}",
            lambda r=r: (lambda t: t if t and t != "reading…" else None)(r.find_element(By.CSS_SELECTOR, "td.result").text.strip()),
        )
    # A register the device does not have: the Test shows the exact Modbus error.
    click(d, "#add-signal")
    extra = wait("a third signal row", lambda: (lambda r: r[2] if len(r) == 3 else None)(d.find_elements(By.CSS_SELECTOR, "tbody tr[data-signal]")))
    set_value(d, extra.find_element(By.CSS_SELECTOR, 'input[aria-label="signal"]'), "reject_count")
    set_value(d, extra.find_element(By.CSS_SELECTOR, 'input[aria-label="register"]'), "40")
    extra.find_element(By.CSS_SELECTOR, "button.test").click()
    readings["reject_count"] = wait(
        "the test read of reject_count",
        lambda: (lambda t: t if t and t != "reading…" else None)(extra.find_element(By.CSS_SELECTOR, "td.result").text.strip()),
    )
    shot(d, a.shots, "add-machine")
    set_value(d, extra.find_element(By.CSS_SELECTOR, 'input[aria-label="register"]'), "2")
    # A unit id out of range is shown at its field and nothing is saved.
    set_value(d, field("unit"), "300")
    click(d, "#save-machine")
    unit_error = wait("the unit field's error", lambda: d.find_element(By.CSS_SELECTOR, '.field-error[data-field="unit"]').text.strip())
    assert not os.path.exists(a.config), f"{a.config} was written although the form had an error"
    set_value(d, field("unit"), "1")
    click(d, "#save-machine")
    tile = wait("the new machine's tile", lambda: [t for t in tiles(d) if t[0] == "press-9" and t[1] not in ("", "waiting")])
    return {"readings": readings, "unit_error": unit_error, "tile": tile[0]}


def scenario_first_tile(d, a, started):
    first = wait("the first live tile", lambda: [t for t in tiles(d) if t[1] and t[1] != "waiting"], timeout=120, interval=0.01)
    first_tile_s = time.monotonic() - started
    # The delay from a state change in the snapshot to the tile's colour: the page records
    # when each snapshot event arrives and when each tile's colour changes.
    js(
        d,
        "window.__takt_bench = {events: [], colours: []};"
        "window.__TAURI__.event.listen('takt://snapshot', e => window.__takt_bench.events.push([performance.now(), JSON.stringify(e.payload.machines.map(m => m.state))]));"
        "new MutationObserver(ms => { for (const m of ms) { const t = m.target.closest && m.target.closest('.tile');"
        "  if (t) window.__takt_bench.colours.push([performance.now(), t.dataset.machine, t.getAttribute('style')]); } })"
        ".observe(document.querySelector('.tiles'), {attributes: true, subtree: true, childList: true, attributeFilter: ['style']});",
    )
    return {"first_tile_s": first_tile_s, "first": first[0]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("scenario", choices=["demo", "add", "first-tile"])
    p.add_argument("--driver", required=True)
    p.add_argument("--app", required=True)
    p.add_argument("--shots")
    p.add_argument("--address")
    p.add_argument("--config", help="the config the add scenario must not write while the form has errors")
    p.add_argument("--args", nargs="*", default=[])
    a = p.parse_args()
    started = time.monotonic()
    d = session(a.driver, a.app, a.args)
    try:
        d.set_window_size(1280, 800)
        if a.scenario == "demo":
            result = scenario_demo(d, a)
        elif a.scenario == "add":
            result = scenario_add(d, a)
        else:
            result = scenario_first_tile(d, a, started)
    except Exception:
        shot(d, a.shots, f"failed-{a.scenario}")
        print("PAGE:", js(d, "return document.body.innerText")[:4000], file=sys.stderr)
        raise
    finally:
        try:
            d.quit()
        except WebDriverException:
            pass
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

"""Drives Takt's real window over WebDriver (tauri-driver + WebKitWebDriver), for
tests/window.rs, which starts the driver under Xvfb and checks what this script reports.

    drive.py --driver URL --app TAKT --shots DIR SCENARIO [--address HOST:PORT --config FILE]

Scenarios:
  demo       first run -> "Open the demo plant" -> one tile per machine with a state;
             Machine page (yesterday's OEE, with the period it covers); Stops page (give
             an uncoded stop a reason); Reports page (downtime preview, save as CSV);
             Maintenance page (tasks due, life models, trends, an event logged); badges.
  add        first run -> "Add your first machine" against a Modbus server at --address:
             Test reads, a bad unit id shown at its field, then saved.
  settings   a plant's config through the Settings forms: a shift's end changed and a break
             added (the week grid shot), a wrong time shown at its field and nothing written,
             a holiday on the month view, a register map with a bad row named at its line then
             saved, a machine copied.
  first-tile (benchmark) the session launches `takt demo --port 0` in the window: seconds to
             the first live tile, and the app's memory.
  colour     (benchmark) the delay from writing a machine's `running` coil at the pymodbus
             server at --address to the tile's colour change, --rounds times.

Every step waits on what the page shows (never a fixed sleep) and fails with what it saw.
The last line printed is "RESULT <json>" with what the Rust test checks.
"""

import argparse
import json
import os
import shlex
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig

TIMEOUT = 60.0
# Every WebDriver request gives up after this many seconds (selenium's default is to wait
# forever, so a window that never answers hung CI for its whole 90 minutes).
REQUEST_TIMEOUT = 180
STARTED = time.monotonic()


def session(driver_url, app, args=()):
    opts = ArgOptions()
    opts.set_capability("browserName", "wry")
    opts.set_capability("tauri:options", {"application": app, "args": list(args)})
    config = ClientConfig(remote_server_addr=driver_url, timeout=REQUEST_TIMEOUT)
    return webdriver.Remote(command_executor=driver_url, options=opts, client_config=config)


def wait(what, f, timeout=TIMEOUT, interval=0.05):
    """Calls f until it returns something truthy; fails naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    # Each step's start on stderr: a failure's log says how far the scenario got, and when.
    print(f"{time.monotonic() - STARTED:7.1f} s  waiting for {what}", file=sys.stderr, flush=True)
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
        # Two animation frames first: WebKit paints what the page shows now (a screenshot
        # right after an update showed the frame before it: the Machine page of today,
        # empty, when it showed yesterday with its charts).
        d.execute_async_script("const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done()));")
        d.save_screenshot(f"{shots}/{name}.png")


def tiles(d):
    """The Plant page's tiles as (machine, state word, colour, spans in its shift strip)."""
    return js(
        d,
        "return Array.from(document.querySelectorAll('.tile')).map(t => ["
        "t.dataset.machine, (t.querySelector('.state') || {}).textContent || '',"
        "getComputedStyle(t).getPropertyValue('--state').trim(),"
        "t.querySelectorAll('.strip .span').length])",
    )


def scenario_demo(d, a):
    click(d, "#open-demo")
    # One tile per demo machine, each with a state read from its machine over Modbus.
    states = wait(
        "six tiles with a state",
        lambda: (lambda t: t if len(t) == 6 and all(s and s not in ("waiting", "–") for _, s, *_ in t) else None)(tiles(d)),
    )
    plant = js(d, "return window.__TAURI__ !== undefined && document.querySelector('.plant').textContent")
    shot(d, a.shots, "plant")
    # The shop-floor display: the same tiles, large, without the navigation.
    click(d, ".floor-toggle")
    wait("the shop-floor display", lambda: js(d, "return document.body.classList.contains('floor') && !document.querySelector('header nav')"))
    floor_tiles = len(tiles(d))
    shot(d, a.shots, "floor")
    click(d, ".floor-toggle")
    wait("the navigation back", lambda: d.find_elements(By.CSS_SELECTOR, "header nav"))

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
    # Its charts, drawn by the PDF's code: the OEE trend, the losses, the downtime Pareto
    # (with the texts of the Pareto, its bars' labels among them).
    charts = wait(
        "the Machine page's charts",
        lambda: js(
            d,
            "const h = document.querySelector('#machine-period');"
            "const c = Array.from(document.querySelectorAll('#machine-charts .plotted'));"
            "const p = document.querySelector('#machine-charts .plotted[data-chart=downtime-pareto] svg');"
            "return h && h.dataset.machine === arguments[0] && c.length === 3 && p ? "
            "[c.map(x => x.dataset.chart), Array.from(p.querySelectorAll('text')).map(t => t.textContent.trim())] : null",
            first,
        ),
    )
    shot(d, a.shots, "machine")

    # The line's energy yesterday, and the moulder's alarm episodes with its oil chart.
    choose(d, "#machine-select", "line-1")

    def line_energy():
        v = js(
            d,
            "const h = document.querySelector('#machine-period');"
            "const k = document.querySelector('#machine-kwh');"
            "const g = document.querySelector('#machine-kwh-per-good');"
            "return h && k && g && h.dataset.machine === 'line-1' ? [h.dataset.from, h.dataset.to, k.textContent, g.textContent] : null",
        )
        return v if v and 23 * 3600_000 <= int(v[1]) - int(v[0]) <= 25 * 3600_000 else None

    energy = wait("the line's energy yesterday", line_energy)
    choose(d, "#machine-select", "moulder-1")
    moulder = wait(
        "the moulder's oil chart and alarms",
        lambda: js(
            d,
            "const h = document.querySelector('#machine-period');"
            "const c = document.querySelector('svg.chart.process[data-signal=oil_temp]');"
            "const t = document.querySelector('#machine-alarms, #machine-alarms-none');"
            "return h && c && t && h.dataset.machine === 'moulder-1' ? [c.querySelectorAll('line.limit').length, document.querySelectorAll('#machine-alarms tr.alarm-row').length] : null",
        ),
    )
    if a.shots:
        # The chart and the alarms, at the top of the screenshot (what the page shows above
        # them is hidden for the picture, then shown again).
        js(d, "let e = document.querySelector('#machine-process-values').previousElementSibling; while (e) { e.dataset.shotHidden = '1'; e.style.display = 'none'; e = e.previousElementSibling; }")
        shot(d, a.shots, "machine-process")
        js(d, "document.querySelectorAll('[data-shot-hidden]').forEach(e => { e.style.display = ''; delete e.dataset.shotHidden; })")

    # Stops page: the longest uncoded stop is split in the middle (it had two causes), and
    # its first part gets the first downtime reason of the tree.
    nav(d, "Stops")
    rows = wait("an uncoded stop", lambda: d.find_elements(By.CSS_SELECTOR, "#stops tbody tr"))
    span = lambda r: int(r.get_attribute("data-end")) - int(r.get_attribute("data-stop"))
    row = max(rows, key=span)
    stop_machine, stop_start = row.get_attribute("data-machine"), int(row.get_attribute("data-stop"))
    shot(d, a.shots, "stops")
    split_at = (stop_start + span(row) // 2) // 1000 * 1000
    tz = d.find_element(By.ID, "stops").get_attribute("data-tz")
    local = js(d, "return new Date(arguments[0]).toLocaleTimeString('en-GB', {timeZone: arguments[1], hour12: false})", split_at, tz)
    row.find_element(By.CSS_SELECTOR, "button.split").click()
    set_value(d, wait("the split form", lambda: row.find_element(By.CSS_SELECTOR, "input.split-at")), local)
    row.find_element(By.CSS_SELECTOR, "button.split-here").click()
    # Rows are told apart by machine and start: machines of the demo share round times.
    stops_of = lambda m: {r.get_attribute("data-stop"): r for r in d.find_elements(By.CSS_SELECTOR, "#stops tbody tr") if r.get_attribute("data-machine") == m}
    wait("the stop listed as two", lambda: {str(stop_start), str(split_at)} <= set(stops_of(stop_machine)))
    row = stops_of(stop_machine)[str(stop_start)]
    select = row.find_element(By.CSS_SELECTOR, "select.reason")
    options = [o.get_attribute("value") for o in select.find_elements(By.TAG_NAME, "option")]
    reason = next(v for v in options if v)
    set_value(d, select, reason)
    row.find_element(By.CSS_SELECTOR, "button.save-reason").click()
    assigned = wait("the reason saved", lambda: (lambda t: t if reason in t else None)(d.find_element(By.CSS_SELECTOR, "p[role=status]").text or ""))

    # Reports page: the downtime report, stop by stop, previewed and saved.
    nav(d, "Reports")
    choose(d, "#report-kind", "downtime")
    choose(d, "#report-by", "")
    click(d, "#report-preview")
    rows = wait("the preview table", lambda: d.find_elements(By.CSS_SELECTOR, "#report-table tbody tr"))
    first_page = wait(
        "the preview of the PDF's first page",
        lambda: js(
            d,
            "const c = Array.from(document.querySelectorAll('#report-first-page .plotted'));"
            "return c.length ? c.map(x => x.dataset.chart) : null",
        ),
    )
    # The preview's first row: the CSV's text of each cell, and what people read.
    preview = js(
        d,
        "const head = Array.from(document.querySelectorAll('#report-table thead th'));"
        "const row = Array.from(document.querySelectorAll('#report-table tbody tr')[0].querySelectorAll('td'));"
        "return [head.map(h => h.dataset.csv), head.map(h => h.textContent), row.map(c => c.dataset.csv), row.map(c => c.textContent)]",
    )
    shot(d, a.shots, "reports")
    click(d, "#report-save")
    saved = wait("the report saved", lambda: (lambda t: t if t.startswith("Saved ") else None)(d.find_element(By.ID, "report-message").text))
    click(d, "#report-save-pdf")
    saved_pdf = wait("the PDF saved", lambda: (lambda t: t if t.startswith("Saved ") and t.endswith(".pdf") else None)(d.find_element(By.ID, "report-message").text))

    maintenance = scenario_maintenance(d, a)
    return {
        "maintenance": maintenance,
        "plant": plant,
        "tiles": states,
        "floor_tiles": floor_tiles,
        "machine": {"id": machine[0], "from": int(machine[1]), "to": int(machine[2]), "oee": machine[3]},
        "energy": {"from": int(energy[0]), "to": int(energy[1]), "kwh": energy[2], "kwh_per_good": energy[3]},
        "moulder": {"limits": moulder[0], "alarms": moulder[1]},
        "stop": {"machine": stop_machine, "start": stop_start, "split_at": split_at, "reason": reason, "status": assigned},
        "preview_rows": len(rows),
        "machine_charts": charts[0],
        "pareto_texts": charts[1],
        "first_page_charts": first_page,
        "preview": {"columns": preview[0], "headings": preview[1], "csv": preview[2], "shown": preview[3]},
        "saved": saved[len("Saved ") :],
        "saved_pdf": saved_pdf[len("Saved ") :],
    }


def scenario_maintenance(d, a):
    """The Maintenance page of the demo plant: tasks due, each component's figures, the
    condition trends; a maintenance event refused at its field, then logged; the tiles'
    badges."""
    nav(d, "Maintenance")
    due = wait("the tasks due", lambda: d.find_elements(By.CSS_SELECTOR, "#due-table tr.due-row"))
    due = [[r.get_attribute("data-machine"), r.get_attribute("data-task"), "overdue" in (r.get_attribute("class") or "")] for r in due]
    figures = js(
        d,
        "return Array.from(document.querySelectorAll('#components .component')).map(c => ["
        "c.dataset.machine, c.dataset.component,"
        "(c.querySelector('dd[data-figure=\"Shape β\"]') || {}).textContent || '',"
        "c.querySelectorAll('svg circle.failure').length])",
    )
    conditions = js(
        d,
        "return Array.from(document.querySelectorAll('#conditions .condition')).map(c => ["
        "c.dataset.machine, c.dataset.signal, c.dataset.crossAt || '', c.querySelector('.summary').textContent])",
    )
    shot(d, a.shots, "maintenance")
    # Nothing named: refused at the component's field.
    choose(d, "#log-machine", "moulder-1")
    choose(d, "#log-kind", "inspection")
    choose(d, "#log-component", "")
    click(d, "#log-submit")
    field_error = wait(
        "the component's error",
        lambda: js(d, "return document.querySelector('#log-component').parentElement.querySelector('.field-error').textContent"),
    )
    choose(d, "#log-component", "screw-bearing")
    choose(d, "#log-duration", "12")
    choose(d, "#log-note", "window test")
    click(d, "#log-submit")
    logged = wait("the event logged", lambda: d.find_element(By.ID, "log-done").text)
    in_log = wait(
        "the event in the log table",
        lambda: js(d, "return Array.from(document.querySelectorAll('#log-table tbody tr')).some(r => r.textContent.includes('window test'))"),
    )
    nav(d, "Plant")
    badges = wait(
        "the tiles again",
        lambda: js(
            d,
            "const t = document.querySelectorAll('.tile'); return t.length ? Object.fromEntries(Array.from(t).map(x => "
            "[x.dataset.machine, (x.querySelector('.badge') || {}).textContent || ''])) : null",
        ),
    )
    return {
        "due": due,
        "figures": figures,
        "conditions": conditions,
        "field_error": field_error,
        "logged": logged,
        "in_log": in_log,
        "badges": badges,
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
    tile = wait("the new machine's tile, running", lambda: [t for t in tiles(d) if t[0] == "press-9" and t[1] == "running"])
    # Settings: the saved machine read once, like `takt check`.
    nav(d, "Settings")
    click(d, 'tr[data-machine="press-9"] button.test-machine')
    machine_test = wait(
        "the machine's test read",
        lambda: (lambda t: t if t and "reading…" not in t else None)(d.find_element(By.CSS_SELECTOR, 'tr[data-machine="press-9"] td.result').text.strip()),
    )
    # A config with a mistake is refused with its line, and nothing is written.
    click(d, "#tab-text")
    area = wait("the config text", lambda: (lambda e: e if e.get_attribute("value") else None)(d.find_element(By.ID, "config-text")))
    set_value(d, area, area.get_attribute("value") + '\n[[machine]]\nid = "Press 10"\n')
    click(d, "#save-config")
    config_errors = wait("the config's errors", lambda: d.find_element(By.ID, "config-errors").text.strip())
    return {"readings": readings, "unit_error": unit_error, "tile": tile[0], "config_errors": config_errors, "machine_test": machine_test}


def by_path(d, path):
    return wait(f"the field {path}", lambda: d.find_element(By.CSS_SELECTOR, f'[data-path="{path}"]'))


def error_at(d, path):
    el = by_path(d, path)
    return d.find_element(By.ID, el.get_attribute("id") + "-error")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


FOCUSED = (
    "const e = document.activeElement;"
    "const name = (e.labels && e.labels.length) ? e.labels[0].textContent"
    "  : (e.getAttribute('aria-label') || e.textContent || e.getAttribute('title') || '');"
    "return [e.tagName, e.id, e.dataset.path || '', name.trim(), getComputedStyle(e).outlineStyle]"
)


def tab_to(d, done, what, limit=80):
    """Presses Tab until `done(focused)`; returns every control focused on the way."""
    seen = []
    for _ in range(limit):
        d.switch_to.active_element.send_keys(Keys.TAB)
        focused = js(d, FOCUSED)
        seen.append(focused)
        if done(focused):
            return seen
    raise AssertionError(f"{what} not reached with Tab: {seen}")


def scenario_settings(d, a):
    result = {}
    wait("the plant's tiles", lambda: tiles(d))
    nav(d, "Settings")
    # The keyboard alone: the Plant tab opened with Enter, Tab to the name, a new name
    # typed, Tab to "Check and save", Enter.
    js(d, "document.getElementById('tab-plant').focus()")
    d.switch_to.active_element.send_keys(Keys.ENTER)
    wait("the plant form", lambda: d.find_elements(By.CSS_SELECTOR, '[data-path="plant.name"]'))
    js(d, "document.getElementById('tab-plant').focus()")
    seen = tab_to(d, lambda f: f[2] == "plant.name", "the plant's name")
    name = d.switch_to.active_element
    name.send_keys(Keys.CONTROL, "a")
    name.send_keys("Keyboard Works")
    seen += tab_to(d, lambda f: f[1] == "save-plant", "Check and save")
    d.switch_to.active_element.send_keys(Keys.ENTER)
    wait("the plant saved", lambda: "Saved" in js(d, "return document.querySelector('main').innerText"))
    result["keyboard"] = seen
    # Shifts: the early shift ends at 15:00 and gets a 30-minute break at 12:00.
    click(d, "#tab-shifts")
    end = by_path(d, "shift[0].end")
    wait("the shift's end as the file has it", lambda: end.get_attribute("value") == "14:00")
    set_value(d, end, "15:00")
    click(d, 'fieldset[data-item="shift[0]"] button.add-break')
    set_value(d, by_path(d, "shift[0].breaks[0].start"), "12:00")
    set_value(d, by_path(d, "shift[0].breaks[0].minutes"), "30")
    click(d, "#save-shifts")
    wait("the shifts saved", lambda: "Saved" in d.find_element(By.TAG_NAME, "main").text)
    wait("the break on the week grid", lambda: d.find_elements(By.CSS_SELECTOR, "#week-grid .week-block.break"))
    shot(d, a.shots, "settings-shift-week")
    result["after_shifts"] = read(a.config)
    # A wrong time: its error at its field, and the file as it was.
    start = by_path(d, "shift[0].start")
    set_value(d, start, "25:00")
    click(d, "#save-shifts")
    result["time_error"] = wait("the start field's error", lambda: error_at(d, "shift[0].start").text.strip())
    result["time_invalid"] = by_path(d, "shift[0].start").get_attribute("aria-invalid")
    result["after_wrong_time"] = read(a.config)
    set_value(d, by_path(d, "shift[0].start"), "06:00")
    # Calendar: the 24th of last month becomes a holiday.
    click(d, "#tab-calendar")
    shown = wait("the month's title", lambda: d.find_element(By.ID, "month-title").text.strip())
    click(d, 'button[aria-label="Previous month"]')
    wait("the month before", lambda: d.find_element(By.ID, "month-title").text.strip() != shown)
    day = wait("the month view", lambda: d.find_elements(By.CSS_SELECTOR, "#month-view button.month-day[data-date$='-24']"))[0]
    result["holiday"] = day.get_attribute("data-date")
    day.click()
    wait("the day's exception", lambda: d.find_elements(By.CSS_SELECTOR, 'fieldset[data-item="calendar[0]"]'))
    click(d, "#save-calendar")
    wait("the calendar saved", lambda: "Saved" in d.find_element(By.TAG_NAME, "main").text)
    wait("the holiday on the month", lambda: "holiday" in d.find_element(By.CSS_SELECTOR, f'#month-view [data-date="{result["holiday"]}"]').text)
    shot(d, a.shots, "settings-calendar-month")
    # Machines: a register map with a bad row (line 3: no such type) is named at its line.
    click(d, "#tab-machines")
    bad = "signal,table,address,type,word_order,scale,unit,low,high\nrunning,coil,0,,,,,,\noil_temp,input,10,i17,,0.1,C,20,70\n"
    set_value(d, wait("the register map's text", lambda: d.find_element(By.ID, "map-text")), bad)
    click(d, "#map-preview")
    result["map_errors"] = wait("the map's errors", lambda: d.find_element(By.ID, "map-errors").text.strip())
    result["after_bad_map"] = read(a.config)
    good = bad.replace("i17", "i16")
    set_value(d, d.find_element(By.ID, "map-text"), good)
    click(d, "#map-preview")
    result["map_preview"] = wait("the map's preview", lambda: d.find_element(By.ID, "map-table").text.strip())
    click(d, "#map-save")
    wait("the map saved", lambda: "Saved:" in d.find_element(By.TAG_NAME, "main").text)
    # Copy the machine: a new id and address, the same signals.
    click(d, 'tr[data-machine="press-1"] button.copy-machine')
    set_value(d, wait("the copy's id", lambda: d.find_element(By.ID, "copy-id")), "Press 2")
    set_value(d, d.find_element(By.ID, "copy-address"), a.address)
    click(d, "#save-copy")
    result["copy_error"] = wait("the copy's id error", lambda: d.find_element(By.ID, "copy-id-error").text.strip())
    # The same address (a gateway) and another unit id: a machine of its own.
    set_value(d, d.find_element(By.ID, "copy-id"), "press-2")
    set_value(d, d.find_element(By.ID, "copy-unit"), "2")
    click(d, "#save-copy")
    wait("the copy in the list", lambda: d.find_elements(By.CSS_SELECTOR, 'tr[data-machine="press-2"]'))
    # The plant's language: Turkish through the Plant form, the pages and a PDF in it.
    click(d, "#tab-plant")
    choose(d, 'select[data-path="plant.language"]', "tr")
    click(d, "#save-plant")
    wait("the navigation in Turkish", lambda: "Ayarlar" in [b.text.strip() for b in d.find_elements(By.CSS_SELECTOR, "header nav button")])
    result["lang_tr"] = js(d, "return document.documentElement.lang")
    nav(d, "Tesis")
    wait("the plant's tiles", lambda: tiles(d))
    result["plant_tr"] = d.find_element(By.TAG_NAME, "main").text
    shot(d, a.shots, "plant-tr")
    nav(d, "Raporlar")
    click(d, "#report-save-pdf")
    result["pdf_tr"] = wait("the PDF saved", lambda: (lambda t: t if t.endswith(".pdf") else None)(d.find_element(By.ID, "report-message").text.strip()))
    # Then German, through the same form.
    nav(d, "Ayarlar")
    click(d, "#tab-plant")
    choose(d, 'select[data-path="plant.language"]', "de")
    click(d, "#save-plant")
    wait("the navigation in German", lambda: "Einstellungen" in [b.text.strip() for b in d.find_elements(By.CSS_SELECTOR, "header nav button")])
    result["nav_de"] = [b.text.strip() for b in d.find_elements(By.CSS_SELECTOR, "header nav button")]
    result["settings_de"] = d.find_element(By.TAG_NAME, "main").text
    # A wrong time again: its finding at its field, now in German.
    click(d, "#tab-shifts")
    set_value(d, wait("the shift's start", lambda: by_path(d, "shift[0].start")), "25:00")
    click(d, "#save-shifts")
    result["time_error_de"] = wait("the start field's error", lambda: error_at(d, "shift[0].start").text.strip())
    result["final"] = read(a.config)
    return result


def memory(app):
    """Resident memory of the app: its own RSS, and the proportional set size (PSS, shared
    pages split) of it and its WebKit processes together, in MiB."""

    def status(pid, key, file="status"):
        try:
            with open(f"/proc/{pid}/{file}") as f:
                for line in f:
                    if line.startswith(key + ":"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def ppid(pid):
        try:
            with open(f"/proc/{pid}/stat") as f:
                return int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return -1

    real = os.path.realpath(app)
    pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    mine = []
    for pid in pids:
        try:
            if os.path.realpath(f"/proc/{pid}/exe") == real:
                mine.append(pid)
        except OSError:
            pass
    assert len(mine) == 1, f"expected one running {real}, found {mine}"
    app_pid = mine[0]
    family = [app_pid] + [p for p in pids if ppid(p) == app_pid]
    return {
        "app_rss_mib": status(app_pid, "VmRSS"),
        "with_webkit_pss_mib": sum(status(p, "Pss", "smaps_rollup") for p in family),
        "processes": len(family),
    }


def scenario_first_tile(d, a, started):
    """`takt demo` in the window (the session launches it): seconds until the first tile
    shows a state read live, and the memory then and a minute later."""
    first = wait("the first live tile", lambda: [t for t in tiles(d) if t[1] and t[1] != "waiting"], timeout=120, interval=0.01)
    first_tile_s = time.monotonic() - started
    at_first = memory(a.app)
    time.sleep(60)  # a benchmark, not a test: memory after a minute of polling
    return {"first_tile_s": first_tile_s, "first": first[0], "memory_at_first_tile": at_first, "memory_after_60s": memory(a.app)}


def scenario_colour(d, a):
    """The delay from a state change at the machine (its `running` coil written by this
    script to the pymodbus server Takt polls) to the tile's colour change on screen."""
    from pymodbus.client import ModbusTcpClient

    host, port = a.address.rsplit(":", 1)
    client = ModbusTcpClient(host, port=int(port))
    assert client.connect(), f"cannot connect to {a.address}"
    wait("the machine's tile with a state", lambda: [t for t in tiles(d) if t[1] in ("running", "down")])
    # The page records the wall-clock time of every change of the tile's colour.
    js(
        d,
        "window.__colours = []; let last = null;"
        "const note = () => { const t = document.querySelector('.tile');"
        "  const c = t && getComputedStyle(t).getPropertyValue('--state').trim();"
        "  if (c && c !== last) { last = c; window.__colours.push([performance.timeOrigin + performance.now(), c]); } };"
        "note(); new MutationObserver(note).observe(document.querySelector('main'), {attributes: true, childList: true, subtree: true});",
    )
    delays = []
    running = True
    for _ in range(a.rounds):
        seen = len(js(d, "return window.__colours"))
        running = not running
        t0 = time.time() * 1000.0
        client.write_coil(0, running, device_id=1)
        changed = wait("the tile's colour to change", lambda: (lambda c: c[seen:] if len(c) > seen else None)(js(d, "return window.__colours")), interval=0.005)
        delays.append(changed[0][0] - t0)
    client.close()
    return {"delays_ms": delays}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("scenario", choices=["demo", "add", "settings", "first-tile", "colour"])
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--driver", required=True)
    p.add_argument("--app", required=True)
    p.add_argument("--shots")
    p.add_argument("--address")
    p.add_argument("--config", help="the config the add scenario must not write while the form has errors")
    p.add_argument("--app-args", default="", help="the app's command line, as one string")
    a = p.parse_args()
    started = time.monotonic()
    print("starting the app's session", file=sys.stderr, flush=True)
    d = session(a.driver, a.app, shlex.split(a.app_args))
    try:
        d.set_window_size(1280, 800)
        if a.scenario == "demo":
            result = scenario_demo(d, a)
        elif a.scenario == "add":
            result = scenario_add(d, a)
        elif a.scenario == "settings":
            result = scenario_settings(d, a)
        elif a.scenario == "colour":
            result = scenario_colour(d, a)
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

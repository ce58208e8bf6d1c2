use super::*;
use crate::table::ReportKind;

/// The config of SPEC section 2, verbatim.
pub(crate) const SPEC_EXAMPLE: &str = r#"
[plant]
name = "Demo Plant"
timezone = "Europe/Istanbul"          # IANA name; shifts are in plant-local time
microstop_s = 120                     # stops shorter than this are small stops (performance loss)

[[shift]]
name = "Early"
start = "06:00"
end = "14:00"                         # may cross midnight ("22:00" to "06:00")
days = ["mon", "tue", "wed", "thu", "fri"]
breaks = [{ start = "09:00", minutes = 15 }, { start = "11:30", minutes = 30 }]

[[product]]
id = "bracket-a"
name = "Bracket A"
ideal_cycle_s = 1.0                   # default for every machine; a machine may override
unit_cost = 0.42

[[calendar]]                          # exceptions to the shift plan, plant-local dates
date = "2026-12-31"
shifts = []                           # a holiday: nothing scheduled

[[reason]]                            # downtime and scrap reasons, a tree by "/" in the code
code = "mech/bearing"
name = "Bearing failure"
kind = "downtime"                     # downtime | scrap | planned

[[machine]]
id = "press-1"                        # [a-z0-9-]+, stable: history is keyed by it
name = "Press 1"
line = "Stamping"
ideal_cycle_s = 1.0
poll_ms = 500
connection = { modbus_tcp = "192.168.1.50:502", unit = 1, timeout_ms = 1000 }

[machine.signals]                     # every signal is optional; see "state without a run signal"
running      = { coil = 0 }
total_count  = { holding = 0, type = "u32", word_order = "big" }
reject_count = { holding = 2, type = "u16" }
fault_code   = { holding = 4, type = "u16", reasons = { 1 = "mech/bearing", 2 = "material/empty" } }
product_code = { holding = 5, type = "u16", products = { 1 = "bracket-a" } }
energy_kwh   = { input = 20, type = "f32", word_order = "little" }
process = [
  { name = "oil_temp", input = 10, type = "i16", scale = 0.1, unit = "C", low = 20.0, high = 65.0 },
]

[[machine.maintenance]]               # usage-based plans
task = "Grease main bearing"
component = "main-bearing"
every_run_hours = 250                 # or every_cycles = 100000, or every_days = 30
"#;

/// The SPEC example with the reason it references but does not define.
fn valid() -> String {
    SPEC_EXAMPLE.replace(
        "[[machine]]",
        "[[reason]]\ncode = \"material/empty\"\nkind = \"downtime\"\n\n[[machine]]",
    )
}

/// Parses `text` and returns its diagnostics as `LINE: message`.
fn check(text: &str) -> Vec<String> {
    match Config::parse(text, "takt.toml") {
        Ok(c) => c
            .warnings
            .iter()
            .map(|d| format!("{}: warning: {}", d.line, d.message))
            .collect(),
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| match d.severity {
                Severity::Error => format!("{}: {}", d.line, d.message),
                Severity::Warning => format!("{}: warning: {}", d.line, d.message),
            })
            .collect(),
    }
}

/// Asserts that `text` yields exactly these error lines (warnings ignored).
fn expect_errors(text: &str, expected: &[&str]) {
    let got: Vec<String> = check(text).into_iter().filter(|l| !l.contains(": warning: ")).collect();
    assert_eq!(got, expected, "\nfull text:\n{text}");
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

#[test]
fn spec_example_is_valid_once_its_reason_exists() {
    let c = Config::parse(&valid(), "takt.toml").unwrap();
    let m = &c.config.machines[0];
    assert_eq!(m.id.as_str(), "press-1");
    assert_eq!(m.poll_ms, 500);
    assert_eq!(c.config.plant.timezone, chrono_tz::Europe::Istanbul);
    let s = &m.signals;
    assert_eq!(s.total_count.as_ref().unwrap().value_type, ValueType::U32);
    assert_eq!(s.energy_kwh.as_ref().unwrap().word_order, WordOrder::Little);
    assert_eq!(s.process[0].register.scale, 0.1);
    assert_eq!(s.fault_code.as_ref().unwrap().codes[&2].as_str(), "material/empty");
    assert_eq!(m.maintenance[0].every, MaintenanceInterval::RunHours(250.0));
    assert_eq!(c.config.calendar[0].shifts, Some(vec![]));
    assert_eq!(c.config.shifts[0].breaks.len(), 2);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn spec_example_as_written_names_a_reason_it_lacks() {
    let line = line_of(SPEC_EXAMPLE, "fault_code");
    expect_errors(
        SPEC_EXAMPLE,
        &[&format!(
            "{line}: [[machine]] \"press-1\" signal `fault_code`: reason \"material/empty\" is not in the reason tree: expected the `code` of a [[reason]]"
        )],
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let text = valid()
        .replace("poll_ms = 500", "pol_ms = 500")
        .replace("id = \"press-1\"", "id = \"Press 1\"")
        .replace("timezone = \"Europe/Istanbul\"", "timezone = \"Europe/Istambul\"")
        .replace("word_order = \"little\"", "word_order = \"middle\"")
        .replace("1 = \"bracket-a\"", "1 = \"brackt-a\"");
    let l = |n| line_of(&text, n);
    expect_errors(
        &text,
        &[
            &format!(
                "{}: [plant]: `timezone` = \"Europe/Istambul\" is not an IANA time zone name: expected a name like \"Europe/Istanbul\" (did you mean \"Europe/Istanbul\"?)",
                l("Istambul")
            ),
            &format!(
                "{}: [[machine]]: `id` \"Press 1\" is not valid: expected lowercase letters, digits and \"-\" (like \"press-1\")",
                l("Press 1\"")
            ),
            &format!(
                "{}: [[machine]]: unknown key `pol_ms`; did you mean `poll_ms`?",
                l("pol_ms")
            ),
            &format!(
                "{}: [[machine]] signal `product_code`: product \"brackt-a\" names no [[product]]: expected the `id` of a [[product]] (did you mean \"bracket-a\"?)",
                l("brackt-a")
            ),
            &format!(
                "{}: [[machine]] signal `energy_kwh`: `word_order` = \"middle\": expected \"big\" or \"little\"",
                l("middle")
            ),
        ],
    );
}

#[test]
fn duplicate_machine_ids_name_the_first() {
    let machine = "\n[[machine]]\nid = \"press-1\"\nconnection = { modbus_tcp = \"10.0.0.2:502\" }\n";
    let text = format!("{}{machine}", valid());
    let first = line_of(&text, "id = \"press-1\"");
    // Both at their `id` line.
    let second = text.lines().count() - 1;
    expect_errors(
        &text,
        &[&format!(
            "{second}: duplicate machine id \"press-1\" (first defined on line {first}): expected each machine id once"
        )],
    );
}

#[test]
fn overlapping_registers() {
    let text = valid().replace(
        "reject_count = { holding = 2, type = \"u16\" }",
        "reject_count = { holding = 1, type = \"u16\" }",
    );
    expect_errors(
        &text,
        &[&format!(
            "{}: [[machine]] \"press-1\": signal `reject_count` (holding 1) overlaps signal `total_count` (holding 0..1): expected each signal in its own registers",
            line_of(&text, "reject_count")
        )],
    );
}

#[test]
fn coils_and_holding_registers_do_not_overlap() {
    // Same address, different tables: fine.
    let text = valid().replace("running      = { coil = 0 }", "running      = { discrete = 0 }");
    expect_errors(&text, &[]);
}

#[test]
fn overlapping_shifts() {
    let text = valid().replace(
        "[[product]]",
        "[[shift]]\nname = \"Late\"\nstart = \"13:00\"\nend = \"21:00\"\ndays = [\"fri\", \"sat\"]\n\n[[product]]",
    );
    let line = line_of(&text, "name = \"Late\"") - 1;
    expect_errors(
        &text,
        &[&format!(
            "{line}: [[shift]] \"Late\" overlaps shift \"Early\" from fri 13:00 to fri 14:00: expected shifts that do not overlap"
        )],
    );
}

#[test]
fn night_shift_overlap_across_the_week_boundary() {
    let text = valid().replace(
        "[[product]]",
        "[[shift]]\nname = \"Night\"\nstart = \"22:00\"\nend = \"07:00\"\ndays = [\"sun\"]\n\n[[product]]",
    );
    let line = line_of(&text, "name = \"Night\"") - 1;
    expect_errors(
        &text,
        &[&format!(
            "{line}: [[shift]] \"Night\" overlaps shift \"Early\" from mon 06:00 to mon 07:00: expected shifts that do not overlap"
        )],
    );
}

#[test]
fn break_outside_its_shift() {
    let text = valid().replace(
        "{ start = \"11:30\", minutes = 30 }",
        "{ start = \"13:50\", minutes = 30 }",
    );
    let line = line_of(&text, "[[shift]]");
    expect_errors(
        &text,
        &[&format!(
            "{line}: [[shift]] \"Early\": break at 13:50 for 30 min ends after the shift (06:00-14:00): expected breaks inside the shift"
        )],
    );
}

#[test]
fn calendar_names_unknown_shift_and_bad_date() {
    let text = valid()
        .replace("shifts = []", "shifts = [\"Erly\"]")
        .replace("date = \"2026-12-31\"", "date = \"31/12/2026\"");
    expect_errors(
        &text,
        &[
            &format!(
                "{}: [[calendar]]: `date` = \"31/12/2026\": expected a date \"YYYY-MM-DD\" like \"2026-12-31\"",
                line_of(&text, "31/12")
            ),
            &format!(
                "{}: [[calendar]]: shift \"Erly\" names no [[shift]]: expected a [[shift]] name: \"Early\" (did you mean \"Early\"?)",
                line_of(&text, "Erly")
            ),
        ],
    );
}

#[test]
fn overtime_overlapping_a_worked_shift() {
    let text = valid()
        .replace("shifts = []", "extra = [{ start = \"13:00\", end = \"18:00\" }]")
        .replace("2026-12-31", "2026-12-30");
    let line = line_of(&text, "[[calendar]]");
    expect_errors(
        &text,
        &[&format!(
            "{line}: [[calendar]] 2026-12-30: extra block 13:00-18:00 overlaps shift \"Early\": expected overtime outside the shifts worked that day"
        )],
    );
}

#[test]
fn types_and_ranges_say_what_is_expected() {
    let text = valid()
        .replace("poll_ms = 500", "poll_ms = \"fast\"")
        .replace("unit = 1, timeout_ms", "unit = 300, timeout_ms")
        .replace(
            "reject_count = { holding = 2, type = \"u16\" }",
            "reject_count = { holding = 2, type = \"f32\" }",
        )
        .replace(
            "running      = { coil = 0 }",
            "running      = { coil = 0, type = \"u16\" }",
        );
    let l = |n| line_of(&text, n);
    expect_errors(
        &text,
        &[
            &format!(
                "{}: [[machine]] \"press-1\": `poll_ms` = \"fast\" (a string): expected a whole number of milliseconds from 50 to 3600000",
                l("poll_ms")
            ),
            &format!(
                "{}: [[machine]] \"press-1\" connection: `unit` = 300 (an integer): expected a whole number from 0 to 255",
                l("unit = 300")
            ),
            &format!(
                "{}: [[machine]] \"press-1\" signal `running`: `type` = \"u16\" on a coil (a single bit): expected \"bool\"",
                l("running")
            ),
            &format!(
                "{}: [[machine]] \"press-1\" signal `reject_count`: `type` = \"f32\": expected \"u16\", \"u32\" or \"u64\" for this signal",
                l("reject_count")
            ),
        ],
    );
}

#[test]
fn reasons_and_kinds() {
    let text = valid()
        .replace(
            "kind = \"downtime\"                     # downtime",
            "kind = \"breakdown\"                     # downtime",
        )
        .replace(
            "[[machine]]",
            "[[reason]]\ncode = \"Scrap/Burr\"\nkind = \"scrap\"\n\n[[machine]]",
        );
    let l = |n| line_of(&text, n);
    expect_errors(
        &text,
        &[
            &format!(
                "{}: [[reason]] \"mech/bearing\": `kind` = \"breakdown\": expected \"downtime\", \"scrap\", \"rework\" or \"planned\"",
                l("breakdown")
            ),
            &format!(
                "{}: [[reason]]: `code` \"Scrap/Burr\" is not valid: expected lowercase words of letters, digits and \"-\" joined by \"/\" (like \"mech/bearing\")",
                l("Scrap/Burr")
            ),
            // The machine's fault code now points at a reason whose kind was wrong.
            &format!(
                "{}: [[machine]] \"press-1\" signal `fault_code`: reason \"mech/bearing\" is not in the reason tree: expected the `code` of a [[reason]]",
                l("fault_code")
            ),
        ],
    );
}

#[test]
fn syntax_errors_have_lines() {
    let text = valid().replace("line = \"Stamping\"", "line = Stamping");
    let got = check(&text);
    let line = line_of(&text, "line = Stamping");
    assert!(
        got.iter().any(|l| l.starts_with(&format!("{line}: TOML syntax:"))),
        "{got:?}"
    );
}

#[test]
fn missing_plant_and_required_keys() {
    let text = "[[machine]]\nname = \"x\"\n";
    expect_errors(
        text,
        &[
            "1: missing [plant]: expected a [plant] table with `name` and `timezone`",
            "1: [[machine]]: missing `id`: expected a machine id like \"press-1\"",
            "1: [[machine]]: missing `connection`: expected { modbus_tcp = \"host:502\", unit = 1 } or { modbus_rtu = \"/dev/ttyUSB0\", baud = 19200, unit = 1 }",
        ],
    );
}

#[test]
fn no_shifts_warns_that_every_hour_counts() {
    let text = "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n";
    let got = check(text);
    assert!(
        got.iter()
            .any(|l| l.contains("warning: no [[shift]]: every hour of every day counts as scheduled (24/7)")),
        "{got:?}"
    );
}

#[test]
fn a_shift_with_an_error_is_no_reason_to_warn_of_24_7() {
    // Regression: the broken shift was dropped and the plant then warned it had none.
    let text = "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n[[shift]]\nname = \"A\"\nstart = \"6am\"\nend = \"14:00\"\n";
    let got = check(text);
    assert!(got.iter().any(|l| l.contains("`start`")), "{got:?}");
    assert!(!got.iter().any(|l| l.contains("24/7")), "{got:?}");
}

#[test]
fn counting_machine_needs_an_ideal_cycle() {
    let text = valid()
        .replace("ideal_cycle_s = 1.0\npoll_ms", "poll_ms")
        .replace("products = { 1 = \"bracket-a\" }", "products = {}");
    let line = line_of(&text, "[[machine]]");
    expect_errors(
        &text,
        &[&format!(
            "{line}: [[machine]] \"press-1\" counts parts but has no ideal cycle time: expected `ideal_cycle_s` (seconds per part), needed for performance and OEE"
        )],
    );
}

#[test]
fn rtu_connection() {
    let text = valid().replace(
        "connection = { modbus_tcp = \"192.168.1.50:502\", unit = 1, timeout_ms = 1000 }",
        "connection = { modbus_rtu = \"/dev/ttyUSB0\", baud = 9600, parity = \"none\", unit = 3 }",
    );
    let c = Config::parse(&text, "takt.toml").unwrap();
    assert_eq!(
        c.config.machines[0].connection,
        Connection::Rtu {
            port: "/dev/ttyUSB0".into(),
            baud: 9600,
            parity: Parity::None,
            data_bits: 8,
            stop_bits: 1,
            unit: 3,
            timeout_ms: 1000
        }
    );
    let bad = text.replace("parity = \"none\"", "parity = \"mark\"");
    expect_errors(
        &bad,
        &[&format!(
            "{}: [[machine]] \"press-1\" connection: `parity` = \"mark\": expected \"none\", \"even\" or \"odd\"",
            line_of(&bad, "mark")
        )],
    );
}

#[test]
fn rendered_errors_name_the_file() {
    let e = Config::parse("[plant]\nname = 1\ntimezone = \"UTC\"\n", "plant/takt.toml").unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with("plant/takt.toml:2: [plant]: `name` = 1 (an integer): expected a non-empty string in quotes"),
        "{text}"
    );
    assert!(text.ends_with("plant/takt.toml: 1 error"), "{text}");
}

#[test]
fn ideal_cycle_resolution() {
    let text = valid()
        .replace("ideal_cycle_s = 1.0\npoll_ms", "ideal_cycle_s = 2.0\npoll_ms")
        .replace(
            "[machine.signals]",
            "[machine.ideal_cycle_by_product]\n\"bracket-a\" = 0.8\n\n[machine.signals]",
        );
    let c = Config::parse(&text, "takt.toml").unwrap().config;
    let m = &c.machines[0];
    let a = ProductId::new("bracket-a").unwrap();
    assert_eq!(m.ideal_cycle(Some(&a), &c.products), Some(0.8));
    assert_eq!(m.ideal_cycle(None, &c.products), Some(2.0));
}

#[test]
fn machines_sharing_a_bus_need_distinct_units_and_one_serial_setting() {
    let m = |id: &str, conn: &str| format!("\n[[machine]]\nid = \"{id}\"\nconnection = {conn}\n");
    let text = format!(
        "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n{}{}{}{}",
        m("a", "{ modbus_tcp = \"10.0.0.5:502\", unit = 1 }"),
        m("b", "{ modbus_tcp = \"10.0.0.5:502\", unit = 1 }"),
        m("c", "{ modbus_rtu = \"/dev/ttyS0\", baud = 9600, unit = 1 }"),
        m("d", "{ modbus_rtu = \"/dev/ttyS0\", baud = 19200, unit = 2 }"),
    );
    let l = |id: &str| line_of(&text, &format!("id = \"{id}\"")) - 1;
    expect_errors(
        &text,
        &[
            &format!(
                "{}: [[machine]] \"b\": 10.0.0.5:502 unit 1 is machine \"a\" already: expected another unit id on a shared bus",
                l("b")
            ),
            &format!(
                "{}: [[machine]] \"d\": serial port /dev/ttyS0 is set 19200 Even 81 here but 9600 Even 81 for machine \"c\": expected one setting per port",
                l("d")
            ),
        ],
    );
}

#[test]
fn values_print_with_the_signals_resolution() {
    // Regression: `takt check` printed `0.008429166860878468 kWh` for an f32 meter.
    let reg = |value_type, scale| Register {
        table: RegisterTable::Input,
        address: 0,
        value_type,
        word_order: WordOrder::Big,
        scale,
        offset: 0.0,
    };
    assert_eq!(
        reg(ValueType::F32, 1.0).format_value(0.008429166860878468),
        "0.008429167"
    );
    assert_eq!(reg(ValueType::I16, 0.1).format_value(21.499999999999996), "21.5");
    assert_eq!(reg(ValueType::U16, 0.01).format_value(3.0), "3.00");
    assert_eq!(reg(ValueType::U32, 1.0).format_value(12.0), "12");
    assert_eq!(reg(ValueType::U16, 0.5).format_value(2.5), "2.5");
    assert_eq!(reg(ValueType::U16, 0.1).resolution(), Some(0.1));
    assert_eq!(reg(ValueType::F64, 1.0).resolution(), None);
}

#[test]
fn every_finding_names_its_key_path_and_column() {
    let text = r#"[plant]
name = "P"
timezone = "Europe/Istanbl"

[[shift]]
name = "A"
start = "06:00"
end = "14:00"

[[machine]]
id = "ok-1"
ideal_cycle_s = 1.0
connection = { modbus_tcp = "127.0.0.1:502" }

[[machine]]
id = "Bad Id"
ideal_cycle_s = -1
connection = { modbus_tcp = "127.0.0.1:503", unit = 300 }
[machine.signals]
total_count = { holding = 0, type = "u32" }
reject_count = { holding = 1 }
process = [
  { name = "t", input = 0 },
  { name = "p", input = 1, typ = "i16" },
]

[[machine]]
connection = { modbus_tcp = "127.0.0.1:504" }
"#;
    let e = Config::parse(text, "takt.toml").unwrap_err();
    let found: Vec<(usize, usize, &str)> = e.errors().map(|d| (d.line, d.column, d.path.as_str())).collect();
    for want in [
        (3, 12, "plant.timezone"),
        (16, 6, "machine[1].id"),
        (17, 17, "machine[1].ideal_cycle_s"),
        (18, 53, "machine[1].connection.unit"),
        (21, 16, "machine[1].signals.reject_count"),
        (24, 28, "machine[1].signals.process[1].typ"),
    ] {
        assert!(found.contains(&want), "{want:?} not in {found:?}");
    }
    // A missing key is found at its table.
    assert!(found.iter().any(|(_, _, p)| *p == "machine[2]"), "{found:?}");
}

#[test]
fn a_syntax_error_is_reported_alone() {
    // Regression: one missing quote cascaded into 26 errors that all followed from it.
    let text = valid().replacen("name = \"Press 1\"", "name = \"Press 1", 1);
    let got = check(&text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("TOML syntax"), "{got:?}");
}

#[test]
fn values_that_are_surely_wrong_are_said() {
    // A fault code a u16 register cannot hold: an error.
    let text = valid().replace("1 = \"mech/bearing\"", "99999999 = \"mech/bearing\"");
    let got = check(&text);
    assert!(
        got.iter()
            .any(|l| l.contains("code 99999999 cannot come from a u16 register (at most 65535)")),
        "{got:?}"
    );
    // A day without a part before a stop is far too long; no days at all never runs; TCP
    // unit 0 works on some devices only.
    let text = format!(
        "{}\n[[shift]]\nname = \"Never\"\nstart = \"23:00\"\nend = \"23:30\"\ndays = []\n[[machine]]\nid = \"legacy\"\nideal_cycle_s = 1.0\nstop_after_s = 1e300\nconnection = {{ modbus_tcp = \"10.0.0.9:502\", unit = 0 }}\n[machine.signals]\ntotal_count = {{ holding = 0 }}\n",
        valid()
    );
    let got = check(&text);
    assert!(got.iter().any(|l| l.contains("`stop_after_s` = 1e300")), "{got:?}");
    let text = text.replace("stop_after_s = 1e300", "stop_after_s = 30");
    let got = check(&text);
    assert!(
        got.iter().any(|l| l.contains("warning") && l.contains("`days` = []")),
        "{got:?}"
    );
    assert!(
        got.iter().any(|l| l.contains("warning") && l.contains("`unit` = 0")),
        "{got:?}"
    );
}

#[test]
fn a_rework_reason_is_a_scrap_reason_counted_as_rework_and_takes_no_loss() {
    let text = valid().replace(
        "[[machine]]",
        "[[reason]]\ncode = \"quality/regrind\"\nkind = \"rework\"\n\n[[machine]]",
    );
    let c = Config::parse(&text, "takt.toml").unwrap().config;
    let r = c.reason("quality/regrind").unwrap();
    assert_eq!((r.kind, r.loss), (ReasonKind::Scrap, Loss::Rework));
    let bad = valid().replace(
        "[[machine]]",
        "[[reason]]\ncode = \"quality/regrind\"\nkind = \"rework\"\nloss = \"startup\"\n\n[[machine]]",
    );
    let line = line_of(&bad, "loss = \"startup\"");
    expect_errors(
        &bad,
        &[&format!(
            "{line}: [[reason]] \"quality/regrind\": `loss` is not for rework reasons: reworked parts are their own loss"
        )],
    );
}

#[test]
fn report_paper_is_a4_unless_the_config_says_letter() {
    let c = Config::parse(&valid(), "takt.toml").unwrap().config;
    assert_eq!(c.report.paper, Paper::A4);
    let text = format!("{}\n[report]\npaper = \"letter\"\n", valid());
    assert_eq!(
        Config::parse(&text, "takt.toml").unwrap().config.report.paper,
        Paper::Letter
    );
    let bad = format!("{}\n[report]\npaper = \"a5\"\n", valid());
    let line = line_of(&bad, "paper = \"a5\"");
    expect_errors(
        &bad,
        &[&format!(
            "{line}: [report]: `paper` = \"a5\": expected \"a4\" or \"letter\""
        )],
    );
}

#[test]
fn a_report_schedule_and_its_mail_server_are_read_and_each_mistake_named_at_its_line() {
    let text = format!(
        "{}\n[[report.schedule]]\nreports = [\"oee\", \"downtime\"]\nat = \"shift-end\"\nfolder = \"reports\"\nemail = [\"supervisor@plant.example\"]\n\n[[report.schedule]]\nreports = [\"energy\"]\nmachines = [\"press-1\"]\nat = \"06:30\"\nfolder = \"/srv/takt\"\n\n[smtp]\nhost = \"mail.plant.example\"\nuser = \"takt\"\npassword_env = \"TAKT_SMTP_PASSWORD\"\nfrom = \"Takt <takt@plant.example>\"\n",
        valid()
    );
    let c = Config::parse(&text, "takt.toml").unwrap().config;
    let s = &c.report.schedules;
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].reports, [ReportKind::Oee, ReportKind::Downtime]);
    assert_eq!(s[0].at, ScheduleAt::ShiftEnd);
    assert_eq!(s[0].email, ["supervisor@plant.example"]);
    assert_eq!(
        s[1].at,
        ScheduleAt::Daily(chrono::NaiveTime::from_hms_opt(6, 30, 0).unwrap())
    );
    assert_eq!(s[1].machines[0].as_str(), "press-1");
    let smtp = c.smtp.unwrap();
    assert_eq!((smtp.port, smtp.security), (587, SmtpSecurity::StartTls));

    let bad = format!(
        "{}\n[[report.schedule]]\nreports = [\"oee\", \"uptime\"]\nmachines = [\"press-9\"]\nat = \"end\"\nemail = [\"boss\"]\n",
        valid()
    );
    let line = |needle: &str| line_of(&bad, needle);
    expect_errors(
        &bad,
        &[
            &format!(
                "{}: [[report.schedule]]: no report \"uptime\": expected \"oee\", \"downtime\", \"scrap\", \"energy\", \"alarms\", \"process\", \"quality-drivers\", \"maintenance\" or \"condition\"",
                line("uptime")
            ),
            &format!(
                "{}: [[report.schedule]]: no machine \"press-9\": expected \"press-1\"",
                line("press-9")
            ),
            &format!(
                "{}: [[report.schedule]]: `at` = \"end\": expected \"shift-end\" or a plant-local time of day \"HH:MM\" like \"06:00\"",
                line("at = \"end\"")
            ),
            &format!(
                "{}: [[report.schedule]]: `email` \"boss\": expected an address like \"supervisor@plant.example\"",
                line("boss")
            ),
            &format!(
                "{}: [[report.schedule]]: `email` needs an [smtp] table (host, port, security, user, from) to send through",
                line("boss")
            ),
        ],
    );
    // A password in the config is refused, pointing at where it goes instead.
    let bad = format!(
        "{}\n[smtp]\nhost = \"m\"\npassword = \"hunter2\"\nfrom = \"t@p.example\"\n",
        valid()
    );
    let errors = check(&bad);
    assert!(
        errors.iter().any(|e| e.starts_with(&format!(
            "{}: [smtp]: a password is never kept in takt.toml",
            line_of(&bad, "hunter2")
        ))),
        "{errors:?}"
    );
    // Nowhere to deliver.
    let bad = format!(
        "{}\n[[report.schedule]]\nreports = [\"oee\"]\nat = \"shift-end\"\n",
        valid()
    );
    assert!(
        check(&bad).iter().any(|e| e.contains("nowhere to deliver")),
        "{:?}",
        check(&bad)
    );
}

#[test]
fn a_backup_plan_is_read_and_its_mistakes_named() {
    let text = format!("{}\n[backup]\nfolder = \"backups\"\nat = \"02:30\"\n", valid());
    let b = Config::parse(&text, "takt.toml").unwrap().config.backup.unwrap();
    assert_eq!((b.folder.to_str(), b.keep), (Some("backups"), 7));
    assert_eq!(b.at, chrono::NaiveTime::from_hms_opt(2, 30, 0).unwrap());
    let bad = format!(
        "{}\n[backup]\nfolder = \"backups\"\nat = \"2:30 am\"\nkeep = 0\n",
        valid()
    );
    expect_errors(
        &bad,
        &[
            &format!(
                "{}: [backup]: `at` = \"2:30 am\" (a string): expected a time of day \"HH:MM\" like \"06:00\"",
                line_of(&bad, "2:30 am")
            ),
            &format!(
                "{}: [backup]: `keep` = 0 (an integer): expected a whole number of copies from 1 to 3650",
                line_of(&bad, "keep = 0")
            ),
        ],
    );
}

#[test]
fn mqtt_and_central_are_read_with_the_plant_id_in_their_defaults() {
    let text = format!(
        "{}\n[mqtt]\nurl = \"mqtts://broker.acme.example\"\nuser = \"takt\"\npassword_file = \"/etc/takt/mqtt-password\"\n\n[central]\npostgres = \"postgresql://takt@db.acme.example/company?sslmode=require\"\npassword_env = \"TAKT_PG_PASSWORD\"\n",
        valid()
    );
    let c = Config::parse(&text, "takt.toml").unwrap().config;
    assert_eq!(c.plant_id().as_str(), "demo-plant");
    let m = c.mqtt.unwrap();
    assert_eq!((m.host.as_str(), m.port, m.tls), ("broker.acme.example", 8883, true));
    assert_eq!(
        (m.client_id.as_str(), m.topic_prefix.as_str()),
        ("takt-demo-plant", "takt/demo-plant")
    );
    assert_eq!(m.password, Some(Password::File("/etc/takt/mqtt-password".into())));
    assert_eq!(m.interval_s, 5);
    let central = c.central.unwrap();
    assert_eq!(central.password, Some(Password::Env("TAKT_PG_PASSWORD".into())));

    let own = text
        .replace("name = \"Demo Plant\"", "name = \"Demo Plant\"\nid = \"bursa\"")
        .replace(
            "url = \"mqtts://broker.acme.example\"",
            "url = \"mqtt://[::1]\"\ntopic_prefix = \"acme/bursa\"",
        );
    let c = Config::parse(&own, "takt.toml").unwrap().config;
    let m = c.mqtt.unwrap();
    assert_eq!((m.host.as_str(), m.port, m.tls), ("::1", 1883, false));
    assert_eq!(
        (m.client_id.as_str(), m.topic_prefix.as_str()),
        ("takt-bursa", "acme/bursa")
    );
}

#[test]
fn mqtt_and_central_mistakes_are_named_at_their_line() {
    let bad = format!(
        "{}\n[mqtt]\nurl = \"http://broker\"\ntopic_prefix = \"takt/#\"\npassword = \"secret\"\ninterval_s = 0\n\n[central]\npostgres = \"postgresql://takt:secret@db/company\"\n",
        valid().replace("name = \"Demo Plant\"", "name = \"Demo Plant\"\nid = \"Bursa 1\"")
    );
    let line = |needle: &str| line_of(&bad, needle);
    expect_errors(
        &bad,
        &[
            &format!(
                "{}: [plant]: `id`: \"Bursa 1\" is not valid: expected lowercase letters, digits and \"-\" (like \"istanbul-2\")",
                line("Bursa 1")
            ),
            &format!(
                "{}: [mqtt]: `url` \"http://broker\": the scheme http:// is not one Takt speaks here: expected \"mqtt://\", \"mqtts://\", \"tcp://\" or \"ssl://\"",
                line("http://broker")
            ),
            &format!(
                "{}: [mqtt]: `topic_prefix` \"takt/#\": expected topic levels joined by \"/\" without wildcards (+, #) or a leading or trailing \"/\", like \"acme/bursa/takt\"",
                line("takt/#")
            ),
            &format!(
                "{}: [mqtt]: a password is never kept in takt.toml (it would be in every backup and config history): set `password_env = \"TAKT_PASSWORD\"` (an environment variable) or `password_file = \"/etc/takt/password\"`",
                line("secret\"")
            ),
            &format!(
                "{}: [mqtt]: `interval_s` = 0 (an integer): expected a whole number of seconds from 1 to 3600",
                line("interval_s")
            ),
            &format!(
                "{}: [central]: `postgres`: the URL holds a password, which is never kept in takt.toml: remove it and set `password_env` or `password_file`",
                line("takt:secret")
            ),
        ],
    );
    let keys = Config::parse(&bad, "takt.toml").unwrap_err();
    let paths: Vec<&str> = keys.diagnostics.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "plant.id",
            "mqtt.url",
            "mqtt.topic_prefix",
            "mqtt.password",
            "mqtt.interval_s",
            "central.postgres"
        ]
    );
}

#[test]
fn a_night_shift_on_the_week_grid_is_cut_at_midnight_and_sundays_goes_on_into_monday() {
    let text = "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n\n[[shift]]\nname = \"Night\"\nstart = \"22:00\"\nend = \"06:00\"\ndays = [\"sun\"]\nbreaks = [{ start = \"23:30\", minutes = 60 }, { start = \"02:00\", minutes = 30 }]\n";
    let c = Config::parse(text, "takt.toml").unwrap().config;
    let blocks = c.shifts[0].week_blocks();
    let work: Vec<(u8, u16, u16, bool, bool)> = blocks
        .iter()
        .filter(|b| !b.is_break)
        .map(|b| (b.day, b.from_min, b.to_min, b.from_day_before, b.into_next_day))
        .collect();
    assert_eq!(work, [(6, 22 * 60, 1440, false, true), (0, 0, 6 * 60, true, false)]);
    let breaks: Vec<(u8, u16, u16)> = blocks
        .iter()
        .filter(|b| b.is_break)
        .map(|b| (b.day, b.from_min, b.to_min))
        .collect();
    assert_eq!(breaks, [(6, 23 * 60 + 30, 1440), (0, 0, 30), (0, 120, 150)]);
}

#[test]
fn the_display_listens_where_it_is_told_and_warns_when_that_is_the_network() {
    let local = format!("{}\n[display]\nlisten = \"127.0.0.1:8080\"\n", valid());
    let c = Config::parse(&local, "takt.toml").unwrap();
    let d = c.config.display.unwrap();
    assert_eq!((d.listen.port(), d.token), (8080, None));
    assert!(!check(&local).iter().any(|l| l.contains("[display]")));
    // The plant's network over plain HTTP: a warning at `listen`.
    let open = format!(
        "{}\n[display]\nlisten = \"0.0.0.0:8080\"\ntoken = \"abcdefghijklmnop\"\n",
        valid()
    );
    let warned: Vec<String> = check(&open).into_iter().filter(|l| l.contains("[display]")).collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(
        warned[0].starts_with(&format!(
            "{}: warning: [display]: `listen` = \"0.0.0.0:8080\" serves",
            line_of(&open, "0.0.0.0")
        )),
        "{warned:?}"
    );
    // A token is never serialised with the config.
    let c = Config::parse(&open, "takt.toml").unwrap().config;
    assert!(!serde_json::to_string(&c).unwrap().contains("abcdefghijklmnop"));
    let bad = format!("{}\n[display]\nlisten = \"tv:8080\"\ntoken = \"short\"\n", valid());
    expect_errors(
        &bad,
        &[
            &format!(
                "{}: [display]: `listen` = \"tv:8080\": expected an address and port like \"0.0.0.0:8080\" (the plant's network) or \"127.0.0.1:8080\" (this computer only)",
                line_of(&bad, "tv:8080")
            ),
            &format!(
                "{}: [display]: `token`: expected at least 16 letters, digits, \"-\" or \"_\" (leave it out and `takt check` writes one)",
                line_of(&bad, "token = \"short\"")
            ),
        ],
    );
}

#[test]
fn the_display_serves_https_with_a_certificate_and_key_and_then_does_not_warn() {
    let tls = format!(
        "{}\n[display]\nlisten = \"0.0.0.0:8443\"\ncert = \"tls/cert.pem\"\nkey = \"tls/key.pem\"\n",
        valid()
    );
    let d = Config::parse(&tls, "takt.toml").unwrap().config.display.unwrap();
    let t = d.tls.unwrap();
    assert_eq!(
        (t.cert.to_str(), t.key.to_str()),
        (Some("tls/cert.pem"), Some("tls/key.pem"))
    );
    assert!(
        !check(&tls).iter().any(|l| l.contains("[display]")),
        "{:?}",
        check(&tls)
    );
    let half = format!("{}\n[display]\nlisten = \"0.0.0.0:8443\"\ncert = \"c.pem\"\n", valid());
    expect_errors(
        &half,
        &[&format!(
            "{}: [display]: `cert` and `key` go together: expected both (HTTPS) or neither (plain HTTP)",
            line_of(&half, "c.pem")
        )],
    );
}

#[test]
fn operators_have_a_name_once_and_a_pin_of_digits_or_its_hash_never_serialised() {
    let base = format!("{}\n[display]\nlisten = \"127.0.0.1:8080\"\n", valid());
    let ok = format!(
        "{base}\n[[operator]]\nname = \"Ayşe Kaya\"\npin = \"4711\"\n\n[[operator]]\nname = \"Jonas\"\npin_hash = \"$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA\"\n"
    );
    let c = Config::parse(&ok, "takt.toml").unwrap();
    let ops = &c.config.operators;
    assert_eq!(ops.len(), 2);
    assert_eq!(
        (ops[0].name.as_str(), &ops[0].pin),
        ("Ayşe Kaya", &Pin::Plain("4711".into()))
    );
    assert!(matches!(&ops[1].pin, Pin::Hash(h) if h.starts_with("$argon2id$")));
    // A PIN as typed is said, at its line, to be hashed by `takt check`.
    let warned: Vec<String> = check(&ok).into_iter().filter(|l| l.contains("operator")).collect();
    assert_eq!(
        warned,
        [format!(
            "{}: warning: [[operator]] \"Ayşe Kaya\": the PIN is in takt.toml as typed: `takt check` replaces it with its hash (`pin_hash`)",
            line_of(&ok, "pin = \"4711\"")
        )]
    );
    let json = serde_json::to_string(&c.config).unwrap();
    assert!(
        json.contains("Ayşe Kaya") && !json.contains("4711") && !json.contains("argon2"),
        "{json}"
    );

    let bad = format!(
        "{base}\n[[operator]]\nname = \"Ali\"\npin = \"1234\"\n\n[[operator]]\nname = \"Ali\"\npin = \"5678\"\n\n[[operator]]\nname = \"Ben\"\npin = \"12a4\"\n\n[[operator]]\nname = \"Can\"\npin_hash = \"md5:abc\"\n\n[[operator]]\nname = \"Eda\"\n"
    );
    let lines = check(&bad);
    let expect = [
        format!(
            "{}: [[operator]] \"Ben\": `pin`: expected 4 to 12 digits",
            line_of(&bad, "12a4")
        ),
        format!(
            "{}: [[operator]] \"Can\": `pin_hash`: expected an Argon2id hash as `takt check` writes it",
            line_of(&bad, "md5:abc")
        ),
        "[[operator]] \"Eda\": expected a `pin` (digits; `takt check` hashes it) or its `pin_hash`".to_string(),
        "duplicate operator name \"Ali\"".to_string(),
    ];
    for e in &expect {
        assert!(lines.iter().any(|l| l.contains(e.as_str())), "{e}\n{lines:#?}");
    }
    // Operators without a display to enter at: a warning.
    let alone = format!("{}\n[[operator]]\nname = \"Eda\"\npin = \"1234\"\n", valid());
    assert!(
        check(&alone).iter().any(|l| l.contains("there is no [display]")),
        "{:?}",
        check(&alone)
    );
}

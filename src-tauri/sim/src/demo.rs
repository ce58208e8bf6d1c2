//! The demo plant (SPEC section 6): six machines chosen to show every feature, as a
//! config (with the ports the simulator listens on) and a behaviour for each.
//!
//! - `press`: a run coil and fault codes, a main bearing that wears out;
//! - `cnc`: product codes and changeovers, tools that break;
//! - `moulder`: a reject counter and an oil temperature that climbs for days before its
//!   screw bearing fails;
//! - `packer`: only a part counter (legacy), a 16-bit one that wraps every day;
//! - `line`: an energy meter;
//! - `welder`: drops off the network now and then (`no data`).
//!
//! More than six machines repeat the six (`press-2`, ...).

use takt_core::config::{Config, Loss, Machine, ReasonKind};

use crate::model::{ComponentSpec, FaultSpec, Profile};

/// One demo machine.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoMachine {
    /// Config id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Line.
    pub line: &'static str,
    /// Its `[[machine]]` keys after `connection`, and `[machine.signals]`.
    pub toml: &'static str,
    /// Ideal cycle time.
    pub ideal_cycle_s: f64,
    /// How it behaves.
    pub profile: Profile,
}

/// What the demo machines share; each says only where it differs.
fn base(ideal_cycle_s: f64) -> Profile {
    Profile {
        ideal_cycle_s,
        products: vec![],
        product_run_h: (4.0, 8.0),
        changeover: None,
        speed: (1.05, 1.25),
        reject_rate: 0.005,
        reject_gain: 0.0,
        run_min: (10.0, 60.0),
        small_stop_share: 0.5,
        faults: vec![],
        components: vec![],
        offline: None,
        power_kw: None,
    }
}

fn fault(code: u64, weight: f64, minutes: (f64, f64)) -> FaultSpec {
    FaultSpec { code, weight, minutes }
}

fn press() -> Profile {
    Profile {
        speed: (1.05, 1.3),
        reject_rate: 0.004,
        run_min: (5.0, 40.0),
        small_stop_share: 0.55,
        faults: vec![fault(2, 3.0, (2.5, 15.0)), fault(3, 1.0, (5.0, 25.0))],
        components: vec![ComponentSpec {
            name: "main-bearing".into(),
            fault_code: 1,
            beta: 2.2,
            eta_h: 120.0,
            repair_min: (45.0, 120.0),
            replace_at: Some(0.9),
        }],
        ..base(1.0)
    }
}

fn cnc() -> Profile {
    Profile {
        products: vec![(1, 45.0), (2, 60.0), (3, 30.0)],
        product_run_h: (3.0, 10.0),
        changeover: Some((4, (20.0, 45.0))),
        speed: (1.02, 1.15),
        reject_rate: 0.002,
        run_min: (30.0, 120.0),
        small_stop_share: 0.4,
        faults: vec![fault(6, 1.0, (3.0, 12.0))],
        components: vec![ComponentSpec {
            name: "tool".into(),
            fault_code: 5,
            beta: 1.4,
            eta_h: 50.0,
            repair_min: (10.0, 30.0),
            replace_at: Some(0.6),
        }],
        ..base(45.0)
    }
}

fn moulder() -> Profile {
    Profile {
        speed: (1.0, 1.1),
        reject_rate: 0.025,
        // Hot oil makes bad parts: rejects climb to 4 times the rate as the bearing fails.
        reject_gain: 3.0,
        run_min: (20.0, 90.0),
        faults: vec![fault(7, 1.0, (5.0, 30.0))],
        components: vec![ComponentSpec {
            name: "screw-bearing".into(),
            fault_code: 1,
            beta: 3.0,
            eta_h: 160.0,
            repair_min: (90.0, 180.0),
            replace_at: None,
        }],
        ..base(12.0)
    }
}

fn packer() -> Profile {
    Profile {
        speed: (1.05, 1.4),
        reject_rate: 0.0,
        run_min: (5.0, 30.0),
        faults: vec![fault(0, 1.0, (3.0, 20.0))],
        ..base(2.0)
    }
}

fn line() -> Profile {
    Profile {
        speed: (1.05, 1.2),
        reject_rate: 0.006,
        run_min: (15.0, 60.0),
        faults: vec![fault(3, 1.0, (5.0, 20.0))],
        power_kw: Some((4.0, 22.0)),
        ..base(3.0)
    }
}

fn welder() -> Profile {
    Profile {
        faults: vec![fault(8, 1.0, (5.0, 30.0))],
        offline: Some((6.0, (3.0, 20.0))),
        ..base(5.0)
    }
}

type Template = (
    &'static str,
    &'static str,
    &'static str,
    f64,
    &'static str,
    fn() -> Profile,
);

const TEMPLATES: [Template; 6] = [
    (
        "press",
        "Press",
        "Stamping",
        1.0,
        r#"
[machine.signals]
running     = { coil = 0 }
total_count = { holding = 0, type = "u32" }
fault_code  = { holding = 4, type = "u16", reasons = { 1 = "mech/bearing", 2 = "mech/jam", 3 = "material/empty" } }

[[machine.maintenance]]
task = "Grease main bearing"
component = "main-bearing"
every_run_hours = 100
"#,
        press,
    ),
    (
        "cnc",
        "CNC",
        "Machining",
        45.0,
        r#"
[machine.signals]
running      = { discrete = 0 }
total_count  = { input = 0, type = "u16" }
product_code = { holding = 10, type = "u16", products = { 1 = "housing-c", 2 = "housing-d", 3 = "shaft-e" } }
fault_code   = { holding = 11, type = "u16", reasons = { 4 = "setup/changeover", 5 = "mech/tool", 6 = "mech/jam" } }

[[machine.maintenance]]
task = "Change cutting tool"
component = "tool"
every_cycles = 4000
"#,
        cnc,
    ),
    (
        "moulder",
        "Injection moulder",
        "Moulding",
        12.0,
        r#"
[machine.signals]
running      = { coil = 0 }
total_count  = { holding = 0, type = "u32", word_order = "little" }
reject_count = { holding = 2, type = "u16" }
fault_code   = { holding = 3, type = "u16", reasons = { 1 = "mech/bearing", 7 = "hydraulic/leak" } }
process = [
  { name = "oil_temp", input = 10, type = "i16", scale = 0.1, unit = "C", low = 20.0, high = 65.0 },
]

[[machine.maintenance]]
task = "Check screw bearing"
component = "screw-bearing"
every_days = 7
"#,
        moulder,
    ),
    (
        "packer",
        "Packer",
        "Packing",
        2.0,
        r#"
[machine.signals]
total_count = { holding = 0, type = "u16" }
"#,
        packer,
    ),
    (
        "line",
        "Assembly line",
        "Assembly",
        3.0,
        r#"
[machine.signals]
running     = { coil = 0 }
total_count = { input = 0, type = "u32" }
fault_code  = { holding = 0, type = "u16", reasons = { 3 = "material/empty" } }
energy_kwh  = { input = 20, type = "f32", word_order = "little" }
"#,
        line,
    ),
    (
        "welder",
        "Welding robot",
        "Assembly",
        5.0,
        r#"
[machine.signals]
running     = { coil = 0 }
total_count = { holding = 0, type = "u32" }
fault_code  = { holding = 2, type = "u16", reasons = { 8 = "elec/drive" } }
"#,
        welder,
    ),
];

/// A behaviour for any configured machine (for `takt sim`): its ideal cycle time and
/// products, its fault codes as causes of stops (setup and planned reasons as
/// changeovers), the first downtime code as a wearing part, and an energy meter's power.
pub fn profile_for(machine: &Machine, config: &Config) -> Profile {
    let products: Vec<(u64, f64)> = machine
        .signals
        .product_code
        .as_ref()
        .map(|p| {
            p.codes
                .iter()
                .map(|(code, id)| (*code, machine.ideal_cycle(Some(id), &config.products).unwrap_or(1.0)))
                .collect()
        })
        .unwrap_or_default();
    let ideal = machine.ideal_cycle_s.or(products.first().map(|p| p.1)).unwrap_or(1.0);
    let mut faults = Vec::new();
    let mut changeover = None;
    let mut components = Vec::new();
    if let Some(f) = &machine.signals.fault_code {
        for (code, reason) in &f.codes {
            let r = config.reason(reason.as_str());
            let setup = r.is_some_and(|r| r.kind == ReasonKind::Planned || r.loss == Loss::Setup);
            if setup && changeover.is_none() {
                changeover = Some((*code, (15.0, 40.0)));
            } else if components.is_empty() && !setup {
                components.push(ComponentSpec {
                    name: reason.to_string().replace('/', "-"),
                    fault_code: *code,
                    beta: 2.0,
                    eta_h: 150.0,
                    repair_min: (30.0, 90.0),
                    replace_at: None,
                });
            } else {
                faults.push(FaultSpec {
                    code: *code,
                    weight: 1.0,
                    minutes: (3.0, 20.0),
                });
            }
        }
    }
    Profile {
        ideal_cycle_s: ideal,
        products,
        product_run_h: (3.0, 8.0),
        changeover,
        speed: (1.05, 1.25),
        reject_rate: if machine.signals.reject_count.is_some() {
            0.01
        } else {
            0.0
        },
        reject_gain: 0.0,
        run_min: (10.0, 60.0),
        small_stop_share: if faults.is_empty() { 1.0 } else { 0.5 },
        faults,
        components,
        offline: None,
        power_kw: machine.signals.energy_kwh.as_ref().map(|_| (3.0, 15.0)),
    }
}

/// The first `n` demo machines.
pub fn machines(n: usize) -> Vec<DemoMachine> {
    (0..n)
        .map(|i| {
            let (id, name, line, ideal, toml, profile) = TEMPLATES[i % TEMPLATES.len()];
            let k = i / TEMPLATES.len() + 1;
            DemoMachine {
                id: format!("{id}-{k}"),
                name: format!("{name} {k}"),
                line,
                toml,
                ideal_cycle_s: ideal,
                profile: profile(),
            }
        })
        .collect()
}

/// The demo plant's `takt.toml`, with machine `i` at `127.0.0.1:ports[i]`.
pub fn config(machines: &[DemoMachine], ports: &[u16]) -> String {
    let mut s = String::from(
        r#"# The demo plant of `takt demo`: simulated machines served over Modbus TCP on this
# computer. Every feature of Takt shows on one of them. Copy a [[machine]] block as the
# start of a real one.

[plant]
name = "Demo Plant"
timezone = "Europe/Istanbul"
microstop_s = 120

[[shift]]
name = "Early"
start = "06:00"
end = "14:00"
breaks = [{ start = "10:00", minutes = 30 }]

[[shift]]
name = "Late"
start = "14:00"
end = "22:00"
breaks = [{ start = "18:00", minutes = 30 }]

[[shift]]
name = "Night"
start = "22:00"
end = "06:00"
breaks = [{ start = "02:00", minutes = 30 }]

[[product]]
id = "housing-c"
name = "Housing C"
ideal_cycle_s = 45.0
unit_cost = 12.50

[[product]]
id = "housing-d"
name = "Housing D"
ideal_cycle_s = 60.0
unit_cost = 18.00

[[product]]
id = "shaft-e"
name = "Shaft E"
ideal_cycle_s = 30.0
unit_cost = 7.20

[[reason]]
code = "mech/bearing"
name = "Bearing failure"
kind = "downtime"

[[reason]]
code = "mech/jam"
name = "Part jam"
kind = "downtime"

[[reason]]
code = "mech/tool"
name = "Tool breakage"
kind = "downtime"

[[reason]]
code = "material/empty"
name = "Out of material"
kind = "downtime"

[[reason]]
code = "hydraulic/leak"
name = "Hydraulic leak"
kind = "downtime"

[[reason]]
code = "elec/drive"
name = "Drive fault"
kind = "downtime"

[[reason]]
code = "setup/changeover"
name = "Changeover"
kind = "downtime"
loss = "setup"

[[reason]]
code = "planned/maintenance"
name = "Planned maintenance"
kind = "planned"

[[reason]]
code = "scrap/short-shot"
name = "Short shot"
kind = "scrap"

[[reason]]
code = "scrap/warmup"
name = "Warm-up scrap"
kind = "scrap"
loss = "startup"
"#,
    );
    for (m, port) in machines.iter().zip(ports) {
        s.push_str(&format!(
            "\n[[machine]]\nid = \"{}\"\nname = \"{}\"\nline = \"{}\"\nideal_cycle_s = {:?}\npoll_ms = 500\nconnection = {{ modbus_tcp = \"127.0.0.1:{port}\", unit = 1, timeout_ms = 500 }}\n{}",
            m.id, m.name, m.line, m.ideal_cycle_s, m.toml
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::config::Config;

    #[test]
    fn the_demo_config_is_valid_for_any_number_of_machines() {
        for n in [1, 6, 13] {
            let ms = machines(n);
            let ports: Vec<u16> = (0..n as u16).map(|i| 5020 + i).collect();
            let c = Config::parse(&config(&ms, &ports), "demo.toml").unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(c.config.machines.len(), n);
            assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        }
        assert_eq!(machines(8)[7].id, "cnc-2");
    }

    #[test]
    fn the_moulders_oil_crosses_its_limit_days_before_its_bearing_fails() {
        use takt_core::calendar::Calendar;
        use takt_core::model::MaintenanceKind;
        use takt_core::time::{DAY_MS, HOUR_MS, Ts};

        use crate::encode::process_value;
        use crate::model::MachineModel;

        let ms = machines(6);
        let c = Config::parse(&config(&ms, &[1, 2, 3, 4, 5, 6]), "demo.toml")
            .unwrap()
            .config;
        let oil = &c.machines[2].signals.process[0];
        let high = oil.high.unwrap();
        for seed in [1, 7, 42] {
            let origin = Ts(1_780_000_000_000);
            let mut m = MachineModel::new(ms[2].profile.clone(), seed, 2, origin, Calendar::new(&c));
            let end = Ts(origin.0 + 60 * DAY_MS);
            let failures: Vec<Ts> = m
                .maintenance(origin, end)
                .iter()
                .filter(|e| e.kind == MaintenanceKind::Failure)
                .map(|e| e.t)
                .collect();
            assert!(failures.len() >= 2, "seed {seed}: {failures:?}");
            // For each failure after the first, the hourly mean of the oil temperature
            // (sampled each minute) first went above the limit at least a day before it.
            for w in failures.windows(2) {
                let mut hour = Ts(w[0].0 + 2 * HOUR_MS);
                let crossed = loop {
                    let mean = (0..60)
                        .map(|i| process_value(oil, &m.observe(Ts(hour.0 + i * 60_000))))
                        .sum::<f64>()
                        / 60.0;
                    if mean > high || hour >= w[1] {
                        break hour;
                    }
                    hour = Ts(hour.0 + HOUR_MS);
                };
                let ahead = w[1].since(crossed) as f64 / DAY_MS as f64;
                assert!(
                    ahead >= 1.0,
                    "seed {seed}: above {high} C only {ahead:.2} days before the failure at {:?}",
                    w[1]
                );
            }
        }
    }
}

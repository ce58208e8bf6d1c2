//! Report rows (SPEC section 4) built from per-machine KPI terms: the same rows feed the
//! CSV writer, the PDF and the window, so every figure comes from one place.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;
use crate::ids::{MachineId, ProductId, ReasonCode};
use crate::kpi::{Flag, Period, Row, Stop, StopKind, Terms};
use crate::model::{CountRow, ScrapEntry};
use crate::time::Ts;

/// How `--by` groups a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// Per shift.
    Shift,
    /// Per plant-local day.
    Day,
    /// Per plant-local week.
    Week,
    /// Per machine over the whole range.
    Machine,
    /// Per machine and product over the whole range.
    Product,
    /// Per reason (downtime and scrap).
    Reason,
}

impl By {
    /// As on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            By::Shift => "shift",
            By::Day => "day",
            By::Week => "week",
            By::Machine => "machine",
            By::Product => "product",
            By::Reason => "reason",
        }
    }
}

/// The machine column of rows that combine every selected machine.
pub const ALL: &str = "ALL";

/// One row of the OEE report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OeeRow {
    /// Machine id, or [`ALL`].
    pub machine: String,
    /// The period.
    pub period: Period,
    /// With `--by product`: the product (`None`: none known).
    pub product: Option<ProductId>,
    /// Whether rows are per product (so an empty product means "none known").
    pub by_product: bool,
    /// The terms everything else is derived from.
    pub terms: Terms,
    /// What deserves a look, and which machine it is about.
    pub flags: Vec<MachineFlag>,
}

/// A flag and the machine it is about.
pub type MachineFlag = (MachineId, Flag);

impl OeeRow {
    /// The flags in words: on an [`ALL`] row each names its machine.
    pub fn flag_messages(&self) -> Vec<String> {
        self.flags
            .iter()
            .map(|(m, f)| {
                if self.machine == ALL {
                    format!("{m}: {}", f.message())
                } else {
                    f.message()
                }
            })
            .collect()
    }
}

/// Builds OEE rows from each machine's KPI rows: machines in the given order, then an
/// [`ALL`] row per period (and product) when there are several machines.
pub fn oee_rows(periods: &[Period], machines: &[(MachineId, Vec<Row>)], by_product: bool) -> Vec<OeeRow> {
    let mut out = Vec::new();
    // Each machine's rows sorted by period, walked with a cursor: linear in the rows.
    let sorted: Vec<Vec<&Row>> = machines
        .iter()
        .map(|(_, rows)| {
            let mut v: Vec<&Row> = rows.iter().collect();
            v.sort_by(|a, b| (a.period, &a.product).cmp(&(b.period, &b.product)));
            v
        })
        .collect();
    let mut cursor = vec![0usize; machines.len()];
    for (pi, period) in periods.iter().enumerate() {
        let mut all: BTreeMap<Option<ProductId>, (Terms, Vec<MachineFlag>)> = BTreeMap::new();
        for (k, (m, _)) in machines.iter().enumerate() {
            // A machine has a row for every period its observation touches.
            let rows = &sorted[k];
            let start = cursor[k];
            while cursor[k] < rows.len() && rows[cursor[k]].period == pi {
                cursor[k] += 1;
            }
            let mine = &rows[start..cursor[k]];
            for r in mine.iter().copied() {
                let flags: Vec<MachineFlag> = r.flags.iter().map(|f| (m.clone(), f.clone())).collect();
                let a = all.entry(r.product.clone()).or_default();
                a.0 += r.terms;
                for f in &flags {
                    if !a.1.contains(f) {
                        a.1.push(f.clone());
                    }
                }
                out.push(OeeRow {
                    machine: m.to_string(),
                    period: period.clone(),
                    product: r.product.clone(),
                    by_product,
                    terms: r.terms,
                    flags,
                });
            }
        }
        if machines.len() > 1 {
            for (product, (terms, flags)) in all {
                out.push(OeeRow {
                    machine: ALL.to_string(),
                    period: period.clone(),
                    product,
                    by_product,
                    terms,
                    flags,
                });
            }
        }
    }
    out
}

/// A stop in the downtime report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DowntimeRow {
    /// Machine.
    pub machine: MachineId,
    /// The stop.
    pub stop: Stop,
}

/// A group of the downtime report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DowntimeGroup {
    /// Machine, period label or reason.
    pub group: String,
    /// Unplanned stops of at least `microstop_s`.
    pub stops: u64,
    /// Their time, ms.
    pub duration_ms: i64,
    /// Small stops.
    pub small_stops: u64,
    /// Their time, ms.
    pub small_stop_ms: i64,
    /// Planned stops.
    pub planned_stops: u64,
    /// Their time, ms.
    pub planned_ms: i64,
}

/// The label of an uncoded stop or scrap entry in `--by reason` groups.
pub const UNCODED: &str = "uncoded";

/// The label of the planned stops that are breaks in `--by reason` groups.
pub const BREAK: &str = "break";

/// Groups stops: by machine, by reason, or by the periods they fall in (a stop across two
/// periods counts in both, with its time split). A stop cut in parts by a break counts
/// once per group.
pub fn downtime_groups(rows: &[DowntimeRow], by: By, periods: &[Period]) -> Vec<DowntimeGroup> {
    let mut groups: BTreeMap<(usize, String), DowntimeGroup> = BTreeMap::new();
    let mut seen: std::collections::HashSet<(usize, String, MachineId, Ts, StopKind)> = Default::default();
    let mut add = |order: usize, key: String, r: &DowntimeRow, len: i64| {
        let s = &r.stop;
        let new = seen.insert((order, key.clone(), r.machine.clone(), s.stop_start, s.kind));
        let g = groups.entry((order, key.clone())).or_insert_with(|| DowntimeGroup {
            group: key,
            ..DowntimeGroup::default()
        });
        let n = u64::from(new);
        match s.kind {
            StopKind::Down => {
                g.stops += n;
                g.duration_ms += len;
            }
            StopKind::SmallStop => {
                g.small_stops += n;
                g.small_stop_ms += len;
            }
            StopKind::Planned => {
                g.planned_stops += n;
                g.planned_ms += len;
            }
        }
    };
    for r in rows {
        let s = &r.stop;
        match by {
            By::Machine => add(0, r.machine.to_string(), r, s.end.since(s.start)),
            By::Reason => add(
                0,
                match (&s.reason, s.on_break) {
                    (_, true) => BREAK.to_string(),
                    (Some(x), false) => x.to_string(),
                    (None, false) => UNCODED.to_string(),
                },
                r,
                s.end.since(s.start),
            ),
            _ => {
                for (i, p) in periods.iter().enumerate() {
                    let (a, b) = (s.start.max(p.start), s.end.min(p.end));
                    if a < b {
                        add(i, p.label.clone(), r, b.since(a));
                    }
                }
            }
        }
    }
    let mut out: Vec<DowntimeGroup> = groups.into_values().collect();
    if by == By::Reason || by == By::Machine {
        // Pareto order: the biggest loss first.
        out.sort_by(|a, b| b.duration_ms.cmp(&a.duration_ms).then(a.group.cmp(&b.group)));
    }
    out
}

/// One row of the scrap report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScrapGroup {
    /// Machine, period, product or reason.
    pub group: String,
    /// Parts made.
    pub total: u64,
    /// Parts rejected.
    pub reject: u64,
    /// Cost of the rejects.
    pub cost: f64,
}

impl ScrapGroup {
    /// Rejects / total.
    pub fn scrap_rate(&self) -> Option<f64> {
        (self.total > 0).then(|| self.reject as f64 / self.total as f64)
    }
}

/// The label of machine-counter rejects in `--by reason` scrap groups.
pub const COUNTER: &str = "machine-counter";

/// Scrap by reason over several machines' counts and scrap entries: machine-counter
/// rejects as one group, operator scrap by its reason. `total` on every row is all the
/// parts made, so the rates compare.
pub fn scrap_by_reason(config: &Config, machines: &[(Vec<CountRow>, Vec<ScrapEntry>)]) -> Vec<ScrapGroup> {
    let cost = |p: Option<&ProductId>| {
        p.and_then(|p| config.product(p.as_str()))
            .and_then(|p| p.unit_cost)
            .unwrap_or(0.0)
    };
    let mut total = 0;
    let mut groups: BTreeMap<String, ScrapGroup> = BTreeMap::new();
    for (counts, scrap) in machines {
        for c in counts.iter().filter(|c| !c.over_gap) {
            total += c.total;
            if c.reject > 0 {
                let g = groups.entry(COUNTER.to_string()).or_default();
                g.reject += c.reject;
                g.cost += cost(c.product.as_ref()) * c.reject as f64;
            }
        }
        for s in scrap {
            let key = s.reason.as_ref().map_or(UNCODED.to_string(), ReasonCode::to_string);
            let g = groups.entry(key).or_default();
            g.reject += s.quantity;
            g.cost += cost(s.product.as_ref()) * s.quantity as f64;
        }
    }
    let mut out: Vec<ScrapGroup> = groups
        .into_iter()
        .map(|(group, g)| ScrapGroup { group, total, ..g })
        .collect();
    out.sort_by(|a, b| b.reject.cmp(&a.reject).then(a.group.cmp(&b.group)));
    out
}

/// Adds rows of the same group together, keeping the order groups first appear in.
pub fn merge_scrap(groups: impl IntoIterator<Item = ScrapGroup>) -> Vec<ScrapGroup> {
    let mut out: Vec<ScrapGroup> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for g in groups {
        let i = *index.entry(g.group.clone()).or_insert_with(|| {
            out.push(ScrapGroup {
                group: g.group.clone(),
                ..ScrapGroup::default()
            });
            out.len() - 1
        });
        out[i].total += g.total;
        out[i].reject += g.reject;
        out[i].cost += g.cost;
    }
    out
}

/// The group label of parts with no product.
pub const NO_PRODUCT: &str = "none";

/// The range a report covers, for titles.
pub fn range_label(from: Ts, to: Ts, tz: chrono_tz::Tz) -> String {
    format!("{} to {}", from.rfc3339(tz), to.rfc3339(tz))
}

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
    /// The maintenance log's and the energy meter's part (empty by product).
    pub extra: crate::kpi::Extra,
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
        let mut all: BTreeMap<Option<ProductId>, (Terms, crate::kpi::Extra, Vec<MachineFlag>)> = BTreeMap::new();
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
                a.1 += r.extra;
                for f in &flags {
                    if !a.2.contains(f) {
                        a.2.push(f.clone());
                    }
                }
                out.push(OeeRow {
                    machine: m.to_string(),
                    period: period.clone(),
                    product: r.product.clone(),
                    by_product,
                    terms: r.terms,
                    extra: r.extra,
                    flags,
                });
            }
        }
        if machines.len() > 1 {
            for (product, (terms, extra, flags)) in all {
                out.push(OeeRow {
                    machine: ALL.to_string(),
                    period: period.clone(),
                    product,
                    by_product,
                    terms,
                    extra,
                    flags,
                });
            }
        }
    }
    out
}

/// Rows that combine terms recorded apart (several plants' shifts in a central database):
/// each group's terms summed, then, with `all`, a row of that name over every group: the
/// rule of [`oee_rows`]' `ALL` row, sum the terms and divide last, so a group's ratios
/// are those its own machines' report shows.
pub fn combine(
    period: &Period,
    parts: impl IntoIterator<Item = (String, Terms, crate::kpi::Extra)>,
    all: Option<&str>,
) -> Vec<OeeRow> {
    let mut groups: BTreeMap<String, (Terms, crate::kpi::Extra)> = BTreeMap::new();
    let mut total = (Terms::default(), crate::kpi::Extra::default());
    for (name, terms, extra) in parts {
        let g = groups.entry(name).or_default();
        g.0 += terms;
        g.1 += extra;
        total.0 += terms;
        total.1 += extra;
    }
    let row = |machine: String, (terms, extra): (Terms, crate::kpi::Extra)| OeeRow {
        machine,
        period: period.clone(),
        product: None,
        by_product: false,
        terms,
        extra,
        flags: Vec::new(),
    };
    let several = groups.len() > 1;
    let mut out: Vec<OeeRow> = groups.into_iter().map(|(name, g)| row(name, g)).collect();
    if let Some(name) = all.filter(|_| several) {
        out.push(row(name.to_string(), total));
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
    let mut sums = Sums::default();
    for r in rows {
        let s = &r.stop;
        match by {
            By::Machine => sums.add(0, r.machine.as_str(), r, s.end.since(s.start)),
            By::Reason => sums.add(
                0,
                match (&s.reason, s.on_break) {
                    (_, true) => BREAK,
                    (Some(x), false) => x.as_str(),
                    (None, false) => UNCODED,
                },
                r,
                s.end.since(s.start),
            ),
            _ => {
                // Periods are in time order and do not overlap: those the stop touches.
                let first = periods.partition_point(|p| p.end <= s.start);
                for (i, p) in periods.iter().enumerate().skip(first) {
                    if p.start >= s.end {
                        break;
                    }
                    let (a, b) = (s.start.max(p.start), s.end.min(p.end));
                    if a < b {
                        sums.add(i, &p.label, r, b.since(a));
                    }
                }
            }
        }
    }
    let mut sums = sums.groups;
    sums.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.group.group.cmp(&b.group.group)));
    let mut out: Vec<DowntimeGroup> = sums.into_iter().map(|s| s.group).collect();
    if by == By::Reason || by == By::Machine {
        // Pareto order: the biggest loss first.
        out.sort_by(|a, b| b.duration_ms.cmp(&a.duration_ms).then(a.group.cmp(&b.group)));
    }
    out
}

/// A downtime group being summed, and the last stop of each kind it counted: the pieces
/// of one stop (cut by a break, or by a period's end) come one after another, so a piece
/// of the stop last counted adds its time but is not another stop.
struct GroupSum<'a> {
    order: usize,
    group: DowntimeGroup,
    last: [Option<(&'a MachineId, Ts)>; 3],
}

/// The downtime groups being summed, found by (period order, key).
#[derive(Default)]
struct Sums<'a> {
    groups: Vec<GroupSum<'a>>,
    index: std::collections::HashMap<(usize, &'a str), usize>,
    /// The group of the row before: consecutive rows mostly fall in the same one.
    recent: Option<((usize, &'a str), usize)>,
}

impl<'a> Sums<'a> {
    fn add(&mut self, order: usize, key: &'a str, r: &'a DowntimeRow, len: i64) {
        let i = match self.recent {
            Some((k, i)) if k == (order, key) => i,
            _ => {
                let groups = &mut self.groups;
                let i = *self.index.entry((order, key)).or_insert_with(|| {
                    groups.push(GroupSum {
                        order,
                        group: DowntimeGroup {
                            group: key.to_string(),
                            ..DowntimeGroup::default()
                        },
                        last: [None; 3],
                    });
                    groups.len() - 1
                });
                self.recent = Some(((order, key), i));
                i
            }
        };
        let s = &r.stop;
        let kind = match s.kind {
            StopKind::Down => 0,
            StopKind::SmallStop => 1,
            StopKind::Planned => 2,
        };
        let sum = &mut self.groups[i];
        let this = Some((&r.machine, s.stop_start));
        let n = u64::from(sum.last[kind] != this);
        sum.last[kind] = this;
        let g = &mut sum.group;
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
    }
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

/// Downtime groups of the same name summed (machine by machine groups into the plant's),
/// in the order each name first comes.
pub fn merge_downtime_groups(groups: impl IntoIterator<Item = DowntimeGroup>) -> Vec<DowntimeGroup> {
    let mut out: Vec<DowntimeGroup> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for g in groups {
        match index.get(&g.group) {
            Some(&i) => {
                let o = &mut out[i];
                o.stops += g.stops;
                o.duration_ms += g.duration_ms;
                o.small_stops += g.small_stops;
                o.small_stop_ms += g.small_stop_ms;
                o.planned_stops += g.planned_stops;
                o.planned_ms += g.planned_ms;
            }
            None => {
                index.insert(g.group.clone(), out.len());
                out.push(g);
            }
        }
    }
    out
}

/// The group label of parts with no product.
pub const NO_PRODUCT: &str = "none";

/// The range a report covers, for titles.
pub fn range_label(from: Ts, to: Ts, tz: chrono_tz::Tz) -> String {
    format!("{} to {}", from.rfc3339(tz), to.rfc3339(tz))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{Period, Stop};

    /// The grouping as it was first written: every row against every period, and a set
    /// of every (group, machine, stop, kind) counted.
    fn reference(rows: &[DowntimeRow], by: By, periods: &[Period]) -> Vec<DowntimeGroup> {
        let mut groups: BTreeMap<(usize, String), DowntimeGroup> = BTreeMap::new();
        let mut seen = std::collections::HashSet::new();
        let mut add = |order: usize, key: String, r: &DowntimeRow, len: i64| {
            let s = &r.stop;
            let n = u64::from(seen.insert((order, key.clone(), r.machine.clone(), s.stop_start, s.kind)));
            let g = groups.entry((order, key.clone())).or_insert_with(|| DowntimeGroup {
                group: key,
                ..DowntimeGroup::default()
            });
            match s.kind {
                StopKind::Down => (g.stops, g.duration_ms) = (g.stops + n, g.duration_ms + len),
                StopKind::SmallStop => (g.small_stops, g.small_stop_ms) = (g.small_stops + n, g.small_stop_ms + len),
                StopKind::Planned => (g.planned_stops, g.planned_ms) = (g.planned_stops + n, g.planned_ms + len),
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
            out.sort_by(|a, b| b.duration_ms.cmp(&a.duration_ms).then(a.group.cmp(&b.group)));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn downtime_groups_sum_as_every_row_against_every_period(
            // Per machine: stops as (gap before, length, kind, a piece cut off by a break).
            machines in proptest::collection::vec(
                proptest::collection::vec((0i64..50, 1i64..40, 0u8..3, proptest::bool::ANY, 0u8..3), 0..25),
                1..4,
            ),
            period_len in 5i64..60,
        ) {
            let reasons = [None, Some("mech/jam"), Some("mech/bearing")];
            let mut rows = Vec::new();
            let mut end = 0;
            for (m, stops) in machines.iter().enumerate() {
                let machine = MachineId::new(format!("m{m}")).unwrap();
                let mut t = 0;
                for &(gap, len, kind, cut, reason) in stops {
                    let start = t + gap;
                    let kind = [StopKind::Down, StopKind::SmallStop, StopKind::Planned][kind as usize];
                    let reason = reasons[reason as usize].map(|r| crate::ids::ReasonCode::new(r).unwrap());
                    // A stop a break cut: its part before, the break, its part after.
                    let parts: Vec<(i64, i64, StopKind, bool)> = if cut && len > 2 {
                        vec![(start, start + 1, kind, false), (start + 1, start + 2, StopKind::Planned, true), (start + 2, start + len, kind, false)]
                    } else {
                        vec![(start, start + len, kind, false)]
                    };
                    for (a, b, kind, on_break) in parts {
                        rows.push(DowntimeRow {
                            machine: machine.clone(),
                            stop: Stop {
                                start: Ts(a),
                                end: Ts(b),
                                stop_start: Ts(start),
                                reason: if on_break { None } else { reason.clone() },
                                kind,
                                on_break,
                            },
                        });
                    }
                    t = start + len;
                }
                end = end.max(t);
            }
            let periods: Vec<Period> = (0..=end / period_len)
                .map(|i| Period { label: format!("p{i:03}"), start: Ts(i * period_len), end: Ts((i + 1) * period_len) })
                .collect();
            for by in [By::Machine, By::Reason, By::Shift] {
                proptest::prop_assert_eq!(downtime_groups(&rows, by, &periods), reference(&rows, by, &periods));
            }
        }
    }
}

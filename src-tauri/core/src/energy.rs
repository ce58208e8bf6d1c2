//! Energy: what a machine's meter moved over a span, split by what the machine was doing
//! (running, standing, or away in a `no data` gap: [`EnergySums`]), against the good
//! parts it made and the hours it ran. The energy report, the OEE report's energy per good
//! part and the Machine page all take their figures from [`pieces`] and [`rows`].

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{CountRow, EnergySums, MachineState, ScrapEntry, StateInterval};
use crate::time::{HOUR_MS, Ts};

/// The energy, good parts and run time of one machine over one span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Piece {
    /// The meter's movement, split.
    pub energy: EnergySums,
    /// Good parts: every part counted in the span (over gaps too, as their energy is)
    /// less the machine's rejects and the scrap entered in it.
    pub good: u64,
    /// Time in state `running` in the span, ms.
    pub run_ms: i64,
}

/// The pieces of one machine over `spans` (sorted, not overlapping): `energy` has a sum
/// per span; `counts` are the span's count rows, each marked with its span's start (as
/// the store's `count_sums` gives them); `scrap` (sorted by time) and `intervals` (sorted,
/// as recorded) may reach beyond the spans. One walk over each, so a year of shifts
/// costs no more than reading them.
pub fn pieces(
    spans: &[(Ts, Ts)],
    energy: &[EnergySums],
    counts: &[CountRow],
    scrap: &[ScrapEntry],
    intervals: &[StateInterval],
) -> Vec<Piece> {
    let (mut c, mut s, mut i) = (0usize, 0usize, 0usize);
    let mut out = Vec::with_capacity(spans.len());
    for (k, &(from, to)) in spans.iter().enumerate() {
        let (mut total, mut reject) = (0u64, 0u64);
        while c < counts.len() && counts[c].t < from {
            c += 1;
        }
        while c < counts.len() && counts[c].t < to {
            total = total.saturating_add(counts[c].total);
            reject = reject.saturating_add(counts[c].reject);
            c += 1;
        }
        let mut scrapped = 0u64;
        while s < scrap.len() && scrap[s].t < from {
            s += 1;
        }
        while s < scrap.len() && scrap[s].t < to {
            scrapped = scrapped.saturating_add(scrap[s].quantity);
            s += 1;
        }
        while i < intervals.len() && intervals[i].end <= from {
            i += 1;
        }
        let run_ms = running_ms(intervals[i..].iter().take_while(|x| x.start < to), from, to);
        out.push(Piece {
            energy: energy.get(k).copied().unwrap_or_default(),
            good: total.saturating_sub(reject).saturating_sub(scrapped),
            run_ms,
        });
    }
    out
}

/// Whether a machine's meter recorded anything in these pieces: a meter that moved not
/// at all over a whole report (history imported without energy, a meter never read) has
/// no figures rather than 0 kWh.
pub fn recorded(pieces: &[Piece]) -> bool {
    pieces.iter().any(|p| p.energy.kwh != 0.0)
}

impl std::ops::AddAssign for Piece {
    fn add_assign(&mut self, o: Piece) {
        self.energy += o.energy;
        self.good = self.good.saturating_add(o.good);
        self.run_ms = self.run_ms.saturating_add(o.run_ms);
    }
}

/// Milliseconds of `[from, to)` in state `running` (as recorded).
pub fn running_ms<'a>(intervals: impl IntoIterator<Item = &'a StateInterval>, from: Ts, to: Ts) -> i64 {
    intervals
        .into_iter()
        .filter(|i| i.state == MachineState::Running)
        .map(|i| (i.end.min(to).0 - i.start.max(from).0).max(0))
        .sum()
}

/// One row of the energy report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EnergyRow {
    /// Machine, period or product.
    pub group: String,
    /// The sums.
    pub piece: Piece,
    /// Cost of the energy at `[plant] energy_price`, when it is set.
    pub cost: Option<f64>,
}

impl EnergyRow {
    /// kWh per good part: all the energy over the good parts (`None` without any).
    pub fn kwh_per_good(&self) -> Option<f64> {
        kwh_per_good(&self.piece)
    }

    /// kWh used while running per hour of running: the mean power drawn while running, kW.
    pub fn kwh_per_run_h(&self) -> Option<f64> {
        (self.piece.run_ms > 0).then(|| self.piece.energy.run_kwh / (self.piece.run_ms as f64 / HOUR_MS as f64))
    }

    /// The share of the energy used while the machine stood.
    pub fn idle_share(&self) -> Option<f64> {
        let e = &self.piece.energy;
        (e.kwh > 0.0).then(|| e.idle_kwh() / e.kwh)
    }
}

/// kWh per good part of a piece: the one definition, for the energy report, the OEE
/// report's `kwh_per_good` and the Machine page.
pub fn kwh_per_good(p: &Piece) -> Option<f64> {
    (p.good > 0).then(|| p.energy.kwh / p.good as f64)
}

/// The energy report's rows from each machine's pieces, labelled by group: pieces of one
/// group (a period of several machines, a product made on several) are summed; groups
/// keep the order they first come in, or with `largest_first` go by kWh, largest first.
pub fn rows(
    pieces: impl IntoIterator<Item = (String, Piece)>,
    price: Option<f64>,
    largest_first: bool,
) -> Vec<EnergyRow> {
    let mut out: Vec<EnergyRow> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for (group, piece) in pieces {
        let i = *index.entry(group.clone()).or_insert_with(|| {
            out.push(EnergyRow {
                group,
                ..EnergyRow::default()
            });
            out.len() - 1
        });
        out[i].piece += piece;
    }
    for r in &mut out {
        r.cost = price.map(|p| p * r.piece.energy.kwh);
    }
    if largest_first {
        out.sort_by(|a, b| {
            b.piece
                .energy
                .kwh
                .total_cmp(&a.piece.energy.kwh)
                .then_with(|| a.group.cmp(&b.group))
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ProductId;

    fn interval(start: i64, end: i64, state: MachineState) -> StateInterval {
        StateInterval {
            start: Ts(start),
            end: Ts(end),
            state,
            reason: None,
            fault_code: None,
        }
    }

    #[test]
    fn a_piece_by_hand() {
        // An hour: 40 minutes running, 20 down; 1000 parts, 12 rejected by the machine, 3
        // scrapped by an operator in the hour and 5 after it; 30 kWh of which 26 running.
        let h = HOUR_MS;
        let intervals = [
            interval(-h, 40 * 60_000, MachineState::Running),
            interval(40 * 60_000, 2 * h, MachineState::Down),
        ];
        let counts = [CountRow {
            t: Ts(0),
            product: ProductId::new("a").ok(),
            over_gap: false,
            total: 1000,
            reject: 12,
        }];
        let scrap = [
            ScrapEntry {
                t: Ts(10),
                quantity: 3,
                reason: None,
                product: None,
            },
            ScrapEntry {
                t: Ts(h),
                quantity: 5,
                reason: None,
                product: None,
            },
        ];
        let e = EnergySums {
            kwh: 30.0,
            run_kwh: 26.0,
            no_data_kwh: 0.0,
        };
        let p = pieces(&[(Ts(0), Ts(h))], &[e], &counts, &scrap, &intervals)[0];
        assert_eq!(p.good, 985);
        assert_eq!(p.run_ms, 40 * 60_000);
        let rows = rows([("m".to_string(), p)], Some(0.2), false);
        let r = &rows[0];
        assert_eq!(r.kwh_per_good(), Some(30.0 / 985.0));
        // 26 kWh in 40 minutes: 39 kW.
        assert!((r.kwh_per_run_h().unwrap() - 39.0).abs() < 1e-12);
        assert_eq!(r.piece.energy.idle_kwh(), 4.0);
        assert!((r.cost.unwrap() - 6.0).abs() < 1e-12);
        assert!((r.idle_share().unwrap() - 4.0 / 30.0).abs() < 1e-12);
    }

    #[test]
    fn groups_sum_and_sort() {
        let p = |kwh: f64, good: u64| Piece {
            energy: EnergySums {
                kwh,
                run_kwh: kwh / 2.0,
                no_data_kwh: 0.0,
            },
            good,
            run_ms: 1000,
        };
        let pieces = [
            ("b".to_string(), p(1.0, 10)),
            ("a".into(), p(2.0, 10)),
            ("b".into(), p(2.5, 5)),
        ];
        let r = rows(pieces.clone(), None, false);
        assert_eq!(r.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(r[0].piece.good, 15);
        assert_eq!(r[0].piece.energy.kwh, 3.5);
        assert_eq!(r[0].cost, None);
        let r = rows(pieces, None, true);
        assert_eq!(r[0].group, "b");
        // Without good parts there is no energy per good part, not a division by zero.
        assert_eq!(
            rows([("x".to_string(), p(1.0, 0))], None, false)[0].kwh_per_good(),
            None
        );
    }
}

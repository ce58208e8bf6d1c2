//! What to ask a machine for: its signals' registers merged into as few read requests as
//! the protocol allows (contiguous registers of one table, at most 125 registers or 2000
//! bits a request), and how to take each signal's value back out of the responses.

use takt_core::config::{Register, RegisterTable, Signals};
use takt_core::tracker::Values;

use crate::decode::{DecodeError, decode_bits, decode_words};

/// Most registers one read may ask for (functions 3 and 4).
pub const MAX_REGISTERS: u16 = 125;
/// Most bits one read may ask for (functions 1 and 2).
pub const MAX_BITS: u16 = 2000;

/// One read request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadRequest {
    /// The table (function code).
    pub table: RegisterTable,
    /// First address.
    pub start: u16,
    /// How many registers or bits.
    pub count: u16,
}

impl ReadRequest {
    /// The Modbus function code of the request.
    pub fn function(&self) -> u8 {
        match self.table {
            RegisterTable::Coil => 1,
            RegisterTable::Discrete => 2,
            RegisterTable::Holding => 3,
            RegisterTable::Input => 4,
        }
    }
}

/// A response: bits for coils and discrete inputs, words for registers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Bits.
    Bits(Vec<bool>),
    /// Words.
    Words(Vec<u16>),
}

/// Which signal a slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// `running`.
    Running,
    /// `total_count`.
    Total,
    /// `reject_count`.
    Reject,
    /// `fault_code`.
    Fault,
    /// `product_code`.
    Product,
    /// `energy_kwh`.
    Energy,
    /// `process[i]`.
    Process(usize),
}

/// Where a signal's value is in the responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The signal.
    pub signal: Signal,
    /// Index of the request that reads it.
    pub request: usize,
    /// Offset of its first register or bit in that response.
    pub offset: usize,
}

/// The reads of one machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadPlan {
    /// Requests, in table and address order.
    pub requests: Vec<ReadRequest>,
    /// Where each signal's value is.
    pub slots: Vec<Slot>,
}

fn signal_registers(s: &Signals) -> Vec<(Signal, &Register)> {
    let mut out = Vec::new();
    let fixed = [
        (Signal::Running, s.running.as_ref()),
        (Signal::Total, s.total_count.as_ref()),
        (Signal::Reject, s.reject_count.as_ref()),
        (Signal::Fault, s.fault_code.as_ref().map(|c| &c.register)),
        (Signal::Product, s.product_code.as_ref().map(|c| &c.register)),
        (Signal::Energy, s.energy_kwh.as_ref()),
    ];
    for (signal, reg) in fixed {
        if let Some(r) = reg {
            out.push((signal, r));
        }
    }
    for (i, p) in s.process.iter().enumerate() {
        out.push((Signal::Process(i), &p.register));
    }
    out
}

/// A signal's name, as in the config.
pub fn signal_name(signals: &Signals, signal: Signal) -> String {
    match signal {
        Signal::Running => "running".into(),
        Signal::Total => "total_count".into(),
        Signal::Reject => "reject_count".into(),
        Signal::Fault => "fault_code".into(),
        Signal::Product => "product_code".into(),
        Signal::Energy => "energy_kwh".into(),
        Signal::Process(i) => signals
            .process
            .get(i)
            .map_or_else(|| format!("process {i}"), |p| p.name.clone()),
    }
}

/// The register of a signal.
pub fn signal_register(signals: &Signals, signal: Signal) -> Option<&Register> {
    signal_registers(signals)
        .into_iter()
        .find(|(s, _)| *s == signal)
        .map(|(_, r)| r)
}

impl ReadPlan {
    /// Plans the reads of a machine's signals.
    pub fn new(signals: &Signals) -> ReadPlan {
        let mut regs = signal_registers(signals);
        regs.sort_by_key(|(_, r)| (r.table, r.address));
        let mut requests: Vec<ReadRequest> = Vec::new();
        let mut slots = Vec::new();
        for (signal, r) in regs {
            let width = r.value_type.width();
            let limit = if r.table.is_bits() { MAX_BITS } else { MAX_REGISTERS };
            let end = u32::from(r.address) + u32::from(width);
            let joins = requests.last().is_some_and(|q| {
                let q_end = u32::from(q.start) + u32::from(q.count);
                q.table == r.table
                    && u32::from(r.address) <= q_end
                    && end.max(q_end) - u32::from(q.start) <= u32::from(limit)
            });
            if joins {
                let q = requests.last_mut().expect("joins implies a request");
                let q_end = u32::from(q.start) + u32::from(q.count);
                q.count = (end.max(q_end) - u32::from(q.start)) as u16;
            } else {
                requests.push(ReadRequest {
                    table: r.table,
                    start: r.address,
                    count: width,
                });
            }
            let request = requests.len() - 1;
            slots.push(Slot {
                signal,
                request,
                offset: usize::from(r.address - requests[request].start),
            });
        }
        ReadPlan { requests, slots }
    }

    /// Decodes the signals from the responses (one per request, in order). A signal that
    /// does not decode is left out of the values and reported with its name.
    pub fn values(&self, signals: &Signals, blocks: &[Block]) -> (Values, Vec<(String, DecodeError)>) {
        let mut v = Values::default();
        let mut bad = Vec::new();
        for slot in &self.slots {
            let Some(reg) = signal_register(signals, slot.signal) else {
                continue;
            };
            let decoded = match blocks.get(slot.request) {
                Some(Block::Bits(bits)) => decode_bits(bits.get(slot.offset..).unwrap_or_default()),
                Some(Block::Words(words)) => decode_words(reg, words.get(slot.offset..).unwrap_or_default()),
                None => Err(DecodeError::Short {
                    need: 1,
                    got: 0,
                    what: "responses",
                }),
            };
            let result = decoded.and_then(|value| {
                match slot.signal {
                    Signal::Running => v.running = Some(value.as_bool()),
                    Signal::Total => v.total = Some(value.as_u64()?),
                    Signal::Reject => v.reject = Some(value.as_u64()?),
                    Signal::Fault => v.fault = Some(value.as_u64()?),
                    Signal::Product => v.product = Some(value.as_u64()?),
                    Signal::Energy => v.energy_kwh = Some(value.scaled(reg)?),
                    Signal::Process(_) => v.process.push((signal_name(signals, slot.signal), value.scaled(reg)?)),
                }
                Ok(())
            });
            if let Err(e) = result {
                bad.push((signal_name(signals, slot.signal), e));
            }
        }
        (v, bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::config::Config;

    fn signals(extra: &str) -> Signals {
        let text = format!(
            "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n[[reason]]\ncode = \"x\"\nkind = \"downtime\"\n[[machine]]\nid = \"m\"\nideal_cycle_s = 1.0\nconnection = {{ modbus_tcp = \"127.0.0.1:502\" }}\n[machine.signals]\n{extra}"
        );
        Config::parse(&text, "t.toml")
            .unwrap()
            .config
            .machines
            .remove(0)
            .signals
    }

    fn q(table: RegisterTable, start: u16, count: u16) -> ReadRequest {
        ReadRequest { table, start, count }
    }

    #[test]
    fn contiguous_registers_of_a_table_are_one_request() {
        let s = signals(
            "running = { coil = 0 }\ntotal_count = { holding = 0, type = \"u32\" }\nreject_count = { holding = 2 }\nfault_code = { holding = 4, reasons = { 1 = \"x\" } }\nenergy_kwh = { input = 20, type = \"f32\" }\nprocess = [{ name = \"t\", input = 10 }]\n",
        );
        let p = ReadPlan::new(&s);
        // holding 0..2 and 2 are contiguous; 4 is not (3 is not configured, and may not exist).
        assert_eq!(
            p.requests,
            vec![
                q(RegisterTable::Coil, 0, 1),
                q(RegisterTable::Input, 10, 1),
                q(RegisterTable::Input, 20, 2),
                q(RegisterTable::Holding, 0, 3),
                q(RegisterTable::Holding, 4, 1),
            ]
        );
        let total = p.slots.iter().find(|s| s.signal == Signal::Total).unwrap();
        let reject = p.slots.iter().find(|s| s.signal == Signal::Reject).unwrap();
        assert_eq!(
            (total.request, total.offset, reject.request, reject.offset),
            (3, 0, 3, 2)
        );
    }

    #[test]
    fn requests_stay_within_125_registers() {
        let mut extra = String::from("process = [\n");
        for i in 0..130 {
            extra.push_str(&format!("{{ name = \"p{i}\", holding = {i} }},\n"));
        }
        extra.push_str("]\n");
        let p = ReadPlan::new(&signals(&extra));
        assert_eq!(
            p.requests,
            vec![q(RegisterTable::Holding, 0, 125), q(RegisterTable::Holding, 125, 5)]
        );
    }

    #[test]
    fn values_come_out_of_the_responses() {
        let s = signals(
            "running = { coil = 3 }\ntotal_count = { holding = 0, type = \"u32\", word_order = \"little\" }\nreject_count = { holding = 2 }\nprocess = [{ name = \"t\", holding = 3, type = \"i16\", scale = 0.5 }, { name = \"f\", input = 0, type = \"f32\" }]\n",
        );
        let p = ReadPlan::new(&s);
        assert_eq!(
            p.requests,
            vec![
                q(RegisterTable::Coil, 3, 1),
                q(RegisterTable::Input, 0, 2),
                q(RegisterTable::Holding, 0, 4)
            ]
        );
        let blocks = vec![
            Block::Bits(vec![true, false, false, false, false, false, false, false]),
            // NaN: the process value "f" is a bad reading, the rest decode.
            Block::Words(vec![0x7FC0, 0x0000]),
            Block::Words(vec![0x0002, 0x0001, 7, 0xFFFE]),
        ];
        let (v, bad) = p.values(&s, &blocks);
        assert_eq!(v.running, Some(true));
        assert_eq!(v.total, Some(0x0001_0002));
        assert_eq!(v.reject, Some(7));
        assert_eq!(v.process, vec![("t".to_string(), -1.0)]);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].0, "f");
    }

    use proptest::prelude::*;

    proptest! {
        /// Whatever a machine answers (any words, any bits, any lengths, missing
        /// responses), decoding gives values or bad readings, never a panic.
        #[test]
        fn any_answer_decodes_without_panic(
            words in prop::collection::vec(any::<u16>(), 0..12),
            bits in prop::collection::vec(any::<bool>(), 0..20),
            responses in 0usize..6,
        ) {
            let s = signals(
                "running = { coil = 0 }\ntotal_count = { holding = 0, type = \"u64\" }\nreject_count = { holding = 4 }\nfault_code = { holding = 5, type = \"i16\", reasons = { 1 = \"x\" } }\nenergy_kwh = { input = 0, type = \"f64\", scale = 1e300 }\nprocess = [{ name = \"f\", input = 4, type = \"f32\" }, { name = \"i\", input = 6, type = \"i32\", scale = -1e308 }]\n",
            );
            let p = ReadPlan::new(&s);
            let blocks: Vec<Block> = (0..responses)
                .map(|i| if i % 2 == 0 { Block::Bits(bits.clone()) } else { Block::Words(words.clone()) })
                .collect();
            let (v, _bad) = p.values(&s, &blocks);
            if let Some(e) = v.energy_kwh {
                prop_assert!(e.is_finite());
            }
            for (_, x) in &v.process {
                prop_assert!(x.is_finite());
            }
        }
    }

    #[test]
    fn a_short_response_is_a_bad_reading_not_a_panic() {
        let s = signals("total_count = { holding = 0, type = \"u64\" }\n");
        let p = ReadPlan::new(&s);
        let (v, bad) = p.values(&s, &[Block::Words(vec![1, 2])]);
        assert_eq!(v.total, None);
        assert_eq!(
            bad[0].1,
            DecodeError::Short {
                need: 4,
                got: 2,
                what: "registers"
            }
        );
        let (_, bad) = p.values(&s, &[]);
        assert_eq!(bad.len(), 1);
    }
}

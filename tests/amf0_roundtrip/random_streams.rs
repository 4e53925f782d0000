//! Random valid AMF0 byte streams decoded and re-encoded.

use super::*;

// ======================================== 3. random valid AMF0 byte streams

/// xorshift64*: deterministic pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn u29(out: &mut Vec<u8>, v: u32) {
    assert!(v < 1 << 29);
    if v < 0x80 {
        out.push(v as u8);
    } else if v < 0x4000 {
        out.extend([0x80 | (v >> 7) as u8, (v & 0x7f) as u8]);
    } else if v < 0x20_0000 {
        out.extend([
            0x80 | (v >> 14) as u8,
            0x80 | ((v >> 7) & 0x7f) as u8,
            (v & 0x7f) as u8,
        ]);
    } else {
        out.extend([
            0x80 | ((v >> 22) & 0x7f) as u8,
            0x80 | ((v >> 15) & 0x7f) as u8,
            0x80 | ((v >> 8) & 0x7f) as u8,
            (v & 0xff) as u8,
        ]);
    }
}

/// Writes random canonical AMF0 (the form our encoder writes for the
/// resulting `Value`), independently of the library: `07` references to
/// any registered object, finished (sharing) or not (cycles), and `0x11`
/// switches whose AMF3 string and object tables span the whole top-level
/// value.
struct Gen {
    rng: Rng,
    out: Vec<u8>,
    /// AMF0 reference table size.
    refs: u16,
    /// AMF3 string table.
    strings: Vec<&'static str>,
    /// AMF3 object table: the marker of each entry.
    objects: Vec<u8>,
    budget: usize,
    /// References written: AMF0 `07`, AMF3 strings, AMF3 objects.
    written_refs: [usize; 3],
}

const WORDS: &[&str] = &["a", "k", "foo", "é", "日本", "label", "x y"];

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng(seed | 1),
            out: Vec::new(),
            refs: 0,
            strings: Vec::new(),
            objects: Vec::new(),
            budget: 60,
            written_refs: [0; 3],
        }
    }

    fn short_str(&mut self, s: &str) {
        self.out.extend((s.len() as u16).to_be_bytes());
        self.out.extend(s.as_bytes());
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.rng.below(WORDS.len())]
    }

    fn properties(&mut self, depth: u32) {
        for _ in 0..self.rng.below(4) {
            let k = if self.rng.below(10) == 0 {
                ""
            } else {
                self.word()
            };
            self.short_str(k);
            self.value(depth + 1);
        }
        self.out.extend([0x00, 0x00, 0x09]);
    }

    fn value(&mut self, depth: u32) {
        self.budget = self.budget.saturating_sub(1);
        let complex = depth < 6 && self.budget > 0;
        let choice = self.rng.below(if complex { 18 } else { 12 });
        match choice {
            0 => {
                self.out.push(0x00);
                let bits = self.rng.next();
                self.out.extend(bits.to_be_bytes());
            }
            1 => self.out.extend([0x01, self.rng.below(2) as u8]),
            2 => {
                self.out.push(0x02);
                let w = self.word();
                self.short_str(w);
            }
            3 => self.out.push([0x05, 0x06, 0x0d][self.rng.below(3)]),
            4 => {
                self.out.push(0x0b);
                let ms = (self.rng.below(1 << 40) as f64) * 1000.0;
                self.out.extend(ms.to_be_bytes());
                self.out.extend((self.rng.next() as u16).to_be_bytes());
            }
            5 => {
                self.out.push(0x0f);
                let w = self.word();
                self.out.extend((w.len() as u32).to_be_bytes());
                self.out.extend(w.as_bytes());
            }
            6..=8 if self.refs > 0 => {
                self.out.push(0x07);
                self.written_refs[0] += 1;
                let i = self.rng.below(self.refs.into()) as u16;
                self.out.extend(i.to_be_bytes());
            }
            6..=11 => {
                self.out.push(0x11);
                self.amf3(depth + 1);
            }
            12 | 13 => {
                self.out.push(0x03);
                self.refs += 1;
                self.properties(depth);
            }
            14 => {
                self.out.push(0x10);
                self.refs += 1;
                let class = ["Foo", "a.B", "日本"][self.rng.below(3)];
                self.short_str(class);
                self.properties(depth);
            }
            15 => {
                self.out.push(0x08);
                self.refs += 1;
                let count = self.rng.next() as u32 >> self.rng.below(32);
                self.out.extend(count.to_be_bytes());
                self.properties(depth);
            }
            _ => {
                self.out.push(0x0a);
                self.refs += 1;
                let n = self.rng.below(4) as u32;
                self.out.extend(n.to_be_bytes());
                for _ in 0..n {
                    self.value(depth + 1);
                }
            }
        }
    }

    /// An AMF3 string (value or key): a reference when already in the
    /// table, `01` for the empty string (never in the table).
    fn amf3_str(&mut self, s: &'static str) {
        if s.is_empty() {
            self.out.push(0x01);
        } else if let Some(i) = self.strings.iter().position(|t| *t == s) {
            self.written_refs[1] += 1;
            u29(&mut self.out, (i as u32) << 1);
        } else {
            self.strings.push(s);
            u29(&mut self.out, ((s.len() as u32) << 1) | 1);
            self.out.extend(s.as_bytes());
        }
    }

    fn amf3(&mut self, depth: u32) {
        self.budget = self.budget.saturating_sub(1);
        let complex = depth < 8 && self.budget > 0;
        match self.rng.below(if complex { 10 } else { 7 }) {
            0 => self.out.push([0x00, 0x01, 0x02, 0x03][self.rng.below(4)]),
            1 => {
                self.out.push(0x04);
                let i = self.rng.below(1 << 28) as u32;
                u29(&mut self.out, i);
            }
            2 => {
                self.out.push(0x05);
                let bits = self.rng.next();
                self.out.extend(bits.to_be_bytes());
            }
            3 | 4 => {
                self.out.push(0x06);
                let w = if self.rng.below(8) == 0 {
                    ""
                } else {
                    self.word()
                };
                self.amf3_str(w);
            }
            5 => {
                self.out.push(0x08);
                self.objects.push(0x08);
                self.out.push(0x01);
                let ms = (self.rng.below(1 << 40) as f64) * 1000.0;
                self.out.extend(ms.to_be_bytes());
            }
            6 if !self.objects.is_empty() => {
                let i = self.rng.below(self.objects.len());
                self.written_refs[2] += 1;
                self.out.push(self.objects[i]);
                u29(&mut self.out, (i as u32) << 1);
            }
            6 => self.out.push(0x01),
            _ => {
                self.out.push(0x09);
                self.objects.push(0x09);
                let n = self.rng.below(4) as u32;
                u29(&mut self.out, (n << 1) | 1);
                let mut keys: Vec<&'static str> = (0..self.rng.below(3))
                    .map(|_| ["p", "q", "r"][self.rng.below(3)])
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                for k in keys {
                    self.amf3_str(k);
                    self.amf3(depth + 1);
                }
                self.out.push(0x01);
                for _ in 0..n {
                    self.amf3(depth + 1);
                }
            }
        }
    }
}

fn generated(seed: u64) -> Vec<u8> {
    let mut g = Gen::new(seed);
    g.value(0);
    g.out
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn generated_amf0_decodes_and_writes_back_identically(seed in any::<u64>()) {
        let bytes = generated(seed);
        let ctx = || format!("seed {seed:#x}: {}", short_hex(&bytes));
        let v: Value = marks().amf0_from_slice(&bytes).map_err(|e| fail("from_slice")(format!("{e}; {}", ctx())))?;
        let again = amf0::to_vec(&v).map_err(|e| fail("to_vec")(format!("{e}; {}", ctx())))?;
        prop_assert!(again == bytes, "re-encoded {}\n{}\nvalue {v}", short_hex(&again), ctx());
        // Without the marks: the same value, every switch gone.
        let bare: Value = amf0::from_slice(&bytes).map_err(fail("from_slice"))?;
        prop_assert!(bare == v && !has_marks(&bare), "{}", ctx());
        let r: Value = marks().amf0_from_reader(&bytes[..]).map_err(fail("from_reader"))?;
        prop_assert!(r == v, "from_reader differs; {}", ctx());
        let back: Value = amf0::from_slice(&again).unwrap();
        prop_assert!(back == v);
        // Typed decoding agrees wherever the input has no cycle.
        match amf0::from_slice::<serde_json::Value>(&bytes) {
            Ok(_) => {}
            Err(e) => prop_assert!(
                e.to_string().contains("still being read (a cycle)")
                    || e.to_string().contains("cannot be decoded"),
                "{e}; {}", ctx()
            ),
        }
        let _: serde::de::IgnoredAny = amf0::from_slice(&bytes).map_err(fail("IgnoredAny"))?;
    }
}

#[test]
fn generator_produces_references_and_cycles() {
    // Make sure the generator really exercises what it is meant to: inputs
    // with AMF0 references, AMF3 string and object references, and cycles.
    let mut with = [0; 3];
    let mut cycles = 0;
    for seed in 0..2000u64 {
        let mut g = Gen::new(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        g.value(0);
        for (n, refs) in with.iter_mut().zip(g.written_refs) {
            *n += usize::from(refs > 0);
        }
        let v: Value = amf0::from_slice(&g.out).unwrap();
        if format!("{v:?}").contains("Cycle(") {
            cycles += 1;
        }
    }
    assert!(with.iter().all(|&n| n > 100), "{with:?}");
    assert!(cycles > 50, "{cycles}");
}

/// Values behind the AMF3 switch in `v`, seen as a tree (a shared node once
/// per place it is held): `Value::Amf3` wrappers, and nodes of a kind only
/// AMF3 has (the decoder returns those bare).
fn switched_count(v: &Value) -> usize {
    use amf_serde::types::DataItem;
    let sum = |it: &mut dyn Iterator<Item = &Value>| it.map(switched_count).sum::<usize>();
    match v {
        Value::Amf3(inner) => 1 + switched_count(inner),
        Value::Xml(_)
        | Value::ByteArray(_)
        | Value::VectorInt(_)
        | Value::VectorUint(_)
        | Value::VectorDouble(_) => 1,
        Value::Array(a) => sum(&mut a.iter().chain(a.assoc().values())),
        Value::Object(o) => sum(&mut o.values()),
        Value::EcmaArray(e) => sum(&mut e.entries.values()),
        Value::VectorObject(x) => 1 + sum(&mut x.items.iter()),
        Value::Dictionary(d) => 1 + sum(&mut d.entries.iter().flat_map(|(k, v)| [k, v])),
        Value::External(e) => {
            1 + sum(&mut e.body.iter().filter_map(|i| match i {
                DataItem::Value(v) => Some(v),
                _ => None,
            }))
        }
        _ => 0,
    }
}

/// The `Value` strategy places shared nodes (written as `07` references)
/// and cycles often enough.
#[test]
fn value_strategy_produces_sharing_and_cycles() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = amf0_value();
    let (mut shared, mut cycles, mut switches) = (0, 0, 0);
    for _ in 0..500 {
        let v = strategy.new_tree(&mut runner).unwrap().current();
        let debug = format!("{v:?}");
        cycles += usize::from(debug.contains("Cycle("));
        let bytes = amf0::to_vec(&v).unwrap();
        shared += usize::from(bytes.contains(&0x07));
        switches += usize::from(switched_count(&v) >= 2);
    }
    println!("shared {shared} cycles {cycles} switches {switches}");
    assert!(shared > 50, "{shared}");
    assert!(cycles > 50, "{cycles}");
    assert!(switches > 50, "{switches}");
}

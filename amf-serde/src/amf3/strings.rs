//! The AMF3 encoder's string table (a wire concept: every literal string of
//! a top-level value gets the next index, and a later equal string is sent
//! as a reference to it).

use std::cell::Cell;

use crate::util::{le_u64, tail_u64};
/// `a == b` for slices of equal length, without a `memcmp` call for the
/// short strings that repeat most (member names, tags, enum names).
#[inline]
fn eq_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n > 16 {
        return a == b;
    }
    if n >= 8 {
        return le_u64(a) == le_u64(b) && le_u64(&a[n - 8..]) == le_u64(&b[n - 8..]);
    }
    if n == 0 {
        return true;
    }
    tail_u64(a) == tail_u64(b)
}

/// The encoder's string table.
///
/// Every literal string gets the next index; a later equal string must be
/// found again. One open-addressing table (linear probing, at most two
/// thirds full) maps hashes to indices: a lookup reads one slot in the
/// common case, a new string is inserted into the slot its lookup ended at.
/// A slot is 32 bits: `index + 1` in the low bits that the table's size
/// needs (`log2(slots)`) and the top bits of the hash above them (at least
/// 8 bits of it below 2^24 slots), so a miss rarely touches `entries`.
/// Slots of 4 bytes and two thirds full (they were 8 bytes and half full):
/// a third of the memory, and so of the cache misses, of a table of many
/// distinct strings (a quarter of the time of encoding the records
/// benchmark went to the first slot read of a lookup; issue 23).
///
/// The result is exact: a string is found whenever it was written before.
/// Strings are not copied: entries point at the literal's bytes in the
/// output buffer, which lives as long as the table.
pub(crate) struct StrTable {
    entries: Vec<Entry>,
    /// (high 32 bits of the hash) & !mask | (index + 1), where `mask` is
    /// `slots.len() - 1`; 0 is empty.
    slots: Vec<u32>,
    seed: u64,
}

#[derive(Clone, Copy)]
struct Entry {
    /// Offset of the literal's bytes in the output, `u32::MAX` if unknown.
    start: u32,
    len: u32,
    hash: u64,
}

/// The hash bits a slot keeps (those above the index, see [`StrTable`]).
#[inline]
fn tag(hash: u64, mask: usize) -> u32 {
    ((hash >> 32) as u32) & !(mask as u32)
}

/// The most slots a dropped table may have to be kept for the next one.
const MAX_SPARE_SLOTS: usize = 1 << 17;

// A thread-local pool, kept for speed only (no data is handed over): the
// free functions `to_vec`/`to_writer` have nowhere else to keep a table
// between calls. Why: growing a fresh table (allocating, zeroing, re-hashing
// at each doubling) every call showed in the encode benchmarks when the
// table was introduced; issue 17 re-measured it against a build without the
// pool (BENCHMARKS.md, "Issue 17: thread-local pools A/B").
// What keeps it safe: the slot holds an emptied table or nothing, never
// anything of an earlier document (`clear` runs before it is stored, and
// the seed only randomises the hash); `take` hands it to one encoder at a
// time, so nested or concurrent encoders on the thread simply get a new
// table; a panic drops the table normally (nothing is half-stored: the
// slot is set in one `Cell::set`); `try_with` makes it a no-op during
// thread teardown; tables over `MAX_SPARE_SLOTS` are freed, which bounds
// what an idle thread keeps.
thread_local! {
    /// A dropped encoder's emptied string table, for the next encoder on
    /// this thread: `to_vec` in a loop then does not grow (re-hash, zero)
    /// a new table every time.
    static SPARE_STR_TABLE: Cell<Option<StrTable>> = const { Cell::new(None) };
}

impl Drop for StrTable {
    /// Empties the table and keeps it as this thread's spare, unless there
    /// is one already or it has more than [`MAX_SPARE_SLOTS`] slots.
    fn drop(&mut self) {
        if self.slots.is_empty() || self.slots.len() > MAX_SPARE_SLOTS {
            return;
        }
        let _ = SPARE_STR_TABLE.try_with(|c| {
            let spare = c.take();
            if spare.is_some() {
                c.set(spare);
                return;
            }
            self.clear();
            c.set(Some(StrTable {
                entries: std::mem::take(&mut self.entries),
                slots: std::mem::take(&mut self.slots),
                seed: self.seed,
            }));
        });
    }
}

impl StrTable {
    /// An empty table: this thread's spare one if there is one (see
    /// [`StrTable::drop`]), else a new one.
    pub(crate) fn new() -> Self {
        use std::hash::{BuildHasher, Hasher as _};
        if let Some(t) = SPARE_STR_TABLE.try_with(Cell::take).ok().flatten() {
            return t;
        }
        let seed = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish()
            | 1;
        StrTable {
            entries: Vec::new(),
            slots: Vec::new(),
            seed,
        }
    }

    /// Number of strings in the table.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    #[inline]
    fn hash(&self, s: &[u8]) -> u64 {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut h = self.seed ^ (s.len() as u64).wrapping_mul(K);
        let mut chunks = s.chunks_exact(8);
        for c in &mut chunks {
            h = (h ^ le_u64(c)).wrapping_mul(K).rotate_left(29);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The last 1–7 bytes as one word, without a variable-length copy
            // (which becomes a `memcpy` call and a store-forwarding stall).
            let w = if s.len() >= 8 {
                le_u64(&s[s.len() - 8..]) >> (8 * (8 - rest.len()))
            } else {
                tail_u64(rest)
            };
            h = (h ^ w).wrapping_mul(K).rotate_left(29);
        }
        h ^= h >> 32;
        h = h.wrapping_mul(K);
        h ^ (h >> 29)
    }

    #[inline]
    fn same(out: &[u8], e: &Entry, s: &[u8]) -> bool {
        e.len as usize == s.len()
            && out
                .get(e.start as usize..e.start as usize + s.len())
                .is_some_and(|t| eq_bytes(t, s))
    }

    /// Doubles the slots (at least 64) and re-inserts every entry in index
    /// order (which [`StrTable::truncate`] relies on).
    #[cold]
    fn grow(&mut self) {
        let len = (self.slots.len() * 2).max(64);
        self.slots = vec![0; len];
        let mask = len - 1;
        for (index, e) in self.entries.iter().enumerate() {
            let mut i = e.hash as usize & mask;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            // index + 1 < len: it fits below the tag.
            self.slots[i] = tag(e.hash, mask) | (index as u32 + 1);
        }
    }

    /// The index of `s` if it was written before; otherwise adds it (its
    /// bytes will be written at `literal_at` in `out`) and returns `Err`
    /// with its new index.
    #[inline]
    pub(crate) fn find_or_insert(
        &mut self,
        s: &str,
        out: &[u8],
        literal_at: usize,
    ) -> Result<u32, u32> {
        let bytes = s.as_bytes();
        let hash = self.hash(bytes);
        let n = self.entries.len();
        if (n + 1) * 3 > self.slots.len() * 2 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let tag = tag(hash, mask);
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                break;
            }
            if slot & !(mask as u32) == tag {
                let index = (slot & mask as u32).wrapping_sub(1);
                if let Some(e) = self.entries.get(index as usize) {
                    if e.hash == hash && Self::same(out, e, bytes) {
                        return Ok(index);
                    }
                }
            }
            i = (i + 1) & mask;
        }
        let index = n as u32;
        let start = u32::try_from(literal_at).unwrap_or(u32::MAX);
        self.entries.push(Entry {
            start,
            len: bytes.len() as u32,
            hash,
        });
        // index + 1 <= n + 1 < len (the table is at most two thirds full).
        self.slots[i] = tag | (index + 1);
        Err(index)
    }

    /// Removes the slot of the last entry. With linear probing and no
    /// other deletions, no probe sequence of an earlier entry passes the
    /// slot of a later one, so emptying it keeps every other entry
    /// findable.
    fn pop(&mut self) {
        let Some(e) = self.entries.pop() else {
            return;
        };
        let mask = self.slots.len() - 1;
        let want = tag(e.hash, mask) | (self.entries.len() as u32 + 1);
        let mut i = e.hash as usize & mask;
        while self.slots[i] != 0 {
            if self.slots[i] == want {
                self.slots[i] = 0;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Forgets the strings from index `len` on.
    pub(crate) fn truncate(&mut self, len: usize) {
        while self.entries.len() > len {
            self.pop();
        }
    }

    /// Empties the table, keeping its memory.
    pub(crate) fn clear(&mut self) {
        if self.entries.len() * 8 < self.slots.len() {
            self.truncate(0);
        } else {
            self.entries.clear();
            self.slots.iter_mut().for_each(|s| *s = 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `s` as the encoder does: looked up, else appended to `out`.
    fn put(t: &mut StrTable, out: &mut Vec<u8>, s: &str) -> Result<u32, u32> {
        let r = t.find_or_insert(s, out, out.len());
        if r.is_err() {
            out.extend_from_slice(s.as_bytes());
        }
        r
    }

    #[test]
    fn short_compares_and_tail_words_are_exact() {
        let words: Vec<Vec<u8>> = (0..=24u8)
            .map(|n| (0..n).map(|i| i.wrapping_mul(37) ^ n).collect())
            .collect();
        for a in &words {
            assert!(eq_bytes(a, a));
            for i in 0..a.len() {
                let mut b = a.clone();
                b[i] ^= 0x40;
                assert!(!eq_bytes(a, &b), "{a:?} vs {b:?}");
            }
            if (1..8).contains(&a.len()) {
                let mut w = [0u8; 8];
                w[..a.len()].copy_from_slice(a);
                assert_eq!(tail_u64(a), u64::from_le_bytes(w));
            }
        }
        let t = StrTable::new();
        // The hash depends on every byte, whatever the length.
        for a in &words {
            for i in 0..a.len() {
                let mut b = a.clone();
                b[i] ^= 1;
                assert_ne!(t.hash(a), t.hash(&b), "{a:?}");
            }
        }
    }

    #[test]
    fn a_dropped_str_table_is_emptied_and_reused_by_the_next() {
        let mut out = Vec::new();
        let mut t = StrTable::new();
        for i in 0..100 {
            assert_eq!(put(&mut t, &mut out, &format!("s{i}")), Err(i));
        }
        let slots = t.slots.len();
        assert_eq!(slots, 256);
        drop(t);
        let mut t = StrTable::new();
        assert_eq!((t.len(), t.slots.len()), (0, slots));
        // A second live table gets no spare.
        let u = StrTable::new();
        assert!(u.slots.is_empty());
        drop(u);
        out.clear();
        assert_eq!(put(&mut t, &mut out, "s1"), Err(0));
        assert_eq!(put(&mut t, &mut out, "s1"), Ok(0));
        // Tables over the bound are freed, not kept.
        for i in 1..=MAX_SPARE_SLOTS as u32 {
            assert_eq!(put(&mut t, &mut out, &format!("t{i}")), Err(i));
        }
        assert!(t.slots.len() > MAX_SPARE_SLOTS);
        drop(t);
        assert!(StrTable::new().slots.is_empty());
    }

    #[test]
    fn str_table_matches_a_list_under_inserts_and_truncates() {
        // A few colliding-prone short words, random puts and rollbacks,
        // checked against a plain list of the strings in index order.
        let mut t = StrTable::new();
        let mut out = Vec::new();
        let mut model: Vec<String> = Vec::new();
        let mut ends: Vec<usize> = Vec::new();
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if x.is_multiple_of(16) && !model.is_empty() {
                let len = (x >> 8) as usize % model.len();
                t.truncate(len);
                model.truncate(len);
                out.truncate(ends.get(len.wrapping_sub(1)).copied().unwrap_or(0));
                ends.truncate(len);
                continue;
            }
            let w = format!("{}", (x >> 20) % 300);
            let want = model.iter().position(|m| *m == w);
            let got = put(&mut t, &mut out, &w);
            match want {
                Some(i) => assert_eq!(got, Ok(i as u32)),
                None => {
                    assert_eq!(got, Err(model.len() as u32));
                    model.push(w);
                    ends.push(out.len());
                }
            }
            assert_eq!(t.len(), model.len());
        }
    }

    #[test]
    fn str_table_finds_inserts_truncates() {
        let mut t = StrTable::new();
        let mut out = Vec::new();
        let words: Vec<String> = (0..20_000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(put(&mut t, &mut out, w), Err(i as u32));
            // Interleave lookups of old strings, as real payloads do.
            let old = &words[i / 2];
            assert_eq!(put(&mut t, &mut out, old), Ok((i / 2) as u32));
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(put(&mut t, &mut out, w), Ok(i as u32));
        }
        t.truncate(10);
        out.truncate(words[..10].iter().map(|w| w.len()).sum());
        assert_eq!(t.len(), 10);
        assert_eq!(put(&mut t, &mut out, "w5"), Ok(5));
        assert_eq!(put(&mut t, &mut out, "w500"), Err(10));
        t.clear();
        out.clear();
        assert_eq!(put(&mut t, &mut out, "w5"), Err(0));
    }
}

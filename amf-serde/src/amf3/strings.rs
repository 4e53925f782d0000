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
    /// The member-name cache (see [`KeySlot`]): empty until first used,
    /// then [`KEY_CACHE`] slots.
    keys: Vec<KeySlot>,
    /// The generation of the cache's valid slots; never 0 (the generation
    /// of an empty slot). Bumped whenever an index may change meaning
    /// ([`StrTable::truncate`], [`StrTable::clear`]).
    generation: u32,
}

/// Slots of the member-name cache (a power of two; 8 KiB).
const KEY_CACHE: usize = 256;

/// The longest name the member-name cache holds.
pub(crate) const MAX_CACHED_KEY: usize = 23;

/// One slot of the member-name cache: a direct-mapped, two-way cache in
/// front of the table for member names (map keys) of 1 to
/// [`MAX_CACHED_KEY`] bytes, which repeat in every object of a map-shaped
/// document (issue 23: the table's lookup was 40% of the instructions of
/// encoding citm's `serde_json::Value`, 168 per key: the hash over the
/// bytes, the slot, the entry, the comparison with the literal in the
/// output, the reference's U29). A slot holds the whole name, so a hit is
/// exact without touching the table or the output, and the reference's
/// bytes ready to copy.
#[derive(Clone, Copy, Default)]
struct KeySlot {
    /// [`KeyWords`] of the name.
    words: KeyWords,
    /// [`StrTable::generation`] when filled (0: empty).
    generation: u32,
    /// The reference's bytes (see [`RefCode`]).
    code: RefCode,
}

/// A name of 1 to [`MAX_CACHED_KEY`] bytes as three words: its bytes in
/// order, little-endian, zero-padded, its length in the top byte of the
/// third word (which no byte of the name reaches). Two names have equal
/// words exactly when they are equal.
pub(crate) type KeyWords = [u64; 3];

/// A string reference of at most three U29 bytes as written: the bytes in
/// the low three bytes (first byte lowest), their count in the top byte.
pub(crate) type RefCode = u32;

/// The [`KeyWords`] of `s`, or `None` if it is empty or longer than
/// [`MAX_CACHED_KEY`].
#[inline]
pub(crate) fn key_words(s: &[u8]) -> Option<KeyWords> {
    let n = s.len();
    // The last word of a name that does not fill it: the word ending at the
    // name's end, shifted down past the bytes the words before hold (no
    // shift, and no such word, when they hold them all).
    let last = |skip: usize| {
        le_u64(&s[n - 8..])
            .checked_shr(8 * skip as u32)
            .unwrap_or(0)
    };
    let [a, b, c] = match n {
        1..=7 => [tail_u64(s), 0, 0],
        8..=15 => [le_u64(s), last(16 - n), 0],
        16..=MAX_CACHED_KEY => [le_u64(s), le_u64(&s[8..]), last(24 - n)],
        _ => return None,
    };
    Some([a, b, c | (n as u64) << 56])
}

/// The [`RefCode`] of a reference to string `index`, if it takes at most
/// three bytes (`index < 2^20`).
#[inline]
fn ref_code(index: u32) -> Option<RefCode> {
    let v = index << 1;
    match index {
        0..=0x3F => Some(1 << 24 | v),
        0x40..=0x1FFF => Some(2 << 24 | (0x80 | v >> 7) | (v & 0x7F) << 8),
        0x2000..=0xF_FFFF => {
            Some(3 << 24 | (0x80 | v >> 14) | (0x80 | (v >> 7) & 0x7F) << 8 | (v & 0x7F) << 16)
        }
        _ => None,
    }
}

/// Appends the bytes of `code` to `out`.
#[inline]
pub(crate) fn write_ref_code(out: &mut Vec<u8>, code: RefCode) {
    // Four bytes written, the unused ones taken back: one fixed-size copy.
    out.extend_from_slice(&code.to_le_bytes());
    out.truncate(out.len() - 4 + (code >> 24) as usize);
}

/// The first of the two slots `words` may be in.
#[inline]
fn key_slot(words: &KeyWords) -> usize {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let h = (words[0] ^ words[1].rotate_left(21) ^ words[2].rotate_left(42)).wrapping_mul(K);
    // Even: the slot and its neighbour (`^ 1`) share a cache line.
    (h >> (64 - KEY_CACHE.trailing_zeros())) as usize & !1
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
                keys: std::mem::take(&mut self.keys),
                generation: self.generation,
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
            keys: Vec::new(),
            generation: 1,
        }
    }

    /// The reference to the member name with words `words` if the
    /// member-name cache has it.
    #[inline]
    pub(crate) fn cached_key(&self, words: KeyWords) -> Option<RefCode> {
        let i = key_slot(&words);
        // Word by word, with the name's words in registers: an array
        // comparison spilled them to the stack and read them back with a
        // wider load (a store-forwarding stall per key).
        let hit = |k: &KeySlot| {
            (k.words[0] ^ words[0]) | (k.words[1] ^ words[1]) | (k.words[2] ^ words[2]) == 0
                && k.generation == self.generation
        };
        match self.keys.get(i..i + 2)? {
            [a, _] if hit(a) => Some(a.code),
            [_, b] if hit(b) => Some(b.code),
            _ => None,
        }
    }

    /// Remembers that the member name with words `words` is string
    /// `index` (which the table must hold), if its reference is short
    /// enough for the cache.
    pub(crate) fn cache_key(&mut self, words: KeyWords, index: u32) {
        let Some(code) = ref_code(index) else {
            return;
        };
        if self.keys.is_empty() {
            self.keys = vec![KeySlot::default(); KEY_CACHE];
        }
        let i = key_slot(&words);
        // The newest first, the one it displaces second.
        if let Some(pair) = self.keys.get_mut(i..i + 2) {
            pair[1] = pair[0];
            pair[0] = KeySlot {
                words,
                generation: self.generation,
                code,
            };
        }
    }

    /// Empties the member-name cache (in O(1): a new generation).
    fn forget_keys(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.keys.iter_mut().for_each(|k| *k = KeySlot::default());
            self.generation = 1;
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
        if self.entries.len() > len {
            self.forget_keys();
        }
        while self.entries.len() > len {
            self.pop();
        }
    }

    /// Empties the table, keeping its memory.
    pub(crate) fn clear(&mut self) {
        if self.entries.len() * 8 < self.slots.len() {
            self.truncate(0);
        } else {
            self.forget_keys();
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

    /// Writes member name `s` as the encoder does (see
    /// `Serializer::write_member_name`): from the member-name cache, else
    /// through the table, then cached. Returns the index it refers to or
    /// added.
    fn put_key(t: &mut StrTable, out: &mut Vec<u8>, s: &str) -> Result<u32, u32> {
        let words = key_words(s.as_bytes()).expect("a short name");
        if let Some(code) = t.cached_key(words) {
            let at = out.len();
            write_ref_code(out, code);
            let (v, used) = crate::amf3::marker::decode_u29(&out[at..]).expect("a U29");
            assert_eq!((used, v & 1), (out.len() - at, 0), "{s}: a reference");
            out.truncate(at);
            return Ok(v >> 1);
        }
        let r = put(t, out, s);
        let (Ok(index) | Err(index)) = r;
        t.cache_key(words, index);
        r
    }

    #[test]
    fn key_words_are_exact_and_only_for_short_names() {
        assert_eq!(key_words(b""), None);
        assert_eq!(key_words(&[b'x'; MAX_CACHED_KEY + 1]), None);
        let names: Vec<Vec<u8>> = (1..=MAX_CACHED_KEY as u8)
            .map(|n| (0..n).map(|i| i.wrapping_mul(53) ^ n ^ 0x80).collect())
            .collect();
        for a in &names {
            let w = key_words(a).expect("short");
            // The bytes in order, zero-padded, the length in the top byte.
            let mut bytes = [0u8; 24];
            bytes[..a.len()].copy_from_slice(a);
            bytes[23] = a.len() as u8;
            let want: Vec<u64> = bytes
                .chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
                .collect();
            assert_eq!(w.to_vec(), want, "{a:?}");
            for i in 0..a.len() {
                let mut b = a.clone();
                b[i] ^= 1;
                assert_ne!(key_words(&b), Some(w), "{a:?}");
            }
            // A trailing zero byte is another name.
            let mut z = a.clone();
            z.push(0);
            assert_ne!(key_words(&z), Some(w), "{a:?}");
        }
    }

    #[test]
    fn ref_codes_are_the_u29_of_the_reference() {
        for index in [0, 1, 0x3F, 0x40, 0x41, 0x1FFF, 0x2000, 0x2001, 0xF_FFFF] {
            let mut want = Vec::new();
            crate::amf3::marker::write_u29(&mut want, index << 1);
            let mut got = vec![0xEE];
            write_ref_code(&mut got, ref_code(index).expect("short"));
            assert_eq!(got[1..], want[..], "{index:#x}");
            assert_eq!(got[0], 0xEE);
        }
        assert_eq!(ref_code(0x10_0000), None);
    }

    /// Short names whose cache slots coincide: `n` of them per slot pair,
    /// for the first `pairs` pairs met.
    fn colliding_names(per_pair: usize, pairs: usize) -> Vec<Vec<String>> {
        let mut by_slot: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
        for i in 0.. {
            let s = format!("k{i}");
            let w = key_words(s.as_bytes()).expect("short");
            let group = by_slot.entry(key_slot(&w)).or_default();
            group.push(s);
            let full: Vec<_> = by_slot.values().filter(|g| g.len() >= per_pair).collect();
            if full.len() >= pairs {
                return full.into_iter().map(|g| g[..per_pair].to_vec()).collect();
            }
        }
        unreachable!()
    }

    #[test]
    fn the_member_name_cache_never_gives_a_wrong_index() {
        // Four names per slot pair (two more than the pair holds), in a few
        // pairs, mixed with longer and uncached names; random puts,
        // rollbacks and clears, against a plain list of the strings.
        let groups = colliding_names(4, 3);
        let mut names: Vec<String> = groups.concat();
        names.extend(["a", "abcdefghijklmnop", "abcdefghijklmnopqrstuvw"].map(String::from));
        for g in &groups {
            let slots: Vec<usize> = g
                .iter()
                .map(|s| key_slot(&key_words(s.as_bytes()).expect("short")))
                .collect();
            assert!(slots.iter().all(|&s| s == slots[0]), "{g:?}");
        }
        let mut t = StrTable::new();
        let mut out = Vec::new();
        let mut model: Vec<String> = Vec::new();
        let mut ends: Vec<usize> = Vec::new();
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut hits = 0;
        for step in 0..50_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if x.is_multiple_of(64) {
                let len = (x >> 8) as usize % (model.len() + 1);
                t.truncate(len);
                model.truncate(len);
                out.truncate(ends.get(len.wrapping_sub(1)).copied().unwrap_or(0));
                ends.truncate(len);
                continue;
            }
            if x % 1000 == 1 {
                t.clear();
                model.clear();
                out.clear();
                ends.clear();
                continue;
            }
            // Other strings in between move the indices.
            let w = if x.is_multiple_of(5) {
                format!("v{}", (x >> 20) % 50)
            } else {
                names[(x >> 20) as usize % names.len()].clone()
            };
            let cached = key_words(w.as_bytes())
                .and_then(|k| t.cached_key(k))
                .is_some();
            let got = if w.starts_with('v') {
                put(&mut t, &mut out, &w)
            } else {
                put_key(&mut t, &mut out, &w)
            };
            match model.iter().position(|m| *m == w) {
                Some(i) => {
                    assert_eq!(got, Ok(i as u32), "step {step}: {w}");
                    hits += usize::from(cached);
                }
                None => {
                    assert!(!cached, "step {step}: {w} cached but not in the table");
                    assert_eq!(got, Err(model.len() as u32), "step {step}: {w}");
                    model.push(w);
                    ends.push(out.len());
                }
            }
        }
        assert!(hits > 10_000, "the cache was used: {hits} hits");
    }

    #[test]
    fn the_member_name_cache_is_emptied_when_its_generation_wraps() {
        let mut t = StrTable::new();
        let mut out = Vec::new();
        assert_eq!(put_key(&mut t, &mut out, "name"), Err(0));
        assert_eq!(put_key(&mut t, &mut out, "name"), Ok(0));
        t.generation = u32::MAX;
        t.cache_key(key_words(b"name").expect("short"), 0);
        t.clear();
        assert_eq!(t.generation, 1);
        assert!(t.keys.iter().all(|k| k.generation == 0));
        out.clear();
        assert_eq!(put_key(&mut t, &mut out, "other"), Err(0));
        assert_eq!(put_key(&mut t, &mut out, "name"), Err(1));
        assert_eq!(put_key(&mut t, &mut out, "name"), Ok(1));
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

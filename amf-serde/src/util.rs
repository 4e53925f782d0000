//! Small internal helpers.

use std::hash::Hasher;

/// A fast, non-cryptographic hasher for keys the input cannot choose
/// (pointers and lengths of `&'static str` struct names).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The first 8 bytes of `b` (which has at least 8) as a little-endian word.
#[inline]
fn le_u64(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_le_bytes(w)
}

/// 1 to 7 bytes as a little-endian word, from at most two overlapping loads.
#[inline]
fn tail_u64(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 4 {
        let lo = u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let hi = u64::from(u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]));
        lo | (hi << (8 * (n - 4)))
    } else {
        // 1..=3 bytes: first, middle and last (they may coincide).
        u64::from(b[0])
            | (u64::from(b[n / 2]) << (8 * (n / 2)))
            | (u64::from(b[n - 1]) << (8 * (n - 1)))
    }
}

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
/// found again. Most strings in a large payload are new (names, ids, text),
/// and a lookup in a big hash table costs a cache miss, so the table has
/// three layers:
///
/// * `hot`: a small direct-mapped cache of recent strings (fits in L1/L2);
/// * `bloom`: a Bloom filter that proves most new strings are new without
///   touching the big table;
/// * `cold`: an open-addressing table over all strings, filled in batches
///   (`entries[cold_count..]` are waiting), which only a Bloom positive
///   reads.
///
/// The result is exact: a string is found whenever it was written before.
/// Strings are not copied: entries point at the literal's bytes in the
/// output buffer, which lives as long as the table.
pub(crate) struct StrTable {
    entries: Vec<Entry>,
    /// (high 32 bits of the hash) << 32 | (index + 1); 0 is empty. The tag
    /// lets a miss be seen without touching `entries`.
    hot: Vec<u64>,
    bloom: Vec<u64>,
    /// (high 32 bits of the hash) << 32 | (index + 1); 0 is empty.
    cold: Vec<u64>,
    cold_count: usize,
    seed: u64,
}

#[derive(Clone, Copy)]
struct Entry {
    /// Offset of the literal's bytes in the output, `u32::MAX` if unknown.
    start: u32,
    len: u32,
    hash: u64,
}

const TAG: u64 = 0xFFFF_FFFF_0000_0000;

impl StrTable {
    pub(crate) fn new() -> Self {
        use std::hash::{BuildHasher, Hasher as _};
        let seed = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish()
            | 1;
        StrTable {
            entries: Vec::new(),
            hot: Vec::new(),
            bloom: Vec::new(),
            cold: Vec::new(),
            cold_count: 0,
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

    #[inline]
    fn hot_slot(&self, hash: u64) -> usize {
        (hash >> 40) as usize & (self.hot.len() - 1)
    }

    #[inline]
    fn bloom_bits(&self, hash: u64) -> (usize, usize) {
        let mask = self.bloom.len() * 64 - 1;
        ((hash as usize) & mask, ((hash >> 24) as usize) & mask)
    }

    #[inline]
    fn bloom_maybe(&self, hash: u64) -> bool {
        let (a, b) = self.bloom_bits(hash);
        self.bloom[a / 64] & (1 << (a % 64)) != 0 && self.bloom[b / 64] & (1 << (b % 64)) != 0
    }

    #[inline]
    fn bloom_set(&mut self, hash: u64) {
        let (a, b) = self.bloom_bits(hash);
        self.bloom[a / 64] |= 1 << (a % 64);
        self.bloom[b / 64] |= 1 << (b % 64);
    }

    /// Grows the hot cache and the Bloom filter with the table (small
    /// payloads keep them small, so clearing them is cheap).
    #[cold]
    fn grow_filters(&mut self) {
        let n = self.entries.len().max(1);
        let hot = (n * 2).next_power_of_two().clamp(64, 1 << 12);
        let bloom_words = (n / 2).next_power_of_two().clamp(8, 1 << 14);
        if hot != self.hot.len() {
            self.hot = vec![0; hot];
        }
        if bloom_words != self.bloom.len() {
            self.bloom = vec![0; bloom_words];
            for i in 0..self.entries.len() {
                let h = self.entries[i].hash;
                self.bloom_set(h);
            }
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
        if self.hot.len() < (n * 2).clamp(64, 1 << 12)
            || self.bloom.len() < (n / 2).clamp(8, 1 << 14)
        {
            self.grow_filters();
        }
        let slot = self.hot_slot(hash);
        let hot = self.hot[slot];
        if hot != 0 && hot & TAG == hash & TAG {
            let i = (hot as u32).wrapping_sub(1);
            if let Some(e) = self.entries.get(i as usize) {
                if e.hash == hash && Self::same(out, e, bytes) {
                    return Ok(i);
                }
            }
        }
        if self.bloom_maybe(hash) {
            if let Some(i) = self.cold_find(hash, bytes, out) {
                self.hot[slot] = (hash & TAG) | u64::from(i + 1);
                return Ok(i);
            }
        }
        let index = n as u32;
        let start = u32::try_from(literal_at).unwrap_or(u32::MAX);
        self.entries.push(Entry {
            start,
            len: bytes.len() as u32,
            hash,
        });
        self.bloom_set(hash);
        self.hot[slot] = (hash & TAG) | u64::from(index + 1);
        Err(index)
    }

    /// Looks `bytes` up in the big table, after adding the waiting entries.
    fn cold_find(&mut self, hash: u64, bytes: &[u8], out: &[u8]) -> Option<u32> {
        self.flush();
        if self.cold.is_empty() {
            return None;
        }
        let mask = self.cold.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.cold[i];
            if slot == 0 {
                return None;
            }
            if slot & TAG == hash & TAG {
                let n = (slot as u32).wrapping_sub(1);
                if let Some(e) = self.entries.get(n as usize) {
                    if e.hash == hash && Self::same(out, e, bytes) {
                        return Some(n);
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Puts the waiting entries into the big table.
    fn flush(&mut self) {
        let n = self.entries.len();
        if self.cold_count == n {
            return;
        }
        if n * 2 > self.cold.len() {
            self.cold = vec![0; (n * 2).next_power_of_two().max(64)];
            self.cold_count = 0;
        }
        let mask = self.cold.len() - 1;
        for index in self.cold_count..n {
            let e = self.entries[index];
            let mut i = e.hash as usize & mask;
            while self.cold[i] != 0 {
                i = (i + 1) & mask;
            }
            self.cold[i] = (e.hash & TAG) | (index as u64 + 1);
        }
        self.cold_count = n;
    }

    /// Forgets the strings from index `len` on.
    pub(crate) fn truncate(&mut self, len: usize) {
        if len >= self.entries.len() {
            return;
        }
        self.entries.truncate(len);
        for h in &mut self.hot {
            if (*h as u32) as usize > len {
                *h = 0;
            }
        }
        if self.cold_count > len {
            self.cold.iter_mut().for_each(|s| *s = 0);
            self.cold_count = 0;
        }
        // The Bloom filter keeps stale bits: they only cost a lookup.
    }

    /// Empties the table, keeping its memory.
    pub(crate) fn clear(&mut self) {
        if self.entries.is_empty() {
            return;
        }
        self.entries.clear();
        self.hot.iter_mut().for_each(|s| *s = 0);
        self.bloom.iter_mut().for_each(|s| *s = 0);
        if self.cold_count > 0 {
            self.cold.iter_mut().for_each(|s| *s = 0);
        }
        self.cold_count = 0;
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

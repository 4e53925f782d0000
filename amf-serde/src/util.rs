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

/// The encoder's string table: strings already written, by index, stored in
/// one arena (no allocation per string) behind an open-addressing index.
pub(crate) struct StrTable {
    arena: Vec<u8>,
    entries: Vec<Entry>,
    /// 0 = empty, otherwise (high 32 bits of the hash << 32) | (entry index
    /// + 1), so most probes never touch the entries. Length is a power of two.
    slots: Vec<u64>,
    seed: u64,
}

#[derive(Clone, Copy)]
struct Entry {
    start: u32,
    len: u32,
    hash: u64,
}

impl StrTable {
    pub(crate) fn new() -> Self {
        use std::hash::{BuildHasher, Hasher as _};
        let seed = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish()
            | 1;
        StrTable {
            arena: Vec::new(),
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
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
        }
        h ^= h >> 32;
        h = h.wrapping_mul(K);
        h ^ (h >> 29)
    }

    /// The index of `s` if present; otherwise adds it and returns `Err` with
    /// its new index.
    #[inline]
    pub(crate) fn find_or_insert(&mut self, s: &str) -> Result<u32, u32> {
        let bytes = s.as_bytes();
        let hash = self.hash(bytes);
        if self.slots.is_empty() {
            self.slots = vec![0; 64];
        }
        let mask = self.slots.len() - 1;
        let tag = hash & 0xFFFF_FFFF_0000_0000;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                break;
            }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let n = (slot as u32).wrapping_sub(1);
                let e = self.entries[n as usize];
                if self.arena.get(e.start as usize..(e.start + e.len) as usize) == Some(bytes) {
                    return Ok(n);
                }
            }
            i = (i + 1) & mask;
        }
        let index = self.entries.len() as u32;
        // Strings beyond 4 GiB of arena are written but not remembered.
        if let Ok(start) = u32::try_from(self.arena.len()) {
            if u32::try_from(self.arena.len() + bytes.len()).is_ok() {
                self.arena.extend_from_slice(bytes);
                self.entries.push(Entry {
                    start,
                    len: bytes.len() as u32,
                    hash,
                });
                self.slots[i] = tag | u64::from(index + 1);
                if self.entries.len() * 2 > self.slots.len() {
                    self.rehash(self.slots.len() * 2);
                }
                return Err(index);
            }
        }
        self.entries.push(Entry {
            start: u32::MAX,
            len: 0,
            hash: 0,
        });
        Err(index)
    }

    fn rehash(&mut self, size: usize) {
        self.slots.clear();
        self.slots.resize(size.max(64), 0);
        let mask = self.slots.len() - 1;
        for (n, e) in self.entries.iter().enumerate() {
            if e.start == u32::MAX {
                continue;
            }
            let mut i = e.hash as usize & mask;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (e.hash & 0xFFFF_FFFF_0000_0000) | (n as u64 + 1);
        }
    }

    /// Forgets the strings from index `len` on.
    pub(crate) fn truncate(&mut self, len: usize) {
        if len >= self.entries.len() {
            return;
        }
        if let Some(e) = self.entries[len..].iter().find(|e| e.start != u32::MAX) {
            self.arena.truncate(e.start as usize);
        }
        self.entries.truncate(len);
        let size = self.slots.len();
        self.rehash(size);
    }

    /// Empties the table, keeping its memory.
    pub(crate) fn clear(&mut self) {
        if self.entries.is_empty() {
            return;
        }
        self.arena.clear();
        self.entries.clear();
        self.slots.iter_mut().for_each(|s| *s = 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_table_finds_inserts_truncates() {
        let mut t = StrTable::new();
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.find_or_insert(w), Err(i as u32));
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.find_or_insert(w), Ok(i as u32));
        }
        t.truncate(10);
        assert_eq!(t.len(), 10);
        assert_eq!(t.find_or_insert("w5"), Ok(5));
        assert_eq!(t.find_or_insert("w500"), Err(10));
        t.clear();
        assert_eq!(t.find_or_insert("w5"), Err(0));
    }
}

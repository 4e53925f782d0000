//! [`Name`]: the string type of class names and member keys in a
//! [`Value`](crate::Value).

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// Names up to this many bytes are stored inline.
const INLINE: usize = 22;

/// A class name or member key in a [`Value`](crate::Value): an immutable
/// string that is cheap to copy.
///
/// Every object of a class repeats the member names of its traits, so a
/// decoded [`Value`](crate::Value) holds the same few names thousands of
/// times. A `Name` of up to 22 bytes is stored inline (no allocation), a
/// longer one in an [`Arc<str>`] that its copies share; either way it is the
/// size of a `String`. It derefs to `str` and compares, hashes and orders
/// like one.
///
/// ```
/// use amf_serde::types::{Name, Object};
/// use amf_serde::Value;
///
/// let n = Name::from("firstName");
/// assert_eq!(n, "firstName");
/// assert_eq!(n.len(), 9);
///
/// let o = Object::anonymous([("id", Value::Integer(7))]);
/// let (key, _) = &o.dynamic.as_ref().unwrap()[0];
/// assert_eq!(key.as_str(), "id");
/// assert_eq!(String::from(key.clone()), "id");
/// ```
pub struct Name(Repr);

enum Repr {
    Inline(Inline),
    Shared(Arc<str>),
}

/// An inline name: its bytes from the first word on, zeros after the name,
/// and its length in the byte after them (whose unused values hold the
/// enum's tag).
///
/// The layout is chosen for copies. A `Name` is copied (cloned into every
/// decoded object's members, moved into nodes) where the compiler merges
/// the two variants into one store sequence, splitting the name at the
/// boundaries of both. With the bytes from offset 2 (after the tag and the
/// length, the derived layout), the piece from offset 1 to 8 went through
/// the stack as two overlapping 4-byte stores read back at once: a
/// store-forwarding stall per copy (a third of the object reader's time in
/// citm's `Value` decode; BENCHMARKS.md, issue 23, session 6, vdec24). From
/// offset 0, the pieces are the two words the `Arc<str>` covers and the
/// rest, which no two stores of a copy overlap.
#[derive(Clone, Copy)]
#[repr(C, align(8))]
struct Inline {
    bytes: [u8; INLINE],
    len: Len,
}

/// The length of an inline name, 0 to [`INLINE`]: a byte whose other
/// values are free for the tag of [`Repr`], so that a `Name` stays three
/// words.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Len {
    L0,
    L1,
    L2,
    L3,
    L4,
    L5,
    L6,
    L7,
    L8,
    L9,
    L10,
    L11,
    L12,
    L13,
    L14,
    L15,
    L16,
    L17,
    L18,
    L19,
    L20,
    L21,
    L22,
}

/// [`Len`] by its value.
const LENS: [Len; INLINE + 1] = {
    use Len::*;
    [
        L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19,
        L20, L21, L22,
    ]
};

impl Inline {
    #[inline]
    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }
}

impl Clone for Name {
    /// Copies an inline name as its words (see `Inline`).
    #[inline]
    fn clone(&self) -> Name {
        match &self.0 {
            Repr::Shared(s) => Name(Repr::Shared(Arc::clone(s))),
            Repr::Inline(i) => Name(Repr::Inline(*i)),
        }
    }
}

impl Name {
    /// A name holding a copy of `s`.
    #[inline]
    pub fn new(s: &str) -> Name {
        let b = s.as_bytes();
        if b.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..b.len()].copy_from_slice(b);
            Name(Repr::Inline(Inline {
                bytes,
                len: LENS[b.len()],
            }))
        } else {
            Name(Repr::Shared(Arc::from(s)))
        }
    }

    /// The name as a string slice.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // An anonymous object's class: no call to check zero bytes.
            Repr::Inline(Inline { len: Len::L0, .. }) => "",
            // The bytes were copied from a `str`, so this never fails; the
            // fallback keeps the crate free of `unsafe`.
            Repr::Inline(i) => std::str::from_utf8(i.as_bytes()).unwrap_or_default(),
            Repr::Shared(s) => s,
        }
    }

    /// The name's bytes (UTF-8), without checking them again.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline(i) => i.as_bytes(),
            Repr::Shared(s) => s.as_bytes(),
        }
    }

    /// A short name as a `U16` length and its bytes, in a fixed-size
    /// array (zeros after the name), and how many of its bytes count: one
    /// fixed-size copy for writers of length-prefixed names.
    #[inline]
    pub(crate) fn u16_prefixed(&self) -> Option<([u8; 2 + INLINE], usize)> {
        match &self.0 {
            Repr::Inline(i) => {
                let mut out = [0; 2 + INLINE];
                out[1] = i.len as u8;
                out[2..].copy_from_slice(&i.bytes);
                Some((out, 2 + i.len as usize))
            }
            Repr::Shared(_) => None,
        }
    }

    /// The length in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Inline(i) => i.len as usize,
            Repr::Shared(s) => s.len(),
        }
    }

    /// Equality without a call to `memcmp` for inline names (their unused
    /// bytes are always zero, so the whole arrays compare).
    #[inline]
    pub(crate) fn same(&self, other: &Name) -> bool {
        match (&self.0, &other.0) {
            (Repr::Inline(x), Repr::Inline(y)) => x.len == y.len && x.bytes == y.bytes,
            _ => same_bytes(self.as_bytes(), other.as_bytes()),
        }
    }

    /// A word for cheap hashing: the length and the first bytes.
    #[inline]
    pub(crate) fn hash_word(&self) -> u64 {
        match &self.0 {
            Repr::Inline(i) => {
                let [b0, b1, b2, b3, b4, b5, b6, ..] = i.bytes;
                u64::from_le_bytes([i.len as u8, b0, b1, b2, b3, b4, b5, b6])
            }
            Repr::Shared(s) => {
                let mut w = [0u8; 8];
                w[0] = s.len() as u8;
                let b = s.as_bytes();
                w[1..].copy_from_slice(&b[..7]);
                u64::from_le_bytes(w)
            }
        }
    }

    /// `true` for the empty name (an anonymous object's class).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for Name {
    fn default() -> Name {
        Name(Repr::Inline(Inline {
            bytes: [0; INLINE],
            len: Len::L0,
        }))
    }
}

impl Deref for Name {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<[u8]> for Name {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl From<&String> for Name {
    fn from(s: &String) -> Name {
        Name::new(s)
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name::new(&s)
    }
}

impl From<Box<str>> for Name {
    fn from(s: Box<str>) -> Name {
        Name::new(&s)
    }
}

impl From<Arc<str>> for Name {
    /// Shares `s` if it is too long to store inline.
    fn from(s: Arc<str>) -> Name {
        if s.len() <= INLINE {
            Name::new(&s)
        } else {
            Name(Repr::Shared(s))
        }
    }
}

impl From<&Name> for Name {
    fn from(n: &Name) -> Name {
        n.clone()
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.as_str().to_owned()
    }
}

impl PartialEq for Name {
    #[inline]
    fn eq(&self, other: &Name) -> bool {
        self.same(other)
    }
}

impl Eq for Name {}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

macro_rules! eq_str {
    ($($ty:ty),*) => {$(
        impl PartialEq<$ty> for Name {
            #[inline]
            fn eq(&self, other: &$ty) -> bool {
                same_bytes(self.as_bytes(), AsRef::<[u8]>::as_ref(other))
            }
        }
        impl PartialEq<Name> for $ty {
            #[inline]
            fn eq(&self, other: &Name) -> bool {
                other == self
            }
        }
    )*};
}

eq_str!(str, &str, String);

impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Name {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, s: &str) -> Result<Name, E> {
                Ok(Name::new(s))
            }
        }
        d.deserialize_str(V)
    }
}

/// `a == b`, without calling `memcmp` when both are empty.
///
/// An empty `String` or `Vec` points at a dangling address, and glibc's
/// AVX-512 `memcmp` (`__memcmp_evex_movbe`) reads a short input with a
/// masked load even when the length is zero. A masked load from an unmapped
/// page needs a fault-suppression assist: about 40 ns a call, twelve times a
/// normal one, on the AMD EPYC machine the benchmarks run on. The `Value`
/// writer's traits lookup compared an anonymous class (`""`) that way for
/// every object, which was a third of citm's `Value` encode time
/// (BENCHMARKS.md, issue 23, session 5).
#[inline(always)]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && (a.is_empty() || a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clone is the same name: every inline length (bytes past the
    /// length stay zero, which equality and hashing of inline names rely
    /// on), and a long name shares its `Arc`.
    #[test]
    fn clones_are_equal_and_long_ones_share() {
        for n in 0..=INLINE {
            let s: String = ('a'..='z').cycle().take(n).collect();
            let a = Name::new(&s);
            let b = a.clone();
            assert_eq!(b, a);
            assert_eq!(b.as_str(), s);
            let (Repr::Inline(x), Repr::Inline(y)) = (&a.0, &b.0) else {
                panic!("{n} bytes: not inline");
            };
            assert_eq!((x.len as usize, x.bytes), (n, y.bytes));
            assert!(x.len == y.len);
            assert!(x.bytes[n..].iter().all(|&x| x == 0));
        }
        // The lengths' table: each entry is its own index.
        for (n, len) in LENS.iter().enumerate() {
            assert_eq!(*len as usize, n);
        }
        assert_eq!(
            std::mem::size_of::<Option<Name>>(),
            std::mem::size_of::<Name>()
        );
        let long = Name::new(&"x".repeat(INLINE + 1));
        let copy = long.clone();
        assert_eq!(copy, long);
        let (Repr::Shared(a), Repr::Shared(b)) = (&long.0, &copy.0) else {
            panic!("not shared");
        };
        assert!(Arc::ptr_eq(a, b));
        assert_eq!(Arc::strong_count(a), 2);
    }

    #[test]
    fn same_bytes_is_slice_equality() {
        let empty_string = String::new();
        let empty_vec: Vec<u8> = Vec::new();
        let cases: [(&[u8], &[u8]); 8] = [
            (empty_string.as_bytes(), &empty_vec),
            (b"", b""),
            (b"", b"a"),
            (b"a", b""),
            (b"abc", b"abc"),
            (b"abc", b"abd"),
            (b"abc", b"abcd"),
            (&[7; 40], &[7; 40]),
        ];
        for (a, b) in cases {
            assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
        }
        // Names compare through it: inline, shared, against strings.
        let long = "a member name longer than twenty-three bytes";
        assert_eq!(Name::new(""), String::new());
        assert_eq!(Name::new(""), Name::default());
        assert_ne!(Name::new(""), Name::new("x"));
        assert_eq!(Name::new(long), Name::new(long));
        assert_ne!(Name::new(long), Name::new(&long[1..]));
        assert_eq!(Name::new(long), long.to_string());
        assert_ne!(Name::new("x"), String::new());
    }

    #[test]
    fn inline_and_shared_names_behave_like_strings() {
        assert_eq!(std::mem::size_of::<Name>(), std::mem::size_of::<String>());
        let short = Name::from("audienceSubCategoryId"); // 21 bytes
        let edge = Name::from("a".repeat(INLINE));
        let long = Name::from("flex.messaging.io.ArrayCollection");
        assert!(matches!(short.0, Repr::Inline(_)));
        assert!(matches!(edge.0, Repr::Inline(_)));
        assert!(matches!(long.0, Repr::Shared(_)));
        for (n, s) in [
            (&short, "audienceSubCategoryId"),
            (&edge, &*"a".repeat(INLINE)),
            (&long, "flex.messaging.io.ArrayCollection"),
        ] {
            assert_eq!(n.as_str(), s);
            assert_eq!(n.as_bytes(), s.as_bytes());
            assert_eq!(n.len(), s.len());
            assert_eq!(*n, *s);
            assert_eq!(n.to_string(), s);
            assert_eq!(format!("{n:?}"), format!("{s:?}"));
        }
        let copy = long.clone();
        match (&long.0, &copy.0) {
            (Repr::Shared(a), Repr::Shared(b)) => assert!(Arc::ptr_eq(a, b)),
            _ => unreachable!(),
        }
        assert!(Name::default().is_empty());
        assert_eq!(Name::from("é"), "é");
        let (a, b) = (Name::from("a"), Name::from("b"));
        assert_eq!(a.cmp(&b), Ordering::Less);
        let mut set = std::collections::HashSet::new();
        set.insert(Name::from("x"));
        assert!(set.contains("x"));
    }
}

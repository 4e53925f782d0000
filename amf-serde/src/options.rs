//! Decoding and encoding options: limits that keep hostile input cheap.
//!
//! # One design for both formats and both directions
//!
//! One [`Options`] value configures everything, like bincode's `Config` or
//! ciborium's limits, and every entry point takes it by reference, under
//! the same names in [`amf0`](crate::amf0) and [`amf3`](crate::amf3) (the
//! root functions are AMF3's):
//!
//! | | AMF3 (and root) | AMF0 |
//! |---|---|---|
//! | slice | [`amf3::from_slice_with`](crate::amf3::from_slice_with)`(bytes, &opts)` | [`amf0::from_slice_with`](crate::amf0::from_slice_with)`(bytes, &opts)` |
//! | reader | [`amf3::from_reader_with`](crate::amf3::from_reader_with)`(r, &opts)` | [`amf0::from_reader_with`](crate::amf0::from_reader_with)`(r, &opts)` |
//! | `Vec` | [`amf3::to_vec_with`](crate::amf3::to_vec_with)`(&v, &opts)` | [`amf0::to_vec_with`](crate::amf0::to_vec_with)`(&v, &opts)` |
//! | writer | [`amf3::to_writer_with`](crate::amf3::to_writer_with)`(w, &v, &opts)` | [`amf0::to_writer_with`](crate::amf0::to_writer_with)`(w, &v, &opts)` |
//! | decoder | [`amf3::Deserializer::with_options`](crate::amf3::Deserializer::with_options)`(read, &opts)` | [`amf0::Deserializer::with_options`](crate::amf0::Deserializer::with_options)`(read, &opts)` |
//! | encoder | [`amf3::Serializer::with_options`](crate::amf3::Serializer::with_options)`(w, &opts)` | [`amf0::Serializer::with_options`](crate::amf0::Serializer::with_options)`(w, &opts)` |
//! | `Value` | [`to_value_with`](crate::to_value_with)`(&v, &opts)`, [`from_value_with`](crate::from_value_with)`(v, &opts)` | (same) |
//!
//! The methods on `Options` (`opts.from_slice(..)`, `opts.amf0_to_vec(..)`,
//! …) are shorthands for these. Where each setting applies (a setting never
//! changes an entry point this table does not list for it):
//!
//! | setting | applies to |
//! |---|---|
//! | [`with_max_depth`](Options::with_max_depth), [`with_max_work`](Options::with_max_work), [`with_max_string_len`](Options::with_max_string_len), [`with_max_collection_len`](Options::with_max_collection_len) | decoding AMF0 and AMF3 (input limits) |
//! | [`with_external`](Options::with_external), [`with_externalizable`](Options::with_externalizable), [`with_external_value`](Options::with_external_value) | decoding AMF3 and AMF0 (inside `0x11`) |
//! | [`with_strict_aliases`](Options::with_strict_aliases) | decoding AMF0 and AMF3, [`from_value_with`](crate::from_value_with) |
//! | [`with_max_encode_depth`](Options::with_max_encode_depth), [`with_lossy_integers`](Options::with_lossy_integers) | encoding AMF0 and AMF3 |
//! | [`with_amf0_bytes`](Options::with_amf0_bytes) | encoding AMF0 (AMF3 has a byte type) |
//!
//! Entry points borrow the options (a decoder keeps its own clone), so one
//! `Options` can serve many calls and threads. Settings that carry state
//! (an externalizable reader that captures its environment) fit the same
//! shape: the registry lives in `Options` and is shared by its clones.

use crate::error::Result;
use crate::external::{ExternalCodec, ExternalReader};

/// Settings for the AMF decoders and encoders, built with chained `with_*`
/// setters. Every limit has a safe default; both ends of a connection should
/// agree on them.
///
/// ```
/// use amf_serde::Options;
///
/// let opts = Options::new().with_max_depth(16);
/// let bytes = amf_serde::to_vec_with(&vec![vec![1, 2], vec![3]], &opts)?;
/// let back: Vec<Vec<i32>> = amf_serde::from_slice_with(&bytes, &opts)?;
/// assert_eq!(back, [vec![1, 2], vec![3]]);
///
/// // 20 nested arrays exceed a depth of 16.
/// let mut deep = vec![0x09, 0x03, 0x01].repeat(20);
/// deep.push(0x01);
/// let err = amf_serde::from_slice_with::<serde::de::IgnoredAny>(&deep, &opts).unwrap_err();
/// assert_eq!(err.to_string(), "nesting depth limit of 16 exceeded at byte offset 48");
/// # Ok::<(), amf_serde::Error>(())
/// ```
#[derive(Clone)]
pub struct Options {
    pub(crate) max_depth: usize,
    /// `None`: [`Options::WORK_PER_BYTE`] values per input byte plus
    /// [`Options::WORK_BASE`].
    pub(crate) max_work: Option<u64>,
    /// Registered externalizable classes, searched before the built-in Flex
    /// ones.
    pub(crate) externals: Vec<(Box<str>, ExternalCodec)>,
    pub(crate) amf0_bytes: Amf0Bytes,
    pub(crate) amf0_switch: Amf0Switch,
    pub(crate) switch_marks: bool,
    pub(crate) strict_aliases: bool,
    pub(crate) max_bytes: u64,
    pub(crate) max_items: u64,
    /// Nesting limit of the encoders for [`Value`](crate::Value)s.
    pub(crate) max_encode_depth: usize,
    /// Write integers a double cannot hold as the nearest double.
    pub(crate) lossy_integers: bool,
}

/// How the AMF0 encoder writes bytes (`serde_bytes`, [`ByteArray`]), which
/// AMF0 cannot represent.
///
/// [`ByteArray`]: crate::types::ByteArray
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Amf0Bytes {
    /// An AMF3 ByteArray behind the `0x11` switch (`11 0c …`): what Flash
    /// Player and BlazeDS write, read back as bytes.
    #[default]
    Amf3ByteArray,
    /// A strict array of numbers, for peers without AMF3.
    NumberArray,
}

/// Which values inside an AMF0 value the AMF0 encoder writes behind the
/// `0x11` switch (as `0x11` + one AMF3 value).
///
/// Decoders return the value behind a switch bare (a string behind `0x11`
/// is a [`Value::String`](crate::Value::String)), so the switch is chosen
/// when writing: by this setting, by a [`Value::Amf3`](crate::Value::Amf3)
/// or [`remoting::Amf3`](crate::remoting::Amf3) mark, and at the top of a
/// remoting header or body by the carrier ([`Body::amf3`] writes the whole
/// value behind the switch; [`Body::is_amf3`] says how a decoded one was
/// written). Kinds only AMF3 has (byte arrays, XML, vectors, dictionaries,
/// externalizable objects) are always switched.
///
/// ```
/// use amf_serde::{options::Amf0Switch, Options, Value};
///
/// // NetConnection.call("f", "a", {x: 1}) from Flash Player with
/// // objectEncoding 3: an AMF0 strict array, the string in AMF0, the
/// // object behind the switch.
/// let args = [
///     0x0a, 0, 0, 0, 2, 0x02, 0, 1, b'a',
///     0x11, 0x0a, 0x0b, 0x01, 0x03, b'x', 0x04, 0x01, 0x01,
/// ];
/// let v: Value = amf_serde::amf0::from_slice(&args)?;
/// assert!(matches!(&v[1], Value::Object(_)));
/// let flash = Options::new().with_amf0_switch(Amf0Switch::Complex);
/// assert_eq!(flash.amf0_to_vec(&v)?, args);
/// // By default the object is written in AMF0.
/// assert_eq!(amf_serde::amf0::to_vec(&v)?[9], 0x03);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// [`Body::amf3`]: crate::remoting::Body::amf3
/// [`Body::is_amf3`]: crate::remoting::Body::is_amf3
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Amf0Switch {
    /// Only marked values ([`Value::Amf3`](crate::Value::Amf3),
    /// [`remoting::Amf3`](crate::remoting::Amf3)) and kinds only AMF3 has:
    /// plain AMF0 for AMF0-only peers and version-0 packets.
    #[default]
    Marked,
    /// Also every complex value (object, array, date, XML document) met
    /// inside an AMF0 container, while strings, numbers, booleans, null,
    /// undefined and AMF0 ECMA arrays stay AMF0: what Flash Player writes
    /// for the arguments of `NetConnection.call` and for Flex messages
    /// with `objectEncoding = 3`. The top of the value itself stays AMF0
    /// (unless marked): Flash writes the argument array in AMF0.
    ///
    /// Applies wherever the AMF0 encoder writes a [`Value`](crate::Value)
    /// (also one inside a typed struct); typed data picks its switch with
    /// [`remoting::Amf3`](crate::remoting::Amf3).
    Complex,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("max_depth", &self.max_depth)
            .field("max_work", &self.max_work)
            .field("amf0_bytes", &self.amf0_bytes)
            .field("amf0_switch", &self.amf0_switch)
            .field("switch_marks", &self.switch_marks)
            .field("strict_aliases", &self.strict_aliases)
            .field("max_bytes", &self.max_bytes)
            .field("max_items", &self.max_items)
            .field("max_encode_depth", &self.max_encode_depth)
            .field("lossy_integers", &self.lossy_integers)
            .field(
                "externals",
                &self.externals.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::new()
    }
}

// The limit checks every decoder applies to a length the input claims,
// once: the error names the limit and the setter that raises it.
impl Options {
    /// Checks a string or byte-array length (in bytes) read at `at`
    /// against [`Options::with_max_string_len`].
    #[inline]
    pub(crate) fn check_string_len(&self, len: u64, at: usize) -> Result<()> {
        if len > self.max_bytes {
            return Err(limit_error(
                "string or byte array length",
                len,
                self.max_bytes,
                "Options::with_max_string_len",
                at,
            ));
        }
        Ok(())
    }

    /// Checks the count of `what` read at `at` against
    /// [`Options::with_max_collection_len`].
    #[inline]
    pub(crate) fn check_collection_len(
        &self,
        what: &'static str,
        len: u64,
        at: usize,
    ) -> Result<()> {
        if len > self.max_items {
            return Err(limit_error(
                what,
                len,
                self.max_items,
                "Options::with_max_collection_len",
                at,
            ));
        }
        Ok(())
    }
}

#[cold]
fn limit_error(
    what: &'static str,
    len: u64,
    limit: u64,
    setter: &'static str,
    at: usize,
) -> crate::error::Error {
    crate::error::Error::at(
        crate::error::ErrorCode::LengthLimitExceeded {
            what,
            len,
            limit,
            setter,
        },
        at,
    )
}

impl Options {
    /// Default nesting depth limit (containers and followed references).
    pub const DEFAULT_MAX_DEPTH: usize = 128;
    /// By default a decoder may produce this many values per input byte
    /// (plus [`Options::WORK_BASE`]) from one top-level value, counting
    /// values re-read by following object references. Without references
    /// every value takes at least one byte, so only reference expansion can
    /// reach it.
    pub const WORK_PER_BYTE: u64 = 16;
    /// See [`Options::WORK_PER_BYTE`].
    pub const WORK_BASE: u64 = 1 << 16;

    /// The defaults: depth 128, work 16 values per input byte + 65,536, the
    /// Flex externalizable classes.
    pub const fn new() -> Self {
        Options {
            max_depth: Self::DEFAULT_MAX_DEPTH,
            max_work: None,
            externals: Vec::new(),
            amf0_bytes: Amf0Bytes::Amf3ByteArray,
            amf0_switch: Amf0Switch::Marked,
            switch_marks: false,
            strict_aliases: false,
            max_bytes: Self::DEFAULT_MAX_LEN,
            max_items: Self::DEFAULT_MAX_LEN,
            max_encode_depth: Self::DEFAULT_MAX_ENCODE_DEPTH,
            lossy_integers: false,
        }
    }

    /// Default of [`Options::with_max_encode_depth`].
    pub const DEFAULT_MAX_ENCODE_DEPTH: usize = 512;

    /// Limits how deeply nested a [`Value`](crate::Value) the encoders
    /// write (default 512 levels, which fits the 2 MiB stack of a spawned
    /// thread even in a debug build, where a level takes about 2.5 KiB). A deeper value is an error, "Value nested too deeply to
    /// encode", not a stack overflow. Raise it only with a stack to match.
    ///
    /// ```
    /// use amf_serde::{Options, Value};
    ///
    /// let mut v = Value::Null;
    /// for _ in 0..20 {
    ///     v = Value::from(vec![v]);
    /// }
    /// assert!(Options::new().with_max_encode_depth(10).to_vec(&v).is_err());
    /// assert!(Options::new().with_max_encode_depth(10).amf0_to_vec(&v).is_err());
    /// assert_eq!(Options::new().to_vec(&v)?.len(), 61);
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    pub fn with_max_encode_depth(mut self, depth: usize) -> Self {
        self.max_encode_depth = depth;
        self
    }

    /// Integers a double cannot hold exactly (beyond ±2^53, such as
    /// 64-bit ids) are an encoding error by default. With `true`, the
    /// encoders write them as the nearest double instead, as Flash, BlazeDS
    /// and PyAMF do (the value read back may differ in its last digits).
    ///
    /// ```
    /// use amf_serde::Options;
    ///
    /// let id: u64 = 505_874_924_095_815_681; // a Twitter id
    /// let err = amf_serde::to_vec(&id).unwrap_err();
    /// assert!(err.to_string().contains("with_lossy_integers"));
    /// let bytes = Options::new().with_lossy_integers(true).to_vec(&id)?;
    /// assert_eq!(amf_serde::from_slice::<f64>(&bytes)?, id as f64);
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    pub fn with_lossy_integers(mut self, lossy: bool) -> Self {
        self.lossy_integers = lossy;
        self
    }

    /// Default of [`Options::with_max_string_len`] and
    /// [`Options::with_max_collection_len`]: 2^28 − 1, the largest length
    /// AMF3 can express. (Every length is also checked against the bytes
    /// left before anything is allocated.)
    pub const DEFAULT_MAX_LEN: u64 = crate::num::MAX_LEN as u64;

    /// Limits the byte length of one string, XML text, byte array or
    /// externalizable byte run. Longer input is a syntax error naming this
    /// limit.
    pub fn with_max_string_len(mut self, bytes: u64) -> Self {
        self.max_bytes = bytes;
        self
    }

    /// Limits the number of items of one array, vector, dictionary, sealed
    /// member list or AMF0 strict array.
    pub fn with_max_collection_len(mut self, items: u64) -> Self {
        self.max_items = items;
        self
    }

    /// When decoding into a type with `#[amf(alias = "…")]`, also reject
    /// anonymous objects (by default only objects of another class are
    /// rejected).
    pub fn with_strict_aliases(mut self, strict: bool) -> Self {
        self.strict_aliases = strict;
        self
    }

    /// Accepts an object of class `found` for a type with alias `expected`:
    /// the same class, or an anonymous object unless aliases are strict.
    /// (The one home of this rule, for both decoders and `from_value`.)
    pub(crate) fn check_class(&self, expected: &str, found: &str) -> Result<()> {
        if found == expected || (found.is_empty() && !self.strict_aliases) {
            return Ok(());
        }
        Err(crate::error::Error::code(
            crate::error::ErrorCode::ClassMismatch {
                expected: expected.into(),
                found: found.into(),
            },
        ))
    }

    /// How the AMF0 encoder writes bytes (default: an AMF3 ByteArray behind
    /// the switch).
    pub fn with_amf0_bytes(mut self, mode: Amf0Bytes) -> Self {
        self.amf0_bytes = mode;
        self
    }

    /// Which values the AMF0 encoder writes behind the `0x11` switch
    /// (default [`Amf0Switch::Marked`]; [`Amf0Switch::Complex`] writes
    /// what Flash Player writes in `objectEncoding = 3`).
    pub fn with_amf0_switch(mut self, switch: Amf0Switch) -> Self {
        self.amf0_switch = switch;
        self
    }

    /// Decoding AMF0 into a [`Value`](crate::Value) marks each value read
    /// behind the `0x11` switch as [`Value::Amf3`](crate::Value::Amf3)
    /// (default `false`: the value is returned bare), so that any AMF0
    /// input, wherever its writer put switches, writes back byte for byte.
    /// Kinds only AMF3 has are never marked (they are always switched).
    /// The API sees through the marks, but a `match` does not.
    ///
    /// ```
    /// use amf_serde::{Options, Value};
    ///
    /// // [1, "x" behind the switch]: a mix no encoder rule reproduces
    /// let bytes = [0x0a, 0, 0, 0, 2, 0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x11, 0x06, 0x03, b'x'];
    /// let bare: Value = amf_serde::amf0::from_slice(&bytes)?;
    /// assert!(matches!(&bare[1], Value::String(_)));
    /// let marked: Value = Options::new().with_switch_marks(true).amf0_from_slice(&bytes)?;
    /// assert!(matches!(&marked[1], Value::Amf3(_)));
    /// assert_eq!(marked, bare);
    /// assert_eq!(amf_serde::amf0::to_vec(&marked)?, bytes);
    /// # Ok::<(), amf_serde::Error>(())
    /// ```
    pub fn with_switch_marks(mut self, marks: bool) -> Self {
        self.switch_marks = marks;
        self
    }

    /// Registers a reader for the body of the externalizable class `alias`
    /// (see [`ExternalReader`]). Decoding into [`Value`](crate::Value) keeps
    /// the body as [`DataItem`](crate::types::DataItem)s; typed decoding sees
    /// the items as a sequence. `flex.messaging.io.ArrayCollection`,
    /// `ArrayList` and `ObjectProxy` are known without registration.
    ///
    /// `reader` is any `Fn(&mut dyn DataInput) -> Result<()>` (a function,
    /// or a closure carrying state); registering is explicit, so the same
    /// bytes and options decode the same on every thread.
    pub fn with_external<F>(mut self, alias: &str, reader: F) -> Self
    where
        F: Fn(&mut dyn crate::external::DataInput) -> Result<()> + Send + Sync + 'static,
    {
        self.externals.retain(|(k, _)| &**k != alias);
        self.externals.push((
            alias.into(),
            ExternalCodec::Reader(std::sync::Arc::new(reader) as ExternalReader),
        ));
        self
    }

    /// Registers the externalizable type `T` (an
    /// `#[amf(alias = "…", externalizable)]` type) under its alias, so that
    /// decoding into [`Value`](crate::Value), or reading a value that
    /// contains it with
    /// [`read_object_as`](crate::external::DataInput#method.read_object_as),
    /// reads its body with `T::read_external`. (Decoding straight into `T`,
    /// or into an `#[amf]` enum with a `T` variant, needs no registration.)
    /// See the [`external`](crate::external) module for an example.
    pub fn with_externalizable<T: crate::external::ExternalizableClass>(mut self) -> Self {
        self.externals.retain(|(k, _)| &**k != T::ALIAS);
        self.externals.push((
            T::ALIAS.into(),
            ExternalCodec::Reader(crate::external::reader_of::<T>()),
        ));
        self
    }

    /// Registers the externalizable class `alias` as one whose body is a
    /// single AMF value (like `ArrayCollection`): typed decoding sees that
    /// value directly.
    pub fn with_external_value(mut self, alias: &str) -> Self {
        self.externals.retain(|(k, _)| &**k != alias);
        self.externals.push((alias.into(), ExternalCodec::OneValue));
        self
    }

    /// Limits nesting: every container entered and every object reference
    /// followed counts one level. Deeper input is a syntax error.
    pub fn with_max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }

    /// Limits the number of values decoded from one top-level value to
    /// `values`, including values re-read by following object references into
    /// typed Rust values (a few kilobytes of nested references could
    /// otherwise expand into billions of values). The default scales with
    /// the input: [`Options::WORK_PER_BYTE`] values per byte plus
    /// [`Options::WORK_BASE`] (for readers: per byte read so far).
    pub fn with_max_work(mut self, values: u64) -> Self {
        self.max_work = Some(values);
        self
    }

    /// The nesting depth limit.
    pub const fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// The work limit for an input of `input_len` bytes.
    pub fn max_work(&self, input_len: u64) -> u64 {
        match self.max_work {
            Some(n) => n,
            None => input_len
                .saturating_mul(Self::WORK_PER_BYTE)
                .saturating_add(Self::WORK_BASE),
        }
    }
}

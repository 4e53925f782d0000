//! Serde support for Adobe's Action Message Format (AMF), the binary format
//! of Flash Player, Flex/BlazeDS remoting, RTMP commands and `.sol` files.
//!
//! The API follows `serde_json`: [`to_vec`], [`to_writer`], [`from_slice`],
//! [`from_reader`], one [`Error`] type with a [`Category`] and a byte
//! offset. The root functions speak AMF3 (what `ByteArray.writeObject` writes
//! by default); [`amf3`] has the same functions plus the [`Serializer`] and
//! [`Deserializer`](amf3::Deserializer) types. The [`spec`] page lists how
//! each serde type maps to AMF3 markers, with the bytes.
//!
//! [`Serializer`]: amf3::Serializer
//!
//! The [`guide`] explains the crate page by page: [getting
//! started](guide::getting_started), [the wire mapping](guide::wire_mapping),
//! [class aliases](guide::class_aliases), [`Value`](guide::value), [limits
//! and security](guide::limits_and_security), [remoting](guide::remoting),
//! [`.sol` files](guide::sol), [the CLI](guide::cli), migrating [from
//! serde_json](guide::from_serde_json) and [from PyAMF or
//! BlazeDS](guide::from_pyamf), and a [FAQ](guide::faq).
//!
//! # Cargo features
//!
//! | feature | default | enables |
//! |---|---|---|
//! | `derive` | yes | the [`amf`] attribute for class aliases (crate `amf-serde-derive`, which depends on `syn`) |
//! | `serde_json` | no | `From<serde_json::Value>` for [`Value`] and `TryFrom<&Value>` for `serde_json::Value` |
//!
//! Without default features no proc-macro crate is compiled: the library
//! derives nothing itself (its own types implement the serde traits by
//! hand), so `default-features = false` skips amf-serde-derive and `syn`.
//! Deriving `Serialize`/`Deserialize` for your types still needs serde's
//! `derive` feature in your own `Cargo.toml`.
//!
//! # Typed values
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Person {
//!     name: String,
//!     age: i32,
//!     tags: Vec<String>,
//! }
//!
//! let people = vec![
//!     Person { name: "Ada".into(), age: 36, tags: vec!["math".into()] },
//!     Person { name: "Alan".into(), age: 41, tags: vec!["math".into(), "crypto".into()] },
//! ];
//! let bytes = amf_serde::to_vec(&people)?;
//! // The second Person refers to the first one's traits (`0a 01`), and
//! // "math" is sent once, then by reference.
//! assert_eq!(bytes.len(), 59);
//! let back: Vec<Person> = amf_serde::from_slice(&bytes)?;
//! assert_eq!(back, people);
//! # Ok::<(), amf_serde::Error>(())
//! ```
//!
//! # Zero-copy
//!
//! Decoding from a slice, `&str` and `&[u8]` fields borrow from the input,
//! including strings that arrive as references to earlier strings:
//!
//! ```
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Tag<'a> {
//!     name: &'a str,
//!     #[serde(with = "serde_bytes")]
//!     blob: &'a [u8],
//! }
//!
//! #[derive(serde::Serialize)]
//! struct OwnedTag { name: String, #[serde(with = "serde_bytes")] blob: Vec<u8> }
//!
//! let input = amf_serde::to_vec(&[
//!     OwnedTag { name: "gold".into(), blob: vec![1, 2] },
//!     OwnedTag { name: "gold".into(), blob: vec![3] },
//! ])?;
//! let tags: Vec<Tag> = amf_serde::from_slice(&input)?;
//! let range = input.as_ptr_range();
//! assert!(range.contains(&tags[1].name.as_ptr())); // a string reference, still borrowed
//! assert_eq!(tags[1].blob, [3]);
//! # Ok::<(), amf_serde::Error>(())
//! ```
//!
//! # Untyped values, dates, XML, vectors, dictionaries
//!
//! Every marker can be read with `deserialize_any`, so self-describing
//! targets such as `serde_json::Value` work; dates come out as milliseconds,
//! XML as text, vectors as sequences:
//!
//! ```
//! // [Date(0), Vector.<int> [4, -20]] written by Flash Player
//! let bytes = [
//!     0x09, 0x05, 0x01,
//!     0x08, 0x01, 0, 0, 0, 0, 0, 0, 0, 0,
//!     0x0d, 0x05, 0x00, 0, 0, 0, 4, 0xff, 0xff, 0xff, 0xec,
//! ];
//! let v: serde_json::Value = amf_serde::from_slice(&bytes)?;
//! assert_eq!(v, serde_json::json!([0.0, [4, -20]]));
//! # Ok::<(), amf_serde::Error>(())
//! ```
//!
//! # AMF0
//!
//! [`amf0`] has the same API for AMF0 (RTMP commands, remoting envelopes,
//! old `.sol` files); AMF3 values behind AMF0's `0x11` switch are handled
//! transparently, with the AMF3 tables shared across one top-level value:
//!
//! ```
//! #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
//! struct Status { level: String, code: String }
//!
//! let s = Status { level: "status".into(), code: "NetConnection.Connect.Success".into() };
//! let bytes = amf_serde::amf0::to_vec(&s)?;
//! assert_eq!(bytes[0], 0x03); // anonymous object
//! assert_eq!(amf_serde::amf0::from_slice::<Status>(&bytes)?, s);
//! # Ok::<(), amf_serde::Error>(())
//! ```
//!
//! # Remoting packets and Flex messages
//!
//! [`remoting`] reads and writes the AMF envelope that Flash `NetConnection`
//! and Flex `RemoteObject` POST to a gateway; bodies decode on demand into
//! any type. [`flex`] has the Flex message classes, their small forms and
//! `ArrayCollection<T>`:
//!
//! ```
//! use amf_serde::flex::{self, ArrayCollection, RemotingMessage};
//! use amf_serde::remoting::{Packet, Version};
//!
//! let mut request = Packet::new(Version::Amf3);
//! request.messages.push(flex::request(&RemotingMessage::new("calc", "sum", (vec![1, 2, 3],)), 1)?);
//! let bytes = request.to_vec()?;
//!
//! let packet = Packet::from_slice(&bytes)?;
//! let call: RemotingMessage<(Vec<i32>,)> = flex::request_message(&packet.messages[0])?;
//! let ack = call.acknowledge(ArrayCollection(vec![call.body.0.iter().sum::<i32>()]));
//! let reply = flex::reply(&packet.messages[0], &ack)?;
//! assert_eq!(reply.target, "/1/onResult");
//! # Ok::<(), amf_serde::Error>(())
//! ```
//!
//! # `.sol` files (Flash "cookies", game saves)
//!
//! [`sol`] reads and writes Local Shared Object files, typed or as a
//! lossless [`sol::Sol`]:
//!
//! ```
//! #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
//! struct Save { level: i32, name: String }
//!
//! let save = Save { level: 3, name: "Ada".into() };
//! let file = amf_serde::sol::to_vec("savegame", &save, amf_serde::sol::Version::Amf3)?;
//! assert_eq!(amf_serde::sol::from_slice::<Save>(&file)?, save);
//! let sol = amf_serde::sol::Sol::from_slice(&file)?;
//! assert_eq!(sol.keys().collect::<Vec<_>>(), ["level", "name"]);
//! assert_eq!(sol.to_vec()?, file);
//! # Ok::<(), amf_serde::Error>(())
//! ```
//!
//! # Value, shared references and cycles
//!
//! [`Value`] holds anything losslessly and writes it back byte for byte;
//! [`amf_value!`] builds one, [`to_value`]/[`from_value`] convert:
//!
//! ```
//! use amf_serde::{amf_value, Value};
//!
//! // a = [a]: an array that contains itself
//! let v: Value = amf_serde::from_slice(&[0x09, 0x03, 0x01, 0x09, 0x00])?;
//! assert!(matches!(v[0], Value::Cycle(_)));
//! assert_eq!(amf_serde::to_vec(&v)?, [0x09, 0x03, 0x01, 0x09, 0x00]);
//!
//! let w = amf_value!({"name": "Ada", "tags": ["math", 1]});
//! assert_eq!(w["tags"][1], Value::Integer(1));
//! # Ok::<(), amf_serde::Error>(())
//! ```
//!
//! # Coming from serde_json
//!
//! The names are serde_json's wherever the concept is the same. A
//! serde_json program, converted line by line (each `serde_json` line is the
//! comment above its replacement):
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! // use serde_json::{json, Value};
//! use amf_serde::{amf_value, Value};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Order { id: u32, items: Vec<String> }
//!
//! // let bytes = serde_json::to_vec(&Order { .. })?;
//! let bytes = amf_serde::to_vec(&Order { id: 7, items: vec!["tea".into()] })?;
//! // let order: Order = serde_json::from_slice(&bytes)?;
//! let order: Order = amf_serde::from_slice(&bytes)?;
//! assert_eq!(order.items, ["tea"]);
//!
//! // let mut v: Value = serde_json::from_slice(&bytes)?;
//! let mut v: Value = amf_serde::from_slice(&bytes)?;
//! // if v["id"] == 7 { .. }
//! assert!(v["id"] == 7);
//! // v["items"].as_array_mut().unwrap().push(json!("milk"));
//! v["items"].as_array_mut().unwrap().push(amf_value!("milk"));
//! // v["note"] = json!({"by": "Ada", "tags": ["a", "b"]});
//! v["note"] = amf_value!({"by": "Ada", "tags": ["a", "b"]});
//! // *v.pointer_mut("/note/by").unwrap() = "Alan".into();
//! *v.pointer_mut("/note/by").unwrap() = "Alan".into();
//! // let taken = v["note"]["tags"].take();
//! let taken = v["note"]["tags"].take();
//! assert_eq!(taken, amf_value!(["a", "b"]));
//! // if let Some(obj) = v.as_object_mut() { obj.remove("note"); }
//! if let Some(obj) = v.as_object_mut() { obj.remove("note"); }
//! // let order: Order = serde_json::from_value(v)?;
//! let order: Order = amf_serde::from_value(v)?;
//! assert_eq!(order.items, ["tea", "milk"]);
//! // let v = serde_json::to_value(&order)?;
//! let v = amf_serde::to_value(&order)?;
//! // for (k, x) in v.as_object().unwrap() { .. }
//! for (k, x) in v.as_object().unwrap().members() { assert!(!k.is_empty() && !x.is_null()); }
//! # Ok::<(), amf_serde::Error>(())
//! ```
//!
//! What differs, because AMF differs:
//!
//! * Numbers are [`Value::Integer`] (29-bit) or [`Value::Double`]; integers
//!   a double cannot hold exactly are errors, not silently rounded
//!   (`Value::try_from(u64::MAX)`), and there is no arbitrary-precision mode.
//! * An object is an [`Object`](types::Object): a class alias, sealed
//!   members and dynamic members, each an ordered
//!   [`Members`](types::Members) (insertion order, like serde_json's
//!   `preserve_order`, with hashed lookup); `as_object()` returns it.
//! * An array is an [`Array`](types::Array): it derefs to its dense part,
//!   a slice, and has an associative part; `as_array()` returns it.
//! * AMF has `undefined` as well as `null` (`amf_value!(undefined)`;
//!   `is_null()` is true for both), dates, XML, byte arrays, vectors,
//!   dictionaries, shared references and cycles.
//! * Shared nodes (one object decoded from several references) are
//!   copy-on-write: see [`Value::get_mut`].
//! * It is a binary format: there is no `to_string`/`from_str`; the bytes
//!   come from [`to_vec`]/[`to_writer`]. Settings go in [`Options`] (the
//!   `*_with` functions), like bincode's configuration.
//! * `serde_json::Value` converts both ways with the `serde_json` feature.
//!
//! # Several values in one stream
//!
//! ```
//! use amf_serde::amf3::Deserializer;
//!
//! let mut bytes = amf_serde::to_vec("connect")?;
//! bytes.extend(amf_serde::to_vec(&1.0)?);
//! let mut values = Deserializer::from_slice(&bytes).into_iter::<serde_json::Value>();
//! assert_eq!(values.next().unwrap()?, "connect");
//! assert_eq!(values.next().unwrap()?, 1.0);
//! assert!(values.next().is_none());
//! # Ok::<(), amf_serde::Error>(())
//! ```
//!
//! # Errors and limits
//!
//! Bad input never panics: every error says what was wrong and where. Nesting
//! depth (including followed references) and total work are limited by
//! [`Options`]:
//!
//! ```
//! let err = amf_serde::from_slice::<String>(&[0x06, 0x07, 0x61]).unwrap_err();
//! assert_eq!(err.to_string(), "unexpected end of input at byte offset 3");
//! assert!(err.is_eof());
//!
//! let err = amf_serde::from_slice::<i32>(&[0x05, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]).unwrap_err();
//! assert_eq!(err.to_string(), "number 1.5 is not a valid i32 at byte offset 0");
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[doc(hidden)]
#[path = "private/mod.rs"]
pub mod __private;
pub mod amf0;
pub mod amf3;
mod base64;
pub mod client;
mod de_common;
mod dense;
mod dynamic;
mod error;
pub mod external;
pub mod flex;
pub mod gateway;
mod name;
mod num;
pub mod options;
pub mod read;
mod record;
pub mod remoting;
mod ser_common;
mod shorthand;
pub mod sol;
mod tokens;
pub mod types;
mod util;
mod value;

pub use error::{Category, Error, Result};
pub use options::Options;
pub use types::Name;
pub use value::{from_value, from_value_with, to_value, to_value_with, Cycle, Index, Value};

#[doc(inline)]
pub use amf3::{
    from_reader, from_reader_with, from_slice, from_slice_with, to_vec, to_vec_with, to_writer,
    to_writer_with,
};

/// Maps a Rust type to a registered ActionScript class alias.
///
/// Place it **above** `#[derive(Serialize, Deserialize)]`; it rewrites the
/// item before serde's derive runs, and every serde attribute keeps working.
///
/// ```
/// use amf_serde::amf;
/// use serde::{Deserialize, Serialize};
///
/// #[amf(alias = "com.example.Person")]
/// #[derive(Serialize, Deserialize, Debug, PartialEq)]
/// struct Person {
///     name: String,
///     #[serde(rename = "yearsOld")]
///     age: i32,
/// }
///
/// let bytes = amf_serde::to_vec(&Person { name: "Ada".into(), age: 36 })?;
/// // 0a, 2 sealed members, class "com.example.Person", "name", "yearsOld"
/// assert_eq!(&bytes[..3], &[0x0a, 0x23, 0x25]);
/// assert_eq!(&bytes[3..21], b"com.example.Person");
/// let back: Person = amf_serde::from_slice(&bytes)?;
/// assert_eq!(back.age, 36);
/// # Ok::<(), amf_serde::Error>(())
/// ```
///
/// Keys:
///
/// * `alias = "…"`: the class alias. AMF3 writes it as the class name with
///   the fields as sealed members (traits by reference after the first
///   object); AMF0 writes a typed object (`0x10`). Decoding checks it: an
///   object of another class is an error naming both, an anonymous object
///   is accepted unless [`Options::with_strict_aliases`].
/// * `dynamic`: dynamic traits. One field, the last, marked
///   `#[amf(dynamic)]` and of a map type such as
///   `BTreeMap<String, amf_serde::Value>`, holds the dynamic members. In
///   every other serde format the map is flattened into the object, as
///   `#[serde(flatten)]` does: serde_json writes `{"id":1,"extra":2}` and
///   puts unknown keys into the map when reading. (The attribute then
///   supplies `Serialize`/`Deserialize`, from serde's derive of two hidden
///   twins of the struct with `#[serde(remote)]`; the struct's own
///   `#[serde(...)]` attributes apply to both.)
/// * `externalizable`: the type implements [`external::Externalizable`];
///   the attribute supplies `Serialize` and `Deserialize` from its hooks
///   (do not derive them).
/// * `crate = "path"`: where to find `amf_serde` (for re-exports).
///
/// On an enum, a bare `#[amf]` with `#[amf(alias = "…")]` on each newtype
/// variant decodes the variant named by the incoming class alias, and
/// writes each variant with its alias (it supplies the serde impls). An
/// object without a class (or a value from another format) goes to the first
/// variant it fits; [`Options::with_strict_aliases`] does not apply there.
///
/// An externalizable type (also implementing
/// [`external::ExternalizableClass`]) hands its body reader to the decoder
/// when a value is decoded straight into it, and an `#[amf]` enum does so
/// for its externalizable variants. Nothing is registered as a side effect:
/// a class met inside a [`Value`], or inside a value read with
/// `read_object_as`, needs [`Options::with_externalizable`] (or
/// [`Options::with_external`]) on the decoder's options, so the same bytes
/// and options decode the same on every thread.
#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
pub use amf_serde_derive::amf;

#[doc = include_str!("spec.md")]
pub mod spec {}

pub mod guide;

/// The examples of this crate's README (the crates.io page), run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

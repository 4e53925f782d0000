//! The AMF types JSON lacks, as plain Rust types: [`Date`], [`ByteArray`],
//! [`XmlDocument`], [`Xml`], [`Undefined`], the vectors ([`Vector`],
//! [`ObjectVector`]), [`Dictionary`], the array with dense and associative
//! parts ([`Array`], whose dense part keeps up to two values inline),
//! [`Object`] with its traits, and externalizable objects ([`External`]).
//!
//! Each one is a node of [`Value`] and, where it makes sense, a struct
//! field type of its own with a plain serde shape in other formats.
//!
//! This module is the data model: these types, [`Members`] and the
//! [`Value`] enum that ties them together (`value.rs`), with no behaviour
//! that needs a serializer. What works on a `Value` (serde impls,
//! `to_value`/`from_value`, access, equality, display) is in `crate::value`,
//! one layer up (see ARCHITECTURE.md). Files: `date`, `vector`,
//! `dictionary`, `array`, `object` (also `EcmaArray`), `external` (also
//! `DataItem`), `members`, `assoc` (the boxed associative part), `value`.

mod array;
pub(crate) mod assoc;
mod date;
mod dictionary;
mod external;
mod members;
mod object;
pub(crate) mod value;
mod vector;

pub use array::Array;
pub use date::Date;
pub use dictionary::Dictionary;
pub use external::{DataItem, External};
pub use members::Members;
pub use object::{EcmaArray, Object};
pub use vector::{ObjectVector, Vector, VectorItem};

pub(crate) use crate::dense::Dense;
pub use crate::name::Name;
pub(crate) use value::{Value, WeakNode};

/// An AMF3 ByteArray (`0x0C`): raw bytes. `serde_bytes` types map to it as
/// well; this owned type is what [`Value`] holds.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ByteArray(pub Vec<u8>);

/// A legacy `flash.xml.XMLDocument` (AMF3 `0x07`, AMF0 `0x0F`): XML text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct XmlDocument(pub String);

/// An E4X `XML` value (AMF3 `0x0B`): XML text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Xml(pub String);

/// ActionScript's `undefined` (AMF3 `0x00`, AMF0 `0x06`), distinct from
/// `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Undefined;

//! Externalizable types as serde impls: `write_external` recorded into a
//! [`Value::External`], and a decoded body replayed into `read_external`.

use std::sync::Arc;

use serde::de::Deserializer;
use serde::ser::{self, Serializer};

use super::replay::Replay;
use crate::external::{DataOutput, Externalizable};
use crate::types::{DataItem, External};
use crate::value::Value;
/// `Serialize` for an externalizable type: its `write_external` items as
/// a [`Value::External`].
pub fn serialize_external<T: Externalizable, S: Serializer>(
    value: &T,
    alias: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut out = Recorder { items: Vec::new() };
    value.write_external(&mut out).map_err(ser::Error::custom)?;
    let external = External {
        class: alias.into(),
        body: out.items,
        dynamic: false,
    };
    crate::value::serialize_value(Value::External(Arc::new(external)), serializer)
}

/// `Deserialize` for an externalizable type: hands its reader to the AMF
/// decoder for this one call (so that it can read the body), reads the
/// value, replays the body items into `read_external`.
pub fn deserialize_external<'de, T: Externalizable, D: Deserializer<'de>>(
    alias: &'static str,
    deserializer: D,
) -> Result<T, D::Error> {
    let hints = vec![(alias, crate::external::reader_of::<T>())];
    crate::external::with_hints(hints, || {
        crate::value::deserialize_via(deserializer, |value| external_from_value(alias, value))
    })
}

fn external_from_value<T: Externalizable>(alias: &str, value: Value) -> Result<T, String> {
    let attempts: Vec<Vec<DataItem>> = match value.inner() {
        Value::External(e) if e.class == alias => vec![e.body.clone()],
        Value::External(e) => {
            return Err(format!(
                "expected an object of class \"{alias}\", found class \"{}\"",
                e.class
            ))
        }
        // Other formats: the body is the one value, or the items in order.
        Value::Array(a) if a.assoc.is_empty() => vec![
            vec![DataItem::Value(value.clone())],
            a.dense.iter().cloned().map(DataItem::Value).collect(),
        ],
        other => vec![vec![DataItem::Value(other.clone())]],
    };
    let mut last = None;
    for items in attempts {
        let mut input = Replay { items, next: 0 };
        match T::read_external(&mut input) {
            Ok(v) => return Ok(v),
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) => e.to_string(),
        None => "empty externalizable body".to_owned(),
    })
}

/// Records what `write_external` writes.
struct Recorder {
    items: Vec<DataItem>,
}

impl DataOutput for Recorder {
    fn write_item(&mut self, item: DataItem) -> crate::Result<()> {
        self.items.push(item);
        Ok(())
    }
}

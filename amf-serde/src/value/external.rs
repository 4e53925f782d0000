//! The methods of [`DataInput`] and [`DataOutput`] that convert through a
//! [`Value`](crate::Value) (`read_object_as`, `write_object`): inherent methods of the
//! trait objects, kept here so that `crate::external` does not import the
//! `Value` conversions (which sit a layer above it).

use super::{from_value, to_value};
use crate::error::Result;
use crate::external::{DataInput, DataOutput};

impl dyn DataInput + '_ {
    /// `readObject` into any `T: Deserialize` (through [`Value`](crate::Value)).
    ///
    /// # Errors
    /// As [`DataInput::read_object`], or when the value does not fit `T`.
    ///
    /// Externalizable classes inside the value are read with the readers
    /// registered on the [`Options`](crate::Options) of the decoder
    /// ([`Options::with_externalizable`](crate::Options::with_externalizable)).
    /// Converting the value to `T` is charged against the decoder's work
    /// limit (a small body can hold a node referenced from many places).
    pub fn read_object_as<T: serde::de::DeserializeOwned>(&mut self) -> Result<T> {
        from_value(self.read_object()?)
    }
}

impl dyn DataOutput + '_ {
    /// `writeObject` of any `T: Serialize` (through [`Value`](crate::Value)).
    ///
    /// # Errors
    /// When `value` cannot be converted (see [`crate::to_value`]).
    pub fn write_object<T: ?Sized + serde::Serialize>(&mut self, value: &T) -> Result<()> {
        self.write_value(to_value(value)?)
    }
}

//! [`Dictionary`]: a Flash Player 10 `Dictionary` (keys of any type). Its
//! serde impls are in `value/types.rs`.

use super::Value;

/// A Flash Player 10 `Dictionary` (AMF3 `0x11`): keys of any type, in wire
/// order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Dictionary<K = Value, V = Value> {
    /// `new Dictionary(true)`: weakly referenced keys.
    pub weak_keys: bool,
    /// The entries, in the order they were written.
    pub entries: Vec<(K, V)>,
}

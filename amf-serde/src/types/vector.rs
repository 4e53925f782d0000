//! The Flash Player 10 vectors: [`Vector`] of numbers (`Vector.<int>`,
//! `Vector.<uint>`, `Vector.<Number>`) with the sealed [`VectorItem`] trait
//! that maps each element type to its [`Value`] variant, and
//! [`ObjectVector`] (`Vector.<Object>`). Their serde impls are in
//! `value/types.rs`.

use std::sync::Arc;

use super::{Name, Value};

/// A numeric Flash Player 10 vector: `Vector.<int>` (`Vector<i32>`, AMF3
/// `0x0D`), `Vector.<uint>` (`Vector<u32>`, `0x0E`) or `Vector.<Number>`
/// (`Vector<f64>`, `0x0F`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Vector<T> {
    /// The AS3 `fixed` property (length cannot change).
    pub fixed: bool,
    /// The items.
    pub items: Vec<T>,
}

/// `Vector.<T>` of objects (AMF3 `0x10`), with the element type name the
/// writer gave (`"*"` or `""` for untyped vectors, a class alias otherwise).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ObjectVector<T = Value> {
    /// The AS3 `fixed` property.
    pub fixed: bool,
    /// The element type name, as written (readers must not rely on it).
    pub type_name: Name,
    /// The items.
    pub items: Vec<T>,
}

/// The numeric element types of [`Vector`]: `i32`, `u32`, `f64`. Sealed.
pub trait VectorItem: Copy + private::Sealed {
    #[doc(hidden)]
    fn wrap(v: Vector<Self>) -> Value;
    #[doc(hidden)]
    fn unwrap(v: Value) -> Result<Vector<Self>, Value>;
}

mod private {
    pub trait Sealed {}
    impl Sealed for i32 {}
    impl Sealed for u32 {}
    impl Sealed for f64 {}
}

macro_rules! vector_item {
    ($ty:ty, $variant:ident) => {
        impl VectorItem for $ty {
            fn wrap(v: Vector<Self>) -> Value {
                Value::$variant(Arc::new(v))
            }
            fn unwrap(v: Value) -> Result<Vector<Self>, Value> {
                match &v {
                    Value::$variant(x) => {
                        let x = x.clone();
                        drop(v);
                        Ok(Arc::unwrap_or_clone(x))
                    }
                    _ => Err(v),
                }
            }
        }
    };
}

vector_item!(i32, VectorInt);
vector_item!(u32, VectorUint);
vector_item!(f64, VectorDouble);

//! Autoref specialization in generated code: the reader of a variant's type
//! if it is externalizable, `None` otherwise.

use super::Hint;
/// The reader of `T` if `T` is externalizable, through autoref
/// specialization in the generated code: `(&&Probe::<T>::new()).hint()`.
pub struct Probe<T>(std::marker::PhantomData<T>);

impl<T> Probe<T> {
    /// A probe for `T`.
    pub fn new() -> Self {
        Probe(std::marker::PhantomData)
    }
}

impl<T> Default for Probe<T> {
    fn default() -> Self {
        Probe::new()
    }
}

/// The specialized case: `T` is externalizable.
pub trait ProbeExternal {
    /// `T`'s alias and reader.
    fn hint(&self) -> Hint;
}

impl<T: crate::external::ExternalizableClass> ProbeExternal for &Probe<T> {
    fn hint(&self) -> Hint {
        Some((T::ALIAS, crate::external::reader_of::<T>()))
    }
}

/// The fallback: not externalizable.
pub trait ProbeOther {
    /// `None`.
    fn hint(&self) -> Hint;
}

impl<T> ProbeOther for &&Probe<T> {
    fn hint(&self) -> Hint {
        None
    }
}

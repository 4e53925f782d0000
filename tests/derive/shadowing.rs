//! Every form of `#[amf(...)]` compiles without warnings in a module where
//! `Result`, `Ok`, `Err`, `Some`, `None` (and `core`, `std`, `serde`,
//! `amf_serde` as local modules) mean something else: the generated code
//! must use absolute paths only.
#![deny(warnings)]

use ::amf_serde::amf;
use ::amf_serde::external::{DataInput, DataOutput, Externalizable};
use ::serde::{Deserialize, Serialize};

/// Shadows the prelude's `Result`.
pub struct Result;
/// Shadows the prelude's `Ok`.
pub struct Ok;
/// Shadows the prelude's `Err`.
pub struct Err;
/// Shadows the prelude's `Some`.
pub struct Some;
/// Shadows the prelude's `None`.
pub struct None;
/// Shadows the prelude's `Option`.
pub struct Option;
/// Shadows the prelude's `Vec`.
pub struct Vec;
/// Shadows the prelude's `String`.
pub struct String;

/// Shadows the crates for relative paths.
pub mod core {}
/// Shadows the crates for relative paths.
pub mod std {}
/// Shadows the crates for relative paths.
pub mod serde {}
/// Shadows the crates for relative paths.
pub mod amf_serde {}

/// `crate = "…"`: amf-serde re-exported under another path.
pub mod reexport {
    pub use ::amf_serde::*;
}

/// `alias`.
#[amf(alias = "shadow.Plain")]
#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct Plain {
    /// A member.
    pub x: i32,
}

/// `alias` on a generic type with a where clause and a lifetime.
#[amf(alias = "shadow.Generic")]
#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct Generic<'a, T>
where
    T: ::core::fmt::Debug,
{
    /// A borrowed member.
    pub name: &'a str,
    /// A generic member.
    pub item: T,
}

/// `alias`, `dynamic`.
#[amf(alias = "shadow.Dynamic", dynamic)]
#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct Dynamic {
    /// A sealed member.
    pub id: i32,
    /// The dynamic members.
    #[amf(dynamic)]
    pub extra: ::std::collections::BTreeMap<::std::string::String, ::amf_serde::Value>,
}

/// `alias`, `externalizable`.
#[amf(alias = "shadow.External", externalizable)]
#[derive(Debug, PartialEq)]
pub struct External {
    /// Written with `writeInt`.
    pub n: i32,
}

impl Externalizable for External {
    fn write_external(&self, output: &mut dyn DataOutput) -> ::amf_serde::Result<()> {
        output.write_int(self.n)
    }

    fn read_external(input: &mut dyn DataInput) -> ::amf_serde::Result<Self> {
        ::core::result::Result::Ok(External {
            n: input.read_int()?,
        })
    }
}

/// `alias`, `externalizable`, `crate`, on a generic type.
#[amf(
    alias = "shadow.GenericExternal",
    externalizable,
    crate = "::amf_serde"
)]
#[derive(Debug, PartialEq)]
pub struct GenericExternal<T>(pub T)
where
    T: ::serde::Serialize + ::serde::de::DeserializeOwned;

impl<T> Externalizable for GenericExternal<T>
where
    T: ::serde::Serialize + ::serde::de::DeserializeOwned,
{
    fn write_external(&self, output: &mut dyn DataOutput) -> ::amf_serde::Result<()> {
        output.write_object(&self.0)
    }

    fn read_external(input: &mut dyn DataInput) -> ::amf_serde::Result<Self> {
        input.read_object_as().map(GenericExternal)
    }
}

/// `alias`, `dynamic`, `crate` through a re-export.
#[amf(
    alias = "shadow.Reexported",
    dynamic,
    crate = "crate::shadowing::reexport"
)]
#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct Reexported {
    /// The dynamic members.
    #[amf(dynamic)]
    pub extra: ::std::collections::HashMap<::std::string::String, i32>,
}

/// A bare `#[amf]` enum.
#[amf]
#[derive(Debug, PartialEq)]
pub enum Either {
    /// A plain typed object.
    #[amf(alias = "shadow.Plain")]
    Plain(Plain),
    /// A dynamic one.
    #[amf(alias = "shadow.Dynamic")]
    Dynamic(Dynamic),
    /// An externalizable one.
    #[amf(alias = "shadow.External")]
    External(External),
}

/// A bare `#[amf]` enum with `crate` through a re-export, generic.
#[amf(crate = "crate::shadowing::reexport")]
#[derive(Debug, PartialEq)]
pub enum GenericEither<T>
where
    T: ::core::fmt::Debug + ::serde::Serialize + ::serde::de::DeserializeOwned,
{
    /// A generic payload.
    #[amf(alias = "shadow.GenericExternal")]
    External(GenericExternal<T>),
    /// A plain typed object.
    #[amf(alias = "shadow.Plain")]
    Plain(Plain),
}

#[test]
fn every_form_compiles_and_works() {
    // The shadowing items are real.
    let _shadows = (Result, Ok, Err, Some, None, Option, Vec, String);

    let plain = Plain { x: 1 };
    let bytes = ::amf_serde::to_vec(&plain).unwrap();
    assert_eq!(::amf_serde::from_slice::<Plain>(&bytes).unwrap(), plain);

    let generic = Generic {
        name: "n",
        item: 2_i32,
    };
    let bytes = ::amf_serde::to_vec(&generic).unwrap();
    assert_eq!(
        ::amf_serde::from_slice::<Generic<i32>>(&bytes).unwrap(),
        generic
    );

    let dynamic = Dynamic {
        id: 3,
        extra: ::std::collections::BTreeMap::from([(
            ::std::string::String::from("k"),
            ::amf_serde::Value::Bool(true),
        )]),
    };
    let bytes = ::amf_serde::to_vec(&dynamic).unwrap();
    assert_eq!(::amf_serde::from_slice::<Dynamic>(&bytes).unwrap(), dynamic);

    let external = External { n: -4 };
    let bytes = ::amf_serde::to_vec(&external).unwrap();
    assert_eq!(
        ::amf_serde::from_slice::<External>(&bytes).unwrap(),
        external
    );

    let generic_external = GenericExternal(::std::vec![1_i32, 2]);
    let bytes = ::amf_serde::to_vec(&generic_external).unwrap();
    assert_eq!(
        ::amf_serde::from_slice::<GenericExternal<::std::vec::Vec<i32>>>(&bytes).unwrap(),
        generic_external
    );

    let reexported = Reexported {
        extra: ::std::collections::HashMap::from([(::std::string::String::from("a"), 1)]),
    };
    let bytes = ::amf_serde::to_vec(&reexported).unwrap();
    assert_eq!(
        ::amf_serde::from_slice::<Reexported>(&bytes).unwrap(),
        reexported
    );

    // `External` was decoded above on this thread, so its reader is known.
    let all = ::std::vec![
        Either::Plain(Plain { x: 5 }),
        Either::Dynamic(Dynamic {
            id: 6,
            extra: ::std::collections::BTreeMap::new(),
        }),
        Either::External(External { n: 7 }),
    ];
    let bytes = ::amf_serde::to_vec(&all).unwrap();
    assert_eq!(
        ::amf_serde::from_slice::<::std::vec::Vec<Either>>(&bytes).unwrap(),
        all
    );

    // Externalizable readers are registered per thread and per alias when
    // the type itself is decoded (see the ignored tests of `vectors` and
    // `polymorphism`): a fresh thread that has decoded this instance only.
    ::std::thread::spawn(|| {
        let first = GenericExternal(::std::string::String::from("s"));
        let bytes = ::amf_serde::to_vec(&first).unwrap();
        assert_eq!(
            ::amf_serde::from_slice::<GenericExternal<::std::string::String>>(&bytes).unwrap(),
            first
        );
        let all = ::std::vec![
            GenericEither::External(first),
            GenericEither::Plain(Plain { x: 8 }),
        ];
        let bytes = ::amf_serde::to_vec(&all).unwrap();
        assert_eq!(
            ::amf_serde::from_slice::<::std::vec::Vec<GenericEither<::std::string::String>>>(
                &bytes
            )
            .unwrap(),
            all
        );
    })
    .join()
    .unwrap();
}

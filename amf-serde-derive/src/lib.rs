//! The `#[amf(...)]` attribute of [`amf-serde`](https://docs.rs/amf-serde):
//! ActionScript class aliases for Rust types.
//!
//! Use it through `amf_serde::amf`; the documentation and examples are
//! there. In short:
//!
//! * `#[amf(alias = "com.example.Person")]` above `#[derive(Serialize,
//!   Deserialize)]` makes a struct a typed object with sealed traits;
//! * `#[amf(alias = "…", dynamic)]` gives it dynamic traits, and one
//!   `#[amf(dynamic)]` map field (the last one) holds the dynamic members;
//! * `#[amf(alias = "…", externalizable)]` implements serde from the type's
//!   `amf_serde::external::Externalizable` hooks;
//! * `#[amf]` on an enum of newtype variants, each with
//!   `#[amf(alias = "…")]`, picks the variant by class alias.
//!
//! The attribute rewrites the item before serde's derive runs (as
//! `serde_with::serde_as` does), so it must be placed above the derive.

#![forbid(unsafe_code)]

mod attr;
mod expand;
mod symbol;

use proc_macro::TokenStream;

/// Maps a Rust type to an ActionScript class alias. See the crate docs.
#[proc_macro_attribute]
pub fn amf(args: TokenStream, input: TokenStream) -> TokenStream {
    let args = proc_macro2::TokenStream::from(args);
    let input = proc_macro2::TokenStream::from(input);
    expand::expand(args, input)
        .unwrap_or_else(|errors| errors.to_compile_error())
        .into()
}

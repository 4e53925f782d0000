//! Parsing of `#[amf(...)]` arguments, with every error on its exact token.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr, Path};

use crate::symbol::{ALIAS, AMF, CONTAINER_KEYS, CRATE, DYNAMIC, EXTERNALIZABLE};

/// Collects errors so that all of them are reported at once.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    pub fn at(&mut self, span: Span, msg: impl std::fmt::Display) {
        self.push(syn::Error::new(span, msg));
    }

    pub fn finish(self) -> Result<(), syn::Error> {
        match self.0 {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// The arguments of the attribute on the type.
#[derive(Default)]
pub struct Container {
    pub alias: Option<LitStr>,
    pub dynamic: Option<Span>,
    pub externalizable: Option<Span>,
    pub krate: Option<Path>,
    /// `#[amf]` with no arguments (an enum picked by alias).
    pub empty: bool,
}

fn set_flag(slot: &mut Option<Span>, meta: &ParseNestedMeta, name: &str, errors: &mut Errors) {
    if slot.is_some() {
        errors.at(
            meta.path
                .get_ident()
                .map_or_else(Span::call_site, |i| i.span()),
            format!("duplicate `{name}`"),
        );
    }
    *slot = Some(
        meta.path
            .get_ident()
            .map_or_else(Span::call_site, |i| i.span()),
    );
}

pub fn parse_container(args: proc_macro2::TokenStream, errors: &mut Errors) -> Container {
    let mut c = Container {
        empty: args.is_empty(),
        ..Container::default()
    };
    if args.is_empty() {
        return c;
    }
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident(ALIAS) {
            let lit: LitStr = meta.value()?.parse()?;
            if c.alias.is_some() {
                errors.at(meta.path.span(), "duplicate `alias`");
            } else if lit.value().is_empty() {
                errors.at(lit.span(), "the alias must not be empty");
            }
            c.alias.get_or_insert(lit);
        } else if meta.path.is_ident(DYNAMIC) {
            set_flag(&mut c.dynamic, &meta, DYNAMIC, errors);
        } else if meta.path.is_ident(EXTERNALIZABLE) {
            set_flag(&mut c.externalizable, &meta, EXTERNALIZABLE, errors);
        } else if meta.path.is_ident(CRATE) {
            let lit: LitStr = meta.value()?.parse()?;
            c.krate = Some(lit.parse()?);
        } else {
            let name = quote::ToTokens::to_token_stream(&meta.path).to_string();
            errors.at(
                meta.path.span(),
                format!("unknown key `{name}` in #[amf]: expected {CONTAINER_KEYS}"),
            );
            // Skip a value, if any, to keep parsing.
            if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
        }
        Ok(())
    });
    if let Err(e) = syn::parse::Parser::parse2(parser, args) {
        errors.push(e);
    }
    c
}

use syn::spanned::Spanned;

/// The `#[amf(...)]` attribute on a field or variant: `dynamic` on fields,
/// `alias = "…"` on variants.
pub struct Inner {
    pub alias: Option<LitStr>,
    pub dynamic: Option<Span>,
}

pub fn is_amf(attr: &Attribute) -> bool {
    attr.path().is_ident(AMF)
}

/// Parses the `#[amf(...)]` attributes among `attrs`; `allow` names the
/// keys allowed at this place.
pub fn parse_inner(attrs: &[Attribute], allow_alias: bool, errors: &mut Errors) -> Option<Inner> {
    let mut found: Option<Inner> = None;
    for attr in attrs.iter().filter(|a| is_amf(a)) {
        let mut inner = Inner {
            alias: None,
            dynamic: None,
        };
        let r = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident(DYNAMIC) && !allow_alias {
                set_flag(&mut inner.dynamic, &meta, DYNAMIC, errors);
            } else if meta.path.is_ident(ALIAS) && allow_alias {
                let lit: LitStr = meta.value()?.parse()?;
                if inner.alias.is_some() {
                    errors.at(meta.path.span(), "duplicate `alias`");
                } else if lit.value().is_empty() {
                    errors.at(lit.span(), "the alias must not be empty");
                }
                inner.alias.get_or_insert(lit);
            } else {
                let name = quote::ToTokens::to_token_stream(&meta.path).to_string();
                let expected = if allow_alias {
                    "`alias` on a variant"
                } else {
                    "`dynamic` on a field"
                };
                errors.at(
                    meta.path.span(),
                    format!("unknown key `{name}` in #[amf]: expected {expected}"),
                );
                if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
            }
            Ok(())
        });
        if let Err(e) = r {
            errors.push(e);
        }
        if found.is_some() {
            errors.at(attr.span(), "duplicate #[amf] attribute");
        } else {
            found = Some(inner);
        }
    }
    found
}

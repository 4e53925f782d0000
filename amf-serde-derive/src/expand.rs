//! What `#[amf(...)]` turns an item into.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{
    parse_quote, Attribute, Data, DeriveInput, Fields, GenericParam, Lifetime, LifetimeParam,
    LitStr, Path, Type,
};

use crate::attr::{self, Container, Errors};

const CLASS_PREFIX: &str = "$amf_serde::private::class::";
const DYNAMIC_CLASS_PREFIX: &str = "$amf_serde::private::dynamic_class::";
const DYNAMIC_FIELD: &str = "$amf_serde::private::dynamic";

pub fn expand(args: TokenStream, input: TokenStream) -> Result<TokenStream, syn::Error> {
    let mut errors = Errors::default();
    let container = attr::parse_container(args, &mut errors);
    let mut item: DeriveInput = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(e) => {
            errors.push(e);
            return errors.finish().map(|()| input);
        }
    };
    let krate: Path = container
        .krate
        .clone()
        .unwrap_or_else(|| parse_quote!(::amf_serde));
    let extra = match &item.data {
        Data::Union(u) => {
            errors.at(
                u.union_token.span(),
                "#[amf] cannot be used on a union: use a struct or an enum",
            );
            TokenStream::new()
        }
        _ if container.externalizable.is_some() => {
            externalizable(&mut item, &container, &krate, &mut errors)
        }
        Data::Enum(_) if container.alias.is_none() => {
            by_alias(&mut item, &container, &krate, &mut errors)
        }
        _ => typed(&mut item, &container, &krate, &mut errors),
    };
    errors.finish()?;
    Ok(quote! {
        #item
        #extra
    })
}

/// The derive attributes that name `Serialize` or `Deserialize`.
fn serde_derives(attrs: &[Attribute]) -> Vec<Path> {
    let mut found = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                if last.ident == "Serialize" || last.ident == "Deserialize" {
                    found.push(meta.path.clone());
                }
            }
            Ok(())
        });
    }
    found
}

/// A `#[serde(rename = ...)]` on these attributes, if any (its span).
fn serde_rename(attrs: &[Attribute]) -> Option<Span> {
    let mut span = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                span = Some(meta.path.span());
            }
            if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            } else if meta.input.peek(syn::token::Paren) {
                meta.parse_nested_meta(|inner| {
                    if inner.input.peek(syn::Token![=]) {
                        let _: syn::Expr = inner.value()?.parse()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        });
    }
    span
}

fn is_map_type(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => p.path.segments.last().is_some_and(|s| {
            matches!(
                s.ident.to_string().as_str(),
                "BTreeMap" | "HashMap" | "IndexMap" | "Map"
            )
        }),
        _ => false,
    }
}

/// `#[amf(alias = "…")]` (and `dynamic`) on a struct with serde derives:
/// renames the container (and the dynamic field) to the private names the
/// AMF formats recognise.
fn typed(item: &mut DeriveInput, c: &Container, krate: &Path, errors: &mut Errors) -> TokenStream {
    let orig = item.clone();
    let Some(alias) = &c.alias else {
        let msg = if c.empty {
            "#[amf] on a struct needs `alias = \"…\"`; bare #[amf] is for enums whose variants carry aliases"
        } else {
            "#[amf(...)] needs `alias = \"…\"`"
        };
        errors.at(Span::call_site(), msg);
        return TokenStream::new();
    };
    if let Data::Enum(e) = &item.data {
        errors.at(
            e.enum_token.span(),
            "#[amf(alias)] on an enum: put the aliases on the variants and a bare #[amf] on the enum",
        );
        return TokenStream::new();
    }
    if serde_derives(&item.attrs).is_empty() {
        errors.at(
            Span::call_site(),
            "#[amf] must be placed above #[derive(Serialize, Deserialize)] (it rewrites the item before serde's derive sees it)",
        );
    }
    if let Some(span) = serde_rename(&item.attrs) {
        errors.at(
            span,
            "#[serde(rename)] on the type conflicts with #[amf(alias)]: the alias is the class name",
        );
    }
    let Data::Struct(data) = &mut item.data else {
        return TokenStream::new();
    };
    let Fields::Named(fields) = &mut data.fields else {
        errors.at(
            item.ident.span(),
            "#[amf(alias)] needs a struct with named fields (a typed object has named members)",
        );
        return TokenStream::new();
    };
    let count = fields.named.len();
    let mut dynamic_field: Option<Span> = None;
    for (i, field) in fields.named.iter_mut().enumerate() {
        let Some(inner) = attr::parse_inner(&field.attrs, false, errors) else {
            continue;
        };
        field.attrs.retain(|a| !attr::is_amf(a));
        let Some(span) = inner.dynamic else {
            continue;
        };
        if dynamic_field.is_some() {
            errors.at(span, "only one field can be #[amf(dynamic)]");
            continue;
        }
        dynamic_field = Some(span);
        if c.dynamic.is_none() {
            errors.at(
                span,
                "a #[amf(dynamic)] field needs a dynamic class: #[amf(alias = \"…\", dynamic)]",
            );
        }
        if i + 1 != count {
            errors.at(span, "the #[amf(dynamic)] field must be the last field");
        }
        if !is_map_type(&field.ty) {
            errors.at(
                field.ty.span(),
                "the #[amf(dynamic)] field must be a map with string keys, such as BTreeMap<String, amf_serde::Value>",
            );
        }
        if let Some(rename) = serde_rename(&field.attrs) {
            errors.at(
                rename,
                "#[serde(rename)] cannot be used on the #[amf(dynamic)] field",
            );
        }
        let name = LitStr::new(DYNAMIC_FIELD, span);
        field
            .attrs
            .push(parse_quote!(#[serde(rename = #name, default)]));
    }
    let prefix = if c.dynamic.is_some() {
        DYNAMIC_CLASS_PREFIX
    } else {
        CLASS_PREFIX
    };
    let name = LitStr::new(&format!("{prefix}{}", alias.value()), alias.span());
    item.attrs.push(parse_quote!(#[serde(rename = #name)]));
    match dynamic_field {
        Some(_) => dynamic_forms(item, orig, krate),
        None => TokenStream::new(),
    }
}

/// Only the `serde` attributes (for the hidden twins of a struct).
fn serde_attrs(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .cloned()
        .collect()
}

/// A hidden twin of `item` for `#[serde(remote = ...)]`: same fields, only
/// the serde derives and attributes.
fn twin(item: &DeriveInput, ident: &syn::Ident, remote: &LitStr, derives: &[Path]) -> DeriveInput {
    let mut t = item.clone();
    t.ident = ident.clone();
    t.vis = syn::Visibility::Inherited;
    t.attrs = serde_attrs(&item.attrs);
    t.attrs.insert(0, parse_quote!(#[derive(#(#derives),*)]));
    t.attrs.push(parse_quote!(#[serde(remote = #remote)]));
    t.attrs.push(parse_quote!(#[doc(hidden)]));
    t.attrs
        .push(parse_quote!(#[allow(dead_code, non_camel_case_types, clippy::all)]));
    if let Data::Struct(data) = &mut t.data {
        for f in data.fields.iter_mut() {
            f.attrs = serde_attrs(&f.attrs);
        }
    }
    t
}

/// A struct with an `#[amf(dynamic)]` field gets two serde forms: the AMF
/// one (`item` as rewritten, for the AMF codecs and `Value`) and a
/// flattened one (`orig` with `#[serde(flatten)]` on the dynamic field, for
/// every other format). Both are derived by serde on hidden twins with
/// `#[serde(remote)]`; `item` itself keeps no serde derive and gets
/// `Serialize`/`Deserialize` impls that pick the form.
fn dynamic_forms(item: &mut DeriveInput, mut orig: DeriveInput, krate: &Path) -> TokenStream {
    let derives = serde_derives(&item.attrs);
    let has = |name: &str| {
        derives
            .iter()
            .any(|p| p.segments.last().is_some_and(|s| s.ident == name))
    };
    let (ser, de) = (has("Serialize"), has("Deserialize"));
    if let Data::Struct(data) = &mut orig.data {
        if let Some(last) = data.fields.iter_mut().last() {
            last.attrs.retain(|a| !attr::is_amf(a));
            last.attrs.push(parse_quote!(#[serde(flatten)]));
        }
    }
    let ident = item.ident.clone();
    let (impl_g, ty_g, where_g) = item.generics.split_for_impl();
    let remote = LitStr::new(&quote!(#ident #ty_g).to_string(), ident.span());
    let amf_ident = syn::Ident::new(&format!("__AmfSerdeAmfForm{ident}"), ident.span());
    let flat_ident = syn::Ident::new(&format!("__AmfSerdeFlatForm{ident}"), ident.span());
    let amf_twin = twin(item, &amf_ident, &remote, &derives);
    let flat_twin = twin(&orig, &flat_ident, &remote, &derives);
    // The item keeps its other derives and attributes, without serde's.
    item.attrs.retain(|a| !a.path().is_ident("serde"));
    for a in item
        .attrs
        .iter_mut()
        .filter(|a| a.path().is_ident("derive"))
    {
        let kept: Vec<Path> = a
            .parse_args_with(syn::punctuated::Punctuated::<Path, syn::Token![,]>::parse_terminated)
            .map(|ps| {
                ps.into_iter()
                    .filter(|p| {
                        !p.segments
                            .last()
                            .is_some_and(|s| s.ident == "Serialize" || s.ident == "Deserialize")
                    })
                    .collect()
            })
            .unwrap_or_default();
        *a = parse_quote!(#[derive(#(#kept),*)]);
    }
    if let Data::Struct(data) = &mut item.data {
        for f in data.fields.iter_mut() {
            f.attrs.retain(|a| !a.path().is_ident("serde"));
        }
    }
    let type_params: Vec<&syn::Ident> = item.generics.type_params().map(|t| &t.ident).collect();
    let mut out = quote! {
        #amf_twin
        #flat_twin
    };
    if ser {
        let mut w = where_g.cloned().unwrap_or_else(|| parse_quote!(where));
        for t in &type_params {
            w.predicates
                .push(parse_quote!(#t: #krate::__private::serde::Serialize));
        }
        out.extend(quote! {
            #[automatically_derived]
            impl #impl_g #krate::__private::DynamicSerialize for #ident #ty_g #w {
                fn serialize_amf<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
                where
                    __S: #krate::__private::serde::Serializer,
                {
                    <#amf_ident #ty_g>::serialize(self, __serializer)
                }
                fn serialize_flat<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
                where
                    __S: #krate::__private::serde::Serializer,
                {
                    <#flat_ident #ty_g>::serialize(self, __serializer)
                }
            }

            #[automatically_derived]
            impl #impl_g #krate::__private::serde::Serialize for #ident #ty_g #w {
                fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
                where
                    __S: #krate::__private::serde::Serializer,
                {
                    #krate::__private::serialize_dynamic(self, __serializer)
                }
            }
        });
    }
    if de {
        let de_generics = with_de(&item.generics);
        let (de_impl_g, _, _) = de_generics.split_for_impl();
        let mut w = where_g.cloned().unwrap_or_else(|| parse_quote!(where));
        for t in &type_params {
            w.predicates
                .push(parse_quote!(#t: #krate::__private::serde::Deserialize<'de>));
        }
        out.extend(quote! {
            #[automatically_derived]
            impl #de_impl_g #krate::__private::DynamicDeserialize<'de> for #ident #ty_g #w {
                fn deserialize_amf<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
                where
                    __D: #krate::__private::serde::Deserializer<'de>,
                {
                    <#amf_ident #ty_g>::deserialize(__deserializer)
                }
                fn deserialize_flat<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
                where
                    __D: #krate::__private::serde::Deserializer<'de>,
                {
                    <#flat_ident #ty_g>::deserialize(__deserializer)
                }
            }

            #[automatically_derived]
            impl #de_impl_g #krate::__private::serde::Deserialize<'de> for #ident #ty_g #w {
                fn deserialize<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
                where
                    __D: #krate::__private::serde::Deserializer<'de>,
                {
                    #krate::__private::deserialize_dynamic(__deserializer)
                }
            }
        });
    }
    out
}

fn reject_serde_derives(item: &DeriveInput, what: &str, errors: &mut Errors) {
    for path in serde_derives(&item.attrs) {
        errors.at(
            path.span(),
            format!("remove this derive: {what} supplies the serde impls"),
        );
    }
}

/// Adds `'de` to the generics for a `Deserialize<'de>` impl.
fn with_de(generics: &syn::Generics) -> syn::Generics {
    let mut g = generics.clone();
    g.params.insert(
        0,
        GenericParam::Lifetime(LifetimeParam::new(Lifetime::new("'de", Span::call_site()))),
    );
    g
}

/// `#[amf(alias = "…", externalizable)]`: serde impls from the
/// `Externalizable` hooks.
fn externalizable(
    item: &mut DeriveInput,
    c: &Container,
    krate: &Path,
    errors: &mut Errors,
) -> TokenStream {
    if let Some(span) = c.dynamic {
        errors.at(span, "`externalizable` and `dynamic` cannot be combined: an externalizable class writes its own body");
    }
    let Some(alias) = &c.alias else {
        errors.at(
            Span::call_site(),
            "#[amf(externalizable)] needs `alias = \"…\"`",
        );
        return TokenStream::new();
    };
    reject_serde_derives(item, "#[amf(externalizable)]", errors);
    let ident = &item.ident;
    let (impl_g, ty_g, where_g) = item.generics.split_for_impl();
    let de_generics = with_de(&item.generics);
    let (de_impl_g, _, _) = de_generics.split_for_impl();
    let span = alias.span();
    quote_spanned! {span=>
        #[automatically_derived]
        impl #impl_g #krate::__private::serde::Serialize for #ident #ty_g #where_g {
            fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: #krate::__private::serde::Serializer,
            {
                #krate::__private::serialize_external(self, #alias, __serializer)
            }
        }

        #[automatically_derived]
        impl #de_impl_g #krate::__private::serde::Deserialize<'de> for #ident #ty_g #where_g {
            fn deserialize<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: #krate::__private::serde::Deserializer<'de>,
            {
                #krate::__private::deserialize_external::<Self, __D>(#alias, __deserializer)
            }
        }

        #[automatically_derived]
        impl #impl_g #krate::external::ExternalizableClass for #ident #ty_g #where_g {
            const ALIAS: &'static str = #alias;
        }
    }
}

/// Bare `#[amf]` on an enum of newtype variants with aliases: the variant
/// follows the class alias.
fn by_alias(
    item: &mut DeriveInput,
    c: &Container,
    krate: &Path,
    errors: &mut Errors,
) -> TokenStream {
    if let Some(span) = c.dynamic {
        errors.at(
            span,
            "`dynamic` belongs on the variants' types, not on the enum",
        );
    }
    reject_serde_derives(item, "#[amf] on an enum", errors);
    let Data::Enum(data) = &mut item.data else {
        return TokenStream::new();
    };
    let mut arms = Vec::new();
    let mut table = Vec::new();
    let mut bounds = Vec::new();
    let mut seen: Vec<(String, Span)> = Vec::new();
    for variant in data.variants.iter_mut() {
        let inner = attr::parse_inner(&variant.attrs, true, errors);
        variant.attrs.retain(|a| !attr::is_amf(a));
        let alias = match inner.and_then(|i| i.alias) {
            Some(a) => a,
            None => {
                errors.at(
                    variant.ident.span(),
                    "each variant of a #[amf] enum needs #[amf(alias = \"…\")]",
                );
                continue;
            }
        };
        if seen.iter().any(|(a, _)| *a == alias.value()) {
            errors.at(
                alias.span(),
                format!("duplicate alias \"{}\"", alias.value()),
            );
        }
        seen.push((alias.value(), alias.span()));
        let ty = match &variant.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => f.unnamed[0].ty.clone(),
            _ => {
                errors.at(
                    variant.ident.span(),
                    "a variant of a #[amf] enum must be a newtype variant around the aliased type, like `Person(Person)`",
                );
                continue;
            }
        };
        let v = &variant.ident;
        arms.push(quote! {
            Self::#v(__inner) => #krate::__private::serialize_with_alias(__inner, #alias, __serializer),
        });
        table.push(quote! {
            (#alias, |__v| #krate::__private::from_value::<#ty>(__v).map(Self::#v)),
        });
        bounds.push(ty);
    }
    let ident = &item.ident;
    let name = ident.to_string();
    let (impl_g, ty_g, where_g) = item.generics.split_for_impl();
    let de_generics = with_de(&item.generics);
    let (de_impl_g, _, _) = de_generics.split_for_impl();
    let mut ser_where = where_g.cloned().unwrap_or_else(|| parse_quote!(where));
    let mut de_where = ser_where.clone();
    for ty in &bounds {
        ser_where
            .predicates
            .push(parse_quote!(#ty: #krate::__private::serde::Serialize));
        de_where
            .predicates
            .push(parse_quote!(#ty: #krate::__private::serde::de::DeserializeOwned));
    }
    let len = table.len();
    let ser_where = ser_where.into_token_stream();
    let de_where = de_where.into_token_stream();
    quote! {
        #[automatically_derived]
        impl #impl_g #krate::__private::serde::Serialize for #ident #ty_g #ser_where {
            fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: #krate::__private::serde::Serializer,
            {
                match self {
                    #(#arms)*
                }
            }
        }

        #[automatically_derived]
        impl #de_impl_g #krate::__private::serde::Deserialize<'de> for #ident #ty_g #de_where {
            fn deserialize<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: #krate::__private::serde::Deserializer<'de>,
            {
                #[allow(unused_imports)]
                use #krate::__private::{ProbeExternal as _, ProbeOther as _};
                let __hints: ::std::vec::Vec<#krate::__private::Hint> = ::std::vec![
                    #((&&#krate::__private::Probe::<#bounds>::new()).hint(),)*
                ];
                let __variants: [(&'static str, #krate::__private::VariantFn<Self>); #len] = [
                    #(#table)*
                ];
                #krate::__private::deserialize_by_alias(__deserializer, #name, &__variants, __hints)
            }
        }
    }
}

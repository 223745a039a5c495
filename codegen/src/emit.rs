//! Codegen IR -> Rust tokens. Generated code is thin: types, builders, validation, parameter
//! encoding and error mapping; everything else is a call into `crate::runtime`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{EnumIr, ErrorIr, FieldIr, Loc, OperationIr, StructIr, Ty};

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

pub(crate) fn docs(text: &str) -> TokenStream {
    let lines: Vec<String> = text.trim().lines().map(|l| format!(" {}", escape_doc(l.trim_end()))).collect();
    quote! { #( #[doc = #lines] )* }
}

/// Documentation text from the pages is prose, not Markdown: brackets (`[1,31]`) and angle
/// brackets (`<RegionId>`) are escaped outside code spans, and bare URLs become autolinks, so
/// rustdoc shows the text as written and warns about nothing.
fn escape_doc(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // An unclosed backtick leaves the rest as prose.
        let in_code = i % 2 == 1 && line.split('`').count() > i + 1;
        if in_code {
            out.push_str(part);
            continue;
        }
        let mut rest = part;
        while !rest.is_empty() {
            let url_at = rest.find("http://").into_iter().chain(rest.find("https://")).min();
            let (prose, url) = match url_at {
                Some(at) => {
                    let end = rest[at..].find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '，' | '。' | '）' | '、' | '；')).map_or(rest.len(), |e| at + e);
                    (&rest[..at], Some(&rest[at..end]))
                }
                None => (rest, None),
            };
            for c in prose.chars() {
                match c {
                    '[' => out.push_str("\\["),
                    ']' => out.push_str("\\]"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '\\' => out.push_str("\\\\"),
                    _ => out.push(c),
                }
            }
            if let Some(url) = url {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            rest = &rest[prose.len() + url.map_or(0, str::len)..];
        }
    }
    out
}

pub(crate) fn rust_ty(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(::std::string::String),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F64 => quote!(f64),
        Ty::Bool => quote!(bool),
        Ty::Json => quote!(::serde_json::Value),
        Ty::Vec(inner) => {
            let inner = rust_ty(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = rust_ty(inner);
            quote!(::std::collections::HashMap<::std::string::String, #inner>)
        }
        Ty::Struct(name) | Ty::Enum(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Ty::Shared(name) | Ty::SharedEnum(name) => {
            let name = ident(name);
            quote!(super::types::#name)
        }
    }
}

/// The type a setter takes: strings and enums via `Into` (a setter names its field, so a value
/// cannot land in the wrong one).
fn arg_ty(ty: &Ty) -> (TokenStream, bool) {
    match ty {
        Ty::String | Ty::Enum(_) | Ty::SharedEnum(_) => {
            let t = rust_ty(ty);
            (quote!(impl ::std::convert::Into<#t>), true)
        }
        other => (rust_ty(other), false),
    }
}

/// The cargo feature under which request types read from JSON with their wire names.
pub const JSON_REQUESTS_FEATURE: &str = "json-requests";

/// `#[serde(..)]` attributes, or, on a type whose serde derives are all behind the
/// `json-requests` feature, the same under `cfg_attr`.
fn serde_attr(args: TokenStream, gated: bool) -> TokenStream {
    if args.is_empty() {
        quote!()
    } else if gated {
        let feature = JSON_REQUESTS_FEATURE;
        quote!(#[cfg_attr(feature = #feature, serde(#args))])
    } else {
        quote!(#[serde(#args)])
    }
}

/// Request-side struct: `new(required...)` plus a setter per optional field.
///
/// Serde only where the wire needs it: a nested struct is sent as JSON (`Serialize`); a top-level
/// request is sent field by field through its wire table (`to_operation`) and derives nothing; a
/// `shared` struct (a named type of `components`) is used in responses too: it also derives
/// `Deserialize` and `Default`, and tolerates absent fields. Reading requests from JSON with
/// their wire names (`Deserialize`) is the `json-requests` feature's.
pub fn input_struct(s: &StructIr, top_level: bool, shared: bool) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs(&s.doc);
    // Every serde derive of a top-level request is behind the feature, so are its attributes.
    let gated = top_level && !shared;
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let ty = rust_ty(&f.ty);
        let doc = docs(&f.doc);
        let wire = &f.wire;
        let rename = if wire == &f.rust { quote!() } else { quote!(rename = #wire) };
        let rename = serde_attr(rename, gated);
        // A shared type also reads responses: a field of an unexpected type is read as absent.
        let tolerant = match (shared, f.required) {
            (false, _) => quote!(),
            (true, true) => quote!(#[serde(default, deserialize_with = "crate::runtime::lenient::or_default")]),
            (true, false) => quote!(#[serde(default, deserialize_with = "crate::runtime::lenient::option")]),
        };
        if f.required {
            quote! { #doc #rename #tolerant pub #fname: #ty, }
        } else if top_level {
            quote! { #doc #rename #tolerant pub #fname: ::std::option::Option<#ty>, }
        } else {
            quote! { #doc #rename #tolerant #[serde(skip_serializing_if = "::std::option::Option::is_none")] pub #fname: ::std::option::Option<#ty>, }
        }
    });
    let required: Vec<&FieldIr> = s.fields.iter().filter(|f| f.required).collect();
    // A required enum argument is the enum itself: positional string arguments of one type
    // would accept two value sets swapped (`Container::new(.., "0.5G", "1C2G", ..)`).
    let new_ty = |ty: &Ty| if matches!(ty, Ty::Enum(_) | Ty::SharedEnum(_)) { (rust_ty(ty), false) } else { arg_ty(ty) };
    let params = required.iter().map(|f| {
        let fname = ident(&f.rust);
        let (t, _) = new_ty(&f.ty);
        quote!(#fname: #t)
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        if f.required {
            if new_ty(&f.ty).1 {
                quote!(#fname: #fname.into())
            } else {
                quote!(#fname)
            }
        } else {
            quote!(#fname: ::std::option::Option::None)
        }
    });
    let setters = s.fields.iter().filter(|f| !f.required).map(|f| {
        let fname = ident(&f.rust);
        let (t, into) = arg_ty(&f.ty);
        let value = if into { quote!(value.into()) } else { quote!(value) };
        let doc = docs(&format!("Sets `{}`.", f.wire));
        quote! {
            #doc
            #[must_use]
            pub fn #fname(mut self, value: #t) -> Self {
                self.#fname = ::std::option::Option::Some(#value);
                self
            }
        }
    });
    let new_doc = docs(&format!(
        "Creates the value from its required fields{}",
        if required.is_empty() { ".".to_owned() } else { format!(": {}.", required.iter().map(|f| format!("`{}`", f.wire)).collect::<Vec<_>>().join(", ")) }
    ));
    let checks: Vec<TokenStream> = s.fields.iter().map(|f| validation(f, top_level)).filter(|t| !t.is_empty()).collect();
    let path_param = match (top_level, checks.is_empty()) {
        (true, _) => quote!(),
        (false, false) => quote!(path: &str),
        (false, true) => quote!(_path: &str),
    };
    let derive_default = if required.is_empty() || shared { quote!(Default,) } else { quote!() };
    let feature = JSON_REQUESTS_FEATURE;
    let serde_derives = match (top_level, shared) {
        (_, true) => quote!(#[derive(::serde::Serialize, ::serde::Deserialize)]),
        (false, false) => quote! {
            #[derive(::serde::Serialize)]
            #[cfg_attr(feature = #feature, derive(::serde::Deserialize))]
        },
        (true, false) => quote!(#[cfg_attr(feature = #feature, derive(::serde::Deserialize))]),
    };
    let (derive_debug, debug_impl) = debug_impl(s, |f| !f.required);
    // More than three required fields: positional arguments of like types are easy to swap, so
    // each is set by name on a builder, and `build()` says which one is missing.
    let (constructor, builder) = if required.len() > BUILDER_AFTER {
        builder(s, &required, &new_ty)
    } else {
        (
            quote! {
                #new_doc
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits),* }
                }
            },
            quote!(),
        )
    };
    quote! {
        #doc
        #[derive(Clone, #derive_debug #derive_default PartialEq)]
        #serde_derives
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
        #debug_impl
        #builder

        impl #name {
            #constructor
            #(#setters)*

            /// Checks every documented constraint before anything is sent.
            pub fn validate(&self, #path_param) -> ::std::result::Result<(), crate::runtime::validate::ValidationError> {
                #(#checks)*
                ::std::result::Result::Ok(())
            }
        }
    }
}

/// How many required fields a type may take as positional arguments of `new`.
const BUILDER_AFTER: usize = 3;

/// `X::builder()` and `XBuilder`: a setter per required field and `build()`, which names the first
/// one left unset. Optional fields keep their setters on `X`.
fn builder(s: &StructIr, required: &[&FieldIr], new_ty: &dyn Fn(&Ty) -> (TokenStream, bool)) -> (TokenStream, TokenStream) {
    let name = ident(&s.name);
    let builder_name = ident(&format!("{}Builder", s.name));
    let slots = required.iter().map(|f| {
        let fname = ident(&f.rust);
        let ty = rust_ty(&f.ty);
        quote!(#fname: ::std::option::Option<#ty>,)
    });
    let setters = required.iter().map(|f| {
        let fname = ident(&f.rust);
        let (t, into) = new_ty(&f.ty);
        let value = if into { quote!(value.into()) } else { quote!(value) };
        let doc = docs(&format!("Sets `{}` (required).", f.wire));
        quote! {
            #doc
            pub fn #fname(mut self, value: #t) -> Self {
                self.#fname = ::std::option::Option::Some(#value);
                self
            }
        }
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let wire = &f.wire;
        if f.required {
            quote!(#fname: self.#fname.ok_or_else(|| crate::runtime::validate::ValidationError::missing(#wire))?)
        } else {
            quote!(#fname: ::std::option::Option::None)
        }
    });
    let builder_doc = docs(&format!("Builds a [`{0}`] field by field: each of its {1} required fields is set by name, and [`build`](Self::build) says which is missing.", s.name, required.len()));
    let start_doc = docs(&format!("Starts a [`{0}`]; set its required fields ({1}) on the builder, then `build()`.", s.name, required.iter().map(|f| format!("`{}`", f.wire)).collect::<Vec<_>>().join(", ")));
    // The builder holds what the value will: its `Debug` shows only which fields are set.
    let set = required.iter().map(|f| {
        let fname = ident(&f.rust);
        let wire = &f.wire;
        quote!(.field(#wire, &self.#fname.is_some()))
    });
    let builder_name_str = format!("{}Builder", s.name);
    (
        quote! {
            #start_doc
            pub fn builder() -> #builder_name {
                #builder_name::default()
            }
        },
        quote! {
            #builder_doc
            #[derive(Clone, Default)]
            #[must_use]
            pub struct #builder_name { #(#slots)* }

            impl ::std::fmt::Debug for #builder_name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#builder_name_str) #(#set)* .finish()
                }
            }

            impl #builder_name {
                #(#setters)*

                /// The value, or the first required field left unset.
                pub fn build(self) -> ::std::result::Result<#name, crate::runtime::validate::ValidationError> {
                    ::std::result::Result::Ok(#name { #(#inits),* })
                }
            }
        },
    )
}

/// The checks of one field; nested structs validate themselves with their path.
fn validation(f: &FieldIr, top_level: bool) -> TokenStream {
    let fname = ident(&f.rust);
    let wire = &f.wire;
    let path = if top_level { quote!(#wire) } else { quote!(&::std::format!("{path}.{}", #wire)) };
    let opt = |v: Option<u64>| match v {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    };
    let optf = |v: Option<f64>| match v {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    };
    let check = |value: TokenStream| -> Option<TokenStream> {
        match &f.ty {
            Ty::String if f.min_length.is_some() || f.max_length.is_some() => {
                let (min, max) = (opt(f.min_length), opt(f.max_length));
                Some(quote!(crate::runtime::validate::length(#path, #value, #min, #max)?;))
            }
            Ty::I32 | Ty::I64 | Ty::F64 if f.minimum.is_some() || f.maximum.is_some() => {
                let (min, max) = (optf(f.minimum), optf(f.maximum));
                Some(quote!(crate::runtime::validate::range(#path, *#value as f64, #min, #max)?;))
            }
            Ty::Struct(_) | Ty::Shared(_) => Some(quote!(#value.validate(#path)?;)),
            Ty::Vec(inner) if matches!(**inner, Ty::Struct(_) | Ty::Shared(_)) => Some(quote! {
                for (i, item) in #value.iter().enumerate() {
                    item.validate(&::std::format!("{}[{}]", #path, i))?;
                }
            }),
            Ty::Map(inner) if matches!(**inner, Ty::Struct(_) | Ty::Shared(_)) => Some(quote! {
                for (key, item) in #value {
                    item.validate(&::std::format!("{}[{:?}]", #path, key))?;
                }
            }),
            _ => None,
        }
    };
    let Some(body) = check(quote!(value)) else { return quote!() };
    if f.required {
        quote! { { let value = &self.#fname; #body } }
    } else {
        quote! { if let ::std::option::Option::Some(value) = &self.#fname { #body } }
    }
}

/// Response-side struct: tolerant `Deserialize`, every field optional (servers omit fields),
/// lists default to empty, and a field of an unexpected type reads as absent with a warning
/// (`crate::runtime::lenient`) rather than failing the response.
pub fn output_struct(s: &StructIr) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs(&s.doc);
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let ty = rust_ty(&f.ty);
        let doc = docs(&f.doc);
        if matches!(f.ty, Ty::Vec(_)) {
            quote! { #doc pub #fname: #ty, }
        } else {
            quote! { #doc pub #fname: ::std::option::Option<#ty>, }
        }
    });
    // Each field read by its wire name, leniently, in one pass over the object.
    let arms = s.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let wire = &f.wire;
        if matches!(f.ty, Ty::Vec(_)) {
            quote!(#wire => value.vec(&mut self.#fname),)
        } else {
            quote!(#wire => value.option(&mut self.#fname),)
        }
    });
    // Response fields are all optional but lists.
    let (derive_debug, debug_impl) = debug_impl(s, |f| !matches!(f.ty, Ty::Vec(_)));
    // A string that carries a JSON document the page documents parses into its type.
    let parses: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| f.content.as_ref().map(|content| (f, content)))
        .map(|(f, content)| {
            let fname = ident(&f.rust);
            let method = ident(&format!("{}_content", f.rust.trim_start_matches("r#")));
            let ty = rust_ty(content);
            let doc = docs(&format!("`{}` parsed as the JSON document it carries, in the shape the page documents; `None` when the response has no `{}`.", f.wire, f.wire));
            quote! {
                #doc
                pub fn #method(&self) -> ::std::option::Option<::std::result::Result<#ty, ::serde_json::Error>> {
                    self.#fname.as_deref().map(::serde_json::from_str)
                }
            }
        })
        .collect();
    let parse_impl = (!parses.is_empty()).then(|| quote! { impl #name { #(#parses)* } });
    if s.list_body {
        // A bare JSON array: the list is the whole body (`lenient::list`).
        return quote! {
            #doc
            #[derive(Clone, #derive_debug Default, PartialEq)]
            #[non_exhaustive]
            pub struct #name { #(#fields)* }
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    crate::runtime::lenient::list(deserializer).map(|items| Self { items })
                }
            }
            #debug_impl
        };
    }
    quote! {
        #doc
        #[derive(Clone, #derive_debug Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
        impl crate::runtime::lenient::Object for #name {
            fn field<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, value: crate::runtime::lenient::FieldValue<'_, A>) -> ::std::result::Result<(), A::Error> {
                match key {
                    #(#arms)*
                    _ => value.skip(),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::lenient::object(deserializer)
            }
        }
        #debug_impl
        #parse_impl
    }
}

/// `Debug` for a struct: derived, unless a field is sensitive, whose value is then shown as
/// redacted (whether it is set stays visible). Returns the derive to add and the manual impl.
fn debug_impl(s: &StructIr, optional: impl Fn(&FieldIr) -> bool) -> (TokenStream, TokenStream) {
    if !s.fields.iter().any(|f| f.sensitive) {
        return (quote!(Debug,), quote!());
    }
    let name = ident(&s.name);
    let label = &s.name;
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let label = f.rust.trim_start_matches("r#");
        if !f.sensitive {
            quote!(.field(#label, &self.#fname))
        } else if optional(f) {
            quote!(.field(#label, &self.#fname.as_ref().map(|_| crate::runtime::Redacted)))
        } else {
            quote!(.field(#label, &crate::runtime::Redacted))
        }
    });
    let doc = docs("Shows every field but the secrets, which are redacted.");
    (
        quote!(),
        quote! {
            impl ::std::fmt::Debug for #name {
                #doc
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#fields)* .finish()
                }
            }
        },
    )
}

/// A documented value set: one variant per value and `Unknown` keeping anything else, so a value
/// the service adds later never fails to parse.
pub fn string_enum(e: &EnumIr) -> TokenStream {
    let name = ident(&e.name);
    let doc = docs(&format!("{}\n\nValues documented for this field. Any other value is kept too: match it with a wildcard arm and read [`as_str`](Self::as_str), never by naming `Unknown`, which a later version may turn into a variant of its own.", e.doc));
    let variants = e.variants.iter().map(|(v, wire)| {
        let v = ident(v);
        let d = docs(&format!("`{wire}`"));
        quote!(#d #v,)
    });
    let as_str = e.variants.iter().map(|(v, wire)| {
        let v = ident(v);
        quote!(Self::#v => #wire,)
    });
    let from = e.variants.iter().map(|(v, wire)| {
        let v = ident(v);
        quote!(#wire => Self::#v,)
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(from = "::std::string::String", into = "::std::string::String")]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this SDK does not know yet, kept as sent by the service.
            #[deprecated(note = "a value this SDK does not know yet: match it with a wildcard arm and read `as_str()`; a later version may give it a variant of its own")]
            Unknown(crate::runtime::UnknownValue),
        }
        #[allow(deprecated)]
        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self { #(#as_str)* Self::Unknown(value) => value.as_str() }
            }
        }
        #[allow(deprecated)]
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value { #(#from)* other => Self::Unknown(crate::runtime::UnknownValue::new(other)) }
            }
        }
        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }
        impl ::std::convert::From<#name> for ::std::string::String {
            fn from(value: #name) -> Self {
                value.as_str().to_owned()
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        #[allow(deprecated)]
        impl ::std::default::Default for #name {
            /// An empty unknown value: what an absent field deserializes to.
            fn default() -> Self {
                Self::Unknown(crate::runtime::UnknownValue::new(""))
            }
        }
    }
}

/// The operation's error: one variant per documented code with an `is_<code>()` predicate, and
/// an opaque `Unhandled` for the rest; every variant carries the service error with code, message,
/// request id and status, which `ErrorMetadata` reads whatever the operation.
pub fn error_enum(name: &str, op: &str, errors: &[ErrorIr]) -> TokenStream {
    let name = ident(name);
    let doc = docs(&format!("An error `{op}` can return: one variant per documented error code. Codes the documentation does not list read through [`ErrorMetadata`](crate::runtime::error::ErrorMetadata) (`code()`), which every operation's error implements."));
    let variants = errors.iter().map(|e| {
        let v = ident(&e.variant);
        let d = docs(&match e.status {
            Some(status) => format!("`{}` (HTTP {status}): {}", e.code, e.doc),
            None => format!("`{}`: {}", e.code, e.doc),
        });
        quote!(#d #v(crate::runtime::error::ServiceError),)
    });
    let all: Vec<Ident> = errors.iter().map(|e| ident(&e.variant)).collect();
    let service_error_body = if all.is_empty() {
        quote! { let Self::Unhandled(e) = self; e.service_error() }
    } else {
        quote! { match self { #(Self::#all(e) => e,)* Self::Unhandled(e) => e.service_error() } }
    };
    let from_body = if errors.is_empty() {
        quote!(Self::Unhandled(crate::runtime::error::Unhandled::new(error)))
    } else {
        let arms = errors.iter().map(|e| {
            let v = ident(&e.variant);
            let code = &e.code;
            quote!(#code => Self::#v(error),)
        });
        quote!(match error.code() { #(#arms)* _ => Self::Unhandled(crate::runtime::error::Unhandled::new(error)) })
    };
    let mut predicates = crate::naming::Scope::with(&["is_unhandled"]);
    let is_methods = errors.iter().map(|e| {
        let v = ident(&e.variant);
        let method = ident(&predicates.claim(crate::naming::predicate_name(&e.variant)));
        let d = docs(&format!("Whether the service answered `{}`.", e.code));
        quote! {
            #d
            pub fn #method(&self) -> bool { ::std::matches!(self, Self::#v(_)) }
        }
    });
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error code this operation's documentation does not list.
            #[deprecated(note = "matching `Unhandled` breaks when a later version documents the code: match with a wildcard arm and read `code()` (`ErrorMetadata`)")]
            Unhandled(crate::runtime::error::Unhandled),
        }
        #[allow(deprecated)]
        impl #name {
            /// The service error with its code, message, request id and HTTP status.
            pub fn service_error(&self) -> &crate::runtime::error::ServiceError {
                #service_error_body
            }
            /// The error code, e.g. `InvalidParameter`.
            pub fn code(&self) -> &str { self.service_error().code() }
            /// The message the service sent.
            pub fn message(&self) -> &str { self.service_error().message() }
            /// The request id, to quote to the vendor's support.
            pub fn request_id(&self) -> ::std::option::Option<&str> { self.service_error().request_id() }
            /// The HTTP status.
            pub fn status(&self) -> u16 { self.service_error().status() }
            /// Whether the code is not one this operation's documentation lists.
            pub fn is_unhandled(&self) -> bool { ::std::matches!(self, Self::Unhandled(_)) }
            #(#is_methods)*
        }
        impl crate::runtime::error::ErrorMetadata for #name {
            fn code(&self) -> ::std::option::Option<&str> { ::std::option::Option::Some(self.service_error().code()) }
            fn message(&self) -> ::std::option::Option<&str> { ::std::option::Option::Some(self.service_error().message()) }
            fn request_id(&self) -> ::std::option::Option<&str> { self.service_error().request_id() }
            fn status(&self) -> ::std::option::Option<u16> { ::std::option::Option::Some(self.service_error().status()) }
        }
        #[allow(deprecated)]
        impl ::std::convert::From<crate::runtime::error::ServiceError> for #name {
            fn from(error: crate::runtime::error::ServiceError) -> Self {
                #from_body
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.service_error(), f)
            }
        }
        impl ::std::error::Error for #name {}
    }
}

/// `to_operation`: the request as the runtime's `Operation`, through one runtime function
/// (`crate::runtime::request::encode`) driven by a `const` table of the fields' wire names and
/// locations. RPC: every field one parameter of a form body. REST: path parameters substituted,
/// query and header parameters set, body fields as a form or one JSON object.
pub fn to_operation_fn(op: &OperationIr) -> TokenStream {
    let s = &op.request;
    let action = &op.name;
    let method = &op.http_method;
    let (path, fields): (&str, Vec<&FieldIr>) = if op.rest {
        (op.path.as_str(), s.fields.iter().collect())
    } else {
        // An RPC call is named by its action and takes every parameter in its body.
        ("/", s.fields.iter().filter(|f| f.location == Loc::Body).collect())
    };
    let wire = fields.iter().map(|f| {
        let name = &f.wire;
        let r = quote!(crate::runtime::request::Wire);
        match f.location {
            Loc::Body if !op.rest || op.form_body => quote!(#r::form(#name)),
            Loc::Body => quote!(#r::json(#name)),
            Loc::Query => quote!(#r::query(#name)),
            Loc::Header => quote!(#r::header(#name)),
            Loc::Path if f.required => quote!(#r::path(#name)),
            Loc::Path => {
                // Left as `{<credential>}` for the runtime to fill from the credentials.
                let credential = f.from_credentials.as_ref().map_or(name.as_str(), |c| c.credential.as_str());
                let header = match f.from_credentials.as_ref().and_then(|c| c.header.as_deref()) {
                    Some(h) => quote!(::std::option::Option::Some(#h)),
                    None => quote!(::std::option::Option::None),
                };
                quote!(#r::path_or_credential(#name, #credential, #header))
            }
        }
    });
    let values = fields.iter().map(|f| {
        let fname = ident(&f.rust);
        quote!(&self.#fname)
    });
    let has_body = s.fields.iter().any(|f| f.location == Loc::Body);
    let body = match (op.rest, has_body, op.form_body) {
        (false, _, _) | (true, true, true) => quote!(Form),
        (true, true, false) => quote!(Json),
        (true, false, _) => quote!(Fields),
    };
    // A documented idempotency token makes a retry of a non-idempotent request safe.
    let token = match s.fields.iter().find(|f| f.wire == "ClientToken") {
        Some(f) => {
            let wire = &f.wire;
            quote!(.map(|operation| operation.with_idempotency_token(#wire)))
        }
        None => quote!(),
    };
    quote! {
        /// Each field's wire name and location, in the order `to_operation` passes the values.
        const WIRE: &'static [crate::runtime::request::Wire] = &[#(#wire),*];

        /// The request as the runtime's operation, encoded by its wire table.
        pub(crate) fn to_operation(&self, _config: &crate::runtime::config::Config) -> ::std::result::Result<crate::runtime::client::Operation, crate::runtime::validate::ValidationError> {
            self.validate()?;
            let call = crate::runtime::request::Call { action: #action, method: #method, path: #path, body: crate::runtime::request::BodyKind::#body };
            crate::runtime::request::encode(call, Self::WIRE, &[#(#values),*]) #token
        }
    }
}

/// The service's shared named types.
/// The service's `types` module: the documented named types (both directions), and the response
/// shapes and enums that several operations share (`share`).
pub fn types_module(structs: &[StructIr], outputs: &[StructIr], enums: &[EnumIr]) -> TokenStream {
    let structs = structs.iter().map(|s| input_struct(s, false, true));
    let outputs = outputs.iter().map(output_struct);
    let enums = enums.iter().map(string_enum);
    quote! {
        //! Types shared by this service's operations: its documented named types, and the
        //! response shapes and value sets that several operations have alike.
        #(#structs)*
        #(#outputs)*
        #(#enums)*
    }
}

/// One operation's module.
pub fn operation_module(op: &OperationIr) -> TokenStream {
    let request = input_struct(&op.request, true, false);
    let request_name = ident(&op.request.name);
    let params = to_operation_fn(op);
    let response = output_struct(&op.response);
    let inputs = op.input_structs.iter().map(|s| input_struct(s, false, false));
    let outputs = op.output_structs.iter().filter(|s| !s.shared).map(output_struct);
    let enums = op.enums.iter().filter(|e| !e.shared).map(string_enum);
    let error = error_enum(&op.error_name, &op.name, &op.errors);
    let doc: Vec<String> = format!("`{}`: {}", op.name, op.doc).lines().map(|l| format!(" {l}")).collect();
    quote! {
        #(#![doc = #doc])*
        #request
        impl #request_name { #params }
        #response
        #(#inputs)*
        #(#outputs)*
        #(#enums)*
        #error
    }
}

/// The client method of one operation.
pub fn client_method(op: &OperationIr) -> TokenStream {
    let method = ident(&op.method_name);
    let module = ident(&op.module);
    let request = ident(&op.request.name);
    let response = ident(&op.response.name);
    let error = ident(&op.error_name);
    let doc = docs(&format!("`{}`: {}\n\nValidates the request against the documented constraints, signs it and sends it.", op.name, op.doc));
    quote! {
        #doc
        pub async fn #method(
            &self,
            request: #module::#request,
        ) -> ::std::result::Result<#module::#response, crate::runtime::error::SdkError<#module::#error>> {
            let operation = request.to_operation(self.inner.config())?;
            self.inner.call(operation).await
        }
    }
}

/// One arm of `call_by_name`: reads the request from JSON and calls the operation.
pub fn by_name_arm(op: &OperationIr) -> TokenStream {
    let method = ident(&op.method_name);
    let module = ident(&op.module);
    let request = ident(&op.request.name);
    let name = &op.name;
    quote! {
        #name => {
            let request: #module::#request = ::serde_json::from_value(input).map_err(|e| ::std::format!("invalid `{}` request: {e}", #name))?;
            self.#method(request).await.map(|_| ()).map_err(|e| e.to_string())
        }
    }
}

/// `format_ident!` re-exported for the lib root.
pub fn module_ident(name: &str) -> Ident {
    format_ident!("{}", name)
}

//! Codegen IR -> Rust tokens. Generated code is thin: types, builders, validation, parameter
//! encoding and error mapping; everything else is a call into `crate::runtime`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{EnumIr, ErrorIr, FieldIr, OperationIr, StructIr, Ty};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn docs(text: &str) -> TokenStream {
    let lines: Vec<String> = text.trim().lines().map(|l| format!(" {}", l.trim_end())).collect();
    quote! { #( #[doc = #lines] )* }
}

fn rust_ty(ty: &Ty) -> TokenStream {
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
        Ty::Struct(name) | Ty::Enum(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

/// The type a constructor argument or setter takes: strings and enums via `Into`.
fn arg_ty(ty: &Ty) -> (TokenStream, bool) {
    match ty {
        Ty::String | Ty::Enum(_) => {
            let t = rust_ty(ty);
            (quote!(impl ::std::convert::Into<#t>), true)
        }
        other => (rust_ty(other), false),
    }
}

fn serde_rename(f: &FieldIr) -> TokenStream {
    let wire = &f.wire;
    if wire == &f.rust {
        quote!()
    } else {
        quote!(#[serde(rename = #wire)])
    }
}

/// Request-side struct: `new(required...)` plus a setter per optional field, `Serialize`.
pub fn input_struct(s: &StructIr, top_level: bool) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs(&s.doc);
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let ty = rust_ty(&f.ty);
        let doc = docs(&f.doc);
        let rename = serde_rename(f);
        if f.required {
            quote! { #doc #rename pub #fname: #ty, }
        } else {
            quote! { #doc #rename #[serde(skip_serializing_if = "::std::option::Option::is_none")] pub #fname: ::std::option::Option<#ty>, }
        }
    });
    let required: Vec<&FieldIr> = s.fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let fname = ident(&f.rust);
        let (t, _) = arg_ty(&f.ty);
        quote!(#fname: #t)
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        if f.required {
            if arg_ty(&f.ty).1 {
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
    let derive_default = if required.is_empty() { quote!(Default,) } else { quote!() };
    quote! {
        #doc
        #[derive(Clone, Debug, #derive_default PartialEq, ::serde::Serialize)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }

        impl #name {
            #new_doc
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*

            /// Checks every documented constraint before anything is sent.
            pub fn validate(&self, #path_param) -> ::std::result::Result<(), crate::runtime::validate::ValidationError> {
                #(#checks)*
                ::std::result::Result::Ok(())
            }
        }
    }
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
            Ty::Struct(_) => Some(quote!(#value.validate(#path)?;)),
            Ty::Vec(inner) if matches!(**inner, Ty::Struct(_)) => Some(quote! {
                for (i, item) in #value.iter().enumerate() {
                    item.validate(&::std::format!("{}[{}]", #path, i))?;
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
/// lists default to empty.
pub fn output_struct(s: &StructIr) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs(&s.doc);
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let ty = rust_ty(&f.ty);
        let doc = docs(&f.doc);
        let rename = serde_rename(f);
        if matches!(f.ty, Ty::Vec(_)) {
            quote! { #doc #rename #[serde(default)] pub #fname: #ty, }
        } else {
            quote! { #doc #rename #[serde(default)] pub #fname: ::std::option::Option<#ty>, }
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
    }
}

/// A documented value set: one variant per value and `Unknown` keeping anything else, so a value
/// the service adds later never fails to parse.
pub fn string_enum(e: &EnumIr) -> TokenStream {
    let name = ident(&e.name);
    let doc = docs(&format!("{}\n\nValues documented for this field; `Unknown` keeps any other value.", e.doc));
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
            Unknown(::std::string::String),
        }
        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self { #(#as_str)* Self::Unknown(value) => value }
            }
        }
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value { #(#from)* other => Self::Unknown(other.to_owned()) }
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
    }
}

/// The operation's error: one variant per documented code, `Unhandled` for the rest; every
/// variant carries the service error with code, message, request id and status.
pub fn error_enum(name: &str, op: &str, errors: &[ErrorIr]) -> TokenStream {
    let name = ident(name);
    let doc = docs(&format!("An error `{op}` can return: one variant per documented error code."));
    let variants = errors.iter().map(|e| {
        let v = ident(&e.variant);
        let d = docs(&format!("`{}` (HTTP {}): {}", e.code, e.status, e.doc));
        quote!(#d #v(crate::runtime::error::ServiceError),)
    });
    let arms = errors.iter().map(|e| {
        let v = ident(&e.variant);
        let code = &e.code;
        quote!(#code => Self::#v(error),)
    });
    let all: Vec<Ident> = errors.iter().map(|e| ident(&e.variant)).collect();
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error code this operation's documentation does not list.
            Unhandled(crate::runtime::error::ServiceError),
        }
        impl #name {
            /// The service error with its code, message, request id and HTTP status.
            pub fn service_error(&self) -> &crate::runtime::error::ServiceError {
                match self { #(Self::#all(e) |)* Self::Unhandled(e) => e }
            }
            /// The error code, e.g. `InvalidParameter`.
            pub fn code(&self) -> &str { self.service_error().code() }
            /// The message the service sent.
            pub fn message(&self) -> &str { self.service_error().message() }
            /// The request id, to quote to the vendor's support.
            pub fn request_id(&self) -> ::std::option::Option<&str> { self.service_error().request_id() }
            /// The HTTP status.
            pub fn status(&self) -> u16 { self.service_error().status() }
        }
        impl ::std::convert::From<crate::runtime::error::ServiceError> for #name {
            fn from(error: crate::runtime::error::ServiceError) -> Self {
                match error.code() { #(#arms)* _ => Self::Unhandled(error) }
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

/// `to_params`: each top-level field as one RPC parameter; arrays and objects as JSON text.
pub fn params_fn(s: &StructIr) -> TokenStream {
    let pushes = s.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let wire = &f.wire;
        let push = |value: TokenStream| match &f.ty {
            t if t.is_complex() => quote!(params.push_json(#wire, #value)?;),
            Ty::Enum(_) => quote!(params.push(#wire, #value.as_str());),
            _ => quote!(params.push(#wire, #value);),
        };
        if f.required {
            push(quote!(&self.#fname))
        } else {
            let body = push(quote!(value));
            quote! { if let ::std::option::Option::Some(value) = &self.#fname { #body } }
        }
    });
    quote! {
        /// The request as RPC parameters, in documented order.
        pub(crate) fn to_params(&self) -> ::std::result::Result<crate::runtime::params::Params, crate::runtime::validate::ValidationError> {
            let mut params = crate::runtime::params::Params::new();
            #(#pushes)*
            ::std::result::Result::Ok(params)
        }
    }
}

/// One operation's module.
pub fn operation_module(op: &OperationIr) -> TokenStream {
    let request = input_struct(&op.request, true);
    let request_name = ident(&op.request.name);
    let params = params_fn(&op.request);
    let response = output_struct(&op.response);
    let inputs = op.input_structs.iter().map(|s| input_struct(s, false));
    let outputs = op.output_structs.iter().map(output_struct);
    let enums = op.enums.iter().map(string_enum);
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
    let action = &op.name;
    let http_method = &op.http_method;
    let doc = docs(&format!("`{}`: {}\n\nValidates the request against the documented constraints, signs it and sends it.", op.name, op.doc));
    quote! {
        #doc
        pub async fn #method(
            &self,
            request: #module::#request,
        ) -> ::std::result::Result<#module::#response, crate::runtime::error::SdkError<#module::#error>> {
            request.validate()?;
            let params = request.to_params()?;
            let operation = crate::runtime::client::Operation::new(#action, #http_method, "/")
                .with_body(crate::runtime::client::Body::Form(params.into_vec()));
            self.inner.call(operation).await
        }
    }
}

/// `format_ident!` re-exported for the lib root.
pub fn module_ident(name: &str) -> Ident {
    format_ident!("{}", name)
}

//! Waiters: per `x-doc2sdk.waiters` entry of the spec, a client method that polls an operation
//! until a documented state field reaches a success state (`crate::runtime::waiter`).

use doc2sdk_spec::openapi::{OpenApi, Waiter};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{docs, ident};
use crate::ir::{OperationIr, Ty};
use crate::CodegenError;

/// The `wait_for_<name>` method of one waiter.
pub fn method(spec: &OpenApi, name: &str, waiter: &Waiter, ops: &[OperationIr]) -> Result<TokenStream, CodegenError> {
    let unsupported = |why: &str| CodegenError::Unsupported { what: "waiter", value: format!("{name}: {why}") };
    let op = ops.iter().find(|o| o.name == waiter.operation).ok_or_else(|| unsupported("no such operation"))?;
    let state_of = accessor(op, &waiter.state).ok_or_else(|| unsupported("the state field is not a documented scalar"))?;
    let module = ident(&op.module);
    let request = ident(&op.request.name);
    let response = ident(&op.response.name);
    let error = ident(&op.error_name);
    let call = ident(&op.method_name);
    let method = format_ident!("wait_for_{}", name);
    let (operation, field) = (&waiter.operation, &waiter.state);
    let meanings = meanings(spec, waiter);
    let meaning_pairs = meanings.iter().map(|(v, m)| quote!((#v, #m)));
    let (success, failure, needs_action) = (&waiter.success, &waiter.failure, &waiter.needs_action);
    let described = |values: &[String]| values.iter().map(|v| meanings.iter().find(|(k, _)| k == v).map_or(format!("`{v}`"), |(_, m)| format!("`{v}` ({m})"))).collect::<Vec<_>>().join(", ");
    let mut doc = format!(
        "Polls `Client::{}` until `{field}` is {}, and returns that response.\n\n`{field}` = {} is `WaitError::Failed`",
        op.method_name,
        described(success),
        described(failure)
    );
    if !needs_action.is_empty() {
        doc.push_str(&format!("; {} waits for a person: `WaitError::NeedsAction`", described(needs_action)));
    }
    doc.push_str(&format!(". Polls back off as `policy` says and stop at its deadline.\n\nThe states come from the service settings: {}.", waiter.source.replace('`', "'")));
    let doc = docs(&doc);
    Ok(quote! {
        #doc
        pub async fn #method(
            &self,
            request: #module::#request,
            policy: crate::runtime::waiter::WaitPolicy,
        ) -> ::std::result::Result<#module::#response, crate::runtime::waiter::WaitError<#module::#error, #module::#response>> {
            static STATES: crate::runtime::waiter::States = crate::runtime::waiter::States {
                operation: #operation,
                field: #field,
                success: &[#(#success),*],
                failure: &[#(#failure),*],
                needs_action: &[#(#needs_action),*],
                meanings: &[#(#meaning_pairs),*],
            };
            crate::runtime::waiter::wait(policy, &STATES, || self.#call(request.clone()), |out| #state_of).await
        }
    })
}

/// `out.data.as_ref().and_then(|v| v.status.as_ref()).map(|v| v.to_string())` for `Data.Status`:
/// the state as text, through the optional fields of the response.
fn accessor(op: &OperationIr, path: &str) -> Option<TokenStream> {
    let mut fields = &op.response.fields;
    let mut expr: Option<TokenStream> = None;
    let mut last_ty = None;
    for part in path.split('.') {
        let field = fields.iter().find(|f| f.wire == part)?;
        let name = ident(&field.rust);
        expr = Some(match expr {
            None => quote!(out.#name.as_ref()),
            Some(e) => quote!(#e.and_then(|v| v.#name.as_ref())),
        });
        match &field.ty {
            Ty::Struct(s) | Ty::Shared(s) if op.output_structs.iter().any(|o| &o.name == s) => fields = &op.output_structs.iter().find(|o| &o.name == s)?.fields,
            ty => last_ty = Some(ty.clone()),
        }
    }
    let expr = expr?;
    match last_ty? {
        Ty::String => Some(quote!(#expr.cloned())),
        Ty::Enum(_) | Ty::SharedEnum(_) => Some(quote!(#expr.map(|v| v.as_str().to_owned()))),
        Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool => Some(quote!(#expr.map(|v| v.to_string()))),
        _ => None,
    }
}

/// What the field's description says each documented value means (`0：准备。1：执行中。`).
fn meanings(spec: &OpenApi, waiter: &Waiter) -> Vec<(String, String)> {
    let Some(schema) = spec.response_field(&waiter.operation, &waiter.state) else { return Vec::new() };
    let values: Vec<String> = schema.enum_values.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect();
    let description = schema.description.unwrap_or_default();
    static PAIR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"(?:^|[。；;，,\s:：])([A-Za-z0-9_\-]+)\s*[：:]\s*([^。；;\n]+)").expect("valid regex"));
    let mut out: Vec<(String, String)> = Vec::new();
    for c in PAIR.captures_iter(&description) {
        let (value, meaning) = (c[1].to_owned(), c[2].trim().trim_end_matches(['.', ',', '，']).to_owned());
        if values.contains(&value) && !out.iter().any(|(v, _)| *v == value) {
            out.push((value, meaning));
        }
    }
    out
}

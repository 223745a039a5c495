//! The paginators of list operations: per documented pattern, a client method that returns the
//! pages as a `Stream` and one that returns the items on them (`crate::runtime::paginate`).
//!
//! Patterns, read from the operation's fields rather than from its name:
//! - page number: an integer `CurrentPage`, `PageNumber` or `PageNo` request field (required or
//!   not) with a `PageSize` or `MaxResults` field; the listing ends after an empty page or the
//!   one that reaches the total (`TotalSize`, `TotalCount`, `Total`) when the response has one;
//! - continuation token: a string `NextToken` request field, and a `NextToken` in the response
//!   beside the list.
//!
//! The list is `Data` when `Data` is a list, else the first list in `Data` (an object), else the
//! first list of the response.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{ident, rust_ty};
use crate::ir::{FieldIr, OperationIr, Ty};

const PAGE_NUMBERS: &[&str] = &["CurrentPage", "PageNumber", "PageNo"];
const PAGE_SIZES: &[&str] = &["PageSize", "MaxResults"];
const TOTALS: &[&str] = &["TotalSize", "TotalCount", "Total"];
const TOKEN: &str = "NextToken";

/// Where the list is in the response.
struct Listing<'a> {
    /// The object field (`Data`) holding the list and its siblings; `None` for the response
    /// itself.
    container: Option<&'a FieldIr>,
    /// The fields beside the list (the container's, or the response's).
    siblings: &'a [FieldIr],
    list: &'a FieldIr,
    item: &'a Ty,
}

impl Listing<'_> {
    /// `out.list.len()`, through the container when there is one (`out` is a reference).
    fn count(&self) -> TokenStream {
        let list = ident(&self.list.rust);
        match self.container {
            Some(c) => {
                let c = ident(&c.rust);
                quote!(out.#c.as_ref().map_or(0, |d| d.#list.len()))
            }
            None => quote!(out.#list.len()),
        }
    }

    /// The list, taken out of the response (`out` is owned).
    fn take(&self) -> TokenStream {
        let list = ident(&self.list.rust);
        match self.container {
            Some(c) => {
                let c = ident(&c.rust);
                quote!(out.#c.map(|d| d.#list).unwrap_or_default())
            }
            None => quote!(out.#list),
        }
    }

    /// A sibling scalar field of the list (an `Option`), mapped by `then` (`out` is a reference).
    fn sibling(&self, field: &FieldIr, then: TokenStream) -> TokenStream {
        let f = ident(&field.rust);
        match self.container {
            Some(c) => {
                let c = ident(&c.rust);
                quote!(out.#c.as_ref().and_then(|d| d.#f #then))
            }
            None => quote!(out.#f #then),
        }
    }
}

fn listing(op: &OperationIr) -> Option<Listing<'_>> {
    let fields = &op.response.fields;
    if let Some(data) = fields.iter().find(|f| f.wire == "Data") {
        match &data.ty {
            Ty::Vec(item) => return Some(Listing { container: None, siblings: fields, list: data, item }),
            // A shape shared with other operations is still listed (marked) with this one's.
            Ty::Struct(name) | Ty::Shared(name) => {
                let s = op.output_structs.iter().find(|s| &s.name == name)?;
                if let Some((list, item)) = first_list(&s.fields) {
                    return Some(Listing { container: Some(data), siblings: &s.fields, list, item });
                }
            }
            _ => {}
        }
    }
    let (list, item) = first_list(fields)?;
    Some(Listing { container: None, siblings: fields, list, item })
}

fn first_list(fields: &[FieldIr]) -> Option<(&FieldIr, &Ty)> {
    fields.iter().find_map(|f| match &f.ty {
        Ty::Vec(item) => Some((f, &**item)),
        _ => None,
    })
}

/// The item type as named from the service module (`mod.rs`).
fn item_path(ty: &Ty, module: &proc_macro2::Ident) -> TokenStream {
    match ty {
        Ty::Struct(name) | Ty::Enum(name) => {
            let name = ident(name);
            quote!(#module::#name)
        }
        Ty::Shared(name) | Ty::SharedEnum(name) => {
            let name = ident(name);
            quote!(types::#name)
        }
        Ty::Vec(inner) => {
            let inner = item_path(inner, module);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = item_path(inner, module);
            quote!(::std::collections::HashMap<::std::string::String, #inner>)
        }
        other => rust_ty(other),
    }
}

/// The `<op>_pages` and `<op>_items` client methods, when the operation pages by a documented
/// pattern and its response shows a list.
pub fn methods(op: &OperationIr) -> Option<TokenStream> {
    let listing = listing(op)?;
    let request_fields = &op.request.fields;
    let number = request_fields.iter().find(|f| PAGE_NUMBERS.contains(&f.wire.as_str()) && matches!(f.ty, Ty::I32 | Ty::I64));
    let sized = request_fields.iter().any(|f| PAGE_SIZES.contains(&f.wire.as_str()));
    let token_in = request_fields.iter().find(|f| f.wire == TOKEN && f.ty == Ty::String);
    let token_out = listing.siblings.iter().find(|f| f.wire == TOKEN && f.ty == Ty::String);
    let count = listing.count();

    let method = ident(&op.method_name);
    let module = ident(&op.module);
    let request = ident(&op.request.name);
    let response = ident(&op.response.name);
    let error = ident(&op.error_name);
    let (constructor, how) = match (token_in, token_out, number) {
        (Some(token_in), Some(token_out), _) => {
            let field = ident(&token_in.rust);
            let set = if token_in.required { quote!(token) } else { quote!(::std::option::Option::Some(token)) };
            let next = listing.sibling(token_out, quote!(.as_deref()));
            let how = format!("each next request carrying the `{TOKEN}` the previous page returned; it ends when a page returns none");
            (
                quote! {
                    crate::runtime::paginate::Pages::by_token(
                        request,
                        fetch,
                        |request, token| request.#field = #set,
                        |out| crate::runtime::paginate::PageInfo::with_token(#count, #next),
                    )
                },
                how,
            )
        }
        (_, _, Some(page)) if sized => {
            let field = ident(&page.rust);
            let (first, value) = match (page.required, &page.ty) {
                (false, Ty::I64) => (quote!(request.#field.map_or(1, |p| i32::try_from(p).unwrap_or(i32::MAX))), quote!(i64::from(page))),
                (false, _) => (quote!(request.#field.unwrap_or(1)), quote!(page)),
                (true, Ty::I64) => (quote!(i32::try_from(request.#field).unwrap_or(i32::MAX)), quote!(i64::from(page))),
                (true, _) => (quote!(request.#field), quote!(page)),
            };
            let set = if page.required { value } else { quote!(::std::option::Option::Some(#value)) };
            let total_field = listing.siblings.iter().find(|f| TOTALS.contains(&f.wire.as_str()) && matches!(f.ty, Ty::I32 | Ty::I64));
            let (total, ends) = match total_field {
                Some(t) => (listing.sibling(t, quote!(.map(i64::from))), format!("after an empty page or the page that reaches `{}`", t.wire)),
                None => (quote!(::std::option::Option::None), "after an empty page".to_owned()),
            };
            let how = format!("starting at the request's `{}`{}; it ends {ends}", page.wire, if page.required { "" } else { " (default 1)" });
            (
                quote! {
                    let first = #first;
                    crate::runtime::paginate::Pages::numbered(
                        request,
                        first,
                        fetch,
                        |request, page| request.#field = #set,
                        |out| crate::runtime::paginate::PageInfo::numbered(#count, #total),
                    )
                },
                how,
            )
        }
        _ => return None,
    };
    let pages = format_ident!("{}_pages", op.method_name);
    let items = format_ident!("{}_items", op.method_name);
    let item = item_path(listing.item, &module);
    let take = listing.take();
    // Written here rather than through `emit::docs`, which escapes the page's prose: these
    // lines hold intra-doc links.
    let pages_doc = markdown(&format!(
        "Every page of `{}` as a [`Stream`](crate::runtime::paginate::Stream) of responses, one request per page as the stream is polled, {how}. An error is the last item.",
        op.name
    ));
    let items_doc = markdown(&format!("Every `{}` item of every page of `{}`, as a [`Stream`](crate::runtime::paginate::Stream); pages are fetched as [`Self::{pages}`] does.", listing.list.wire, op.name));
    Some(quote! {
        #pages_doc
        pub fn #pages(&self, request: #module::#request) -> crate::runtime::paginate::Pages<'static, #module::#request, #module::#response, #module::#error> {
            let client = self.clone();
            let fetch: crate::runtime::paginate::Fetch<'static, _, _, _> = ::std::boxed::Box::new(move |request| {
                let client = client.clone();
                ::std::boxed::Box::pin(async move { client.#method(request).await })
            });
            #constructor
        }

        #items_doc
        pub fn #items(&self, request: #module::#request) -> crate::runtime::paginate::Items<'static, #module::#request, #module::#response, #module::#error, #item> {
            self.#pages(request).items(|out| #take)
        }
    })
}

/// Doc attributes for text that is already Markdown.
fn markdown(text: &str) -> TokenStream {
    let text = format!(" {text}");
    quote!(#[doc = #text])
}

//! Pages of a list operation, fetched one at a time as the caller asks for them.

use std::future::Future;
use std::pin::Pin;

use super::error::SdkError;

/// What one page says about the whole listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageInfo {
    /// Items on this page.
    pub items: usize,
    /// Items in the whole listing, when the service says.
    pub total: Option<i64>,
}

/// A boxed call of the operation with one request.
pub type Fetch<'a, R, O, E> = Box<dyn Fn(R) -> Pin<Box<dyn Future<Output = Result<O, SdkError<E>>> + Send + 'a>> + Send + Sync + 'a>;

/// The pages of one listing. Each [`Pages::next_page`] sends one request; the listing ends after
/// an empty page, after the page that reaches the announced total, or after an error.
pub struct Pages<'a, R, O, E> {
    request: R,
    next: Option<i32>,
    fetched: i64,
    fetch: Fetch<'a, R, O, E>,
    set_page: fn(&mut R, i32),
    info: fn(&O) -> PageInfo,
}

impl<'a, R: Clone, O, E> Pages<'a, R, O, E> {
    /// Pages starting at `first` (1-based, as the services count).
    pub fn new(request: R, first: i32, fetch: Fetch<'a, R, O, E>, set_page: fn(&mut R, i32), info: fn(&O) -> PageInfo) -> Self {
        Self { request, next: Some(first.max(1)), fetched: 0, fetch, set_page, info }
    }

    /// The next page, or `None` when the listing is complete.
    pub async fn next_page(&mut self) -> Option<Result<O, SdkError<E>>> {
        let page = self.next?;
        let mut request = self.request.clone();
        (self.set_page)(&mut request, page);
        match (self.fetch)(request).await {
            Ok(out) => {
                let info = (self.info)(&out);
                self.fetched += info.items as i64;
                let more = info.items > 0 && info.total.is_none_or(|total| self.fetched < total);
                self.next = more.then_some(page + 1);
                Some(Ok(out))
            }
            Err(e) => {
                self.next = None;
                Some(Err(e))
            }
        }
    }
}

impl<R, O, E> std::fmt::Debug for Pages<'_, R, O, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").field("next", &self.next).field("fetched", &self.fetched).finish_non_exhaustive()
    }
}

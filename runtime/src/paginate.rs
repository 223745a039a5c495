//! Pages of a list operation as `futures` streams: [`Pages`] yields each page's response,
//! [`Pages::items`] the items on them. Each page is one request, sent when the stream is polled
//! for it, so a caller that stops reading sends nothing more.
//!
//! Two documented patterns: a page number (`CurrentPage`/`PageNumber`, with `PageSize`), which
//! ends after an empty page or the page that reaches the announced total; and a continuation
//! token (`NextToken`), which ends when the service returns no token, or the token it was sent.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use futures_core::Stream;

use super::error::SdkError;

/// What one page says about the whole listing.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageInfo {
    /// Items on this page.
    pub items: usize,
    /// Items in the whole listing, when the service says.
    pub total: Option<i64>,
    /// The token that asks for the next page, when the listing is paged by token.
    pub next_token: Option<String>,
}

impl PageInfo {
    /// A page of a listing paged by number.
    pub fn numbered(items: usize, total: Option<i64>) -> Self {
        Self { items, total, next_token: None }
    }

    /// A page of a listing paged by token; an empty token counts as none.
    pub fn with_token(items: usize, next_token: Option<&str>) -> Self {
        Self { items, total: None, next_token: next_token.filter(|t| !t.is_empty()).map(str::to_owned) }
    }
}

/// The future of one call of the operation.
pub type PageFuture<'a, O, E> = Pin<Box<dyn Future<Output = Result<O, SdkError<E>>> + Send + 'a>>;

/// A boxed call of the operation with one request.
pub type Fetch<'a, R, O, E> = Box<dyn Fn(R) -> PageFuture<'a, O, E> + Send + Sync + 'a>;

/// How the next request differs from the first.
enum Advance<R> {
    Page(fn(&mut R, i32)),
    Token(fn(&mut R, String)),
}

/// Which request comes next.
#[derive(Debug)]
enum Next {
    /// The request as the caller gave it (the first page of a token listing).
    AsGiven,
    Page(i32),
    Token(String),
    Done,
}

/// The pages of one listing, a [`Stream`] of each page's response. The listing ends after an
/// error, too.
pub struct Pages<'a, R, O, E> {
    request: R,
    next: Next,
    /// The token the request in flight carries, to notice a service that repeats it.
    sent_token: Option<String>,
    fetched: i64,
    fetch: Fetch<'a, R, O, E>,
    advance: Advance<R>,
    info: fn(&O) -> PageInfo,
    in_flight: Option<PageFuture<'a, O, E>>,
}

// Nothing is pinned in place: the request in flight is boxed, and `request` is only cloned.
impl<R, O, E> Unpin for Pages<'_, R, O, E> {}

impl<'a, R: Clone, O, E> Pages<'a, R, O, E> {
    /// Pages numbered from `first` (1-based, as the services count; less is read as 1).
    pub fn numbered(request: R, first: i32, fetch: Fetch<'a, R, O, E>, set_page: fn(&mut R, i32), info: fn(&O) -> PageInfo) -> Self {
        Self::with(request, Next::Page(first.max(1)), fetch, Advance::Page(set_page), info)
    }

    /// Pages chained by a continuation token: the first request as given (its token, if set,
    /// resumes a listing), each next one with the token the previous page returned.
    pub fn by_token(request: R, fetch: Fetch<'a, R, O, E>, set_token: fn(&mut R, String), info: fn(&O) -> PageInfo) -> Self {
        Self::with(request, Next::AsGiven, fetch, Advance::Token(set_token), info)
    }

    fn with(request: R, next: Next, fetch: Fetch<'a, R, O, E>, advance: Advance<R>, info: fn(&O) -> PageInfo) -> Self {
        Self { request, next, sent_token: None, fetched: 0, fetch, advance, info, in_flight: None }
    }

    /// The next page, or `None` when the listing is complete (`StreamExt::next` without the
    /// import).
    pub async fn next_page(&mut self) -> Option<Result<O, SdkError<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The items of every page, in order: `items` takes them out of one page's response.
    pub fn items<T>(self, items: fn(O) -> Vec<T>) -> Items<'a, R, O, E, T> {
        Items { pages: self, items, buffer: VecDeque::new() }
    }

    /// Starts the call of the next page, unless the listing is complete.
    fn start(&mut self) -> bool {
        let mut request = self.request.clone();
        self.sent_token = None;
        match (&self.next, &self.advance) {
            (Next::Done, _) => return false,
            (Next::AsGiven, _) => {}
            (Next::Page(page), Advance::Page(set)) => set(&mut request, *page),
            (Next::Token(token), Advance::Token(set)) => {
                self.sent_token = Some(token.clone());
                set(&mut request, token.clone());
            }
            // `with` pairs each cursor with its own kind of advance.
            _ => return false,
        }
        self.in_flight = Some((self.fetch)(request));
        true
    }

    /// Decides the next request from the page just received.
    fn received(&mut self, out: &O) {
        let info = (self.info)(out);
        self.fetched += info.items as i64;
        self.next = match (&self.next, &self.advance) {
            (Next::Page(page), _) => {
                let more = info.items > 0 && info.total.is_none_or(|total| self.fetched < total);
                match page.checked_add(1) {
                    Some(next) if more => Next::Page(next),
                    _ => Next::Done,
                }
            }
            (_, Advance::Token(_)) => match info.next_token {
                Some(token) if Some(&token) != self.sent_token.as_ref() => Next::Token(token),
                _ => Next::Done,
            },
            _ => Next::Done,
        };
    }
}

impl<R: Clone, O, E> Stream for Pages<'_, R, O, E> {
    type Item = Result<O, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.in_flight.is_none() && !this.start() {
            return Poll::Ready(None);
        }
        let Some(call) = this.in_flight.as_mut() else { return Poll::Ready(None) };
        let out = std::task::ready!(call.as_mut().poll(cx));
        this.in_flight = None;
        match out {
            Ok(out) => {
                this.received(&out);
                Poll::Ready(Some(Ok(out)))
            }
            Err(e) => {
                this.next = Next::Done;
                Poll::Ready(Some(Err(e)))
            }
        }
    }
}

impl<R, O, E> std::fmt::Debug for Pages<'_, R, O, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").field("next", &self.next).field("fetched", &self.fetched).finish_non_exhaustive()
    }
}

/// The items of every page of one listing, a [`Stream`] of items; an error ends it after it is
/// yielded.
pub struct Items<'a, R, O, E, T> {
    pages: Pages<'a, R, O, E>,
    items: fn(O) -> Vec<T>,
    buffer: VecDeque<T>,
}

impl<R, O, E, T> Unpin for Items<'_, R, O, E, T> {}

impl<R: Clone, O, E, T> Items<'_, R, O, E, T> {
    /// The next item, or `None` when the listing is complete (`StreamExt::next` without the
    /// import).
    pub async fn next_item(&mut self) -> Option<Result<T, SdkError<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<R: Clone, O, E, T> Stream for Items<'_, R, O, E, T> {
    type Item = Result<T, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match std::task::ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.buffer = (this.items)(page).into(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<R, O, E, T> std::fmt::Debug for Items<'_, R, O, E, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").field("pages", &self.pages).field("buffered", &self.buffer.len()).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;

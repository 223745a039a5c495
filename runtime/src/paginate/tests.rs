//! Unit tests of [`super`]: when each kind of listing asks for another page and when it stops.

use std::sync::{Arc, Mutex};

use futures_util::StreamExt;

use super::*;
use crate::error::ServiceError;

#[derive(Clone, Debug, Default)]
struct Request {
    page: Option<i32>,
    token: Option<String>,
}

/// A page: its items, the total announced, the next token.
#[derive(Clone, Debug)]
struct Page(Vec<u32>, Option<i64>, Option<&'static str>);

type Sent = Arc<Mutex<Vec<Request>>>;

/// A fetch that answers the requests in turn with `pages` and records them.
fn fetch(pages: Vec<Result<Page, &'static str>>) -> (Fetch<'static, Request, Page, ServiceError>, Sent) {
    let sent: Sent = Arc::default();
    let pages = Arc::new(Mutex::new(VecDeque::from(pages)));
    let record = Arc::clone(&sent);
    let fetch: Fetch<'static, Request, Page, ServiceError> = Box::new(move |request| {
        record.lock().unwrap().push(request);
        let next = pages.lock().unwrap().pop_front().expect("no more pages were expected");
        Box::pin(async move { next.map_err(|message| SdkError::Service(ServiceError::new(500, "InternalError", message, None))) })
    });
    (fetch, sent)
}

fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(future)
}

fn numbered(pages: Vec<Result<Page, &'static str>>, first: i32) -> (Pages<'static, Request, Page, ServiceError>, Sent) {
    let (fetch, sent) = fetch(pages);
    (Pages::numbered(Request::default(), first, fetch, |r, p| r.page = Some(p), |p| PageInfo::numbered(p.0.len(), p.1)), sent)
}

fn tokened(pages: Vec<Result<Page, &'static str>>, request: Request) -> (Pages<'static, Request, Page, ServiceError>, Sent) {
    let (fetch, sent) = fetch(pages);
    (Pages::by_token(request, fetch, |r, t| r.token = Some(t), |p| PageInfo::with_token(p.0.len(), p.2)), sent)
}

#[test]
fn numbered_pages_stop_at_the_total_or_an_empty_page() {
    let (pages, sent) = numbered(vec![Ok(Page(vec![1, 2], Some(5), None)), Ok(Page(vec![3, 4], Some(5), None)), Ok(Page(vec![5], Some(5), None))], 1);
    let items: Vec<u32> = block_on(async { pages.items(|p| p.0).map(Result::unwrap).collect().await });
    assert_eq!(items, [1, 2, 3, 4, 5]);
    assert_eq!(sent.lock().unwrap().iter().map(|r| r.page).collect::<Vec<_>>(), [Some(1), Some(2), Some(3)]);

    let (mut pages, sent) = numbered(vec![Ok(Page(vec![1], None, None)), Ok(Page(vec![], None, None))], 0);
    block_on(async {
        assert!(pages.next_page().await.unwrap().is_ok());
        assert!(pages.next_page().await.unwrap().is_ok());
        assert!(pages.next_page().await.is_none());
        assert!(pages.next_page().await.is_none());
    });
    assert_eq!(sent.lock().unwrap().iter().map(|r| r.page).collect::<Vec<_>>(), [Some(1), Some(2)]);
}

#[test]
fn an_error_is_yielded_once_and_ends_the_listing() {
    let (pages, sent) = numbered(vec![Ok(Page(vec![1], None, None)), Err("boom")], 3);
    let mut items = pages.items(|p| p.0);
    block_on(async {
        assert_eq!(items.next_item().await.unwrap().unwrap(), 1);
        let err = items.next_item().await.unwrap().unwrap_err();
        assert!(err.to_string().contains("boom"), "{err}");
        assert!(items.next_item().await.is_none());
    });
    assert_eq!(sent.lock().unwrap().iter().map(|r| r.page).collect::<Vec<_>>(), [Some(3), Some(4)]);
}

#[test]
fn token_pages_follow_the_token_until_there_is_none_or_it_repeats() {
    let (pages, sent) = tokened(vec![Ok(Page(vec![1], None, Some("t2"))), Ok(Page(vec![2], None, Some("t3"))), Ok(Page(vec![3], None, Some("")))], Request::default());
    let items: Vec<u32> = block_on(async { pages.items(|p| p.0).map(Result::unwrap).collect().await });
    assert_eq!(items, [1, 2, 3]);
    assert_eq!(sent.lock().unwrap().iter().map(|r| r.token.clone()).collect::<Vec<_>>(), [None, Some("t2".into()), Some("t3".into())]);

    // A request that already carries a token resumes there; a service repeating the token it
    // was sent would loop forever.
    let resume = Request { token: Some("t5".into()), ..Request::default() };
    let (pages, sent) = tokened(vec![Ok(Page(vec![5], None, Some("t6"))), Ok(Page(vec![6], None, Some("t6")))], resume);
    let count = block_on(async { pages.count().await });
    assert_eq!(count, 2);
    assert_eq!(sent.lock().unwrap().iter().map(|r| r.token.clone()).collect::<Vec<_>>(), [Some("t5".into()), Some("t6".into())]);
}

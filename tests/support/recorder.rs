//! A real HTTP/1.1 server on `127.0.0.1:0` that records every request it receives
//! and answers with canned responses.
//!
//! Used for wire-parity tests: our generated SDK and the vendors' official SDKs
//! (see [`crate::oracle`]) send the same call here, and the tests compare what
//! actually reached the wire.  Built on `std::net` only, one thread per connection;
//! it understands `Content-Length` and `Transfer-Encoding: chunked` bodies,
//! `Expect: 100-continue`, and keep-alive (several requests on one connection).
//!
//! ```no_run
//! use doc2sdk_tests::recorder::{CannedResponse, RecordingServer};
//! let server = RecordingServer::start(vec![CannedResponse::json(200, &serde_json::json!({"RequestId": "r-1"}))]);
//! // ... point a client at server.host() / server.url() ...
//! let reqs = server.requests();
//! assert_eq!(reqs[0].method, "POST");
//! ```

use std::collections::{BTreeMap, VecDeque};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often blocked reads wake up to notice that the server is stopping.
const POLL: Duration = Duration::from_millis(50);
/// Upper bound on a request head (request line + headers).
const MAX_HEAD: usize = 1 << 20;

/// A response the server sends back, in order (see [`RecordingServer::start`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedResponse {
    pub status: u16,
    /// Sent verbatim, in order.  `Content-Length` is added unless present here.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl CannedResponse {
    /// A response with the given status and raw body and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        CannedResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A JSON response (`Content-Type: application/json;charset=utf-8`).
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        CannedResponse::new(
            status,
            serde_json::to_vec(body).expect("serialize canned JSON"),
        )
        .with_header("Content-Type", "application/json;charset=utf-8")
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

impl Default for CannedResponse {
    /// `200` with an empty JSON object.
    fn default() -> Self {
        CannedResponse::json(200, &serde_json::json!({}))
    }
}

/// One request as it reached the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, as sent (`POST`).
    pub method: String,
    /// The raw request-target of the request line (`/a%20b?x=1`).
    pub target: String,
    /// The percent-decoded path of the target (`/a b`).  `%2F` decodes to `/`;
    /// use [`RecordedRequest::target`] when that distinction matters.
    pub path: String,
    /// Decoded query pairs in wire order (`+` decodes to a space).
    pub query: Vec<(String, String)>,
    /// Header names lower-cased; values of repeated headers joined with `", "`.
    pub headers: BTreeMap<String, String>,
    /// The body, de-chunked if it was sent chunked.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// A header by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// The first query parameter with this exact name.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body decoded as `application/x-www-form-urlencoded` pairs, in order.
    pub fn form_body(&self) -> Vec<(String, String)> {
        parse_urlencoded(&self.body)
    }

    /// The first form-body parameter with this exact name.
    pub fn form_param(&self, name: &str) -> Option<String> {
        self.form_body()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// The body parsed as JSON; panics (showing the body) if it is not JSON.
    pub fn json_body(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "request body of {} {} is not JSON ({e}): {:?}",
                self.method,
                self.target,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The body as (lossy) UTF-8 text.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Percent-decodes `input` (bytes first, then UTF-8, lossily).  With `plus_as_space`,
/// `+` decodes to a space as in `application/x-www-form-urlencoded`.  Malformed
/// escapes (`%`, `%4`, `%zz`) are kept literally.
pub fn percent_decode(input: &str, plus_as_space: bool) -> String {
    String::from_utf8_lossy(&percent_decode_bytes(input.as_bytes(), plus_as_space)).into_owned()
}

fn percent_decode_bytes(input: &[u8], plus_as_space: bool) -> Vec<u8> {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'%' if i + 2 < input.len() => match (hex(input[i + 1]), hex(input[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_as_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Decodes `application/x-www-form-urlencoded` data (also used for query strings):
/// pairs split on `&`, name/value on the first `=`, `%XX` and `+` decoded, UTF-8.
/// Empty segments are skipped; a segment without `=` yields an empty value.
pub fn parse_urlencoded(input: &[u8]) -> Vec<(String, String)> {
    input
        .split(|&b| b == b'&')
        .filter(|seg| !seg.is_empty())
        .map(|seg| {
            let (k, v) = match seg.iter().position(|&b| b == b'=') {
                Some(p) => (&seg[..p], &seg[p + 1..]),
                None => (seg, &[][..]),
            };
            let dec =
                |s: &[u8]| String::from_utf8_lossy(&percent_decode_bytes(s, true)).into_owned();
            (dec(k), dec(v))
        })
        .collect()
}

struct Shared {
    requests: Mutex<Vec<RecordedRequest>>,
    responses: Mutex<VecDeque<CannedResponse>>,
    stop: AtomicBool,
}

impl Shared {
    fn next_response(&self) -> CannedResponse {
        let mut q = lock(&self.responses);
        if q.len() > 1 {
            q.pop_front().expect("non-empty")
        } else {
            q.front().cloned().unwrap_or_default()
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking connection thread must not hide what was recorded.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The recording server.  Stops (and joins its accept thread) on drop.
pub struct RecordingServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept_thread: Option<JoinHandle<()>>,
}

impl RecordingServer {
    /// Binds `127.0.0.1:0` and starts serving.  Responses are used in order; the last
    /// one repeats for all further requests (an empty list means `200 {}` forever).
    pub fn start(responses: Vec<CannedResponse>) -> RecordingServer {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local_addr");
        let shared = Arc::new(Shared {
            requests: Mutex::new(Vec::new()),
            responses: Mutex::new(responses.into()),
            stop: AtomicBool::new(false),
        });
        let accept_shared = Arc::clone(&shared);
        let accept_thread = std::thread::Builder::new()
            .name(format!("recorder-{}", addr.port()))
            .spawn(move || {
                for stream in listener.incoming() {
                    if accept_shared.stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let conn_shared = Arc::clone(&accept_shared);
                    let _ = std::thread::Builder::new()
                        .name(format!("recorder-{}-conn", addr.port()))
                        .spawn(move || {
                            if let Err(e) = serve_connection(stream, &conn_shared) {
                                if !conn_shared.stop.load(Ordering::SeqCst) {
                                    eprintln!("recorder {addr}: connection error: {e}");
                                }
                            }
                        });
                }
            })
            .expect("spawn recorder thread");
        RecordingServer {
            addr,
            shared,
            accept_thread: Some(accept_thread),
        }
    }

    /// The bound address (`127.0.0.1:PORT`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `"127.0.0.1:PORT"`, as clients put it in the `Host` header.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.addr.port())
    }

    /// `"http://127.0.0.1:PORT"`.
    pub fn url(&self) -> String {
        format!("http://{}", self.host())
    }

    /// Everything recorded so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Everything recorded so far, clearing the record.
    pub fn take_requests(&self) -> Vec<RecordedRequest> {
        std::mem::take(&mut *lock(&self.shared.requests))
    }

    /// Appends responses to the queue (the current last response no longer repeats
    /// once newer ones are queued behind it).
    pub fn push_responses(&self, responses: impl IntoIterator<Item = CannedResponse>) {
        lock(&self.shared.responses).extend(responses);
    }
}

impl Drop for RecordingServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept().
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.accept_thread.take() {
            let _ = t.join();
        }
    }
}

/// A buffered reader over the connection that keeps partial data across read
/// timeouts (used to poll the stop flag).
struct Conn<'a> {
    stream: TcpStream,
    buf: Vec<u8>,
    shared: &'a Shared,
}

enum Fill {
    Data,
    Eof,
}

impl Conn<'_> {
    fn fill(&mut self) -> io::Result<Fill> {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if self.shared.stop.load(Ordering::SeqCst) {
                return Err(io::Error::new(
                    io::ErrorKind::Interrupted,
                    "server stopping",
                ));
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Ok(Fill::Eof),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(Fill::Data);
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock
                            | io::ErrorKind::TimedOut
                            | io::ErrorKind::Interrupted
                    ) =>
                {
                    continue
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Bytes up to and excluding the first `delim`, consuming the delimiter.
    /// `Ok(None)` on a clean EOF before any byte of a new item.
    fn read_until(&mut self, delim: &[u8], limit: usize) -> io::Result<Option<Vec<u8>>> {
        let mut searched = 0;
        loop {
            if let Some(p) = find(&self.buf[searched..], delim) {
                let end = searched + p;
                let item = self.buf[..end].to_vec();
                self.buf.drain(..end + delim.len());
                return Ok(Some(item));
            }
            searched = self.buf.len().saturating_sub(delim.len() - 1);
            if self.buf.len() > limit {
                return Err(invalid("request head too large"));
            }
            if let Fill::Eof = self.fill()? {
                return if self.buf.is_empty() {
                    Ok(None)
                } else {
                    Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "connection closed mid-request",
                    ))
                };
            }
        }
    }

    fn read_exact_vec(&mut self, n: usize) -> io::Result<Vec<u8>> {
        while self.buf.len() < n {
            if let Fill::Eof = self.fill()? {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "connection closed mid-body",
                ));
            }
        }
        Ok(self.buf.drain(..n).collect())
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn invalid(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

fn serve_connection(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(POLL))?;
    stream.set_nodelay(true)?;
    let mut conn = Conn {
        stream,
        buf: Vec::new(),
        shared,
    };
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        let Some(head) = conn.read_until(b"\r\n\r\n", MAX_HEAD)? else {
            return Ok(()); // client closed an idle keep-alive connection
        };
        let head = String::from_utf8_lossy(&head).into_owned();
        let mut lines = head.split("\r\n");
        let request_line = lines.next().unwrap_or_default();
        let mut parts = request_line.split(' ');
        let (Some(method), Some(target), Some(version), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            write_simple(&mut conn.stream, 400, "bad request line")?;
            return Err(invalid(&format!("bad request line {request_line:?}")));
        };
        let mut headers: BTreeMap<String, String> = BTreeMap::new();
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                write_simple(&mut conn.stream, 400, "bad header line")?;
                return Err(invalid(&format!("bad header line {line:?}")));
            };
            let name = name.trim().to_ascii_lowercase();
            let value = value.trim().to_string();
            headers
                .entry(name)
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(&value);
                })
                .or_insert(value);
        }

        if headers
            .get("expect")
            .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
        {
            conn.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
            conn.stream.flush()?;
        }

        let chunked = headers.get("transfer-encoding").is_some_and(|te| {
            te.split(',')
                .any(|t| t.trim().eq_ignore_ascii_case("chunked"))
        });
        let body = if chunked {
            read_chunked(&mut conn)?
        } else if let Some(cl) = headers.get("content-length") {
            let n: usize = cl
                .split(',')
                .next()
                .unwrap_or_default()
                .trim()
                .parse()
                .map_err(|_| invalid(&format!("bad Content-Length {cl:?}")))?;
            conn.read_exact_vec(n)?
        } else {
            Vec::new()
        };

        let (path, query) = split_target(target);
        let keep_alive = match headers.get("connection").map(|c| c.to_ascii_lowercase()) {
            Some(c) if c.split(',').any(|t| t.trim() == "close") => false,
            Some(c) if c.split(',').any(|t| t.trim() == "keep-alive") => true,
            _ => version.eq_ignore_ascii_case("HTTP/1.1"),
        };
        let is_head = method.eq_ignore_ascii_case("HEAD");
        lock(&shared.requests).push(RecordedRequest {
            method: method.to_string(),
            target: target.to_string(),
            path,
            query,
            headers,
            body,
        });

        let response = shared.next_response();
        write_response(&mut conn.stream, &response, keep_alive, is_head)?;
        if !keep_alive {
            let _ = conn.stream.shutdown(Shutdown::Both);
            return Ok(());
        }
    }
}

fn read_chunked(conn: &mut Conn<'_>) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line = conn
            .read_until(b"\r\n", MAX_HEAD)?
            .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "EOF in chunked body"))?;
        let line = String::from_utf8_lossy(&line);
        let size_str = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_str, 16)
            .map_err(|_| invalid(&format!("bad chunk size line {line:?}")))?;
        if size == 0 {
            // Trailer section: header lines until an empty line.
            loop {
                let trailer = conn.read_until(b"\r\n", MAX_HEAD)?.ok_or_else(|| {
                    io::Error::new(io::ErrorKind::UnexpectedEof, "EOF in chunk trailer")
                })?;
                if trailer.is_empty() {
                    return Ok(body);
                }
            }
        }
        body.extend(conn.read_exact_vec(size)?);
        if conn.read_exact_vec(2)? != b"\r\n" {
            return Err(invalid("chunk not followed by CRLF"));
        }
    }
}

/// Splits a request-target into (decoded path, decoded query pairs).  Accepts
/// origin-form (`/p?q`) and absolute-form (`http://host/p?q`).
fn split_target(target: &str) -> (String, Vec<(String, String)>) {
    let mut rest = target;
    if let Some(after_scheme) = rest
        .strip_prefix("http://")
        .or_else(|| rest.strip_prefix("https://"))
    {
        rest = after_scheme
            .find(['/', '?'])
            .map_or("/", |i| &after_scheme[i..]);
    }
    let rest = rest.split('#').next().unwrap_or_default();
    let (raw_path, raw_query) = rest.split_once('?').unwrap_or((rest, ""));
    (
        percent_decode(raw_path, false),
        parse_urlencoded(raw_query.as_bytes()),
    )
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

fn write_response(
    stream: &mut TcpStream,
    r: &CannedResponse,
    keep_alive: bool,
    is_head: bool,
) -> io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status)).into_bytes();
    let has = |name: &str| r.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
    for (k, v) in &r.headers {
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    let no_body_allowed = r.status == 204 || (100..200).contains(&r.status);
    let bodiless = is_head || no_body_allowed || r.status == 304;
    let framed = has("content-length") || has("transfer-encoding");
    if !framed && !no_body_allowed {
        out.extend_from_slice(format!("Content-Length: {}\r\n", r.body.len()).as_bytes());
    }
    if !has("connection") {
        out.extend_from_slice(if keep_alive {
            b"Connection: keep-alive\r\n"
        } else {
            b"Connection: close\r\n"
        });
    }
    out.extend_from_slice(b"\r\n");
    if !bodiless {
        out.extend_from_slice(&r.body);
    }
    stream.write_all(&out)?;
    stream.flush()
}

fn write_simple(stream: &mut TcpStream, status: u16, msg: &str) -> io::Result<()> {
    let r = CannedResponse::new(status, msg.as_bytes().to_vec())
        .with_header("Content-Type", "text/plain");
    write_response(stream, &r, false, false)
}

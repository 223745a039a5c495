//! A scripted HTTP/1.1 server on `127.0.0.1:0` that misbehaves on purpose, shared by the
//! reliability tests (`fault_matrix`, `secrets`, `clock_skew`) through `#[path]`.
//!
//! Every connection carries one request; the server records it, then plays the next [`Fault`] of
//! its script (the last one repeats) and closes the connection. The server stops when dropped.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A complete response.
#[derive(Clone, Debug)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Canned {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub fn json(status: u16, body: &str) -> Self {
        Self::new(status, "application/json;charset=utf-8", body)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    fn head(&self, content_length: Option<usize>) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} X\r\nconnection: close\r\n", self.status);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        match content_length {
            Some(length) => head.push_str(&format!("content-length: {length}\r\n\r\n")),
            None => head.push_str("transfer-encoding: chunked\r\n\r\n"),
        }
        head.into_bytes()
    }
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answers normally.
    Respond(Canned),
    /// Reads the request, then resets the connection without a byte of response.
    ResetBeforeHeaders,
    /// Sends the headers and half the body of a 200, then resets the connection.
    ResetAfterHeaders,
    /// Waits before sending the headers of a 200.
    SlowHeaders(Duration),
    /// Sends the headers of a 200 at once, then one body byte per interval.
    SlowBody(Duration),
    /// Promises 100 bytes of body, sends 10 and closes cleanly.
    Truncated,
    /// A 200 with `bytes` of JSON body, chunked or with a content length.
    Huge { bytes: usize, chunked: bool },
    /// Checks the signing date (`x-acs-date`, or Huawei's `x-sdk-date`) against this machine's
    /// clock like the vendors' gateways: more than 15 minutes off is rejected the vendor's way
    /// (Alibaba: 400 `InvalidTimeStamp.Expired`; Huawei: 401 `APIG.0301`); otherwise 200. Every
    /// answer carries a `Date` header unless `date_header` is false.
    RequireFreshDate { date_header: bool },
}

/// How far a signing date may be from the server's clock.
pub const DATE_TOLERANCE: time::Duration = time::Duration::minutes(15);

/// `Date` header text for `t`.
pub fn http_date(t: time::OffsetDateTime) -> String {
    t.format(time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    ))
    .expect("format http date")
}

/// The signing date a request carries, if any.
pub fn signing_date(request: &Received) -> Option<time::OffsetDateTime> {
    use time::macros::format_description;
    if let Some(date) = request.headers.get("x-acs-date") {
        let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
        return time::PrimitiveDateTime::parse(date, format).ok().map(|t| t.assume_utc());
    }
    let date = request.headers.get("x-sdk-date")?;
    let format = format_description!("[year][month][day]T[hour][minute][second]Z");
    time::PrimitiveDateTime::parse(date, format).ok().map(|t| t.assume_utc())
}

/// One request as received.
#[derive(Clone, Debug)]
pub struct Received {
    pub request_line: String,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

pub struct FaultServer {
    addr: std::net::SocketAddr,
    count: Arc<AtomicUsize>,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultServer {
    /// Starts serving `script` on the current tokio runtime.
    pub async fn start(script: Vec<Fault>) -> Self {
        assert!(!script.is_empty(), "a script needs at least one fault");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let count = Arc::new(AtomicUsize::new(0));
        let received = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(script);
        let (task_count, task_received) = (Arc::clone(&count), Arc::clone(&received));
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (count, received, script) = (
                    Arc::clone(&task_count),
                    Arc::clone(&task_received),
                    Arc::clone(&script),
                );
                tokio::spawn(async move {
                    let _ = serve(stream, &count, &received, &script).await;
                });
            }
        });
        Self {
            addr,
            count,
            received,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many complete requests arrived.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut stream: TcpStream,
    count: &AtomicUsize,
    received: &Mutex<Vec<Received>>,
    script: &[Fault],
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut stream).await? else {
        return Ok(());
    };
    received.lock().unwrap().push(request.clone());
    let index = count.fetch_add(1, Ordering::SeqCst);
    let fault = script[index.min(script.len() - 1)].clone();
    let ok = || Canned::json(200, r#"{"RequestId":"r-ok","TotalCount":1}"#);
    match fault {
        Fault::Respond(canned) => {
            stream.write_all(&canned.head(Some(canned.body.len()))).await?;
            stream.write_all(&canned.body).await?;
        }
        Fault::ResetBeforeHeaders => {
            stream.set_zero_linger()?;
            return Ok(());
        }
        Fault::ResetAfterHeaders => {
            let canned = ok();
            stream.write_all(&canned.head(Some(canned.body.len()))).await?;
            stream.write_all(&canned.body[..canned.body.len() / 2]).await?;
            stream.flush().await?;
            tokio::time::sleep(Duration::from_millis(20)).await;
            stream.set_zero_linger()?;
            return Ok(());
        }
        Fault::SlowHeaders(delay) => {
            tokio::time::sleep(delay).await;
            let canned = ok();
            stream.write_all(&canned.head(Some(canned.body.len()))).await?;
            stream.write_all(&canned.body).await?;
        }
        Fault::SlowBody(interval) => {
            let canned = ok();
            stream.write_all(&canned.head(Some(canned.body.len()))).await?;
            for byte in &canned.body {
                stream.write_all(&[*byte]).await?;
                stream.flush().await?;
                tokio::time::sleep(interval).await;
            }
        }
        Fault::Truncated => {
            let canned = ok();
            stream.write_all(&canned.head(Some(100))).await?;
            stream.write_all(&canned.body[..10]).await?;
        }
        Fault::RequireFreshDate { date_header } => {
            let now = time::OffsetDateTime::now_utc();
            let fresh = signing_date(&request).is_some_and(|t| (t - now).abs() <= DATE_TOLERANCE);
            let huawei = request.headers.contains_key("x-sdk-date");
            let mut canned = match (fresh, huawei) {
                (true, _) => Canned::json(200, r#"{"RequestId":"r-fresh","TotalCount":1,"VersionId":"ver-1"}"#),
                (false, false) => Canned::json(400, r#"{"RequestId":"r-skew","HostId":"esa.cn-hangzhou.aliyuncs.com","Code":"InvalidTimeStamp.Expired","Message":"Specified time stamp or date value is expired."}"#),
                (false, true) => Canned::json(401, r#"{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"hw-skew"}"#),
            };
            if date_header {
                canned = canned.header("Date", &http_date(now));
            }
            stream.write_all(&canned.head(Some(canned.body.len()))).await?;
            stream.write_all(&canned.body).await?;
        }
        Fault::Huge { bytes, chunked } => {
            let canned = Canned::json(200, "");
            stream
                .write_all(&canned.head(if chunked { None } else { Some(bytes) }))
                .await?;
            let block = vec![b' '; 64 * 1024];
            let mut left = bytes;
            while left > 0 {
                let n = left.min(block.len());
                if chunked {
                    stream.write_all(format!("{n:x}\r\n").as_bytes()).await?;
                    stream.write_all(&block[..n]).await?;
                    stream.write_all(b"\r\n").await?;
                } else {
                    stream.write_all(&block[..n]).await?;
                }
                left -= n;
            }
            if chunked {
                stream.write_all(b"0\r\n\r\n").await?;
            }
        }
    }
    stream.flush().await?;
    stream.shutdown().await?;
    Ok(())
}

async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Received>> {
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let headers: BTreeMap<String, String> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Ok(Some(Received {
        request_line,
        headers,
        body,
    }))
}

/// A local port nothing listens on: connecting to it is refused.
pub async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    url
}

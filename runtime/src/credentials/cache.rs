//! Keeps credentials between calls and fetches new ones shortly before they expire.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use time::OffsetDateTime;

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::clock::Clock;

/// How long before their expiry credentials are replaced: long enough that a request signed
/// with them does not reach the server after they expire.
pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);

/// How long credentials without an expiry are kept before their source is read again, so a key
/// rotated in the environment or a file is picked up.
pub const DEFAULT_TTL: Duration = Duration::from_secs(5 * 60);

/// Wraps a provider and caches what it returns.
///
/// Credentials with an expiry are kept until `refresh_before` ahead of it; others for `ttl`. If
/// the refresh fails while the cached credentials have not yet expired, those are used and the
/// next call tries again, so a brief outage of the source does not fail calls.
pub struct CachedProvider<P> {
    inner: P,
    cached: Mutex<Option<(Credentials, OffsetDateTime)>>,
    refresh_before: Duration,
    ttl: Duration,
    clock: Clock,
}

impl<P: ProvideCredentials> CachedProvider<P> {
    /// Caches `inner` with the default margins and the system clock.
    pub fn new(inner: P) -> Self {
        Self {
            inner,
            cached: Mutex::new(None),
            refresh_before: DEFAULT_REFRESH_BEFORE,
            ttl: DEFAULT_TTL,
            clock: Arc::new(OffsetDateTime::now_utc),
        }
    }

    /// Replaces how long before expiry credentials are refreshed.
    pub fn refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    /// Replaces how long credentials without an expiry are kept.
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Replaces the system clock (for tests).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Whether credentials fetched at `fetched` are still good to hand out at `now`.
    fn fresh(&self, credentials: &Credentials, fetched: OffsetDateTime, now: OffsetDateTime) -> bool {
        match credentials.expiry() {
            Some(expiry) => now + self.refresh_before < expiry,
            None => now < fetched + self.ttl,
        }
    }
}

impl<P: ProvideCredentials> ProvideCredentials for CachedProvider<P> {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let now = (self.clock)();
        // A poisoned lock only means another thread panicked mid-refresh; the cache is still a
        // valid `Option`.
        let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((credentials, fetched)) = cached.as_ref() {
            if self.fresh(credentials, *fetched, now) {
                return Ok(credentials.clone());
            }
        }
        match self.inner.provide_credentials() {
            Ok(credentials) => {
                *cached = Some((credentials.clone(), now));
                Ok(credentials)
            }
            Err(err) => match cached.as_ref() {
                Some((credentials, _)) if !credentials.is_expired(now) => Ok(credentials.clone()),
                _ => Err(err),
            },
        }
    }
}

impl<P: fmt::Debug> fmt::Debug for CachedProvider<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedProvider")
            .field("inner", &self.inner)
            .field("refresh_before", &self.refresh_before)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};

    const SECRET: &str = "cache-sEcReT";

    /// Hands out credentials that expire `lifetime` seconds after "now", counting the calls;
    /// fails while `failing` is set.
    #[derive(Debug)]
    struct Sts {
        calls: AtomicU32,
        now: Arc<AtomicI64>,
        lifetime: i64,
        failing: std::sync::atomic::AtomicBool,
    }

    impl ProvideCredentials for Sts {
        fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            if self.failing.load(Ordering::SeqCst) {
                return Err(CredentialsError::provider("sts is down"));
            }
            let now = self.now.load(Ordering::SeqCst);
            Ok(Credentials::new(format!("STS.{n}"), SECRET)
                .with_security_token("t")
                .with_expiry(OffsetDateTime::from_unix_timestamp(now + self.lifetime).unwrap()))
        }
    }

    fn setup(lifetime: i64) -> (Arc<AtomicI64>, CachedProvider<Sts>) {
        let now = Arc::new(AtomicI64::new(1_700_000_000));
        let clock_now = Arc::clone(&now);
        let provider = CachedProvider::new(Sts {
            calls: AtomicU32::new(0),
            now: Arc::clone(&now),
            lifetime,
            failing: false.into(),
        })
        .clock(Arc::new(move || {
            OffsetDateTime::from_unix_timestamp(clock_now.load(Ordering::SeqCst)).unwrap()
        }));
        (now, provider)
    }

    #[test]
    fn refreshes_before_expiry() {
        let (now, provider) = setup(3600);
        let id = |p: &CachedProvider<Sts>| p.provide_credentials().unwrap().access_key_id().to_owned();
        assert_eq!(id(&provider), "STS.1");
        now.fetch_add(3600 - 301, Ordering::SeqCst);
        assert_eq!(id(&provider), "STS.1", "still more than 5 minutes left");
        now.fetch_add(2, Ordering::SeqCst);
        assert_eq!(id(&provider), "STS.2", "within 5 minutes of expiry");
        assert_eq!(provider.inner.calls.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_failed_refresh_keeps_unexpired_credentials_then_fails() {
        let (now, provider) = setup(600);
        assert_eq!(provider.provide_credentials().unwrap().access_key_id(), "STS.1");
        provider.inner.failing.store(true, Ordering::SeqCst);
        now.fetch_add(400, Ordering::SeqCst);
        assert_eq!(provider.provide_credentials().unwrap().access_key_id(), "STS.1");
        now.fetch_add(200, Ordering::SeqCst);
        let err = provider.provide_credentials().unwrap_err();
        assert_eq!(err.to_string(), "credentials provider failed: sts is down");
    }

    #[test]
    fn credentials_without_expiry_live_for_the_ttl() {
        #[derive(Debug)]
        struct Counting(AtomicU32);
        impl ProvideCredentials for Counting {
            fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
                let n = self.0.fetch_add(1, Ordering::SeqCst);
                Ok(Credentials::new(format!("AK{n}"), SECRET))
            }
        }
        let now = Arc::new(AtomicI64::new(0));
        let clock_now = Arc::clone(&now);
        let provider = CachedProvider::new(Counting(AtomicU32::new(0)))
            .ttl(Duration::from_secs(60))
            .clock(Arc::new(move || {
                OffsetDateTime::from_unix_timestamp(clock_now.load(Ordering::SeqCst)).unwrap()
            }));
        assert_eq!(provider.provide_credentials().unwrap().access_key_id(), "AK0");
        now.store(59, Ordering::SeqCst);
        assert_eq!(provider.provide_credentials().unwrap().access_key_id(), "AK0");
        now.store(60, Ordering::SeqCst);
        assert_eq!(provider.provide_credentials().unwrap().access_key_id(), "AK1");
        assert!(!format!("{provider:?}").contains(SECRET));
    }
}

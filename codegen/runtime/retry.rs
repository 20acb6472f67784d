//! When to try a call again, as the AWS SDKs' "standard" and "adaptive"
//! retry modes do: which failures are worth another attempt, how long to wait
//! first, the retry quota a client's calls share, and (adaptive) the
//! client-side rate limiter that slows a client down when it is throttled.
//!
//! Every decision is a function of what is passed in (the attempt, the
//! failure, the time, a random fraction), so it is table-tested without
//! sockets or clocks.

use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use super::transport::TransportErrorKind;

/// How failed calls are tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryMode {
    /// Exponential backoff with jitter, within a retry quota.
    Standard,
    /// Standard, and a client-side rate limiter that slows every call down
    /// while the service throttles.
    Adaptive,
}

impl RetryMode {
    /// `standard`, `adaptive`, or `legacy` (read as standard, as the SDKs
    /// that dropped it do).
    pub fn parse(text: &str) -> Option<RetryMode> {
        match text.to_ascii_lowercase().as_str() {
            "standard" | "legacy" => Some(RetryMode::Standard),
            "adaptive" => Some(RetryMode::Adaptive),
            _ => None,
        }
    }
}

impl fmt::Display for RetryMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RetryMode::Standard => "standard",
            RetryMode::Adaptive => "adaptive",
        })
    }
}

/// What a client's calls retry with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    pub mode: RetryMode,
    /// Attempts in all, the first one included; 1 means no retries.
    pub max_attempts: u32,
    /// The backoff before the first retry is at most this...
    pub initial_backoff: Duration,
    /// ...and no backoff is longer than this.
    pub max_backoff: Duration,
}

impl RetryConfig {
    /// The AWS SDKs' default: standard mode, 3 attempts, backoff from 1 s up
    /// to 20 s.
    pub const STANDARD: RetryConfig = RetryConfig {
        mode: RetryMode::Standard,
        max_attempts: 3,
        initial_backoff: Duration::from_secs(1),
        max_backoff: Duration::from_secs(20),
    };

    /// One attempt, never retried.
    pub const DISABLED: RetryConfig = RetryConfig {
        max_attempts: 1,
        ..RetryConfig::STANDARD
    };

    /// The backoff before retry number `retry` (1 for the first), for a
    /// random `fraction` in `[0, 1)`: `fraction * min(initial * 2^(retry-1), max)`.
    pub fn backoff(&self, retry: u32, fraction: f64) -> Duration {
        let exponent = retry.saturating_sub(1).min(62);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1_u32.checked_shl(exponent).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        ceiling.mul_f64(fraction.clamp(0.0, 1.0))
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig::STANDARD
    }
}

/// The error codes that mean the service throttled the request.
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// The error codes of failures that pass.
pub const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// The HTTP statuses of failures that pass.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// What kind of failure an attempt ended with, for the retry decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Failure {
    /// The service throttled the request: retry, and (adaptive) slow down.
    Throttling,
    /// A failure that passes (a 5xx, a request timeout code): retry.
    Transient,
    /// No answer arrived (connection, timeout, I/O): retry, at a higher
    /// quota cost.
    Transport,
    /// Anything else (a client error, a `DryRun` answer, a failure to sign):
    /// trying again gives the same answer.
    NotRetryable,
}

impl Failure {
    /// An error response, by its HTTP status and error code.
    pub fn of_response(status: u16, code: Option<&str>) -> Failure {
        match code {
            Some(code) if THROTTLING_CODES.contains(&code) => Failure::Throttling,
            Some(code) if TRANSIENT_CODES.contains(&code) => Failure::Transient,
            _ if status == 429 => Failure::Throttling,
            _ if TRANSIENT_STATUSES.contains(&status) => Failure::Transient,
            _ => Failure::NotRetryable,
        }
    }

    /// A transport failure, by its kind.
    pub fn of_transport(kind: TransportErrorKind) -> Failure {
        match kind {
            TransportErrorKind::Connect
            | TransportErrorKind::Timeout
            | TransportErrorKind::Io
            | TransportErrorKind::Dns => Failure::Transport,
            _ => Failure::NotRetryable,
        }
    }
}

/// The retry quota a client's calls share: a retry takes tokens, a call that
/// succeeds gives some back, and with none left failures are not retried,
/// so an outage is not made worse by a storm of retries.
#[derive(Debug)]
pub struct RetryQuota {
    tokens: Mutex<u32>,
}

impl RetryQuota {
    pub const CAPACITY: u32 = 500;
    /// What a retry takes.
    pub const RETRY_COST: u32 = 5;
    /// What a retry after a timeout or a connection failure takes.
    pub const TRANSPORT_RETRY_COST: u32 = 10;
    /// What a first-attempt success gives back.
    pub const SUCCESS_REWARD: u32 = 1;

    pub fn new() -> Self {
        RetryQuota {
            tokens: Mutex::new(Self::CAPACITY),
        }
    }

    pub fn available(&self) -> u32 {
        *self.lock()
    }

    /// Takes what a retry after `failure` costs; `None` when there is not
    /// enough.
    pub fn take(&self, failure: Failure) -> Option<u32> {
        let cost = match failure {
            Failure::Transport => Self::TRANSPORT_RETRY_COST,
            _ => Self::RETRY_COST,
        };
        let mut tokens = self.lock();
        (*tokens >= cost).then(|| {
            *tokens -= cost;
            cost
        })
    }

    /// A call succeeded: it gives back what its retries took, or the reward
    /// for a first-attempt success.
    pub fn succeeded(&self, retry_costs: u32) {
        let mut tokens = self.lock();
        let refund = if retry_costs == 0 {
            Self::SUCCESS_REWARD
        } else {
            retry_costs
        };
        *tokens = tokens.saturating_add(refund).min(Self::CAPACITY);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, u32> {
        // A count cannot be left half-written.
        self.tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Default for RetryQuota {
    fn default() -> Self {
        Self::new()
    }
}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    RetryAfter(Duration),
    Stop(StopReason),
}

/// Why a failure is not retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// Trying again would give the same answer.
    NotRetryable,
    /// The attempts allowed are used up.
    AttemptsExhausted,
    /// The client's retry quota is used up.
    QuotaExhausted,
    /// The wait would outlast the call's time limit.
    OutOfTime,
}

/// A failed attempt, as the retry decision sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FailedAttempt {
    /// The attempt that failed, from 1.
    pub attempt: u32,
    pub failure: Failure,
    /// The server's `x-amz-retry-after`, if it sent one.
    pub retry_after: Option<Duration>,
    /// What is left of the call's time limit, if it has one.
    pub time_left: Option<Duration>,
}

/// The largest wait an `x-amz-retry-after` header can ask for.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(20);

/// Decides whether a failed attempt is followed by another, and after how
/// long: the server's `x-amz-retry-after` (honoured up to
/// [`MAX_RETRY_AFTER`]), else the backoff for a random `fraction` in
/// `[0, 1)`. Takes the retry's cost from `quota` when it says to retry, and
/// returns that cost too.
pub fn decide(
    config: &RetryConfig,
    quota: &RetryQuota,
    failed: FailedAttempt,
    fraction: f64,
) -> (Decision, u32) {
    if failed.failure == Failure::NotRetryable {
        return (Decision::Stop(StopReason::NotRetryable), 0);
    }
    if failed.attempt >= config.max_attempts {
        return (Decision::Stop(StopReason::AttemptsExhausted), 0);
    }
    let delay = match failed.retry_after {
        Some(delay) => delay.min(MAX_RETRY_AFTER),
        None => config.backoff(failed.attempt, fraction),
    };
    if failed.time_left.is_some_and(|left| delay >= left) {
        return (Decision::Stop(StopReason::OutOfTime), 0);
    }
    match quota.take(failed.failure) {
        Some(cost) => (Decision::RetryAfter(delay), cost),
        None => (Decision::Stop(StopReason::QuotaExhausted), 0),
    }
}

/// The adaptive mode's client-side rate limiter: a token bucket whose fill
/// rate drops (by `BETA`) when the service throttles and climbs back along a
/// cubic curve while calls succeed, so that a client converges on the rate
/// the service accepts. Times are seconds on any monotonic clock.
#[derive(Debug)]
pub struct RateLimiter {
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_refill: Option<f64>,
    /// Off until the first throttling answer: before that, nothing waits.
    enabled: bool,
    measured_rate: f64,
    last_rate_bucket: f64,
    requests_in_bucket: u32,
    last_max_rate: f64,
    last_throttle: f64,
    time_window: f64,
}

impl RateLimiter {
    const MIN_FILL_RATE: f64 = 0.5;
    const MIN_CAPACITY: f64 = 1.0;
    /// How much of the new measurement the measured rate takes.
    const SMOOTH: f64 = 0.8;
    /// What a throttling answer multiplies the rate by.
    const BETA: f64 = 0.7;
    /// How fast the rate climbs back after a throttling answer.
    const SCALE: f64 = 0.4;

    /// A limiter at time `now`.
    pub fn new(now: f64) -> Self {
        RateLimiter {
            fill_rate: Self::MIN_FILL_RATE,
            max_capacity: Self::MIN_CAPACITY,
            capacity: 0.0,
            last_refill: None,
            enabled: false,
            measured_rate: 0.0,
            last_rate_bucket: now.floor(),
            requests_in_bucket: 0,
            last_max_rate: 0.0,
            last_throttle: now,
            time_window: 0.0,
        }
    }

    /// Takes a token for a request sent at `now`; the wait before sending it.
    pub fn acquire(&mut self, now: f64) -> Duration {
        if !self.enabled {
            return Duration::ZERO;
        }
        self.refill(now);
        let wait = if self.capacity >= 1.0 {
            0.0
        } else {
            (1.0 - self.capacity) / self.fill_rate
        };
        self.capacity -= 1.0;
        Duration::from_secs_f64(wait.max(0.0))
    }

    /// Learns from the answer to a request, received at `now`.
    pub fn update(&mut self, throttled: bool, now: f64) {
        self.measure(now);
        let new_rate = if throttled {
            let rate = if self.enabled {
                self.measured_rate.min(self.fill_rate)
            } else {
                self.measured_rate
            };
            self.last_max_rate = rate;
            self.time_window = (self.last_max_rate * (1.0 - Self::BETA) / Self::SCALE).cbrt();
            self.last_throttle = now;
            self.enabled = true;
            rate * Self::BETA
        } else {
            let elapsed = now - self.last_throttle - self.time_window;
            Self::SCALE * elapsed.powi(3) + self.last_max_rate
        };
        self.set_rate(new_rate.min(2.0 * self.measured_rate), now);
    }

    /// The rate tokens come back at, per second.
    pub fn fill_rate(&self) -> f64 {
        self.fill_rate
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            let filled = (now - last).max(0.0) * self.fill_rate;
            self.capacity = (self.capacity + filled).min(self.max_capacity);
        }
        self.last_refill = Some(now);
    }

    fn set_rate(&mut self, rate: f64, now: f64) {
        self.refill(now);
        self.fill_rate = rate.max(Self::MIN_FILL_RATE);
        self.max_capacity = rate.max(Self::MIN_CAPACITY);
        self.capacity = self.capacity.min(self.max_capacity);
    }

    /// The rate requests are sent at, smoothed over half-second buckets.
    fn measure(&mut self, now: f64) {
        let bucket = (now * 2.0).floor() / 2.0;
        self.requests_in_bucket += 1;
        if bucket > self.last_rate_bucket {
            let rate = f64::from(self.requests_in_bucket) / (bucket - self.last_rate_bucket);
            self.measured_rate = rate * Self::SMOOTH + self.measured_rate * (1.0 - Self::SMOOTH);
            self.requests_in_bucket = 0;
            self.last_rate_bucket = bucket;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_ceiling_scaled_by_the_jitter() {
        let config = RetryConfig::STANDARD;
        let table = [
            (1, 1.0, 1_000),
            (2, 1.0, 2_000),
            (3, 1.0, 4_000),
            (5, 1.0, 16_000),
            (6, 1.0, 20_000),
            (40, 1.0, 20_000),
            (3, 0.5, 2_000),
            (3, 0.0, 0),
        ];
        for (retry, fraction, millis) in table {
            assert_eq!(
                config.backoff(retry, fraction),
                Duration::from_millis(millis),
                "retry {retry}, fraction {fraction}"
            );
        }
    }

    #[test]
    fn failures_are_classified_as_the_sdks_do() {
        let table = [
            (400, Some("RequestLimitExceeded"), Failure::Throttling),
            (503, Some("SlowDown"), Failure::Throttling),
            (400, Some("EC2ThrottledException"), Failure::Throttling),
            (429, None, Failure::Throttling),
            (400, Some("RequestTimeout"), Failure::Transient),
            (500, Some("InternalError"), Failure::Transient),
            (503, None, Failure::Transient),
            (504, None, Failure::Transient),
            (501, None, Failure::NotRetryable),
            (400, Some("InvalidParameterValue"), Failure::NotRetryable),
            (412, Some("DryRunOperation"), Failure::NotRetryable),
            (403, Some("AuthFailure"), Failure::NotRetryable),
        ];
        for (status, code, failure) in table {
            assert_eq!(
                Failure::of_response(status, code),
                failure,
                "{status} {code:?}"
            );
        }
        assert_eq!(
            Failure::of_transport(TransportErrorKind::Connect),
            Failure::Transport
        );
        assert_eq!(
            Failure::of_transport(TransportErrorKind::Timeout),
            Failure::Transport
        );
        assert_eq!(
            Failure::of_transport(TransportErrorKind::Tls),
            Failure::NotRetryable
        );
        assert_eq!(
            Failure::of_transport(TransportErrorKind::InvalidRequest),
            Failure::NotRetryable
        );
    }

    fn failed(attempt: u32, failure: Failure) -> FailedAttempt {
        FailedAttempt {
            attempt,
            failure,
            retry_after: None,
            time_left: None,
        }
    }

    #[test]
    fn decisions_follow_attempts_quota_retry_after_and_time() {
        let config = RetryConfig::STANDARD;
        let quota = RetryQuota::new();
        assert_eq!(
            decide(&config, &quota, failed(1, Failure::Transient), 0.5),
            (Decision::RetryAfter(Duration::from_millis(500)), 5)
        );
        assert_eq!(quota.available(), 495);
        assert_eq!(
            decide(&config, &quota, failed(2, Failure::Transport), 1.0),
            (Decision::RetryAfter(Duration::from_secs(2)), 10)
        );
        assert_eq!(quota.available(), 485);
        assert_eq!(
            decide(&config, &quota, failed(3, Failure::Transient), 0.5),
            (Decision::Stop(StopReason::AttemptsExhausted), 0)
        );
        assert_eq!(
            decide(&config, &quota, failed(1, Failure::NotRetryable), 0.5),
            (Decision::Stop(StopReason::NotRetryable), 0)
        );
        // The server's wish wins over the backoff, up to 20 s.
        let asked = |millis| FailedAttempt {
            retry_after: Some(Duration::from_millis(millis)),
            ..failed(1, Failure::Throttling)
        };
        assert_eq!(
            decide(&config, &quota, asked(1_500), 0.9).0,
            Decision::RetryAfter(Duration::from_millis(1500))
        );
        assert_eq!(
            decide(&config, &quota, asked(90_000), 0.9).0,
            Decision::RetryAfter(MAX_RETRY_AFTER)
        );
        let disabled = RetryConfig::DISABLED;
        assert_eq!(
            decide(&disabled, &quota, failed(1, Failure::Transient), 0.5).0,
            Decision::Stop(StopReason::AttemptsExhausted)
        );
        // A wait that outlasts the call's time limit is not started, and
        // costs nothing.
        let before = quota.available();
        let late = FailedAttempt {
            time_left: Some(Duration::from_millis(400)),
            ..failed(1, Failure::Transient)
        };
        assert_eq!(
            decide(&config, &quota, late, 0.5),
            (Decision::Stop(StopReason::OutOfTime), 0)
        );
        assert_eq!(quota.available(), before);
    }

    #[test]
    fn the_quota_runs_out_and_successes_refill_it() {
        let config = RetryConfig {
            max_attempts: 1_000,
            ..RetryConfig::STANDARD
        };
        let quota = RetryQuota::new();
        let mut retries = 0;
        while let (Decision::RetryAfter(_), _) =
            decide(&config, &quota, failed(1, Failure::Transient), 0.0)
        {
            retries += 1;
        }
        assert_eq!(retries, 100);
        assert_eq!(
            decide(&config, &quota, failed(1, Failure::Transient), 0.0).0,
            Decision::Stop(StopReason::QuotaExhausted)
        );
        // A success after retries gives back what they took; a first-try
        // success one token; never beyond the capacity.
        quota.succeeded(10);
        assert_eq!(quota.available(), 10);
        quota.succeeded(0);
        assert_eq!(quota.available(), 11);
        let full = RetryQuota::new();
        full.succeeded(0);
        assert_eq!(full.available(), RetryQuota::CAPACITY);
    }

    #[test]
    fn modes_parse_as_the_sdks_spell_them() {
        assert_eq!(RetryMode::parse("standard"), Some(RetryMode::Standard));
        assert_eq!(RetryMode::parse("ADAPTIVE"), Some(RetryMode::Adaptive));
        assert_eq!(RetryMode::parse("legacy"), Some(RetryMode::Standard));
        assert_eq!(RetryMode::parse("sometimes"), None);
    }

    #[test]
    fn the_rate_limiter_waits_only_after_throttling_and_recovers() {
        let mut limiter = RateLimiter::new(0.0);
        // Unthrottled: no wait, whatever the rate.
        for step in 0..20 {
            let now = f64::from(step) * 0.1;
            assert_eq!(limiter.acquire(now), Duration::ZERO);
            limiter.update(false, now);
        }
        assert!(!limiter.is_enabled());
        // Throttled at a measured rate of about 10 per second: the rate drops.
        limiter.update(true, 2.0);
        assert!(limiter.is_enabled());
        let throttled_rate = limiter.fill_rate();
        assert!(throttled_rate < 10.0, "{throttled_rate}");
        // Sending faster than the rate now waits.
        let mut waited = Duration::ZERO;
        for step in 0..5 {
            waited += limiter.acquire(2.0 + f64::from(step) * 0.01);
        }
        assert!(waited > Duration::ZERO);
        // Successes over the next seconds bring the rate back up.
        for step in 1..=40 {
            let now = 2.0 + f64::from(step) * 0.1;
            limiter.update(false, now);
        }
        assert!(
            limiter.fill_rate() > throttled_rate,
            "{} <= {throttled_rate}",
            limiter.fill_rate()
        );
    }

    #[test]
    fn the_rate_never_falls_below_its_floor() {
        let mut limiter = RateLimiter::new(0.0);
        for step in 0..50 {
            limiter.update(true, f64::from(step));
        }
        assert!(limiter.fill_rate() >= 0.5);
        // A token comes back in two seconds at the floor rate.
        let _ = limiter.acquire(100.0);
        assert!(limiter.acquire(100.0) <= Duration::from_secs(2));
    }
}

//! Idempotency tokens (UUID v4 strings) for Smithy `@idempotencyToken` members.
//!
//! A client fills an unset token member from an [`IdempotencyTokenProvider`]: normally
//! [`RandomTokens`], or a [`FixedToken`] when a test needs to know the token in advance.

use std::collections::hash_map::RandomState;
use std::fmt::Write as _;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

/// The token the Smithy protocol compliance tests expect a client to send.
pub const PROTOCOL_TEST_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// Supplies idempotency tokens for members that the caller left unset.
pub trait IdempotencyTokenProvider {
    /// Returns the token to send; each call may return a new one.
    fn make_idempotency_token(&self) -> String;
}

impl<T: IdempotencyTokenProvider + ?Sized> IdempotencyTokenProvider for std::sync::Arc<T> {
    fn make_idempotency_token(&self) -> String {
        (**self).make_idempotency_token()
    }
}

/// Random UUID v4 tokens.
///
/// The 122 random bits come from std alone: SipHash, keyed by
/// [`RandomState`], over a process-wide counter and the current time.
///
/// - Unique: the counter gives every token in the process a distinct input, and the
///   122 random bits make a collision with any other process's token negligible.
/// - Unpredictable: `RandomState` keys are seeded from the operating system's random
///   source once per thread, so without the 128-bit key the output cannot be guessed.
///   (On targets with no OS randomness std falls back to fixed keys; tokens then stay
///   unique within the process, through the counter and clock, but become guessable.)
///
/// That is what idempotency tokens need: the server uses them only to recognise a
/// retried request. They are not fit for secrets such as keys or session ids.
#[derive(Debug, Default, Clone, Copy)]
pub struct RandomTokens;

impl IdempotencyTokenProvider for RandomTokens {
    fn make_idempotency_token(&self) -> String {
        uuid_v4_from_bytes(random_bytes())
    }
}

/// A random number in `[0, 1)`, from the same source as [`RandomTokens`]
/// (retry jitter needs no more).
pub fn random_fraction() -> f64 {
    let bits = u64::from_be_bytes(random_bytes()[..8].try_into().unwrap_or_default());
    // The top 53 bits, the precision of an f64 in [0, 1).
    (bits >> 11) as f64 / (1_u64 << 53) as f64
}

/// 128 bits from two SipHash outputs under fresh OS-seeded keys (see [`RandomTokens`]).
fn random_bytes() -> [u8; 16] {
    static TOKENS_MADE: AtomicU64 = AtomicU64::new(0);
    let sequence_number = TOKENS_MADE.fetch_add(1, Ordering::Relaxed);
    // The clock only adds variety where the keys are not random; any value will do.
    let clock_nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since_epoch| since_epoch.as_nanos());
    let hasher = RandomState::new();
    // The trailing tag makes the two halves independent hashes of the same input.
    let high = hasher.hash_one((sequence_number, clock_nanos, 0_u8));
    let low = hasher.hash_one((sequence_number, clock_nanos, 1_u8));
    ((u128::from(high) << 64) | u128::from(low)).to_be_bytes()
}

/// Always the same token; for tests, e.g. [`FixedToken::protocol_test`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedToken(pub String);

impl FixedToken {
    /// The token the Smithy protocol compliance tests expect ([`PROTOCOL_TEST_TOKEN`]).
    pub fn protocol_test() -> Self {
        Self(PROTOCOL_TEST_TOKEN.to_owned())
    }
}

impl IdempotencyTokenProvider for FixedToken {
    fn make_idempotency_token(&self) -> String {
        self.0.clone()
    }
}

/// Formats 16 bytes as a UUID version 4 (RFC 4122 variant): lower-case hex in the
/// 8-4-4-4-12 layout, with the version and variant bits overwritten.
pub fn uuid_v4_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4 in the high nibble
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 0b10xx (RFC 4122)
    let mut uuid = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            uuid.push('-');
        }
        // Writing to a String cannot fail.
        let _ = write!(uuid, "{byte:02x}");
    }
    uuid
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Checks the 8-4-4-4-12 lower-case hex layout, version 4 and the RFC 4122 variant.
    fn assert_uuid_v4(token: &str) {
        let groups: Vec<&str> = token.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12], "{token}");
        assert!(
            token
                .bytes()
                .all(|byte| byte == b'-' || byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte)),
            "{token}"
        );
        assert!(groups[2].starts_with('4'), "{token}");
        assert!(groups[3].starts_with(['8', '9', 'a', 'b']), "{token}");
    }

    #[test]
    fn random_fractions_are_in_the_unit_interval_and_vary() {
        let fractions: Vec<f64> = (0..100).map(|_| random_fraction()).collect();
        assert!(
            fractions
                .iter()
                .all(|fraction| (0.0..1.0).contains(fraction))
        );
        assert!(fractions.windows(2).any(|pair| pair[0] != pair[1]));
    }

    #[test]
    fn all_zero_bytes_give_the_protocol_test_token() {
        assert_eq!(uuid_v4_from_bytes([0; 16]), PROTOCOL_TEST_TOKEN);
    }

    #[test]
    fn overwrites_only_the_version_and_variant_bits() {
        assert_eq!(
            uuid_v4_from_bytes([0xff; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        let counting: [u8; 16] = std::array::from_fn(|index| index as u8);
        assert_eq!(
            uuid_v4_from_bytes(counting),
            "00010203-0405-4607-8809-0a0b0c0d0e0f"
        );
    }

    #[test]
    fn random_tokens_are_well_formed_and_distinct() {
        let tokens: HashSet<String> = (0..10_000)
            .map(|_| RandomTokens.make_idempotency_token())
            .collect();
        assert_eq!(tokens.len(), 10_000);
        tokens.iter().for_each(|token| assert_uuid_v4(token));
    }

    #[test]
    fn random_tokens_are_distinct_across_threads() {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    (0..1_000)
                        .map(|_| RandomTokens.make_idempotency_token())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let tokens: HashSet<String> = handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap())
            .collect();
        assert_eq!(tokens.len(), 4_000);
    }

    #[test]
    fn fixed_token_returns_its_value() {
        let provider = FixedToken("my-token".to_owned());
        assert_eq!(provider.make_idempotency_token(), "my-token");
        assert_eq!(provider.make_idempotency_token(), "my-token");
        let protocol_test: &dyn IdempotencyTokenProvider = &FixedToken::protocol_test();
        assert_eq!(protocol_test.make_idempotency_token(), PROTOCOL_TEST_TOKEN);
    }
}

//! Waiters (`smithy.waiters#waitable`): calling an operation until its
//! answer says the resource is in the state asked for, the state can no
//! longer be reached, or the caller's time is up.
//!
//! What varies per waiter is [`Waiter`]: the operation, the delays, and the
//! acceptors, compiled to code. The attempts, the delays between them
//! (Smithy's exponential backoff with jitter, never past the time limit) and
//! the outcome are written once, here.

use std::fmt;
use std::time::{Duration, SystemTime};

use super::build_error::BuildError;
use super::client::{CallError, CallErrorKind, Client, fluent_parts};
use super::operation::{ErrorOf, Operation, OperationInput, OutputOf};
use super::transport::TransportError;

/// What an acceptor moves the waiter to when it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WaiterState {
    /// The resource is as asked: stop, successfully.
    Success,
    /// The state asked for cannot be reached: stop, failing.
    Failure,
    /// Not yet: try again after a delay.
    Retry,
}

/// The answer to one attempt.
pub type Answer<I> = Result<OutputOf<I>, CallError<ErrorOf<I>>>;

/// One waiter of an operation: a marker type the generator writes.
pub trait Waiter {
    type Input: OperationInput;

    /// The waiter's name in the model (`InstanceRunning`).
    const NAME: &'static str;
    /// The shortest and longest delay between attempts.
    const MIN_DELAY: Duration;
    const MAX_DELAY: Duration;
    /// The state each acceptor moves to, in the model's order.
    const ACCEPTORS: &'static [WaiterState];

    /// The first acceptor (an index into [`Waiter::ACCEPTORS`]) that
    /// `answer` matches.
    fn matching(input: &Self::Input, answer: &Answer<Self::Input>) -> Option<usize>;
}

/// A waiter that reached its success state.
#[derive(Debug)]
pub struct Waited<I: OperationInput> {
    /// The answer the success acceptor matched: usually an output, but an
    /// error can mean success too (a resource that is gone, say).
    pub last: Answer<I>,
    /// Calls made, this one included.
    pub attempts: u32,
    pub elapsed: Duration,
}

/// Why a waiter stopped short of its success state.
pub enum WaitError<I: OperationInput> {
    /// A failure acceptor matched: the state asked for cannot be reached.
    Failed {
        /// The acceptor's index in the model's list.
        acceptor: usize,
        /// Boxed, as in the other variants, to keep the error small.
        last: Box<Answer<I>>,
        attempts: u32,
        elapsed: Duration,
    },
    /// The time limit passed before any success or failure acceptor matched.
    TimedOut {
        last: Option<Box<Answer<I>>>,
        attempts: u32,
        elapsed: Duration,
    },
    /// A call failed in a way no acceptor expects (or could not be made).
    Unexpected {
        error: Box<CallError<ErrorOf<I>>>,
        attempts: u32,
        elapsed: Duration,
    },
}

impl<I: OperationInput> WaitError<I> {
    /// Calls made.
    pub fn attempts(&self) -> u32 {
        match self {
            WaitError::Failed { attempts, .. }
            | WaitError::TimedOut { attempts, .. }
            | WaitError::Unexpected { attempts, .. } => *attempts,
        }
    }
}

impl<I: OperationInput> fmt::Debug for WaitError<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failed {
                acceptor,
                last,
                attempts,
                elapsed,
            } => f
                .debug_struct("Failed")
                .field("acceptor", acceptor)
                .field("last", last)
                .field("attempts", attempts)
                .field("elapsed", elapsed)
                .finish(),
            WaitError::TimedOut {
                last,
                attempts,
                elapsed,
            } => f
                .debug_struct("TimedOut")
                .field("last", last)
                .field("attempts", attempts)
                .field("elapsed", elapsed)
                .finish(),
            WaitError::Unexpected {
                error,
                attempts,
                elapsed,
            } => f
                .debug_struct("Unexpected")
                .field("error", error)
                .field("attempts", attempts)
                .field("elapsed", elapsed)
                .finish(),
        }
    }
}

impl<I: OperationInput> fmt::Display for WaitError<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failed {
                acceptor,
                attempts,
                elapsed,
                ..
            } => write!(
                f,
                "the state waited for cannot be reached: acceptor {acceptor} matched after {attempts} attempts in {elapsed:.1?}"
            ),
            WaitError::TimedOut {
                attempts, elapsed, ..
            } => write!(
                f,
                "the state waited for was not reached in {elapsed:.1?} ({attempts} attempts)"
            ),
            WaitError::Unexpected {
                error, attempts, ..
            } => write!(f, "{error} (after {attempts} waiter attempts)"),
        }
    }
}

impl<I: OperationInput> std::error::Error for WaitError<I> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Unexpected { error, .. } => Some(error.as_ref()),
            WaitError::Failed { last, .. } => match last.as_ref() {
                Err(error) => Some(error),
                Ok(_) => None,
            },
            WaitError::TimedOut { .. } => None,
        }
    }
}

/// The outcome of waiting.
pub type WaitResult<I> = Result<Waited<I>, WaitError<I>>;

/// What to do after an attempt.
enum Next<I: OperationInput> {
    Stop(WaitResult<I>),
    Sleep(Duration, Answer<I>),
}

/// One waiting: the sans-IO part both loops share.
struct Waiting<W: Waiter> {
    started: SystemTime,
    max_wait: Duration,
    attempts: u32,
    _waiter: std::marker::PhantomData<W>,
}

impl<W: Waiter> Waiting<W> {
    fn new(client: &Client, max_wait: Duration) -> Self {
        Waiting {
            started: client.config().time_source().now(),
            max_wait,
            attempts: 0,
            _waiter: std::marker::PhantomData,
        }
    }

    fn elapsed(&self, client: &Client) -> Duration {
        client
            .config()
            .time_source()
            .now()
            .duration_since(self.started)
            .unwrap_or_default()
    }

    /// Reads one attempt's answer: the matching acceptor's state, or, when
    /// none matches, retry after an output and fail after an error.
    fn next(
        &mut self,
        client: &Client,
        input: &W::Input,
        answer: Answer<W::Input>,
    ) -> Next<W::Input> {
        self.attempts += 1;
        let elapsed = self.elapsed(client);
        let attempts = self.attempts;
        let state = W::matching(input, &answer).map(|index| (index, W::ACCEPTORS[index]));
        match (state, answer) {
            (Some((_, WaiterState::Success)), last) => Next::Stop(Ok(Waited {
                last,
                attempts,
                elapsed,
            })),
            (Some((acceptor, WaiterState::Failure)), last) => Next::Stop(Err(WaitError::Failed {
                acceptor,
                last: Box::new(last),
                attempts,
                elapsed,
            })),
            (None, Err(error)) => Next::Stop(Err(WaitError::Unexpected {
                error: Box::new(error),
                attempts,
                elapsed,
            })),
            (Some((_, WaiterState::Retry)) | None, last) => match self.delay(elapsed, client) {
                Some(delay) => Next::Sleep(delay, last),
                None => Next::Stop(Err(WaitError::TimedOut {
                    last: Some(Box::new(last)),
                    attempts,
                    elapsed,
                })),
            },
        }
    }

    /// The delay before the next attempt (Smithy's waiter retries), or
    /// `None` when the time left cannot hold a delay and another attempt.
    fn delay(&self, elapsed: Duration, client: &Client) -> Option<Duration> {
        backoff(
            W::MIN_DELAY,
            W::MAX_DELAY,
            self.attempts,
            self.max_wait.checked_sub(elapsed)?,
            client.config().jitter(),
        )
    }
}

/// The delay after `attempt` (from 1) with `remaining` time left: a random
/// point (`jitter` in `[0, 1)`) between `min_delay` and `min_delay` doubled
/// for each attempt, at most `max_delay`, and short enough to leave time for
/// one more attempt after it. `None` when no more than `min_delay` is left:
/// no time for a delay and an attempt.
pub fn backoff(
    min_delay: Duration,
    max_delay: Duration,
    attempt: u32,
    remaining: Duration,
    jitter: f64,
) -> Option<Duration> {
    if remaining <= min_delay {
        return None;
    }
    let ceiling = 2u32
        .checked_pow(attempt.saturating_sub(1))
        .and_then(|factor| min_delay.checked_mul(factor))
        .map_or(max_delay, |delay| delay.min(max_delay))
        .max(min_delay);
    let delay = min_delay + (ceiling - min_delay).mul_f64(jitter.clamp(0.0, 1.0));
    if remaining.saturating_sub(delay) <= min_delay {
        Some(remaining - min_delay)
    } else {
        Some(delay)
    }
}

/// What a fluent waiter's `wait()` does: calls until an acceptor ends the
/// waiting or `max_wait` has passed, blocking the thread.
pub fn wait<W: Waiter>(
    client: Option<Client>,
    input: Result<W::Input, BuildError>,
    max_wait: Duration,
) -> WaitResult<W::Input> {
    let (client, input, mut waiting) = start::<W>(client, input, max_wait)?;
    loop {
        let answer = client.call(&input);
        match waiting.next(&client, &input, answer) {
            Next::Stop(result) => return result,
            Next::Sleep(delay, _) => client.config().sleep().sleep(delay),
        }
    }
}

/// [`wait`] on an async runtime.
pub async fn wait_async<W: Waiter>(
    client: Option<Client>,
    input: Result<W::Input, BuildError>,
    max_wait: Duration,
) -> WaitResult<W::Input> {
    let (client, input, mut waiting) = start::<W>(client, input, max_wait)?;
    loop {
        let answer = client.call_async(&input).await;
        match waiting.next(&client, &input, answer) {
            Next::Stop(result) => return result,
            // Without a sleep the call itself fails, so this is a client
            // whose sleep went away: say so rather than spin.
            Next::Sleep(delay, _) => match client.async_sleep() {
                Some(sleep) => sleep.sleep(delay).await,
                None => {
                    let error = CallError::before_sending(
                        <W::Input as OperationInput>::Operation::NAME,
                        CallErrorKind::Transport(TransportError::not_configured("no async sleep")),
                    );
                    return Err(WaitError::Unexpected {
                        error: Box::new(error),
                        attempts: waiting.attempts,
                        elapsed: waiting.elapsed(&client),
                    });
                }
            },
        }
    }
}

/// The client and input of a fluent waiter, and the waiting begun; a waiter
/// with no client or an input that did not build ends before any call.
#[allow(clippy::type_complexity)]
fn start<W: Waiter>(
    client: Option<Client>,
    input: Result<W::Input, BuildError>,
    max_wait: Duration,
) -> Result<(Client, W::Input, Waiting<W>), WaitError<W::Input>> {
    let (client, input) = fluent_parts(client, input).map_err(|error| WaitError::Unexpected {
        error: Box::new(error),
        attempts: 0,
        elapsed: Duration::ZERO,
    })?;
    let waiting = Waiting::new(&client, max_wait);
    Ok((client, input, waiting))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(2);
    const MAX: Duration = Duration::from_secs(120);
    const PLENTY: Duration = Duration::from_secs(3600);

    #[test]
    fn the_longest_delay_doubles_from_the_shortest_up_to_the_longest() {
        let longest: Vec<u64> = (1..=9)
            .map(|attempt| backoff(MIN, MAX, attempt, PLENTY, 1.0).unwrap().as_secs())
            .collect();
        assert_eq!(longest, [2, 4, 8, 16, 32, 64, 120, 120, 120]);
        // A huge attempt count neither overflows nor passes the longest.
        assert_eq!(backoff(MIN, MAX, u32::MAX, PLENTY, 1.0), Some(MAX));
    }

    #[test]
    fn the_delay_is_a_random_point_from_the_shortest_up() {
        assert_eq!(backoff(MIN, MAX, 3, PLENTY, 0.0), Some(MIN));
        assert_eq!(
            backoff(MIN, MAX, 3, PLENTY, 0.5),
            Some(Duration::from_secs(5))
        );
        // A waiter whose delays are all the same.
        assert_eq!(backoff(MIN, MIN, 5, PLENTY, 0.7), Some(MIN));
    }

    #[test]
    fn the_delay_leaves_time_for_one_more_attempt() {
        // 10 s left, 8 s wanted: sleep 8 s leaves 2 s, just the shortest
        // delay, so the wait is cut to leave it.
        assert_eq!(
            backoff(MIN, MAX, 3, Duration::from_secs(10), 1.0),
            Some(Duration::from_secs(8))
        );
        assert_eq!(
            backoff(MIN, MAX, 3, Duration::from_secs(9), 1.0),
            Some(Duration::from_secs(7))
        );
        assert_eq!(backoff(MIN, MAX, 3, MIN, 1.0), None);
        assert_eq!(backoff(MIN, MAX, 3, Duration::from_secs(1), 1.0), None);
    }
}

//! Hooks into every call at fixed points, named after the step they follow or
//! precede: read the input before anything happens, change the request
//! before it is signed or before it is sent, read each response, read the
//! error a call ends with. Interceptors run in the order they were added.

use std::any::Any;
use std::fmt;

use super::http::{HttpRequest, HttpResponse};

/// Where a call is: the operation, the attempt, the input.
pub struct CallContext<'a> {
    operation: &'static str,
    attempt: u32,
    max_attempts: u32,
    input: &'a (dyn Any + Send + Sync),
    input_debug: &'a dyn fmt::Debug,
}

impl<'a> CallContext<'a> {
    pub fn new<T: Any + Send + Sync + fmt::Debug>(
        operation: &'static str,
        attempt: u32,
        max_attempts: u32,
        input: &'a T,
    ) -> Self {
        CallContext {
            operation,
            attempt,
            max_attempts,
            input,
            input_debug: input,
        }
    }

    /// The operation's wire name (`AssignPrivateIpAddresses`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The attempt under way, from 1; 0 before the first.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The input, when it is a `T` (the operation's input type).
    pub fn input<T: Any>(&self) -> Option<&T> {
        self.input.downcast_ref()
    }

    /// The input's `Debug` (which redacts sensitive members).
    pub fn input_debug(&self) -> &dyn fmt::Debug {
        self.input_debug
    }
}

impl fmt::Debug for CallContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallContext")
            .field("operation", &self.operation)
            .field("attempt", &self.attempt)
            .field("max_attempts", &self.max_attempts)
            .field("input", &self.input_debug)
            .finish()
    }
}

/// A hook into calls. Every method does nothing unless overridden.
pub trait Interceptor: Send + Sync + fmt::Debug {
    /// Before anything is done: the input as given.
    fn read_before_execution(&self, _context: &CallContext<'_>) {}

    /// Each attempt, before the request is signed: changes are signed.
    fn modify_before_signing(&self, _context: &CallContext<'_>, _request: &mut HttpRequest) {}

    /// Each attempt, after signing, just before sending: a header added here
    /// is not signed.
    fn modify_before_transmit(&self, _context: &CallContext<'_>, _request: &mut HttpRequest) {}

    /// Each attempt's response, whatever its status, before it is read.
    fn read_after_transmit(&self, _context: &CallContext<'_>, _response: &HttpResponse) {}

    /// The error the call ends with (after its last attempt).
    fn read_on_error(
        &self,
        _context: &CallContext<'_>,
        _error: &(dyn std::error::Error + 'static),
    ) {
    }
}

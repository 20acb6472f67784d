//! What an operation's input builder holds besides its members. It is its
//! own module, apart from [`operation`](super::operation), because with the
//! `client` feature it holds the client: the sans-IO core does not depend on
//! the client, and a crate laid out as several crates keeps this with the
//! operations, which build after the client.

/// What an operation's input builder holds besides the members: the client
/// it came from (`client.operation()`, with the `client` feature), whose
/// `send()` makes the call, and the waiter it waits with (`W`; `()` for a
/// builder that calls).
// The impls are written out: derived ones would ask `W` for the trait too.
pub struct Caller<W = ()> {
    #[cfg(feature = "client")]
    client: Option<super::client::Client>,
    waiter: std::marker::PhantomData<W>,
}

impl<W> Caller<W> {
    /// A caller with `client`, for a builder that `client` returns.
    #[cfg(feature = "client")]
    #[inline]
    pub fn new(client: &super::client::Client) -> Self {
        Caller {
            client: Some(client.clone()),
            waiter: std::marker::PhantomData,
        }
    }

    /// The client, leaving none: a builder that sends hands it on.
    #[cfg(feature = "client")]
    #[inline]
    pub fn take_client(&mut self) -> Option<super::client::Client> {
        self.client.take()
    }
}

impl<W> Default for Caller<W> {
    #[inline]
    fn default() -> Self {
        Caller {
            #[cfg(feature = "client")]
            client: None,
            waiter: std::marker::PhantomData,
        }
    }
}

impl<W> Clone for Caller<W> {
    #[inline]
    fn clone(&self) -> Self {
        Caller {
            #[cfg(feature = "client")]
            client: self.client.clone(),
            waiter: std::marker::PhantomData,
        }
    }
}

/// Builders are compared by their members: two with the same members are
/// equal whichever client they came from.
impl<W> PartialEq for Caller<W> {
    #[inline]
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl<W> std::fmt::Debug for Caller<W> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut caller = formatter.debug_struct("Caller");
        #[cfg(feature = "client")]
        caller.field("client", &self.client);
        caller.field("waiter", &std::any::type_name::<W>()).finish()
    }
}

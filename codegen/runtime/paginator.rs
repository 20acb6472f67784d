//! The pages of a paginated operation's results, and their items, made by
//! calling the operation again with each page's token.
//!
//! A [`Paginator`] is an [`Iterator`] of pages, each call blocking, and an
//! async sequence of them ([`Paginator::next_async`], and `futures`'
//! `Stream` with the `stream` feature). It ends after the last page (no
//! token, an empty token, or the token that asked for the page again) or
//! after the first error, which it yields. [`Items`] is the same over the
//! items of every page.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use super::build_error::BuildError;
use super::client::{CallError, Client, fluent_parts};
use super::operation::{ErrorOf, OutputOf, PageSize, Paginated, PaginatedItems};

/// One page, or the error that ends the pages.
pub type PageResult<I> = Result<OutputOf<I>, CallError<ErrorOf<I>>>;

type PageFuture<I> = Pin<Box<dyn Future<Output = PageResult<I>> + Send>>;

/// The pages of the results of a paginated operation's call: made by an
/// input builder's `into_paginator()`.
pub struct Paginator<I: Paginated> {
    state: State<I>,
}

enum State<I: Paginated> {
    /// The next page is asked for with `input`; an async caller's request
    /// for it may be under way.
    Next {
        client: Client,
        input: I,
        in_flight: Option<PageFuture<I>>,
    },
    /// The call could not be made (no client, an input that did not build):
    /// the first page is this error.
    Failed(CallError<ErrorOf<I>>),
    Done,
}

impl<I: Paginated> Paginator<I> {
    /// The pages of `input`'s results, asked for with `client`: what a fluent
    /// builder's `into_paginator()` makes.
    pub fn new(client: Option<Client>, input: Result<I, BuildError>) -> Self {
        let state = match fluent_parts(client, input) {
            Ok((client, input)) => State::Next {
                client,
                input,
                in_flight: None,
            },
            Err(error) => State::Failed(error),
        };
        Paginator { state }
    }

    /// The items of every page, in order.
    pub fn items(self) -> Items<I>
    where
        I: PaginatedItems,
    {
        Items {
            pages: self,
            page: None,
        }
    }

    /// Asks for pages of `size` items (the operation's page-size member).
    pub fn page_size(mut self, size: I::Size) -> Self
    where
        I: PageSize,
    {
        if let State::Next { input, .. } = &mut self.state {
            input.set_page_size(size);
        }
        self
    }

    /// Keeps the input for the next page, if `result` says there is one.
    fn turn_page(&mut self, client: Client, mut input: I, result: PageResult<I>) -> PageResult<I> {
        if let Ok(output) = &result {
            if input.next_page(output) {
                self.state = State::Next {
                    client,
                    input,
                    in_flight: None,
                };
            }
        }
        result
    }
}

impl<I: Paginated + Clone + Send + Sync + 'static> Paginator<I>
where
    OutputOf<I>: 'static,
{
    /// The next page, asked for on an async runtime; `None` after the last.
    pub async fn next_async(&mut self) -> Option<PageResult<I>> {
        std::future::poll_fn(|context| self.poll_next_page(context)).await
    }

    /// Polls for the next page: what `next_async` and `Stream` share.
    pub fn poll_next_page(&mut self, context: &mut Context<'_>) -> Poll<Option<PageResult<I>>> {
        match std::mem::replace(&mut self.state, State::Done) {
            State::Next {
                client,
                input,
                in_flight,
            } => {
                let mut call = in_flight.unwrap_or_else(|| {
                    // The future owns what it uses, so the paginator can keep
                    // its own input while the request is under way.
                    let (client, input) = (client.clone(), input.clone());
                    Box::pin(async move { client.call_async(&input).await })
                });
                match call.as_mut().poll(context) {
                    Poll::Pending => {
                        self.state = State::Next {
                            client,
                            input,
                            in_flight: Some(call),
                        };
                        Poll::Pending
                    }
                    Poll::Ready(result) => Poll::Ready(Some(self.turn_page(client, input, result))),
                }
            }
            State::Failed(error) => Poll::Ready(Some(Err(error))),
            State::Done => Poll::Ready(None),
        }
    }
}

impl<I: Paginated> Iterator for Paginator<I> {
    type Item = PageResult<I>;

    /// The next page, blocking the thread; `None` after the last.
    fn next(&mut self) -> Option<PageResult<I>> {
        match std::mem::replace(&mut self.state, State::Done) {
            State::Next { client, input, .. } => {
                let result = client.call(&input);
                Some(self.turn_page(client, input, result))
            }
            State::Failed(error) => Some(Err(error)),
            State::Done => None,
        }
    }
}

impl<I: Paginated + std::fmt::Debug> std::fmt::Debug for Paginator<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.state {
            State::Next {
                input, in_flight, ..
            } => f
                .debug_struct("Paginator")
                .field("next", input)
                .field("in_flight", &in_flight.is_some())
                .finish(),
            State::Failed(error) => f.debug_tuple("Paginator").field(error).finish(),
            State::Done => f.write_str("Paginator(Done)"),
        }
    }
}

/// One item, or the error that ends the items.
pub type ItemResult<I> = Result<ItemOf<I>, CallError<ErrorOf<I>>>;

/// The items of every page of a paginated operation's results, in order:
/// made by [`Paginator::items`].
pub struct Items<I: PaginatedItems> {
    pages: Paginator<I>,
    page: Option<<I::Items as IntoIterator>::IntoIter>,
}

impl<I: PaginatedItems> Items<I> {
    fn next_of_page(&mut self) -> Option<ItemOf<I>> {
        self.page.as_mut().and_then(Iterator::next)
    }
}

impl<I: PaginatedItems + Clone + Send + Sync + 'static> Items<I>
where
    OutputOf<I>: 'static,
{
    /// The next item, its page asked for on an async runtime when needed.
    pub async fn next_async(&mut self) -> Option<ItemResult<I>> {
        std::future::poll_fn(|context| self.poll_next_item(context)).await
    }

    /// Polls for the next item: what `next_async` and `Stream` share.
    pub fn poll_next_item(&mut self, context: &mut Context<'_>) -> Poll<Option<ItemResult<I>>> {
        loop {
            if let Some(item) = self.next_of_page() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(self.pages.poll_next_page(context)) {
                Some(Ok(output)) => self.page = Some(I::into_items(output).into_iter()),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<I: PaginatedItems> Iterator for Items<I> {
    type Item = ItemResult<I>;

    /// The next item, blocking the thread while its page is asked for.
    fn next(&mut self) -> Option<ItemResult<I>> {
        loop {
            if let Some(item) = self.next_of_page() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(output) => self.page = Some(I::into_items(output).into_iter()),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

impl<I: PaginatedItems + std::fmt::Debug> std::fmt::Debug for Items<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .finish_non_exhaustive()
    }
}

/// The item type of a paginated operation's pages.
pub type ItemOf<I> = <<I as PaginatedItems>::Items as IntoIterator>::Item;

/// A collection (boto3's `hasMany`) not yet asked for: the list operation's
/// input builder, which [`CollectionRequest::filter`] may refine, and how
/// its items become resources. Iterating it pages through the answers. `C`
/// is the client the resources hold: the crate's `Client`, which in a split
/// crate is not the runtime's but a package's own, over it.
pub struct CollectionRequest<B, I: PaginatedItems, R, C = Client> {
    builder: B,
    paginate: fn(B) -> Paginator<I>,
    client: C,
    expand: fn(&C, ItemOf<I>) -> Vec<R>,
}

impl<B, I: PaginatedItems, R, C> CollectionRequest<B, I, R, C> {
    /// What a generated collection method makes.
    pub fn new(
        client: C,
        builder: B,
        paginate: fn(B) -> Paginator<I>,
        expand: fn(&C, ItemOf<I>) -> Vec<R>,
    ) -> Self {
        CollectionRequest {
            builder,
            paginate,
            client,
            expand,
        }
    }

    /// Sets more members of the request (`Filters`, say).
    pub fn filter(mut self, refine: impl FnOnce(B) -> B) -> Self {
        self.builder = refine(self.builder);
        self
    }

    /// Every resource, page after page.
    pub fn all(self) -> Collection<I, R, C> {
        Collection {
            items: (self.paginate)(self.builder).items(),
            client: self.client,
            expand: self.expand,
            pending: Vec::new().into_iter(),
        }
    }
}

impl<B, I: PaginatedItems, R, C> IntoIterator for CollectionRequest<B, I, R, C> {
    type Item = Result<R, CallError<ErrorOf<I>>>;
    type IntoIter = Collection<I, R, C>;

    fn into_iter(self) -> Collection<I, R, C> {
        self.all()
    }
}

/// The resources of a collection, page after page: an iterator (each page a
/// blocking call) and, with `next_async()`, an async sequence. It ends after
/// the last page, or after the first error, which it yields.
pub struct Collection<I: PaginatedItems, R, C = Client> {
    items: Items<I>,
    client: C,
    expand: fn(&C, ItemOf<I>) -> Vec<R>,
    pending: std::vec::IntoIter<R>,
}

impl<I: PaginatedItems, R, C> Iterator for Collection<I, R, C> {
    type Item = Result<R, CallError<ErrorOf<I>>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(resource) = self.pending.next() {
                return Some(Ok(resource));
            }
            match self.items.next()? {
                Ok(item) => self.pending = (self.expand)(&self.client, item).into_iter(),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

impl<I: PaginatedItems + Clone + Send + Sync + 'static, R, C> Collection<I, R, C>
where
    OutputOf<I>: 'static,
{
    /// The next resource, its page asked for on an async runtime when needed.
    pub async fn next_async(&mut self) -> Option<Result<R, CallError<ErrorOf<I>>>> {
        loop {
            if let Some(resource) = self.pending.next() {
                return Some(Ok(resource));
            }
            match self.items.next_async().await? {
                Ok(item) => self.pending = (self.expand)(&self.client, item).into_iter(),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

impl<I: PaginatedItems, R, C> std::fmt::Debug for Collection<I, R, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collection")
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

// Nothing is pinned in place: the request under way is boxed.
impl<I: Paginated> Unpin for Paginator<I> {}
impl<I: PaginatedItems> Unpin for Items<I> {}

#[cfg(feature = "stream")]
impl<I: Paginated + Clone + Send + Sync + 'static> futures_core::Stream for Paginator<I>
where
    OutputOf<I>: 'static,
{
    type Item = PageResult<I>;

    fn poll_next(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_next_page(context)
    }
}

#[cfg(feature = "stream")]
impl<I: PaginatedItems + Clone + Send + Sync + 'static> futures_core::Stream for Items<I>
where
    OutputOf<I>: 'static,
{
    type Item = ItemResult<I>;

    fn poll_next(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_next_item(context)
    }
}

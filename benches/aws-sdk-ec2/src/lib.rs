//! Only the bench matters here.

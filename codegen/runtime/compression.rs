//! gzip request bodies, for operations with `@requestCompression`.

use std::io::Write as _;

use super::http::{HttpRequest, RequestConfig};

/// Compresses the body when the configuration asks for it and adds `gzip`
/// to `Content-Encoding`. Left as it was if compression fails.
pub fn gzip_request(mut request: HttpRequest, config: &RequestConfig) -> HttpRequest {
    if !config.compresses(request.body.len()) {
        return request;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let Ok(compressed) = encoder
        .write_all(&request.body)
        .and_then(|()| encoder.finish())
    else {
        return request;
    };
    let encoding = match request.header("Content-Encoding") {
        Some(existing) => format!("{existing}, gzip"),
        None => "gzip".to_owned(),
    };
    request.set_header("Content-Encoding", encoding);
    request.set_header("Content-Length", compressed.len().to_string());
    request.body = compressed;
    request
}

#[cfg(test)]
mod tests {
    use super::super::http::Endpoint;
    use super::*;

    fn endpoint() -> Endpoint {
        Endpoint::parse("example.com").unwrap()
    }

    fn config() -> RequestConfig {
        RequestConfig::new(endpoint()).with_min_compression_size(10)
    }

    #[test]
    fn compresses_large_bodies_only() {
        let small = HttpRequest::form_post(&endpoint(), "h".to_owned(), "Action=A".to_owned());
        assert_eq!(gzip_request(small.clone(), &config()), small);

        let large = HttpRequest::form_post(
            &endpoint(),
            "h".to_owned(),
            "Action=A&Data=".to_owned() + &"x".repeat(1000),
        );
        let compressed = gzip_request(large.clone(), &config());
        assert_eq!(compressed.header("Content-Encoding"), Some("gzip"));
        assert!(compressed.body.len() < large.body.len());
        assert_eq!(compressed.body[..2], [0x1f, 0x8b]);
        let length = compressed.body.len().to_string();
        assert_eq!(compressed.header("Content-Length"), Some(length.as_str()));
    }

    #[test]
    fn respects_a_disabled_configuration() {
        let large = HttpRequest::form_post(&endpoint(), "h".to_owned(), "x".repeat(1000));
        let config = config().without_request_compression();
        assert_eq!(gzip_request(large.clone(), &config), large);
    }
}

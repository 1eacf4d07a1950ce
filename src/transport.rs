//! The seams between the engine and the world: one HTTP exchange ([`Transport`]) and waiting
//! ([`Sleep`]). Native tests plug in the emulator and a recording sleeper; the wasm glue plugs in
//! `fetch` and `setTimeout`.

use std::future::Future;

/// An HTTP method used by the associations API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as it goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Parses a wire method (case-insensitive); `None` for methods this API does not use.
    pub fn parse(s: &str) -> Option<Method> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One request as it leaves the client: absolute URL, headers (names as written), optional body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The HTTP method.
    pub method: Method,
    /// Absolute URL including the query string.
    pub url: String,
    /// Header name/value pairs.
    pub headers: Vec<(String, String)>,
    /// The body (JSON text), if any.
    pub body: Option<String>,
    /// The JS glue may read a 2xx answer itself, by the shape of this index (see
    /// `RequestSpec::shape`); 0 everywhere else.
    pub shape: u8,
}

impl HttpRequest {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// One response as the transport saw it. `headers` may be empty where the host hides them
/// (HubSpot's `hubspot.fetch`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header name/value pairs (names in any case).
    pub headers: Vec<(String, String)>,
    /// The body as text (possibly empty).
    pub body: String,
}

impl HttpResponse {
    /// A response with a status and a body and no headers.
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header (builder style).
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Why an exchange produced no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The connection failed, was dropped, or the host's fetch rejected.
    Network(String),
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The host enforced its own timeout (for example `hubspot.fetch`'s).
    Timeout,
}

/// Sends one HTTP request. Implementations do no retries and no interpretation of the status.
pub trait Transport {
    /// Performs the exchange.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;

    /// True when [`Self::send_within`] enforces its timeout itself (failing with
    /// [`TransportError::Timeout`]); the engine then races no timer of its own against it.
    const TIMES_OUT: bool = false;

    /// Performs the exchange within `timeout_ms` when [`Self::TIMES_OUT`]; by default, [`Self::send`]
    /// (the engine enforces the timeout).
    fn send_within(
        &self,
        request: HttpRequest,
        timeout_ms: u64,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        let _ = timeout_ms;
        self.send(request)
    }
}

/// Waits and tells the time. The engine never reads a wall clock directly, so tests can record
/// waits and advance a fake clock instead.
pub trait Sleep {
    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: u64) -> impl Future<Output = ()>;
    /// Milliseconds on a monotonic-enough clock (the rate limiter's time).
    fn now_ms(&self) -> u64;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_found_case_insensitively() {
        let r = HttpResponse::new(200, "").with_header("X-HubSpot-Correlation-Id", "abc");
        assert_eq!(r.header("x-hubspot-correlation-id"), Some("abc"));
        assert_eq!(r.header("missing"), None);
    }

    #[test]
    fn methods_round_trip() {
        for m in [Method::Get, Method::Post, Method::Put, Method::Delete] {
            assert_eq!(Method::parse(&m.as_str().to_lowercase()), Some(m));
        }
        assert_eq!(Method::parse("PATCH"), None);
    }
}

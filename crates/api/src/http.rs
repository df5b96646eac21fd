//! A description of an HTTP request for the boundary to perform. The core decides every byte of
//! what is sent; the boundary only hands it to the host's `fetch`.

use serde::Serialize;
use ts_rs::TS;

/// The HTTP methods the core uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum HttpMethod {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
}

/// One request, fully built: the boundary sends exactly this.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HttpRequest {
    pub method: HttpMethod,
    pub url: String,
    /// Header names and values, in order. May hold the API key: never log a request.
    pub headers: Vec<(String, String)>,
    /// The JSON body, when the method has one.
    pub body: Option<String>,
}

//! The host's `fetch`, bound as a global function: the VS Code extension host is Node, which has
//! `fetch`, `AbortController` and web streams on `globalThis` but no `window`, so nothing here goes
//! through `web_sys::window()`.

use js_sys::{Array, Promise, Uint8Array};
use roo_api::http::{HttpMethod, HttpRequest};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    /// `globalThis.fetch`, present in Node 18 and later and in every browser.
    #[wasm_bindgen(js_name = fetch)]
    fn host_fetch(url: &str, init: &RequestInit) -> Promise;
}

/// A response whose headers have arrived; the body is still to be read.
#[derive(Debug)]
pub(crate) struct HostResponse {
    pub status: u16,
    /// Header names (lower case, as the Fetch standard gives them) and values.
    pub headers: Vec<(String, String)>,
    response: Response,
}

/// Sends a request the core built, exactly as built. Resolves when the headers arrive; rejects
/// when the connection fails or the signal aborts.
pub(crate) async fn send(
    request: &HttpRequest,
    signal: &AbortSignal,
) -> Result<HostResponse, JsValue> {
    let init = RequestInit::new();
    init.set_method(match request.method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
    });
    let headers = Array::new();
    for (name, value) in &request.headers {
        headers.push(&Array::of2(
            &JsValue::from_str(name),
            &JsValue::from_str(value),
        ));
    }
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_signal(Some(signal));
    let response: Response = JsFuture::from(fetch_promise(&request.url, &init)?)
        .await?
        .dyn_into()?;
    Ok(HostResponse {
        status: response.status(),
        headers: header_pairs(&response)?,
        response,
    })
}

/// The name under which the extension installs its own fetch (`globalThis.rooCodePlusFetch`): the
/// one that trusts the company CA bundle. Only this module reads it, so other code in the host
/// keeps the host's `fetch` untouched.
const HOST_FETCH_OVERRIDE: &str = "rooCodePlusFetch";

/// Starts the fetch with the extension's own fetch when it installed one, else the host's.
fn fetch_promise(url: &str, init: &RequestInit) -> Result<Promise, JsValue> {
    let installed =
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(HOST_FETCH_OVERRIDE))
            .ok()
            .and_then(|value| value.dyn_into::<js_sys::Function>().ok());
    match installed {
        Some(fetch) => fetch
            .call2(&JsValue::NULL, &JsValue::from_str(url), init)?
            .dyn_into(),
        None => Ok(host_fetch(url, init)),
    }
}

fn header_pairs(response: &Response) -> Result<Vec<(String, String)>, JsValue> {
    let mut pairs = Vec::new();
    let Some(entries) = js_sys::try_iter(&response.headers())? else {
        return Ok(pairs);
    };
    for entry in entries {
        let entry = Array::from(&entry?);
        if let (Some(name), Some(value)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
            pairs.push((name, value));
        }
    }
    Ok(pairs)
}

impl HostResponse {
    /// Reads the whole body as text: for error answers and the small JSON endpoints.
    pub(crate) async fn text(&self) -> Result<String, JsValue> {
        let text = JsFuture::from(self.response.text()?).await?;
        Ok(text.as_string().unwrap_or_default())
    }

    /// Starts reading the body incrementally. `None` when the response has no body.
    pub(crate) fn body_reader(&self) -> Result<Option<BodyReader>, JsValue> {
        let Some(body) = self.response.body() else {
            return Ok(None);
        };
        let reader: ReadableStreamDefaultReader = body.get_reader().dyn_into()?;
        Ok(Some(BodyReader {
            reader,
            buffer: Vec::new(),
        }))
    }
}

/// Reads a response body one network read at a time, copying each read into one reused buffer.
#[derive(Debug)]
pub(crate) struct BodyReader {
    reader: ReadableStreamDefaultReader,
    buffer: Vec<u8>,
}

impl BodyReader {
    /// The next piece of the body, or `None` at its end. Rejects when the connection drops or
    /// the request is aborted.
    pub(crate) async fn next_chunk(&mut self) -> Result<Option<&[u8]>, JsValue> {
        loop {
            let result = JsFuture::from(self.reader.read()).await?;
            let done = js_sys::Reflect::get(&result, &JsValue::from_str("done"))?;
            if done.as_bool().unwrap_or(true) {
                return Ok(None);
            }
            let value: Uint8Array =
                js_sys::Reflect::get(&result, &JsValue::from_str("value"))?.dyn_into()?;
            let length = value.length() as usize;
            if length == 0 {
                continue;
            }
            self.buffer.resize(length, 0);
            value.copy_to(&mut self.buffer);
            return Ok(Some(&self.buffer));
        }
    }

    /// Cancels the body so the host closes the connection instead of downloading the rest.
    pub(crate) fn cancel(&self) {
        // The promise only reports when the cancel finished; nothing waits for it.
        let _ = self.reader.cancel();
    }
}

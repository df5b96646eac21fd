//! The one place values cross between JavaScript and Rust: serde-wasm-bindgen configured once,
//! so every export hands the host plain objects (never `Map`s) and `null` for missing values, and
//! every value read from the host fails with a message that names what was expected.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// The serializer every export uses. Maps become plain objects so the TypeScript types generated
/// from the Rust structs describe them exactly; `None` becomes `null`, matching those types.
fn serializer() -> serde_wasm_bindgen::Serializer {
    serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true)
}

/// Converts a core value to a JavaScript value with the shared serializer settings.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serializer()).map_err(|error| {
        JsError::new(&format!(
            "could not convert a value for JavaScript: {error}"
        ))
    })
}

/// Reads a host value into a core type; `what` names it in the error ("the messages").
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|error| JsError::new(&format!("{what} are not in the expected shape: {error}")))
}

/// Reads a host value as JSON, for the core parsers that check each field themselves and so
/// give errors that name the field.
pub(crate) fn to_json(value: &JsValue) -> Result<serde_json::Value, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(serde_json::Value::Object(serde_json::Map::new()));
    }
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| JsError::new("the settings could not be read as JSON"))?;
    serde_json::from_str(&String::from(text))
        .map_err(|error| JsError::new(&format!("the settings could not be read as JSON: {error}")))
}

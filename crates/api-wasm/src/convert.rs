//! The one place values cross into JavaScript: serde-wasm-bindgen configured once, so every
//! export hands the host plain objects (never `Map`s) and `null` for missing values.

use serde::Serialize;
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

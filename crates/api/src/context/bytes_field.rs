//! Reading a field of raw bytes from either host: a `Uint8Array` from JavaScript (one copy, not a
//! value per byte) or an array of numbers from JSON, which the tests use.

use std::fmt;

use serde::Deserializer;
use serde::de::{SeqAccess, Visitor};

/// Deserializes bytes however the format offers them (`#[serde(with = "bytes_field")]`).
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    deserializer.deserialize_byte_buf(BytesVisitor)
}

/// Optional bytes (`#[serde(default, with = "bytes_field::optional")]`): `null` or a missing
/// field is `None`.
pub(crate) mod optional {
    use serde::Deserializer;

    /// Deserializes optional bytes.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<u8>>, D::Error> {
        deserializer.deserialize_option(super::OptionVisitor)
    }
}

struct BytesVisitor;

impl<'de> Visitor<'de> for BytesVisitor {
    type Value = Vec<u8>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("bytes (a Uint8Array or an array of numbers)")
    }

    fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
        Ok(bytes.to_vec())
    }

    fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
        Ok(bytes)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Vec<u8>, A::Error> {
        let mut bytes = Vec::with_capacity(sequence.size_hint().unwrap_or(0));
        while let Some(byte) = sequence.next_element::<u8>()? {
            bytes.push(byte);
        }
        Ok(bytes)
    }
}

struct OptionVisitor;

impl<'de> Visitor<'de> for OptionVisitor {
    type Value = Option<Vec<u8>>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("bytes or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(with = "super")]
        bytes: Vec<u8>,
        #[serde(default, with = "super::optional")]
        maybe: Option<Vec<u8>>,
    }

    #[test]
    fn json_arrays_read_as_bytes() {
        let holder: Holder = serde_json::from_str(r#"{"bytes":[104,105],"maybe":[1]}"#).unwrap();
        assert_eq!(holder.bytes, b"hi");
        assert_eq!(holder.maybe, Some(vec![1]));
        let holder: Holder = serde_json::from_str(r#"{"bytes":[],"maybe":null}"#).unwrap();
        assert_eq!(holder.maybe, None);
        let holder: Holder = serde_json::from_str(r#"{"bytes":[]}"#).unwrap();
        assert_eq!(holder.maybe, None);
    }

    #[test]
    fn values_that_are_not_bytes_are_refused() {
        assert!(serde_json::from_str::<Holder>(r#"{"bytes":[256]}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"bytes":true}"#).is_err());
    }
}

//! Images the user pastes or drops into a message: what a valid one is, whether the model can
//! take it, and what it costs in the context window.
//!
//! The webview scales images down before sending them, so the limits here are a last check that
//! names what is wrong rather than letting the provider reject the request with a vaguer message.
//! They follow the strictest of the usual providers behind LiteLLM: Anthropic takes at most 5 MB
//! and 8,000 pixels a side per image, OpenAI at most 10 images a message in practice.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::units::format_bytes;
use crate::messages::{ContentBlock, ImageSource};
use crate::model_info::ModelInfo;
use crate::tokens::{MAX_IMAGE_TOKENS, MIN_IMAGE_TOKENS};

/// The image types every vision model behind LiteLLM takes (the protocol's `imageMediaTypes`).
pub const IMAGE_MEDIA_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/// The largest image, in decoded bytes: 5 MB (decimal, as the limits are shown), just under
/// Anthropic's per-image limit of 5 MiB, the strictest in common use.
pub const MAX_IMAGE_BYTES: u64 = 5_000_000;

/// The most pixels on either side of an image (Anthropic rejects larger ones).
pub const MAX_IMAGE_SIDE: u32 = 8000;

/// The most images one message may carry.
pub const MAX_IMAGES_PER_MESSAGE: usize = 10;

/// Pixels per token of an image: Anthropic's documented rate (`width * height / 750`), which also
/// lands near OpenAI's high-detail tiles for usual screenshots.
pub const PIXELS_PER_IMAGE_TOKEN: u64 = 750;

/// An image of a user message, as the chat keeps it and the request sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatImage {
    /// The file name it was pasted or dropped as, for the thumbnail and for notes about it.
    pub name: String,
    /// One of [`IMAGE_MEDIA_TYPES`].
    pub media_type: String,
    /// The image's bytes, base64-encoded, with no `data:` prefix.
    pub data: String,
    pub width: u32,
    pub height: u32,
}

impl ChatImage {
    /// The image's estimated tokens: [`PIXELS_PER_IMAGE_TOKEN`] pixels a token, kept between
    /// [`MIN_IMAGE_TOKENS`] and [`MAX_IMAGE_TOKENS`] (providers scale larger images down to about
    /// that ceiling before counting).
    #[must_use]
    pub fn tokens(&self) -> u64 {
        (u64::from(self.width) * u64::from(self.height))
            .div_ceil(PIXELS_PER_IMAGE_TOKEN)
            .clamp(MIN_IMAGE_TOKENS, MAX_IMAGE_TOKENS)
    }

    /// The image as a base64 image block.
    #[must_use]
    pub fn content_block(&self) -> ContentBlock {
        ContentBlock::Image {
            source: ImageSource::Base64 {
                media_type: self.media_type.clone(),
                data: self.data.clone(),
            },
        }
    }

    /// The bytes the base64 data decodes to (padding subtracted).
    #[must_use]
    pub fn decoded_bytes(&self) -> u64 {
        let length = u64::try_from(self.data.len()).unwrap_or(u64::MAX);
        let padding = self
            .data
            .bytes()
            .rev()
            .take_while(|byte| *byte == b'=')
            .count() as u64;
        (length / 4 * 3).saturating_sub(padding.min(2))
    }
}

/// Why an image cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageError {
    /// The message has more images than [`MAX_IMAGES_PER_MESSAGE`].
    TooMany { count: usize },
    /// Not one of [`IMAGE_MEDIA_TYPES`].
    UnsupportedType { name: String, media_type: String },
    /// The data is not base64.
    NotBase64 { name: String },
    /// Larger than [`MAX_IMAGE_BYTES`] once decoded.
    TooLarge { name: String, bytes: u64 },
    /// A side of zero pixels or more than [`MAX_IMAGE_SIDE`].
    BadDimensions {
        name: String,
        width: u32,
        height: u32,
    },
    /// The model does not take images.
    ModelWithoutVision { model_id: String },
}

impl fmt::Display for ImageError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooMany { count } => write!(
                formatter,
                "A message can carry at most {MAX_IMAGES_PER_MESSAGE} images; this one has \
                 {count}. Remove some, or send them over several messages."
            ),
            Self::UnsupportedType { name, media_type } => write!(
                formatter,
                "{name} is {media_type:?}, which models do not take. Attach a PNG, JPEG, GIF or \
                 WebP image."
            ),
            Self::NotBase64 { name } => write!(
                formatter,
                "{name} could not be read as an image (its data is not base64). Paste or drop it \
                 again."
            ),
            Self::TooLarge { name, bytes } => write!(
                formatter,
                "{name} is {}, over the {} limit for one image. Attach a smaller or scaled-down \
                 image.",
                format_bytes(*bytes),
                format_bytes(MAX_IMAGE_BYTES)
            ),
            Self::BadDimensions {
                name,
                width,
                height,
            } => write!(
                formatter,
                "{name} is {width}x{height} pixels; an image must be between 1 and \
                 {MAX_IMAGE_SIDE} pixels a side. Attach a scaled-down image."
            ),
            Self::ModelWithoutVision { model_id } => write!(
                formatter,
                "The model {model_id} does not take images. Remove the images, or choose a model \
                 that supports vision (or set \"supportsImages\" in its model info in Settings if \
                 it does)."
            ),
        }
    }
}

impl std::error::Error for ImageError {}

/// Checks a message's images on their own: how many, their types, sizes and dimensions.
///
/// # Errors
/// The first [`ImageError`] found.
pub fn validate_images(images: &[ChatImage]) -> Result<(), ImageError> {
    if images.len() > MAX_IMAGES_PER_MESSAGE {
        return Err(ImageError::TooMany {
            count: images.len(),
        });
    }
    images.iter().try_for_each(validate_image)
}

fn validate_image(image: &ChatImage) -> Result<(), ImageError> {
    let name = || image.name.clone();
    if !IMAGE_MEDIA_TYPES.contains(&image.media_type.as_str()) {
        return Err(ImageError::UnsupportedType {
            name: name(),
            media_type: image.media_type.clone(),
        });
    }
    if !is_base64(&image.data) {
        return Err(ImageError::NotBase64 { name: name() });
    }
    let bytes = image.decoded_bytes();
    if bytes > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge {
            name: name(),
            bytes,
        });
    }
    let side_ok = |side: u32| (1..=MAX_IMAGE_SIDE).contains(&side);
    if !(side_ok(image.width) && side_ok(image.height)) {
        return Err(ImageError::BadDimensions {
            name: name(),
            width: image.width,
            height: image.height,
        });
    }
    Ok(())
}

/// Checks that `model_id`, described by `info`, takes images when there are any.
///
/// # Errors
/// [`ImageError::ModelWithoutVision`] naming the model.
pub fn check_model_takes_images(
    images: &[ChatImage],
    model_id: &str,
    info: &ModelInfo,
) -> Result<(), ImageError> {
    if images.is_empty() || info.supports_images {
        Ok(())
    } else {
        Err(ImageError::ModelWithoutVision {
            model_id: model_id.to_owned(),
        })
    }
}

/// Whether `data` is standard base64 with padding: a non-empty multiple of four characters of
/// the alphabet, with at most two `=` at the end.
fn is_base64(data: &str) -> bool {
    let bytes = data.as_bytes();
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return false;
    }
    let body = data.trim_end_matches('=');
    bytes.len() - body.len() <= 2
        && body
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defaults::lite_llm_model_info_sane_defaults;

    fn image(media_type: &str, data: &str, width: u32, height: u32) -> ChatImage {
        ChatImage {
            name: "shot.png".into(),
            media_type: media_type.into(),
            data: data.into(),
            width,
            height,
        }
    }

    #[test]
    fn a_usual_image_is_valid_and_counts_by_its_pixels() {
        let shot = image("image/png", "iVBORw0KGgo=", 1000, 750);
        assert_eq!(validate_images(std::slice::from_ref(&shot)), Ok(()));
        assert_eq!(shot.tokens(), 1000);
        assert_eq!(shot.decoded_bytes(), 8);
        // Tiny images cost the minimum and huge ones the ceiling.
        assert_eq!(
            image("image/png", "AAAA", 10, 10).tokens(),
            MIN_IMAGE_TOKENS
        );
        assert_eq!(
            image("image/png", "AAAA", 8000, 8000).tokens(),
            MAX_IMAGE_TOKENS
        );
        assert_eq!(
            shot.content_block(),
            ContentBlock::Image {
                source: ImageSource::Base64 {
                    media_type: "image/png".into(),
                    data: "iVBORw0KGgo=".into()
                }
            }
        );
    }

    #[test]
    fn bad_images_are_refused_with_a_sentence_naming_the_image() {
        let cases = [
            (image("image/bmp", "AAAA", 1, 1), "PNG, JPEG, GIF or WebP"),
            (image("image/png", "not base64!", 1, 1), "not base64"),
            (image("image/png", "AAA", 1, 1), "not base64"),
            (image("image/png", "", 1, 1), "not base64"),
            (image("image/png", "A===", 1, 1), "not base64"),
            (image("image/png", "AAAA", 0, 10), "0x10 pixels"),
            (image("image/png", "AAAA", 9000, 10), "between 1 and 8000"),
        ];
        for (bad, expected) in cases {
            let error = validate_images(&[bad]).unwrap_err().to_string();
            assert!(error.contains("shot.png"), "{error}");
            assert!(error.contains(expected), "{expected}: {error}");
        }
        let big = image("image/jpeg", &"A".repeat(7 * 1024 * 1024), 100, 100);
        let error = validate_images(&[big]).unwrap_err().to_string();
        assert!(error.contains("over the 5 MB limit"), "{error}");
    }

    #[test]
    fn too_many_images_are_refused() {
        let one = image("image/gif", "R0lG", 2, 2);
        let many = vec![one; MAX_IMAGES_PER_MESSAGE + 1];
        let error = validate_images(&many).unwrap_err();
        assert_eq!(error, ImageError::TooMany { count: 11 });
        assert!(error.to_string().contains("at most 10 images"));
        assert_eq!(validate_images(&many[..MAX_IMAGES_PER_MESSAGE]), Ok(()));
    }

    #[test]
    fn a_model_without_vision_is_named() {
        let info = lite_llm_model_info_sane_defaults();
        assert!(!info.supports_images);
        let shot = image("image/webp", "UklG", 5, 5);
        assert_eq!(check_model_takes_images(&[], "gpt-3.5", &info), Ok(()));
        let error = check_model_takes_images(std::slice::from_ref(&shot), "gpt-3.5", &info)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("The model gpt-3.5 does not take images"),
            "{error}"
        );
        assert!(error.contains("supports vision"), "{error}");
        let vision = ModelInfo {
            supports_images: true,
            ..info
        };
        assert_eq!(check_model_takes_images(&[shot], "gpt-4o", &vision), Ok(()));
    }
}

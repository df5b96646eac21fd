//! The workspace-context parts of a saved message (issue 14): its attachments and images. Like
//! [`super::stored_parts`], they are the file's own types, converted field for field, so a change
//! to what crosses into the webview cannot silently change what is on disk.
//!
//! These fields, with a reply's `contextNotice` and a summary's `summaryOf`, were added to
//! version 3 without a new version: each is optional, read as empty when missing and written
//! only when a message has it. Every file written before reads unchanged, a chat without context
//! writes the same bytes as before, and an older build still reads a newer file (it ignores the
//! fields it does not know).

use serde::{Deserialize, Serialize};

use crate::context::{Attachment, AttachmentKind, ChatImage};

/// An attachment as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredAttachment {
    pub kind: StoredAttachmentKind,
    pub label: String,
    pub text: String,
    pub tokens: u64,
    #[serde(default)]
    pub note: Option<String>,
}

/// What kind of mention an attachment came from, as saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StoredAttachmentKind {
    File,
    Folder,
    Problems,
    Selection,
    GitChanges,
    Terminal,
}

/// An image as saved: its bytes stay base64 inside the chat file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredImage {
    pub name: String,
    pub media_type: String,
    pub data: String,
    pub width: u32,
    pub height: u32,
}

impl From<AttachmentKind> for StoredAttachmentKind {
    fn from(kind: AttachmentKind) -> Self {
        match kind {
            AttachmentKind::File => Self::File,
            AttachmentKind::Folder => Self::Folder,
            AttachmentKind::Problems => Self::Problems,
            AttachmentKind::Selection => Self::Selection,
            AttachmentKind::GitChanges => Self::GitChanges,
            AttachmentKind::Terminal => Self::Terminal,
        }
    }
}

impl From<StoredAttachmentKind> for AttachmentKind {
    fn from(kind: StoredAttachmentKind) -> Self {
        match kind {
            StoredAttachmentKind::File => Self::File,
            StoredAttachmentKind::Folder => Self::Folder,
            StoredAttachmentKind::Problems => Self::Problems,
            StoredAttachmentKind::Selection => Self::Selection,
            StoredAttachmentKind::GitChanges => Self::GitChanges,
            StoredAttachmentKind::Terminal => Self::Terminal,
        }
    }
}

impl From<&Attachment> for StoredAttachment {
    fn from(attachment: &Attachment) -> Self {
        Self {
            kind: attachment.kind.into(),
            label: attachment.label.clone(),
            text: attachment.text.clone(),
            tokens: attachment.tokens,
            note: attachment.note.clone(),
        }
    }
}

impl From<StoredAttachment> for Attachment {
    fn from(stored: StoredAttachment) -> Self {
        Self {
            kind: stored.kind.into(),
            label: stored.label,
            text: stored.text,
            tokens: stored.tokens,
            note: stored.note,
        }
    }
}

impl From<&ChatImage> for StoredImage {
    fn from(image: &ChatImage) -> Self {
        Self {
            name: image.name.clone(),
            media_type: image.media_type.clone(),
            data: image.data.clone(),
            width: image.width,
            height: image.height,
        }
    }
}

impl From<StoredImage> for ChatImage {
    fn from(stored: StoredImage) -> Self {
        Self {
            name: stored.name,
            media_type: stored.media_type,
            data: stored.data,
            width: stored.width,
            height: stored.height,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_attachments_and_images_write_the_wire_shape() {
        for kind in [
            AttachmentKind::File,
            AttachmentKind::Folder,
            AttachmentKind::Problems,
            AttachmentKind::Selection,
            AttachmentKind::GitChanges,
            AttachmentKind::Terminal,
        ] {
            let attachment = Attachment {
                kind,
                label: "src/a.rs".into(),
                text: "src/a.rs\n```\n1 | x\n```".into(),
                tokens: 9,
                note: Some("Cut.".into()),
            };
            let stored = StoredAttachment::from(&attachment);
            assert_eq!(
                serde_json::to_value(&stored).unwrap(),
                serde_json::to_value(&attachment).unwrap()
            );
            assert_eq!(Attachment::from(stored), attachment);
        }
        let image = ChatImage {
            name: "a.png".into(),
            media_type: "image/png".into(),
            data: "AAAA".into(),
            width: 3,
            height: 4,
        };
        let stored = StoredImage::from(&image);
        assert_eq!(
            serde_json::to_value(&stored).unwrap(),
            serde_json::to_value(&image).unwrap()
        );
        assert_eq!(ChatImage::from(stored), image);
    }
}

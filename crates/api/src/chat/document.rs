//! The one chat a window has open, as a document on disk: the conversation, the revision of the
//! file it was read from or last written as, and whether it changed since.
//!
//! Two windows may have the same chat open. The revision is how a window avoids writing over a
//! newer file: before writing, the shell (under its lock) reads the file on disk and asks
//! [`ChatDocument::can_overwrite`]. That holds when there is no file (a new chat, or one another
//! window deleted: writing it again is what the user is doing, so the chat comes back) or when
//! the file's revision is not newer than this document's. Otherwise another window wrote the chat
//! since this one read it, and this window saves its version as a copy under a new id
//! ([`ChatDocument::fork_as`]) instead, so neither window's messages are lost.

use super::Conversation;
use super::conversation::{ChatError, MAX_TITLE_CHARS, finite_or};
use super::format_error::FormatError;
use super::index::IndexEntry;
use super::stored::{LoadedChat, disk_revision, is_valid_chat_id, read_chat_file, write_chat_file};

/// What a copy's title ends with.
const COPY_SUFFIX: &str = " (copy)";

/// An open chat: the conversation and where it stands against its file.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatDocument {
    conversation: Conversation,
    /// The revision of the file this document was read from or last written as; 0 before the
    /// first write.
    revision: u64,
    /// Whether the conversation changed since it was read or last written.
    changed: bool,
}

impl ChatDocument {
    /// A new, empty chat, not yet written.
    ///
    /// # Errors
    /// [`ChatError::InvalidId`] when the id cannot name a chat file.
    pub fn new(id: impl Into<String>, now_ms: f64) -> Result<Self, ChatError> {
        let id = checked_id(id.into())?;
        Ok(Self {
            conversation: Conversation::new(id, now_ms),
            revision: 0,
            changed: true,
        })
    }

    /// Reads a chat file; see [`read_chat_file`]. A reply that was still streaming is now
    /// stopped, but that alone does not count as a change: another window may be the one
    /// streaming it, and this window writing the file would make that window's save a copy.
    ///
    /// # Errors
    /// The [`FormatError`] saying why the file cannot be read.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FormatError> {
        let LoadedChat {
            conversation,
            revision,
            ..
        } = read_chat_file(bytes)?;
        Ok(Self {
            conversation,
            revision,
            changed: false,
        })
    }

    /// The conversation.
    #[must_use]
    pub fn conversation(&self) -> &Conversation {
        &self.conversation
    }

    /// The revision of the file this document was read from or last written as.
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether there are changes that [`ChatDocument::to_bytes`] has not written yet.
    #[must_use]
    pub fn is_changed(&self) -> bool {
        self.changed
    }

    /// Runs one operation on the conversation; when it succeeds the document has changed. A
    /// refused operation leaves the conversation as it was (every operation checks before it
    /// changes anything), so it does not count.
    ///
    /// # Errors
    /// The operation's own [`ChatError`].
    pub fn change<T>(
        &mut self,
        operation: impl FnOnce(&mut Conversation) -> Result<T, ChatError>,
    ) -> Result<T, ChatError> {
        let result = operation(&mut self.conversation)?;
        self.changed = true;
        Ok(result)
    }

    /// The file's bytes to write. When the chat changed since it was read or last written, the
    /// revision goes up by one first; writing an unchanged chat again gives the same bytes.
    ///
    /// Check [`ChatDocument::can_overwrite`] before calling this: afterwards the document counts
    /// the new revision as its own.
    ///
    /// # Errors
    /// A [`FormatError`] when the chat cannot be written (see [`write_chat_file`]); the revision
    /// is then unchanged.
    pub fn to_bytes(&mut self) -> Result<Vec<u8>, FormatError> {
        let revision = if self.changed {
            self.revision.saturating_add(1)
        } else {
            self.revision
        };
        let bytes = write_chat_file(&self.conversation, revision)?;
        self.revision = revision;
        self.changed = false;
        Ok(bytes)
    }

    /// Whether this document may be written over the chat file now on disk (`None` when there is
    /// none): see the module's documentation. A file that cannot be read is not overwritten, so
    /// whatever it holds stays for the shell to set aside.
    #[must_use]
    pub fn can_overwrite(&self, disk: Option<&[u8]>) -> bool {
        match disk {
            None => true,
            Some(bytes) => disk_revision(bytes).is_some_and(|on_disk| on_disk <= self.revision),
        }
    }

    /// A copy of this chat under a new id, its title marked as a copy, changed at `now_ms` and not
    /// yet written: what a window saves when another window wrote the chat since it read it.
    ///
    /// # Errors
    /// [`ChatError::InvalidId`] when the new id cannot name a chat file, and
    /// [`ChatError::DuplicateId`] when it is this chat's own id.
    pub fn fork_as(&self, new_id: impl Into<String>, now_ms: f64) -> Result<Self, ChatError> {
        let new_id = checked_id(new_id.into())?;
        if new_id == self.conversation.id {
            return Err(ChatError::DuplicateId(new_id));
        }
        let mut conversation = self.conversation.clone();
        conversation.id = new_id;
        conversation.title = copy_title(&conversation.title);
        conversation.updated_at_ms = finite_or(now_ms, conversation.updated_at_ms);
        Ok(Self {
            conversation,
            revision: 0,
            changed: true,
        })
    }

    /// The chat's line in the index.
    #[must_use]
    pub fn index_entry(&self) -> IndexEntry {
        IndexEntry::of(&self.conversation)
    }
}

fn checked_id(id: String) -> Result<String, ChatError> {
    if is_valid_chat_id(&id) {
        Ok(id)
    } else {
        Err(ChatError::InvalidId(id))
    }
}

/// The title of a copy: the original's, cut so the suffix still fits in a title's length.
fn copy_title(title: &str) -> String {
    let title = title.trim();
    if title.is_empty() {
        return COPY_SUFFIX.trim().to_owned();
    }
    let room = MAX_TITLE_CHARS - COPY_SUFFIX.chars().count();
    let mut kept = if title.chars().count() <= room {
        title.to_owned()
    } else {
        // One character of the room goes to the ellipsis that says the title was cut.
        let cut: String = title.chars().take(room - 1).collect();
        format!("{}…", cut.trim_end())
    };
    kept.push_str(COPY_SUFFIX);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::MessageState;
    use crate::stream::ApiStreamChunk;

    fn written_chat() -> (ChatDocument, Vec<u8>) {
        let mut document = ChatDocument::new("c1", 1.0).unwrap();
        document
            .change(|chat| chat.append_user_message("u1", "hello", 2.0).map(|_| ()))
            .unwrap();
        let bytes = document.to_bytes().unwrap();
        (document, bytes)
    }

    #[test]
    fn the_revision_goes_up_once_per_write_of_a_changed_chat() {
        let (mut document, bytes) = written_chat();
        assert_eq!(document.revision(), 1);
        assert!(!document.is_changed());
        // Nothing changed: the same bytes, the same revision.
        assert_eq!(document.to_bytes().unwrap(), bytes);
        assert_eq!(document.revision(), 1);
        // A refused operation is not a change.
        let refused = document.change(|chat| chat.append_user_message("u2", "  ", 3.0).map(|_| ()));
        assert!(refused.is_err());
        assert!(!document.is_changed());
        document
            .change(|chat| chat.begin_reply("a1", "m", 4.0).map(|_| ()))
            .unwrap();
        assert!(document.is_changed());
        let second = document.to_bytes().unwrap();
        assert_eq!(document.revision(), 2);
        assert_eq!(disk_revision(&second), Some(2));

        let reloaded = ChatDocument::from_bytes(&second).unwrap();
        assert_eq!(reloaded.revision(), 2);
        assert!(!reloaded.is_changed());
        // The streaming reply was stopped on loading, without that counting as a change.
        assert_eq!(
            reloaded.conversation().messages[1].state,
            MessageState::Stopped
        );
    }

    #[test]
    fn a_window_overwrites_only_a_file_no_newer_than_its_own() {
        let (mine, bytes) = written_chat();
        assert!(mine.can_overwrite(None));
        assert!(mine.can_overwrite(Some(&bytes)));

        let mut other = ChatDocument::from_bytes(&bytes).unwrap();
        other
            .change(|chat| {
                chat.append_user_message("u2", "from the other window", 5.0)
                    .map(|_| ())
            })
            .unwrap();
        let newer = other.to_bytes().unwrap();
        assert!(!mine.can_overwrite(Some(&newer)));
        assert!(other.can_overwrite(Some(&newer)));
        // A damaged file is kept for the shell to set aside, not overwritten.
        assert!(!mine.can_overwrite(Some(b"{\"version\": 3, \"rev")));
        assert!(!mine.can_overwrite(Some(b"")));
    }

    #[test]
    fn a_fork_is_a_new_unwritten_copy_with_every_message() {
        let (mut document, _) = written_chat();
        document
            .change(|chat| {
                chat.begin_reply("a1", "m", 3.0)?;
                chat.apply_chunks("a1", &[ApiStreamChunk::Text { text: "hi".into() }], 4.0)?;
                chat.finish_reply("a1", 5.0).map(|_| ())
            })
            .unwrap();
        document.to_bytes().unwrap();
        let fork = document.fork_as("c1-copy", 100.0).unwrap();
        assert_eq!(fork.conversation().id, "c1-copy");
        assert_eq!(fork.conversation().title, "hello (copy)");
        assert_eq!(
            fork.conversation().messages,
            document.conversation().messages
        );
        assert_eq!(fork.conversation().created_at_ms, 1.0);
        assert_eq!(fork.conversation().updated_at_ms, 100.0);
        assert_eq!(fork.revision(), 0);
        assert!(fork.is_changed());
        assert_eq!(fork.index_entry().id, "c1-copy");
        // The original is untouched.
        assert_eq!(document.conversation().id, "c1");
        assert_eq!(document.revision(), 2);

        assert_eq!(
            document.fork_as("c1", 100.0).unwrap_err(),
            ChatError::DuplicateId("c1".into())
        );
        assert_eq!(
            document.fork_as("a/b", 100.0).unwrap_err(),
            ChatError::InvalidId("a/b".into())
        );
        assert_eq!(
            document
                .fork_as("c2", f64::NAN)
                .unwrap()
                .conversation()
                .updated_at_ms,
            5.0
        );
    }

    #[test]
    fn a_copys_title_fits_and_says_it_is_a_copy() {
        assert_eq!(copy_title(""), "(copy)");
        let long = "word ".repeat(20);
        let title = copy_title(&long);
        assert!(title.ends_with("word wo… (copy)"), "{title}");
        assert!(title.chars().count() <= MAX_TITLE_CHARS, "{title}");
        // A title that fits with the suffix is kept whole; one character more is cut.
        let fits = "é".repeat(MAX_TITLE_CHARS - COPY_SUFFIX.len());
        assert_eq!(copy_title(&fits), format!("{fits} (copy)"));
        let over = format!("{fits}x");
        let cut = copy_title(&over);
        assert_eq!(cut.chars().count(), MAX_TITLE_CHARS);
        assert!(cut.ends_with("é… (copy)"), "{cut}");
    }

    #[test]
    fn new_chats_need_an_id_that_names_a_file() {
        assert_eq!(
            ChatDocument::new("../x", 1.0).unwrap_err(),
            ChatError::InvalidId("../x".into())
        );
        let document = ChatDocument::new("c9", 7.0).unwrap();
        assert!(document.is_changed());
        assert_eq!(document.revision(), 0);
        assert!(document.conversation().messages.is_empty());
    }
}

//! What the webview is told after an operation on the open chat, instead of the whole chat: the
//! text a batch of stream chunks added to a reply, and which reply a retry removed. A long reply
//! streamed in many batches then costs each batch only what it added.

use crate::stream::ApiStreamChunk;

use super::conversation::ChatError;
use super::{Conversation, ReplyDelta, RetryStarted};

impl Conversation {
    /// Applies a batch of stream chunks to a reply, as [`Conversation::apply_chunks`] does, and
    /// returns what the batch added: the text and reasoning appended, and the reply's state,
    /// usage and error as they now are.
    ///
    /// # Errors
    /// [`ChatError::UnknownMessage`] or [`ChatError::NotAReply`] for a wrong id.
    pub fn apply_chunk_batch(
        &mut self,
        message_id: &str,
        chunks: &[ApiStreamChunk],
        now_ms: f64,
    ) -> Result<ReplyDelta, ChatError> {
        let (text_before, reasoning_before) = match self.message(message_id) {
            Some(reply) => (reply.text.len(), reply.reasoning.len()),
            None => (0, 0),
        };
        let reply = self.apply_chunks(message_id, chunks, now_ms)?;
        // Chunks only ever append, so what was there before is a prefix of what is there now.
        Ok(ReplyDelta {
            message_id: reply.id.clone(),
            text: reply.text.get(text_before..).unwrap_or_default().to_owned(),
            reasoning: reply
                .reasoning
                .get(reasoning_before..)
                .unwrap_or_default()
                .to_owned(),
            state: reply.state,
            usage: reply.usage.clone(),
            error: reply.error.clone(),
        })
    }

    /// Prepares Retry, as [`Conversation::prepare_retry`] does, and says which messages it
    /// removed (the reply being replaced) besides the new reply.
    ///
    /// # Errors
    /// The errors of [`Conversation::prepare_retry`]; nothing changes then.
    pub fn start_retry(
        &mut self,
        new_reply_id: impl Into<String>,
        model_id: impl Into<String>,
        now_ms: f64,
    ) -> Result<RetryStarted, ChatError> {
        let ids_before: Vec<String> = self
            .messages
            .iter()
            .map(|message| message.id.clone())
            .collect();
        let kept = self.retry_target().map_or(0, |target| target + 1);
        let reply = self.prepare_retry(new_reply_id, model_id, now_ms)?.clone();
        Ok(RetryStarted {
            removed_ids: ids_before.into_iter().skip(kept).collect(),
            reply,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::MessageState;
    use crate::classify;
    use crate::stream::{Cost, Usage};

    fn text(text: &str) -> ApiStreamChunk {
        ApiStreamChunk::Text { text: text.into() }
    }

    fn streaming_chat() -> Conversation {
        let mut chat = Conversation::new("c1", 1.0);
        chat.append_user_message("u1", "hello", 2.0).unwrap();
        chat.begin_reply("a1", "m", 3.0).unwrap();
        chat
    }

    #[test]
    fn each_batch_reports_only_what_it_added() {
        let mut chat = streaming_chat();
        let first = chat
            .apply_chunk_batch(
                "a1",
                &[
                    ApiStreamChunk::Reasoning { text: "th".into() },
                    text("Héllo"),
                    text(" 🦀"),
                ],
                4.0,
            )
            .unwrap();
        assert_eq!(first.message_id, "a1");
        assert_eq!(
            (first.text.as_str(), first.reasoning.as_str()),
            ("Héllo 🦀", "th")
        );
        assert_eq!(first.state, MessageState::Streaming);
        assert_eq!((first.usage, first.error), (None, None));

        let usage = Usage {
            input_tokens: 3,
            output_tokens: 4,
            cache_write_tokens: None,
            cache_read_tokens: None,
            reasoning_tokens: None,
            cost: Cost::Unknown,
            estimated: false,
            cache_savings: None,
        };
        let second = chat
            .apply_chunk_batch(
                "a1",
                &[
                    ApiStreamChunk::Reasoning { text: "ink".into() },
                    text("!"),
                    ApiStreamChunk::Usage(usage.clone()),
                ],
                5.0,
            )
            .unwrap();
        assert_eq!(
            (second.text.as_str(), second.reasoning.as_str()),
            ("!", "ink")
        );
        assert_eq!(second.usage, Some(usage));
        // The deltas add up to the reply.
        let reply = chat.message("a1").unwrap();
        assert_eq!(reply.text, format!("{}{}", first.text, second.text));
        assert_eq!(reply.reasoning, "think");

        let ended = chat
            .apply_chunk_batch(
                "a1",
                &[
                    text(" end"),
                    ApiStreamChunk::Error {
                        error: classify::cancelled(),
                    },
                    text(" ignored"),
                ],
                6.0,
            )
            .unwrap();
        assert_eq!(ended.text, " end");
        assert_eq!(ended.state, MessageState::Stopped);
        assert_eq!(ended.error, Some(classify::cancelled()));
        // After the end, a batch adds no text.
        let late = chat.apply_chunk_batch("a1", &[text("late")], 7.0).unwrap();
        assert_eq!(late.text, "");
        assert_eq!(late.state, MessageState::Stopped);
    }

    #[test]
    fn a_batch_for_a_wrong_id_is_the_usual_error() {
        let mut chat = streaming_chat();
        assert_eq!(
            chat.apply_chunk_batch("nope", &[text("x")], 4.0)
                .unwrap_err(),
            ChatError::UnknownMessage("nope".into())
        );
        assert_eq!(
            chat.apply_chunk_batch("u1", &[text("x")], 4.0).unwrap_err(),
            ChatError::NotAReply("u1".into())
        );
    }

    #[test]
    fn a_retry_says_which_reply_it_removed() {
        let mut chat = streaming_chat();
        chat.apply_chunks(
            "a1",
            &[ApiStreamChunk::Error {
                error: classify::stream_cut_short("reset"),
            }],
            4.0,
        )
        .unwrap();
        let started = chat.start_retry("a2", "m2", 5.0).unwrap();
        assert_eq!(started.removed_ids, ["a1"]);
        assert_eq!(started.reply.id, "a2");
        assert_eq!(started.reply.model_id.as_deref(), Some("m2"));
        assert_eq!(started.reply.state, MessageState::Streaming);

        // A user message that got no reply: nothing is removed.
        let mut unanswered = Conversation::new("c2", 1.0);
        unanswered.append_user_message("u1", "hi", 2.0).unwrap();
        assert!(
            unanswered
                .start_retry("a1", "m", 3.0)
                .unwrap()
                .removed_ids
                .is_empty()
        );

        // A refused retry changes nothing.
        let mut streaming = streaming_chat();
        assert_eq!(
            streaming.start_retry("a9", "m", 4.0).unwrap_err(),
            ChatError::ReplyInProgress
        );
        assert_eq!(streaming.messages.len(), 2);
    }
}

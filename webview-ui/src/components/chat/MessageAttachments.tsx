/**
 * What a user message carried besides its text: each attachment folded (its kind, label, token
 * count and the core's note; opening it shows the text exactly as the model received it) and the
 * images as thumbnails.
 */
import type { Attachment, ChatImage } from "@shared/generated/types";
import { t } from "../../i18n";
import { formatCount } from "./format";

function tokens(count: number): string {
  return count === 1 ? t("chat:attachments.oneToken") : t("chat:attachments.tokens", { count: formatCount(count) });
}

function AttachmentView({ attachment }: { attachment: Attachment }): React.JSX.Element {
  return (
    <li>
      <details className="chat-attachment">
        <summary>
          {/* The kind as a word, not a glyph: the webview's fonts need not have emoji. */}
          <span className="chat-attachment-kind">{t(`chat:attachments.kinds.${attachment.kind}`)}</span>
          <span className="chat-attachment-label">{attachment.label}</span>
          <span className="chat-muted chat-attachment-tokens">{tokens(attachment.tokens)}</span>
          {/* In the summary: that a file was cut matters before the attachment is opened. */}
          {attachment.note !== null ? <span className="chat-attachment-note">{attachment.note}</span> : null}
        </summary>
        <pre className="chat-attachment-text">{attachment.text}</pre>
      </details>
    </li>
  );
}

export function MessageAttachments({ attachments, images }: { attachments: readonly Attachment[]; images: readonly ChatImage[] }): React.JSX.Element | null {
  if (attachments.length === 0 && images.length === 0) {
    return null;
  }
  return (
    <div className="chat-message-context">
      {attachments.length > 0 ? (
        <ul className="chat-attachments" aria-label={t("chat:attachments.label")}>
          {attachments.map((attachment, index) => (
            <AttachmentView key={`${String(index)}-${attachment.label}`} attachment={attachment} />
          ))}
        </ul>
      ) : null}
      {images.length > 0 ? (
        <ul className="chat-image-list" aria-label={t("chat:images.label")}>
          {images.map((image, index) => (
            <li key={`${String(index)}-${image.name}`} className="chat-image-thumb">
              <img src={`data:${image.mediaType};base64,${image.data}`} alt={image.name} title={`${image.name} (${String(image.width)}×${String(image.height)})`} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

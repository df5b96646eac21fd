/**
 * The images the next message carries, as thumbnails with a remove button each, and how many are
 * still being prepared (scaled down and encoded).
 */
import type { ImageInput } from "@shared/protocol";
import { t } from "../../../i18n";

export function ImageStrip({
  images,
  pending,
  onRemove,
}: {
  images: readonly ImageInput[];
  pending: number;
  onRemove: (index: number) => void;
}): React.JSX.Element | null {
  if (images.length === 0 && pending === 0) {
    return null;
  }
  return (
    <div className="chat-images">
      {images.length > 0 ? (
        <ul className="chat-image-list" aria-label={t("chat:images.label")}>
          {images.map((image, index) => (
            <li key={`${String(index)}-${image.name}`} className="chat-image-thumb">
              <img src={`data:${image.mediaType};base64,${image.data}`} alt={image.name} title={`${image.name} (${String(image.width)}×${String(image.height)})`} />
              <button
                type="button"
                className="chat-chip-remove"
                aria-label={t("chat:images.remove", { name: image.name })}
                onClick={() => {
                  onRemove(index);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {pending > 0 ? (
        <span className="chat-muted" role="status">
          {t("chat:images.preparing")}
        </span>
      ) : null}
    </div>
  );
}

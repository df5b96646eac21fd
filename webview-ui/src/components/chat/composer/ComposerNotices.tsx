/**
 * What the composer could not take (a file that is not an image, an image too large, a dropped
 * file the extension cannot mention), one sentence each, until dismissed or the next send.
 */
import { t } from "../../../i18n";

export function ComposerNotices({ notices, onDismiss }: { notices: readonly string[]; onDismiss: () => void }): React.JSX.Element | null {
  if (notices.length === 0) {
    return null;
  }
  return (
    <div className="chat-error chat-composer-error" role="alert">
      <ul className="chat-error-text chat-notice-list">
        {notices.map((notice) => (
          <li key={notice}>{notice}</li>
        ))}
      </ul>
      <button
        type="button"
        className="chat-button chat-button-secondary"
        aria-label={t("chat:composer.dismissNotices")}
        onClick={onDismiss}
      >
        {t("chat:composer.dismiss")}
      </button>
    </div>
  );
}

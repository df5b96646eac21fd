/**
 * A proposed edit's diff as the approval card shows it, from the core's `EditPreview`: each line
 * with its old and new line numbers, added lines green with "+", removed lines red with "−",
 * context plain, and a row where unchanged lines were left out; "+added −removed" above it.
 * The signs say what the colours say, for readers who do not see colours.
 */
import type { DiffLine, EditPreview } from "@shared/generated/types";
import { t } from "../../../i18n";

const SIGNS: Readonly<Record<DiffLine["kind"], string>> = { context: " ", added: "+", removed: "−", skipped: "⋯" };

function DiffRow({ line }: { line: DiffLine }): React.JSX.Element {
  if (line.kind === "skipped") {
    return (
      <tr className="agent-diff-line agent-diff-skipped">
        <td className="agent-diff-number" />
        <td className="agent-diff-number" />
        <td className="agent-diff-sign" aria-hidden="true">
          {SIGNS.skipped}
        </td>
        <td className="agent-diff-text">{line.text.trim() === "" ? t("agent:approval.skipped") : line.text}</td>
      </tr>
    );
  }
  return (
    <tr className={`agent-diff-line agent-diff-${line.kind}`} data-kind={line.kind}>
      <td className="agent-diff-number">{line.oldLine ?? ""}</td>
      <td className="agent-diff-number">{line.newLine ?? ""}</td>
      <td className="agent-diff-sign">{SIGNS[line.kind]}</td>
      <td className="agent-diff-text">{line.text}</td>
    </tr>
  );
}

export function DiffView({ edit }: { edit: EditPreview }): React.JSX.Element {
  return (
    <div className="agent-diff" data-testid="edit-diff">
      <p className="agent-diff-counts">
        <span className="agent-diff-count-added">+{edit.added}</span> <span className="agent-diff-count-removed">−{edit.removed}</span>
      </p>
      <div className="agent-diff-scroll" tabIndex={0} role="group" aria-label={t("agent:approval.diffLabel", { path: edit.path })}>
        <table className="agent-diff-table">
          <tbody>
            {edit.lines.map((line, index) => (
              // The lines never reorder: their place is their identity.
              <DiffRow key={index} line={line} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * The Settings tab's Team section (issue 16): prompt caching, the reasoning effort, custom
 * headers, the key header, the company CA bundle, and the key's budget when the proxy tells it.
 * It asks for its own state (`getTeamSettings`) and saves with `saveTeamSettings`; the core
 * validates every field and a refusal names the one to fix. A secret header's value never comes
 * here: its row says it is stored, and leaving the value empty keeps it.
 */
import { useEffect, useId, useState } from "react";
import type { KeyBudget } from "@shared/generated/types";
import type { TeamHeaderView, TeamState, TeamUpdate, TeamView } from "@shared/protocol";
import { t } from "../../i18n";
import { useLatestRequest } from "../../utils/useLatestRequest";
import type { Messenger } from "../../utils/vscode";
import { budgetLeft, budgetWarning, formatDollars } from "./budget";
import { SaveStatus, type SaveState } from "./SaveStatus";

const EFFORTS = ["default", "minimal", "low", "medium", "high"] as const;

/** A header row being edited; `stored` marks a secret whose value stays unless one is typed. */
interface HeaderRow {
  name: string;
  value: string;
  stored: boolean;
  secretSet: boolean;
}

function rowOf(header: TeamHeaderView): HeaderRow {
  return { name: header.name, value: header.secret ? "" : header.value, stored: header.secret, secretSet: header.secret && header.valueSet };
}

export function TeamsSection({ messenger }: { messenger: Messenger }): React.JSX.Element {
  const [draft, setDraft] = useState<TeamView | null>(null);
  const [rows, setRows] = useState<HeaderRow[]>([]);
  const [budget, setBudget] = useState<KeyBudget | null>(null);
  const [save, setSave] = useState<SaveState>({ status: "idle" });
  const load = useLatestRequest(messenger);
  const saveRequest = useLatestRequest(messenger);
  const headingId = useId();

  const apply = (state: TeamState) => {
    setDraft(state.team);
    setRows(state.team.customHeaders.map(rowOf));
    setBudget(state.budget);
  };

  useEffect(() => {
    load({ kind: "getTeamSettings" }, apply);
    return messenger.subscribe((event) => {
      if (event.type === "keyBudget") setBudget(event.budget);
    });
  }, [load, messenger]);

  if (draft === null) {
    return (
      <section className="teams-section" aria-labelledby={headingId}>
        <h3 id={headingId} className="settings-title">
          {t("teams:title")}
        </h3>
      </section>
    );
  }

  const change = (next: Partial<TeamView>) => {
    setDraft({ ...draft, ...next });
    setSave({ status: "idle" });
  };
  const changeRow = (index: number, next: Partial<HeaderRow>) => {
    setRows(rows.map((row, at) => (at === index ? { ...row, ...next } : row)));
    setSave({ status: "idle" });
  };

  const onSave = () => {
    const update: TeamUpdate = {
      promptCaching: draft.promptCaching,
      reasoningEffort: draft.reasoningEffort,
      keyHeader: draft.keyHeader,
      caBundlePath: draft.caBundlePath,
      // An untouched secret row sends `null`: the extension keeps the stored value.
      customHeaders: rows.map((row) => ({ name: row.name, value: row.stored && row.value === "" ? null : row.value })),
    };
    setSave({ status: "saving" });
    saveRequest({ kind: "saveTeamSettings", team: update }, (outcome) => {
      if (!outcome.ok) {
        setSave({ status: "rejected", error: outcome.error });
        return;
      }
      apply(outcome.state);
      setSave({ status: "saved" });
    });
  };

  return (
    <section className="teams-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings-title">
        {t("teams:title")}
      </h3>
      <p className="settings-help">{t("teams:intro")}</p>
      {budget !== null && <BudgetPanel budget={budget} />}
      <label className="settings-field">
        <input
          type="checkbox"
          checked={draft.promptCaching}
          onChange={(event) => {
            change({ promptCaching: event.target.checked });
          }}
        />{" "}
        {t("teams:promptCaching")}
      </label>
      <p className="settings-help">{t("teams:promptCachingHelp")}</p>
      <label className="settings-field">
        {t("teams:reasoningEffort")}{" "}
        <select
          className="settings-input"
          value={draft.reasoningEffort}
          onChange={(event) => {
            const chosen = EFFORTS.find((effort) => effort === event.target.value) ?? "default";
            change({ reasoningEffort: chosen });
          }}
        >
          {EFFORTS.map((effort) => (
            <option key={effort} value={effort}>
              {t(`teams:effort.${effort}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="settings-help">{t("teams:reasoningEffortHelp")}</p>
      <label className="settings-field">
        <input
          type="checkbox"
          checked={draft.keyHeader === "x-litellm-api-key"}
          onChange={(event) => {
            change({ keyHeader: event.target.checked ? "x-litellm-api-key" : "authorization" });
          }}
        />{" "}
        {t("teams:keyHeader")}
      </label>
      <p className="settings-help">{t("teams:keyHeaderHelp")}</p>
      <fieldset className="settings-field">
        <legend>{t("teams:headers")}</legend>
        <p className="settings-help">{t("teams:headersHelp")}</p>
        {rows.map((row, index) => {
          const number = String(index + 1);
          return (
            <div className="settings-row" key={index}>
              <input
                className="settings-input"
                aria-label={t("teams:headerName", { index: number })}
                value={row.name}
                onChange={(event) => {
                  changeRow(index, { name: event.target.value });
                }}
              />
              <input
                className="settings-input"
                aria-label={t("teams:headerValue", { index: number })}
                type={row.stored ? "password" : "text"}
                placeholder={row.stored ? t(row.secretSet ? "teams:secretStored" : "teams:secretMissing") : ""}
                value={row.value}
                onChange={(event) => {
                  changeRow(index, { value: event.target.value });
                }}
              />
              <button
                type="button"
                className="settings-button secondary"
                aria-label={t("teams:removeHeader", { index: number })}
                onClick={() => {
                  setRows(rows.filter((_, at) => at !== index));
                  setSave({ status: "idle" });
                }}
              >
                ×
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="settings-button secondary"
          onClick={() => {
            setRows([...rows, { name: "", value: "", stored: false, secretSet: false }]);
          }}
        >
          {t("teams:addHeader")}
        </button>
      </fieldset>
      <label className="settings-field">
        {t("teams:caBundlePath")}
        <input
          className="settings-input"
          value={draft.caBundlePath}
          onChange={(event) => {
            change({ caBundlePath: event.target.value });
          }}
        />
      </label>
      <p className="settings-help">{t("teams:caBundlePathHelp")}</p>
      <div className="settings-row">
        <button type="button" className="settings-button" onClick={onSave}>
          {t("teams:save")}
        </button>
        <SaveStatus save={save} />
      </div>
    </section>
  );
}

/** Spend against budget, what is left, the reset and expiry, and the warning when it runs low. */
function BudgetPanel({ budget }: { budget: KeyBudget }): React.JSX.Element {
  const warning = budgetWarning(budget.level);
  return (
    <div className="teams-budget" aria-label={t("teams:budget.title")} role="group">
      <p>{t("teams:budget.spent", { spent: formatDollars(budget.spendUsd), budget: formatDollars(budget.maxBudgetUsd) })}</p>
      <p>{t("teams:budget.left", { left: budgetLeft(budget) })}</p>
      {budget.budgetResetAt !== null && <p>{t("teams:budget.resets", { when: budget.budgetResetAt })}</p>}
      {budget.expires !== null && <p>{t("teams:budget.expires", { when: budget.expires })}</p>}
      {warning !== null && (
        <p role="alert" className="settings-error">
          {warning}
        </p>
      )}
    </div>
  );
}

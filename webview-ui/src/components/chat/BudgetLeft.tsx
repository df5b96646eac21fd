/**
 * The chat footer's compact "budget left", shown only when the key has a budget: it follows the
 * `keyBudget` events (sent when the webview is ready and after each reply's LiteLLM headers). A
 * budget running out or spent reads as a warning.
 */
import { useEffect, useState } from "react";
import type { KeyBudget } from "@shared/generated/types";
import { t } from "../../i18n";
import type { Messenger } from "../../utils/vscode";
import { budgetLeft, budgetWarning, formatDollars } from "../settings/budget";

export function BudgetLeft({ messenger }: { messenger: Messenger }): React.JSX.Element | null {
  const [budget, setBudget] = useState<KeyBudget | null>(null);

  useEffect(
    () =>
      messenger.subscribe((event) => {
        if (event.type === "keyBudget") setBudget(event.budget);
      }),
    [messenger],
  );

  if (budget === null) return null;
  const warning = budgetWarning(budget.level);
  const title = t("teams:budget.spent", { spent: formatDollars(budget.spendUsd), budget: formatDollars(budget.maxBudgetUsd) });
  return (
    <p className={warning === null ? "chat-budget" : "chat-budget chat-budget-warning"} data-testid="budget-left" title={warning === null ? title : `${title}. ${warning}`}>
      {t("teams:budget.footer", { left: budgetLeft(budget) })}
    </p>
  );
}

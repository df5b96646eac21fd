/**
 * How the key's budget reads, in the Settings tab and the chat footer: dollars with cents (more
 * digits under a dollar, where cents hide the spend), and the warning for its level.
 */
import type { BudgetLevel, KeyBudget } from "@shared/generated/types";
import { t } from "../../i18n";

export function formatDollars(usd: number): string {
  return usd >= 1 || usd === 0 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

export function budgetWarning(level: BudgetLevel): string | null {
  switch (level) {
    case "fine":
      return null;
    case "runningOut":
      return t("teams:budget.runningOut");
    case "exhausted":
      return t("teams:budget.exhausted");
  }
}

export function budgetLeft(budget: KeyBudget): string {
  return formatDollars(budget.remainingUsd);
}

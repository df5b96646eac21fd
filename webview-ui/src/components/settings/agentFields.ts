/**
 * The Code mode section's fields as the user types them: the allow-list one prefix per line, the
 * step limit and the command timeout as whole numbers. Pure, so the conversions are tested alone.
 * Only the shape is checked here; the core validates the values and names a field it refuses.
 */
import type { AgentSettingsView } from "@shared/protocol";
import { t } from "../../i18n";
import type { FieldResult } from "./contextFields";

export interface AgentFields {
  autoApproveReads: boolean;
  allowList: string;
  stepLimit: string;
  timeout: string;
  askInstructions: string;
  codeInstructions: string;
}

export function agentFields(agent: AgentSettingsView): AgentFields {
  return {
    autoApproveReads: agent.autoApproveReads,
    allowList: agent.commandAllowList.join("\n"),
    stepLimit: String(agent.stepLimit),
    timeout: String(agent.commandTimeoutSeconds),
    askInstructions: agent.modeInstructions.ask,
    codeInstructions: agent.modeInstructions.code,
  };
}

/** The allow-list's prefixes: one per line, trimmed, blank lines left out. */
export function parseAllowList(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** A whole number of at least 1, or `message`. */
export function parseWholeNumber(text: string, message: string): FieldResult {
  const value = Number(text.trim());
  return text.trim() === "" || !Number.isSafeInteger(value) || value < 1 ? { ok: false, message } : { ok: true, value };
}

export function parseStepLimit(text: string): FieldResult {
  return parseWholeNumber(text, t("agent:settings.stepLimitInvalid"));
}

export function parseTimeout(text: string): FieldResult {
  return parseWholeNumber(text, t("agent:settings.timeoutInvalid"));
}

/** The fields as settings, when the numbers are valid. */
export function parseAgentFields(fields: AgentFields): AgentSettingsView | null {
  const stepLimit = parseStepLimit(fields.stepLimit);
  const timeout = parseTimeout(fields.timeout);
  if (!stepLimit.ok || !timeout.ok) {
    return null;
  }
  return {
    autoApproveReads: fields.autoApproveReads,
    commandAllowList: parseAllowList(fields.allowList),
    stepLimit: stepLimit.value,
    commandTimeoutSeconds: timeout.value,
    modeInstructions: { ask: fields.askInstructions, code: fields.codeInstructions },
  };
}

/** Whether two settings are the same (the Save button is off when nothing changed). */
export function sameAgentSettings(left: AgentSettingsView, right: AgentSettingsView): boolean {
  return (
    left.autoApproveReads === right.autoApproveReads &&
    left.stepLimit === right.stepLimit &&
    left.commandTimeoutSeconds === right.commandTimeoutSeconds &&
    left.modeInstructions.ask === right.modeInstructions.ask &&
    left.modeInstructions.code === right.modeInstructions.code &&
    left.commandAllowList.length === right.commandAllowList.length &&
    left.commandAllowList.every((prefix, index) => prefix === right.commandAllowList[index])
  );
}

/**
 * Code mode's settings, kept in VS Code's configuration (`rooCodePlus.agent.*`) beside the other
 * settings: the approvals (auto-approved reads, the command allow-list), the step limit, the
 * command timeout and each mode's instructions. The defaults come from the core, and only what
 * differs from them is written, so settings.json holds just what the user changed. A hand edit
 * the core refuses counts as the default for that field, so a typo cannot loosen an approval.
 */
import * as vscode from "vscode";
import type { Backend } from "../api/backend";
import { CONFIGURATION_SECTION } from "../settings";
import type { AgentMode, AgentSettings, ModeInstructions } from "../shared/generated/types";
import type { AgentSettingsView } from "../shared/protocol";

const KEYS = {
  autoApproveReads: "agent.autoApproveReads",
  commandAllowList: "agent.commandAllowList",
  stepLimit: "agent.stepLimit",
  commandTimeoutSeconds: "agent.commandTimeoutSeconds",
  askInstructions: "agent.askModeInstructions",
  codeInstructions: "agent.codeModeInstructions",
} as const;

type AgentCore = Pick<Backend, "defaultAgentSettings" | "defaultModeInstructions" | "agentSettingsRefusal">;

/** The agent's settings as stored, each field the default when unset or refused by the core. */
export function readAgentSettings(core: AgentCore): AgentSettingsView {
  const configuration = vscode.workspace.getConfiguration(CONFIGURATION_SECTION);
  const defaults = core.defaultAgentSettings();
  const instructions = core.defaultModeInstructions();
  const stored: AgentSettings = {
    autoApproveReads: configuration.get<unknown>(KEYS.autoApproveReads) === true,
    commandAllowList: stringList(configuration.get<unknown>(KEYS.commandAllowList)),
    stepLimit: numberOr(configuration.get<unknown>(KEYS.stepLimit), defaults.stepLimit),
    commandTimeoutSeconds: numberOr(configuration.get<unknown>(KEYS.commandTimeoutSeconds), defaults.commandTimeoutSeconds),
  };
  // Each refusal names one field: that field falls back to its default, then the rest is checked again.
  let settings = stored;
  for (let refused = core.agentSettingsRefusal(settings), tries = 0; refused !== null && tries < 4; tries += 1) {
    settings = { ...settings, ...fieldDefault(refused.field, defaults) };
    refused = core.agentSettingsRefusal(settings);
  }
  return {
    ...settings,
    modeInstructions: {
      ask: textOr(configuration.get<unknown>(KEYS.askInstructions), instructions.ask),
      code: textOr(configuration.get<unknown>(KEYS.codeInstructions), instructions.code),
    },
  };
}

/** The settings the core's loop takes. */
export function loopSettings(view: AgentSettingsView): AgentSettings {
  const { autoApproveReads, commandAllowList, stepLimit, commandTimeoutSeconds } = view;
  return { autoApproveReads, commandAllowList, stepLimit, commandTimeoutSeconds };
}

/** The instructions of `mode`. */
export function instructionsFor(instructions: ModeInstructions, mode: AgentMode): string {
  return mode === "code" ? instructions.code : instructions.ask;
}

/** Why the core refuses these settings (field and sentence), or `undefined` when it accepts them. */
export function agentSettingsRefusal(core: AgentCore, view: AgentSettingsView): { field: string; message: string } | undefined {
  return core.agentSettingsRefusal(loopSettings(view)) ?? undefined;
}

/** Writes what the panel saved; a value equal to its default is stored as no entry. */
export async function writeAgentSettings(core: AgentCore, view: AgentSettingsView): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(CONFIGURATION_SECTION);
  const target = vscode.ConfigurationTarget.Global;
  const defaults = core.defaultAgentSettings();
  const instructions = core.defaultModeInstructions();
  const allowList = view.commandAllowList.map((prefix) => prefix.trim()).filter((prefix) => prefix !== "");
  await configuration.update(KEYS.autoApproveReads, view.autoApproveReads ? true : undefined, target);
  await configuration.update(KEYS.commandAllowList, allowList.length === 0 ? undefined : allowList, target);
  await configuration.update(KEYS.stepLimit, view.stepLimit === defaults.stepLimit ? undefined : view.stepLimit, target);
  await configuration.update(
    KEYS.commandTimeoutSeconds,
    view.commandTimeoutSeconds === defaults.commandTimeoutSeconds ? undefined : view.commandTimeoutSeconds,
    target,
  );
  await configuration.update(KEYS.askInstructions, view.modeInstructions.ask === instructions.ask ? undefined : view.modeInstructions.ask, target);
  await configuration.update(KEYS.codeInstructions, view.modeInstructions.code === instructions.code ? undefined : view.modeInstructions.code, target);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string" && item.trim() !== "") : [];
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function textOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

/** The default of the one field the core refused (`agent.stepLimit` and so on). */
function fieldDefault(field: string, defaults: AgentSettings): Partial<AgentSettings> {
  switch (field) {
    case "agent.stepLimit":
      return { stepLimit: defaults.stepLimit };
    case "agent.commandTimeoutSeconds":
      return { commandTimeoutSeconds: defaults.commandTimeoutSeconds };
    default:
      // An allow-list the core refuses approves nothing: the safe reading of a bad edit.
      return { commandAllowList: [] };
  }
}

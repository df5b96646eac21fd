import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBackend } from "../src/api/backend";
import { CONTEXT_SETTINGS } from "../src/settings";

// The Settings editor shows the defaults from package.json; the core is their source of truth.
describe("the extension manifest", () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as {
    activationEvents: string[];
    contributes: {
      configuration: { properties: Record<string, { type?: unknown; default?: unknown; editPresentation?: unknown }> };
      commands: { command: string; title: string }[];
      menus: Record<string, { command: string; when?: string }[]>;
      keybindings: { command: string; key: string; mac?: string }[];
    };
  };
  const properties = manifest.contributes.configuration.properties;

  it("contributes the core's defaults", () => {
    const defaults = loadBackend().providerDefaults();
    expect(properties["rooCodePlus.litellmApiUrl"]?.default).toBe(defaults.litellmApiUrl);
    expect(properties["rooCodePlus.litellmModelId"]?.default).toBe(defaults.litellmModelId);
  });

  it("never contributes the API key as a setting", () => {
    expect(Object.keys(properties).some((key) => key.toLowerCase().includes("apikey"))).toBe(false);
  });

  it("offers the custom instructions as a multi-line text setting, empty by default", () => {
    expect(properties["rooCodePlus.customInstructions"]).toMatchObject({ type: "string", default: "", editPresentation: "multilineText" });
  });

  it("offers the palette commands", () => {
    const commands = manifest.contributes.commands.map((command) => command.command);
    expect(commands).toEqual(expect.arrayContaining(["rooCodePlus.newChat", "rooCodePlus.openSettings", "rooCodePlus.refreshModels"]));
  });

  it("offers Add to Roo Code Plus chat on an editor selection, and a key that focuses the chat", () => {
    const addToChat = manifest.contributes.commands.find((command) => command.command === "rooCodePlus.addToChat");
    expect(addToChat?.title).toBe("Add to Roo Code Plus chat");
    expect(manifest.contributes.menus["editor/context"]).toContainEqual(expect.objectContaining({ command: "rooCodePlus.addToChat", when: "editorHasSelection" }));
    expect(manifest.contributes.commands.map((command) => command.command)).toContain("rooCodePlus.focusChat");
    expect(manifest.contributes.keybindings).toContainEqual({ command: "rooCodePlus.focusChat", key: "ctrl+alt+k", mac: "cmd+alt+k" });
    // The light bulb's action and the terminal output for @terminal need the extension active
    // before the sidebar is first opened; activation stays light (the wasm loads on first use).
    expect(manifest.activationEvents).toEqual(["onStartupFinished"]);
  });

  it("contributes the context settings with the defaults and ranges the shell enforces", () => {
    expect(properties["rooCodePlus.context.maxFileBytes"]).toMatchObject({
      type: "integer",
      default: CONTEXT_SETTINGS.maxFileBytes.default,
      minimum: CONTEXT_SETTINGS.maxFileBytes.minimum,
      maximum: CONTEXT_SETTINGS.maxFileBytes.maximum,
    });
    expect(properties["rooCodePlus.context.condenseThresholdPercent"]).toMatchObject({
      type: "integer",
      default: CONTEXT_SETTINGS.condenseThresholdPercent.default,
      minimum: CONTEXT_SETTINGS.condenseThresholdPercent.minimum,
      maximum: CONTEXT_SETTINGS.condenseThresholdPercent.maximum,
    });
  });
});

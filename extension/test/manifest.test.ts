import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBackend } from "../src/api/backend";

// The Settings editor shows the defaults from package.json; the core is their source of truth.
describe("the extension manifest", () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as {
    contributes: {
      configuration: { properties: Record<string, { type?: unknown; default?: unknown; editPresentation?: unknown }> };
      commands: { command: string }[];
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
});

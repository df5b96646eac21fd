import { describe, expect, it } from "vitest";
import { t } from "./index";

describe("t", () => {
  it("finds a nested key and fills placeholders", () => {
    expect(t("common:backend.ready", { version: "1.2.3" })).toBe("Backend 1.2.3 (WebAssembly)");
  });

  it("leaves a placeholder without a value visible", () => {
    expect(t("common:backend.ready")).toBe("Backend {{version}} (WebAssembly)");
  });

  it("shows the key itself when it is missing", () => {
    expect(t("settings:nope.missing")).toBe("settings:nope.missing");
  });
});

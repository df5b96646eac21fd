import { describe, expect, it } from "vitest";
import { redact } from "../src/redact";

describe("redact", () => {
  it("removes the stored key wherever it appears", () => {
    expect(redact("key=abcd1234efgh and again abcd1234efgh", "abcd1234efgh")).toBe("key=[redacted] and again [redacted]");
  });

  it("removes sk- tokens and bearer values even when the key is unknown", () => {
    const text = "Authorization: Bearer xyz.123 failed for sk-live-0123456789";
    const result = redact(text, undefined);
    expect(result).not.toContain("xyz.123");
    expect(result).not.toContain("sk-live-0123456789");
  });

  it("leaves ordinary text alone", () => {
    expect(redact("task-1234 finished", "secret-key")).toBe("task-1234 finished");
  });
});

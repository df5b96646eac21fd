import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { redact } from "../src/redact";

interface Vector {
  name: string;
  text: string;
  secret: string | null;
  expected: string;
}

// The table the core's redaction is tested against too (crates/api/tests/redaction_vectors.rs).
const table = JSON.parse(
  readFileSync(join(__dirname, "../../crates/api/tests/fixtures/redaction_vectors.json"), "utf8"),
) as { vectors: Vector[] };

describe("redact", () => {
  it("reads the shared table", () => {
    expect(table.vectors.length).toBeGreaterThanOrEqual(20);
  });

  it.each(table.vectors.map((vector) => [vector.name, vector] as const))("%s", (_name, vector) => {
    expect(redact(vector.text, vector.secret ?? undefined)).toBe(vector.expected);
  });
});

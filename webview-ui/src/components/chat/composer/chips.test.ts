import { describe, expect, it } from "vitest";
import type { MentionChip } from "@shared/protocol";
import { mentionKey, withChips } from "./chips";

const file = (path: string, label = path): MentionChip => ({ mention: { kind: "file", path }, label });

describe("withChips", () => {
  it("adds new chips at the end and skips ones already there, whatever their label", () => {
    const start = [file("a.ts")];
    expect(withChips(start, [file("b.ts"), file("a.ts", "other label"), file("b.ts")]).map((chip) => chip.label)).toEqual(["a.ts", "b.ts"]);
  });

  it("tells a file from a folder of the same path, and selections by range", () => {
    expect(mentionKey({ kind: "file", path: "src" })).not.toBe(mentionKey({ kind: "folder", path: "src" }));
    const range = (startLine: number) => ({ kind: "selection" as const, range: { path: "a.ts", startLine, endLine: 9 } });
    expect(mentionKey(range(1))).not.toBe(mentionKey(range(2)));
    expect(mentionKey({ kind: "selection", range: null })).not.toBe(mentionKey(range(1)));
  });
});

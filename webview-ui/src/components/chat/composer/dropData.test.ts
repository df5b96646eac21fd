import { describe, expect, it } from "vitest";
import { carriesDroppable, droppedUris, parseUriList } from "./dropData";

function transfer(data: Record<string, string>) {
  return { types: Object.keys(data), getData: (type: string) => data[type] ?? "", files: [] };
}

describe("drop data", () => {
  it("parses a uri-list, skipping comments and blank lines", () => {
    expect(parseUriList("# dragged\r\nfile:///w/a.ts\r\n\r\nfile:///w/src\n")).toEqual(["file:///w/a.ts", "file:///w/src"]);
  });

  it("prefers VS Code's own list and falls back to text/uri-list", () => {
    expect(droppedUris(transfer({ "application/vnd.code.uri-list": "file:///w/a.ts", "text/uri-list": "file:///other" }))).toEqual(["file:///w/a.ts"]);
    expect(droppedUris(transfer({ "text/uri-list": "file:///w/b.ts" }))).toEqual(["file:///w/b.ts"]);
    expect(droppedUris(transfer({ "text/plain": "hello" }))).toEqual([]);
  });

  it("accepts drags of resources or files, not of plain text", () => {
    expect(carriesDroppable(["Files"])).toBe(true);
    expect(carriesDroppable(["application/vnd.code.uri-list"])).toBe(true);
    expect(carriesDroppable(["text/plain"])).toBe(false);
  });
});

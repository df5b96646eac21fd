import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { candidate, fileChip, renderComposer } from "./testing";

describe("the composer's chips", () => {
  it("adds a chip from the editor's Add to chat, focuses the box, and never adds the same one twice", () => {
    const { deliver, chipLabels, input } = renderComposer();
    expect(input()).not.toHaveFocus();
    deliver({ type: "insertMention", chip: fileChip("src/a.ts") });
    deliver({ type: "insertMention", chip: { ...fileChip("src/a.ts"), label: "a.ts again" } });
    deliver({ type: "insertMention", chip: { mention: { kind: "selection", range: { path: "src/a.ts", startLine: 2, endLine: 4 } }, label: "src/a.ts:2-4" } });
    expect(chipLabels()).toEqual(["src/a.ts", "src/a.ts:2-4"]);
    expect(input()).toHaveFocus();
  });

  it("focuses the box when the keybinding asks", () => {
    const { deliver, input } = renderComposer();
    deliver({ type: "focusComposer" });
    expect(input()).toHaveFocus();
  });

  it("removes a chip with its button", async () => {
    const { deliver, chipLabels, user } = renderComposer();
    deliver({ type: "insertMention", chip: fileChip("a.ts") });
    deliver({ type: "insertMention", chip: fileChip("b.ts") });
    await user.click(screen.getByRole("button", { name: "Remove a.ts" }));
    expect(chipLabels()).toEqual(["b.ts"]);
  });

  it("removes the last chip on Backspace in an empty box, and not while there is text", async () => {
    const { deliver, chipLabels, user, input } = renderComposer();
    deliver({ type: "insertMention", chip: fileChip("a.ts") });
    deliver({ type: "insertMention", chip: fileChip("b.ts") });
    await user.type(input(), "x{Backspace}");
    expect(chipLabels()).toEqual(["a.ts", "b.ts"]);
    await user.keyboard("{Backspace}");
    expect(chipLabels()).toEqual(["a.ts"]);
  });

  it("does not add a picked chip that is already there", async () => {
    const { deliver, chipLabels, user, input, respond } = renderComposer();
    deliver({ type: "insertMention", chip: fileChip("a.ts") });
    await user.type(input(), "@a");
    await respond({ kind: "searchMentions", response: { candidates: [candidate("a.ts", "file")], indexing: false, notice: null } });
    await user.keyboard("{Enter}");
    expect(chipLabels()).toEqual(["a.ts"]);
    expect(input()).toHaveValue("");
  });
});

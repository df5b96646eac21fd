import { describe, expect, it } from "vitest";
import { splitMarkdown, splitMarkdownBlocks } from "./markdownBlocks";
import { MARKDOWN_SAMPLES } from "./markdownSamples";

describe("splitMarkdownBlocks", () => {
  it("cuts between top-level blocks, keeping each block's trailing blank lines", () => {
    expect(splitMarkdownBlocks("# Title\n\nPara one.\n\n```ts\ncode\n\nmore\n```\n\nAfter.")).toEqual([
      "# Title\n\n",
      "Para one.\n\n",
      "```ts\ncode\n\nmore\n```\n\n",
      "After.",
    ]);
  });

  it("gives back every character, in order", () => {
    for (const text of Object.values(MARKDOWN_SAMPLES)) {
      expect(splitMarkdownBlocks(text).join("")).toBe(text);
    }
  });

  it("does not cut inside a fence, whatever it holds", () => {
    expect(splitMarkdownBlocks("```\na\n\nb\n\n~~~\n\nc\n```\n\nd")).toEqual(["```\na\n\nb\n\n~~~\n\nc\n```\n\n", "d"]);
  });

  it("does not cut before a list item, a block quote or indented content", () => {
    expect(splitMarkdownBlocks("- a\n\n- b\n\n  more b\n\n1. c\n\n> d")).toEqual(["- a\n\n- b\n\n  more b\n\n1. c\n\n> d"]);
  });

  it("keeps a text with a definition whole, since the definition changes blocks above it", () => {
    expect(splitMarkdownBlocks(MARKDOWN_SAMPLES.definitions ?? "")).toHaveLength(1);
    expect(splitMarkdownBlocks("A [x].\n\n> [x]: https://example.com")).toHaveLength(1);
  });

  it("stops cutting at raw HTML, which may span blank lines", () => {
    expect(splitMarkdownBlocks("One.\n\nTwo.\n\n<div>\n\nThree.\n\nFour.")).toEqual(["One.\n\n", "Two.\n\n<div>\n\nThree.\n\nFour."]);
  });

  it("treats an autolink at the start of a line as text, not HTML", () => {
    expect(splitMarkdownBlocks("One.\n\n<https://example.com>\n\nTwo.")).toEqual(["One.\n\n<https://example.com>\n\n", "Two."]);
  });

  it("stops cutting when a column-0 line meets a fence indented under a list item", () => {
    const blocks = splitMarkdownBlocks(MARKDOWN_SAMPLES.indentedFenceThenColumnZero ?? "");
    expect(blocks).toHaveLength(1);
  });

  it("keeps the blocks above the last one as the text grows, so their rendering can be kept", () => {
    for (const text of Object.values(MARKDOWN_SAMPLES)) {
      const whole = splitMarkdownBlocks(text);
      for (let length = 0; length <= text.length; length++) {
        const prefix = splitMarkdownBlocks(text.slice(0, length));
        const complete = prefix.slice(0, -1);
        // A definition arriving later makes the whole text one block: every block re-renders once.
        if (whole.length > 1) {
          expect(whole.slice(0, complete.length)).toEqual(complete);
        }
      }
    }
  });
});

describe("splitMarkdown, resumed as the text grows", () => {
  it("cuts a growing text as it cuts the whole, at every step", () => {
    for (const text of Object.values(MARKDOWN_SAMPLES)) {
      let split = splitMarkdown("");
      for (let length = 1; length <= text.length; length += 3) {
        split = splitMarkdown(text.slice(0, length), split);
        expect(split.blocks).toEqual(splitMarkdownBlocks(text.slice(0, length)));
      }
      expect(splitMarkdown(text, split).blocks).toEqual(splitMarkdownBlocks(text));
    }
  });

  it("keeps the blocks before the last one without scanning them again", () => {
    const first = splitMarkdown("One.\n\nTwo.\n\nThr");
    // Were the kept part scanned again, this stand-in's definition would make the text whole.
    const stale = { text: "[x]: y\n\nTwo.\n\nThr", blocks: ["[x]: y\n\n", "Two.\n\n", "Thr"] };
    expect(splitMarkdown("[x]: y\n\nTwo.\n\nThree.\n\nFour", stale).blocks).toEqual(["[x]: y\n\n", "Two.\n\n", "Three.\n\n", "Four"]);
    expect(splitMarkdown("One.\n\nTwo.\n\nThree.\n\nFour", first).blocks).toEqual(["One.\n\n", "Two.\n\n", "Three.\n\n", "Four"]);
  });

  it("makes the text whole when a definition arrives, and starts over for a text that is not a continuation", () => {
    const first = splitMarkdown("See [x].\n\nMore.");
    expect(splitMarkdown("See [x].\n\nMore.\n\n[x]: https://example.com", first).blocks).toHaveLength(1);
    expect(splitMarkdown("Other.\n\nText.", first).blocks).toEqual(["Other.\n\n", "Text."]);
  });
});

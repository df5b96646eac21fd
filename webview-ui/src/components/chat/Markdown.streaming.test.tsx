import { render } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { Markdown } from "./Markdown";

// Counts how often react-markdown parses and renders some text, which is what streaming must avoid.
const parsed = vi.hoisted(() => ({ texts: [] as string[] }));

vi.mock("react-markdown", async (importOriginal) => {
  const actual = await importOriginal<typeof import("react-markdown")>();
  const Counted = (options: Parameters<typeof actual.default>[0]) => {
    parsed.texts.push(options.children ?? "");
    return actual.default(options);
  };
  return { ...actual, default: Counted };
});

describe("Markdown while a reply streams", () => {
  it("re-parses only the block that grew, and the blocks a delta added", () => {
    parsed.texts.length = 0;
    const { rerender, container } = render(<Markdown text={"# Title\n\nA paragraph.\n\nThe ta"} />);
    expect(parsed.texts).toEqual(["# Title\n\n", "A paragraph.\n\n", "The ta"]);

    parsed.texts.length = 0;
    rerender(<Markdown text={"# Title\n\nA paragraph.\n\nThe tail grows"} />);
    expect(parsed.texts).toEqual(["The tail grows"]);

    parsed.texts.length = 0;
    rerender(<Markdown text={"# Title\n\nA paragraph.\n\nThe tail grows.\n\n```ts\nconst x"} />);
    expect(parsed.texts).toEqual(["The tail grows.\n\n", "```ts\nconst x"]);
    expect(container.querySelector("h1")).toHaveTextContent("Title");
    expect(container.querySelector("pre")).toHaveTextContent("const x");
  });
});

import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Markdown, MarkdownBlock } from "./Markdown";
import { MARKDOWN_SAMPLES } from "./markdownSamples";

/** The rendered HTML without the whitespace React puts between top-level blocks of one pass. */
function htmlOf(container: HTMLElement): string {
  const copy = container.cloneNode(true);
  if (!(copy instanceof HTMLElement)) {
    throw new Error("a container clones to an element");
  }
  for (const root of copy.querySelectorAll(".chat-markdown")) {
    for (const node of [...root.childNodes]) {
      if (node.nodeType === Node.TEXT_NODE && (node.textContent ?? "").trim() === "") {
        node.remove();
      }
    }
  }
  return copy.innerHTML;
}

describe("Markdown", () => {
  it("renders markdown, GFM tables included", () => {
    const { container } = render(<Markdown text={"# Title\n\nSome **bold** text.\n\n| a | b |\n|---|---|\n| 1 | 2 |"} />);
    expect(screen.getByRole("heading", { name: "Title" })).toBeInTheDocument();
    expect(container.querySelector("strong")).toHaveTextContent("bold");
    expect(screen.getByRole("table")).toBeInTheDocument();
  });

  it("highlights a fenced code block and copies its text", async () => {
    const user = userEvent.setup();
    const code = 'const x = 1;\nconsole.log("hi");';
    const { container } = render(<Markdown text={"Look:\n\n```ts\n" + code + "\n```\n"} />);
    const pre = container.querySelector("pre");
    expect(pre).toHaveTextContent('const x = 1; console.log("hi");', { normalizeWhitespace: true });
    expect(pre?.querySelector("code.hljs .hljs-keyword")).toHaveTextContent("const");
    expect(screen.getByText("ts")).toBeInTheDocument();

    const copy = screen.getByRole("button", { name: "Copy ts code" });
    await user.click(copy);
    expect(await navigator.clipboard.readText()).toBe(code);
    expect(copy).toHaveTextContent("Copied");
  });

  it("says so when the clipboard refuses", async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, "writeText").mockRejectedValue(new Error("denied"));
    render(<Markdown text={"```\nplain\n```"} />);
    const copy = screen.getByRole("button", { name: "Copy code" });
    await user.click(copy);
    expect(copy).toHaveTextContent("Copy failed");
    expect(screen.getByRole("status")).toHaveTextContent("Copy failed");
  });

  it("leaves a fence in an unknown language plain, still with Copy", () => {
    const { container } = render(<Markdown text={"```brainfuck\n+++.\n```"} />);
    expect(container.querySelector("pre code")).toHaveTextContent("+++.");
    expect(container.querySelector("pre .hljs-keyword, pre code.hljs")).toBeNull();
    expect(screen.getByRole("button", { name: "Copy brainfuck code" })).toBeInTheDocument();
  });

  it("shows raw HTML as text, never as elements", () => {
    const html = '<script>alert(1)</script> and <img src=x onerror="alert(2)"> and <b onclick="x()">bold</b>';
    const { container } = render(<Markdown text={html} />);
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container).toHaveTextContent("<script>alert(1)</script>");
    expect(container).toHaveTextContent('<img src=x onerror="alert(2)">');
  });

  it("shows an HTML block as text too", () => {
    const { container } = render(<Markdown text={"<div>\n<script>alert(1)</script>\n<iframe src='https://example.com'></iframe>\n</div>"} />);
    expect(container.querySelector(".chat-markdown script, .chat-markdown iframe, .chat-markdown div")).toBeNull();
    expect(container).toHaveTextContent("<iframe");
  });

  it("drops javascript: links and turns images into links", () => {
    const { container } = render(<Markdown text={"[click](javascript:alert(1)) ![a cat](https://example.com/cat.png)"} />);
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getByRole("link", { name: "Image: a cat" })).toHaveAttribute("href", "https://example.com/cat.png");
  });
});

describe("Markdown, block by block", () => {
  it("renders every sample exactly as one pass over the whole text does", () => {
    for (const [name, text] of Object.entries(MARKDOWN_SAMPLES)) {
      const split = render(<Markdown text={text} />);
      const whole = render(
        <div className="chat-markdown">
          <MarkdownBlock text={text} />
        </div>,
      );
      expect(htmlOf(split.container), name).toBe(htmlOf(whole.container));
      split.unmount();
      whole.unmount();
    }
  });

  it("renders every prefix of a sample as one pass does, as a streaming reply shows it", () => {
    for (const text of [MARKDOWN_SAMPLES.listWithFence ?? "", MARKDOWN_SAMPLES.headingsAndFences ?? ""]) {
      for (let length = 1; length <= text.length; length += 7) {
        const prefix = text.slice(0, length);
        const split = render(<Markdown text={prefix} />);
        const whole = render(
          <div className="chat-markdown">
            <MarkdownBlock text={prefix} />
          </div>,
        );
        expect(htmlOf(split.container), JSON.stringify(prefix)).toBe(htmlOf(whole.container));
        split.unmount();
        whole.unmount();
      }
    }
  });
});

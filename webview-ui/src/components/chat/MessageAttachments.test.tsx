import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Attachment } from "@shared/generated/types";
import { MessageView } from "./MessageView";
import { reply, usage, userMessage } from "./testing";

const noop = () => undefined;

const FILE: Attachment = { kind: "file", label: "src/main.rs", text: "src/main.rs\n```rust\n1 fn main() {}\n```", tokens: 1234, note: null };
const CUT: Attachment = { kind: "folder", label: "src/", text: "src/\n  main.rs", tokens: 1, note: "Only the first 200 entries are listed." };

describe("a message's workspace context", () => {
  it("shows each attachment folded with its kind, label, tokens and note, and its text when opened", async () => {
    const message = { ...userMessage("Review these"), attachments: [FILE, CUT] };
    render(<MessageView message={message} canRetry={false} onRetry={noop} />);
    const list = screen.getByRole("list", { name: "Attached to this message" });
    const [file, folder] = within(list).getAllByRole("group");
    expect(file).not.toHaveAttribute("open");
    expect(file?.querySelector("summary")).toHaveTextContent("Filesrc/main.rs1,234 tokens");
    expect(folder?.querySelector("summary")).toHaveTextContent("Foldersrc/1 tokenOnly the first 200 entries are listed.");
    const text = within(list).getByText(/fn main/);
    expect(text).not.toBeVisible();
    const summary = file?.querySelector("summary");
    if (summary == null) throw new Error("the attachment has a summary");
    await userEvent.click(summary);
    expect(file).toHaveAttribute("open");
    expect(text).toBeVisible();
  });

  it("shows a message's images as thumbnails, and a message of images alone", () => {
    const image = { name: "shot.png", mediaType: "image/png", data: "AAAA", width: 8, height: 4 };
    render(<MessageView message={{ ...userMessage(""), images: [image] }} canRetry={false} onRetry={noop} />);
    expect(screen.getByRole("img", { name: "shot.png" })).toHaveAttribute("src", "data:image/png;base64,AAAA");
  });

  it("shows a reply's note that older messages were left out", () => {
    const notice = "To fit the context window, 12 older messages were left out of this request.";
    render(<MessageView message={reply({ contextNotice: notice })} canRetry={false} onRetry={noop} />);
    expect(screen.getByRole("note")).toHaveTextContent(notice);
  });

  it("shows a Condense summary as a card naming what it replaces, with its usage", () => {
    const summary = reply({ text: "We set up the parser.", summaryOf: ["u1", "a1", "u2", "a2"], usage: usage() });
    render(<MessageView message={summary} canRetry={false} onRetry={noop} />);
    const card = screen.getByRole("article", { name: "Summary of 4 earlier messages" });
    expect(card).toHaveClass("chat-message-summary");
    expect(card).toHaveTextContent("We set up the parser.");
    expect(within(card).getByTestId("usage")).toHaveTextContent("$0.0012");
  });

  it("has no notice or attachments when there are none", () => {
    render(<MessageView message={userMessage("plain")} canRetry={false} onRetry={noop} />);
    expect(screen.queryByRole("note")).toBeNull();
    expect(screen.queryByRole("list")).toBeNull();
  });
});

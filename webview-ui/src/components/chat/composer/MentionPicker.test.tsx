import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { MentionSearchResult } from "@shared/protocol";
import { candidate, renderComposer } from "./testing";
import { INDEXING_RETRY_MS } from "./useMentionPicker";

const RESULT: MentionSearchResult = {
  candidates: [
    candidate("src/main.rs", "file", { detail: "src", highlights: [4, 5] }),
    candidate("src/", "folder"),
    { chip: { mention: { kind: "problems" }, label: "problems" }, group: "context", detail: "Errors and warnings", highlights: [] },
    candidate("README.md", "openEditor"),
  ],
  indexing: false,
  notice: null,
};

const listbox = () => screen.getByRole("listbox", { name: "Mentions" });
const optionNames = () => within(listbox()).getAllByRole("option").map((option) => option.textContent);

async function openWith(result: MentionSearchResult = RESULT) {
  const setup = renderComposer();
  await setup.user.type(setup.input(), "look at @ma");
  await setup.respond({ kind: "searchMentions", response: result });
  return setup;
}

describe("the @-picker", () => {
  it("asks for the text after the @ as it is typed, and only for an @ that starts a word", async () => {
    const { user, input, requestsOf } = renderComposer();
    await user.type(input(), "mail@x then @ma");
    expect(requestsOf("searchMentions").map((sent) => sent.request.query)).toEqual(["", "m", "ma"]);
  });

  it("lists the groups in order, the matched characters bold and the detail dimmed", async () => {
    await openWith();
    expect(optionNames()).toEqual(["problemsErrors and warnings", "README.md", "src/main.rssrc", "src/"]);
    const groups = within(listbox()).getAllByRole("group").map((group) => group.getAttribute("aria-labelledby"));
    expect(groups.map((id) => document.getElementById(id ?? "")?.textContent)).toEqual(["Context", "Open editors", "Files", "Folders"]);
    const main = within(listbox()).getAllByRole("option")[2];
    expect(main?.querySelector("strong")?.textContent).toBe("ma");
    expect(main?.querySelector(".chat-mention-detail")?.textContent).toBe("src");
  });

  it("moves with Up and Down, announces the option and chooses it with Enter", async () => {
    const { user, input, chipLabels, sent } = await openWith();
    const options = within(listbox()).getAllByRole("option");
    expect(input()).toHaveAttribute("aria-activedescendant", options[0]?.id);
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(options[2]).toHaveAttribute("aria-selected", "true");
    expect(input()).toHaveAttribute("aria-activedescendant", options[2]?.id);
    await user.keyboard("{ArrowUp}{ArrowUp}{ArrowUp}");
    expect(options[3]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Enter}");
    expect(sent).toEqual([]);
    expect(chipLabels()).toEqual(["src/"]);
    expect(input()).toHaveValue("look at ");
    expect(screen.queryByRole("listbox")).toBeNull();
  });

  it("chooses with Tab and with a click", async () => {
    const { user, input, chipLabels, respond } = await openWith();
    await user.keyboard("{Tab}");
    expect(chipLabels()).toEqual(["problems"]);
    expect(input()).toHaveFocus();

    await user.type(input(), "@");
    await respond({ kind: "searchMentions", response: RESULT });
    await user.click(screen.getByRole("option", { name: /README/ }));
    expect(chipLabels()).toEqual(["problems", "README.md"]);
    expect(input()).toHaveValue("look at ");
  });

  it("closes on Escape without touching the text, and stays closed while that word is typed on", async () => {
    const { user, input, requestsOf } = await openWith();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(input()).toHaveValue("look at @ma");
    expect(input()).not.toHaveAttribute("aria-activedescendant");
    const asked = requestsOf("searchMentions").length;
    await user.type(input(), "in");
    expect(requestsOf("searchMentions")).toHaveLength(asked);
    expect(screen.queryByRole("listbox")).toBeNull();
  });

  it("closes when a space ends the query", async () => {
    const { user, input } = await openWith();
    await user.type(input(), " ");
    expect(screen.queryByRole("listbox")).toBeNull();
  });

  it("shows only the newest query's answer", async () => {
    const { user, input, respond, requestsOf } = renderComposer();
    await user.type(input(), "@m");
    const [, older] = requestsOf("searchMentions");
    await user.type(input(), "a");
    await respond({ kind: "searchMentions", response: { ...RESULT, candidates: [candidate("ma.txt", "file")] } });
    if (older === undefined) throw new Error("the query 'm' was asked");
    await respond({ kind: "searchMentions", response: { ...RESULT, candidates: [candidate("old.txt", "file")] } }, older);
    expect(optionNames()).toEqual(["ma.txt"]);
  });

  it("says when the index is still being built, or why there are no files", async () => {
    await openWith({ candidates: [], indexing: true, notice: "Open a folder to mention its files." });
    expect(screen.getByRole("status")).toHaveTextContent("Open a folder to mention its files.");
    expect(screen.getByRole("status")).toHaveTextContent("Listing the workspace's files; the results may be incomplete.");
  });

  it("asks again while the index is being built, and stops once it is complete", async () => {
    const { requestsOf, respond } = await openWith({ candidates: [], indexing: true, notice: null });
    const asked = () => requestsOf("searchMentions").filter((sent) => sent.request.query === "ma").length;
    expect(asked()).toBe(1);
    await waitFor(() => expect(asked()).toBe(2), { timeout: INDEXING_RETRY_MS * 5 });
    await respond({ kind: "searchMentions", response: { ...RESULT, indexing: false } });
    expect(optionNames()).toHaveLength(4);
    await new Promise((resolve) => setTimeout(resolve, INDEXING_RETRY_MS * 2));
    expect(asked()).toBe(2);
  });

  it("says when nothing matches, and Enter then sends as usual", async () => {
    const { user, sent } = await openWith({ candidates: [], indexing: false, notice: null });
    expect(screen.getByRole("status")).toHaveTextContent("Nothing matches.");
    await user.keyboard("{Enter}");
    expect(sent.map((draft) => draft.text)).toEqual(["look at @ma"]);
  });
});

import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ChatView } from "@shared/protocol";
import { Condense } from "./Condense";
import { apiError, chatView, contextUsage, fakeMessenger, reply, userMessage } from "./testing";

function setup(chat: ChatView) {
  const fake = fakeMessenger();
  const view = render(<Condense chat={chat} messenger={fake.messenger} />);
  return { ...fake, ...view, user: userEvent.setup() };
}

const messages = [userMessage("Hi"), reply()];

describe("Condense", () => {
  it("sits by the meter, enabled when the chat has messages and nothing streams", () => {
    setup(chatView(messages, { context: contextUsage() }));
    expect(screen.getByTestId("context-meter")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Condense" })).toBeEnabled();
  });

  it("is disabled for an empty chat and while a reply streams", () => {
    const { rerender, messenger } = setup(chatView([]));
    expect(screen.getByRole("button", { name: "Condense" })).toBeDisabled();
    rerender(<Condense chat={chatView(messages, { streaming: true })} messenger={messenger} />);
    expect(screen.getByRole("button", { name: "Condense" })).toBeDisabled();
  });

  it("asks the extension to condense, and shows why it could not", async () => {
    const { user, requestsOf, respond } = setup(chatView(messages));
    await user.click(screen.getByRole("button", { name: "Condense" }));
    expect(requestsOf("condenseChat").map((sent) => sent.request)).toEqual([{ kind: "condenseChat" }]);
    expect(screen.getByRole("button", { name: "Condensing…" })).toBeDisabled();
    await respond({ kind: "condenseChat", response: { ok: false, error: apiError({ message: "The proxy is down; try again." }) } });
    expect(screen.getByRole("alert")).toHaveTextContent("The proxy is down; try again.");
    expect(screen.getByRole("button", { name: "Condense" })).toBeEnabled();
  });

  it("offers Condense in a banner with the share of the window when the core says so", async () => {
    const { user, requestsOf } = setup(chatView(messages, { offerCondense: true, context: contextUsage({ inputTokens: 13_500, contextWindow: 16_000 }) }));
    const banner = screen.getByRole("region", { name: "Condense" });
    expect(banner).toHaveTextContent("This chat uses 84% of the context window.");
    // One Condense button, in the banner.
    expect(screen.getAllByRole("button", { name: "Condense" })).toHaveLength(1);
    await user.click(within(banner).getByRole("button", { name: "Condense" }));
    expect(requestsOf("condenseChat")).toHaveLength(1);
  });

  it("has no banner when the core does not offer it", () => {
    setup(chatView(messages, { context: contextUsage() }));
    expect(screen.queryByRole("region", { name: "Condense" })).toBeNull();
  });
});

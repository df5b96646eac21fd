import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { MessageView } from "./MessageView";
import { apiError, reply, usage, userMessage } from "./testing";

const noop = () => undefined;

describe("MessageView", () => {
  it("shows the user's text as plain text with its newlines", () => {
    render(<MessageView message={userMessage("line one\nline **two**")} canRetry={false} onRetry={noop} />);
    const text = screen.getByText(/line one/);
    expect(text.textContent).toBe("line one\nline **two**");
    expect(text.querySelector("strong")).toBeNull();
  });

  it("folds the reasoning above the reply", () => {
    const { container } = render(
      <MessageView message={reply({ reasoning: "First I think.", text: "The answer." })} canRetry={false} onRetry={noop} />,
    );
    const details = container.querySelector("details");
    expect(details).not.toBeNull();
    expect(details).not.toHaveAttribute("open");
    expect(details?.querySelector("summary")).toHaveTextContent("Reasoning");
    expect(details).toHaveTextContent("First I think.");
    // The reasoning comes before the answer.
    const answer = screen.getByText("The answer.");
    expect(details?.compareDocumentPosition(answer)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
  });

  it("has no reasoning section when there is none", () => {
    const { container } = render(<MessageView message={reply()} canRetry={false} onRetry={noop} />);
    expect(container.querySelector("details")).toBeNull();
  });

  it("shows a typing indicator while streaming, and not after", () => {
    const { rerender } = render(<MessageView message={reply({ text: "Hel", state: "streaming" })} canRetry={false} onRetry={noop} />);
    expect(screen.getByRole("status", { name: "Replying…" })).toBeInTheDocument();
    rerender(<MessageView message={reply({ text: "Hello", state: "complete" })} canRetry={false} onRetry={noop} />);
    expect(screen.queryByRole("status", { name: "Replying…" })).toBeNull();
  });

  it("keeps a stopped reply's text and marks it Stopped", () => {
    render(
      <MessageView
        message={reply({ text: "Partial answ", state: "stopped", error: apiError({ kind: "cancelled", message: "Cancelled." }) })}
        canRetry={true}
        onRetry={noop}
      />,
    );
    expect(screen.getByText("Partial answ")).toBeInTheDocument();
    expect(screen.getByText("Stopped")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("keeps a failed reply's text, explains the error and retries", async () => {
    const onRetry = vi.fn();
    render(
      <MessageView
        message={reply({ text: "Partial", state: "failed", error: apiError({ detail: "litellm.RateLimitError: slow down" }) })}
        canRetry={true}
        onRetry={onRetry}
      />,
    );
    expect(screen.getByText("Partial")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("The proxy is rate limiting requests. Try again in 20 seconds.");
    expect(screen.getByText("litellm.RateLimitError: slow down")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it("offers no Retry when it may not", () => {
    render(<MessageView message={reply({ state: "failed", error: apiError() })} canRetry={false} onRetry={noop} />);
    expect(screen.getByRole("alert")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
  });

  it("shows tokens and a known cost", () => {
    render(<MessageView message={reply({ usage: usage() })} canRetry={false} onRetry={noop} />);
    expect(screen.getByTestId("usage")).toHaveTextContent("↑ 1,234 ↓ 56 · $0.0012");
  });

  it("shows an unknown cost as unknown, never $0.00", () => {
    render(<MessageView message={reply({ usage: usage({ cost: { kind: "unknown" } }) })} canRetry={false} onRetry={noop} />);
    const line = screen.getByTestId("usage");
    expect(line).toHaveTextContent("↑ 1,234 ↓ 56 · cost unknown");
    expect(line).not.toHaveTextContent("$");
  });

  it("marks our own estimate of a stopped reply's usage and says why", () => {
    const stopped = reply({ state: "stopped", usage: usage({ inputTokens: 39, outputTokens: 12, estimated: true }) });
    render(<MessageView message={stopped} canRetry={false} onRetry={noop} />);
    const line = screen.getByTestId("usage");
    expect(line).toHaveTextContent("≈ ↑ 39 ↓ 12 · $0.0012");
    expect(line.getAttribute("title")).toContain("the reply ended before the proxy reported its usage");
  });

  it("does not mark the proxy's own usage as an estimate", () => {
    render(<MessageView message={reply({ usage: usage() })} canRetry={false} onRetry={noop} />);
    expect(screen.getByTestId("usage")).not.toHaveTextContent("≈");
    expect(screen.getByTestId("usage").getAttribute("title")).not.toContain("Estimated");
  });

  it("shows a cached reply's cache reads and writes, and what caching saved in the tooltip", () => {
    // The reply (litellm 1.106.2): 10 uncached + 1,200 written + 3,000 read, at Claude Sonnet's prices.
    const cached = usage({
      inputTokens: 4210,
      outputTokens: 25,
      cacheWriteTokens: 1200,
      cacheReadTokens: 3000,
      cost: { kind: "known", usd: 0.00543, source: "proxy" },
      cacheSavings: { withCacheUsd: 0.00543, withoutCacheUsd: 0.01263, savedUsd: 0.0072 },
    });
    render(<MessageView message={reply({ usage: cached })} canRetry={false} onRetry={noop} />);
    const line = screen.getByTestId("usage");
    expect(line).toHaveTextContent("↑ 4,210 ↓ 25 · cache 3,000 read, 1,200 written · $0.0054");
    expect(line.getAttribute("title")).toContain("Prompt caching saved $0.0072: the input cost $0.00543 instead of $0.0126 uncached");
  });

  it("says a reply that only wrote to the cache cost more, and shows no cache part without cache use", () => {
    const wrote = usage({ cacheWriteTokens: 1200, cacheReadTokens: 0, cacheSavings: { withCacheUsd: 0.0045, withoutCacheUsd: 0.0036, savedUsd: -0.0009 } });
    const { unmount } = render(<MessageView message={reply({ usage: wrote })} canRetry={false} onRetry={noop} />);
    expect(screen.getByTestId("usage-cache")).toHaveTextContent("cache 1,200 written");
    expect(screen.getByTestId("usage").getAttribute("title")).toContain("Writing to the prompt cache cost $0.0009 more than uncached input");
    unmount();
    render(<MessageView message={reply({ usage: usage() })} canRetry={false} onRetry={noop} />);
    expect(screen.queryByTestId("usage-cache")).toBeNull();
    expect(screen.getByTestId("usage").getAttribute("title")).not.toContain("caching");
  });

  it("shows no usage line before the usage arrives", () => {
    render(<MessageView message={reply({ state: "streaming" })} canRetry={false} onRetry={noop} />);
    expect(screen.queryByTestId("usage")).toBeNull();
  });
});

import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { apiError } from "../testing";
import { fileChip, imageFile, renderComposer } from "./testing";

describe("sending with context", () => {
  it("sends the text with the chips and images, then clears them all", async () => {
    const { deliver, user, input, sent, chipLabels } = renderComposer();
    deliver({ type: "insertMention", chip: fileChip("src/a.ts") });
    fireEvent.paste(input(), { clipboardData: { files: [imageFile("shot.png")], types: ["Files"] } });
    expect(await screen.findByRole("img", { name: "shot.png" })).toBeInTheDocument();
    await user.type(input(), "Why does this fail?{Enter}");
    expect(sent).toEqual([
      {
        text: "Why does this fail?",
        chips: [fileChip("src/a.ts")],
        images: [{ name: "shot.png", mediaType: "image/png", data: btoa("shot.png"), width: 10, height: 5 }],
      },
    ]);
    expect(input()).toHaveValue("");
    expect(chipLabels()).toEqual([]);
    expect(screen.queryByRole("img")).toBeNull();
  });

  it("sends with no text when a chip or an image is attached", async () => {
    const { deliver, user, sent } = renderComposer();
    const send = screen.getByRole("button", { name: "Send" });
    expect(send).toBeDisabled();
    deliver({ type: "insertMention", chip: { mention: { kind: "problems" }, label: "problems" } });
    expect(send).toBeEnabled();
    await user.click(send);
    expect(sent).toEqual([{ text: "", chips: [{ mention: { kind: "problems" }, label: "problems" }], images: [] }]);
  });

  it("gives back the text, chips and images of a refused send, with the reason", () => {
    const { rerender, input, chipLabels } = renderComposer();
    const image = { name: "shot.png", mediaType: "image/png" as const, data: "AAAA", width: 4, height: 4 };
    rerender({ rejected: { text: "Explain", chips: [fileChip("a.ts")], images: [image], error: apiError({ message: "The proxy is down." }) } });
    expect(input()).toHaveValue("Explain");
    expect(chipLabels()).toEqual(["a.ts"]);
    expect(screen.getByRole("img", { name: "shot.png" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("The proxy is down.");
  });
});

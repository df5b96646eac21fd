import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fileChip, imageFile, renderComposer } from "./testing";

function drop(target: HTMLElement, data: Record<string, string>, files: File[] = []) {
  const types = [...Object.keys(data), ...(files.length > 0 ? ["Files"] : [])];
  const dataTransfer = { types, files, getData: (type: string) => data[type] ?? "", dropEffect: "none" };
  fireEvent.dragOver(target, { dataTransfer });
  fireEvent.drop(target, { dataTransfer });
}

describe("dropping on the composer", () => {
  it("mentions what the Explorer dropped and shows what could not be", async () => {
    const { input, lastRequest, respond, chipLabels } = renderComposer();
    drop(input(), { "application/vnd.code.uri-list": "file:///w/src/a.ts\r\nfile:///w/bin/tool" });
    expect(lastRequest("mentionsForUris").request.uris).toEqual(["file:///w/src/a.ts", "file:///w/bin/tool"]);
    await respond({
      kind: "mentionsForUris",
      response: { chips: [fileChip("src/a.ts")], errors: ["bin/tool looks like a binary file, so it cannot be attached."] },
    });
    expect(chipLabels()).toEqual(["src/a.ts"]);
    expect(screen.getByRole("alert")).toHaveTextContent("bin/tool looks like a binary file, so it cannot be attached.");
  });

  it("reads text/uri-list too", () => {
    const { input, lastRequest } = renderComposer();
    drop(input(), { "text/uri-list": "file:///w/README.md" });
    expect(lastRequest("mentionsForUris").request.uris).toEqual(["file:///w/README.md"]);
  });

  it("takes a dropped image file as an image, once", async () => {
    const { input, requestsOf } = renderComposer();
    drop(input(), { "text/uri-list": "file:///home/me/shot.png" }, [imageFile("shot.png")]);
    expect(await screen.findByRole("img", { name: "shot.png" })).toBeInTheDocument();
    expect(requestsOf("mentionsForUris")).toEqual([]);
  });
});

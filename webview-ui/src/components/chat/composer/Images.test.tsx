import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ImageLoadError, type ImageLoader } from "./imageLoader";
import { imageFile, renderComposer, TEXT_MODEL, VISION_MODEL } from "./testing";

function paste(target: HTMLElement, files: File[]) {
  fireEvent.paste(target, { clipboardData: { files, types: ["Files"] } });
}

const thumbnails = () => within(screen.getByRole("list", { name: "Attached images" })).getAllByRole("img");

describe("images in the composer", () => {
  it("shows a pasted image as a thumbnail made by the loader, and removes it", async () => {
    const { input, user } = renderComposer();
    paste(input(), [imageFile("one.png"), imageFile("two.webp", "image/webp")]);
    expect(await screen.findByRole("img", { name: "two.webp" })).toHaveAttribute("src", `data:image/webp;base64,${btoa("two.webp")}`);
    expect(thumbnails().map((image) => image.getAttribute("alt"))).toEqual(["one.png", "two.webp"]);
    await user.click(screen.getByRole("button", { name: "Remove image one.png" }));
    expect(thumbnails().map((image) => image.getAttribute("alt"))).toEqual(["two.webp"]);
  });

  it("says the model takes no images, names it, and disables Send until they are removed", async () => {
    const { input, user, sent } = renderComposer({ model: TEXT_MODEL });
    await user.type(input(), "What is this?");
    paste(input(), [imageFile("diagram.png")]);
    await screen.findByRole("img", { name: "diagram.png" });
    expect(screen.getByRole("alert")).toHaveTextContent(
      "local-llama does not take images. Remove the images, or choose a model with vision in Settings.",
    );
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    await user.type(input(), "{Enter}");
    expect(sent).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Remove image diagram.png" }));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByRole("button", { name: "Send" })).toBeEnabled();
  });

  it("lets the images go once the chat's model takes them", async () => {
    const { input, rerender } = renderComposer({ model: TEXT_MODEL });
    paste(input(), [imageFile("diagram.png")]);
    await screen.findByRole("img", { name: "diagram.png" });
    rerender({ model: VISION_MODEL });
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByRole("button", { name: "Send" })).toBeEnabled();
  });

  it("refuses other types and oversized files with a message naming them", () => {
    const { input } = renderComposer();
    paste(input(), [imageFile("logo.svg", "image/svg+xml"), imageFile("huge.png", "image/png", 21 * 1024 * 1024)]);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("logo.svg is not a PNG, JPEG, GIF or WebP image, so it cannot be attached.");
    expect(alert).toHaveTextContent("huge.png is larger than 20 MB; attach a smaller image.");
    expect(screen.queryByRole("list", { name: "Attached images" })).toBeNull();
  });

  it("says so when the loader cannot read an image, and waits for one being prepared", async () => {
    let finish: () => void = () => undefined;
    const loader: ImageLoader = (file) =>
      new Promise((_, reject) => {
        finish = () => {
          reject(new ImageLoadError(file.name === "broken.png" ? "unreadable" : "tooLarge"));
        };
      });
    const { input, user } = renderComposer({ loader });
    await user.type(input(), "hi");
    paste(input(), [imageFile("broken.png")]);
    expect(screen.getByRole("status")).toHaveTextContent("Preparing the image…");
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    finish();
    expect(await screen.findByRole("alert")).toHaveTextContent("broken.png could not be read as an image; it may be damaged.");
    expect(screen.getByRole("button", { name: "Send" })).toBeEnabled();
  });
});

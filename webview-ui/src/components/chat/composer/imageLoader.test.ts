import { afterEach, describe, expect, it, vi } from "vitest";
import { browserImageLoader, ImageLoadError } from "./imageLoader";
import { MAX_ENCODED_CHARS } from "./imageRules";

/** What the stubbed canvas was asked to encode, in order. */
let encoded: { width: number; height: number; type: string; quality: number | undefined }[] = [];

/** Stubs the browser's decoder and canvas: an image of `width`×`height` whose encodings weigh `bytesFor`. */
function stubBrowser(width: number, height: number, bytesFor: (type: string, canvasWidth: number) => number) {
  encoded = [];
  const close = vi.fn();
  vi.stubGlobal("createImageBitmap", () => Promise.resolve({ width, height, close }));
  vi.stubGlobal(
    "OffscreenCanvas",
    class {
      constructor(
        readonly width: number,
        readonly height: number,
      ) {}
      getContext() {
        return { fillStyle: "", fillRect: () => undefined, drawImage: () => undefined, imageSmoothingQuality: "low" };
      }
      convertToBlob(options: { type: string; quality?: number }) {
        encoded.push({ width: this.width, height: this.height, type: options.type, quality: options.quality });
        return Promise.resolve(new Blob([new Uint8Array(bytesFor(options.type, this.width))]));
      }
    },
  );
  return close;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const file = (bytes: number, name = "shot.png", type = "image/png") => new File([new Uint8Array(bytes)], name, { type });

describe("browserImageLoader", () => {
  it("sends a small image's own bytes, unscaled", async () => {
    const close = stubBrowser(800, 600, () => 1);
    const image = await browserImageLoader(file(3), "image/png");
    expect(image).toEqual({ name: "shot.png", mediaType: "image/png", data: "AAAA", width: 800, height: 600 });
    expect(encoded).toEqual([]);
    expect(close).toHaveBeenCalled();
  });

  it("scales a large image down to 1568 px in its own type", async () => {
    stubBrowser(3136, 2000, () => 30);
    const image = await browserImageLoader(file(100), "image/png");
    expect(encoded).toEqual([{ width: 1568, height: 1000, type: "image/png", quality: undefined }]);
    expect(image).toMatchObject({ mediaType: "image/png", width: 1568, height: 1000 });
    expect(image.data).toHaveLength(40);
  });

  it("falls back to smaller JPEGs while the encoding is too heavy", async () => {
    stubBrowser(2000, 1000, (type, width) => (type === "image/png" || width > 1200 ? MAX_ENCODED_CHARS : 30));
    const image = await browserImageLoader(file(100), "image/png");
    expect(encoded.map((step) => `${step.type}@${String(step.width)}`)).toEqual(["image/png@1568", "image/jpeg@1568", "image/jpeg@1176"]);
    expect(image).toMatchObject({ mediaType: "image/jpeg", width: 1176, height: 588 });
  });

  it("refuses what cannot be decoded, and what stays too heavy", async () => {
    vi.stubGlobal("createImageBitmap", () => Promise.reject(new Error("bad data")));
    await expect(browserImageLoader(file(10), "image/png")).rejects.toEqual(new ImageLoadError("unreadable"));
    stubBrowser(4000, 4000, () => MAX_ENCODED_CHARS);
    await expect(browserImageLoader(file(10), "image/png")).rejects.toEqual(new ImageLoadError("tooLarge"));
  });
});

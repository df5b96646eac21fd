import { describe, expect, it } from "vitest";
import { base64Length, canSendAsIs, checkImageFile, encodingSteps, fitWithin, MAX_IMAGE_FILE_BYTES } from "./imageRules";

describe("checkImageFile", () => {
  it("takes PNG, JPEG, GIF and WebP up to the size limit", () => {
    for (const type of ["image/png", "image/jpeg", "image/gif", "image/webp"]) {
      expect(checkImageFile({ type, size: 1000 })).toEqual({ ok: true, mediaType: type });
    }
    expect(checkImageFile({ type: "image/png", size: MAX_IMAGE_FILE_BYTES })).toMatchObject({ ok: true });
  });

  it("refuses other types and files over the limit", () => {
    expect(checkImageFile({ type: "image/svg+xml", size: 10 })).toEqual({ ok: false, reason: "type" });
    expect(checkImageFile({ type: "application/pdf", size: 10 })).toEqual({ ok: false, reason: "type" });
    expect(checkImageFile({ type: "image/png", size: MAX_IMAGE_FILE_BYTES + 1 })).toEqual({ ok: false, reason: "size" });
  });
});

describe("fitWithin", () => {
  it("scales the long side down to 1568 px and keeps the aspect ratio", () => {
    expect(fitWithin({ width: 3136, height: 1000 })).toEqual({ width: 1568, height: 500 });
    expect(fitWithin({ width: 1000, height: 4000 })).toEqual({ width: 392, height: 1568 });
  });

  it("never enlarges and never gives a zero side", () => {
    expect(fitWithin({ width: 800, height: 600 })).toEqual({ width: 800, height: 600 });
    expect(fitWithin({ width: 100_000, height: 1 })).toEqual({ width: 1568, height: 1 });
  });
});

describe("encoding", () => {
  it("sends a small image as it is, and a large or heavy one re-encoded", () => {
    expect(canSendAsIs({ width: 1568, height: 900 }, 1_000_000)).toBe(true);
    expect(canSendAsIs({ width: 1569, height: 900 }, 1000)).toBe(false);
    expect(canSendAsIs({ width: 100, height: 100 }, 3_500_000)).toBe(false);
    expect(base64Length(3)).toBe(4);
    expect(base64Length(4)).toBe(8);
  });

  it("tries the image's own type first (a GIF as PNG), then smaller JPEGs", () => {
    const steps = encodingSteps({ width: 4000, height: 2000 }, "image/gif");
    expect(steps[0]).toEqual({ width: 1568, height: 784, mediaType: "image/png", quality: null });
    expect(steps.slice(1).every((step) => step.mediaType === "image/jpeg")).toBe(true);
    const sides = steps.map((step) => step.width);
    expect(sides).toEqual([...sides].sort((a, b) => b - a));
    expect(steps.at(-1)?.width).toBe(784);
  });
});

/**
 * Turns an image file into what a message carries: decoded with `createImageBitmap`, scaled down on
 * a canvas when `imageRules` says so, and base64-encoded without the `data:` prefix. The canvas
 * part lives only here, behind the `ImageLoader` type, so tests (jsdom has no canvas) inject
 * their own loader through `ImageLoaderContext`.
 */
import { createContext } from "react";
import type { ImageInput, ImageMediaType } from "@shared/protocol";
import { canSendAsIs, encodingSteps, MAX_ENCODED_CHARS, type EncodeStep } from "./imageRules";

/**
 * Reads a file already checked to be an image of `mediaType`; rejects with an `ImageLoadError`,
 * whose reason the composer turns into a sentence naming the file.
 */
export type ImageLoader = (file: File, mediaType: ImageMediaType) => Promise<ImageInput>;

/** Why an image could not be prepared: it did not decode, or stayed too heavy however scaled. */
export class ImageLoadError extends Error {
  constructor(readonly reason: "unreadable" | "tooLarge") {
    super(reason);
  }
}

/** The blob's bytes in base64, without the `data:` prefix (the browser encodes it natively). */
function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === "string" ? reader.result : "";
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => {
      reject(new ImageLoadError("unreadable"));
    };
    reader.readAsDataURL(blob);
  });
}

async function encode(bitmap: ImageBitmap, step: EncodeStep): Promise<string> {
  const canvas = new OffscreenCanvas(step.width, step.height);
  const context = canvas.getContext("2d");
  if (context === null) {
    throw new ImageLoadError("unreadable");
  }
  if (step.mediaType === "image/jpeg") {
    // JPEG has no transparency: what was transparent becomes white, not black.
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, step.width, step.height);
  }
  context.imageSmoothingQuality = "high";
  context.drawImage(bitmap, 0, 0, step.width, step.height);
  const blob = await canvas.convertToBlob(step.quality === null ? { type: step.mediaType } : { type: step.mediaType, quality: step.quality });
  return blobToBase64(blob);
}

/** The real loader, for the webview (Chromium has `createImageBitmap` and `OffscreenCanvas`). */
export const browserImageLoader: ImageLoader = async (file, mediaType) => {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new ImageLoadError("unreadable");
  }
  try {
    const size = { width: bitmap.width, height: bitmap.height };
    if (canSendAsIs(size, file.size)) {
      return { name: file.name, mediaType, data: await blobToBase64(file), ...size };
    }
    for (const step of encodingSteps(size, mediaType)) {
      const data = await encode(bitmap, step);
      if (data.length <= MAX_ENCODED_CHARS) {
        return { name: file.name, mediaType: step.mediaType, data, width: step.width, height: step.height };
      }
    }
    throw new ImageLoadError("tooLarge");
  } finally {
    bitmap.close();
  }
};

/** The loader the composer uses; tests provide one that needs no canvas. */
export const ImageLoaderContext = createContext<ImageLoader>(browserImageLoader);

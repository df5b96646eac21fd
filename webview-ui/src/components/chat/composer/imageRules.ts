/**
 * The rules for an image the user pastes or drops, without any canvas: which files are taken,
 * how large a file may be, and at what size and type it is encoded. The provider's usual limit is
 * 1568 px on the long side (larger images are scaled down by the model's provider anyway, at the
 * user's token cost) and a few megabytes per image, so the webview scales first and sends less.
 */
import { imageMediaTypes, type ImageMediaType } from "@shared/protocol";

/** The longest side an image is sent with, in pixels. */
export const MAX_LONG_SIDE = 1568;
/** The largest file taken at all; larger ones are refused before they are read. */
export const MAX_IMAGE_FILE_BYTES = 20 * 1024 * 1024;
/** The most base64 characters one image is sent as (about 3 MB of bytes). */
export const MAX_ENCODED_CHARS = 4_000_000;

export function isImageMediaType(type: string): type is ImageMediaType {
  return (imageMediaTypes as readonly string[]).includes(type);
}

/** Why a file cannot be attached as an image, or its media type when it can. */
export type ImageFileCheck = { ok: true; mediaType: ImageMediaType } | { ok: false; reason: "type" | "size" };

export function checkImageFile(file: { type: string; size: number }): ImageFileCheck {
  if (!isImageMediaType(file.type)) {
    return { ok: false, reason: "type" };
  }
  if (file.size > MAX_IMAGE_FILE_BYTES) {
    return { ok: false, reason: "size" };
  }
  return { ok: true, mediaType: file.type };
}

export interface Size {
  width: number;
  height: number;
}

/** The size with the long side at most `maxSide`, the aspect ratio kept; never enlarged, never 0. */
export function fitWithin(size: Size, maxSide: number = MAX_LONG_SIDE): Size {
  const longest = Math.max(size.width, size.height);
  if (longest <= maxSide) {
    return { width: size.width, height: size.height };
  }
  const scale = maxSide / longest;
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/** How many base64 characters `bytes` bytes take. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** Whether the file can go as it is: small enough in pixels and in bytes, so nothing is lost. */
export function canSendAsIs(size: Size, fileBytes: number): boolean {
  return Math.max(size.width, size.height) <= MAX_LONG_SIDE && base64Length(fileBytes) <= MAX_ENCODED_CHARS;
}

/** One way to encode the image: at this size, as this type, at this quality (for lossy types). */
export interface EncodeStep extends Size {
  mediaType: ImageMediaType;
  quality: number | null;
}

/**
 * The encodings to try in order until one fits in `MAX_ENCODED_CHARS`: first the fitted size in
 * the image's own type (a GIF becomes a PNG: browsers cannot encode GIF), then JPEG at falling
 * quality and size. Screenshots stay sharp PNGs unless they are too big to send.
 */
export function encodingSteps(size: Size, mediaType: ImageMediaType): EncodeStep[] {
  const fitted = fitWithin(size);
  const ownType: ImageMediaType = mediaType === "image/gif" ? "image/png" : mediaType;
  const lossy = (scale: number, quality: number): EncodeStep => ({
    ...fitWithin(size, Math.max(1, Math.round(Math.max(fitted.width, fitted.height) * scale))),
    mediaType: "image/jpeg",
    quality,
  });
  return [
    { ...fitted, mediaType: ownType, quality: ownType === "image/png" ? null : 0.92 },
    lossy(1, 0.85),
    lossy(0.75, 0.75),
    lossy(0.5, 0.7),
  ];
}

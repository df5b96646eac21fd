/**
 * Takes image files pasted or dropped on the composer: refuses other types and files over the
 * size limit with a message naming the file, and prepares the rest with the injected loader
 * (scaled down and encoded), counting those still on their way so Send can wait for them.
 */
import { useContext, useEffect, useRef, useState } from "react";
import type { ImageInput } from "@shared/protocol";
import { t } from "../../../i18n";
import { ImageLoadError, ImageLoaderContext } from "./imageLoader";
import { checkImageFile, MAX_IMAGE_FILE_BYTES } from "./imageRules";

export interface ImageIntake {
  /** How many images are still being prepared. */
  pending: number;
  addFiles: (files: readonly File[]) => void;
}

function refusal(file: File, reason: "type" | "size" | "unreadable" | "tooLarge"): string {
  const name = file.name === "" ? t("chat:images.unnamed") : file.name;
  switch (reason) {
    case "type":
      return t("chat:images.unsupportedType", { name });
    case "size":
      return t("chat:images.tooBig", { name, limit: String(MAX_IMAGE_FILE_BYTES / (1024 * 1024)) });
    case "unreadable":
      return t("chat:images.unreadable", { name });
    case "tooLarge":
      return t("chat:images.tooLargeEncoded", { name });
  }
}

export function useImageIntake(onImage: (image: ImageInput) => void, onNotice: (message: string) => void): ImageIntake {
  const load = useContext(ImageLoaderContext);
  const [pending, setPending] = useState(0);
  // A loader that finishes after the composer is gone must not update it.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const addFiles = (files: readonly File[]) => {
    for (const file of files) {
      const checked = checkImageFile(file);
      if (!checked.ok) {
        onNotice(refusal(file, checked.reason));
        continue;
      }
      setPending((count) => count + 1);
      void load(file, checked.mediaType).then(
        (image) => {
          if (mounted.current) {
            onImage(image);
          }
        },
        (error: unknown) => {
          if (mounted.current) {
            onNotice(refusal(file, error instanceof ImageLoadError ? error.reason : "unreadable"));
          }
        },
      ).finally(() => {
        if (mounted.current) {
          setPending((count) => count - 1);
        }
      });
    }
  };

  return { pending, addFiles };
}

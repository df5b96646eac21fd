/**
 * Drops on the composer: resources dragged from VS Code's Explorer (held with Shift, as VS Code
 * asks for drops into a webview) become chips through `mentionsForUris`, whose errors are shown;
 * image files become images. A file the OS drag also lists as a URI is taken once, as an image.
 */
import { useState } from "react";
import type { MentionChip } from "@shared/protocol";
import type { Messenger } from "../../../utils/vscode";
import { carriesDroppable, droppedUris } from "./dropData";
import { isImageMediaType } from "./imageRules";

export interface DropHandlers {
  /** True while something droppable is dragged over the composer. */
  over: boolean;
  handlers: {
    onDragOver: (event: React.DragEvent) => void;
    onDragLeave: () => void;
    onDrop: (event: React.DragEvent) => void;
  };
}

/** The URI's last path segment, decoded: the name a dropped `File` of it would have. */
function fileName(uri: string): string {
  const last = uri.split(/[/\\]/).pop() ?? "";
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export function useDrop(
  messenger: Messenger,
  take: { chips: (chips: MentionChip[]) => void; files: (files: File[]) => void; notice: (message: string) => void },
): DropHandlers {
  const [over, setOver] = useState(false);

  const onDrop = (event: React.DragEvent) => {
    event.preventDefault();
    setOver(false);
    const files = Array.from(event.dataTransfer.files);
    const imageNames = new Set(files.filter((file) => isImageMediaType(file.type)).map((file) => file.name));
    const uris = droppedUris(event.dataTransfer).filter((uri) => !imageNames.has(fileName(uri)));
    if (uris.length > 0) {
      void messenger.request({ kind: "mentionsForUris", uris }).then((answer) => {
        take.chips(answer.chips);
        answer.errors.forEach(take.notice);
      });
    }
    // Without URIs the files came from outside VS Code; each one that is not an image says so.
    const taken = uris.length > 0 ? files.filter((file) => isImageMediaType(file.type)) : files;
    if (taken.length > 0) {
      take.files(taken);
    }
  };

  return {
    over,
    handlers: {
      onDragOver: (event) => {
        if (!carriesDroppable(event.dataTransfer.types)) {
          return;
        }
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
        setOver(true);
      },
      onDragLeave: () => {
        setOver(false);
      },
      onDrop,
    },
  };
}

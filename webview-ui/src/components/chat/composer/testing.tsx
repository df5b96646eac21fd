/**
 * Test helpers for the composer: renders it over the fake messenger with an injected image
 * loader (jsdom has no canvas), and builds files, chips and candidates.
 */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ResolvedModel } from "@shared/generated/types";
import type { ImageMediaType, MentionCandidate, MentionChip } from "@shared/protocol";
import type { Refusal } from "../../../state";
import { fakeMessenger, SANE_MODEL_INFO } from "../../../testing/fakeMessenger";
import { Composer, type Draft } from "../Composer";
import { ImageLoaderContext, type ImageLoader } from "./imageLoader";

export const TEXT_MODEL: ResolvedModel = { id: "local-llama", info: SANE_MODEL_INFO };
export const VISION_MODEL: ResolvedModel = { id: "gpt-4o", info: { ...SANE_MODEL_INFO, supportsImages: true } };

/** A loader that "scales" every image to 10×5 and encodes its name, so tests see what it made. */
export const fakeLoader: ImageLoader = (file: File, mediaType: ImageMediaType) =>
  Promise.resolve({ name: file.name, mediaType, data: btoa(file.name), width: 10, height: 5 });

export function imageFile(name: string, type = "image/png", size?: number): File {
  const file = new File(["not really pixels"], name, { type });
  if (size !== undefined) {
    Object.defineProperty(file, "size", { value: size });
  }
  return file;
}

export const fileChip = (path: string): MentionChip => ({ mention: { kind: "file", path }, label: path });

export function candidate(label: string, group: MentionCandidate["group"], overrides: Partial<MentionCandidate> = {}): MentionCandidate {
  const mention = group === "folder" ? { kind: "folder" as const, path: label } : { kind: "file" as const, path: label };
  return { chip: { mention, label }, group, detail: null, highlights: [], ...overrides };
}

interface Options {
  model?: ResolvedModel;
  busy?: boolean;
  rejected?: Refusal | null;
  loader?: ImageLoader;
}

export function renderComposer(options: Options = {}) {
  const fake = fakeMessenger();
  const sent: Draft[] = [];
  const element = (next: Options) => (
    <ImageLoaderContext.Provider value={next.loader ?? fakeLoader}>
      <Composer
        busy={next.busy ?? false}
        blockedHint={null}
        rejected={next.rejected ?? null}
        model={next.model ?? VISION_MODEL}
        onSend={(draft) => sent.push(draft)}
        onStop={() => undefined}
        messenger={fake.messenger}
      />
    </ImageLoaderContext.Provider>
  );
  const view = render(element(options));
  const rerender = (next: Options) => {
    view.rerender(element({ ...options, ...next }));
  };
  const input = () => screen.getByRole("textbox", { name: "Message" });
  const chipLabels = () => {
    const list = screen.queryByRole("list", { name: "Attached context" });
    return list === null ? [] : within(list).getAllByRole("listitem").map((item) => (item.querySelector(".chat-chip-label")?.textContent ?? "").replace(/^@/, ""));
  };
  return { ...fake, ...view, rerender, input, sent, chipLabels, user: userEvent.setup() };
}

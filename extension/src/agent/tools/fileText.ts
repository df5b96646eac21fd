/**
 * Reads a workspace file as text for the tools: missing (an edit may create it), or its UTF-8
 * text, or a refusal the model reads when it is a folder, too large, binary or not UTF-8. The
 * text keeps a byte order mark, so a file written back is the same bytes where it was not edited.
 */
import { readFile, stat } from "node:fs/promises";

/** The largest file the tools read or edit (a larger one is refused before it is read). */
export const MAX_TOOL_FILE_BYTES = 5 * 1024 * 1024;

/** How many leading bytes are looked at for a NUL, which text files do not hold. */
const BINARY_SNIFF_BYTES = 8_000;

export type FileText = { kind: "missing" } | { kind: "text"; text: string } | { kind: "refused"; text: string };

/** The file at `absolute`, named `label` (relative to the workspace) in refusals. */
export async function readFileText(absolute: string, label: string, maxBytes = MAX_TOOL_FILE_BYTES): Promise<FileText> {
  let size: number;
  try {
    const stats = await stat(absolute);
    if (stats.isDirectory()) {
      return { kind: "refused", text: `${label} is a folder, not a file. Use list_files to see what it holds.` };
    }
    if (!stats.isFile()) {
      return { kind: "refused", text: `${label} is not a regular file (a device, socket or pipe), so the tools do not use it.` };
    }
    size = stats.size;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      return { kind: "missing" };
    }
    return { kind: "refused", text: `${label} could not be read (${String(code ?? error)}). Ask the user to check its permissions.` };
  }
  if (size > maxBytes) {
    return { kind: "refused", text: `${label} is ${megabytes(size)}, more than the ${megabytes(maxBytes)} the tools read or edit. Use search_files to find the lines you need.` };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    return { kind: "refused", text: `${label} could not be read (${String((error as { code?: unknown }).code ?? error)}). Ask the user to check its permissions.` };
  }
  return decodeText(bytes, label);
}

/** The bytes as UTF-8 text, or the refusal for binary or other encodings. */
export function decodeText(bytes: Uint8Array, label: string): FileText {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return { kind: "refused", text: `${label} is a binary file, so it cannot be read or edited as text.` };
  }
  try {
    return { kind: "text", text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { kind: "refused", text: `${label} is not valid UTF-8 text (another encoding or binary), so the tools cannot read or edit it safely.` };
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

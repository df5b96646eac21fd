/**
 * What a drop or paste on the composer carries. VS Code's Explorer puts the dragged resources in
 * `application/vnd.code.uri-list` (and, in newer versions, `text/uri-list`) when the user holds
 * Shift; files from the operating system and pasted screenshots arrive as `File`s.
 */

/** The data-transfer types that list dragged resources, preferred first. */
export const URI_LIST_TYPES = ["application/vnd.code.uri-list", "text/uri-list"] as const;

/** The URIs of a `text/uri-list` value: one per line, comments (`#`) and blank lines skipped. */
export function parseUriList(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** The minimal part of `DataTransfer` read here, so tests can hand in a plain object. */
export interface TransferLike {
  types: readonly string[];
  getData(type: string): string;
  files: ArrayLike<File>;
}

/** The URIs dragged from VS Code, or none. */
export function droppedUris(transfer: TransferLike): string[] {
  for (const type of URI_LIST_TYPES) {
    if (transfer.types.includes(type)) {
      const uris = parseUriList(transfer.getData(type));
      if (uris.length > 0) {
        return uris;
      }
    }
  }
  return [];
}

/** Whether a drag may be dropped here: resources from VS Code, or files. */
export function carriesDroppable(types: readonly string[]): boolean {
  return types.includes("Files") || URI_LIST_TYPES.some((type) => types.includes(type));
}

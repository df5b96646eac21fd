/**
 * The one way the shell turns something thrown into the core's `ApiError`, so every answer the
 * webview gets about a failure has the same shape, whichever service caught it.
 */
import type { ApiError } from "./shared/generated/types";

/** A thrown error from the wasm package (`RooApiError`) carries the core's `ApiError` fields. */
export function asApiError(error: unknown): ApiError {
  const fields = error as Partial<ApiError> & { message?: unknown };
  if (typeof fields.kind === "string" && typeof fields.message === "string") {
    return fields as ApiError;
  }
  return shellError("malformedResponse", errorText(error));
}

/**
 * An error the shell itself reports (a request it cannot act on right now), worded for the user
 * and shaped like the core's errors so the webview shows it the same way.
 */
export function shellError(kind: ApiError["kind"], message: string): ApiError {
  return { kind, message, detail: null, status: null, body: null, retryAfterSeconds: null, retryable: false };
}

/** The message of anything thrown, for a log line. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

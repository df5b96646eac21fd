/**
 * Requests of which only the newest answer counts: a URL validation, a model discovery, a save.
 * Each call of the returned function supersedes the ones before it, so a slow answer to an older
 * request never overwrites a newer one, and nothing is applied after the component unmounts.
 */
import { useCallback, useEffect, useRef } from "react";
import type { RequestKind, RequestOf, Responses } from "@shared/protocol";
import type { Messenger } from "./vscode";

/** Sends a request; `onAnswer` runs only if no newer request went out through the same function. */
export type LatestRequest = <Kind extends RequestKind>(request: RequestOf<Kind>, onAnswer: (response: Responses[Kind]) => void) => void;

/**
 * One sequence of superseding requests. A component with independent sequences (a validation
 * and a save must not cancel each other) calls this once for each.
 */
export function useLatestRequest(messenger: Messenger): LatestRequest {
  // How many requests this sequence sent; an answer applies only while its number is the latest.
  const sent = useRef(0);

  useEffect(() => {
    const counter = sent;
    return () => {
      // Unmounting supersedes whatever is still on its way.
      counter.current += 1;
    };
  }, []);

  return useCallback(
    (request, onAnswer) => {
      sent.current += 1;
      const number = sent.current;
      void messenger.request(request).then((response) => {
        if (number === sent.current) {
          onAnswer(response);
        }
      });
    },
    [messenger],
  );
}

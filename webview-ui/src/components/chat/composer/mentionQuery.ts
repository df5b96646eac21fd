/**
 * Where an `@` query is in the composer's text. The picker is open while the caret sits in a word
 * that starts with `@` at the start of the text or after whitespace; the query is what lies
 * between the `@` and the caret, so a space (or a line break) ends it. Pure, so the rules are
 * tested without a textarea.
 */

export interface MentionQuery {
  /** The index of the `@`. */
  start: number;
  /** The caret: the query ends here. */
  end: number;
  /** The text between the `@` and the caret. */
  query: string;
}

const WHITESPACE = /\s/;

/** The `@` query the caret is in, or null when it is in none. */
export function findMentionQuery(text: string, caret: number): MentionQuery | null {
  const end = Math.min(Math.max(caret, 0), text.length);
  for (let index = end - 1; index >= 0; index -= 1) {
    const character = text.charAt(index);
    if (WHITESPACE.test(character)) {
      return null;
    }
    if (character === "@") {
      const before = index === 0 ? "" : text.charAt(index - 1);
      if (before !== "" && !WHITESPACE.test(before)) {
        // "user@example.com" is an address, not a mention.
        return null;
      }
      return { start: index, end, query: text.slice(index + 1, end) };
    }
  }
  return null;
}

/** The text with the `@query` taken out, and where the caret goes: where the `@` was. */
export function removeMentionQuery(text: string, found: MentionQuery): { text: string; caret: number } {
  return { text: text.slice(0, found.start) + text.slice(found.end), caret: found.start };
}

/**
 * The composer's chips as a list without duplicates: two chips are the same when their mentions
 * name the same thing, whatever their labels say.
 */
import type { Mention, MentionChip } from "@shared/protocol";

/** A string that is equal for two mentions exactly when they name the same thing. */
export function mentionKey(mention: Mention): string {
  switch (mention.kind) {
    case "file":
    case "folder":
      return `${mention.kind}:${mention.path}`;
    case "selection":
      return mention.range === null
        ? "selection:active"
        : `selection:${mention.range.path}:${String(mention.range.startLine)}-${String(mention.range.endLine)}`;
    case "problems":
    case "gitChanges":
    case "terminal":
      return mention.kind;
  }
}

/** The list with the chips added at the end, each only when the list does not already name it. */
export function withChips(chips: readonly MentionChip[], added: readonly MentionChip[]): MentionChip[] {
  const seen = new Set(chips.map((chip) => mentionKey(chip.mention)));
  const next = [...chips];
  for (const chip of added) {
    const key = mentionKey(chip.mention);
    if (!seen.has(key)) {
      seen.add(key);
      next.push(chip);
    }
  }
  return next;
}

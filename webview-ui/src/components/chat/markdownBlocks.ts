/**
 * Cuts a reply's Markdown into top-level blocks that render exactly as the whole text does, so a
 * streaming reply re-parses only its last block: the blocks above it keep their text, and their
 * memoised rendering, while deltas arrive.
 *
 * A cut goes only where CommonMark guarantees that nothing after it can change what comes before:
 * after a blank line, outside fenced code, before a line that starts in column 0 and cannot
 * continue the block above it after a blank line (a list item, a block quote or indented content
 * can). Anything this scanner does not follow line by line stops the cutting instead of risking a
 * wrong cut: raw HTML at the start of a line (an HTML block may span blank lines) and a fence
 * indented under a list item that a column-0 line may or may not close. A link reference or
 * footnote definition anywhere keeps the text whole, because it changes blocks above it too.
 */

/** A fenced code block the scanner is inside: its marker, and how far its opening line was indented. */
interface OpenFence {
  marker: "`" | "~";
  length: number;
  indent: number;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const BLANK = /^[ \t]*$/;
/** `[label]: …` or `[^note]: …`, also under block quotes and list markers. */
const DEFINITION = /^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)]))*[ \t]*\[(?:[^\]\\\n]|\\.)+\]:/;
/** A line starting with `<` (up to 3 spaces in), which may open an HTML block. */
const HTML_START = /^ {0,3}</;
/** An autolink such as `<https://example.com>`: a link in a paragraph, never an HTML block. */
const AUTOLINK_START = /^ {0,3}<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>/;
/** What a line may start with, in column 0, to begin a block that nothing above can absorb. */
const FRESH_BLOCK_START = /^[^\s\->+*<0-9]/;

function openFence(line: string): OpenFence | null {
  const match = FENCE_OPEN.exec(line);
  if (match === null) {
    return null;
  }
  const [, spaces = "", run = "", info = ""] = match;
  const marker = run.startsWith("`") ? "`" : "~";
  // A backtick fence's info string may not contain a backtick: "```a`b" is inline code.
  if (marker === "`" && info.includes("`")) {
    return null;
  }
  return { marker, length: run.length, indent: spaces.length };
}

function closesFence(line: string, fence: OpenFence): boolean {
  const run = FENCE_CLOSE.exec(line)?.[1];
  return run !== undefined && run.startsWith(fence.marker) && run.length >= fence.length;
}

/** The width of a line's leading whitespace, a tab counting to the next multiple of four. */
function indentOf(line: string): number {
  let width = 0;
  for (const character of line) {
    if (character === " ") {
      width += 1;
    } else if (character === "\t") {
      width += 4 - (width % 4);
    } else {
      break;
    }
  }
  return width;
}

/** A text cut into blocks, kept so that the next, longer text can resume where this one ended. */
export interface MarkdownSplit {
  text: string;
  /** In order; joined, they are the text. The last one is still growing while a reply streams. */
  blocks: readonly string[];
}

/**
 * Cuts `text` into blocks. Given the split of an earlier text that `text` extends, only the part
 * from that split's last block on is scanned again, and the blocks before it are kept as they
 * were (the same strings, so comparing them is cheap): each streamed delta costs work in
 * proportion to the last block and the delta, not to the whole reply.
 */
export function splitMarkdown(text: string, previous: MarkdownSplit | null = null): MarkdownSplit {
  // A cut is only ever made in the scanner's starting state (outside any fence, nothing
  // uncertain, no definition so far), so scanning again from the last cut gives what a scan from
  // the start would. Without a cut there is nothing to keep.
  if (previous !== null && previous.blocks.length > 1 && text.startsWith(previous.text)) {
    const kept = previous.blocks.slice(0, -1);
    const resumeAt = previous.text.length - (previous.blocks.at(-1)?.length ?? 0);
    const rest = scanBlocks(text, resumeAt);
    // A definition in the new text changes the blocks above it as well: the text stays whole.
    return { text, blocks: rest === null ? [text] : [...kept, ...rest] };
  }
  return { text, blocks: scanBlocks(text, 0) ?? [text] };
}

/** The blocks of a text on its own; see `splitMarkdown`. */
export function splitMarkdownBlocks(text: string): readonly string[] {
  return splitMarkdown(text).blocks;
}

/** The blocks of `text` from `from` (a block's start) on, or null when a definition forbids cutting. */
function scanBlocks(text: string, from: number): string[] | null {
  const starts = [from];
  let fence: OpenFence | null = null;
  // Whether a blank line ended the last line's block; blank lines before any text end nothing.
  let previousBlank = false;
  let seenText = false;
  // Once the scanner cannot be sure of the structure it stops cutting, and only looks for definitions.
  let uncertain = false;

  for (let start = from; start < text.length; ) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    const lineStart = start;
    start = end + 1;

    if (uncertain) {
      if (DEFINITION.test(line)) {
        return null;
      }
      continue;
    }
    if (fence !== null) {
      if (closesFence(line, fence)) {
        fence = null;
      } else if (fence.indent > 0 && !BLANK.test(line) && indentOf(line) < fence.indent) {
        // Under a list item this line ends the fence; at the top level it is code. Unknown here.
        uncertain = true;
      }
      previousBlank = false;
      continue;
    }
    if (BLANK.test(line)) {
      previousBlank = seenText;
      continue;
    }
    seenText = true;
    if (DEFINITION.test(line)) {
      return null;
    }
    if (HTML_START.test(line) && !AUTOLINK_START.test(line)) {
      uncertain = true;
      continue;
    }
    if (previousBlank && FRESH_BLOCK_START.test(line)) {
      starts.push(lineStart);
    }
    fence = openFence(line);
    previousBlank = false;
  }

  return starts.map((start, index) => text.slice(start, starts[index + 1] ?? text.length));
}

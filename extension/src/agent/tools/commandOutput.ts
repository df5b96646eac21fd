/**
 * A command's output as the agent keeps it: escape sequences (colours, cursor moves, the shell
 * integration's markers) removed, even when a sequence is split between two chunks, and only the
 * end kept once it grows past a megabyte, since the end holds the errors and the summary.
 */

/** The most characters of output kept in memory (the core keeps less of it for the model). */
export const MAX_KEPT_OUTPUT_CHARS = 1_000_000;

/** CSI sequences, OSC sequences (ended by BEL or ST), and the two-character escapes. */
// eslint-disable-next-line no-control-regex -- escape sequences are made of control characters.
const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

/** Removes escape sequences from a stream of chunks, holding back a sequence cut in two. */
export class EscapeStripper {
  private held = "";

  push(chunk: string): string {
    const text = this.held + chunk;
    this.held = "";
    const lastEscape = text.lastIndexOf("\u001b");
    if (lastEscape !== -1 && text.length - lastEscape < 256) {
      const tail = text.slice(lastEscape);
      if (tail.replace(ESCAPE_SEQUENCE, "") === tail) {
        // The text ends inside a sequence: keep that part for the next chunk.
        this.held = tail;
        return clean(text.slice(0, lastEscape));
      }
    }
    return clean(text);
  }

  /** What is still held when the stream ends (an unfinished sequence is dropped). */
  end(): string {
    const rest = this.held;
    this.held = "";
    const escape = rest.indexOf("\u001b");
    return clean(escape === -1 ? rest : rest.slice(0, escape));
  }
}

function clean(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, "").replace(/\r\n/g, "\n");
}

/** The end of a stream of text, at most `limit` characters. */
export class OutputTail {
  private chunks: string[] = [];
  private length = 0;
  private droppedChars = 0;

  constructor(private readonly limit = MAX_KEPT_OUTPUT_CHARS) {}

  push(text: string): void {
    if (text === "") {
      return;
    }
    this.chunks.push(text);
    this.length += text.length;
    while (this.length > this.limit && this.chunks.length > 0) {
      const first = this.chunks[0] ?? "";
      const over = this.length - this.limit;
      if (first.length <= over) {
        this.chunks.shift();
        this.length -= first.length;
        this.droppedChars += first.length;
      } else {
        this.chunks[0] = first.slice(over);
        this.length -= over;
        this.droppedChars += over;
      }
    }
  }

  /** The kept text (the core notes that the start was cut when it shortens it further). */
  get text(): string {
    const kept = this.chunks.join("");
    this.chunks = kept === "" ? [] : [kept];
    return kept;
  }

  /** How many characters of the start were dropped. */
  get dropped(): number {
    return this.droppedChars;
  }
}

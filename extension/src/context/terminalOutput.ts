/**
 * The recent output of each terminal, for `@terminal`. VS Code gives a terminal's output only
 * through shell integration, as each command runs (`onDidStartTerminalShellExecution`, then
 * `execution.read()`), so it is collected from then on: per terminal, the command line and what
 * it printed, in a buffer that keeps only the latest characters. The escape codes stay in; the
 * core strips them when it builds the attachment.
 */

/** What is kept per terminal: a little over what one attachment takes (50 kB by default). */
export const TERMINAL_BUFFER_CHARS = 64 * 1024;

/** The parts of a VS Code shell execution that are read. */
export interface ShellExecutionLike {
  commandLine: { value: string };
  read(): AsyncIterable<string>;
}

export class TerminalOutputs<Terminal extends object> {
  private readonly buffers = new WeakMap<Terminal, string>();

  constructor(private readonly capacity: number = TERMINAL_BUFFER_CHARS) {}

  /** Collects one command's output as it arrives; settles when the command ends. */
  async record(terminal: Terminal, execution: ShellExecutionLike): Promise<void> {
    this.append(terminal, `$ ${execution.commandLine.value}\n`);
    for await (const data of execution.read()) {
      this.append(terminal, data);
    }
  }

  /** The kept output of `terminal` ("" when none was seen). */
  output(terminal: Terminal): string {
    return this.buffers.get(terminal) ?? "";
  }

  /** Forgets a closed terminal. */
  forget(terminal: Terminal): void {
    this.buffers.delete(terminal);
  }

  private append(terminal: Terminal, data: string): void {
    const joined = (this.buffers.get(terminal) ?? "") + data;
    let kept = joined.length > this.capacity ? joined.slice(joined.length - this.capacity) : joined;
    // A cut through a surrogate pair would leave half a character, which is not text.
    if (/^[\uDC00-\uDFFF]/.test(kept)) {
      kept = kept.slice(1);
    }
    this.buffers.set(terminal, kept);
  }
}

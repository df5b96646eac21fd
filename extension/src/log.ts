/**
 * What the shell's services need to tell the log and the user. The extension wires them to the
 * output channel (through redaction) and to VS Code's notifications; tests collect the lines.
 */

/** Lines for the extension's output channel. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A warning the user sees (a notification), for things they must know, such as a chat kept aside. */
export interface UserWarnings {
  warn(message: string): void;
}

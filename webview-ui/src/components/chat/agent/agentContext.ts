/**
 * What a tool call row needs beyond its message, given by the chat panel through context rather
 * than through every message: the messenger and the open chat (for Undo and Show diff), and the
 * commands' live output. Each `MessageView` is memoised, so a streamed delta or a chunk of output
 * re-renders only the rows that read the output, not every message.
 */
import { createContext } from "react";
import type { CommandOutput } from "../../../state";
import type { Messenger } from "../../../utils/vscode";

export interface AgentActions {
  messenger: Messenger;
  conversationId: string;
}

/** Null outside a chat panel: the rows then offer no actions. */
export const AgentActionsContext = createContext<AgentActions | null>(null);

/** The open chat's commands' output, by tool call id. */
export const CommandOutputContext = createContext<Readonly<Record<string, CommandOutput>>>({});

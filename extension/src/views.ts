/**
 * What the webview is sent, built from values the caller already has. These builders read
 * nothing and change nothing, so building a view can never start a chat, save or ask the proxy.
 */
import type { ModelAndContext } from "./chat/chatSession";
import type { Conversation, ConversationSummary, ConversationTotals, ProviderDefaults } from "./shared/generated/types";
import type { AgentActivity, ChatView, SettingsView, WebviewState } from "./shared/protocol";

/** The chat as the webview renders it. */
export function chatView(
  conversation: Conversation,
  totals: ConversationTotals,
  measured: ModelAndContext,
  streaming: boolean,
  activity: AgentActivity,
): ChatView {
  return {
    conversation,
    totals,
    context: measured.context,
    model: measured.model,
    streaming,
    offerCondense: !streaming && measured.offerCondense,
    mode: measured.mode,
    activity,
  };
}

/** Everything the webview shows when it starts or the settings change. */
export function webviewState(
  settings: SettingsView,
  defaults: ProviderDefaults,
  chat: ChatView,
  history: ConversationSummary[],
): WebviewState {
  return { settings, defaults, chat, history };
}

// Measures one seeded folder for bench/history.mjs, in a fresh process: the sidebar's open, as
// two times from the same start: the first state (ChatStore.open, the open chat read from its
// file, the state's data built: conversation, totals, the context meter, and the history list as
// far as it is read, which is not yet) and the history list (the index read: snapshot plus
// journal, and the list built, as `historyChanged` posts it after the first state); then the
// per-reply save, and the resident memory with the history open.
// Usage: node --expose-gc history-child.mjs <folder> <store.cjs> <openChatId>
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { median } from "./report.mjs";

const [folder, storeModule, openChatId] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const core = require(process.env.BENCH_WASM);
const { ChatStore } = require(storeModule);
const OPEN_RUNS = 15;
const SAVE_RUNS = 30;
const SYSTEM_PROMPT = "You are Roo Code Plus, a helpful assistant inside the VS Code editor.";
const quiet = { info() {}, warn() {}, error() {} };

const text2k = (seed) => `${seed}: ${"the reply streams in and is saved at its end ".repeat(60)}`.slice(0, 2048);

// As the extension does on `ready`: the tokenizer is built before the meter is first counted.
await core.warmUpTokenizer();
const handler = core.buildApiHandler({ litellmApiUrl: "http://127.0.0.1:9", litellmModelId: "gpt-4o" }, undefined);

/**
 * What the sidebar does when it opens (as ActiveChat and the router do): the open chat and the
 * state's data first, then the index and the history list. Returns both times from the start.
 */
async function openSidebar() {
  const started = performance.now();
  const store = await ChatStore.open({ folder, core, log: quiet, warnings: { warn() {} }, newId: randomUUID });
  const chat = openChatId === "" ? core.OpenChat.create(randomUUID(), Date.now()) : await store.load(openChatId);
  const state = {
    chat: {
      conversation: chat.conversation(),
      totals: chat.totals(),
      context: handler.contextUsage(SYSTEM_PROMPT, chat.messageParams()),
    },
    history: store.summaries(),
  };
  const firstStateMs = performance.now() - started;
  await store.loadHistory();
  const history = store.summaries();
  const historyMs = performance.now() - started;
  if (state.chat.conversation.messages.length === 0 && openChatId !== "") throw new Error("the open chat did not load");
  if (history.length === 0 && openChatId !== "") throw new Error("the history did not load");
  return { store, chat, state, firstStateMs, historyMs };
}

const openTimes = [];
const historyTimes = [];
for (let run = 0; run < OPEN_RUNS; run += 1) {
  const { store, chat, firstStateMs, historyMs } = await openSidebar();
  openTimes.push(firstStateMs);
  historyTimes.push(historyMs);
  chat.free();
  store.dispose();
}

// The window as it stays open: the store and the open chat, in which replies are saved.
const opened = await openSidebar();
const { store, state } = opened;
let chat = opened.chat;
const saveTimes = [];
for (let run = 0; run < SAVE_RUNS; run += 1) {
  const started = performance.now();
  const now = Date.now();
  chat.appendUserMessage(randomUUID(), text2k(`question ${run}`), now);
  const reply = chat.beginReply(randomUUID(), "gpt-4o", now);
  chat.applyChunks(reply.id, [{ type: "text", text: text2k(`answer ${run}`) }], now);
  chat.finishReply(reply.id, now);
  const outcome = await store.save(chat);
  saveTimes.push(performance.now() - started);
  chat = outcome.chat;
}
const history = store.summaries();
globalThis.gc?.();
const rssMB = process.memoryUsage().rss / (1024 * 1024);
console.log(
  JSON.stringify({
    openMs: median(openTimes),
    historyMs: median(historyTimes),
    saveMs: median(saveTimes),
    rssMB,
    chats: history.length,
    openMessages: state.chat.conversation.messages.length,
  }),
);

// Seeds a storage folder for bench/history.mjs with `count` chats of 20 messages of 2 KB each,
// written the way the extension writes them (chat files from the core, the index snapshot built by
// the core from those files, no journal yet: as a rebuild or a migration leaves the folder), in
// its own process so the measuring process starts clean.
// Usage: node history-seed.mjs <folder> <count>; prints one JSON line.
import { createRequire } from "node:module";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [folder, countText] = process.argv.slice(2);
const count = Number(countText);
const core = createRequire(import.meta.url)(process.env.BENCH_WASM);
const started = performance.now();

/** 2 KB of prose-like text, different per chat and message so nothing compresses oddly. */
function text2k(seed) {
  const words = ["the", "chat", "history", "scales", "with", "one", "file", "per", "conversation", "and", "a", "small", "index"];
  let out = `${seed}: `;
  for (let i = 0; out.length < 2048; i += 1) out += `${words[(i * 7 + seed.length) % words.length]} `;
  return out.slice(0, 2048);
}

mkdirSync(join(folder, "chats"), { recursive: true });
const files = [];
let openChatId;
for (let n = 0; n < count; n += 1) {
  const id = `bench-chat-${String(n).padStart(6, "0")}`;
  const chat = core.OpenChat.create(id, 1_700_000_000_000 + n);
  for (let m = 0; m < 10; m += 1) {
    const now = 1_700_000_000_000 + n * 1000 + m;
    chat.appendUserMessage(`${id}-u${m}`, text2k(`${id} question ${m}`), now);
    const reply = chat.beginReply(`${id}-a${m}`, "gpt-4o", now);
    chat.applyChunks(reply.id, [{ type: "text", text: text2k(`${id} answer ${m}`) }], now);
    chat.finishReply(reply.id, now);
  }
  const bytes = chat.toBytes();
  chat.free();
  writeFileSync(join(folder, "chats", `${id}.json`), bytes);
  files.push(bytes);
  openChatId = id;
}
let indexKB = 0;
if (count > 0) {
  const index = core.ChatIndex.rebuild(files);
  const bytes = index.toBytes();
  index.free();
  writeFileSync(join(folder, "index.json"), bytes);
  indexKB = bytes.length / 1024;
}
console.log(JSON.stringify({ ms: performance.now() - started, openChatId, indexKB }));

/**
 * The one-time move from the single `chat-history.json` of earlier versions to one file per chat
 * plus an index. The core reads the old file (any of its versions) and hands back every file to
 * write; this module writes them, keeps what could not be read beside them, and only then renames
 * the old file, so a crash midway means the migration simply runs again on the next start.
 */
import { join } from "node:path";
import type { ChatMigration } from "../../wasm/roo_api_wasm";
import { errorText } from "../apiErrors";
import type { Log, UserWarnings } from "../log";
import type { ChatCore } from "./chatStore";
import type { StorageLayout } from "./storageLayout";
import { exists, moveAside, readIfPresent, timeStamp, writeAtomically, type StorageFileSystem } from "./storageFiles";

export interface MigrationContext {
  core: ChatCore;
  fs: StorageFileSystem;
  layout: StorageLayout;
  log: Log;
  warnings: UserWarnings;
  now: Date;
}

/**
 * Migrates the single file when there is one and still no index (another window may have
 * finished first: call with the folder lock held). Returns the chat the old file had open.
 */
export async function migrateLegacyHistory(context: MigrationContext): Promise<string | undefined> {
  const { core, fs, layout, log, warnings, now } = context;
  if (await exists(fs, layout.index)) {
    return undefined;
  }
  const legacy = await readIfPresent(fs, layout.legacyHistory);
  if (legacy === undefined) {
    return undefined;
  }
  let migration: ChatMigration;
  try {
    migration = core.ChatIndex.migrateSingleFile(legacy);
  } catch (error) {
    const aside = await moveAside(fs, layout.legacyHistory, now);
    const message = `The chat history could not be read (${errorText(error)}); it was kept at ${aside}.`;
    log.error(message);
    warnings.warn(message);
    return undefined;
  }
  try {
    for (const chat of migration.chatFiles()) {
      await writeAtomically(fs, layout.chat(chat.id), chat.bytes);
    }
    const unreadable = migration.unreadable();
    for (const kept of unreadable) {
      // The core names each kept chat after its place in the old file.
      await writeAtomically(fs, join(layout.unreadable, `${timeStamp(now)}-${safeFileName(kept.name)}`), kept.bytes);
    }
    for (const warning of migration.warnings()) {
      log.warn(`Chat history migration: ${warning}`);
    }
    if (unreadable.length > 0) {
      warnings.warn(
        `${String(unreadable.length)} chat(s) of the old history could not be read; they were kept in ${layout.unreadable}.`,
      );
    }
    await writeAtomically(fs, layout.index, migration.indexBytes());
    await fs.rename(layout.legacyHistory, layout.migratedLegacyHistory);
    log.info(`Moved the chat history into one file per chat (the old file is kept as ${layout.migratedLegacyHistory}).`);
    return migration.activeConversationId();
  } finally {
    migration.free();
  }
}

/** A name the core gave, made safe to use as one file name inside `unreadable/`. */
function safeFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
  return safe === "" ? "chat" : safe;
}

/**
 * A lock file shared by every window (extension host) using one storage folder, so their changes
 * to the shared index (and the chat file checks that go with them) take turns instead of
 * overwriting each other. Taking it is creating the file exclusively (`wx`): only one creator can
 * win. Waiters retry with a short, growing back-off. A lock older than `staleAfterMs` was left by
 * a window that crashed or hung, and is broken, so one dead window never blocks the others.
 */
import { dirname } from "node:path";
import { isMissing, isPresent, removeIfPresent, type StorageFileSystem } from "./storageFiles";

/** A lock this old was left behind: no change to the index takes anywhere near this long. */
export const STALE_LOCK_MS = 10_000;

const FIRST_WAIT_MS = 2;
const LONGEST_WAIT_MS = 50;

export interface LockOptions {
  staleAfterMs?: number;
  clock?: () => number;
  /** Waits between attempts; tests replace it to run without real delays. */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

export class FolderLock {
  private readonly staleAfterMs: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly fs: StorageFileSystem,
    private readonly path: string,
    options: LockOptions = {},
  ) {
    this.staleAfterMs = options.staleAfterMs ?? STALE_LOCK_MS;
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Runs `work` while holding the lock, and releases it however `work` ends. */
  async holding<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      await removeIfPresent(this.fs, this.path);
    }
  }

  private async acquire(): Promise<void> {
    let wait = FIRST_WAIT_MS;
    for (;;) {
      try {
        // The content only helps a person looking at a left-behind lock: who and when.
        await this.fs.createExclusive(this.path, new TextEncoder().encode(`${String(process.pid)} ${String(this.clock())}\n`));
        return;
      } catch (error) {
        if (isMissing(error)) {
          // The storage folder does not exist yet (the first save on this machine).
          await this.fs.mkdir(dirname(this.path));
          continue;
        }
        if (!isPresent(error)) {
          throw error;
        }
      }
      if (await this.breakIfStale()) {
        continue;
      }
      // A little jitter keeps two waiting windows from retrying in lockstep.
      await this.sleep(wait + Math.random() * wait);
      wait = Math.min(wait * 2, LONGEST_WAIT_MS);
    }
  }

  /** Removes the lock when it is older than the stale limit; whether it did (or it vanished). */
  private async breakIfStale(): Promise<boolean> {
    let modifiedAt: number;
    try {
      modifiedAt = await this.fs.modifiedAtMs(this.path);
    } catch (error) {
      if (isMissing(error)) {
        return true;
      }
      throw error;
    }
    if (this.clock() - modifiedAt < this.staleAfterMs) {
      return false;
    }
    await removeIfPresent(this.fs, this.path);
    return true;
  }
}

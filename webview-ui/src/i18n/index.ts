/**
 * Looks up user-facing strings by `namespace:dotted.path` and fills `{{name}}` placeholders.
 * A missing key shows the key itself, so a gap is visible rather than blank.
 */
import { agent } from "./agent";
import { en } from "./en";
import { teams } from "./teams";

type Catalogue = { readonly [key: string]: string | Catalogue };

const catalogue: Catalogue = { ...en, teams, agent };

export function t(key: string, values: Record<string, string> = {}): string {
  const [namespace, path] = key.includes(":") ? key.split(":", 2) : ["common", key];
  let node: string | Catalogue | undefined = catalogue[namespace ?? "common"];
  for (const part of (path ?? "").split(".")) {
    node = typeof node === "object" ? node[part] : undefined;
  }
  if (typeof node !== "string") {
    return key;
  }
  return node.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

// Writes the token-counting corpora into a folder: about 1 MB of this repo's own Rust and
// TypeScript (repeated to size) and 1 MB of deterministic English prose from a word list.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SIZE = 1_000_000;
const [root, out] = process.argv.slice(2);

function sources(dir, found = []) {
  for (const name of readdirSync(dir).sort()) {
    if (name === "node_modules" || name === "target" || name.startsWith(".") || name === "dist" || name === "wasm") continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) sources(path, found);
    else if (/\.(rs|ts|tsx)$/.test(name) && !name.endsWith(".d.ts")) found.push(path);
  }
  return found;
}

function fill(text) {
  let result = "";
  while (result.length < SIZE) result += text;
  // Cut on a character boundary near 1 MB (the sources are nearly all ASCII).
  return result.slice(0, SIZE);
}

const code = fill(
  ["crates", "extension/src", "webview-ui/src"].flatMap((dir) => sources(join(root, dir))).map((path) => readFileSync(path, "utf8")).join("\n"),
);

const WORDS = (
  "the of and to in a is that for it as was with be by on not he this are or his from at which but have an " +
  "they you were her she there been one all we their has would when if so what more no out up said into time " +
  "some could them other than then now only its over also new people may these two first any like after way " +
  "many must before back years where much through most well should because each just those how long little " +
  "world very still own see men work between found great right make house life without thought while place " +
  "government however never another being around number under against again might small yet country something " +
  "water though although school children family important different following example question morning evening " +
  "understanding particularly extraordinary responsibility characteristics administration photographers " +
  "unbelievable, remarkable; nevertheless: (perhaps) \"quoted\" it's don't 1984 2025 3.14 42%"
).split(" ");

let seed = 12345;
function random() {
  // A small linear congruential generator: the same prose on every machine.
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
let prose = "";
while (prose.length < SIZE) {
  const words = 6 + Math.floor(random() * 18);
  let sentence = "";
  for (let i = 0; i < words; i++) sentence += (i ? " " : "") + WORDS[Math.floor(random() * WORDS.length)];
  prose += sentence[0].toUpperCase() + sentence.slice(1) + (random() < 0.15 ? ".\n\n" : ". ");
}
prose = prose.slice(0, SIZE);

mkdirSync(out, { recursive: true });
writeFileSync(join(out, "code.txt"), code);
writeFileSync(join(out, "prose.txt"), prose);

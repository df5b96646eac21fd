// Adds up the tests every runner executed and prints one closing line, "N passed, N failed",
// so a reader (or CI) sees at a glance that tests ran and how many.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const folder = process.argv[2];
let passed = 0;
let failed = 0;
let ignored = 0;
const stages = [];

for (const name of readdirSync(folder).sort()) {
  const text = readFileSync(join(folder, name), "utf8");
  let stagePassed = 0;
  let stageFailed = 0;
  if (name.endsWith(".json")) {
    const report = JSON.parse(text);
    stagePassed = report.numPassedTests;
    stageFailed = report.numFailedTests;
    ignored += report.numPendingTests + report.numTodoTests;
  } else {
    for (const match of text.matchAll(/^test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/gm)) {
      stagePassed += Number(match[1]);
      stageFailed += Number(match[2]);
      ignored += Number(match[3]);
    }
  }
  passed += stagePassed;
  failed += stageFailed;
  stages.push(`${name.replace(/\.(log|json)$/, "")}: ${stagePassed}`);
}

console.log(`\nTests by stage: ${stages.join(", ")}`);
if (ignored > 0) {
  console.log(`Skipped or ignored: ${ignored}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

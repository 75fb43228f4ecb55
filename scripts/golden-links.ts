// Golden links (docs/links.md): test/golden/links.json records, for each example, a link as it was
// made and the trace hash and event count its run gave; test/unit/link-golden.test.ts replays them.
//
//   tsx scripts/golden-links.ts                    check only: what --write would do; exit 1 if anything
//   tsx scripts/golden-links.ts --write            add links for new or changed examples
//   tsx scripts/golden-links.ts --write --accept-engine-change
//                                                  also re-record runs that now replay differently
//
// Writing is a deliberate act. Links already recorded are never re-encoded or dropped: they stand
// for links people already shared. If an engine change makes an old link replay differently, that
// is a broken promise to fix — migrate old links, or make the page run them with the engine they
// were made with, or show "made with version N" — and only then accept the new numbers.
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import type { Scenario } from '../src/scenario/types.ts';
import { formatScenarioErrors, parseScenarioJson } from '../src/scenario/validate.ts';
import {
  exampleFiles,
  GOLDEN_FILE,
  type GoldenLink,
  readGolden,
  runToEnd,
} from '../src/share/golden-node.ts';
import { decodeLink, encodeLink } from '../src/share/link.ts';

const { values } = parseArgs({
  options: { write: { type: 'boolean' }, 'accept-engine-change': { type: 'boolean' } },
  strict: true,
});

let golden: GoldenLink[] = [];
try {
  golden = readGolden();
} catch (e) {
  if ((e as { code?: string }).code !== 'ENOENT') throw e;
}

const recorded: { record: GoldenLink; scenario: Scenario }[] = [];
const changedRuns: { record: GoldenLink; hash: string; events: number }[] = [];
for (const record of golden) {
  const decoded = decodeLink(record.link);
  if (!decoded.ok) {
    console.error(`${record.name}: the recorded link no longer decodes: ${decoded.error.message}`);
    process.exit(1);
  }
  recorded.push({ record, scenario: decoded.doc.scenario });
  const run = await runToEnd(decoded.doc.scenario);
  if (run.hash !== record.hash || run.events !== record.events) changedRuns.push({ record, ...run });
}

const added: GoldenLink[] = [];
for (const { name, path } of exampleFiles()) {
  const parsed = parseScenarioJson(readFileSync(path, 'utf8'));
  if (!parsed.ok) {
    console.error(`${path} is not a valid scenario (skipped):\n${formatScenarioErrors(parsed.errors)}`);
    continue;
  }
  if (recorded.some((r) => isDeepStrictEqual(r.scenario, parsed.scenario))) continue;
  const encoded = encodeLink({ scenario: parsed.scenario });
  if (!encoded.ok) throw new Error(`${path}: ${encoded.error.message}`);
  const run = await runToEnd(parsed.scenario);
  for (const error of run.luaErrors) console.warn(`${name}: a script failed (recorded anyway): ${error}`);
  added.push({ name: freeName(name), link: encoded.link, hash: run.hash, events: run.events });
}

/** The example's name, or name@2, name@3, … when older versions of the example hold it. */
function freeName(name: string): string {
  const taken = new Set([...golden, ...added].map((r) => r.name));
  if (!taken.has(name)) return name;
  let n = 2;
  while (taken.has(`${name}@${n}`)) n++;
  return `${name}@${n}`;
}

for (const r of added) console.log(`new: ${r.name} (${r.link.length + 1} characters, ${r.events} events)`);
for (const c of changedRuns) {
  console.log(
    `CHANGED RUN: ${c.record.name}: recorded ${c.record.hash.slice(0, 12)}… / ${c.record.events} events, ` +
      `now ${c.hash.slice(0, 12)}… / ${c.events} events`,
  );
}
console.log(`${golden.length} recorded, ${added.length} new, ${changedRuns.length} replaying differently`);

if (!values.write) process.exit(added.length + changedRuns.length > 0 ? 1 : 0);
if (changedRuns.length > 0 && !values['accept-engine-change']) {
  console.error(
    'Old links replay differently: nothing written. Fix the engine, or migrate those links, then rerun ' +
      'with --accept-engine-change (docs/links.md, "Golden links").',
  );
  process.exit(1);
}
const updated = golden.map((record) => {
  const change = changedRuns.find((c) => c.record === record);
  return change ? { ...record, hash: change.hash, events: change.events } : record;
});
const all = [...updated, ...added].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
writeFileSync(GOLDEN_FILE, `${JSON.stringify(all, null, 2)}\n`);
console.log(`wrote ${GOLDEN_FILE}: ${all.length} links`);

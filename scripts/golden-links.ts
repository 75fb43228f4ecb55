// Golden links (docs/links.md): test/golden/links.json records, for each example, a link as it was
// made, the engine version it was made with, and the trace hash and event count its run gave;
// test/unit/link-golden.test.ts replays them.
//
//   tsx scripts/golden-links.ts            check only: what --write would do; exit 1 if anything
//   tsx scripts/golden-links.ts --write    add links for new or changed examples, and for every
//                                          example after an engine version bump
//   tsx scripts/golden-links.ts --write --amend
//                                          re-record the running engine's records in place: only
//                                          for an engine version not yet published (never engine 1)
//
// Writing is a deliberate act. Links already recorded are never re-encoded or dropped: they stand
// for links people already shared. A link of the running engine version that now replays
// differently is a broken promise: either undo the change, or make it deliberate by bumping the
// engine version (src/sim/engine-version.ts, with what changed) — then the old records stay as the
// older engine's, the page tells whoever opens such a link what changed, and --write records every
// example again under the new version.
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { formatScenarioErrors, parseScenarioJson } from '../src/scenario/validate.ts';
import {
  exampleFiles,
  GOLDEN_FILE,
  type GoldenLink,
  readGolden,
  recordEngine,
  runToEnd,
} from '../src/share/golden-node.ts';
import { decodeLink, encodeLink } from '../src/share/link.ts';
import { ENGINE_VERSION } from '../src/sim/engine-version.ts';
import type { Scenario } from '../src/sim/scenario-types.ts';

const { values } = parseArgs({
  options: { write: { type: 'boolean' }, amend: { type: 'boolean' } },
  strict: true,
});
if (values.amend && ENGINE_VERSION === 1) {
  console.error('--amend: engine 1 links were published before versions existed; they are never re-recorded');
  process.exit(1);
}

let golden: GoldenLink[] = [];
try {
  golden = readGolden();
} catch (e) {
  if ((e as { code?: string }).code !== 'ENOENT') throw e;
}

const current: Scenario[] = [];
const broken: { record: GoldenLink; hash: string; events: number }[] = [];
let older = 0;
for (const record of golden) {
  const decoded = decodeLink(record.link);
  if (!decoded.ok) {
    console.error(`${record.name}: the recorded link no longer decodes: ${decoded.error.message}`);
    process.exit(1);
  }
  if (recordEngine(record) !== ENGINE_VERSION) {
    older++;
    continue;
  }
  current.push(decoded.doc.scenario);
  const run = await runToEnd(decoded.doc.scenario);
  if (run.hash !== record.hash || run.events !== record.events) broken.push({ record, ...run });
}

const added: GoldenLink[] = [];
for (const { name, path } of exampleFiles()) {
  const parsed = parseScenarioJson(readFileSync(path, 'utf8'));
  if (!parsed.ok) {
    console.error(`${path} is not a valid scenario (skipped):\n${formatScenarioErrors(parsed.errors)}`);
    continue;
  }
  if (current.some((scenario) => isDeepStrictEqual(scenario, parsed.scenario))) continue;
  const encoded = encodeLink({ scenario: parsed.scenario });
  if (!encoded.ok) throw new Error(`${path}: ${encoded.error.message}`);
  const run = await runToEnd(parsed.scenario);
  for (const error of run.luaErrors) console.warn(`${name}: a script failed (recorded anyway): ${error}`);
  added.push({
    name: freeName(name),
    link: encoded.link,
    hash: run.hash,
    events: run.events,
    engine: ENGINE_VERSION,
  });
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
for (const c of broken) {
  console.log(
    `CHANGED RUN: ${c.record.name}: recorded ${c.record.hash.slice(0, 12)}… / ${c.record.events} events, ` +
      `now ${c.hash.slice(0, 12)}… / ${c.events} events`,
  );
}
console.log(
  `engine ${ENGINE_VERSION}: ${golden.length - older} recorded, ${added.length} new, ` +
    `${broken.length} replaying differently; ${older} records of older engines (not replayed here)`,
);

if (broken.length > 0 && !(values.amend && values.write)) {
  console.error(
    `Links made with engine ${ENGINE_VERSION} replay differently: nothing written. Undo the change, or ` +
      'make it deliberate: bump the engine version in src/sim/engine-version.ts with what changed, ' +
      'then rerun with --write (docs/links.md, "Engine versions").',
  );
  process.exit(1);
}
if (!values.write) process.exit(added.length > 0 ? 1 : 0);
const amended = golden.map((record) => {
  const change = broken.find((b) => b.record === record);
  return change ? { ...record, hash: change.hash, events: change.events } : record;
});
for (const b of broken) console.log(`amended: ${b.record.name} (engine ${ENGINE_VERSION})`);
const all = [...amended, ...added].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
writeFileSync(GOLDEN_FILE, `${JSON.stringify(all, null, 2)}\n`);
console.log(`wrote ${GOLDEN_FILE}: ${all.length} links`);

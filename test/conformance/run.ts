// npx tsx test/conformance/run.ts [--filter text] [--dump dir]: the conformance suite on its own,
// with each scenario's result as it comes (npm test runs it as its "conformance" stage); --dump
// writes each scenario's two traces (name.sim.jsonl, name.live.jsonl) for `npm run diff`.
import { parseArgs } from 'node:util';
import { runConformance } from './suite.ts';

const { values } = parseArgs({
  options: { filter: { type: 'string' }, dump: { type: 'string' } },
  strict: true,
});
const t0 = performance.now();
const outcome = await runConformance({
  ...(values.filter ? { filter: values.filter } : {}),
  ...(values.dump ? { dump: values.dump } : {}),
  report: (r) => {
    console.log(
      `${r.ok ? 'PASS' : 'FAIL'} ${r.name} (${(r.ms / 1000).toFixed(1)}s)${r.known.length ? ` known: ${r.known.join(', ')}` : ''}`,
    );
    if (!r.ok) console.log(r.output.replace(/^/gm, '    '));
    if (r.retried)
      console.log(`    passed on a second run; the first showed:\n${r.retried.replace(/^/gm, '    ')}`);
  },
});
if (outcome.skipped !== null) {
  console.log(`conformance suite SKIPPED: ${outcome.skipped}`);
  process.exit(0);
}
const failed = outcome.results.filter((r) => !r.ok).length;
console.log(
  `servers started in ${outcome.startSeconds.toFixed(1)} s; ${outcome.results.length} scenarios in ${((performance.now() - t0) / 1000).toFixed(1)} s; not run live (faults): ${outcome.notRun.join(', ') || 'none'}`,
);
console.log(`${outcome.results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

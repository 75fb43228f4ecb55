// The page's frame budget under load (bench/frames.ts: 5 servers, 10 clients, 2,000 znodes per
// server, hundreds of messages on the wire, nodes in workers, the tree open, playing at 1×): p95
// frame ≤ 16.7 ms and p99 ≤ 33.3 ms at 1280×720 in headless Chromium, both while the workers
// compute the run (`live`) and over a computed stretch (`computed`, the page's own cost). Frames
// come at 60 Hz, so gaps are multiples of 16.7 ms give or take a timer tick: p95 ≤ one frame means
// at most 5% of frames were late, p99 ≤ two frames means fewer than 1% took longer than two.
//   tsx scripts/check-frames.ts [dist=dist]
// Exits 1 when over budget (or when the load was not there: fewer than 300 messages drawn).
import { benchFrames } from '../bench/frames.ts';

const FRAME_MS = 1000 / 60;
const TICK_MS = 0.5;
const MIN_MESSAGES = 300;

const rows = await benchFrames(process.argv[2] ?? 'dist');
if (rows.length === 0) throw new Error('the frames bench measured nothing');
let over = 0;
for (const r of rows) {
  const p95 = Number(r['p95']);
  const p99 = Number(r['p99']);
  const messages = Number(r['messagesDrawn']);
  console.log(JSON.stringify(r));
  const problems = [
    ...(p95 > FRAME_MS + TICK_MS ? [`p95 ${p95} ms > ${FRAME_MS.toFixed(1)} ms`] : []),
    ...(p99 > 2 * FRAME_MS + TICK_MS ? [`p99 ${p99} ms > ${(2 * FRAME_MS).toFixed(1)} ms`] : []),
    ...(messages < MIN_MESSAGES
      ? [`only ${messages} messages drawn (the budget is for ≥ ${MIN_MESSAGES})`]
      : []),
  ];
  for (const p of problems) console.log(`over budget (${r['bench']}): ${p}`);
  if (problems.length === 0)
    console.log(`frames within budget (${r['bench']}): p50 ${r['p50']} ms, p95 ${p95} ms, p99 ${p99} ms`);
  over += problems.length;
}
process.exit(over > 0 ? 1 : 0);

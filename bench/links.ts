// Scenario-link lengths (docs/links.md): one JSON line per example with its link length, then a
// summary with the share under the soft limit and the compression choices compared on the same
// compact JSON — fflate without and with the v1 dictionary, and the platform's CompressionStream.
// Run alone: npx tsx bench/links.ts — or through bench/run.ts via benchLinks().
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'fflate';
import { parseScenarioJson } from '../src/scenario/validate.ts';
import { stripDefaults } from '../src/share/compact.ts';
import { LINK_DICTIONARY_V1 } from '../src/share/dictionary-v1.ts';
import { exampleFiles } from '../src/share/golden-node.ts';
import { LINK_HARD_CAP, LINK_SOFT_LIMIT } from '../src/share/limits.ts';
import { decodeLink, encodeLink } from '../src/share/link.ts';
import type { Scenario } from '../src/sim/scenario-types.ts';

async function compressionStreamBytes(data: Uint8Array<ArrayBuffer>): Promise<number> {
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Microseconds per call of `f`, median of 5 batches. */
function microseconds(f: () => unknown, batch = 200): number {
  f(); // warm-up
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) f();
    runs.push(((performance.now() - t0) * 1000) / batch);
  }
  return Math.round(median(runs));
}

export async function benchLinks(print: (line: object) => void = (l) => console.log(JSON.stringify(l))) {
  const totals = {
    fileChars: 0,
    compactJsonBytes: 0,
    fflate: 0,
    fflateDictionary: 0,
    compressionStream: 0,
    fflateDictionaryWithDefaults: 0,
  };
  const encoder = new TextEncoder();
  const lengths: number[] = [];
  let largest: { scenario: Scenario; hash: string } | undefined;
  for (const { name, path } of exampleFiles()) {
    const text = readFileSync(path, 'utf8');
    const parsed = parseScenarioJson(text);
    if (!parsed.ok) continue;
    const encoded = encodeLink({ scenario: parsed.scenario });
    if (!encoded.ok) throw new Error(`${name}: ${encoded.error.message}`);
    const hash = `#${encoded.link}`;
    lengths.push(hash.length);
    if (largest === undefined || hash.length > largest.hash.length)
      largest = { scenario: parsed.scenario, hash };
    const json = encoder.encode(JSON.stringify({ scenario: stripDefaults(parsed.scenario) }));
    const bytes = {
      fflate: deflateSync(json, { level: 9 }).length,
      fflateDictionary: deflateSync(json, { level: 9, dictionary: LINK_DICTIONARY_V1 }).length,
      compressionStream: await compressionStreamBytes(json),
      // The same without leaving defaults out: what dropping them is worth.
      fflateDictionaryWithDefaults: deflateSync(
        encoder.encode(JSON.stringify({ scenario: parsed.scenario })),
        {
          level: 9,
          dictionary: LINK_DICTIONARY_V1,
        },
      ).length,
    };
    totals.fileChars += text.length;
    totals.compactJsonBytes += json.length;
    totals.fflate += bytes.fflate;
    totals.fflateDictionary += bytes.fflateDictionary;
    totals.compressionStream += bytes.compressionStream;
    totals.fflateDictionaryWithDefaults += bytes.fflateDictionaryWithDefaults;
    print({ bench: 'links.example', name, fileChars: text.length, hashChars: hash.length, ...bytes });
  }
  if (largest === undefined) return;
  const big = largest;
  const under = lengths.filter((n) => n <= LINK_SOFT_LIMIT).length;
  print({
    bench: 'links.summary',
    examples: lengths.length,
    underSoftLimit: under,
    shareUnderSoftLimit: Math.round((under / lengths.length) * 1000) / 10,
    overHardCap: lengths.filter((n) => n > LINK_HARD_CAP).length,
    medianHashChars: median(lengths),
    maxHashChars: Math.max(...lengths),
    totals,
    encodeLargestUs: microseconds(() => encodeLink({ scenario: big.scenario })),
    decodeLargestUs: microseconds(() => decodeLink(big.hash)),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchLinks();

// The layers of src/ (docs/architecture.md, "Layers"), lowest first: a file may import from its own
// layer and the ones below it. The first matching prefix decides a file's layer.
export const LAYERS: { name: string; prefixes: string[] }[] = [
  { name: 'kernel', prefixes: ['src/sim/kernel/'] },
  {
    name: 'zookeeper',
    prefixes: [
      'src/sim/server/',
      'src/sim/client/',
      'src/sim/trace/',
      'src/sim/view/',
      'src/sim/check/',
      'src/sim/messages.ts',
      'src/sim/engine-version.ts',
      'src/sim/node-id.ts',
      // What a run is made of (servers, clients, programs, faults): the document's validated form,
      // read by the trace kinds and the clients as well as by the run.
      'src/sim/scenario-types.ts',
      'src/lua/',
    ],
  },
  {
    name: 'run',
    prefixes: [
      'src/sim/check/sweep.ts',
      'src/sim/simulation.ts',
      'src/sim/faults.ts',
      'src/sim/node-spec.ts',
      'src/sim/lua-pool.ts',
    ],
  },
  { name: 'document', prefixes: ['src/scenario/', 'src/share/'] },
  { name: 'hosting', prefixes: ['src/conductor/', 'src/cli/', 'src/live/'] },
  // A lesson drives a run (its steps seek, step and inject through RunControl) and checks its
  // claims against the exact view: it sits on the conductor, under the page that shows it.
  { name: 'lessons', prefixes: ['src/lessons/'] },
  { name: 'page', prefixes: ['src/app/', 'src/main.ts'] },
];

/** The rank of a file's layer (0 = kernel), or undefined for a file outside every layer. */
export function layerOf(file: string): number | undefined {
  // The longest matching prefix wins, so src/sim/check/sweep.ts is "run", not "zookeeper".
  let best: { rank: number; length: number } | undefined;
  LAYERS.forEach((layer, rank) => {
    for (const prefix of layer.prefixes) {
      if (file.startsWith(prefix) && (best === undefined || prefix.length > best.length)) {
        best = { rank, length: prefix.length };
      }
    }
  });
  return best?.rank;
}

// Two-phase commit is atomic (docs/recipes.md, two_phase_commit): a transaction is decided once
// (`2pc.decision {tx, outcome}`), commit only after every site of `2pc.begin {tx, sites}` voted
// commit (`2pc.vote`), and every site that applies an outcome (`2pc.applied`) applies that one.
import type { Invariant } from '../types.ts';
import { violation } from '../types.ts';
import { markOf, str } from './recipe-marks.ts';

interface Tx {
  sites: string[];
  votes: Map<string, string>;
  decision?: { outcome: string; index: number };
  applied: { site: string; outcome: string; index: number; t: number }[];
}

export function twoPhaseCommit(): Invariant {
  const name = 'two-phase-commit';
  const txs = new Map<string, Tx>();
  const get = (tx: string): Tx => {
    const x: Tx = txs.get(tx) ?? { sites: [], votes: new Map(), applied: [] };
    txs.set(tx, x);
    return x;
  };
  return {
    name,
    describe:
      'A transaction is decided once, commits only if every site voted commit, and every site applies the decision.',
    kinds: ['lua.mark'],
    observe(e, i) {
      const m = markOf(e);
      if (!m?.name.startsWith('2pc.')) return;
      const txPath = str(m.fields.tx);
      if (txPath === undefined) return;
      const tx = get(txPath);
      switch (m.name) {
        case '2pc.begin': {
          const sites = m.fields.sites;
          tx.sites = Array.isArray(sites) ? sites.filter((s): s is string => typeof s === 'string') : [];
          return;
        }
        case '2pc.vote': {
          const site = str(m.fields.site);
          const vote = str(m.fields.vote);
          if (site !== undefined && vote !== undefined) tx.votes.set(site, vote);
          return;
        }
        case '2pc.decision': {
          const outcome = str(m.fields.outcome) ?? '?';
          if (tx.decision && tx.decision.outcome !== outcome)
            return [
              violation(name, e, `${txPath} decided ${outcome} after ${tx.decision.outcome}`, [
                tx.decision.index,
                i,
              ]),
            ];
          tx.decision = { outcome, index: i };
          const missing = tx.sites.filter((s) => tx.votes.get(s) !== 'commit');
          if (outcome === 'commit' && missing.length > 0)
            return [
              violation(name, e, `${txPath} committed without a commit vote of ${missing.join(', ')}`, [i]),
            ];
          const wrong = tx.applied.filter((a) => a.outcome !== outcome);
          if (wrong.length > 0)
            return [
              violation(
                name,
                e,
                `${wrong.map((a) => a.site).join(', ')} applied the opposite of ${outcome}`,
                [...wrong.map((a) => a.index), i],
              ),
            ];
          return;
        }
        case '2pc.applied': {
          const site = str(m.fields.site) ?? m.client;
          const outcome = str(m.fields.outcome) ?? '?';
          tx.applied.push({ site, outcome, index: i, t: e.t });
          if (tx.decision && tx.decision.outcome !== outcome)
            return [
              violation(
                name,
                e,
                `${site} applied ${outcome} but ${txPath} was decided ${tx.decision.outcome}`,
                [tx.decision.index, i],
              ),
            ];
          return;
        }
      }
      return;
    },
  };
}

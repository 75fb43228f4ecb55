// A small synchronous driver: run a task to its end, answering each zk call with a function.
// Handy for tests, benches and the CLI; the simulator's client host does the same step by step.
import type { LuaStep, LuaTask, LuaValue } from './types.ts';

export type CallStep = Extract<LuaStep, { kind: 'call' }>;

/** Answer each call with `answer(call)`; return the calls made and the final step. */
export function drive(
  task: LuaTask,
  answer: (call: CallStep) => LuaValue[],
  maxCalls = 100_000,
): { calls: CallStep[]; end: Exclude<LuaStep, CallStep> } {
  const calls: CallStep[] = [];
  let step = task.start();
  while (step.kind === 'call') {
    if (calls.length >= maxCalls) throw new Error(`drive: more than ${maxCalls} zk calls`);
    calls.push(step);
    step = task.resume(answer(step));
  }
  return { calls, end: step };
}

/** The strings a script logged (zk.log / print), in order. */
export function logs(calls: CallStep[]): string[] {
  return calls.filter((c) => c.name === 'log').map((c) => String(c.args[0]));
}

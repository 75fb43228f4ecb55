// A presenter's keys while a lesson is open: a clicker sends PageDown/PageUp (some send the arrows,
// and many a "." from their blank-screen button), a keyboard has Space and the arrows. Outside a
// lesson Space and "." toggle play; in a lesson they move to the next step, whose narration says
// when the run plays.
export type PresenterMove = 'next' | 'prev';

const MOVES: Record<string, PresenterMove> = {
  ' ': 'next',
  '.': 'next',
  PageDown: 'next',
  ArrowRight: 'next',
  ArrowDown: 'next',
  PageUp: 'prev',
  ArrowLeft: 'prev',
  ArrowUp: 'prev',
};

export function presenterKey(key: string): PresenterMove | null {
  return MOVES[key] ?? null;
}

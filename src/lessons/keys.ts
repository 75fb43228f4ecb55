// A presenter's keys while a lesson is open: a clicker sends PageDown/PageUp (some send the arrows),
// a keyboard has Space and the arrows. "." (a clicker's "blank screen") is deliberately not here:
// the page keeps it as play/pause, so a presenter can let the run play at the current step.
export type PresenterMove = 'next' | 'prev';

const MOVES: Record<string, PresenterMove> = {
  ' ': 'next',
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

// What the reader has picked on the page: a server, a client, a link between two servers, or a
// message in flight. The fault palette offers what applies to it; the views highlight it.
export type Selection =
  | { kind: 'server'; node: string }
  | { kind: 'client'; node: string }
  | { kind: 'link'; from: string; to: string }
  | { kind: 'message'; index: number }
  | null;

export function sameSelection(a: Selection, b: Selection): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

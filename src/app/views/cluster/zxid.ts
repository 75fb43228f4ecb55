// A zxid is (epoch, counter) in one 64-bit number: 0x100000005 is epoch 1, counter 5. The ring
// shows "1:5", which a class can read aloud; the full hex is in the tooltip.
export function zxidParts(hex: string): { epoch: number; counter: number } | null {
  if (!/^0x[0-9a-f]+$/i.test(hex)) return null;
  const v = BigInt(hex);
  return { epoch: Number(v >> 32n), counter: Number(v & 0xffffffffn) };
}

export function zxidShort(hex: string): string {
  const p = zxidParts(hex);
  return p === null ? hex : `${p.epoch}:${p.counter}`;
}

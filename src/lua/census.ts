// How many Lua VMs are open in this process, and the most that were open at once since the last
// reset. Nothing in a run reads it: it lets tests and measurements prove that a run holds a bounded
// number of VMs however many times its clients restart (docs/lua.md, "VMs are made when needed").
let open = 0;
let most = 0;

export function vmOpened(): void {
  open++;
  most = Math.max(most, open);
}

export function vmClosed(): void {
  open--;
}

/** VMs open now, and the most open at once since resetVmPeak(). */
export function vmCensus(): { open: number; peak: number } {
  return { open, peak: most };
}

/** Start counting the peak again from what is open now. */
export function resetVmPeak(): void {
  most = open;
}

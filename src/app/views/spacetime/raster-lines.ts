// Dense mode of the space-time diagram: when tens of thousands of arrows cross the window (a
// zoomed-out view of a long run), Chromium's path rasterizer takes ~0.5 s for them; writing the
// lines straight into a pixel buffer takes a few ms. No anti-aliasing and no heads — at that zoom
// a flight is narrower than a pixel and its direction cannot be seen anyway.

/** '#RRGGBB' → the 32-bit pixel (RGBA bytes in memory order, little-endian: 0xAABBGGRR). */
export function packColor(hex: string): number {
  const n = Number.parseInt(hex.slice(1, 7), 16);
  const r = (n >> 16) & 0xff;
  const g = (n >> 8) & 0xff;
  const b = n & 0xff;
  return ((0xff << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/**
 * Draws the segment (x0, y0)–(x1, y1) into `pixels` (width × height), clipped to the buffer.
 * `background` is a colour that other lines may paint over but that never paints over them (the
 * pings: thousands of them would otherwise bury the few messages that matter).
 */
export function rasterLine(
  pixels: Uint32Array,
  width: number,
  height: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  color: number,
  background = -1,
): void {
  const weak = color === background;
  const dx = x1 - x0;
  const dy = y1 - y0;
  if (Math.abs(dx) < 1) {
    // The common case when zoomed out: a flight narrower than a pixel is a vertical span.
    const px = Math.round((x0 + x1) / 2);
    if (px < 0 || px >= width) return;
    const top = Math.max(0, Math.round(Math.min(y0, y1)));
    const bottom = Math.min(height - 1, Math.round(Math.max(y0, y1)));
    for (let py = top; py <= bottom; py++) {
      const i = py * width + px;
      if (!weak || pixels[i] === 0) pixels[i] = color;
    }
    return;
  }
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(dx), Math.abs(dy))));
  const sx = dx / steps;
  const sy = dy / steps;
  let x = x0;
  let y = y0;
  for (let i = 0; i <= steps; i++) {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px >= 0 && px < width && py >= 0 && py < height) {
      const j = py * width + px;
      if (!weak || pixels[j] === 0) pixels[j] = color;
    }
    x += sx;
    y += sy;
  }
}

// Paints the messages on the wire onto a canvas. Hundreds of dots move every frame; drawn as SVG
// they made Chromium rasterize their whole layer again each frame (bench/frames.ts, 420 dots in
// software raster: 6-8 ms a frame on a raster thread, enough to drop every other frame on 2 cores).
// Here each dot is a copy of a sprite, a small bitmap drawn once per family, radius, ink and pixel
// density, so a frame costs one clear and one image copy per dot on the page's thread.

/** A message on the wire, in the ring's units; every dot is outlined in the page's ink. */
export interface PaintedDot {
  x: number;
  y: number;
  fill: string;
  r: number;
  /** A lost message: a cross instead of a dot. */
  lost: boolean;
  /** A letter on the dot (V, P, A...), drawn in `letterColor`; null for none. */
  letter: string | null;
  letterColor: string;
}

const OUTLINE = 1.5;
const CROSS_HALF = 7;
const CROSS_WIDTH = 4;

export class DotPainter {
  readonly #sprites = new Map<string, HTMLCanvasElement>();
  #spriteInk = '';
  #spriteScale = 0;

  /**
   * Draws `dots` (ring units) on `canvas`, whose backing store is `scale` device pixels per ring
   * unit. `ink` outlines the dots; `alarm` draws the crosses of lost messages.
   */
  paint(
    canvas: HTMLCanvasElement,
    scale: number,
    dots: readonly PaintedDot[],
    ink: string,
    alarm: string,
  ): void {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    if (ink !== this.#spriteInk || scale !== this.#spriteScale) {
      this.#sprites.clear();
      this.#spriteInk = ink;
      this.#spriteScale = scale;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    let crosses = false;
    for (const d of dots) {
      if (d.lost) {
        crosses = true;
        continue;
      }
      const sprite = this.#sprite(d.fill, d.r, ink, scale);
      const half = sprite.width / 2;
      // Whole device pixels: the copy is a plain blit, with no resampling.
      ctx.drawImage(sprite, Math.round(d.x * scale - half), Math.round(d.y * scale - half));
    }
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    if (crosses) {
      ctx.beginPath();
      for (const d of dots) {
        if (!d.lost) continue;
        ctx.moveTo(d.x - CROSS_HALF, d.y - CROSS_HALF);
        ctx.lineTo(d.x + CROSS_HALF, d.y + CROSS_HALF);
        ctx.moveTo(d.x + CROSS_HALF, d.y - CROSS_HALF);
        ctx.lineTo(d.x - CROSS_HALF, d.y + CROSS_HALF);
      }
      ctx.strokeStyle = alarm;
      ctx.lineWidth = CROSS_WIDTH;
      ctx.lineCap = 'round';
      ctx.stroke();
    }
    ctx.font = '800 10px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const d of dots) {
      if (d.lost || d.letter === null) continue;
      ctx.fillStyle = d.letterColor;
      ctx.fillText(d.letter, d.x, d.y);
    }
  }

  #sprite(fill: string, r: number, ink: string, scale: number): HTMLCanvasElement {
    const key = `${fill} ${r}`;
    const known = this.#sprites.get(key);
    if (known) return known;
    // An even number of pixels, so the centre falls on a pixel corner and the blit stays whole.
    const side = 2 * Math.ceil((r + OUTLINE) * scale + 1);
    const sprite = document.createElement('canvas');
    sprite.width = side;
    sprite.height = side;
    const ctx = sprite.getContext('2d');
    if (ctx) {
      ctx.setTransform(scale, 0, 0, scale, side / 2, side / 2);
      ctx.beginPath();
      ctx.arc(0, 0, r, 0, 2 * Math.PI);
      ctx.fillStyle = fill;
      ctx.fill();
      ctx.strokeStyle = ink;
      ctx.lineWidth = OUTLINE;
      ctx.stroke();
    }
    this.#sprites.set(key, sprite);
    return sprite;
  }
}

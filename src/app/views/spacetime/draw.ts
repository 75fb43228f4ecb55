// Paints the space-time diagram on a 2D canvas: a ruler, one lane per node, each message as an
// arrow from (sender, time sent) to (receiver, time it arrives), lane marks (crash, start, role,
// Lua error), the part of the timeline not computed yet, and the cursor. Only the sends that cross
// the window are visited (SendIndex.range), and arrows that would land on the same pixels as one
// already drawn are skipped, so a frame costs what is visible, not the length of the trace.

import type { ServerRole } from '../../../sim/view/types.ts';
import { ALARM_COLOR, clientColor, DOWN_COLOR, ROLE_COLOR, ROLE_INK } from '../../theme/palette.ts';
import type { CanvasTheme } from './canvas-theme.ts';
import type { LaneMark } from './lane-marks.ts';
import type { Lane } from './lanes.ts';
import { packColor, rasterLine } from './raster-lines.ts';
import type { SendIndex } from './send-index.ts';
import { type TimeWindow, tickLabel, ticks, timeToX } from './time-scale.ts';
import { forEachVisibleSend, type SendFilter } from './visible-sends.ts';

export interface Layout {
  width: number;
  height: number;
  /** Left column for the lane names. */
  gutter: number;
  /** Top band for the time ruler. */
  ruler: number;
  laneHeight: number;
  /** Device pixels per CSS pixel (the canvas is sized in device pixels). */
  pixelRatio: number;
}

export interface Scene {
  layout: Layout;
  /** The lanes shown, top to bottom. */
  lanes: readonly Lane[];
  window: TimeWindow;
  sends: SendIndex;
  filter: SendFilter;
  /** Stroke colour by type id. */
  typeColor: readonly string[];
  /** The colour of the least important messages (pings): drawn under the others when dense. */
  backgroundColor: string;
  marks: readonly LaneMark[];
  cursor: number;
  frontier: number;
  /** Each server's role at the cursor, for its lane label. */
  roles: ReadonlyMap<string, ServerRole | null>;
  theme: CanvasTheme;
}

export interface DrawStats {
  /** Sends crossing the window that pass the filter. */
  arrows: number;
  /** Arrows actually stroked (the others fell on the same pixels as one drawn before). */
  drawn: number;
}

const FONT = '12px system-ui, "DejaVu Sans", sans-serif';
const BOLD = 'bold 12px system-ui, "DejaVu Sans", sans-serif';
const ROLE_LETTER: Record<ServerRole, string> = {
  LEADING: 'L',
  FOLLOWING: 'F',
  LOOKING: '?',
  OBSERVING: 'O',
  STANDALONE: 'S',
};

export function laneY(layout: Layout, row: number): number {
  return layout.ruler + row * layout.laneHeight + layout.laneHeight / 2;
}

export function drawScene(ctx: CanvasRenderingContext2D, scene: Scene): DrawStats {
  const { layout } = scene;
  const plotW = Math.max(1, layout.width - layout.gutter);
  const x = (t: number) => layout.gutter + timeToX(t, scene.window, plotW);
  ctx.clearRect(0, 0, layout.width, layout.height);
  drawLanes(ctx, scene);
  drawRuler(ctx, scene, plotW);

  ctx.save();
  ctx.beginPath();
  ctx.rect(layout.gutter, layout.ruler, plotW, layout.height - layout.ruler);
  ctx.clip();
  drawFrontier(ctx, scene, x);
  const stats = drawArrows(ctx, scene, x);
  drawMarks(ctx, scene, x);
  ctx.restore();

  drawCursor(ctx, scene, x);
  return stats;
}

function drawLanes(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { layout, lanes } = scene;
  ctx.font = BOLD;
  ctx.textBaseline = 'middle';
  lanes.forEach((lane, row) => {
    const top = layout.ruler + row * layout.laneHeight;
    if (row % 2 === 1) {
      ctx.fillStyle = scene.theme.stripe;
      ctx.fillRect(0, top, layout.width, layout.laneHeight);
    }
    const y = laneY(layout, row);
    ctx.strokeStyle = scene.theme.line;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(layout.gutter, Math.round(y) + 0.5);
    ctx.lineTo(layout.width, Math.round(y) + 0.5);
    ctx.stroke();
    // The name on a chip: a server's role colour at the cursor, a client's own colour.
    let fill: string;
    let ink: string;
    if (lane.kind === 'server') {
      const role = scene.roles.get(lane.node) ?? null;
      fill = role ? ROLE_COLOR[role] : DOWN_COLOR;
      ink = role ? ROLE_INK[role] : '#ffffff';
    } else {
      fill = clientColor(lane.ordinal);
      ink = '#000000';
    }
    const chipH = Math.min(20, layout.laneHeight - 4);
    ctx.fillStyle = fill;
    roundRect(ctx, 4, y - chipH / 2, layout.gutter - 10, chipH, 4);
    ctx.fill();
    ctx.fillStyle = ink;
    const role = lane.kind === 'server' ? scene.roles.get(lane.node) : null;
    const label = role ? `${lane.node} ${ROLE_LETTER[role]}` : lane.node;
    ctx.fillText(label, 9, y + 0.5, layout.gutter - 18);
  });
}

function drawRuler(ctx: CanvasRenderingContext2D, scene: Scene, plotW: number): void {
  const { layout, window: w } = scene;
  const { step, times } = ticks(w, plotW);
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = scene.theme.muted;
  ctx.strokeStyle = scene.theme.line;
  ctx.lineWidth = 1;
  for (const t of times) {
    const px = Math.round(layout.gutter + timeToX(t, w, plotW)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, layout.ruler - 6);
    ctx.lineTo(px, layout.height);
    ctx.stroke();
    ctx.fillText(tickLabel(t, step), px + 3, layout.ruler / 2 - 2);
  }
  ctx.beginPath();
  ctx.moveTo(0, layout.ruler + 0.5);
  ctx.lineTo(layout.width, layout.ruler + 0.5);
  ctx.stroke();
}

/** What lies beyond the frontier has not been computed yet: hatched. */
function drawFrontier(ctx: CanvasRenderingContext2D, scene: Scene, x: (t: number) => number): void {
  const { layout } = scene;
  const fx = Math.max(layout.gutter, x(scene.frontier));
  if (fx >= layout.width) return;
  ctx.save();
  ctx.globalAlpha = 0.08;
  ctx.fillStyle = scene.theme.ink;
  ctx.fillRect(fx, layout.ruler, layout.width - fx, layout.height - layout.ruler);
  ctx.globalAlpha = 0.16;
  ctx.strokeStyle = scene.theme.ink;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = fx - layout.height; d < layout.width; d += 12) {
    ctx.moveTo(Math.max(d, fx), layout.ruler + Math.max(0, fx - d));
    ctx.lineTo(d + layout.height, layout.ruler + layout.height);
  }
  ctx.stroke();
  ctx.restore();
}

/** Above this many arrows in the window, lines go straight into pixels (raster-lines.ts). */
export const DENSE_ARROWS = 3000;

function drawArrows(ctx: CanvasRenderingContext2D, scene: Scene, x: (t: number) => number): DrawStats {
  const count = forEachVisibleSend(scene.sends, scene.window, scene.filter);
  return count > DENSE_ARROWS ? drawDense(ctx, scene, x) : drawVector(ctx, scene, x);
}

function drawVector(ctx: CanvasRenderingContext2D, scene: Scene, x: (t: number) => number): DrawStats {
  const { sends, filter, layout } = scene;
  // Batched by colour: one path per colour is far cheaper than one per arrow.
  const batches = new Map<string, number[]>();
  let drawn = 0;
  // Sends come in time order, so arrows starting on the same pixel column are consecutive:
  // remember the ones drawn from the current column only, and skip one that would cover the
  // same pixels as another.
  let column = Number.NaN;
  const seen = new Set<number>();
  const arrows = forEachVisibleSend(sends, scene.window, filter, (k) => {
    const x0 = x(sends.t[k]!);
    const x1 = x(sends.at[k]!);
    const fromRow = filter.laneOf[sends.from[k]!]!;
    const toRow = filter.laneOf[sends.to[k]!]!;
    const px0 = Math.round(x0);
    if (px0 !== column) {
      column = px0;
      seen.clear();
    }
    const key = ((Math.round(x1) * 64 + fromRow) * 64 + toRow) * 1024 + sends.type[k]!;
    if (seen.has(key)) return;
    seen.add(key);
    drawn++;
    const color = scene.typeColor[sends.type[k]!] ?? scene.theme.ink;
    let batch = batches.get(color);
    if (batch === undefined) {
      batch = [];
      batches.set(color, batch);
    }
    batch.push(x0, laneY(layout, fromRow), x1, laneY(layout, toRow));
  });
  ctx.lineWidth = 1.25;
  for (const [color, xy] of batches) {
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (let i = 0; i < xy.length; i += 4) {
      ctx.moveTo(xy[i]!, xy[i + 1]!);
      ctx.lineTo(xy[i + 2]!, xy[i + 3]!);
    }
    ctx.stroke();
    ctx.fillStyle = color;
    ctx.beginPath();
    for (let i = 0; i < xy.length; i += 4) arrowHead(ctx, xy[i]!, xy[i + 1]!, xy[i + 2]!, xy[i + 3]!);
    ctx.fill();
  }
  return { arrows, drawn };
}

let scratch: HTMLCanvasElement | null = null;

function drawDense(ctx: CanvasRenderingContext2D, scene: Scene, x: (t: number) => number): DrawStats {
  const { sends, filter, layout } = scene;
  const ratio = layout.pixelRatio;
  const plotW = layout.width - layout.gutter;
  const plotH = layout.height - layout.ruler;
  const w = Math.max(1, Math.round(plotW * ratio));
  const h = Math.max(1, Math.round(plotH * ratio));
  const image = new ImageData(w, h);
  const pixels = new Uint32Array(image.data.buffer);
  const packed = scene.typeColor.map(packColor);
  const ink = packColor(scene.theme.ink);
  const background = packColor(scene.backgroundColor);
  const arrows = forEachVisibleSend(sends, scene.window, filter, (k) => {
    const fromRow = filter.laneOf[sends.from[k]!]!;
    const toRow = filter.laneOf[sends.to[k]!]!;
    rasterLine(
      pixels,
      w,
      h,
      (x(sends.t[k]!) - layout.gutter) * ratio,
      (laneY(layout, fromRow) - layout.ruler) * ratio,
      (x(sends.at[k]!) - layout.gutter) * ratio,
      (laneY(layout, toRow) - layout.ruler) * ratio,
      packed[sends.type[k]!] ?? ink,
      background,
    );
  });
  scratch ??= document.createElement('canvas');
  if (scratch.width !== w) scratch.width = w;
  if (scratch.height !== h) scratch.height = h;
  scratch.getContext('2d')?.putImageData(image, 0, 0);
  ctx.drawImage(scratch, layout.gutter, layout.ruler, plotW, plotH);
  return { arrows, drawn: arrows };
}

/** A small head at (x1, y1), pointing along the arrow; none on arrows too short to carry one. */
function arrowHead(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len = Math.sqrt(dx * dx + dy * dy);
  if (len < 8) return;
  const ux = dx / len;
  const uy = dy / len;
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - 7 * ux - 3 * uy, y1 - 7 * uy + 3 * ux);
  ctx.lineTo(x1 - 7 * ux + 3 * uy, y1 - 7 * uy - 3 * ux);
  ctx.closePath();
}

function drawMarks(ctx: CanvasRenderingContext2D, scene: Scene, x: (t: number) => number): void {
  const { layout } = scene;
  const rowOf = new Map(scene.lanes.map((l, i) => [l.node, i]));
  ctx.font = BOLD;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  for (const m of scene.marks) {
    const row = rowOf.get(m.node);
    if (row === undefined) continue;
    const px = x(m.t);
    const y = laneY(layout, row);
    switch (m.what) {
      case 'crash':
        ctx.strokeStyle = ALARM_COLOR;
        ctx.lineWidth = 3;
        ctx.beginPath();
        ctx.moveTo(px - 6, y - 6);
        ctx.lineTo(px + 6, y + 6);
        ctx.moveTo(px + 6, y - 6);
        ctx.lineTo(px - 6, y + 6);
        ctx.stroke();
        break;
      case 'start':
        ctx.fillStyle = scene.theme.ink;
        ctx.fillRect(px - 1.5, y - 8, 3, 16);
        break;
      case 'error':
        ctx.fillStyle = ALARM_COLOR;
        ctx.beginPath();
        ctx.arc(px, y, 6, 0, 2 * Math.PI);
        ctx.fill();
        ctx.fillStyle = '#ffffff';
        ctx.fillText('!', px, y + 0.5);
        break;
      case 'role':
        ctx.fillStyle = ROLE_COLOR[m.role];
        ctx.strokeStyle = scene.theme.ink;
        ctx.lineWidth = 1;
        roundRect(ctx, px - 7, y - 7, 14, 14, 3);
        ctx.fill();
        ctx.stroke();
        ctx.fillStyle = ROLE_INK[m.role];
        ctx.fillText(ROLE_LETTER[m.role], px, y + 0.5);
        break;
    }
  }
  ctx.textAlign = 'start';
}

function drawCursor(ctx: CanvasRenderingContext2D, scene: Scene, x: (t: number) => number): void {
  const { layout } = scene;
  const px = Math.round(x(scene.cursor)) + 0.5;
  if (px < layout.gutter || px > layout.width) return;
  ctx.strokeStyle = scene.theme.ink;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(px, layout.ruler);
  ctx.lineTo(px, layout.height);
  ctx.stroke();
  ctx.fillStyle = scene.theme.ink;
  ctx.beginPath();
  ctx.moveTo(px - 6, layout.ruler - 8);
  ctx.lineTo(px + 6, layout.ruler - 8);
  ctx.lineTo(px, layout.ruler);
  ctx.closePath();
  ctx.fill();
}

function roundRect(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

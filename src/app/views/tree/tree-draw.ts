// Draws the visible rows of the indented tree with a D3 join: rows keyed by path at a fixed y per
// row index, so scrolling never animates; znodes that appear in (or vanish from) the tree fade
// and slide in (out), rows that move because of them glide. One row: elbow connector, expander,
// a glyph per kind (persistent ○, ephemeral ● in the owner's colour, container ▢ dashed, TTL ◇),
// the sequence number, the name, the owner, and watch badges in the watchers' colours.

import { type Selection, select, transition } from 'd3';
import { sequenceOf } from '../../../sim/view/lock-model.ts';
import type { WatchView } from '../../../sim/view/types.ts';
import { isActivationKey, onActivationKey } from '../../controls/activate.ts';
import type { Messages } from '../../i18n/en.ts';
import { clientInk } from '../../theme/palette.ts';
import type { TreeRow } from './tree-model.ts';

export interface DrawContext {
  rowH: number;
  indent: number;
  fontPx: number;
  selected: string | null;
  /** session → client name and client → colour. */
  owners: ReadonlyMap<string, string>;
  colors: ReadonlyMap<string, string>;
  watches: ReadonlyMap<string, WatchView[]>;
  /** Paths that were not in the previous tree: they arrive animated. */
  fresh: ReadonlySet<string>;
  /** Paths that are gone from the tree (not merely scrolled away): they leave animated. */
  gone: (path: string) => boolean;
  /** 0: draw the rows where they belong at once (a seek, a fast run, reduced motion). */
  durationMs: number;
  ontoggle: (path: string) => void;
  onpick: (path: string) => void;
  onmore: (parent: string) => void;
  /** The words drawn in the rows, in the page's language. */
  text: Messages['tree'];
}

type Row = { row: TreeRow; index: number };

/**
 * What each row element was last drawn from: a row whose inputs are the same is left alone, and
 * only a row that moved glides, so a frame in a busy 2,000-znode run redraws what changed.
 */
interface Drawn {
  index: number;
  z: unknown;
  text: unknown;
  sig: string;
}
const drawn = new WeakMap<Element, Drawn>();

/**
 * Roughly how wide a text is, in px: a Latin character is about `latin` of the font size, a
 * Chinese one a full em of its (smaller) text, `wide`. Badges and the text after a name are placed
 * by this estimate: measuring would mean a layout per row.
 */
export function textWidth(s: string, fontPx: number, latin: number, wide: number): number {
  let w = 0;
  for (const ch of s) w += ch.codePointAt(0)! >= 0x2e80 ? wide : latin;
  return w * fontPx;
}

export function drawRows(svg: SVGGElement, rows: Row[], ctx: DrawContext): void {
  const root = select(svg);
  // One timing for every row, made only when a row moves, comes or goes: a transition schedules
  // d3's timer, which would otherwise run every animation frame of a playing run for nothing.
  // (Calling d3's transition() by name also keeps d3-transition, which adds
  // selection.transition(), in the bundle: d3 is marked free of side effects.)
  let timing: ReturnType<typeof transition> | null = null;
  const t = () => (timing ??= transition().duration(ctx.durationMs));
  const join = root
    .selectAll<SVGGElement, Row>('g.row')
    .data(rows, (d) => d.row.key)
    .join(
      (enter) => {
        const g = enter
          .append('g')
          .attr('class', 'row')
          .attr('transform', (d) => `translate(0,${d.index * ctx.rowH})`);
        if (ctx.durationMs === 0) return g;
        const arriving = g.filter((d) => ctx.fresh.has(d.row.key));
        if (arriving.empty()) return g;
        arriving
          .classed('fresh', true)
          .attr('opacity', 0)
          .attr('transform', (d) => `translate(-16,${d.index * ctx.rowH})`)
          .transition(t())
          .attr('opacity', 1)
          .attr('transform', (d) => `translate(0,${d.index * ctx.rowH})`);
        return g;
      },
      (update) => {
        const moved = update.filter(function (d) {
          return drawn.get(this)?.index !== d.index;
        });
        if (moved.empty()) return update;
        if (ctx.durationMs === 0) {
          // A glide under way from an earlier drawing would move the row again after this one.
          moved
            .interrupt()
            .attr('opacity', 1)
            .attr('transform', (d) => `translate(0,${d.index * ctx.rowH})`);
          return update;
        }
        moved
          .transition(t())
          .attr('opacity', 1)
          .attr('transform', (d) => `translate(0,${d.index * ctx.rowH})`);
        return update;
      },
      (exit) => {
        if (ctx.durationMs === 0) return exit.interrupt().remove();
        exit.filter((d) => !ctx.gone(d.row.key)).remove();
        const leaving = exit.filter((d) => ctx.gone(d.row.key));
        if (leaving.empty()) return exit;
        leaving
          .classed('leaving', true)
          .transition(t())
          .attr('opacity', 0)
          .attr('transform', function () {
            return `${select(this).attr('transform')} translate(24,0)`;
          })
          .remove();
        return exit;
      },
    );
  join.each(function (d) {
    const z = d.row.type === 'node' ? d.row.node.z : null;
    const sig = signature(d.row, ctx);
    const last = drawn.get(this);
    if (!last || last.z !== z || last.text !== ctx.text || last.sig !== sig)
      fillRow(select(this), d.row, ctx);
    drawn.set(this, { index: d.index, z, text: ctx.text, sig });
  });
}

/** Everything fillRow reads besides the znode's picture itself (compared by identity). */
function signature(row: TreeRow, ctx: DrawContext): string {
  const size = `${ctx.rowH}:${ctx.indent}:${ctx.fontPx}`;
  if (row.type === 'more') return `more:${size}:${row.depth}:${row.hidden}`;
  const { node } = row;
  const z = node.z;
  const owner = z?.kind === 'ephemeral' ? (ctx.owners.get(z.stat.ephemeralOwner) ?? '') : '';
  const watches = (ctx.watches.get(node.path) ?? [])
    .map((w) => {
      const who = ctx.owners.get(w.session) ?? w.session;
      return `${who}:${w.kind}:${ctx.colors.get(who) ?? ''}`;
    })
    .join(',');
  const selected = ctx.selected === node.path;
  return `${size}:${row.depth}:${row.expanded}:${row.match}:${selected}:${node.children.length > 0}:${owner}:${ctx.colors.get(owner) ?? ''}:${watches}`;
}

/**
 * Recipe nodes carry a long unique prefix (044109582a11a5eb__lock__0000000001): keep its start and
 * the meaningful end, so the owner and the watch badges still fit beside it.
 */
export function shortName(name: string): string {
  return name.length <= 26 ? name : `${name.slice(0, 6)}…${name.slice(-18)}`;
}

function fillRow(g: Selection<SVGGElement, Row, null, undefined>, row: TreeRow, ctx: DrawContext): void {
  g.selectChildren().remove();
  const x = 20 + row.depth * ctx.indent;
  const mid = ctx.rowH / 2;
  const s = ctx.fontPx * 0.42;
  if (row.depth > 0) {
    g.append('path')
      .attr('class', 'elbow')
      .attr('d', `M${x - ctx.indent + s},0 V${mid} H${x - 2}`);
  }
  if (row.type === 'more') {
    g.attr('data-testid', 'tree-more');
    const text = g
      .append('text')
      .attr('class', 'more')
      .attr('x', x + 4)
      .attr('y', mid)
      .attr('tabindex', 0)
      .attr('role', 'button')
      .text(ctx.text.more(row.hidden));
    text.on('click', () => ctx.onmore(row.parent));
    text.on(
      'keydown',
      onActivationKey(() => ctx.onmore(row.parent)),
    );
    return;
  }
  const { node } = row;
  const z = node.z;
  const selected = ctx.selected === node.path;
  g.attr('data-testid', 'tree-row')
    .attr('data-path', node.path)
    .attr('data-kind', z?.kind ?? 'missing')
    .attr('data-sequential', z?.sequential ? 'true' : 'false')
    .classed('selected', selected)
    .classed('match', row.match);
  g.append('rect')
    .attr('class', 'bg')
    .attr('x', x - 4)
    .attr('y', 1)
    .attr('width', 2000)
    .attr('height', ctx.rowH - 2);
  if (node.children.length > 0) {
    g.append('path')
      .attr('class', 'expander')
      .attr(
        'd',
        row.expanded
          ? `M${x - s * 2.2},${mid - s * 0.5} l${s * 1.2},${s * 1.2} l${s * 1.2},${-s * 1.2}`
          : `M${x - s * 1.6},${mid - s * 1.1} l${s * 1.1},${s * 1.1} l${-s * 1.1},${s * 1.1}`,
      );
  }
  const gx = x + s + 5;
  const owner = z && z.kind === 'ephemeral' ? (ctx.owners.get(z.stat.ephemeralOwner) ?? null) : null;
  const ownerColor = owner ? (ctx.colors.get(owner) ?? '#888') : '#888';
  const glyph = z?.kind ?? 'persistent';
  if (glyph === 'ephemeral')
    // a style, not the fill attribute: the stylesheet's fill for glyphs would win over that
    g.append('circle')
      .attr('class', 'glyph ephemeral')
      .attr('cx', gx)
      .attr('cy', mid)
      .attr('r', s)
      .style('fill', ownerColor);
  else if (glyph === 'container')
    g.append('rect')
      .attr('class', 'glyph container')
      .attr('x', gx - s)
      .attr('y', mid - s)
      .attr('width', 2 * s)
      .attr('height', 2 * s)
      .attr('rx', 2);
  else if (glyph === 'ttl')
    g.append('path')
      .attr('class', 'glyph')
      .attr(
        'd',
        `M${gx},${mid - s * 1.3} L${gx + s * 1.3},${mid} L${gx},${mid + s * 1.3} L${gx - s * 1.3},${mid} Z`,
      );
  else g.append('circle').attr('class', 'glyph hollow').attr('cx', gx).attr('cy', mid).attr('r', s);

  let tx = gx + s + 6;
  const seq = z?.sequential ? sequenceOf(node.name) : null;
  if (seq !== null) {
    const label = `#${seq}`;
    const w = label.length * ctx.fontPx * 0.62 + 8;
    g.append('rect')
      .attr('class', 'seq')
      .attr('x', tx)
      .attr('y', mid - ctx.fontPx * 0.65)
      .attr('width', w)
      .attr('height', ctx.fontPx * 1.3)
      .attr('rx', 3);
    g.append('text')
      .attr('class', 'seq-text')
      .attr('x', tx + 4)
      .attr('y', mid)
      .text(label);
    tx += w + 6;
  }
  const name = g
    .append('text')
    .attr('class', 'name')
    .attr('x', tx)
    .attr('y', mid)
    .attr('tabindex', 0)
    .attr('role', 'button')
    .attr(
      'aria-label',
      `${node.path}, ${z ? ctx.text.kinds[z.kind] : ctx.text.node}${owner ? `, ${ctx.text.ownedBy(owner)}` : ''}`,
    )
    .text(node.path === '/' ? '/' : shortName(node.name));
  tx += (node.path === '/' ? 1 : shortName(node.name).length) * ctx.fontPx * 0.6 + 10;
  const extra: string[] = [];
  const kinds = ctx.text.kinds;
  if (owner) extra.push(`${kinds.ephemeral} · ${owner}`);
  else if (z?.kind === 'ephemeral') extra.push(kinds.ephemeral);
  if (z?.kind === 'container') extra.push(kinds.container);
  if (z?.kind === 'ttl') extra.push(ctx.text.ttl(String(z.ttl ?? '?')));
  if (extra.length > 0) {
    const words = extra.join(' · ');
    g.append('text').attr('class', 'extra').attr('x', tx).attr('y', mid).text(words);
    tx += textWidth(words, ctx.fontPx, 0.52, 0.82) + 10;
  }
  for (const w of ctx.watches.get(node.path) ?? []) {
    const who = ctx.owners.get(w.session) ?? w.session;
    const color = ctx.colors.get(who) ?? '#8C8C8C';
    const label = `${who} ${ctx.text.watchKinds[w.kind]}`;
    const bw = textWidth(label, ctx.fontPx, 0.55, 0.78) + 22;
    const badge = g
      .append('g')
      .attr('class', 'watch')
      .attr('data-testid', 'watch-badge')
      .attr('data-client', who)
      .attr('transform', `translate(${tx},${mid})`);
    badge
      .append('rect')
      .attr('x', 0)
      .attr('y', -ctx.fontPx * 0.7)
      .attr('width', bw)
      .attr('height', ctx.fontPx * 1.4)
      .attr('rx', ctx.fontPx * 0.7)
      .attr('fill', color);
    // an eye: the watch
    badge
      .append('path')
      .attr('class', 'eye')
      .attr('d', 'M4,0 Q10,-6 16,0 Q10,6 4,0 Z')
      .attr('stroke', clientInk(color));
    badge.append('circle').attr('cx', 10).attr('cy', 0).attr('r', 1.8).attr('fill', clientInk(color));
    badge.append('text').attr('x', 19).attr('y', 0).attr('fill', clientInk(color)).text(label);
    tx += bw + 4;
  }
  const pick = () => ctx.onpick(node.path);
  g.on('click', (e: MouseEvent) => {
    if ((e.target as Element).classList.contains('expander')) ctx.ontoggle(node.path);
    else pick();
  });
  g.on('dblclick', () => ctx.ontoggle(node.path));
  const onactivate = onActivationKey(pick);
  name.on('keydown', (e: KeyboardEvent) => {
    if (isActivationKey(e.key)) onactivate(e);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      e.stopPropagation();
      if ((e.key === 'ArrowLeft') === row.expanded && node.children.length > 0) ctx.ontoggle(node.path);
    }
  });
}

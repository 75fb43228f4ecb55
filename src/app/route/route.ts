// The page's address grammar, in one place: what a URL hash asks the page to open, as a typed
// route (docs/ui.md, "Addresses"). Pure functions, no `location`: navigate.ts reads and writes the
// address bar, everything else reads the route.
//
//   #example=<id>                  a shipped example
//   #v<N>.<base64url>              a shared link (src/share/link.ts decodes it; no '&' inside)
//   #lesson=<id>&step=<n>          a lesson in presenter mode, at step n (0-based)
//   (nothing)                      the welcome run
// followed by any of the page options
//   embed=1                        chromeless, for an iframe
//   lang=en|zh                     the language for this visit
//   mode=in-process|workers        where the run computes (conductor/page.ts)
//   live=ws://…&token=…            a bridge to a real ensemble (src/live/live-link.ts reads it)
// The options are `&`-separated after a link (`#v1.…&lang=zh`); otherwise every part is a
// URLSearchParams parameter. Parsing never throws: what it cannot read is left at its default and
// named in `problems`.
import type { RunMode } from '../../conductor/page.ts';
import { type LiveLink, parseLiveHash } from '../../live/live-link.ts';
import { isLang, type Lang } from '../i18n/detect.ts';

/** What the page opens. */
export type Open =
  | { kind: 'welcome' }
  | { kind: 'example'; id: string }
  /** The link's text as written (`v1.…`, without '#'); it may not decode: that is the page's to say. */
  | { kind: 'link'; link: string }
  | { kind: 'lesson'; id: string; step: number };

export interface Route {
  open: Open;
  /** `embed=1`: no header or footer, for an iframe. */
  embed: boolean;
  /** `lang=`: the language for this visit, over the remembered one. */
  lang: Lang | null;
  /** `mode=`: where the run computes; null is the default (workers). */
  mode: RunMode | null;
  /** `live=…&token=…`: the bridge to a real ensemble (live mode, docs/live.md). */
  live: LiveLink | null;
}

/** Something in the hash the grammar cannot read; the part is ignored (left at its default). */
export type RouteProblem =
  /** Nothing the page knows (`#hello-world`): the welcome run opens. */
  | { kind: 'address'; asked: string }
  /** A known parameter with a value it cannot take (`step=x`, `lang=fr`, `live=http://…`). */
  | { kind: 'value'; param: string; value: string; expected: string }
  /** A parameter the page does not read, beside ones it does. */
  | { kind: 'unknown-param'; param: string };

export interface ParsedRoute {
  route: Route;
  problems: RouteProblem[];
}

/** The parameters the grammar reads (anything else is an unknown-param problem). */
const KNOWN = new Set(['example', 'lesson', 'step', 'embed', 'lang', 'mode', 'live', 'token']);
const MODES: readonly RunMode[] = ['workers', 'in-process'];
/** A shared link: `v<N>.` then base64url (which has no '&': options follow the first '&'). */
const LINK = /^v\d+\./;
/** An address can be any length; what a problem quotes is clipped. */
const MAX_ASKED = 80;

/** A route with every option at its default. */
export function routeTo(open: Open, options: Partial<Omit<Route, 'open'>> = {}): Route {
  return { open, embed: false, lang: null, mode: null, live: null, ...options };
}

export const WELCOME_ROUTE: Route = routeTo({ kind: 'welcome' });

/** The route a URL hash names (with or without its '#'). Never throws. */
export function parseRoute(hash: string): ParsedRoute {
  const text = hash.replace(/^#/, '');
  const problems: RouteProblem[] = [];
  let link: string | null = null;
  let query = text;
  if (LINK.test(text)) {
    const cut = text.indexOf('&');
    link = cut < 0 ? text : text.slice(0, cut);
    query = cut < 0 ? '' : text.slice(cut + 1);
  }
  const params = new URLSearchParams(query);
  const keys = [...params.keys()];
  if (link === null && text !== '' && !keys.some((k) => KNOWN.has(k))) {
    problems.push({ kind: 'address', asked: clip(decodeSafe(text)) });
    return { route: WELCOME_ROUTE, problems };
  }
  for (const k of new Set(keys)) if (!KNOWN.has(k)) problems.push({ kind: 'unknown-param', param: k });

  const bad = (param: string, value: string, expected: string) =>
    problems.push({ kind: 'value', param, value: clip(value), expected });

  const lessonId = params.get('lesson');
  const exampleId = params.get('example');
  let open: Open = { kind: 'welcome' };
  if (link !== null) open = { kind: 'link', link };
  else if (lessonId !== null) open = { kind: 'lesson', id: lessonId, step: stepOf(params.get('step'), bad) };
  else if (exampleId !== null) open = { kind: 'example', id: exampleId };

  const embed = params.get('embed');
  if (embed !== null && embed !== '1' && embed !== '0') bad('embed', embed, '1');
  const lang = params.get('lang');
  if (lang !== null && !isLang(lang)) bad('lang', lang, 'en or zh');
  const mode = params.get('mode');
  if (mode !== null && !isMode(mode)) bad('mode', mode, MODES.join(' or '));
  const live = params.has('live') ? parseLiveHash(query) : null;
  if (params.has('live') && live === null)
    bad('live', params.get('live') ?? '', 'a ws:// or wss:// bridge URL, with a token=');

  return {
    route: {
      open,
      embed: embed === '1',
      lang: isLang(lang) ? lang : null,
      mode: isMode(mode) ? mode : null,
      live,
    },
    problems,
  };
}

/** The hash (with '#', or '' for the plain welcome run) that parses back to `route`. */
export function formatRoute(route: Route): string {
  const params = new URLSearchParams();
  const { open } = route;
  if (open.kind === 'example') params.set('example', open.id);
  if (open.kind === 'lesson') {
    params.set('lesson', open.id);
    params.set('step', String(open.step));
  }
  if (route.embed) params.set('embed', '1');
  if (route.lang !== null) params.set('lang', route.lang);
  if (route.mode !== null) params.set('mode', route.mode);
  if (route.live !== null) {
    params.set('live', route.live.bridge);
    params.set('token', route.live.token);
  }
  const query = params.toString();
  const parts = open.kind === 'link' ? [open.link, query] : [query];
  const text = parts.filter((p) => p !== '').join('&');
  return text === '' ? '' : `#${text}`;
}

/** Presenter mode (larger type, the steps drive the run) is a lesson's. */
export const isPresenter = (route: Route): boolean => route.open.kind === 'lesson';

/** A problem in a sentence, for a console or a notice. */
export function describeProblem(p: RouteProblem): string {
  switch (p.kind) {
    case 'address':
      return `the address “${p.asked}” names nothing on this page`;
    case 'value':
      return `${p.param}=${p.value} is not understood (expected ${p.expected}); ignored`;
    case 'unknown-param':
      return `the parameter “${p.param}” is not one the page reads; ignored`;
  }
}

/** `step=` is a 0-based step number; missing means the first. */
function stepOf(value: string | null, bad: (param: string, value: string, expected: string) => void): number {
  if (value === null) return 0;
  if (/^\d{1,6}$/.test(value)) return Number(value);
  bad('step', value, 'a step number from 0');
  return 0;
}

function isMode(x: string | null): x is RunMode {
  return x !== null && (MODES as readonly string[]).includes(x);
}

function clip(s: string): string {
  return s.length > MAX_ASKED ? `${s.slice(0, MAX_ASKED)}…` : s;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// Scenario links (docs/links.md): a link document in the URL hash as
//   v1.<base64url(deflate-raw(compact JSON, preset dictionary v1) ‖ 4-byte seal)>
// The scenario fully determines the run, so the link replays it exactly — for as long as the
// engine keeps its behaviour (test/golden/links.json holds it to that).
//
// Decoding never throws: a damaged, truncated or hand-edited link is an error value naming the
// stage that refused it, so the page can say what is wrong instead of crashing.
import { deflateSync, inflateSync } from 'fflate';
import {
  formatScenarioErrors,
  parseScenarioJson,
  type ScenarioError,
  validateScenario,
} from '../scenario/validate.ts';
import { ENGINE_VERSION } from '../sim/engine-version.ts';
import { decodeBase64url, encodeBase64url } from './base64url.ts';
import { fillDefaults, stripDefaults } from './compact.ts';
import { LINK_DICTIONARY_V1 } from './dictionary-v1.ts';
import { LINK_HARD_CAP } from './limits.ts';
import { documentShapeErrors, type LinkDocument } from './link-document.ts';
import type { LinkError, LinkErrorCode } from './link-error.ts';
import { SEAL_BYTES, seal, unseal } from './seal.ts';

export type { LinkError, LinkErrorCode } from './link-error.ts';

export const LINK_FORMAT_VERSION = 1;
const PREFIX = `v${LINK_FORMAT_VERSION}.`;

export type LinkDecoding = { ok: true; doc: LinkDocument } | { ok: false; error: LinkError };
export type LinkEncoding = { ok: true; link: string } | { ok: false; error: LinkError };

/**
 * The link for a document (without '#'), or why it cannot have one (an invalid scenario or view).
 * The link names the engine running now: that is the engine whose replay its maker saw.
 */
export function encodeLink(doc: LinkDocument): LinkEncoding {
  const checked = checkDocument(doc);
  if (!checked.ok) return checked;
  const { scenario, view } = checked.doc;
  const compact = {
    scenario: stripDefaults(scenario),
    ...(view === undefined ? {} : { view }),
    engine: ENGINE_VERSION,
  };
  const json = new TextEncoder().encode(JSON.stringify(compact));
  const deflated = deflateSync(json, { level: 9, dictionary: LINK_DICTIONARY_V1 });
  return { ok: true, link: PREFIX + encodeBase64url(seal(deflated)) };
}

/**
 * The document in a link; `text` may start with '#' (location.hash as it is). Its `engine` is
 * always set: 1 for links made before links carried one.
 */
export function decodeLink(text: string): LinkDecoding {
  const skip = text.startsWith('#') ? 1 : 0;
  if (text.length > LINK_HARD_CAP) {
    return fail('too-long', `the link is ${text.length} characters; links are at most ${LINK_HARD_CAP}`);
  }
  const prefix = /^v(\d+)\./.exec(text.slice(skip));
  if (prefix === null)
    return fail('bad-prefix', `not a scenario link: expected it to start with '${PREFIX}'`);
  if (prefix[0] !== PREFIX) {
    return fail(
      'unknown-version',
      `the link has format version ${prefix[1]}; this page reads version ${LINK_FORMAT_VERSION}`,
    );
  }
  const start = skip + PREFIX.length;
  const bytes = decodeBase64url(text.slice(start));
  if (!bytes.ok && bytes.kind === 'incomplete') {
    return fail('damaged', 'the link is damaged: it ends in the middle of a character (cut short?)');
  }
  if (!bytes.ok) {
    const index = start + bytes.index;
    const message = `bad base64url at character ${index + 1}: ${bytes.message}`;
    return { ok: false, error: { code: 'bad-base64', message, index } };
  }
  const data = unseal(bytes.bytes);
  if (data === undefined) return fail('damaged', `the link is damaged: ${diagnose(bytes.bytes)}`);
  const json = inflate(data);
  if (!json.ok) return json;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.text);
  } catch (e) {
    // parseScenarioJson words JSON syntax errors with line and column: reuse it for the message.
    const worded = parseScenarioJson(json.text);
    return fail('bad-json', worded.ok ? String(e) : worded.errors[0]!.message);
  }
  const shape = documentShapeErrors(parsed);
  if (shape.length > 0) return invalid('bad-document', 'the link document is malformed', shape);
  const raw = parsed as { scenario: unknown; view?: unknown; engine?: number };
  return checkDocument({ ...raw, scenario: fillDefaults(raw.scenario), engine: raw.engine ?? 1 });
}

function inflate(data: Uint8Array): { ok: true; text: string } | { ok: false; error: LinkError } {
  const out = tryInflate(data);
  if (!out.ok) return fail('damaged', `the link's data does not decompress (${out.message})`);
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(out.bytes) };
  } catch {
    return fail('damaged', "the link's data does not decompress to UTF-8 text");
  }
}

function tryInflate(
  data: Uint8Array,
): { ok: true; bytes: Uint8Array } | { ok: false; eof: boolean; message: string } {
  try {
    return { ok: true, bytes: inflateSync(data, { dictionary: LINK_DICTIONARY_V1 }) };
  } catch (e) {
    // fflate's error code 0 is "unexpected EOF"; the others are a bad block type, literal or distance.
    const eof = (e as { code?: unknown }).code === 0;
    return { ok: false, eof, message: e instanceof Error ? e.message : String(e) };
  }
}

/** Why a seal did not match, as far as can be told: cut short, or changed. */
function diagnose(sealed: Uint8Array): string {
  if (sealed.length <= SEAL_BYTES) return 'it has almost no data after the prefix (cut short?)';
  const attempt = tryInflate(sealed.subarray(0, sealed.length - SEAL_BYTES));
  return !attempt.ok && attempt.eof
    ? 'its data ends too early (cut short?)'
    : 'its check bytes do not match its data (a character changed?)';
}

/** The document with its scenario validated and normalized, or every problem found. */
function checkDocument(doc: { scenario: unknown; view?: unknown; engine?: number }): LinkDecoding {
  const shape = documentShapeErrors(doc);
  if (shape.length > 0) return invalid('bad-document', 'the link document is malformed', shape);
  const validated = validateScenario(doc.scenario);
  if (!validated.ok) return invalid('bad-scenario', 'the scenario in the link is invalid', validated.errors);
  const view = doc.view as LinkDocument['view'];
  return {
    ok: true,
    doc: {
      scenario: validated.scenario,
      ...(view === undefined ? {} : { view }),
      ...(doc.engine === undefined ? {} : { engine: doc.engine }),
    },
  };
}

function fail(code: LinkErrorCode, message: string): { ok: false; error: LinkError } {
  return { ok: false, error: { code, message } };
}

function invalid(
  code: LinkErrorCode,
  what: string,
  errors: ScenarioError[],
): { ok: false; error: LinkError } {
  return { ok: false, error: { code, message: `${what}:\n${formatScenarioErrors(errors)}`, errors } };
}

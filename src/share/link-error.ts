// Why a link was refused (docs/links.md): the stage that refused it and, for a bad document or
// scenario, every problem with its JSON path. Its own module, so the length limits (limits.ts) can
// name it without the codec (link.ts) that produces it.
import type { ScenarioError } from '../scenario/errors.ts';

export type LinkErrorCode =
  /** Longer than LINK_HARD_CAP: never made, so not read either (and no decompression bomb). */
  | 'too-long'
  /** Does not start with v<N>. at all: not a scenario link. */
  | 'bad-prefix'
  /** v<N>. with an N this page does not read. */
  | 'unknown-version'
  | 'bad-base64'
  /** Truncated or corrupted on the way: the seal does not match, or the data does not inflate to UTF-8. */
  | 'damaged'
  | 'bad-json'
  /** The JSON is not {scenario, view?}, or the view is malformed. */
  | 'bad-document'
  | 'bad-scenario';

export interface LinkError {
  code: LinkErrorCode;
  message: string;
  /** For bad-base64: the 0-based index of the offending character in the text given to decodeLink. */
  index?: number;
  /** For bad-document and bad-scenario: every problem, with its JSON path. */
  errors?: ScenarioError[];
}

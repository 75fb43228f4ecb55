// Whether a document can be shared as a link — the question the page asks before offering one.
import { fitOfHash, type LinkFit } from './limits.ts';
import { encodeLink } from './link.ts';
import type { LinkDocument } from './link-document.ts';

/** The hash ('#v1.…') for a document and its length verdict, or why it has none (invalid, too long). */
export function linkFit(doc: LinkDocument): LinkFit {
  const encoded = encodeLink(doc);
  if (!encoded.ok) return { fits: false, reason: 'invalid', error: encoded.error };
  return fitOfHash(`#${encoded.link}`);
}

// A znode's data shown three ways: as text, as JSON (pretty-printed, when it parses), or as hex
// bytes of its UTF-8 encoding — what a reader needs to see a lock's holder id or a config blob.
import { en, type Messages } from '../../i18n/en.ts';

export type DataFormat = 'text' | 'json' | 'hex';

export function isJson(data: string): boolean {
  const s = data.trim();
  if (!(s.startsWith('{') || s.startsWith('['))) return false;
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

export function defaultFormat(data: string | null): DataFormat {
  if (data === null) return 'text';
  return isJson(data) ? 'json' : 'text';
}

/** `text`: the words for no data and empty data, in the page's language (English unless told). */
export function formatData(
  data: string | null,
  format: DataFormat,
  text: Messages['znode'] = en.znode,
): string {
  if (data === null) return text.noData;
  if (format === 'json') {
    try {
      return JSON.stringify(JSON.parse(data), null, 2);
    } catch {
      return data;
    }
  }
  if (format === 'hex') return hexDump(new TextEncoder().encode(data), text);
  return data === '' ? text.empty : data;
}

/** 16 bytes a line: offset, hex, and the printable ASCII. */
export function hexDump(bytes: Uint8Array, text: Messages['znode'] = en.znode): string {
  if (bytes.length === 0) return text.noBytes;
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const chunk = [...bytes.subarray(off, off + 16)];
    const hex = chunk.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = chunk.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(4, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

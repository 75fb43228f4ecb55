import { describe, expect, it } from 'vitest';
import {
  childName,
  isValidPath,
  parentForWatch,
  rawParent,
  validatePath,
} from '../../src/sim/server/pathutils.ts';

describe('PathUtils#validatePath', () => {
  it('accepts absolute paths, the root, and dots that are not whole segments', () => {
    for (const p of [
      '/',
      '/a',
      '/a/b',
      '/a.b',
      '/.a',
      '/a.',
      '/...',
      '/a/...',
      '/..a',
      '/zookeeper/x',
      '/é/日本',
    ]) {
      expect(validatePath(p), p).toBeNull();
    }
  });

  it('rejects empty, relative and slash-terminated paths', () => {
    expect(validatePath('')).toMatch(/length/);
    expect(validatePath('relative')).toMatch(/start with/);
    expect(validatePath('/a/')).toMatch(/end with/);
  });

  it('rejects empty segments', () => {
    expect(validatePath('//')).not.toBeNull();
    expect(validatePath('/a//b')).toMatch(/empty node name/);
  });

  it('rejects . and .. segments', () => {
    for (const p of ['/.', '/..', '/a/.', '/a/..', '/a/./b', '/a/../b']) {
      expect(validatePath(p), p).toMatch(/relative paths/);
    }
  });

  it('rejects NUL, control characters, surrogates and the U+FFF0 block', () => {
    expect(validatePath('/a\u0000b')).toMatch(/null character/);
    for (const c of ['\u0001', '\u001f', '\u007f', '\u009f', '\ud800', '\uf8ff', '\ufff0', '\uffff']) {
      expect(validatePath(`/a${c}`), JSON.stringify(c)).toMatch(/invalid character/);
    }
    expect(isValidPath('/😀')).toBe(false);
    expect(isValidPath('/\u00a0')).toBe(true);
  });

  it('validates a sequential path as path + "1", so a trailing slash is allowed there', () => {
    expect(validatePath('/q/', true)).toBeNull();
    expect(validatePath('/q/n-', true)).toBeNull();
    expect(validatePath('/q//', true)).not.toBeNull();
    expect(validatePath('q', true)).not.toBeNull();
  });
});

describe('parent helpers', () => {
  it('computes parents the way ZooKeeper slices paths', () => {
    expect(rawParent('/a/b')).toBe('/a');
    expect(rawParent('/a')).toBe('');
    expect(rawParent('/a//b')).toBe('/a/');
    expect(rawParent('/bad/')).toBe('/bad');
    expect(childName('/a/b')).toBe('b');
    expect(parentForWatch('/a')).toBe('/');
    expect(parentForWatch('/a/b')).toBe('/a');
  });
});

import fc from 'fast-check';
import { isAbsolute, join, relative, sep } from 'node:path';
import { exactPathOfKey, KeyPathError, localPathOfKey } from '../../../scripts/lib/key-path';

const ROOT = join('/', 'work', 'out');
const within = (path: string): boolean => {
  const rel = relative(ROOT, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

describe('localPathOfKey', () => {
  it('keeps an ordinary key as its path', () => {
    expect(localPathOfKey(ROOT, 'curated/events/ingestion_date=2026-11-20/p.parquet')).toBe(
      join(ROOT, 'curated', 'events', 'ingestion_date=2026-11-20', 'p.parquet'),
    );
    expect(localPathOfKey(ROOT, 'raw/a b%20c.json')).toBe(join(ROOT, 'raw', 'a b%20c.json'));
  });

  it('neutralises .. and . segments, absolute keys and doubled slashes', () => {
    expect(localPathOfKey(ROOT, 'raw/source=app/../../../../x.json')).toBe(
      join(ROOT, 'raw', 'source=app', '%2E%2E', '%2E%2E', '%2E%2E', '%2E%2E', 'x.json'),
    );
    expect(localPathOfKey(ROOT, '/etc/passwd')).toBe(join(ROOT, 'etc', 'passwd'));
    expect(localPathOfKey(ROOT, 'a//./b')).toBe(join(ROOT, 'a', '%2E', 'b'));
  });

  it('encodes the characters a file system gives meaning to', () => {
    expect(localPathOfKey(ROOT, 'raw/..\\..\\x:y\u0000z\n.json')).toBe(
      join(ROOT, 'raw', '..%5C..%5Cx%3Ay%00z%0A.json'),
    );
  });

  it('refuses a key with no file name or a name too long for a file system', () => {
    expect(() => localPathOfKey(ROOT, '/')).toThrow(KeyPathError);
    expect(() => localPathOfKey(ROOT, '')).toThrow(/names no file/);
    expect(() => localPathOfKey(ROOT, `raw/${'x'.repeat(256)}`)).toThrow(/longer than 255 bytes/);
  });

  it('never leaves the root, whatever the key (property)', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '', '/', '\\', '..\\', 'C:', '~', '\u0000', '%2E%2E'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (parts) => {
        const key = parts.join('/');
        let path: string;
        try {
          path = localPathOfKey(ROOT, key);
        } catch (err) {
          return err instanceof KeyPathError;
        }
        return within(path) && !path.split(sep).includes('..') && !path.includes('\u0000');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('exactPathOfKey', () => {
  it('accepts a plain key and refuses anything it would have to rewrite', () => {
    expect(exactPathOfKey(ROOT, 'curated/events/p.parquet')).toBe(
      join(ROOT, 'curated', 'events', 'p.parquet'),
    );
    for (const key of ['curated/../sync-index.json', '/curated/x', 'curated//x', 'a/./b', 'a\\b']) {
      expect(() => exactPathOfKey(ROOT, key)).toThrow(KeyPathError);
    }
  });
});

import { gzipSync } from 'node:zlib';
import { DateLines } from './date-lines';
import type { BadFileKind, GeneratorOptions } from './options';

/** A bad file's name (relative to its date folder) and bytes. */
export interface BadFile {
  readonly name: string;
  readonly kind: BadFileKind;
  readonly content: Buffer;
}

/** Content of a bad file that looks like a normal one until read: capped to stay cheap. */
const MAX_BODY = 64 * 1024 * 1024;

function body(options: GeneratorOptions, date: string, users: number, n: number, bytes: number) {
  const lines = new DateLines(options, date, users, `bad-file-${n}`);
  const parts = [lines.encoder.header];
  let size = parts[0]!.length;
  while (size < bytes) {
    const line = lines.next();
    parts.push(line);
    size += line.length;
  }
  return { text: parts.join(''), extension: lines.encoder.extension };
}

/**
 * The `n`-th bad file of a date: empty (quarantined as empty), good lines under a `.txt` name
 * (quarantined for its extension) or a gzip cut short. The truncated gzip is stored uncompressed
 * (level 0) and cut at 90%, so its size is close to a normal file's and it passes the size check,
 * reaching the transform, which refuses that file (the rest of its manifest is curated). Seeded
 * by (seed, date, n): adding bad files does not change the good ones.
 */
export function badFile(
  options: GeneratorOptions,
  date: string,
  users: number,
  n: number,
  kind: BadFileKind,
  stem: string,
): BadFile {
  const size = Math.min(options.fileBytes, MAX_BODY);
  const ext = options.format === 'csv' ? '.csv' : '.ndjson';
  switch (kind) {
    case 'empty':
      return { name: `${stem}${ext}${options.gzip ? '.gz' : ''}`, kind, content: Buffer.alloc(0) };
    case 'wrong-extension': {
      const { text } = body(options, date, users, n, Math.min(size, 64 * 1024));
      return { name: `${stem}.txt`, kind, content: Buffer.from(text, 'latin1') };
    }
    case 'truncated-gzip': {
      const { text } = body(options, date, users, n, size);
      const whole = gzipSync(Buffer.from(text, 'latin1'), { level: 0 });
      return {
        name: `${stem}${ext}.gz`,
        kind,
        content: whole.subarray(0, Math.floor(whole.length * 0.9)),
      };
    }
  }
}

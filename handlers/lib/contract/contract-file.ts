import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { ContractFileError } from './contract-errors';
import { sourceContractSchema, type SourceContract } from './contract';

/** Extensions a contract file may have: YAML, or JSON (parsed by the same YAML 1.2 reader). */
export const CONTRACT_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

type IssuePath = readonly PropertyKey[];

/** The deepest node of `doc` along `path` that exists, so an error points at its line. */
function nodeAt(root: Node | null, path: IssuePath): Node | null {
  let node = root;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) return node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

const dotted = (path: IssuePath): string =>
  path.length === 0 ? '(top level)' : path.map((k) => String(k)).join('.');

/**
 * Parses and validates one contract file's text. Every problem becomes one line naming the
 * file, the line and the field (`contracts/orders.yaml:12: fields.3.type: Invalid option ...`),
 * because a contract is written by a person in an editor, not by code.
 */
export function parseContractText(text: string, file: string): SourceContract {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const [syntax] = doc.errors;
  if (syntax) {
    const line = lines.linePos(syntax.pos[0]).line;
    const what = syntax.message.split('\n')[0] ?? syntax.message;
    throw new ContractFileError(`${file}:${line}: not valid YAML/JSON: ${what}`, {
      context: { file, line },
    });
  }
  const parsed = sourceContractSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const issue: z.core.$ZodIssue = parsed.error.issues[0]!;
  const node = nodeAt(doc.contents, issue.path);
  const line = node?.range ? lines.linePos(node.range[0]).line : 1;
  const more = parsed.error.issues.length - 1;
  throw new ContractFileError(
    `${file}:${line}: ${dotted(issue.path)}: ${issue.message}${more > 0 ? ` (and ${more} more)` : ''}`,
    {
      context: {
        file,
        line,
        issues: parsed.error.issues.map((i) => `${dotted(i.path)}: ${i.message}`),
      },
    },
  );
}

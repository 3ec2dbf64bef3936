import { columnName, type SourceContract } from './contract';

/**
 * Why `next` cannot follow `previous` as the next version of a source, or undefined when it
 * can. A version may add fields (the curated table's schema gains their columns, older rows
 * read null) and relax a required field; it may not remove a field, change a field's type, path
 * or column, make an optional field required, or move the dedup key or event time: rows already
 * in the table, or producers already sending, would no longer fit.
 */
export function breakingChange(previous: SourceContract, next: SourceContract): string | undefined {
  const at = `${next.source} version ${next.version} (after version ${previous.version})`;
  if (next.dedupKey !== previous.dedupKey || next.eventTime !== previous.eventTime) {
    return `${at} changes dedupKey or eventTime; keep them, or start a new source`;
  }
  const byColumn = new Map(next.fields.map((f) => [columnName(f), f]));
  for (const old of previous.fields) {
    const col = columnName(old);
    const now = byColumn.get(col);
    if (!now) {
      return `${at} removes field ${old.path.join('.')}; keep it declared (set required: false to stop requiring it), the table keeps its column`;
    }
    if (now.type !== old.type) {
      return `${at} changes the type of ${col} from ${old.type} to ${now.type}; keep the type, or add a new field with its own column`;
    }
    if (now.path.join('.') !== old.path.join('.')) {
      return `${at} moves column ${col} from ${old.path.join('.')} to ${now.path.join('.')}; add a new field instead`;
    }
    if (now.required && !old.required) {
      return `${at} makes ${col} required; producers sending it empty would be refused: keep it optional, or enforce it with a DQ rule`;
    }
  }
  return undefined;
}

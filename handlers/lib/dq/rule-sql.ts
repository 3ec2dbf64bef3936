import { sqlIdent, sqlString } from '../contract/sql-text';
import type { DqRule } from './rules';

/**
 * The aggregate SQL of each rule's raw count over the accepted rows (`reason IS NULL`), one
 * column per rule named `rule_<index>`, so all rules cost one scan. Rules whose value comes
 * from run totals (row count, rejects, duplicates) need no column of their own.
 */
export function ruleCountsSql(rules: readonly DqRule[], table: string): string {
  const cols = rules.flatMap((rule, i) => {
    switch (rule.kind) {
      case 'max_null_rate':
        return [
          `count(*) FILTER (WHERE reason IS NULL AND ${sqlIdent(rule.column)} IS NULL) AS rule_${i}`,
        ];
      case 'accepted_values':
        return [
          `count(*) FILTER (WHERE reason IS NULL AND coalesce(CAST(${sqlIdent(rule.column)} AS VARCHAR) NOT IN (${rule.values.map(sqlString).join(', ')}), true)) AS rule_${i}`,
        ];
      case 'max_duplicate_rate':
        return [
          `count(DISTINCT ${sqlIdent(rule.column)}) FILTER (WHERE reason IS NULL AND ${sqlIdent(rule.column)} IS NOT NULL) AS rule_${i}`,
        ];
      default:
        return [];
    }
  });
  return `SELECT count(*) FILTER (WHERE reason IS NULL) AS accepted_rows, count(*) FILTER (WHERE reason IS NOT NULL) AS rejected_rows${cols.map((c) => `, ${c}`).join('')} FROM ${table}`;
}

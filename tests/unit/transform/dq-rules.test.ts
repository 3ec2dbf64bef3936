import fc from 'fast-check';
import { evaluateRules, hardFailures } from '../../../handlers/lib/dq/evaluate';
import { dqRulesSchema, type DqRule } from '../../../handlers/lib/dq/rules';
import { ruleCountsSql } from '../../../handlers/lib/dq/rule-sql';
import { contractFor } from '../../../handlers/lib/contract/contracts';

const rules: DqRule[] = dqRulesSchema.parse(contractFor('app').dq);
const idx = (id: string): number => rules.findIndex((r) => r.id === id);

/** Inputs of a clean run of n rows: no nulls, all types allowed, all keys distinct. */
function clean(n: number) {
  const ruleCounts = new Map<number, number>([
    [idx('event_id_not_null'), 0],
    [idx('event_type_not_null'), 0],
    [idx('event_type_allowed'), 0],
    [idx('user_id_null_rate'), 0],
    [idx('event_id_duplicate_rate'), n],
  ]);
  return { rowsRead: n, acceptedRows: n, rejectedRows: 0, ruleCounts };
}

describe('data-quality rules', () => {
  it('pass on a clean run', () => {
    expect(hardFailures(evaluateRules(rules, clean(100)))).toEqual([]);
  });

  it('fail rows_present on an empty run, with a readable message', () => {
    const [failure] = hardFailures(evaluateRules(rules, clean(0)));
    expect(failure).toMatchObject({ id: 'rows_present', passed: false });
    expect(failure?.message).toBe('0 accepted rows (minimum 1)');
  });

  it('apply the user_id null-rate threshold at exactly 3%', () => {
    const at = clean(100);
    at.ruleCounts.set(idx('user_id_null_rate'), 3);
    expect(hardFailures(evaluateRules(rules, at))).toEqual([]);
    const over = clean(100);
    over.ruleCounts.set(idx('user_id_null_rate'), 4);
    expect(hardFailures(evaluateRules(rules, over)).map((r) => r.id)).toEqual([
      'user_id_null_rate',
    ]);
  });

  it('count duplicates before dedup: 3 extra rows of 100 fail the 2% rule', () => {
    const dup = clean(100);
    dup.ruleCounts.set(idx('event_id_duplicate_rate'), 97);
    const [failure] = hardFailures(evaluateRules(rules, dup));
    expect(failure).toMatchObject({ id: 'event_id_duplicate_rate', value: 0.03 });
  });

  it('fail the reject-rate rule above 5% of rows read', () => {
    const rej = { ...clean(90), rowsRead: 100, rejectedRows: 10 };
    expect(hardFailures(evaluateRules(rules, rej)).map((r) => r.id)).toEqual(['reject_rate']);
  });

  it('report but never block on a warn rule', () => {
    const warn = dqRulesSchema.parse([
      { kind: 'min_rows', id: 'big', min: 1000, severity: 'warn' },
    ]);
    const results = evaluateRules(warn, clean(10));
    expect(results[0]?.passed).toBe(false);
    expect(hardFailures(results)).toEqual([]);
  });

  it('reject duplicate rule ids in configuration', () => {
    const dup = [contractFor('app').dq[0], contractFor('app').dq[0]];
    expect(dqRulesSchema.safeParse(dup).success).toBe(false);
  });

  it('keep every rate within [0, 1] and fail exactly the rules above their threshold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (accepted, rejected, nullShare, distinctShare) => {
          const inputs = clean(accepted);
          inputs.ruleCounts.set(idx('user_id_null_rate'), Math.floor(accepted * nullShare));
          inputs.ruleCounts.set(
            idx('event_id_duplicate_rate'),
            Math.max(accepted === 0 ? 0 : 1, Math.floor(accepted * distinctShare)),
          );
          const results = evaluateRules(rules, {
            ...inputs,
            rejectedRows: rejected,
            rowsRead: accepted + rejected,
          });
          for (const r of results) {
            if (r.kind !== 'min_rows') {
              expect(r.value).toBeGreaterThanOrEqual(0);
              expect(r.value).toBeLessThanOrEqual(1);
            }
            const over = r.kind === 'min_rows' ? r.value < r.threshold : r.value > r.threshold;
            expect(r.passed).toBe(!over);
          }
        },
      ),
    );
  });

  it('compute all rule counts in one aggregate over accepted rows', () => {
    const sql = ruleCountsSql(rules, 'staged');
    expect(sql.match(/FROM staged/g)).toHaveLength(1);
    expect(sql).toContain(`"user_id" IS NULL) AS rule_${idx('user_id_null_rate')}`);
  });
});

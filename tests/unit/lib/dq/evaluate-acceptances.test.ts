import { evaluateRules, hardFailures } from '../../../../handlers/lib/dq/evaluate';
import { dqRulesSchema } from '../../../../handlers/lib/dq/rules';

const rules = dqRulesSchema.parse([
  { kind: 'min_rows', id: 'rows_present', min: 1 },
  { kind: 'max_reject_rate', id: 'reject_rate', max: 0.1 },
  { kind: 'max_reject_rate', id: 'reject_rate_warn', max: 0.1, severity: 'warn' },
]);
/** A date of 10 rows read, 5 of them rejected: both reject-rate rules fail. */
const halfRejected = { rowsRead: 10, rejectedRows: 5, acceptedRows: 5, ruleCounts: new Map() };
const acceptance = {
  rule: 'reject_rate',
  by: 'alice',
  reason: 'producer replayed a broken file; fixed upstream',
  at: '2026-11-22T09:00:00.000Z',
};

describe('evaluateRules with acceptances', () => {
  it('holds the date on a failed hard rule nobody accepted', () => {
    expect(hardFailures(evaluateRules(rules, halfRejected)).map((r) => r.id)).toEqual([
      'reject_rate',
    ]);
  });

  it('turns an accepted hard rule into a warning that still shows its failure and who accepted it', () => {
    const results = evaluateRules(rules, halfRejected, [acceptance]);
    expect(hardFailures(results)).toEqual([]);
    expect(results.find((r) => r.id === 'reject_rate')).toEqual({
      id: 'reject_rate',
      kind: 'max_reject_rate',
      severity: 'warn',
      value: 0.5,
      threshold: 0.1,
      passed: false,
      message: '5 of 10 rows rejected (50.00%, max 10.00%)',
      accepted: { by: 'alice', reason: acceptance.reason, at: acceptance.at },
    });
  });

  it('leaves the other rules untouched and ignores the acceptance of a warn rule', () => {
    const results = evaluateRules(rules, halfRejected, [
      acceptance,
      { ...acceptance, rule: 'reject_rate_warn' },
    ]);
    expect(results.find((r) => r.id === 'rows_present')).not.toHaveProperty('accepted');
    expect(results.find((r) => r.id === 'reject_rate_warn')).not.toHaveProperty('accepted');
  });
});

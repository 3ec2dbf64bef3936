import { contractFor } from '../../../../handlers/lib/contract/contracts';
import { overrideProblems, rulesFor } from '../../../../handlers/lib/dq/source-rules';
import { dqRulesSchema } from '../../../../handlers/lib/dq/rules';
import { envConfig } from '../../../../stacks/config/env-configs';
import { validateEnvConfig } from '../../../../stacks/config/validate-config';
import { DEV_CONFIG } from '../../../../stacks/config/dev';

const app = contractFor('app');

describe("a source's DQ rules", () => {
  it("are the contract's, with the environment's thresholds and levels over them", () => {
    const rules = rulesFor(app, {
      app: { user_id_null_rate: { max: 0.1 }, reject_rate: { severity: 'warn' } },
    });
    expect(rules.map((r) => r.id)).toEqual(app.dq.map((r) => r.id));
    expect(rules.find((r) => r.id === 'user_id_null_rate')).toMatchObject({ max: 0.1 });
    expect(rules.find((r) => r.id === 'reject_rate')).toMatchObject({
      severity: 'warn',
      max: 0.05,
    });
    expect(rulesFor(app, { other: { reject_rate: { max: 1 } } })).toEqual(app.dq);
  });

  it('are replaced whole by DQ_RULES (tests and drills)', () => {
    const only = dqRulesSchema.parse([{ kind: 'min_rows', id: 'rows', min: 2 }]);
    expect(rulesFor(app, {}, only)).toEqual(only);
  });

  it('refuse overrides of unknown sources, unknown rules and thresholds a rule lacks', () => {
    expect(
      overrideProblems(
        {
          nope: { x: { max: 0 } },
          app: { nope: { max: 0 }, rows_present: { max: 0.1 }, reject_rate: { min: 1 } },
        },
        [app],
      ),
    ).toEqual([
      'dqOverrides.nope: no contract for source nope',
      'dqOverrides.app.nope: source app has no rule nope',
      'dqOverrides.app.rows_present: rule rows_present (min_rows) has min, not max',
      'dqOverrides.app.reject_rate: rule reject_rate (max_reject_rate) has max, not min',
    ]);
  });

  it('stop the synth when a stack config overrides a rule no contract has', () => {
    expect(envConfig('dev').settings.transform.dqOverrides).toEqual({});
    const bad = {
      ...DEV_CONFIG,
      settings: {
        ...DEV_CONFIG.settings,
        transform: { ...DEV_CONFIG.settings.transform, dqOverrides: { app: { typo: { max: 1 } } } },
      },
    };
    expect(() => validateEnvConfig(bad, 'dev')).toThrow(
      'dev.settings.transform: dqOverrides.app.typo: source app has no rule typo',
    );
  });
});

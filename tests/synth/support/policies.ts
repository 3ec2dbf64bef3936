import { list, record, str } from './synth-stack';

/** A parsed IAM policy statement with actions and resources normalized to lists. */
export interface Statement {
  readonly sid: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly principal: unknown;
  readonly condition: unknown;
}

const strings = (v: unknown, what: string): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : list(v, what).map((x) => str(x, what));

/** Parses a policy JSON string as synthesized (Terraform references left as text). */
export function statements(policy: unknown): Statement[] {
  const doc = record(JSON.parse(str(policy, 'policy')), 'policy');
  return list(doc.Statement, 'Statement').map((s) => {
    const st = record(s, 'statement');
    return {
      sid: typeof st.Sid === 'string' ? st.Sid : '',
      effect: str(st.Effect, 'Effect'),
      actions: strings(st.Action, 'Action'),
      resources: strings(st.Resource, 'Resource'),
      principal: st.Principal,
      condition: st.Condition,
    };
  });
}

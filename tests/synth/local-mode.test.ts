/** The local switch (PIPELINE_LOCAL_ENDPOINT): how a stack deployed to an emulator differs. */
import { ENVIRONMENTS } from '../../handlers/lib/names';
import { LOCAL_ENDPOINT_SERVICES } from '../../stacks/aws-provider';
import { AWS_ONLY_PARTS, LEFT_OUT_LOCALLY } from '../../stacks/local-mode';
import { statements } from './support/policies';
import { list, record, synth } from './support/synth-stack';

const endpoint = 'http://localhost:4566';

describe('local switch', () => {
  const stack = synth('prod', { localEndpoint: endpoint });
  const provider = record(list(record(stack.json.provider).aws)[0]);

  it('points every service the stack uses at the emulator, path-style, with fake keys', () => {
    expect(provider).toMatchObject({
      access_key: 'test',
      secret_key: 'test',
      s3_use_path_style: true,
      skip_credentials_validation: true,
      skip_metadata_api_check: 'true',
      skip_requesting_account_id: true,
    });
    const endpoints = record(list(provider.endpoints)[0]);
    for (const service of LOCAL_ENDPOINT_SERVICES) expect(endpoints[service]).toBe(endpoint);
  });

  it('uses local state even for prod, in a file of its own', () => {
    const backend = record(record(stack.json.terraform).backend);
    expect(Object.keys(backend)).toEqual(['local']);
    expect(record(backend.local).path).toBe('../../../terraform.prod.local.tfstate');
  });

  it('leaves the provider pointed at AWS without it', () => {
    const aws = record(list(record(synth('prod').json.provider).aws)[0]);
    expect(aws.endpoints).toBeUndefined();
    expect(aws.access_key).toBeUndefined();
  });
});

/**
 * The AWS stack's resources less what only the catalog brings into shared resources: the
 * transform's Glue statements (Sid `Iceberg...`) and its Glue warehouse variable.
 */
function withoutCatalogGrants(resources: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(resources);
  const parsed = JSON.parse(text) as Record<string, Record<string, Record<string, unknown>>>;
  for (const policy of Object.values(parsed.aws_iam_role_policy ?? {})) {
    const doc = JSON.parse(String(policy.policy)) as { Statement: { Sid?: string }[] };
    doc.Statement = doc.Statement.filter((st) => !st.Sid?.startsWith('Iceberg'));
    policy.policy = JSON.stringify(doc);
  }
  for (const fn of Object.values(parsed.aws_lambda_function ?? {})) {
    const vars = (fn.environment as { variables?: Record<string, string> } | undefined)?.variables;
    if (vars) delete vars.ICEBERG_WAREHOUSE;
  }
  return parsed;
}

describe.each(ENVIRONMENTS)('%s stack in local mode', (env) => {
  const onAws = synth(env);
  const local = synth(env, { localEndpoint: endpoint });
  const types = (json: Readonly<Record<string, unknown>>): string[] =>
    Object.keys(record(json.resource));

  it.each(Object.entries(AWS_ONLY_PARTS))('leaves out the AWS-only part %s', (_name, part) => {
    for (const type of part.resourceTypes) {
      expect(types(onAws.json)).toContain(type);
      expect(types(local.json)).not.toContain(type);
    }
  });

  it('has every other resource exactly as the AWS stack has it', () => {
    // The catalog construct's own resources of shared types (its optimizers' role) go with it.
    const kept = Object.fromEntries(
      Object.entries(record(onAws.json.resource))
        .filter(([type]) => !(type in LEFT_OUT_LOCALLY))
        .map(([type, byId]) => [
          type,
          Object.fromEntries(
            Object.entries(record(byId)).filter(([id]) => !id.startsWith('catalog_')),
          ),
        ]),
    );
    expect(local.json.resource).toEqual(withoutCatalogGrants(kept));
  });

  it('has no output of a part it leaves out', () => {
    expect(Object.keys(record(local.json.output))).toEqual(
      Object.keys(record(onAws.json.output)).filter((o) => o !== 'athena_workgroup'),
    );
  });

  it('leaves out whole bucket policies, which hold the TLS statement only', () => {
    for (const [, policy] of onAws.resources('aws_s3_bucket_policy')) {
      expect(statements(policy.policy).map((s) => s.sid)).toEqual(['DenyInsecureTransport']);
    }
  });
});

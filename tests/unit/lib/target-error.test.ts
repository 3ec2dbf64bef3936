import { targetErrorFor, TargetError } from '../../../scripts/lib/target-error';

const systemError = (code: string, address = '127.0.0.1', port = 4566): Error =>
  Object.assign(new Error(`connect ${code} ${address}:${port}`), { code, address, port });

describe('targetErrorFor', () => {
  it('leaves errors it does not know to the bug branch', () => {
    expect(targetErrorFor(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(
      undefined,
    );
    expect(targetErrorFor('a string')).toBe(undefined);
    expect(
      targetErrorFor(Object.assign(new Error('slow down'), { name: 'ThrottlingException' })),
    ).toBe(undefined);
  });

  it('finds a network failure inside causes and AggregateErrors, and keeps it as the cause', () => {
    const refused = new AggregateError([systemError('ECONNREFUSED')], 'connect failed');
    const wrapped = new Error('fetch failed', { cause: refused });
    const err = targetErrorFor(wrapped, { target: 'endpoint', endpoint: 'http://localhost:4566' });
    expect(err).toBeInstanceOf(TargetError);
    expect(err?.message).toBe(
      'cannot reach 127.0.0.1:4566: connection refused; check --endpoint (or PIPELINE_ENDPOINT_URL) and --catalog, and that the emulator is running there',
    );
    expect(err?.cause).toBe(wrapped);
  });

  it('names the endpoint given when it is the peer that refused, else the peer (a catalog)', () => {
    const ctx = { target: 'endpoint', endpoint: 'http://127.0.0.1:4566' } as const;
    expect(targetErrorFor(systemError('ECONNREFUSED'), ctx)?.message).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:4566: connection refused/,
    );
    expect(targetErrorFor(systemError('ECONNREFUSED', '127.0.0.1', 8181), ctx)?.message).toMatch(
      /^cannot reach 127\.0\.0\.1:8181: connection refused/,
    );
  });

  it('tells the embedded emulator from real AWS in the fix it names', () => {
    const missing = Object.assign(new Error('Requested resource not found'), {
      name: 'ResourceNotFoundException',
    });
    expect(targetErrorFor(missing, { target: 'aws', env: 'prod' })?.message).toBe(
      'the prod stack is not deployed on AWS (ResourceNotFoundException: Requested resource not found); deploy it with: npx cdktf-cli@0.21.0 deploy prod, or pass the --env that is deployed',
    );
    expect(targetErrorFor(systemError('ECONNRESET'), { target: 'embedded' })?.message).toBe(
      'cannot reach 127.0.0.1:4566: connection reset; the emulator may have stopped; restart it with: pipeline down && pipeline up',
    );
  });

  it('keeps a multi-line SDK message on one line', () => {
    const denied = Object.assign(
      new Error('User: x is not authorized\n  to perform: sqs:GetQueueUrl'),
      {
        name: 'AccessDenied',
      },
    );
    expect(targetErrorFor(denied, { target: 'aws' })?.message).toBe(
      "AWS denied access (User: x is not authorized to perform: sqs:GetQueueUrl); use credentials whose policy allows the pipeline's resources",
    );
  });
});

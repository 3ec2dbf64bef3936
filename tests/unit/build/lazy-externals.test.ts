import { runInNewContext } from 'node:vm';
import { deferHeavyRequires, LAZY_REQUIRE_BANNER } from '../../../scripts/build/lazy-externals';

describe('deferHeavyRequires', () => {
  it('defers the heavy packages only, and loads one on its first property access', () => {
    const code = [
      'var import_commander = require("commander");',
      'var import_client_s3 = require("@aws-sdk/client-s3");',
      'var import_node_api = require("@duckdb/node-api");',
      'exports.before = loads.slice();',
      'exports.client = import_client_s3.S3Client;',
      'exports.after = loads.slice();',
    ].join('\n');
    const deferred = deferHeavyRequires(code);
    expect(deferred).toContain('require("commander")');
    expect(deferred).toContain('__lazyRequire("@aws-sdk/client-s3")');
    expect(deferred).toContain('__lazyRequire("@duckdb/node-api")');

    const loads: string[] = [];
    const fakeRequire = (id: string): object => {
      loads.push(id);
      return { S3Client: `${id} S3Client` };
    };
    const exports: Record<string, unknown> = {};
    runInNewContext(`${LAZY_REQUIRE_BANNER}\n${deferred}`, {
      require: fakeRequire,
      loads,
      exports,
    });
    expect(exports.before).toEqual(['commander']);
    expect(exports.client).toBe('@aws-sdk/client-s3 S3Client');
    expect(exports.after).toEqual(['commander', '@aws-sdk/client-s3']);
  });
});

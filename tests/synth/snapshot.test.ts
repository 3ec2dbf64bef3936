import { ENVIRONMENTS } from '../../handlers/lib/names';
import { synth } from './support/synth-stack';

/**
 * Asset hashes change with every handler edit; replacing them keeps the snapshot about the
 * infrastructure, so a reviewer sees a change only when a resource or argument changes.
 */
function normalize(raw: string): string {
  return raw
    .replace(/\b[0-9a-f]{64}\b/g, '<sha256>')
    .replace(/\b[0-9a-f]{32}\b/g, '<asset-hash>')
    .replace(/-[0-9a-f]{16}\.zip/g, '-<content>.zip')
    .replace(/"source_code_hash": "[A-Za-z0-9+/=]+"/g, '"source_code_hash": "<base64-sha256>"');
}

describe.each(ENVIRONMENTS)('%s stack', (env) => {
  it('matches the reviewed snapshot', () => {
    expect(normalize(synth(env).raw)).toMatchSnapshot();
  });
});

import fc from 'fast-check';
import { MANIFEST_ID_HEX_LENGTH, manifestIdOf } from '../../../handlers/lib/manifest/manifest-id';
import { manifestDocumentSchema } from '../../../handlers/lib/manifest/manifest-document';

describe('manifestIdOf', () => {
  it('is a short lowercase hex id the document schema accepts', () => {
    const id = manifestIdOf(['s3://b/raw/a#v1']);
    expect(id).toMatch(new RegExp(`^[0-9a-f]{${MANIFEST_ID_HEX_LENGTH}}$`));
    expect(manifestDocumentSchema.shape.manifestId.safeParse(id).success).toBe(true);
  });

  it('does not depend on the order of the files', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (ids, seed) => {
          const shuffled = [...ids].sort(
            (a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 17 + seed) % 5),
          );
          expect(manifestIdOf(shuffled)).toBe(manifestIdOf(ids));
        },
      ),
    );
  });

  it('changes when any file changes (a re-upload is a different version)', () => {
    expect(manifestIdOf(['s3://b/k#v1', 's3://b/j#v1'])).not.toBe(
      manifestIdOf(['s3://b/k#v2', 's3://b/j#v1']),
    );
    expect(manifestIdOf(['ab', 'c'])).not.toBe(manifestIdOf(['a', 'bc']));
  });

  it('refuses empty and duplicated file lists', () => {
    expect(() => manifestIdOf([])).toThrow(RangeError);
    expect(() => manifestIdOf(['x', 'x'])).toThrow('file listed twice');
  });
});

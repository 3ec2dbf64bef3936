/** The provisioner leaves out what the stacks' local mode leaves out, for the same reasons. */
import { APPLIERS } from '../../../../scripts/local/provisioner/provision';
import { NOT_PROVISIONED } from '../../../../scripts/local/provisioner/not-provisioned';
import { AWS_ONLY_PARTS, LEFT_OUT_LOCALLY } from '../../../../stacks/local-mode';

describe('resource types the provisioner skips', () => {
  const awsOnlyTypes = Object.values(AWS_ONLY_PARTS).flatMap((p) => [...p.resourceTypes]);

  it('include every type local mode leaves out, with the reason of its part', () => {
    for (const [, part] of Object.entries(AWS_ONLY_PARTS)) {
      for (const type of part.resourceTypes) {
        expect(NOT_PROVISIONED[type]).toBe(LEFT_OUT_LOCALLY[type]);
        expect(NOT_PROVISIONED[type]).toContain(part.reason);
      }
    }
  });

  it('have no applier, so no stack makes the provisioner create them', () => {
    expect(awsOnlyTypes.filter((type) => APPLIERS.has(type))).toEqual([]);
    expect(Object.keys(NOT_PROVISIONED).filter((type) => APPLIERS.has(type))).toEqual([]);
  });
});

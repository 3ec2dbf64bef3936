import type { ProvisionReport } from '../../local/provisioner/provision';

/** The lines `pipeline up` prints about a provisioning run. */
export function provisionSummary(report: ProvisionReport): string[] {
  const count = (outcome: string) => report.applied.filter((a) => a.outcome === outcome).length;
  const lines = [
    `provisioned ${report.applied.length} resources: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged`,
  ];
  if (report.notProvisioned.length > 0) {
    lines.push('not provisioned on an emulator, on purpose:');
    for (const n of report.notProvisioned) lines.push(`  ${n.type} (${n.count}): ${n.reason}`);
  }
  if (report.unsupported.length > 0) {
    lines.push('NOT SUPPORTED by the local provisioner, skipped:');
    for (const u of report.unsupported) lines.push(`  ${u.type} (${u.count})`);
  }
  return lines;
}

import { LocalBackend, S3Backend } from 'cdktf';
import type { TerraformStack } from 'cdktf';
import type { EnvConfig } from './config/schema';

/**
 * Where Terraform keeps this stack's state: the configured S3 bucket with locking (prod), or a
 * local file at the project root (dev, and every stack in local mode, since emulator
 * resources must never be recorded in a real account's state).
 */
export function stateBackend(stack: TerraformStack, config: EnvConfig, local: boolean): void {
  const backend = config.stateBackend;
  if (local || backend.kind === 'local') {
    // Terraform runs in cdktf.out/stacks/<env>: this is terraform.<env>[.local].tfstate at the
    // project root (git-ignored), outside cdktf.out, which every synth rewrites. Relative, unlike
    // cdktf's default, so the synthesized JSON does not depend on the machine. Emulator
    // deployments get a file of their own: one state must never describe both an emulator's
    // resources and a real account's.
    const file = local
      ? `terraform.${config.env}.local.tfstate`
      : `terraform.${config.env}.tfstate`;
    new LocalBackend(stack, { path: `../../../${file}` });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: backend.key,
    region: backend.region,
    encrypt: true,
    dynamodbTable: backend.lock.kind === 'dynamodb' ? backend.lock.table : undefined,
  });
  // cdktf 0.21 predates S3-native locking (Terraform >= 1.10); set it as a raw override.
  if (backend.lock.kind === 'lockfile') s3.addOverride('use_lockfile', true);
}

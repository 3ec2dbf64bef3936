/**
 * docker-compose.yml cannot be run where this project is built (no Docker engine), so its
 * contract is checked here: pinned images equal localstack/images.ts, the token passes through,
 * services, ports, mounts and healthchecks are what the TypeScript side and the docs expect.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { COMPOSE_FILE, COMPOSE_SERVICES } from '../../../localstack/compose-services';
import { LOCALSTACK_IMAGE, LOCALSTACK_SERVICES, MOTO_IMAGE } from '../../../localstack/images';

const root = join(__dirname, '..', '..', '..');

const serviceSchema = z.object({
  image: z.string(),
  profiles: z.array(z.string()).optional(),
  ports: z.array(z.string()),
  environment: z.record(z.string(), z.string()).optional(),
  volumes: z.array(z.string()).optional(),
  healthcheck: z.object({ test: z.array(z.string()).min(2) }),
});
const composeSchema = z.object({ services: z.record(z.string(), serviceSchema) });

const compose = composeSchema.parse(parse(readFileSync(join(root, COMPOSE_FILE), 'utf8')));
const service = (name: string) => {
  const found = compose.services[name];
  if (!found) throw new Error(`${COMPOSE_FILE} has no service ${name}`);
  return found;
};
const localstack = service(COMPOSE_SERVICES.localstack.name);
const moto = service(COMPOSE_SERVICES.moto.name);

/** `source:target[:mode]` of a volume entry; the source may hold `${VAR:-default}`. */
const mount = (entry: string) => {
  const match = /^((?:\$\{[^}]*\}|[^:])+):([^:]+)(?::(\w+))?$/.exec(entry);
  if (!match) throw new Error(`unreadable volume entry: ${entry}`);
  return { source: match[1]!, target: match[2]!, mode: match[3] };
};

describe(COMPOSE_FILE, () => {
  it('pins exactly the images of localstack/images.ts', () => {
    expect(localstack.image).toBe(LOCALSTACK_IMAGE);
    expect(moto.image).toBe(MOTO_IMAGE);
    for (const { image } of Object.values(compose.services)) {
      expect(image).toMatch(/^[\w./-]+:\d+\.\d+\.\d+$/);
    }
  });

  it('passes LOCALSTACK_AUTH_TOKEN through, empty when unset', () => {
    expect(localstack.environment?.LOCALSTACK_AUTH_TOKEN).toBe('${LOCALSTACK_AUTH_TOKEN:-}');
  });

  it('loads exactly the LocalStack services of localstack/images.ts', () => {
    expect(localstack.environment?.SERVICES).toBe(LOCALSTACK_SERVICES.join(','));
  });

  it.each(Object.values(COMPOSE_SERVICES))(
    'publishes $name on loopback at the port compose-services.ts expects',
    (expected) => {
      const published = `127.0.0.1:\${${expected.hostPortVariable}:-${expected.defaultHostPort}}:${expected.containerPort}`;
      expect(service(expected.name).ports).toEqual([published]);
    },
  );

  it('starts LocalStack by default and moto only with its profile', () => {
    expect(localstack.profiles).toBeUndefined();
    expect(moto.profiles).toEqual([COMPOSE_SERVICES.moto.profile]);
  });

  it('gives LocalStack the Docker socket, so its Lambda can run functions in containers', () => {
    const socket = (localstack.volumes ?? [])
      .map(mount)
      .find((m) => m.target === '/var/run/docker.sock');
    expect(socket?.source).toBe('${HOST_DOCKER_SOCKET:-/var/run/docker.sock}');
    expect(moto.volumes).toBeUndefined();
  });

  it('mounts the READY hooks read-only from localstack/, each executable with a shebang', () => {
    const hooks = (localstack.volumes ?? [])
      .map(mount)
      .find((m) => m.target === '/etc/localstack/init/ready.d');
    expect(hooks).toMatchObject({ source: './localstack/init/ready.d', mode: 'ro' });
    const dir = join(root, hooks!.source);
    expect(statSync(dir).isDirectory()).toBe(true);
    const scripts = ['10-pipeline-ready.sh'].map((f) => join(dir, f));
    for (const script of scripts) {
      accessSync(script, constants.X_OK);
      expect(readFileSync(script, 'utf8')).toMatch(/^#!\/bin\/bash\n/);
    }
  });

  it('mounts only files that exist in the repository', () => {
    const binds = Object.values(compose.services)
      .flatMap((s) => s.volumes ?? [])
      .map(mount)
      .filter((m) => m.source.startsWith('./'));
    expect(binds.length).toBeGreaterThan(0);
    for (const { source } of binds) expect(() => statSync(join(root, source))).not.toThrow();
  });

  it('has healthchecks: LocalStack through its mounted script, moto through its API', () => {
    expect(localstack.healthcheck.test).toEqual(['CMD', 'bash', '/opt/pipeline/healthcheck.sh']);
    const script = (localstack.volumes ?? []).map(mount).find((m) => m.target.endsWith('.sh'));
    expect(script?.source).toBe('./localstack/healthcheck.sh');
    accessSync(join(root, script!.source), constants.X_OK);
    expect(moto.healthcheck.test.join(' ')).toContain(
      `localhost:${COMPOSE_SERVICES.moto.containerPort}/moto-api/`,
    );
  });
});

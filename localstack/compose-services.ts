/**
 * The services of docker-compose.yml as TypeScript needs them (endpoints on the host, images,
 * profiles). docker-compose.yml is the source for Docker; a unit test checks that the two agree,
 * so a port or image changed in one place and not the other fails the build.
 */
import { z } from 'zod';
import { parseEnv } from '../handlers/lib/config/parse-env';
import {
  LOCALSTACK_CONTAINER_PORT,
  LOCALSTACK_IMAGE,
  MOTO_CONTAINER_PORT,
  MOTO_IMAGE,
} from './images';

/** The compose file, relative to the repository root. */
export const COMPOSE_FILE = 'docker-compose.yml';

/** One emulator service of the compose file. */
export interface ComposeService {
  /** Service name in docker-compose.yml. */
  readonly name: string;
  readonly image: string;
  /** Compose profile that must be enabled for the service to start; none: starts by default. */
  readonly profile?: string;
  readonly containerPort: number;
  /** Host variable that moves the published port (compose interpolation), and its default. */
  readonly hostPortVariable: string;
  readonly defaultHostPort: number;
}

export const COMPOSE_SERVICES = {
  localstack: {
    name: 'localstack',
    image: LOCALSTACK_IMAGE,
    containerPort: LOCALSTACK_CONTAINER_PORT,
    hostPortVariable: 'LOCALSTACK_HOST_PORT',
    defaultHostPort: 4566,
  },
  moto: {
    name: 'moto',
    image: MOTO_IMAGE,
    profile: 'moto',
    containerPort: MOTO_CONTAINER_PORT,
    hostPortVariable: 'MOTO_HOST_PORT',
    defaultHostPort: 5000,
  },
} as const satisfies Record<string, ComposeService>;

export type ComposeBackend = keyof typeof COMPOSE_SERVICES;
export const COMPOSE_BACKENDS = Object.keys(COMPOSE_SERVICES) as ComposeBackend[];

const port = z.coerce.number().int().min(1).max(65_535);

/**
 * The URL on the host where a compose service answers: localhost and its published port (the
 * default, or the port its host variable moved it to). Fails naming the variable when that
 * variable is not a port.
 */
export function composeEndpoint(
  backend: ComposeBackend,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const service: ComposeService = COMPOSE_SERVICES[backend];
  const variable = service.hostPortVariable;
  const schema = z.object({ [variable]: port.default(service.defaultHostPort) });
  const parsed = parseEnv(schema, env, `${service.name} compose service`);
  return `http://localhost:${parsed[variable]}`;
}

import { DEVICES, PLACES } from './catalog';
import { hex8, mix32 } from './ids';
import type { Prng } from './prng';

/** Cumulative weights, for weighted picks with one random number. */
function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  weights.forEach((w, i) => {
    acc += w / total;
    out[i] = acc;
  });
  return out;
}
const DEVICE_CDF = cumulative(DEVICES.map((d) => d.weight));
const PLACE_CDF = cumulative(PLACES.map((p) => p.weight));

function weighted(cdf: Float64Array, u: number): number {
  for (let i = 0; i < cdf.length; i += 1) if (u < cdf[i]!) return i;
  return cdf.length - 1;
}

/** What stays the same across a user's visits. */
export interface User {
  readonly index: number;
  readonly id: string;
  readonly device: number;
  readonly place: number;
}

/**
 * A population of users with repeat visits: a few heavy users come back often, most visit once
 * or twice (a skewed pick), and each user keeps their id, device and city across visits and
 * dates of the same seed (derived by hashing, so nothing is stored per user).
 */
export class UserPopulation {
  private readonly seen: Uint8Array;

  constructor(
    private readonly seed: number,
    readonly size: number,
  ) {
    this.seen = new Uint8Array(size);
  }

  /** The user behind the next session; `isNew` is true on their first session of this stream. */
  visit(prng: Prng): { user: User; isNew: boolean } {
    const u = prng.float();
    const index = Math.floor(this.size * u * u * u);
    const isNew = this.seen[index] === 0;
    this.seen[index] = 1;
    return { user: this.user(index), isNew };
  }

  /** The stable attributes of user `index`. */
  user(index: number): User {
    const h = mix32(this.seed, index);
    return {
      index,
      id: `u-${hex8(mix32(h, 7))}${hex8(h).slice(0, 4)}`,
      device: weighted(DEVICE_CDF, mix32(h, 1) / 4294967296),
      place: weighted(PLACE_CDF, mix32(h, 2) / 4294967296),
    };
  }
}

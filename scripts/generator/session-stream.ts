import { PRODUCT_COUNT, TAGS, productId, type KnownEventType } from './catalog';
import type { EventRecord } from './event-record';
import { uuidFrom } from './ids';
import type { Prng } from './prng';
import { DAY_MS } from './timestamps';
import type { User, UserPopulation } from './users';

interface Session {
  readonly id: string;
  readonly user: User;
  readonly isNew: boolean;
  readonly startMs: number;
  nowMs: number;
  pageViews: number;
  step: KnownEventType | undefined;
  product: number;
  steps: number;
}

const PRODUCT_PAGES = Array.from({ length: PRODUCT_COUNT }, (_, i) => `/products/${productId(i)}`);

/** Sessions open at once; events of different sessions interleave like a real stream. */
const OPEN_SESSIONS = 12;
const MAX_STEPS = 40;
/** Sessions start early enough in the day to finish on it. */
const LAST_START_MS = DAY_MS - 3 * 3_600_000;

/**
 * The funnel: a session starts with a login or a view, browses items, sometimes adds one to
 * the cart and sometimes buys it. Gives many views, fewer carts and the fewest purchases.
 */
function nextStep(prev: KnownEventType | undefined, u: number): KnownEventType | undefined {
  switch (prev) {
    case undefined:
      return u < 0.45 ? 'login' : 'view_item';
    case 'login':
      return 'view_item';
    case 'view_item':
      return u < 0.2 ? 'add_to_cart' : u < 0.86 ? 'view_item' : undefined;
    case 'add_to_cart':
      return u < 0.38 ? 'purchase' : u < 0.85 ? 'view_item' : undefined;
    case 'purchase':
      return u < 0.3 ? 'view_item' : undefined;
  }
}

/**
 * An endless stream of realistic app events for one ingestion date: interleaved user sessions
 * following the funnel, each event filling the caller's record (no allocation per event
 * beyond its ids).
 */
export class SessionStream {
  private readonly open: Session[] = [];

  constructor(
    private readonly prng: Prng,
    private readonly users: UserPopulation,
  ) {}

  /** Fills `rec` with the next event. */
  next(rec: EventRecord): void {
    const prng = this.prng;
    while (this.open.length < OPEN_SESSIONS) this.open.push(this.startSession());
    const slot = prng.int(this.open.length);
    let s = this.open[slot]!;
    let step = s.steps >= MAX_STEPS ? undefined : nextStep(s.step, prng.float());
    if (step === undefined) {
      s = this.open[slot] = this.startSession();
      step = nextStep(undefined, prng.float()) ?? 'view_item';
    }
    const gap = 1500 + prng.int(90_000);
    s.nowMs = Math.min(s.nowMs + gap, DAY_MS - 1);
    s.steps += 1;
    s.step = step;
    if (step === 'view_item') {
      s.pageViews += 1;
      const r = prng.float();
      s.product = Math.floor(PRODUCT_COUNT * r * r);
    }
    const commerce = step === 'add_to_cart' || step === 'purchase';
    rec.eventId = uuidFrom(prng);
    rec.eventType = step;
    rec.userId = s.user.id;
    rec.daysLate = 0;
    rec.msOfDay = s.nowMs;
    rec.sessionId = s.id;
    rec.sessionStartMs = s.startMs;
    rec.isNew = s.isNew;
    rec.pageViews = s.pageViews;
    rec.device = s.user.device;
    rec.place = s.user.place;
    rec.durationMs = Math.floor(gap * (0.3 + 0.6 * prng.float()));
    rec.scrollPct = step === 'login' ? 0 : prng.int(101);
    rec.clicks = prng.int(step === 'view_item' ? 9 : 4);
    rec.product = step === 'login' ? -1 : s.product;
    rec.page =
      step === 'login'
        ? '/login'
        : step === 'purchase'
          ? '/checkout/complete'
          : step === 'add_to_cart'
            ? '/cart'
            : PRODUCT_PAGES[s.product]!;
    rec.quantity = commerce ? 1 + (prng.next() % 3) : 0;
    rec.tagMask = rec.product < 0 ? 0 : this.tags();
  }

  /** Each tag with probability 5/32, from one 32-bit draw. */
  private tags(): number {
    const bits = this.prng.next();
    let mask = 0;
    for (let i = 0; i < TAGS.length; i += 1) if (((bits >>> (i * 5)) & 31) < 5) mask |= 1 << i;
    return mask;
  }

  private startSession(): Session {
    const { user, isNew } = this.users.visit(this.prng);
    const startMs = this.prng.int(LAST_START_MS);
    return {
      id: uuidFrom(this.prng),
      user,
      isNew,
      startMs,
      nowMs: startMs,
      pageViews: 0,
      step: undefined,
      product: -1,
      steps: 0,
    };
  }
}

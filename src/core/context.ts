import type { Clock } from './shared/clock.ts';
import type { Random } from './shared/random.ts';
import type { PasswordHasher } from './crypto/password-hasher.ts';
import type { SecretBox } from './crypto/secret-box.ts';
import type { Store } from './store/store.ts';

/** Everything a core service depends on, handed in by the composition root. */
export interface CoreContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: Random;
  readonly hasher: PasswordHasher;
  readonly secrets: SecretBox;
}

/**
 * Compile-time checks that a hand-declared public type and the type zod infers from its schema
 * agree. The SDK's public option and row types are declared as interfaces (so `deno doc` can
 * show and lint them without resolving zod's npm types), while the zod schema stays the single
 * source of defaults and validation; each pair is pinned with
 * `const _check: SameType<Declared, z.input<typeof Schema>> = true;`, which fails `deno check`
 * when the two drift: a missing or extra key, an optional key made required, a changed type.
 *
 * Internal: not exported from `mod.ts`.
 *
 * @module
 */

/** `true` when `A` and `B` have the same keys and each is assignable to the other. */
export type SameType<A, B> = [A] extends [B] ? [B] extends [A] ? SameKeys<A, B> : false
  : false;

/** `true` when `A` and `B` have the same keys, optional ones included, and the same optionality. */
type SameKeys<A, B> = [keyof A] extends [keyof B]
  ? [keyof B] extends [keyof A]
    ? [OptionalKeys<A>] extends [OptionalKeys<B>]
      ? [OptionalKeys<B>] extends [OptionalKeys<A>] ? true : false
    : false
  : false
  : false;

/** The optional keys of `T`. */
type OptionalKeys<T> = {
  [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? K : never;
}[keyof T];

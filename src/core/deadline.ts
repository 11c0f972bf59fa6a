/**
 * `work`, or the rejection `late()` once `ms` have passed. The work itself is not cancelled: it is
 * left to settle unobserved (its own rejection is still handled, by the race).
 */
export function withinMs<T>(work: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

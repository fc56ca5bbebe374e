/**
 * Resolves once `check` holds, asking every 20 ms; rejects after `timeoutMs` naming `what` it
 * waited for. For conditions reached by another process or the broker, never for timing.
 */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

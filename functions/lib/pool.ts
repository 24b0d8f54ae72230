/**
 * `fn` over `items` with at most `size` calls at once, the results in the items' order: for reads that
 * fan out over a list that grows with the data (every exam's counters), so one request never queues
 * thousands of DynamoDB calls at once.
 */
export async function mapPooled<T, R>(
  items: readonly T[],
  size: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
  return out;
}

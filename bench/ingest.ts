/** Ingest benchmark: see bench/run.ts. Uses the Aster stream normalizer on recorded-shape depth frames. */
export async function ingestBench(frames: number): Promise<{ frames: number; parseOnlyPerSec: number; fullPerSec: number }> {
  const path = '../src/venues/aster/ingest-bench.js';
  const mod = (await import(path).catch(() => null)) as null | {
    benchFrames(n: number): string[];
    makeIngest(): (text: string) => void;
  };
  if (!mod) throw new Error('src/venues/aster/ingest-bench.ts is missing (Aster connector not built)');
  const texts = mod.benchFrames(frames);
  let t0 = performance.now();
  let sink = 0;
  for (const t of texts) sink += (JSON.parse(t) as { E?: number }).E ?? 0;
  const parseOnly = frames / ((performance.now() - t0) / 1000);
  const ingest = mod.makeIngest();
  t0 = performance.now();
  for (const t of texts) ingest(t);
  const full = frames / ((performance.now() - t0) / 1000);
  if (sink < 0) throw new Error('unreachable');
  return { frames, parseOnlyPerSec: parseOnly, fullPerSec: full };
}

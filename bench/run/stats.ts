// Summaries of repeated measurements: the median, and the spread around it.

export interface Summary {
  median: number;
  min: number;
  max: number;
  p10: number;
  p90: number;
  samples: number;
}

/** Linear interpolation between closest ranks, so small sample counts still give sensible percentiles. */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (sorted.length - 1) * fraction;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 0.5),
    min: sorted[0] ?? NaN,
    max: sorted.at(-1) ?? NaN,
    p10: percentile(sorted, 0.1),
    p90: percentile(sorted, 0.9),
    samples: sorted.length,
  };
}

/** ours / theirs; NaN when there is nothing to compare against. */
export function ratio(ours: number, theirs: number): number {
  return theirs > 0 ? ours / theirs : NaN;
}

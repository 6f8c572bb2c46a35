type MetricType = 'DGAUGE' | 'IGAUGE';

interface MetricPoint {
  name: string;
  type: MetricType;
  value: number;
}

/** The figures one invocation reports; set again, a figure keeps its last value. All go out in one write. */
export class MetricsRecorder {
  private readonly points = new Map<string, MetricPoint>();

  gauge(name: string, value: number): void {
    this.points.set(name, { name, type: 'DGAUGE', value });
  }

  count(name: string, value: number): void {
    this.points.set(name, { name, type: 'IGAUGE', value: Math.round(value) });
  }

  list(): MetricPoint[] {
    return [...this.points.values()];
  }
}

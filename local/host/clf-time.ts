// requestContext.requestTime. Real events show the day unpadded (`1/Sep/2021:…`, `31/Jan/2020:12:06:23 +0000`),
// i.e. Go's `2/Jan/2006:15:04:05 -0700` layout in UTC.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

export function formatClfTime(date: Date): string {
  const day = `${date.getUTCDate()}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${day}:${time} +0000`;
}

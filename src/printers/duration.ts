// Go's k8s.io/apimachinery/pkg/util/duration, as kube-apiserver's printers use it for Age cells.
// Durations are milliseconds here; Go truncates toward zero at every int() conversion, so this
// does too (Math.trunc), which is what makes "1m59s" vs "2m" flip at the same instant as Go.

/** A timestamp as found in stored JSON (RFC 3339 string) or as client libraries hand it out (Date). */
export type Timestamp = string | Date | null | undefined;

/** metav1.Time's zero value, 0001-01-01T00:00:00Z, which Go's IsZero() treats like an absent time.
 * A literal because Date.UTC() maps year 1 to 1901. */
const GO_ZERO_TIME_MS = -62_135_596_800_000;

/** Milliseconds since the epoch, or undefined when the time is absent, unparsable or Go's zero time. */
export function timestampMillis(t: Timestamp): number | undefined {
  if (t === null || t === undefined || t === '') return undefined;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  if (Number.isNaN(ms) || ms === GO_ZERO_TIME_MS) return undefined;
  return ms;
}

/** duration.ShortHumanDuration: one unit only ("46s", "5m", "3h", "12d", "2y"). */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  // Up to 2s in the future counts as "now", to tolerate clock skew between machines.
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** duration.HumanDuration: ~2-3 significant figures ("46s", "5m12s", "3h4m", "2d3h", "45d", "3y20d"). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const dy = days % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/** printers.go translateTimestampSince: HumanDuration(now - t), "<unknown>" for an absent time. */
export function timestampSince(t: Timestamp, now: Date): string {
  const ms = timestampMillis(t);
  if (ms === undefined) return '<unknown>';
  return humanDuration(now.getTime() - ms);
}

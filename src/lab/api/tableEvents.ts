// The Table cells of a core/v1 Event, as printers.go's printEvent fills them (wide).

import { timestampMillis, timestampSince, type Timestamp } from '../../printers/duration.js';
import type { JsonObject, Meta, RowCells } from './tableCells.js';

interface EventObject extends Meta {
  involvedObject?: { kind?: string; name?: string; fieldPath?: string } | null;
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string } | null;
  firstTimestamp?: Timestamp;
  lastTimestamp?: Timestamp;
  count?: number;
  type?: string;
  eventTime?: Timestamp;
  series?: { count?: number; lastObservedTime?: Timestamp } | null;
  reportingComponent?: string;
  reportingInstance?: string;
}

/** printEvent's wide cells: Last Seen, Type, Reason, Object, Subobject, Source, Message, First Seen,
 * Count, Name. */
export function eventCells(item: JsonObject, now: Date): RowCells {
  const e = item as EventObject;
  // Events written through events.k8s.io have eventTime/series instead of the old timestamps.
  const hasFirst = timestampMillis(e.firstTimestamp) !== undefined;
  const first = hasFirst ? timestampSince(e.firstTimestamp, now) : timestampSince(e.eventTime, now);
  let last = timestampMillis(e.lastTimestamp) === undefined ? first : timestampSince(e.lastTimestamp, now);
  let count = e.count ?? 0;
  if (e.series) {
    last = timestampSince(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    count = 1;
  }
  const kind = (e.involvedObject?.kind ?? '').toLowerCase();
  const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  const source = instance ? `${component}, ${instance}` : component;
  const message = (e.message ?? '').trim();
  const fieldPath = e.involvedObject?.fieldPath ?? '';
  // Count is an int64 in Go's cell list, so it is the one number among the strings.
  return {
    cells: [last, e.type ?? '', e.reason ?? '', target, fieldPath, source, message, first, count, e.metadata?.name ?? ''],
  };
}

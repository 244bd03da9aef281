// A request's label and field selectors joined into one predicate over stored objects.
import { parseFieldSelector } from './fieldSelectors.js';
import { parseLabelSelector } from './selectors.js';
import type { KubeObject } from '../store/kubeObject.js';

export interface Filter {
  matches: (obj: KubeObject) => boolean;
  /** True when no selector narrows the list (the apiserver then reports remainingItemCount). */
  everything: boolean;
}

/** Throws the selector parsers' errors, which the caller answers as 400 BadRequest. */
export function filterOf(resource: string, query: URLSearchParams, namespace?: string): Filter {
  const labelText = query.get('labelSelector') ?? '';
  const fieldText = query.get('fieldSelector') ?? '';
  const labels = labelText !== '' ? parseLabelSelector(labelText) : undefined;
  const fields = fieldText !== '' ? parseFieldSelector(fieldText, resource) : undefined;
  return {
    everything: !labels && !fields,
    matches: (obj) =>
      (namespace === undefined || obj.metadata.namespace === namespace) &&
      (!labels || labels(obj.metadata.labels)) &&
      (!fields || fields(obj)),
  };
}

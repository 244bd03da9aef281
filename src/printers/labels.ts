// Selector and label-map formatting exactly as k8s.io/apimachinery prints them in Table cells:
// labels.FormatLabels (Service "Selector") and metav1.FormatLabelSelector (NetworkPolicy
// "Pod-Selector"). Both print "<none>" for an empty result.

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[] | null;
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

// Go sorts strings by bytes; for the ASCII that label keys and values allow this is code-unit order.
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** labels.FormatLabels: "k1=v1,k2=v2" sorted by key, or "<none>". */
export function formatLabels(map: Record<string, string> | null | undefined): string {
  const keys = Object.keys(map ?? {}).sort(byCodeUnit);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${map![k]}`).join(',');
}

const OPERATORS: Record<string, string> = { In: ' in ', NotIn: ' notin ', Exists: '', DoesNotExist: '' };

/** metav1.FormatLabelSelector: "app=web,tier in (a,b),!legacy", or "<none>" for empty/nil,
 * "<error>" when an operator is not one of the four LabelSelector operators. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  for (const expr of selector?.matchExpressions ?? []) {
    const op = OPERATORS[expr.operator];
    const count = expr.values?.length ?? 0;
    // labels.NewRequirement rejects these, so LabelSelectorAsSelector fails and Go prints "<error>".
    if (op === undefined || (op === '' ? count !== 0 : count === 0)) return '<error>';
    if (expr.operator === 'Exists') requirements.push({ key: expr.key, text: expr.key });
    else if (expr.operator === 'DoesNotExist') requirements.push({ key: expr.key, text: `!${expr.key}` });
    else {
      // Requirement.String() sorts multiple values for output; a single value is printed as is.
      const values = [...(expr.values ?? [])];
      if (values.length > 1) values.sort(byCodeUnit);
      requirements.push({ key: expr.key, text: `${expr.key}${op}(${values.join(',')})` });
    }
  }
  // internalSelector.Add sorts requirements by key; Array.prototype.sort is stable, so equal keys
  // keep matchLabels-then-matchExpressions order (Go's sort.Sort leaves that order unspecified).
  requirements.sort((a, b) => byCodeUnit(a.key, b.key));
  const text = requirements.map((r) => r.text).join(',');
  return text === '' ? '<none>' : text;
}

// `e`: create the Service an ExposePlan describes, as `kubectl expose pod` would (labels and
// selector from the pod, one port). Failures come back as the apiserver's status in an ApiError,
// so kubeErrors.classify words them like every other API failure (RBAC's 403 included).
import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import type { Session } from './session.js';
import { ApiError } from './request.js';
import { cleanText } from '../state/sanitize.js';
import type { ExposePlan } from '../state/servicesModel.js';

export interface ExposedService {
  name: string;
  namespace: string;
  clusterIP: string;
  port: number;
}

export function serviceManifest(plan: ExposePlan) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: plan.name, namespace: plan.namespace, labels: { ...plan.selector } },
    spec: {
      type: 'ClusterIP',
      selector: { ...plan.selector },
      ports: [{ port: plan.port, targetPort: plan.targetPort, protocol: plan.protocol }],
    },
  };
}

export async function createService(session: Session, plan: ExposePlan): Promise<ExposedService> {
  const api = session.kc.makeApiClient(CoreV1Api);
  try {
    const svc = await api.createNamespacedService({ namespace: plan.namespace, body: serviceManifest(plan) });
    return { name: plan.name, namespace: plan.namespace, clusterIP: cleanText(svc.spec?.clusterIP), port: plan.port };
  } catch (e) {
    if (e instanceof ApiException) {
      const body = typeof e.body === 'string' ? parse(e.body) : (e.body as ApiError['body']);
      throw new ApiError(e.code, `/api/v1/namespaces/${plan.namespace}/services`, body);
    }
    throw e;
  }
}

function parse(text: string): ApiError['body'] {
  try {
    return JSON.parse(text) as ApiError['body'];
  } catch {
    return undefined;
  }
}

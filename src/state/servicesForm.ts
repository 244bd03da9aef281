// The `F` form (local port, remote port, address) -> a ForwardSpec, or one sentence saying which
// field is wrong. Pure.
import { isIP } from 'node:net';
import type { ForwardSpec } from '../forward/types.js';
import { isLoopback, type FormField, type ServicesDialog } from './servicesModel.js';

type Form = Extract<ServicesDialog, { kind: 'form' }>;

/** What each field accepts as typed (the rest of a key run is dropped). */
export function acceptsChar(field: FormField, ch: string): boolean {
  return field === 'address' ? /^[0-9A-Za-z.:[\]-]$/.test(ch) : /^[0-9]$/.test(ch);
}

export function formSpec(form: Form): { spec: ForwardSpec } | { error: string } {
  const remote = form.values.remote.trim();
  const local = form.values.local.trim();
  const address = form.values.address.trim();
  const remotePort = Number(remote);
  if (!/^\d+$/.test(remote) || remotePort < 1 || remotePort > 65535) return { error: 'The remote port must be a number from 1 to 65535.' };
  const localPort = local === '' ? 0 : Number(local);
  if (!/^\d*$/.test(local) || localPort > 65535) return { error: 'The local port must be a number up to 65535 (empty or 0: the remote number if free, else any).' };
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  if (address === '' || (address !== 'localhost' && isIP(bare) === 0)) return { error: `The address "${address}" is not an IP address (127.0.0.1 keeps the forward to this machine).` };
  return { spec: { target: form.target, remotePort, localPort, address: isLoopback(address) && address === 'localhost' ? '127.0.0.1' : bare } };
}

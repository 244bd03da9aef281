// The address lists of Endpoints and EndpointSlice Table cells: printers.go's formatEndpoints,
// formatDiscoveryPorts and formatDiscoveryEndpoints, each capped at three entries plus
// " + N more...".

const MAX = 3;

interface EndpointsObject {
  subsets?: readonly {
    addresses?: readonly { ip: string }[] | null;
    ports?: readonly { port: number }[] | null;
  }[] | null;
}

interface EndpointSliceObject {
  ports?: readonly { port?: number | null; name?: string | null }[] | null;
  endpoints?: readonly { addresses?: readonly string[] | null }[] | null;
}

/** net.JoinHostPort: IPv6 literals get brackets. */
const joinHostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** formatEndpoints(endpoints, nil): "10.0.0.1:80,10.0.0.2:80 + 4 more...", "<none>" without subsets. */
export function endpointsText(item: unknown): string {
  const subsets = (item as EndpointsObject).subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // Headless services may publish endpoints without ports: bare IPs then.
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === MAX) {
          more = true;
          break;
        }
        list.push(addr.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === MAX) {
          more = true;
          break;
        }
        list.push(joinHostPort(addr.ip, port.port));
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - MAX} more...` : text;
}

/** listWithMoreString: like formatEndpoints but "<unset>" when there is nothing at all. */
function listWithMore(list: string[], more: boolean, count: number): string {
  const text = list.join(',');
  if (more) return `${text} + ${count - MAX} more...`;
  return text === '' ? '<unset>' : text;
}

/** formatDiscoveryPorts: port numbers, the port name when the number is unset, "*" for all ports. */
export function endpointSlicePortsText(item: unknown): string {
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const port of (item as EndpointSliceObject).ports ?? []) {
    if (list.length < MAX) {
      list.push(port.port != null ? String(port.port) : port.name != null ? port.name : '*');
    } else if (list.length === MAX) {
      more = true;
    }
    count++;
  }
  return listWithMore(list, more, count);
}

/** formatDiscoveryEndpoints: every address of every endpoint, ready or not. */
export function endpointSliceEndpointsText(item: unknown): string {
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const endpoint of (item as EndpointSliceObject).endpoints ?? []) {
    for (const address of endpoint.addresses ?? []) {
      if (list.length < MAX) list.push(address);
      else if (list.length === MAX) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count);
}

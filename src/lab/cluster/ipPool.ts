// Pod IPs from one node's /24 (or larger) pod CIDR. Addresses are handed out round-robin, so a
// pod that is recreated gets a new IP, as on a real node.

export class IpPool {
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Set<number>();
  private next = 2; // .0 is the network, .1 the node's bridge

  constructor(cidr: string) {
    const [addr, bits] = cidr.split('/');
    this.base = ipToInt(addr!);
    this.size = 2 ** (32 - Number(bits));
  }

  get capacity(): number {
    return this.size - 3;
  }

  get gateway(): string {
    return intToIp(this.base + 1);
  }

  allocate(): string | undefined {
    for (let tries = 0; tries < this.size; tries++) {
      const offset = this.next;
      this.next = this.next + 1 >= this.size - 1 ? 2 : this.next + 1;
      if (!this.used.has(offset)) {
        this.used.add(offset);
        return intToIp(this.base + offset);
      }
    }
    return undefined;
  }

  release(ip: string): void {
    this.used.delete(ipToInt(ip) - this.base);
  }
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

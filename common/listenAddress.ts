import type { Server } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * The origin a process reaches its own listener on: the address it actually listens on, or the
 * loopback of that family when it listens on every address. `127.0.0.1` is wrong whenever HOST names
 * one address (a pod's or a host's own interface, or another loopback address such as 127.0.0.2).
 */
export function ownOrigin(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  if (address === '0.0.0.0') return `http://127.0.0.1:${port}`;
  if (address === '::') return `http://[::1]:${port}`;
  return address.includes(':') ? `http://[${address}]:${port}` : `http://${address}:${port}`;
}

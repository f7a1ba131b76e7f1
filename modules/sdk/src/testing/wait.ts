import net from 'node:net';

export const natsUrl = () => process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** Is a NATS server reachable? (CI always has one; a fresh laptop may not.) */
export function natsAvailable(url = natsUrl()): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 4222) });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** Poll until `check` stops throwing (discovery and durable delivery are asynchronous). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15000, intervalMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < end) {
    try {
      return await check();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
  throw lastError;
}

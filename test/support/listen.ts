import type { Server } from "node:http";
import net from "node:net";
import type { Express } from "express";

/** A free loopback port (taken then released: a child process binds it right after). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** An app listening on a free port: its URL, and a close that does not wait for keep-alive clients. */
export interface Listening {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function listenOnFreePort(app: Express): Promise<Listening> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, () => resolve(s));
  });
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

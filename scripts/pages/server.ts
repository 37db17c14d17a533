/** A static server on 127.0.0.1 for local news pages (demo, real-browser tests, bench). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  origin: string;
  url: (path: string) => string;
  close: () => Promise<void>;
}

/**
 * The strictest policy a news site might send: no inline script or style, nothing from anywhere
 * but the page's own origin. The extension must work under it (its marks, its card).
 */
export const STRICT_CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'";
/** Any page under this prefix is served with STRICT_CSP: `/csp/articles/x.html` is `/articles/x.html`. */
export const CSP_PREFIX = '/csp';

/** Serves `pages` (path → HTML), also under CSP_PREFIX; other paths get 404. Port 0 picks a free port. */
export async function servePages(pages: Record<string, string>, port = 0): Promise<PageServer> {
  const server: Server = createServer((req, res) => {
    let path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
    if (path.startsWith(`${CSP_PREFIX}/`)) {
      path = path.slice(CSP_PREFIX.length);
      headers['content-security-policy'] = STRICT_CSP;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const html = pages[path];
    res.writeHead(html === undefined ? 404 : 200, headers);
    res.end(html ?? '<!doctype html><title>Not found</title><p>Not found</p>');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

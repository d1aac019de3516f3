import type { Hono } from 'hono';

type App = Pick<Hono, 'request'>;

export interface Page {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/**
 * A browser-less visitor of the console: keeps its cookies, posts forms as a browser does
 * (urlencoded, same-origin Origin header), and reads the hidden fields of the last page.
 */
export class Visitor {
  private readonly cookies = new Map<string, string>();
  last: Page | undefined;

  constructor(
    private readonly app: App,
    private readonly origin = 'http://localhost',
  ) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private keep(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (!name) continue;
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim())) || value.join('=') === '';
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
  }

  private header(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  async get(path: string): Promise<Page> {
    const res = await this.app.request(`${this.origin}${path}`, { headers: this.header() });
    this.keep(res.headers);
    this.last = { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') };
    return this.last;
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
    const res = await this.app.request(`${this.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin, ...this.header(), ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    this.keep(res.headers);
    this.last = { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') };
    return this.last;
  }

  /** Posts a multipart form with one file, as a browser sends a file input (same-origin Origin header). */
  async upload(path: string, fields: Record<string, string>, file: { name: string; bytes: Uint8Array; type?: string } | undefined): Promise<Page> {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    if (file) body.append('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type ?? 'application/octet-stream' }), file.name);
    const res = await this.app.request(`${this.origin}${path}`, { method: 'POST', headers: { origin: this.origin, ...this.header() }, body });
    this.keep(res.headers);
    this.last = { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') };
    return this.last;
  }

  /** A hidden field of the last page (the first of that name, or the one inside the form posting to `action`). */
  hidden(name: string, action?: string): string {
    let text = this.last?.text ?? '';
    if (action) {
      const at = text.indexOf(`action="${action}"`);
      if (at < 0) throw new Error(`no form posting to ${action}`);
      text = text.slice(at);
    }
    const match = new RegExp(`name="${name.replace(/\./g, '\\.')}"[^>]*? value="([^"]*)"`).exec(text);
    if (!match?.[1]) throw new Error(`no hidden field ${name}`);
    return match[1];
  }

  /** Signs in with the development form; follows nothing. */
  async signIn(role: string, name: string, agencyId?: string): Promise<Page> {
    await this.get('/login');
    return this.post('/login', { _csrf: this.hidden('_csrf'), next: '/', role, name, ...(agencyId ? { agencyId } : {}) });
  }
}

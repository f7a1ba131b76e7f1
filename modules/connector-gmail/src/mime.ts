/**
 * Reading a Gmail message (headers, text and HTML bodies, attachments) and writing a reply as
 * an RFC 5322 message with `In-Reply-To`/`References` and a "Re: " subject that does not stack.
 */
import { convert } from 'html-to-text';
import type { GmailMessage, GmailPart } from './gmail-api';

export const header = (part: GmailPart, name: string): string =>
  part.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? '';

/** `"Priya N" <priya@bloomandco.com>` → `{ name: 'Priya N', address: 'priya@bloomandco.com' }`. */
export function parseAddress(value: string): { name: string; address: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  if (m) return { name: m[1]!.trim(), address: m[2]!.trim().toLowerCase() };
  return { name: '', address: value.trim().toLowerCase() };
}
export const addressList = (value: string): string[] =>
  value
    .split(',')
    .map((v) => parseAddress(v).address)
    .filter((a) => a.includes('@'));

const decode = (data: string | undefined) => (data ? Buffer.from(data, 'base64url').toString('utf8') : '');

function walk(
  part: GmailPart,
  out: { text: string; html: string; files: { name: string; size: number; contentType?: string; ref?: string }[] },
) {
  if (part.filename && part.body?.attachmentId) {
    out.files.push({
      name: part.filename.slice(0, 300),
      size: part.body.size ?? 0,
      contentType: part.mimeType,
      ref: part.body.attachmentId,
    });
    return;
  }
  if (part.mimeType === 'text/plain' && !out.text) out.text = decode(part.body?.data);
  else if (part.mimeType === 'text/html' && !out.html) out.html = decode(part.body?.data);
  for (const p of part.parts ?? []) walk(p, out);
}

export interface ReadMessage {
  from: { name: string; address: string };
  to: string[];
  cc: string[];
  subject: string;
  messageIdHeader: string;
  references: string;
  text: string;
  html: string | null;
  sentAt: Date;
  attachments: { name: string; size: number; contentType?: string; ref?: string }[];
}

export function readMessage(m: GmailMessage): ReadMessage {
  const out = { text: '', html: '', files: [] as ReadMessage['attachments'] };
  walk(m.payload, out);
  const text = out.text || (out.html ? convert(out.html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }] }) : '');
  return {
    from: parseAddress(header(m.payload, 'From')),
    to: addressList(header(m.payload, 'To')),
    cc: addressList(header(m.payload, 'Cc')),
    subject: header(m.payload, 'Subject'),
    messageIdHeader: header(m.payload, 'Message-ID') || header(m.payload, 'Message-Id'),
    references: header(m.payload, 'References'),
    text: text.slice(0, 100_000),
    html: out.html ? out.html.slice(0, 500_000) : null,
    sentAt: new Date(Number(m.internalDate ?? Date.now())),
    attachments: out.files.slice(0, 50),
  };
}

/** "Re: " once, whatever the incoming subject already carries (Re:, RE:, Aw:, Sv:, several times). */
export function replySubject(subject: string): string {
  const bare = subject.replace(/^(\s*(re|aw|sv|antw)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();
  return `Re: ${bare}`;
}

/** Header values cannot carry line breaks (header injection). */
const clean = (v: string) => v.replace(/[\r\n]+/g, ' ').trim();

export function buildReply(opts: {
  from: string;
  to: string;
  subject: string;
  inReplyTo?: string;
  references?: string;
  text: string;
  messageId: string;
}): string {
  const domain = opts.from.split('@')[1] ?? 'audienceos.local';
  const refs = [opts.references ?? '', opts.inReplyTo ?? ''].join(' ').trim();
  const lines = [
    `From: ${clean(opts.from)}`,
    `To: ${clean(opts.to)}`,
    `Subject: ${clean(replySubject(opts.subject))}`,
    `Message-ID: <${opts.messageId}@${clean(domain)}>`,
    ...(opts.inReplyTo ? [`In-Reply-To: ${clean(opts.inReplyTo)}`] : []),
    ...(refs ? [`References: ${clean(refs)}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(opts.text, 'utf8')
      .toString('base64')
      .replace(/(.{76})/g, '$1\r\n'),
  ];
  return lines.join('\r\n');
}

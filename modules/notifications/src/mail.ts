/**
 * Email through SMTP (nodemailer). Configured from the environment: `SMTP_URL`
 * (e.g. `smtp://user:pass@host:587`) or `SMTP_HOST` + `SMTP_PORT` (+ `SMTP_USER`, `SMTP_PASS`,
 * `SMTP_SECURE=true` for implicit TLS); `SMTP_FROM` is the sender. Email is off when neither
 * `SMTP_URL` nor `SMTP_HOST` is set: notifications then stay in-app only.
 */
import nodemailer, { type Transporter } from 'nodemailer';

let cached: { key: string; transport: Transporter } | null = null;

function configKey(): string | null {
  const e = process.env;
  if (e.SMTP_URL) return `url|${e.SMTP_URL}`;
  if (e.SMTP_HOST) return `host|${e.SMTP_HOST}|${e.SMTP_PORT ?? ''}|${e.SMTP_USER ?? ''}|${e.SMTP_PASS ?? ''}|${e.SMTP_SECURE ?? ''}`;
  return null;
}

/** Is email delivery configured (SMTP_URL or SMTP_HOST)? */
export function mailEnabled(): boolean {
  return configKey() !== null;
}

function transport(): Transporter {
  const key = configKey();
  if (!key) throw new Error('SMTP is not configured');
  if (cached?.key === key) return cached.transport;
  const e = process.env;
  const t = e.SMTP_URL
    ? nodemailer.createTransport(e.SMTP_URL)
    : nodemailer.createTransport({
        host: e.SMTP_HOST,
        port: Number(e.SMTP_PORT ?? 587),
        secure: e.SMTP_SECURE === 'true',
        ...(e.SMTP_USER ? { auth: { user: e.SMTP_USER, pass: e.SMTP_PASS ?? '' } } : {}),
      });
  cached?.transport.close();
  cached = { key, transport: t };
  return t;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Send one plain-text mail; rejects with the SMTP error (the caller counts attempts). */
export async function sendMail(mail: Mail): Promise<void> {
  const from = process.env.SMTP_FROM || 'AudienceOS <no-reply@audienceos.local>';
  await transport().sendMail({ from, to: mail.to, subject: mail.subject.slice(0, 200), text: mail.text });
}

/** Absolute link for a mail: `PUBLIC_URL` (the shell's origin) + the record's shell path. */
export function absoluteUrl(path: string): string {
  const base = (process.env.PUBLIC_URL ?? '').replace(/\/$/, '');
  return base ? base + path : path;
}

/**
 * Email HTML, sanitised in the browser with DOMPurify before it is rendered: no scripts, no
 * event handlers, no forms or frames, no remote images (tracking pixels) — nothing executable
 * reaches the page. Links open in a new tab without the opener.
 */
import DOMPurify from 'dompurify';
import { useMemo } from 'react';

const FORBID_TAGS = [
  'style',
  'form',
  'input',
  'button',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'img',
  'video',
  'audio',
  'link',
  'meta',
  'base',
];

export function sanitizeEmailHtml(html: string): string {
  const clean = DOMPurify.sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR: ['style', 'srcset', 'background'],
    ALLOW_DATA_ATTR: false,
    RETURN_TRUSTED_TYPE: false,
  }) as string;
  const doc = new DOMParser().parseFromString(`<div>${clean}</div>`, 'text/html');
  doc.querySelectorAll('a').forEach((a) => {
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer nofollow');
  });
  return doc.body.firstElementChild?.innerHTML ?? '';
}

export function SafeHtml({ html }: { html: string }) {
  const clean = useMemo(() => sanitizeEmailHtml(html), [html]);
  return <div className="ib-html" data-testid="message-html" dangerouslySetInnerHTML={{ __html: clean }} />;
}

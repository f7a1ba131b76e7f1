/**
 * A document's preview. Nothing from a document runs in the page: Markdown is rendered by
 * `marked` and, like DOCX/HTML, sanitised with DOMPurify (no scripts, handlers or forms);
 * a PDF opens in the browser's viewer through a short-lived signed link.
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';
import type { Preview } from './api';

const clean = (html: string) => DOMPurify.sanitize(html, { FORBID_TAGS: ['style', 'form', 'iframe', 'object', 'embed'], FORBID_ATTR: ['style'] });

export function DocumentPreview({ preview }: { preview: Preview }) {
  const html = useMemo(() => {
    if (preview.format === 'markdown') return clean(marked.parse(preview.markdown, { async: false }) as string);
    if (preview.format === 'html') return clean(preview.html);
    return null;
  }, [preview]);
  if (preview.format === 'pdf') return <iframe className="kb-pdf" title="PDF preview" src={preview.url} data-testid="kb-pdf" />;
  if (html !== null) return <article className="kb-prose" data-testid="kb-preview" dangerouslySetInnerHTML={{ __html: html }} />;
  return (
    <pre className="kb-text" data-testid="kb-preview">
      {preview.format === 'text' ? preview.text : ''}
    </pre>
  );
}

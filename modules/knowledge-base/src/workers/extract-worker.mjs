// Text extraction of one file, in its own worker thread: the parent kills it after the time
// limit and caps its heap, so a hostile or broken file can neither hang nor crash the process.
// In: workerData { bytes: Uint8Array, fileType, maxPages }.
// Out: one message { ok: true, text, pages, words, previewHtml } or { ok: false, reason }.
import { parentPort, workerData } from 'node:worker_threads';

const { bytes, fileType, maxPages } = workerData;
const words = (text) => (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu) ?? []).length;
const utf8 = (b) => new TextDecoder('utf-8').decode(b).replace(/^\uFEFF/, '');

async function pdf() {
  const { getDocumentProxy, extractText } = await import('unpdf');
  let doc;
  try {
    doc = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: true, verbosity: 0 });
  } catch (err) {
    if (err?.name === 'PasswordException') throw new Error('The PDF is password-protected: upload an unprotected copy');
    throw new Error(`The PDF cannot be read (${err?.message ?? 'corrupt file'})`);
  }
  if (doc.numPages > maxPages) throw new Error(`The PDF has ${doc.numPages} pages; the limit is ${maxPages}`);
  const { text, totalPages } = await extractText(doc, { mergePages: true });
  return { text, pages: totalPages, previewHtml: null };
}

/**
 * A DOCX's page count as the word processor saved it: `<Pages>` of `docProps/app.xml` (the
 * extended properties). A DOCX has no layout of its own, so without that part it is null.
 */
async function docxPages(buffer) {
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(buffer);
  const app = zip.file('docProps/app.xml');
  if (!app) return null;
  const match = /<(?:\w+:)?Pages>\s*(\d{1,7})\s*<\//.exec(await app.async('string'));
  return match ? Number(match[1]) : null;
}

async function docx() {
  const mammoth = (await import('mammoth')).default;
  const buffer = Buffer.from(bytes);
  let pages;
  try {
    pages = await docxPages(buffer);
  } catch (err) {
    throw new Error(`The DOCX file cannot be read (${err?.message ?? 'corrupt file'})`);
  }
  if (pages !== null && pages > maxPages) throw new Error(`The DOCX has ${pages} pages; the limit is ${maxPages}`);
  try {
    const raw = await mammoth.extractRawText({ buffer });
    const html = await mammoth.convertToHtml({ buffer });
    return { text: raw.value, pages, previewHtml: html.value };
  } catch (err) {
    throw new Error(`The DOCX file cannot be read (${err?.message ?? 'corrupt file'})`);
  }
}

async function html() {
  const { convert } = await import('html-to-text');
  const source = utf8(bytes);
  const text = convert(source, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  });
  return { text, pages: null, previewHtml: source };
}

async function run() {
  const out = fileType === 'pdf' ? await pdf() : fileType === 'docx' ? await docx() : fileType === 'html' ? await html() : { text: utf8(bytes), pages: null, previewHtml: null };
  const text = out.text.replace(/\u0000/g, '').trim();
  return { ok: true, text, pages: out.pages, words: words(text), previewHtml: out.previewHtml };
}

run().then(
  (result) => parentPort.postMessage(result),
  (err) => parentPort.postMessage({ ok: false, reason: String(err?.message ?? err).slice(0, 500) }),
);

// Content-type detection with `file-type` (ESM only), in a long-lived worker thread so that
// every host (tsx, plain node, jest's module sandbox) runs it as real Node ESM.
import { parentPort } from 'node:worker_threads';
import { fileTypeFromBuffer } from 'file-type';

parentPort.on('message', async ({ id, bytes }) => {
  try {
    const found = await fileTypeFromBuffer(bytes);
    parentPort.postMessage({ id, ext: found?.ext ?? null, mime: found?.mime ?? null });
  } catch (err) {
    parentPort.postMessage({ id, ext: null, mime: null, error: String(err?.message ?? err) });
  }
});

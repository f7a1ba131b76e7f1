/**
 * A check of the raw JSON body BEFORE it is parsed (body-parser's `verify` hook): nesting
 * deeper than MAX_JSON_DEPTH (400 JSON_TOO_DEEP) or one string longer than MAX_STRING_LENGTH
 * (413 STRING_TOO_LONG) never reaches JSON.parse, the validator or any recursive code.
 * One linear pass over the bytes (the size is already capped by the body limit).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_JSON_DEPTH, MAX_STRING_LENGTH } from '@audienceos/module-sdk';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

class BodyRejected extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly type: string,
  ) {
    super(message);
  }
}

/** Throws when `body` nests deeper than `maxDepth` or holds a string over `maxString` bytes. */
export function checkJsonShape(body: Buffer, maxDepth = MAX_JSON_DEPTH, maxString = MAX_STRING_LENGTH): void {
  let depth = 0;
  let inString = false;
  let chars = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      // Characters as UTF-8 lead bytes (an escape counts as its source length: an upper bound).
      if ((b & 0xc0) !== 0x80 && ++chars > maxString) {
        throw new BodyRejected(`A string in the body is longer than ${maxString} characters`, 413, 'body.string.too.long');
      }
      continue;
    }
    if (b === QUOTE) {
      inString = true;
      chars = 0;
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > maxDepth) throw new BodyRejected(`The body nests deeper than ${maxDepth} levels`, 400, 'body.too.deep');
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
}

/** body-parser `verify` hook. */
export function verifyJsonBody(_req: IncomingMessage, _res: ServerResponse, body: Buffer): void {
  checkJsonShape(body);
}

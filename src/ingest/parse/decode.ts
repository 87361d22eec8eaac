// Bytes -> text. Everything downstream works on clean LF-terminated UTF-8 text.
import { IngestError } from '../types.js';

/** Files larger than this are refused before decoding (5 MiB: far above any article page or feed page). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

// fatal: invalid UTF-8 throws instead of turning into U+FFFD; ignoreBOM: we strip it ourselves, explicitly.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a document's bytes: refuses empty, oversized and binary files, strips a UTF-8 BOM and
 * turns CRLF line endings into LF.
 */
export function decodeDocument(bytes: Uint8Array, maxBytes: number = MAX_DOCUMENT_BYTES): string {
  if (bytes.length === 0) throw new IngestError('empty file');
  if (bytes.length > maxBytes) {
    throw new IngestError(`file too large: ${bytes.length} bytes, over the ${maxBytes}-byte limit`);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new IngestError(`binary content: NUL byte at offset ${nul}`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new IngestError('binary content: not valid UTF-8 text');
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  text = text.replace(/\r\n/g, '\n');
  if (text.trim() === '') throw new IngestError('empty file: only whitespace');
  return text;
}

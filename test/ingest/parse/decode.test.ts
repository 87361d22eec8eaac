import { describe, expect, it } from 'vitest';
import { decodeDocument, MAX_DOCUMENT_BYTES } from '../../../src/ingest/parse/decode.js';
import { expectIngestError, utf8 } from '../helpers.js';

describe('decodeDocument', () => {
  it('decodes UTF-8, keeping non-ASCII text', () => {
    expect(decodeDocument(utf8('Trump’s “memoir” — café\n'))).toBe('Trump’s “memoir” — café\n');
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(decodeDocument(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('---\ntitle: x\n---\n')]))).toBe('---\ntitle: x\n---\n');
  });

  it('turns CRLF line endings into LF', () => {
    expect(decodeDocument(utf8('a\r\nb\r\n\r\nc'))).toBe('a\nb\n\nc');
  });

  it('rejects an empty file', () => {
    expectIngestError(() => decodeDocument(new Uint8Array()), { message: 'empty file' });
  });

  it('rejects a file holding only whitespace (or only a BOM)', () => {
    expectIngestError(() => decodeDocument(utf8(' \r\n\t\n')), { message: 'only whitespace' });
    expectIngestError(() => decodeDocument(new Uint8Array([0xef, 0xbb, 0xbf])), { message: 'empty file' });
  });

  it('rejects a file over the size limit, default 5 MiB', () => {
    expect(MAX_DOCUMENT_BYTES).toBe(5 * 1024 * 1024);
    expectIngestError(() => decodeDocument(utf8('abcdef'), 5), { message: 'file too large: 6 bytes, over the 5-byte limit' });
    expectIngestError(() => decodeDocument(new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(0x61)), { message: 'file too large' });
    expect(decodeDocument(new Uint8Array(MAX_DOCUMENT_BYTES).fill(0x61))).toHaveLength(MAX_DOCUMENT_BYTES);
  });

  it('rejects binary content: NUL bytes and invalid UTF-8', () => {
    expectIngestError(() => decodeDocument(new Uint8Array([0x41, 0x00, 0x42])), {
      message: 'binary content: NUL byte at offset 1',
    });
    expectIngestError(() => decodeDocument(new Uint8Array([0x89, 0x50, 0x4e, 0x47])), { message: 'not valid UTF-8' });
    // A truncated multi-byte sequence ("’" is e2 80 99).
    expectIngestError(() => decodeDocument(new Uint8Array([0x61, 0xe2, 0x80])), { message: 'not valid UTF-8' });
  });
});

import { describe, expect, it } from 'vitest';
import { endingMatches, sniffDocumentType } from '../../functions/domain/files.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('document types by content', () => {
  it('R5: a PDF, a JPEG and a PNG are told by their first bytes, whatever they are called', () => {
    expect(sniffDocumentType(new TextEncoder().encode('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffDocumentType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('jpg');
    expect(sniffDocumentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('png');
  });

  it('R5: anything else — an executable, a ZIP, text, a truncated signature, nothing — is no document', () => {
    expect(sniffDocumentType(bytes(0x4d, 0x5a, 0x90, 0))).toBeNull(); // MZ
    expect(sniffDocumentType(bytes(0x50, 0x4b, 0x03, 0x04))).toBeNull(); // PK
    expect(sniffDocumentType(new TextEncoder().encode('%PDF'))).toBeNull();
    expect(sniffDocumentType(new TextEncoder().encode('%PDX-1.7'))).toBeNull();
    expect(sniffDocumentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0b))).toBeNull();
    expect(sniffDocumentType(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffDocumentType(bytes())).toBeNull();
  });

  it('R5: a name ending goes with its type (.jpeg is a jpg; case ignored)', () => {
    expect(endingMatches('A1-学历.PDF', 'pdf')).toBe(true);
    expect(endingMatches('a.jpeg', 'jpg')).toBe(true);
    expect(endingMatches('a.JPG', 'jpg')).toBe(true);
    expect(endingMatches('a.png', 'jpg')).toBe(false);
    expect(endingMatches('a.pdf.exe', 'pdf')).toBe(false);
    expect(endingMatches('pdf', 'pdf')).toBe(false);
  });
});

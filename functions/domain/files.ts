/**
 * Files people hand in (registration materials, supplementary proof, an objection's attachment): which
 * types are taken, told by their content (the first bytes), never by their name or the type a browser
 * claims — a renamed executable is not a PDF.
 */

/** The kinds of document taken, with the bytes each starts with and its usual name ending. */
export const documentTypes = {
  pdf: { mime: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  jpg: { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  png: { mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
} as const;
export type DocumentType = keyof typeof documentTypes;

/** Bytes needed from the start of a file to tell its type. */
export const SNIFF_BYTES = 8;

/** The type of a document from its first bytes, or null if it is none of those taken. */
export function sniffDocumentType(head: Uint8Array): DocumentType | null {
  for (const [type, { magic }] of Object.entries(documentTypes) as [
    DocumentType,
    (typeof documentTypes)[DocumentType],
  ][]) {
    // a head shorter than the signature fails on its first missing byte (undefined)
    if (magic.every((b, i) => head[i] === b)) return type;
  }
  return null;
}

/** The name endings that go with each type (a file named .jpeg is a jpg). */
export function endingMatches(name: string, type: DocumentType): boolean {
  const ending = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return type === 'jpg' ? ending === 'jpg' || ending === 'jpeg' : ending === type;
}

/**
 * The registration materials hr hands over with the passing list (R5): a ZIP of files named by
 * candidate number (`{candidateNo}-{anything}.pdf|jpg|jpeg|png`), each attached to its candidate as a
 * material the verifier sees and the candidate can reuse in round 2 (R23). What a ZIP must be as a
 * whole (a refusal of the whole ZIP: nothing attached), what each file must be (a refusal of that
 * file, reported by its position in the ZIP), and the material record and its view. Pure: the ZIP is
 * read by functions/lib/zip-reader.ts and the job step is functions/acts/materials.ts.
 */
import { DomainError } from './errors.js';
import { type DocumentType, documentTypes, endingMatches, sniffDocumentType } from './files.js';
import type { RowError } from './imports.js';
import * as z from './zod.js';

/** The largest materials ZIP taken through an upload URL. */
export const MAX_ZIP_BYTES = 1024 * 1024 * 1024;
/** The most entries (files and folders) one ZIP may hold. */
export const MAX_ZIP_ENTRIES = 20_000;
/** The most its entries may declare uncompressed, together (a zip bomb is refused before any is read). */
export const MAX_ZIP_UNCOMPRESSED_BYTES = 4 * 1024 * 1024 * 1024;
/** The largest single material. */
export const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;
/** Entries per step of the materials job. */
export const MATERIAL_CHUNK_ENTRIES = 50;
/** The most candidate numbers tried for one name (one per hyphen: numbers may hold hyphens). */
export const MAX_NUMBER_GUESSES = 5;

const NUMBER = /^[A-Za-z0-9-]{4,30}$/;
const ENDING = /\.(pdf|jpe?g|png)$/i;

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** A file's base name: what follows the last slash of its path in the ZIP. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** An entry that is a folder (its name ends with a slash): not a file, ignored. */
export function isFolder(path: string): boolean {
  return path.endsWith('/');
}

/**
 * The candidate numbers a file name may start with: each prefix before a hyphen that has a number's
 * form (4–30 letters, digits or hyphens), shortest first — `ZJS2-0001-学历证书.pdf` may be number
 * `ZJS2` or `ZJS2-0001`; which one is on the list decides. Empty: the name is not `{number}-….ext`.
 */
export function numberGuesses(name: string): string[] {
  const ending = ENDING.exec(name);
  if (!ending) return [];
  const stem = name.slice(0, ending.index);
  const out: string[] = [];
  for (let i = stem.indexOf('-'); i > 0 && out.length < MAX_NUMBER_GUESSES; i = stem.indexOf('-', i + 1)) {
    const prefix = stem.slice(0, i);
    // something must follow the hyphen: `ZJ1001-.pdf` names no document
    if (NUMBER.test(prefix) && i + 1 < stem.length) out.push(prefix);
  }
  return out;
}

/** A ZIP as its directory describes it, before any file is read. */
export interface ZipDirectory {
  entries: number;
  /** what the entries declare uncompressed, together */
  declaredBytes: number;
}

const whole = (message: string) =>
  new DomainError('VALIDATION', message, { fields: [{ field: 'body', message }] });

/** The ZIP's size: not empty, within MAX_ZIP_BYTES. */
export function checkZipSize(bytes: number): void {
  if (bytes === 0) throw whole('文件是空的');
  if (bytes > MAX_ZIP_BYTES)
    throw new DomainError('PAYLOAD_TOO_LARGE', `压缩包超过 ${mb(MAX_ZIP_BYTES)} MB，请分成几个压缩包上传`, {
      fields: [{ field: 'body', message: `压缩包超过 ${mb(MAX_ZIP_BYTES)} MB` }],
    });
}

/** The whole ZIP: no more than MAX_ZIP_ENTRIES entries, no more declared than the zip-bomb limit. */
export function checkZipDirectory(d: ZipDirectory): void {
  if (d.entries > MAX_ZIP_ENTRIES)
    throw whole(
      `压缩包含 ${d.entries} 个文件，超过上限 ${MAX_ZIP_ENTRIES} 个，请分成几个压缩包上传；未导入任何材料`,
    );
  if (d.declaredBytes > MAX_ZIP_UNCOMPRESSED_BYTES)
    throw whole(
      `压缩包解压后共 ${mb(d.declaredBytes)} MB，超过上限 ${mb(MAX_ZIP_UNCOMPRESSED_BYTES)} MB；未导入任何材料`,
    );
}

/** One entry of the ZIP's directory, as the count stage reads it. */
export interface ZipEntryInfo {
  name: string;
  encrypted: boolean;
}

/** An entry that spoils the whole ZIP (it is encrypted): refused, nothing attached. */
export function checkZipEntry(e: ZipEntryInfo): void {
  if (e.encrypted) throw whole(`压缩包中的“${e.name}”已加密，请去掉密码后重新打包；未导入任何材料`);
}

/**
 * What the ZIP reader's own refusal means (yauzl checks every name and the structure): a name that
 * climbs out of the folder (`../`), an absolute path, encryption, or a file that is no ZIP at all.
 */
export function zipFailure(readerMessage: string): DomainError {
  const m = readerMessage;
  const name = m.slice(m.indexOf(':') + 1).trim();
  if (m.startsWith('invalid relative path'))
    return whole(`压缩包中的文件名“${name}”含有上级目录（..），可能覆盖其他文件；整个压缩包未导入`);
  if (m.startsWith('absolute path')) return whole(`压缩包中的文件名“${name}”是绝对路径；整个压缩包未导入`);
  if (m.startsWith('invalid characters in fileName'))
    return whole(`压缩包中的文件名“${name}”含有不允许的字符；整个压缩包未导入`);
  if (m.includes('encryption')) return whole('压缩包中有加密的文件，请去掉密码后重新打包；未导入任何材料');
  if (/^end of central directory record signature not found/i.test(m))
    return whole('文件不是有效的 ZIP 压缩包；未导入任何材料');
  return whole('压缩包已损坏，无法读取；未导入任何材料');
}

/**
 * A file of the ZIP by its directory entry, before it is read: its name must start with a candidate
 * number and end in .pdf, .jpg, .jpeg or .png, its declared size be within MAX_MATERIAL_BYTES. The
 * numbers it may name, or why it is refused.
 */
export function checkFileName(
  path: string,
  bytes: number,
): { ok: true; numbers: string[] } | { ok: false; message: string } {
  const numbers = numberGuesses(baseName(path));
  if (!numbers.length)
    return {
      ok: false,
      message: '文件名应以准考证号开头、以 .pdf、.jpg 或 .png 结尾，如 ZJS2-0001-学历证书.pdf',
    };
  if (bytes === 0) return { ok: false, message: '文件是空的' };
  if (bytes > MAX_MATERIAL_BYTES) return { ok: false, message: `文件超过 ${mb(MAX_MATERIAL_BYTES)} MB` };
  return { ok: true, numbers };
}

/** A file's content: a PDF, JPEG or PNG by its first bytes (not its name), and the one its ending says. */
export function checkFileContent(
  path: string,
  head: Uint8Array,
): { ok: true; type: DocumentType } | { ok: false; message: string } {
  const type = sniffDocumentType(head);
  if (!type) return { ok: false, message: '文件内容不是 PDF、JPG 或 PNG（按内容判断，与扩展名无关）' };
  if (!endingMatches(baseName(path), type))
    return { ok: false, message: `文件内容是 ${type.toUpperCase()}，与扩展名不符` };
  return { ok: true, type };
}

/** The candidates a file's numbers found: each number tried, with the people it names. */
export type NumberMatches = { number: string; personIds: string[] }[];

/** Whose file it is: exactly one candidate of the exam, or a reason it is attached to nobody. */
export function ownerOf(matches: NumberMatches): { personId: string } | { message: string } {
  const people = [...new Set(matches.flatMap((m) => m.personIds))];
  if (people.length === 1) return { personId: people[0] as string };
  const numbers = matches.map((m) => m.number);
  if (!people.length)
    return {
      message:
        numbers.length === 1
          ? `准考证号 ${numbers[0]} 不在本考试的名单中`
          : `准考证号 ${numbers.join('、')} 均不在本考试的名单中`,
    };
  const found = matches.filter((m) => m.personIds.length).map((m) => m.number);
  return {
    message: `准考证号 ${found.join('、')} 对应本考试的 ${people.length} 名考生，无法确定归属，未导入`,
  };
}

/** A material: one document of a candidate's for an exam, with where it came from. */
export interface Material {
  materialId: string;
  examId: string;
  personId: string;
  /** the file's name as handed in (its base name) */
  name: string;
  type: DocumentType;
  bytes: number;
  /** SHA-256 of the content, hex: the same file handed in again is told apart from a new one */
  sha256: string;
  /**
   * how it came: with the hand-over of the list (R5), uploaded by the candidate in the portal (R23), or
   * by staff at the counter (R19: a proxy's authorisation letter)
   */
  source: 'handover' | 'candidate' | 'staff';
  /** a handed-over material's import */
  importId?: string;
  /** a handed-over material's position in the ZIP, 1-based */
  entry?: number;
  addedAt: string;
  /** the malware scan's result, once there is one (R23: `scanStateOf`) */
  scan?: ScanResult;
}

// ---- the malware scan (R23: GuardDuty Malware Protection for S3 on AWS, a local scanner locally) ----

/**
 * What the scan of a material's file found: clean, a threat, or a file the scanner cannot look into
 * (GuardDuty's UNSUPPORTED: e.g. a password-protected or encrypted file) — never opened either.
 */
export type ScanResult = 'clean' | 'threat' | 'unscannable';
export type ScanState = 'scanning' | ScanResult;

/**
 * R23: where a material stands with the malware scan. A candidate's upload is `scanning` until its
 * result arrives; what hr handed over (R5) counts as clean unless a scan found a threat.
 */
export function scanStateOf(m: Pick<Material, 'scan' | 'source'>): ScanState {
  return m.scan ?? (m.source === 'handover' ? 'clean' : 'scanning');
}

/**
 * R23: a material the scan ruled out — a threat, or a file it could not look into: never offered again
 * (to staff, or to the candidate to hand in), its file deleted, the candidate told why.
 */
export const ruledOutByScan = (m: Pick<Material, 'scan'>) => m.scan === 'threat' || m.scan === 'unscannable';

/** R23: only a clean material is offered to staff: listed to open; one ruled out is never listed. */
export const offeredToStaff = (m: Pick<Material, 'scan' | 'source'>) => !ruledOutByScan(m);
export const openableByStaff = (m: Pick<Material, 'scan' | 'source'>) => scanStateOf(m) === 'clean';

/** Staff opening a material still being scanned (409). */
export const SCANNING_MESSAGE = '材料正在进行安全扫描，扫描通过后才能查看';
/** What the candidate is told of an upload the scan found a threat in (the file is deleted). */
export const THREAT_MESSAGE = '安全扫描发现文件含有恶意代码，文件已删除；请检查您的设备后重新上传';
/** What the candidate is told of an upload the scan could not look into (the file is deleted). */
export const UNSCANNABLE_MESSAGE =
  '文件无法完成安全扫描（可能已加密或设置了密码），文件已删除；请上传未加密的文件';
/** R23: what the candidate is told of an upload the scan ruled out. */
export const ruledOutMessage = (scan: 'threat' | 'unscannable') =>
  scan === 'threat' ? THREAT_MESSAGE : UNSCANNABLE_MESSAGE;

/**
 * GuardDuty's "Malware Protection Object Scan Result" → ours: NO_THREATS_FOUND is clean,
 * THREATS_FOUND a threat, UNSUPPORTED (a file it cannot look into, such as an encrypted one) or a
 * skipped scan is unscannable — final, as for a threat, so the candidate is told to upload another
 * instead of waiting for ever. A scan that failed or was denied access is the service's fault, not the
 * file's: no result (logged for operations), the material stays unscanned and is not opened.
 */
export function scanResultOf(detail: {
  scanStatus?: string;
  scanResultDetails?: { scanResultStatus?: string } | null;
}): ScanResult | null {
  if (detail.scanStatus === 'SKIPPED') return 'unscannable';
  if (detail.scanStatus !== 'COMPLETED') return null;
  const status = detail.scanResultDetails?.scanResultStatus;
  if (status === 'NO_THREATS_FOUND') return 'clean';
  if (status === 'THREATS_FOUND') return 'threat';
  if (status === 'UNSUPPORTED') return 'unscannable';
  return null;
}

/** `materials/{examId}/{personId}/{materialId}.{ext}` of any material → its parts, or null for any other key. */
export function materialKeyOf(
  key: string,
): { examId: string; personId: string; materialId: string; type: DocumentType } | null {
  const m =
    /^materials\/([A-Z0-9-]{3,40})\/([a-z2-9]{20})\/([a-z0-9]{19}-(?:\d{1,6}|u))\.(pdf|jpg|png)$/.exec(key);
  if (!m) return null;
  return {
    examId: m[1] as string,
    personId: m[2] as string,
    materialId: m[3] as string,
    type: m[4] as DocumentType,
  };
}

/** The material id of an entry of an import: the same entry always gets the same id (a step run twice). */
export function materialIdOf(importId: string, entryIndex: number): string {
  return `${importId}-${entryIndex + 1}`;
}
/** A handed-over material `{importId}-{entry}`, or one the candidate uploaded `{id}-u`. */
export const MATERIAL_ID = /^[a-z0-9]{19}-(\d{1,6}|u)$/;

/** Where a material's file is kept (never expiring, unlike an import's own files). */
export function materialFileKey(m: Pick<Material, 'examId' | 'personId' | 'materialId' | 'type'>): string {
  return `materials/${m.examId}/${m.personId}/${m.materialId}.${m.type}`;
}

/** What a file of the ZIP comes to for its candidate's materials already on file. */
export type MaterialOutcome =
  /** this very entry of this import, attached by a step that ran before: counted as it was */
  | { kind: 'again' }
  /** the same content already attached to the candidate for the exam */
  | { kind: 'unchanged'; materialId: string }
  | { kind: 'new' };

export function materialOutcome(
  materialId: string,
  sha256: string,
  existing: readonly Pick<Material, 'materialId' | 'sha256'>[],
): MaterialOutcome {
  if (existing.some((m) => m.materialId === materialId)) return { kind: 'again' };
  const same = existing.find((m) => m.sha256 === sha256);
  return same ? { kind: 'unchanged', materialId: same.materialId } : { kind: 'new' };
}

/** A refused file, in the import's error shape: its position in the ZIP, the field `file`, its name and why. */
export function fileError(entryIndex: number, path: string, message: string): RowError {
  return { row: entryIndex + 1, field: 'file', message: `${baseName(path)}：${message}` };
}

/** A material as staff in scope (and, later, the candidate) see it: never its storage key or hash. */
export function materialView(m: Material) {
  return {
    materialId: m.materialId,
    name: m.name,
    type: m.type,
    mime: documentTypes[m.type].mime,
    bytes: m.bytes,
    source: m.source,
    addedAt: m.addedAt,
    scan: scanStateOf(m),
  };
}
export type MaterialView = ReturnType<typeof materialView>;

/** A material's download headers: its own content type, as an attachment under its own name (ASCII fallback). */
export function materialDownloadHeaders(m: Pick<Material, 'materialId' | 'type' | 'name'>) {
  const ascii = `material-${m.materialId}.${m.type}`;
  return {
    contentType: documentTypes[m.type].mime,
    disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(m.name)}`,
  };
}

// ---- the candidate's own uploads in the portal (R23, issue 10 §1) ----

/** The largest file a candidate uploads. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** The most files a candidate uploads for one exam. */
export const MAX_UPLOADS = 10;
/** The longest file name kept. */
export const MAX_NAME_CHARS = 200;

/** The content types an upload may be sent with, and the document type each means. */
export const uploadTypes = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
} as const satisfies Record<string, DocumentType>;
export type UploadContentType = keyof typeof uploadTypes;

/** The limits as the portal states them. */
export const uploadLimitsText = `PDF、JPG 或 PNG，每个不超过 ${mb(MAX_UPLOAD_BYTES)} MB，最多 ${MAX_UPLOADS} 个`;

/** POST …/materials/upload-url: what the candidate is about to send. */
export const uploadInputSchema = z.strictObject({
  contentType: z.enum(Object.keys(uploadTypes) as [UploadContentType, ...UploadContentType[]], {
    error: '文件类型应为 application/pdf、image/jpeg 或 image/png（PDF、JPG 或 PNG）',
  }),
  name: z
    .string({ error: '请提供文件名' })
    .check(
      z.trim(),
      z.minLength(1, '文件名不能为空'),
      z.maxLength(MAX_NAME_CHARS, `文件名不能超过${MAX_NAME_CHARS}字`),
    ),
  bytes: z
    .number({ error: '请提供文件大小（字节）' })
    .check(
      z.int('文件大小应为整数（字节）'),
      z.gte(1, '文件是空的，请选择其他文件'),
      z.lte(MAX_UPLOAD_BYTES, `文件超过 ${mb(MAX_UPLOAD_BYTES)} MB，请压缩后再上传`),
    ),
});
export type UploadInput = z.infer<typeof uploadInputSchema>;

/** R23: one more upload, if the candidate has not used up MAX_UPLOADS for the exam (else 400 naming `name`). */
export function checkUploadCount(uploaded: number): void {
  if (uploaded >= MAX_UPLOADS) {
    const message = `每场考试最多上传 ${MAX_UPLOADS} 个文件，已上传 ${uploaded} 个；可以选择已有的材料`;
    throw new DomainError('VALIDATION', message, { fields: [{ field: 'name', message }] });
  }
}

/** The material id of a candidate's upload: a new id marked `-u` (never one of an import's). */
export function uploadMaterialId(id: string): string {
  return `${id}-u`;
}

/** `materials/{examId}/{personId}/{materialId}.{ext}` of an upload → its parts, or null for any other key. */
export function uploadKeyOf(key: string): ReturnType<typeof materialKeyOf> {
  const parts = materialKeyOf(key);
  return parts?.materialId.endsWith('-u') ? parts : null;
}

/**
 * What arrived for an upload: within the size, not empty, and by its first bytes the type it was
 * announced as — or why it is refused (the file is then deleted).
 */
export function checkArrival(
  expected: DocumentType,
  size: number,
  head: Uint8Array,
): { ok: true } | { ok: false; message: string } {
  if (size === 0) return { ok: false, message: '文件是空的' };
  if (size > MAX_UPLOAD_BYTES) return { ok: false, message: `文件超过 ${mb(MAX_UPLOAD_BYTES)} MB` };
  const type = sniffDocumentType(head);
  if (!type) return { ok: false, message: '文件内容不是 PDF、JPG 或 PNG（按内容判断，与扩展名无关）' };
  if (type !== expected) return { ok: false, message: `文件内容是 ${type.toUpperCase()}，与所选类型不符` };
  return { ok: true };
}

/**
 * Objections raised by the public against a candidate on the joint notice (R6) while its period runs:
 * which notice an objection is for, which candidate its candidate number names, what may be attached,
 * how often one client and the whole service may send one, and the record kept.
 *
 * The objector's contact is personal data (PIPL): it is stored on the objection, shown only to staff who
 * see the candidate, and never logged. Pure: the act (functions/acts/objections.ts) counts, stores and
 * writes the record with the counts and its audit record in one transaction.
 */
import { DomainError } from './errors.js';
import { type DocumentType, documentTypes } from './files.js';
import type { Notice, ObjectionInput } from './notices.js';
import { tooMany } from './sign-in-limits.js';

export const OBJECTION_LIMITS = {
  /** per client (its network, as the sign-in counts it): objections accepted in a fixed window */
  client: { windowMs: 15 * 60_000, max: 5 },
  /** the whole service: in the process, and on AWS the route's throttle (functions/routes.ts) */
  overall: { ratePerSecond: 20, burst: 40 },
} as const;

/** The most an objection's attachment may hold (PDF, JPEG or PNG, told by content). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** A notice's id: `{examId}-N{n}` (functions/acts/notices.ts draftNotice). */
const NOTICE_ID = /^([A-Z0-9-]{3,40})-N(\d{1,3})$/;

/** The exam a notice id belongs to, or null when it is no notice id at all. */
export function examIdOfNotice(noticeId: string): string | null {
  return NOTICE_ID.exec(noticeId)?.[1] ?? null;
}

/** The one candidate a candidate number names on this exam's list: none is the field's error, two a conflict. */
export function candidateNamed<T>(matches: readonly T[]): T {
  if (matches.length === 0)
    throw new DomainError('VALIDATION', '准考证号不在本次公示名单中', {
      fields: [{ field: 'candidateNo', message: '准考证号不在本次公示名单中，请核对后重新填写' }],
    });
  if (matches.length > 1)
    throw new DomainError('CONFLICT', '该准考证号对应多名考生，无法确定异议对象，请直接联系核查部门', {
      fields: [{ field: 'candidateNo', message: '该准考证号对应多名考生，请直接联系核查部门' }],
    });
  return matches[0] as T;
}

/** What an attachment must be: one of the document types, by its content, and not over the limit. */
export function attachmentProblem(type: DocumentType | null, bytes: number): DomainError | null {
  if (bytes > MAX_ATTACHMENT_BYTES)
    return new DomainError('PAYLOAD_TOO_LARGE', '附件不能超过10MB', {
      fields: [{ field: 'attachment', message: '附件不能超过10MB，请压缩后重新选择' }],
    });
  if (type === null)
    return new DomainError('UNSUPPORTED_MEDIA_TYPE', '附件应为PDF、JPG或PNG文件', {
      fields: [{ field: 'attachment', message: '附件应为PDF、JPG或PNG文件（按文件内容判断）' }],
    });
  return null;
}

/** A client's objection, after counting it in its window: refused past the limit until the window ends. */
export function clientObjectionProblem(
  counted: { count: number; windowEnds: number },
  now: number,
): DomainError | null {
  return counted.count > OBJECTION_LIMITS.client.max
    ? tooMany('本设备提交异议的次数过多', counted.windowEnds, now)
    : null;
}

/** The whole service is at its rate. */
export const objectionsBusy = () =>
  new DomainError('TOO_MANY_REQUESTS', '当前提交异议的人数较多，请稍后再试', { retryAfterSeconds: 5 });

export interface ObjectionAttachment {
  /** where the file is in the files store */
  key: string;
  type: DocumentType;
  bytes: number;
}

export interface Objection {
  objectionId: string;
  noticeId: string;
  examId: string;
  personId: string;
  candidateNo: string;
  facts: string;
  /** personal data: staff in scope only, never logged */
  contact: string;
  name?: string;
  attachment?: ObjectionAttachment;
  receivedAt: string;
  status: 'open';
}

/** Where an objection's attachment is kept: by exam and objection, with its type's ending. */
export const attachmentKey = (examId: string, objectionId: string, type: DocumentType): string =>
  `objections/${examId}/${objectionId}.${type}`;

/** The objection as recorded: against the candidate the number named, on this notice, received now. */
export function newObjection(a: {
  objectionId: string;
  notice: Pick<Notice, 'noticeId' | 'examId'>;
  personId: string;
  input: ObjectionInput;
  attachment?: ObjectionAttachment | undefined;
  now: Date;
}): Objection {
  const { candidateNo, facts, contact, name } = a.input;
  return {
    objectionId: a.objectionId,
    noticeId: a.notice.noticeId,
    examId: a.notice.examId,
    personId: a.personId,
    candidateNo: candidateNo.toUpperCase(),
    facts,
    contact,
    ...(name ? { name } : {}),
    ...(a.attachment ? { attachment: a.attachment } : {}),
    receivedAt: a.now.toISOString(),
    status: 'open',
  };
}

/** An objection as staff see it: everything but where its file is kept (they download it by the route). */
export function objectionView(o: Objection) {
  const { attachment, ...rest } = o;
  return {
    ...rest,
    attachment: attachment
      ? { type: attachment.type, mime: documentTypes[attachment.type].mime, bytes: attachment.bytes }
      : null,
  };
}
export type ObjectionView = ReturnType<typeof objectionView>;

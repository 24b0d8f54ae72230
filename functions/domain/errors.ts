/**
 * The project's one error shape: `{ error: { code, message, details? } }`.
 * Domain code throws `DomainError`; the HTTP adapter turns it into that shape with its status.
 */
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** a request body over the size the route takes */
  | 'PAYLOAD_TOO_LARGE'
  /** a request body of a type the route does not take */
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'DEADLINE_PASSED'
  | 'LOCKED'
  | 'TOO_MANY_REQUESTS'
  /** a proof-of-work challenge must be solved first (details.challenge) */
  | 'CHALLENGE_REQUIRED'
  | 'INTERNAL';

const statusOf: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DEADLINE_PASSED: 409,
  LOCKED: 429,
  TOO_MANY_REQUESTS: 429,
  CHALLENGE_REQUIRED: 428,
  INTERNAL: 500,
};

/** One problem with one input field, so a form can show the message next to the field. */
export interface FieldIssue {
  field: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: { fields?: FieldIssue[]; [k: string]: unknown } };
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorBody['error']['details'];
  constructor(code: ErrorCode, message: string, details?: ErrorBody['error']['details']) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return statusOf[this.code];
  }
  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}

/**
 * A write that lost a race: the record changed between read and write (a failed condition or a
 * transaction conflict). The only error worth retrying as it is: the state machine's tasks retry it,
 * and nothing else (refusals by a rule, NOT_FOUND and VALIDATION fail at once). Answered as 409.
 */
export class ConflictError extends DomainError {
  constructor(message = '记录已被他人修改，请刷新后重试') {
    super('CONFLICT', message);
    this.name = 'ConflictError';
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what}不存在或无权查看`);
export const forbidden = (why = '无权执行此操作') => new DomainError('FORBIDDEN', why);

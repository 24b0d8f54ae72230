/** asl-validator ships no types: the part the infra tests use. */
declare module 'asl-validator' {
  interface Result {
    isValid: boolean;
    errors: { message?: string }[];
    errorsText: (separator?: string) => string;
  }
  export default function aslValidator(definition: unknown, options?: Record<string, unknown>): Result;
}

/**
 * R17: hr's upload of the issuing department's seal (POST /api/exams/{examId}/certificate-seals): the PNG
 * checked by its bytes and, by the file worker (functions/lib/file-worker.ts), by embedding it with
 * pdf-lib as the certificate PDF will, then kept under `seals/{examId}/{seal}.png` (./certificate-seal.ts).
 */
import { createHash } from 'node:crypto';
import { SEAL_MAX_BYTES, sealProblem } from '../domain/certificates.js';
import { authorize, seesExamType } from '../domain/departments.js';
import { DomainError, notFound } from '../domain/errors.js';
import { certificateKind, examType } from '../domain/exams.js';
import { getExam } from '../lib/catalog.js';
import { transact } from '../lib/db.js';
import { fileStore } from '../lib/file-store.js';
import { fileWorker } from '../lib/file-worker.js';
import { type Actor, actorLabel } from './actor.js';
import { sealKey } from './certificate-seal.js';

const badSeal = (message: string) =>
  new DomainError('VALIDATION', message, { fields: [{ field: 'seal', message }] });

/** POST /api/exams/{examId}/certificate-seals: the PNG checked (by its bytes, and that it embeds), kept; its id. */
export async function uploadCertificateSeal(
  actor: Actor,
  examId: string,
  bytes: Buffer,
): Promise<{ seal: string; bytes: number }> {
  const exam = await getExam(examId);
  if (!exam || actor.kind !== 'staff' || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  authorize(actor.dept, 'eCert.issue', { examType: exam.examType });
  const t = examType(exam.examType);
  if (!t || certificateKind(t) !== 'electronic')
    throw new DomainError('CONFLICT', '本考试发放纸质证书，不签发电子证书（R16、R17）');
  const problem = sealProblem(bytes);
  if (problem && bytes.length > SEAL_MAX_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', problem);
  if (problem) throw badSeal(problem);
  // what the PDF renderer will do with it: a PNG it cannot embed is refused now, not at every download
  const { embeds } = await fileWorker().sealCheck({ task: 'sealCheck', png: bytes.toString('base64') });
  if (!embeds) throw badSeal('印章图片无法读取，请导出为标准 PNG 后重新上传');
  const seal = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  await fileStore().put(sealKey(examId, seal), bytes, 'image/png');
  await transact([], {
    audit: {
      subject: `EXAM#${examId}`,
      action: 'exam.certificateSeal',
      actor: actorLabel(actor),
      details: { rule: 'R17', seal, bytes: bytes.length },
    },
  });
  return { seal, bytes: bytes.length };
}

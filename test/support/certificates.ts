/** A synthetic certificate's facts (R17), for the certificate tests and the bench. */
import { type CertificateFacts, certificateNumber } from '../../functions/domain/certificates.js';

/** Synthetic: not a real person's ID number. */
export const SAMPLE_ID_NUMBER = '41010519900307901X';

export function sampleFacts(seq = 10, over: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    number: certificateNumber({ examType: 'JZS2', year: 2025, seq }),
    holderName: '张三',
    idNumber: SAMPLE_ID_NUMBER,
    exam: { id: 'JZS2-2025', name: '2025年度二级建造师' },
    specialty: '建筑工程',
    issuedAt: '2025-12-01',
    issuer: '河南省人力资源和社会保障厅',
    ...over,
  };
}

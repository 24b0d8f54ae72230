import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone } from '../../functions/domain/masking.js';

describe('masking (N4)', () => {
  it('N4: an ID number keeps its first 4 and last 4 characters, every character between is a star', () => {
    expect(maskIdNumber('41010519900307901X')).toBe('4101**********901X');
    // an old 15-digit number (synthetic): 4 + 7 stars + 4
    expect(maskIdNumber('410105900307901')).toBe('4101*******7901');
    expect(maskIdNumber('123456789')).toBe('1234*6789');
  });

  it('N4: an ID value too short to keep 4 + 4 characters is hidden completely', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber('41X')).toBe('***');
    expect(maskIdNumber('')).toBe('');
  });

  it('N4: at exactly 8 characters the ID mask is first 4 + last 4, with nothing left between to hide', () => {
    expect(maskIdNumber('41010519')).toBe('41010519');
  });

  it('N4: a phone number keeps its first 3 and last 4 digits', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('037167890123')).toBe('037*****0123'); // a 12-digit landline with area code
    expect(maskPhone('12345678')).toBe('123*5678');
  });

  it('N4: a phone value too short to keep 3 + 4 digits is hidden completely', () => {
    expect(maskPhone('123456')).toBe('******');
    expect(maskPhone('110')).toBe('***');
    expect(maskPhone('')).toBe('');
  });

  it('N4: at exactly 7 digits the phone mask is first 3 + last 4, with nothing left between to hide', () => {
    expect(maskPhone('1234567')).toBe('1234567');
  });

  it('N4: masks keep the length and hide every character but the kept ones (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const id = maskIdNumber(s);
        const phone = maskPhone(s);
        expect(id).toHaveLength(s.length);
        expect(phone).toHaveLength(s.length);
        if (s.length < 8) expect(id).toBe('*'.repeat(s.length));
        else expect(id).toBe(s.slice(0, 4) + '*'.repeat(s.length - 8) + s.slice(-4));
        if (s.length < 7) expect(phone).toBe('*'.repeat(s.length));
        else expect(phone).toBe(s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4));
      }),
    );
  });
});

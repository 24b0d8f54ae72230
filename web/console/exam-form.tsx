/**
 * hr sets up a sitting (R1): new, or a correction of one. Questions in the order a person answers them
 * (type, year, name, dates), then "check your answers" — the facts and the schedule the sitting will
 * have, every deadline with its rule, computed by the server without saving — then confirm. The
 * server's errors come back to the fields (the one error shape names them).
 */
import { useState } from 'preact/hooks';
import { CUTOFF_REASON_MAX, examTypes } from '../../functions/domain/exams.js';
import { api } from '../api.js';
import {
  ErrorSummary,
  errorFor,
  errorsFrom,
  Field,
  type FormError,
  Loading,
  Problem,
  SelectField,
  useTitle,
} from '../components.js';
import { getLang, t } from '../i18n.js';
import type { ExamDetail } from '../types.js';
import { consoleSession, useApi } from './data.js';
import { ExamFacts, Schedule } from './exam.js';
import { Link } from './link.js';
import { href, navigate } from './router.js';
import './messages.js';

const FIELDS = [
  'examType',
  'year',
  'name',
  'examEnd',
  'scoreRelease',
  'noticePublished',
  // R12: an earlier cut-off for supplementary submissions, with its reason (the server names them so)
  'supplementaryCutoff.date',
  'supplementaryCutoff.reason',
] as const;
type Values = Record<(typeof FIELDS)[number], string>;

const blank = (year: number): Values => ({
  examType: '',
  year: String(year),
  name: '',
  examEnd: '',
  scoreRelease: '',
  noticePublished: '',
  'supplementaryCutoff.date': '',
  'supplementaryCutoff.reason': '',
});
const fromExam = (e: ExamDetail): Values => ({
  examType: e.examType,
  year: String(e.year),
  name: e.name,
  examEnd: e.examEnd,
  scoreRelease: e.scoreRelease,
  noticePublished: e.noticePublished ?? '',
  'supplementaryCutoff.date': e.supplementaryCutoff?.date ?? '',
  'supplementaryCutoff.reason': e.supplementaryCutoff?.reason ?? '',
});
const toInput = (v: Values) => ({
  examType: v.examType,
  year: Number(v.year),
  name: v.name.trim(),
  examEnd: v.examEnd.trim(),
  scoreRelease: v.scoreRelease.trim(),
  ...(v.noticePublished.trim() ? { noticePublished: v.noticePublished.trim() } : {}),
  // both halves or neither: one alone is sent, so the server names the missing half
  ...(v['supplementaryCutoff.date'].trim() || v['supplementaryCutoff.reason'].trim()
    ? {
        supplementaryCutoff: {
          date: v['supplementaryCutoff.date'].trim(),
          reason: v['supplementaryCutoff.reason'],
        },
      }
    : {}),
});

/** The page: a new sitting, or `examId` to correct one. */
export function ExamFormPage({ examId }: { examId?: string | undefined }) {
  useTitle(examId ? t('examForm.editHeading') : t('examForm.newHeading'));
  return examId ? <EditExam examId={examId} /> : <ExamForm />;
}

function EditExam({ examId }: { examId: string }) {
  const existing = useApi<ExamDetail>(`/api/exams/${encodeURIComponent(examId)}`);
  if (existing.loading) return <Loading />;
  if (existing.error !== undefined) return <Problem error={existing.error} />;
  return <ExamForm exam={existing.data} />;
}

function ExamForm({ exam }: { exam?: ExamDetail | undefined }) {
  const [values, setValues] = useState<Values>(() =>
    exam ? fromExam(exam) : blank(new Date().getFullYear()),
  );
  const [errors, setErrors] = useState<FormError[]>([]);
  const [preview, setPreview] = useState<ExamDetail | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Values) => (v: string) => setValues((x) => ({ ...x, [k]: v }));

  async function check() {
    setBusy(true);
    try {
      const p = await api<ExamDetail>('/api/exams/schedule-preview', {
        method: 'POST',
        body: { exam: toInput(values), ...(exam ? { examId: exam.id } : {}) },
        session: consoleSession,
      });
      setErrors([]);
      setPreview(p);
    } catch (e) {
      // the preview's body is { exam }: its field names come back as exam.<field>
      const mapped = errorsFrom(
        e,
        FIELDS.map((f) => `exam.${f}`),
      );
      setErrors(mapped.map((f) => (f.field ? { ...f, field: f.field.slice('exam.'.length) } : f)));
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    setBusy(true);
    try {
      const saved = await api<ExamDetail>(exam ? `/api/exams/${encodeURIComponent(exam.id)}` : '/api/exams', {
        method: exam ? 'PUT' : 'POST',
        // a correction says which state of the exam it was made from, so a stale form is refused
        body: exam ? { ...toInput(values), version: exam.version ?? 0 } : toInput(values),
        session: consoleSession,
      });
      navigate(href({ view: 'exam', exam: saved.id }));
    } catch (e) {
      setErrors(errorsFrom(e, FIELDS));
      setPreview(null);
      setBusy(false);
    }
  }

  const heading = exam ? t('examForm.editHeading') : t('examForm.newHeading');
  if (preview) {
    return (
      <>
        <p class="back">
          <Link to={href(exam ? { view: 'exam', exam: exam.id } : { view: 'exams' })}>{t('queue.back')}</Link>
        </p>
        <h1 class="page-title">
          {t('examForm.checkHeading')}
          <span class="page-subtitle">{heading}</span>
        </h1>
        <ExamFacts
          exam={preview}
          testId="exam-check"
          before={[
            [t('examForm.name'), preview.name],
            [t('examForm.id'), exam ? exam.id : t('examForm.idNew', { id: preview.id })],
          ]}
        />
        <Schedule schedule={preview.schedule} />
        <div class="button-group">
          <button type="button" class="button" disabled={busy} onClick={() => void save()}>
            {exam ? t('examForm.confirmEdit') : t('examForm.confirmNew')}
          </button>
          <button
            type="button"
            class="button button--secondary"
            disabled={busy}
            onClick={() => setPreview(null)}
          >
            {t('examForm.change')}
          </button>
        </div>
      </>
    );
  }

  return (
    <>
      <p class="back">
        <Link to={href(exam ? { view: 'exam', exam: exam.id } : { view: 'exams' })}>{t('queue.back')}</Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 class="page-title">{heading}</h1>
      <form
        class="form"
        noValidate
        data-testid="exam-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void check();
        }}
      >
        <SelectField
          id="examType"
          label={t('exams.type')}
          hint={exam ? t('examForm.fixedHint') : undefined}
          error={errorFor(errors, 'examType')}
          value={values.examType}
          onValue={set('examType')}
          options={examTypes.map((x) => [x.code, getLang() === 'en' ? x.nameEn : x.name])}
          placeholder={t('examForm.choose')}
          disabled={!!exam}
        />
        <Field
          id="year"
          label={t('examForm.year')}
          hint={exam ? t('examForm.fixedHint') : t('examForm.yearHint')}
          error={errorFor(errors, 'year')}
          value={values.year}
          onValue={set('year')}
          inputMode="numeric"
          maxLength={4}
          width="short"
          disabled={!!exam}
        />
        <Field
          id="name"
          label={t('examForm.name')}
          hint={t('examForm.nameHint')}
          error={errorFor(errors, 'name')}
          value={values.name}
          onValue={set('name')}
          maxLength={60}
        />
        <Field
          id="examEnd"
          label={t('exams.examEnd')}
          hint={t('examForm.dateHint')}
          error={errorFor(errors, 'examEnd')}
          value={values.examEnd}
          onValue={set('examEnd')}
          inputMode="numeric"
          maxLength={10}
          width="medium"
        />
        <Field
          id="scoreRelease"
          label={t('exams.scoreRelease')}
          hint={t('examForm.dateHint')}
          error={errorFor(errors, 'scoreRelease')}
          value={values.scoreRelease}
          onValue={set('scoreRelease')}
          inputMode="numeric"
          maxLength={10}
          width="medium"
        />
        <Field
          id="noticePublished"
          label={t('examForm.noticePublished')}
          hint={t('examForm.noticeHint')}
          error={errorFor(errors, 'noticePublished')}
          value={values.noticePublished}
          onValue={set('noticePublished')}
          inputMode="numeric"
          maxLength={10}
          width="medium"
        />
        <Field
          id="supplementaryCutoff.date"
          label={t('examForm.cutoff')}
          hint={t('examForm.cutoffHint')}
          error={errorFor(errors, 'supplementaryCutoff.date')}
          value={values['supplementaryCutoff.date']}
          onValue={set('supplementaryCutoff.date')}
          inputMode="numeric"
          maxLength={10}
          width="medium"
        />
        <Field
          id="supplementaryCutoff.reason"
          label={t('examForm.cutoffReason')}
          hint={t('examForm.cutoffReasonHint')}
          error={errorFor(errors, 'supplementaryCutoff.reason')}
          value={values['supplementaryCutoff.reason']}
          onValue={set('supplementaryCutoff.reason')}
          maxLength={CUTOFF_REASON_MAX}
        />
        <button type="submit" class="button" disabled={busy}>
          {t('examForm.preview')}
        </button>
      </form>
    </>
  );
}

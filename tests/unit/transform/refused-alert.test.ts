import { refusedFilesAlert } from '../../../handlers/transform/refused-alert';

const job = { kind: 'manifest' as const, runId: 'm-1', source: 'app', ingestionDate: '2026-11-20' };
const refused = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    sourceKey: `raw/f${i}.json`,
    reason: `cannot read raw/f${i}.json: bad`,
    lines: i,
  }));
const doc = (status: 'passed' | 'failed', n: number) => ({
  status,
  refusedFiles: refused(n),
  rejectsKey: 'rejects/ingestion_date=2026-11-20/m-1.ndjson',
  finishedAt: '2026-11-20T01:00:00.000Z',
});

describe('refusedFilesAlert', () => {
  it('names each refused file of a run that passed, and points to the metrics and rejects', () => {
    const alert = refusedFilesAlert(job, doc('passed', 2));
    expect(alert).toEqual({
      kind: 'input_refused',
      subject: '2 file(s) refused: app 2026-11-20 (m-1)',
      summary:
        'The manifest m-1 of 2026-11-20 curated its readable files and refused 2 file(s) it cannot read: cannot read raw/f0.json: bad cannot read raw/f1.json: bad Fix them and upload them again.',
      details: {
        runId: 'm-1',
        ingestionDate: '2026-11-20',
        refusedFiles: refused(2),
        rejectsKey: 'rejects/ingestion_date=2026-11-20/m-1.ndjson',
        metricsKey: 'metrics/ingestion_date=2026-11-20/m-1.json',
      },
      occurredAt: '2026-11-20T01:00:00.000Z',
    });
  });

  it('names at most ten in the summary; the details keep them all', () => {
    const alert = refusedFilesAlert(job, doc('passed', 12))!;
    expect(alert.summary).toContain('(and 2 more)');
    expect(alert.summary).not.toContain('raw/f10.json');
    expect(alert.details.refusedFiles).toHaveLength(12);
  });

  it('says so when the readable files failed their rules', () => {
    expect(refusedFilesAlert(job, doc('failed', 1))?.summary).toMatch(
      /^The manifest m-1 of 2026-11-20 failed its data-quality rules on its readable files \(see its data-quality alert\) and refused 1 file/,
    );
  });

  it('is silent when nothing was refused, or when every file was (input_unreadable names them)', () => {
    expect(refusedFilesAlert(job, doc('passed', 0))).toBeUndefined();
    expect(refusedFilesAlert(job, doc('failed', 3), true)).toBeUndefined();
  });
});

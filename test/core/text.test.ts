/** The text rule (core/text.ts) and its use by the case file reader (`chp import`) and the workflow. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { WorkingCalendar } from '../../core/calendar';
import { formatRowErrors, parseCasesCsv, parseCasesJson, type CaseImportResult } from '../../core/case-format';
import { checkedText, checkTextTree, normaliseText, textProblem, withoutRefusedCharacters } from '../../core/text';
import { checkText } from '../../core/workflow/validate';
import { runCli } from '../../cli/run';
import { HOSTILE, NFC_NAME, NFD_NAME } from '../support/hostile-text';

describe('core: the text rule', () => {
  for (const [label, value, message] of HOSTILE) {
    it(`refuses ${label}, saying where`, () => {
      const problem = textProblem(value);
      assert.ok(problem, `${label} is refused`);
      assert.match(problem, message);
      assert.match(problem, /at character \d+/);
      assert.equal(textProblem(problem), null, 'the message never contains the character itself');
    });
  }

  it('accepts tab and line breaks in free text, not in a single line', () => {
    assert.equal(textProblem('line one\r\nline two\tindented'), null);
    assert.match(textProblem('Glenmore\nCouncil', { singleLine: true })!, /single line: it contains a line break at character 9/);
    assert.match(textProblem('Waste\tRecycling', { singleLine: true })!, /single line: it contains a tab/);
    assert.match(textProblem('a\u2028b', { singleLine: true })!, /line separator/);
  });

  it('accepts every script, emoji and punctuation people type', () => {
    for (const ok of ['Gàidhlig: Tha mi ag iarraidh', 'مرحبا بالعالم', 'שלום', '中文投诉', 'Zoë O’Neill – “quoted”', '👍🏽 thanks', 'Zero\u200Bwidth space']) {
      assert.equal(textProblem(ok), null, ok);
    }
  });

  it('stores NFC with LF line breaks', () => {
    assert.equal(normaliseText(NFD_NAME), NFC_NAME);
    assert.equal(normaliseText('a\r\nb\rc'), 'a\nb\nc');
    assert.deepEqual(checkedText(NFD_NAME), { ok: true, value: NFC_NAME });
    assert.equal(checkedText('x\u0000').ok, false);
  });

  it('any text: refused exactly when it holds a refused character; accepted text comes back NFC', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        // An independent statement of the rule, code point by code point.
        const refusedChar =
          [...value].some((ch) => {
            const cp = ch.codePointAt(0)!;
            const control = (cp <= 0x1f && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp <= 0x9f);
            const bidi = cp === 0x061c || cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
            const loneSurrogate = cp >= 0xd800 && cp <= 0xdfff;
            return control || bidi || loneSurrogate || cp === 0xfffd;
          });
        const result = checkedText(value);
        assert.equal(result.ok, !refusedChar, JSON.stringify(value));
        if (result.ok) assert.equal(result.value, result.value.normalize('NFC'));
      }),
    );
  });

  it('checks every string and key of a JSON value, with the path', () => {
    const { problems, value } = checkTextTree({ customer: { name: NFD_NAME, notes: ['fine', 'bad\u001b'] }, ['k\u202e']: 'x' });
    assert.deepEqual(problems.map((p) => p.path), [['customer', 'notes', 1], ['(a field name)']]);
    assert.equal((checkTextTree({ name: NFD_NAME }).value as { name: string }).name, NFC_NAME);
    assert.ok(value);
  });

  it('drops refused characters from text offered for editing (a Teams message prefilling the form)', () => {
    assert.equal(withoutRefusedCharacters('a\u0000b\u202Ec\r\nd'), 'abc\nd');
    assert.equal(withoutRefusedCharacters('Morag\nCampbell', { singleLine: true }), 'Morag Campbell');
  });

  it('the workflow refuses the same text whatever adapter it came through', () => {
    assert.match(checkText('why\u001b[2J', 'the reason')!.message, /^The reason contains an ESC character/);
    assert.equal(checkText('a reason', 'the reason'), null);
  });
});

describe('core: case files keep the text rule (chp import), naming row and column', () => {
  const options = { orgId: 'org-text', calendar: new WorkingCalendar() };
  const header = 'reference,date_received,nature,service,customer_name';
  const errorsOf = (result: CaseImportResult) => (result.ok ? [] : result.errors);

  for (const [label, value, message] of HOSTILE.slice(0, 5)) {
    it(`CSV: ${label} in a cell is refused with its row and column`, () => {
      // A CSV is read as UTF-8 bytes: half a character arrives as U+FFFD.
      const expected = label === 'a lone surrogate' ? /replacement character/ : message;
      const csv = `${header}\nA1,2026-03-02,Fine,Waste,Morag\nA2,2026-03-02,"${value}",Waste,Morag\n`;
      const errors = errorsOf(parseCasesCsv(csv, options));
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.equal(errors[0].row, 3);
      assert.equal(errors[0].column, 'nature');
      assert.match(errors[0].message, expected);
    });

    it(`JSON: ${label} in a row or in a Case object is refused with its item and field`, () => {
      const good = parseCasesCsv(`${header}\nB1,2026-03-02,Fine,Waste,Morag`, options);
      assert.ok(good.ok);
      const json = JSON.stringify([{ reference: 'B2', date_received: '2026-03-02', nature: 'ok', service: 'Waste', customer_name: value }, { ...good.cases[0], representative: { name: value, consentRecorded: true } }]);
      const errors = errorsOf(parseCasesJson(json, options));
      assert.deepEqual(errors.map((e) => `${e.row}:${e.column}`), ['1:customer_name', '2:representative.name']);
      for (const e of errors) assert.match(e.message, message);
    });
  }

  it('a single-line column refuses a line break; a column name with ESC is refused without echoing it', () => {
    const quoted = parseCasesCsv(`${header}\nC1,2026-03-02,"two\nlines are fine here",Waste,"Morag\nCampbell"`, options);
    assert.deepEqual(errorsOf(quoted).map((e) => `${e.row}:${e.column}`), ['2:customer_name']);
    const badHeader = errorsOf(parseCasesCsv(`reference,date_received,nature,service,\u001b[31mevil\nC1,2026-03-02,x,Waste,y`, options));
    assert.deepEqual(badHeader.map((e) => `${e.row}:${e.column}`), ['1:column 5']);
    assert.ok(!formatRowErrors(badHeader).includes('\u001b'));
  });

  it('NFD text is imported as NFC', () => {
    const result = parseCasesCsv(`${header}\nD1,2026-03-02,Caf\u0065\u0301 closed,Waste,${NFD_NAME}`, options);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.cases[0].customer.name, NFC_NAME);
    assert.equal(result.cases[0].nature, 'Caf\u00e9 closed');
  });

  it('chp import refuses the file, naming row and column, and writes nothing to the terminal but the message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chp-text-'));
    try {
      fs.writeFileSync(path.join(dir, 'cases.csv'), `${header}\nE1,2026-03-02,"ok",Waste,Morag\nE2,2026-03-02,"\u001b[31mred alert\u001b[0m",Waste,Morag\n`);
      let out = '';
      let err = '';
      const code = await runCli(['import', 'cases.csv', '--org', 'org-text'], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
      assert.equal(code, 1, err);
      assert.equal(out, '');
      assert.match(err, /row 3, nature: contains an ESC character .*\(U\+001B\) at character 1/);
      assert.ok(!err.includes('\u001b'), 'the escape never reaches the terminal');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { parse } from 'csv-parse/sync';
import type { Options } from 'csv-parse/sync';
import { FINDINGS_CSV_COLUMNS, csvCell, toCsv } from '../../../src/core/audit';
import type { Finding } from '../../../src/core/audit';
import { findingsCsv } from '../../../src/messages/audit';
import type { CsvOptions, FindingException } from '../../../src/core/audit';
import { english } from './worded';

const findingsToCsv = (list: readonly Finding[], options?: CsvOptions) =>
  findingsCsv(english, list, options);

function parseCsv(text: string, options: { bom?: boolean } = {}): string[][] {
  // Typed as plain Options so the overload without column mapping (string[][]) is chosen.
  const parseOptions: Options = { bom: options.bom ?? false, relax_column_count: false };
  return parse(text, parseOptions);
}

const findings: Finding[] = [
  {
    id: 'sensitive-page-unrestricted|ENG|200|',
    rule: 'sensitive-page-unrestricted',
    severity: 'high',
    spaceKey: 'ENG',
    contentId: '200',
    title: 'Pay, bonus & "stock"\r\nplan',
    stored: { message: 'The page "Pay" is labelled "secret", but…\nAdd a restriction.' },
  },
  {
    id: 'broad-group-admin|ENG||group:g-1',
    rule: 'broad-group-admin',
    severity: 'high',
    spaceKey: 'ENG',
    stored: { message: 'plain', principal: '=HYPERLINK("http://evil","x")' },
  },
  {
    id: 'user-grants|ENG||user:u',
    rule: 'user-grants',
    severity: 'low',
    spaceKey: 'ENG',
    title: '+1 ideas',
    stored: { message: '-dash first', principal: '@ops' },
  },
  {
    id: 'not-inspectable|ENG|5|',
    rule: 'not-inspectable',
    severity: 'info',
    spaceKey: 'ENG',
    contentId: '5',
    title: 'Café ✓ \t tab',
    stored: { message: '\tstarts with a tab' },
  },
];

describe('findingsToCsv', () => {
  it('round-trips through csv-parse, with formula cells neutralised', () => {
    const csv = findingsToCsv(findings);
    expect(parseCsv(csv)).toEqual([
      [
        'severity',
        'rule',
        'spaceKey',
        'contentId',
        'title',
        'principal',
        'message',
        'id',
        'link',
        'exception',
        'lastRead',
      ],
      [
        'high',
        'sensitive-page-unrestricted',
        'ENG',
        '200',
        'Pay, bonus & "stock"\r\nplan',
        '',
        'The page "Pay" is labelled "secret", but…\nAdd a restriction.',
        'sensitive-page-unrestricted|ENG|200|',
        '/wiki/pages/viewpage.action?pageId=200',
        '',
        '',
      ],
      [
        'high',
        'broad-group-admin',
        'ENG',
        '',
        '',
        `'=HYPERLINK("http://evil","x")`,
        'plain',
        'broad-group-admin|ENG||group:g-1',
        '/wiki/spaces/spacepermissions.action?key=ENG',
        '',
        '',
      ],
      [
        'low',
        'user-grants',
        'ENG',
        '',
        "'+1 ideas",
        "'@ops",
        "'-dash first",
        'user-grants|ENG||user:u',
        '/wiki/spaces/spacepermissions.action?key=ENG',
        '',
        '',
      ],
      [
        'info',
        'not-inspectable',
        'ENG',
        '5',
        'Café ✓ \t tab',
        '',
        "'\tstarts with a tab",
        'not-inspectable|ENG|5|',
        '/wiki/pages/viewpage.action?pageId=5',
        '',
        '',
      ],
    ]);
  });

  it('writes an accepted exception on its row, formula-safe, and leaves open rows empty', () => {
    const exception: FindingException = {
      findingId: 'user-grants|ENG||user:u',
      rule: 'user-grants',
      spaceKey: 'ENG',
      reason: '=by design, "for now"',
      ownerAccountId: 'u-alice',
      expiresOn: '2027-03-01',
      acceptedAt: '2026-03-01T09:00:00.000Z',
      acceptedBy: 'u-alice',
    };
    const csv = findingsCsv(english, findings, {
      exceptions: new Map([[exception.findingId, exception]]),
    });
    const [header, ...rows] = parseCsv(csv);
    const column = header!.indexOf('exception');
    expect(rows.map((row) => row[column])).toEqual([
      '',
      '',
      'accepted until 2027-03-01: =by design, "for now"',
      '',
    ]);
  });

  it('says when a carried-forward finding was last read, and leaves read rows empty', () => {
    const carried: Finding = { ...findings[2]!, carried: { readAt: '2026-11-30T08:00:00.000Z' } };
    const [header, ...rows] = parseCsv(findingsToCsv([findings[1]!, carried]));
    const column = header!.indexOf('lastRead');
    expect(column).toBe(header!.length - 1);
    expect(rows.map((row) => row[column])).toEqual(['', '2026-11-30T08:00:00.000Z']);
  });

  it('uses CRLF after every record and quotes only where needed', () => {
    const csv = findingsToCsv([findings[1]!]);
    expect(csv).toBe(
      `${FINDINGS_CSV_COLUMNS.join(',')}\r\nhigh,broad-group-admin,ENG,,,"'=HYPERLINK(""http://evil"",""x"")",plain,broad-group-admin|ENG||group:g-1,/wiki/spaces/spacepermissions.action?key=ENG,,\r\n`,
    );
  });

  it('is just the header for no findings', () => {
    expect(findingsToCsv([])).toBe(`${FINDINGS_CSV_COLUMNS.join(',')}\r\n`);
  });

  it('can start with a byte order mark', () => {
    const csv = findingsToCsv(findings, { bom: true });
    expect(csv.startsWith('\uFEFFseverity,')).toBe(true);
    expect(parseCsv(csv, { bom: true })[0]?.[0]).toBe('severity');
  });
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\ronly', '"cr\ronly"'],
    ['=1+1', "'=1+1"],
    ['-2', "'-2"],
    ['+2', "'+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['=a,b', `"'=a,b"`],
    ['\r=x', `"'\r=x"`],
    ['a=b', 'a=b'],
  ])('%p becomes %p', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('round-trips arbitrary rows', () => {
    const rows = [
      ['a', 'b,c', '"', '""', 'x\r\ny', ' spaced ', 'ünï'],
      ['', '', '', '', '', '', ''],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });
});

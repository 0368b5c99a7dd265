/**
 * The secrets gate (src/lib/secrets.ts) on its own: every form of the key it promises to hide,
 * at every alignment, for ordinary and for odd keys; nothing else changed; linear time on
 * hostile texts of 1 MB.
 */
import { describe, expect, test } from 'vitest';
import { armSecretGate, conceal, SECRET_MARK } from '../../src/lib/secrets.js';
import { keyFinder } from '../support/secret-forms.js';

const KEYS = [
  'sk-test-QADDON-0123456789abcdef',
  `sk-proj-${'Ab9_-'.repeat(30)}`,
  '0123456789abcdef0123456789abcdef',
  'a"b\\c/d%41e+f=g',
  'a&b<c>d\'e&#65;f',
  '12345678',
];

/** The key in each promised form, as it would sit in a text. */
function echoes(key: string): [string, string][] {
  const json = JSON.stringify(key).slice(1, -1);
  const forms: [string, string][] = [
    ['raw', key],
    ['upper case', key.toUpperCase()],
    ['lower case', key.toLowerCase()],
    ['JSON string', json],
    ['JSON in JSON', JSON.stringify(JSON.stringify(key)).slice(1, -1)],
    ['JSON in JSON in JSON', JSON.stringify(JSON.stringify(JSON.stringify(key))).slice(1, -1)],
    ['\\u escapes', key.split('').map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
    ['\\u escapes, upper-case hex', key.split('').map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`).join('')],
    ['URL-encoded', key.split('').map((char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`).join('')],
    ['encodeURIComponent', encodeURIComponent(key)],
    ['URL-encoded JSON', encodeURIComponent(JSON.stringify(key))],
    ['HTML decimal references', key.split('').map((char) => `&#${char.charCodeAt(0)};`).join('')],
    ['HTML hex references', key.split('').map((char) => `&#x${char.charCodeAt(0).toString(16)};`).join('')],
    ['HTML hex references, upper case, leading zeros, no semicolons', key.split('').map((char) => `&#X00${char.charCodeAt(0).toString(16).toUpperCase()}`).join('')],
    ['HTML-escaped (&amp; &lt; &gt; &quot; &apos;)', key.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')],
    ['HTML references in JSON', JSON.stringify(key.split('').map((char) => `&#${char.charCodeAt(0)};`).join('')).slice(1, -1)],
    ['hex', Buffer.from(key).toString('hex')],
    ['HEX', Buffer.from(key).toString('hex').toUpperCase()],
  ];
  for (let before = 0; before < 3; before += 1) {
    for (let after = 0; after < 3; after += 1) {
      const text = `${'p'.repeat(before)}${key}${'s'.repeat(after)}`;
      forms.push([`base64 +${before}/${after}`, Buffer.from(text).toString('base64')]);
      forms.push([`base64url +${before}/${after}`, Buffer.from(text).toString('base64url')]);
      forms.push([`base64 in JSON +${before}/${after}`, JSON.stringify(Buffer.from(text).toString('base64')).replace(/\//g, '\\/')]);
      forms.push([`base64 URL-encoded +${before}/${after}`, encodeURIComponent(Buffer.from(text).toString('base64'))]);
    }
  }
  if (!/[%\\&]/.test(key)) {
    forms.push(['a mix of escapes per character', key.split('').map((char, i) => [char, `%${char.charCodeAt(0).toString(16)}`, `\\u00${char.charCodeAt(0).toString(16)}`, `&#${char.charCodeAt(0)};`, `&#x${char.charCodeAt(0).toString(16)};`][i % 5]).join('')]);
  }
  return forms;
}

describe.each(KEYS)('key %s', (key) => {
  test.each(echoes(key))('%s: concealed wherever it stands, nothing of it left', (_name, echo) => {
    armSecretGate(key);
    const finder = keyFinder(key);
    for (const text of [echo, `before ${echo} after`, `${'x'.repeat(3975)}${echo}`, `{"m":"${echo}"}`]) {
      const shown = conceal(text);
      expect(shown).toContain(SECRET_MARK);
      expect(finder.find(shown)).toEqual([]);
    }
  });
});

describe('what the gate leaves alone', () => {
  test('text without the key is returned as it was, escapes and case included', () => {
    armSecretGate('sk-test-QADDON-0123456789abcdef');
    for (const text of ['', 'plain', 'sk-test***cdef', '{"a":"\\u0041\\n%41"}', '&#115;&#107;&#x2d; &amp;&#; &#x; &#99999999999;', 'İstanbul ǅ ß', `${'\\'.repeat(100)}%%%`]) {
      expect(conceal(text)).toBe(text);
    }
  });

  test('only the key is replaced: the text around it stays, every occurrence goes', () => {
    const key = 'sk-test-QADDON-0123456789abcdef';
    armSecretGate(key);
    expect(conceal(`a ${key} b ${key.toUpperCase()} c`)).toBe(`a ${SECRET_MARK} b ${SECRET_MARK} c`);
    expect(conceal(`{"k":"${key.replace(/s/g, '\\u0073')}"}`)).toBe(`{"k":"${SECRET_MARK}"}`);
  });

  test('a new key replaces the one armed before', () => {
    armSecretGate('first-key-0001');
    armSecretGate('second-key-0002');
    expect(conceal('first-key-0001 second-key-0002')).toBe(`first-key-0001 ${SECRET_MARK}`);
  });
});

describe('time: linear in the text, also on hostile texts of 1 MB', () => {
  const texts: [string, string][] = [
    ['plain', 'x'.repeat(1000000)],
    ['backslashes', '\\'.repeat(1000000)],
    ['escapes', '\\u0041%41'.repeat(111111)],
    ['nested escapes', '\\\\\\\\u005c'.repeat(100000)],
    ['percent signs', '%'.repeat(1000000)],
    ['HTML references', '&#115;&#x6B;&amp;&#'.repeat(55555)],
    ['long HTML references', `&#${'1'.repeat(1000000)};`],
  ];
  test.each(texts)('%s', (_name, text) => {
    armSecretGate('a\\b%41c"d/e&#-0123456789');
    // CPU time of this process, not wall time: a quadratic gate takes minutes of CPU on these
    // texts, a linear one well under a second; the wall clock also counts other processes.
    const started = process.cpuUsage();
    conceal(text);
    armSecretGate('sk-test-QADDON-0123456789abcdef');
    conceal(text);
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(2000);
  });
});

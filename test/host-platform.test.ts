/**
 * The platform objects of the local host (src/host/runtime), as Questetra's own add-ons use them:
 * files and multipart, bytes and charsets, Java values, dates, data item types, tables, users,
 * auth settings, base64/digest/jwt, mail, markdown, the feed, and the test API's matchers.
 *
 * Each family is a small add-on whose `<test>` block asserts with `expect(...)`; every one of its
 * tests must pass in the Node tier and, where a JDK and Maven are found, in the GraalJS tier too,
 * where what is Java on the platform is real Java. A result seen only in one tier is a defect.
 */
import { generateKeyPairSync, createVerify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddonModel } from '../src/addon/model.js';
import { findGraalToolchain } from '../src/host/graaljs.js';
import { addonFilesOf, type AddonResult } from '../src/host/test-addons.js';
import { inGraalJs, inNode } from './support/tiers.js';
import { tempFolder, validModel, writeAddonFile } from './support/addons.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

/** The add-ons of this suite: a `<test>` block each (and a script where the family needs one). */
const FAMILIES: Record<string, Partial<AddonModel>> = {
  files: {
    test: `
test('createQfile: text in the charset of the content type, UTF-8 when it names none', () => {
  const plain = engine.createQfile('a.txt', 'text/plain', 'あいう');
  expect(plain.getName()).toEqual('a.txt');
  expect(plain.getContentType()).toEqual('text/plain; charset=UTF-8');
  expect(plain.getCharset()).toEqual('UTF-8');
  expect(plain.getLength()).toEqual(9);
  expect(fileRepository.readFile(plain, 'UTF-8')).toEqual('あいう');
  expect(fileRepository.readFile(plain).getLength()).toEqual(9);
  const sjis = engine.createQfile('b.csv', 'text/csv; charset=Shift_JIS', 'テスト,ｱ');
  expect(sjis.getLength()).toEqual(8);
  expect(fileRepository.readFile(sjis, 'Shift_JIS')).toEqual('テスト,ｱ');
  expect(engine.createQfile('c.png', 'image/png', 'x').getContentType()).toEqual('image/png');
});
test('createQfile with a charset: UTF-16 variants and EUC-JP, read back', () => {
  const bom = engine.createQfile('d.txt', 'text/plain; charset=UTF-16', 'x-UTF-16LE-BOM', 'テスト');
  expect(bom.getContentType()).toEqual('text/plain; charset=UTF-16');
  expect(bom.getCharset()).toEqual('x-UTF-16LE-BOM');
  expect(bom.getLength()).toEqual(8);
  expect(fileRepository.readFile(bom, 'UTF-16')).toEqual('テスト');
  expect(fileRepository.readFile(engine.createQfile('e.txt', 'text/plain', 'UTF-16', 'ab'), 'UTF-16BE')).toEqual('\\ufeffab');
  expect(engine.createQfile('f.txt', 'text/plain', 'UTF-16', '').getLength()).toEqual(0);
  const euc = engine.createQfile('g.txt', 'text/plain', 'EUC-JP', 'さようなら');
  expect(euc.getLength()).toEqual(10);
  expect(fileRepository.readFile(euc, 'EUC-JP')).toEqual('さようなら');
  expect(fileRepository.readFile(euc, 'ISO-8859-1').length).toEqual(10);
});
test('readFile line by line (Java readLine) and in packets', () => {
  const file = engine.createQfile('h.txt', 'text/plain', 'a\\r\\nb\\nc\\rd\\n');
  const lines = [];
  fileRepository.readFile(file, 'UTF-8', (line) => lines.push(line));
  expect(lines).toEqual(['a', 'b', 'c', 'd']);
  const sizes = [];
  fileRepository.readFile(file, 4, (packet) => sizes.push(packet.getLength()));
  expect(sizes).toEqual([4, 4, 1]);
  const none = [];
  fileRepository.readFile(engine.createQfile('i.txt', 'text/plain', ''), 'UTF-8', (line) => none.push(line));
  expect(none).toEqual([]);
});
test('NewQfile keeps the media type and charset, refines octet-stream by the name, refuses a malformed type', () => {
  const NewQfile = com.questetra.bpms.core.event.scripttask.NewQfile;
  const bytes = engine.createByteArray('%PDF');
  expect(new NewQfile('a.png', 'image/png; name="a.png"', bytes).getContentType()).toEqual('image/png');
  expect(new NewQfile('a.txt', 'text/plain; charset="UTF-8"', 'x').getContentType()).toEqual('text/plain; charset=UTF-8');
  expect(new NewQfile('a.pdf', 'application/octet-stream', bytes).getContentType()).toEqual('application/pdf');
  expect(new NewQfile('noext', 'application/octet-stream', bytes).getContentType()).toEqual('application/octet-stream');
  expect(() => new NewQfile('a.png', 'image/png"', bytes)).toThrow();
  const text = new NewQfile('t.txt', 'text/plain; charset=UTF-16', 'x-UTF-16LE-BOM', 'ab');
  expect(text.getLength()).toEqual(6);
  const copy = new NewQfile('copy.txt', 'text/plain', text);
  expect(fileRepository.readFile(copy, 'UTF-16')).toEqual('ab');
});
test('a FILE item holds a Java list of files; findData gives a fresh list each time', () => {
  const def = engine.createDataDefinition('Files', 1, 'q_files', 'FILE');
  expect(engine.findData(def)).toEqual(null);
  const files = new java.util.ArrayList();
  files.add(engine.createQfile('1.txt', 'text/plain', 'one'));
  engine.setData(def, files);
  const read = engine.findData(def);
  expect(read.size()).toEqual(1);
  expect(read.get(0).getName()).toEqual('1.txt');
  read.add(engine.createQfile('2.txt', 'text/plain', 'two'));
  expect(engine.findData(def).size()).toEqual(1);
  engine.setData(def, [engine.createQfile('3.txt', 'text/plain', 'x'), engine.createQfile('4.txt', 'text/plain', 'y')]);
  expect(engine.findData(def).size()).toEqual(2);
  expect(engine.findData(def).get(1).getName()).toEqual('4.txt');
});
test('multipart reaches the handler as a Java map of lists: text parts and files', () => {
  const file = engine.createQfile('train.jsonl', 'application/jsonl', '{"a":1}\\n');
  let seen = null;
  httpClient.setRequestHandler((request) => {
    expect(request.method).toEqual('POST');
    expect(request.contentType).startsWith('multipart/form-data');
    const body = request.body;
    seen = [body.size(), body.get('purpose').size(), body.get('purpose').get(0), body.get('file').get(0).getName(),
      body.get('file').get(0).getContentType(), body.get('file').get(0).getLength(), body.get('tag').size(), body.get('tag').get(1)];
    return httpClient.createHttpResponse(200, 'application/json', '{}');
  });
  httpClient.begin().multipart('purpose', 'fine-tune').multipart('file', file).multipart('tag', 'a').multipart('tag', 'b').post('https://example.com/files');
  expect(seen).toEqual([3, 1, 'fine-tune', 'train.jsonl', 'application/jsonl', 8, 2, 'b']);
});
test('a body of bytes or a file reaches the handler as text in its charset', () => {
  const bodies = [];
  httpClient.setRequestHandler((request) => {
    bodies.push(request.contentType + ' ' + request.body);
    return httpClient.createHttpResponse(200, 'text/plain', '');
  });
  httpClient.begin().body(engine.createByteArray('バイト'), 'text/plain').put('https://example.com/1');
  httpClient.begin().body(engine.createQfile('p.html', 'text/html; charset=EUC-JP', 'ページ')).put('https://example.com/2');
  expect(bodies).toEqual(['text/plain バイト', 'text/html; charset=EUC-JP ページ']);
});
`,
  },
  java: {
    test: `
test('java.util.ArrayList: the Java methods, array-like in JS', () => {
  const list = new java.util.ArrayList();
  expect(list.isEmpty()).toEqual(true);
  list.add('a');
  list.add('b');
  list.add(1, 'x');
  expect(list.size()).toEqual(3);
  expect(list.get(1)).toEqual('x');
  expect(list.length).toEqual(3);
  expect(list[2]).toEqual('b');
  expect(Array.isArray(list)).toEqual(true);
  expect(JSON.stringify(list)).toEqual('["a","x","b"]');
  expect(list.indexOf('b')).toEqual(2);
  expect(list.contains('x')).toEqual(true);
  expect(list.remove(1)).toEqual('x');
  expect(list.toString()).toEqual('[a, b]');
  const joined = [];
  for (const element of list) joined.push(element);
  expect(joined).toEqual(['a', 'b']);
  let thrown = null;
  try { list.get(5); } catch (e) { thrown = e; }
  expect(thrown.message).toEqual('Index 5 out of bounds for length 2');
  expect(String(thrown)).toEqual('java.lang.IndexOutOfBoundsException: Index 5 out of bounds for length 2');
});
test('java.math.BigDecimal: exact decimal arithmetic, Java text', () => {
  const BigDecimal = java.math.BigDecimal;
  expect(new BigDecimal('1.50').toString()).toEqual('1.50');
  expect(new BigDecimal('1E+3').toString()).toEqual('1E+3');
  expect(new BigDecimal('1E+3').toPlainString()).toEqual('1000');
  expect(new BigDecimal('0.0000001').toString()).toEqual('1E-7');
  expect(new BigDecimal(0.1).toString()).toEqual('0.1000000000000000055511151231257827021181583404541015625');
  expect(BigDecimal.valueOf(0.1).toString()).toEqual('0.1');
  expect(new BigDecimal(123).toString()).toEqual('123');
  expect(new BigDecimal('1.25').add(new BigDecimal('2.5')).toString()).toEqual('3.75');
  expect(new BigDecimal('1.5').multiply(new BigDecimal('-2')).toString()).toEqual('-3.0');
  expect(new BigDecimal('1.25').setScale(1, java.math.RoundingMode.HALF_UP).toString()).toEqual('1.3');
  expect(new BigDecimal('1.25').setScale(1, java.math.RoundingMode.HALF_EVEN).toString()).toEqual('1.2');
  expect(new BigDecimal('10').divide(new BigDecimal('4')).toString()).toEqual('2.5');
  expect(new BigDecimal('2.00').compareTo(new BigDecimal('2'))).toEqual(0);
  expect(new BigDecimal('2.00').equals(new BigDecimal('2'))).toEqual(false);
  expect(new BigDecimal('42').longValueExact()).toEqual(42);
  expect(() => new BigDecimal('1.5').longValueExact()).toThrow('Rounding necessary');
  expect(() => new BigDecimal('1,000')).toThrow();
  expect(new BigDecimal('1.50') + 1).toEqual('1.501');
  expect(Number(new BigDecimal('1.50'))).toEqual(1.5);
});
test('java.sql.Timestamp, java.sql.Date and java.text formats', () => {
  const timestamp = java.sql.Timestamp.valueOf('2021-01-01 12:12:12');
  expect(timestamp.toString()).toEqual('2021-01-01 12:12:12.0');
  expect(new java.sql.Timestamp(timestamp.getTime()).getTime()).toEqual(timestamp.getTime());
  expect(java.sql.Date.valueOf('2021-09-10').toString()).toEqual('2021-09-10');
  const era = new java.text.SimpleDateFormat('GGGGyyyy年M月d日', new java.util.Locale('ja', 'JP', 'JP'));
  expect(era.format(java.sql.Date.valueOf('2021-09-10'))).toEqual('令和3年9月10日');
  expect(era.format(java.sql.Date.valueOf('1989-01-07'))).toEqual('昭和64年1月7日');
  expect(new java.text.SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss").format(timestamp)).toEqual('2021-01-01T12:12:12');
  expect(new java.text.DecimalFormat('#,###.0').format(new java.math.BigDecimal('1234.56'))).toEqual('1,234.6');
  expect(new java.text.DecimalFormat('#,##0.00').format(new java.math.BigDecimal('-0.5'))).toEqual('-0.50');
});
test('AddableTimestamp and AddableDate: new values, Java dates', () => {
  const start = new com.questetra.bpms.util.AddableTimestamp(java.sql.Timestamp.valueOf('2022-01-31 10:00:00').getTime());
  expect(start.addHours(2).getTime() - start.getTime()).toEqual(7200000);
  expect(start.addMinutes(-1).getTime() - start.getTime()).toEqual(-60000);
  expect(start.addDays(1).toString()).toEqual('2022-02-01 10:00:00.0');
  expect(start.addMonths(1).toString()).toEqual('2022-02-28 10:00:00.0');
  expect(start.getFirstTimeInDate().toString()).toEqual('2022-01-31 00:00:00.0');
  expect(new java.text.SimpleDateFormat('yyyy/MM/dd HH:mm').format(start)).toEqual('2022/01/31 10:00');
  const day = new com.questetra.bpms.util.AddableDate(java.sql.Date.valueOf('2024-02-28').getTime());
  expect(day.addDays(1).toString()).toEqual('2024-02-29');
  expect(day.addYears(1).toString()).toEqual('2025-02-28');
});
`,
  },
  codecs: {
    test: `
test('base64: text as UTF-8, bytes, URL-safe alphabet with padding', () => {
  expect(base64.encodeToString('テスト')).toEqual('44OG44K544OI');
  expect(base64.decodeFromString('44OG44K544OI')).toEqual('テスト');
  expect(base64.encodeToUrlSafeString('??>')).toEqual('Pz8-');
  expect(base64.encodeToString('??>')).toEqual('Pz8+');
  expect(base64.encodeToUrlSafeString('a')).toEqual('YQ==');
  expect(base64.decodeFromUrlSafeString('Pz8-')).toEqual('??>');
  expect(base64.decodeFromStringToByteArray('AAEC').getLength()).toEqual(3);
  expect(base64.encodeToString(base64.decodeFromUrlSafeStringToByteArray('_-8'))).toEqual('/+8=');
});
test('digest: MD5, SHA-1, SHA-256 of text, bytes and files', () => {
  expect(base64.encodeToString(digest.md5('abc'))).toEqual('kAFQmDzST7DWlj99KOF/cg==');
  expect(base64.encodeToString(digest.sha1('abc'))).toEqual('qZk+NkcGgWq6PiVxeFDCbJzQ2J0=');
  expect(base64.encodeToString(digest.sha256('abc'))).toEqual('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  expect(base64.encodeToString(digest.sha256(''))).toEqual('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  const file = engine.createQfile('a.txt', 'text/plain', 'abc');
  expect(base64.encodeToString(digest.sha256(file))).toEqual(base64.encodeToString(digest.sha256(engine.createByteArray('abc'))));
  const long = 'a'.repeat(1000);
  expect(base64.encodeToString(digest.sha1(long))).toEqual('KR6abGaZSUm1e6XmUDYemPw2sbo=');
});
test('rsa and jwt: RS256 tokens signed with a PKCS#8 key verify with its public key', () => {
  const token = jwt.build({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, { iss: 'me', scope: 'a b' }, rsa.readKeyFromPkcs8(PRIVATE_KEY));
  const [header, payload] = token.split('.');
  expect(JSON.parse(base64.decodeFromUrlSafeString(header))).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
  expect(JSON.parse(base64.decodeFromUrlSafeString(payload)).scope).toEqual('a b');
  expect(jwt.verify(token, rsa.readKeyFromX509(PUBLIC_KEY))).toEqual(true);
  expect(jwt.verify(token.slice(0, -2) + 'AA', rsa.readKeyFromX509(PUBLIC_KEY))).toEqual(false);
  engine.log(token);
});
`,
  },
  http: {
    test: `
function echo() {
  httpClient.setRequestHandler((request) => httpClient.createHttpResponse(200, 'text/plain', request.method + ' ' + request.url + ' ' + (request.contentType || '-') + ' ' + (request.headers.get('Authorization') || '-') + ' ' + (request.body || '')));
}
test('query and form parameters are encoded like Java URLEncoder', () => {
  echo();
  expect(httpClient.begin().queryParam('q', "a b~!'()*") .queryParam('k', 'é&=').get('https://x.example/p?x=1').getResponseAsString())
    .toEqual("GET https://x.example/p?x=1&q=a+b%7E%21%27%28%29*&k=%C3%A9%26%3D - - ");
  expect(httpClient.begin().formParam('grant_type', 'urn:ietf:params:oauth').formParam('v', 'a b').post('https://x.example/t').getResponseAsString())
    .toEqual('POST https://x.example/t application/x-www-form-urlencoded; charset=UTF-8 - grant_type=urn%3Aietf%3Aparams%3Aoauth&v=a+b');
});
test('auth settings: Token, OAuth2, client credentials, Basic, authorization(), JWT bearer', () => {
  echo();
  const send = (request) => request.get('https://x.example/').getResponseAsString().split(' ')[3];
  const token = httpClient.createAuthSettingToken('T', 'tok');
  const oauth = httpClient.createAuthSettingOAuth2('O', 'https://a/auth', 'https://a/token', 'scope', 'id', 'secret', 'access');
  const client = httpClient.createAuthSettingOAuth2ClientCredentials('C', 'https://a/token', 'scope', 'cid', 'csecret', 'cc-access');
  const basic = httpClient.createAuthSettingBasic('B', 'user', 'pass');
  expect(send(httpClient.begin().authSetting(token))).toEqual('Bearer');
  expect(httpClient.begin().authSetting('T').get('https://x.example/').getResponseAsString()).toEqual('GET https://x.example/ - Bearer tok ');
  expect(httpClient.begin().authSetting(oauth).get('https://x.example/').getResponseAsString()).toEqual('GET https://x.example/ - Bearer access ');
  expect(httpClient.begin().authSetting(client).get('https://x.example/').getResponseAsString()).toEqual('GET https://x.example/ - Bearer cc-access ');
  expect(httpClient.begin().authSetting(basic).get('https://x.example/').getResponseAsString()).toEqual('GET https://x.example/ - Basic dXNlcjpwYXNz ');
  expect(httpClient.begin().authorization('DeepL-Auth-Key', 'k').get('https://x.example/').getResponseAsString()).toEqual('GET https://x.example/ - DeepL-Auth-Key k ');
  expect([oauth.getToken(), oauth.getClientId(), oauth.getScope(), client.getClientId(), basic.getToken()]).toEqual(['access', 'id', 'scope', 'cid', '']);
  const jwtAuth = httpClient.createAuthSettingOAuth2JwtBearer('J', 'drive', '', '', 'key-1', 'PEM', 'sa@example.com', '');
  expect([jwtAuth.getScope(), jwtAuth.getPrivateKeyId(), jwtAuth.getPrivateKey(), jwtAuth.getCustomSecret1()]).toEqual(['drive', 'key-1', 'PEM', 'sa@example.com']);
  let asked = 0;
  const request = httpClient.begin().oauth2JwtBearer(jwtAuth, () => { asked++; return { access_token: 'jwt-token-' + asked }; });
  expect(request.get('https://x.example/1').getResponseAsString()).toEqual('GET https://x.example/1 - Bearer jwt-token-1 ');
  expect(request.get('https://x.example/2').getResponseAsString()).toEqual('GET https://x.example/2 - Bearer jwt-token-2 ');
});
test('responses: media type and charset apart, bytes, every value of a header', () => {
  httpClient.setRequestHandler(() => httpClient.createHttpResponse(201, 'text/plain; charset=EUC-JP', 'さようなら').addHeader('Location', 'https://x.example/1').addHeader('location', 'https://x.example/2'));
  const response = httpClient.begin().get('https://x.example/');
  expect(response.getStatusCode()).toEqual(201);
  expect(response.getContentType()).toEqual('text/plain');
  expect(response.getCharset()).toEqual('EUC-JP');
  expect(response.getResponseAsString()).toEqual('さようなら');
  expect(response.getResponse().getLength()).toEqual(10);
  expect(response.getHeaderValues('LOCATION').size()).toEqual(2);
  expect(response.getHeaderValues('Location').get(1)).toEqual('https://x.example/2');
  expect(response.getHeaderValues('Retry-After').size()).toEqual(0);
});
test('the requesting limit: more than 10 requests, and no more than the limit', () => {
  httpClient.setRequestHandler(() => httpClient.createHttpResponse(200, 'text/plain', ''));
  const limit = httpClient.getRequestingLimit();
  expect(limit > 12).toEqual(true);
  for (let i = 0; i < limit; i++) httpClient.begin().get('https://x.example/' + i);
  expect(() => httpClient.begin().get('https://x.example/over')).toThrow();
});
test('awsSignV4 adds the date and an AWS4-HMAC-SHA256 Authorization', () => {
  let headers = null;
  httpClient.setRequestHandler((request) => { headers = request.headers; return httpClient.createHttpResponse(200, 'text/plain', ''); });
  httpClient.begin().awsSignV4('AKID', 'SECRET', 'ap-northeast-1', 's3').body('x', 'text/plain').put('https://b.s3.ap-northeast-1.amazonaws.com/k');
  expect(headers['X-Amz-Content-Sha256']).toEqual('2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881');
  expect(headers.get('authorization')).startsWith('AWS4-HMAC-SHA256 Credential=AKID/');
  expect(headers.get('authorization')).containsString('/ap-northeast-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=');
});
`,
  },
  items: {
    test: `
test('string items: null until set, then what was set (even "")', () => {
  const def = engine.createDataDefinition('Text', 1, 'q_text', 'STRING_MARKDOWN');
  expect(engine.findData(def)).toEqual(null);
  engine.setData(def, '');
  expect(engine.findData(def)).toEqual('');
  engine.setDataByNumber('1', '**x**');
  expect(engine.findDataByNumber(1)).toEqual('**x**');
  expect(def.matchDataType('STRING')).toEqual(true);
  expect(def.matchDataType('STRING_TEXTAREA')).toEqual(false);
});
test('DECIMAL, DATE, DATETIME items convert what they are given', () => {
  const amount = engine.createDataDefinition('Amount', 2, 'q_amount', 'DECIMAL');
  engine.setData(amount, 12);
  expect(engine.findData(amount).toString()).toEqual('12');
  engine.setData(amount, java.math.BigDecimal.valueOf(1.5));
  expect(engine.findData(amount).add(new java.math.BigDecimal('1')).toString()).toEqual('2.5');
  const day = engine.createDataDefinition('Day', 3, 'q_day', 'DATE');
  engine.setData(day, java.sql.Date.valueOf('2024-04-04'));
  expect(engine.findData(day).toString()).toEqual('2024-04-04');
  expect(engine.findData(day).addDays(1).toString()).toEqual('2024-04-05');
  const time = engine.createDataDefinition('Time', 4, 'q_time', 'DATETIME');
  engine.setData(time, java.sql.Timestamp.valueOf('2022-02-02 02:25:25'));
  expect(engine.findData(time).addHours(1).getTime() - engine.findData(time).getTime()).toEqual(3600000);
  expect(dateFormatter.format('GMT+0900', 'yyyy-MM-dd HH:mmZ', dateFormatter.parse("yyyy-MM-dd'T'HH:mm:ssX", '2022-02-02T02:25:25Z'))).toEqual('2022-02-02 11:25+0900');
  expect(dateFormatter.format('UTC', "yyyy-MM-dd'T'HH:mm:ss'Z'", dateFormatter.parse('yyyy-MM-dd HH:mm', '2022-02-02 09:00'))).toEqual('2022-02-02T00:00:00Z');
});
test('the process time zone: GMT+09:00 unless a test sets an offset', () => {
  expect(engine.getTimeZoneId()).toEqual('GMT+09:00');
  engine.setTimeZoneOffsetInMinutes(270);
  expect(engine.getTimeZoneId()).toEqual('GMT+04:30');
  expect(dateFormatter.format('HH:mm', dateFormatter.parse("yyyy-MM-dd'T'HH:mm:ssX", '2022-01-01T00:00:00Z'))).toEqual('04:30');
  engine.setTimeZoneOffsetInMinutes(0);
  expect(engine.getTimeZoneId()).toEqual('GMT');
});
test('SELECT items: choices made by createItem, or choice IDs', () => {
  const def = engine.createDataDefinition('Choice', 5, 'q_choice', 'SELECT_SINGLE');
  const choices = new java.util.ArrayList();
  choices.add(engine.createItem('v1', 'Label 1'));
  engine.setData(def, choices);
  expect(engine.findData(def).get(0).getValue()).toEqual('v1');
  expect(engine.findData(def).get(0).getDisplay()).toEqual('Label 1');
  engine.setData(def, ['id-2']);
  expect(engine.findData(def).get(0)).toEqual('id-2');
});
test('LIST items: columns, rows, cells as text and as their type', () => {
  const table = engine.createDataDefinition('Table', 6, 'q_table', 'LIST');
  table.addSubDataDefinition('Name', 'name', 'STRING');
  table.addDecimalSubDataDefinition('Price', 'price', 2, true, false);
  table.addSubDataDefinition('Day', 'day', 'DATE_YMD');
  table.addSelectSubDataDefinition('Flag', 'flag', 'true', 'false');
  const value = table.createListArray();
  const row = value.addRow();
  row.setCol(0, 'pen');
  row.put('price', '1.5');
  row.setCol(2, '2021-09-24');
  row.setCol(3, 'true');
  engine.setData(table, value);
  const read = engine.findData(table);
  expect(read.size()).toEqual(1);
  expect(read.getRow(0).size()).toEqual(4);
  expect(read.get(0, 0)).toEqual('pen');
  expect(read.get(0, 'price')).toEqual('1.50');
  expect(read.getRow(0).getObject(1).toString()).toEqual('1.50');
  expect(read.getRow(0).getObject(2).toString()).toEqual('2021-09-24');
  expect(table.getSubDataDefinitions().get(1).matchDataType('DECIMAL')).toEqual(true);
  read.addRow();
  expect(engine.findData(table).size()).toEqual(1);
});
test('users: createQuser, quserDao, QUSER items', () => {
  const user = engine.createQuser(3, 'South Pole', 'south@example.com');
  expect([user.getId(), user.getName(), user.getEmail()]).toEqual([3, 'South Pole', 'south@example.com']);
  expect(quserDao.findByEmail('south@example.com').getName()).toEqual('South Pole');
  expect(quserDao.findByEmail('none@example.com')).toEqual(null);
  const def = engine.createDataDefinition('User', 7, 'q_user', 'QUSER');
  engine.setData(def, user);
  expect(engine.findData(def).getEmail()).toEqual('south@example.com');
});
`,
  },
  services: {
    test: `
test('emailService.parseAddressHeader: names, bare addresses, encoded words', () => {
  const list = emailService.parseAddressHeader('"To 表示名" <to@example.com>, <to2@example.com>, =?UTF-8?B?44OG44K544OI?= <t3@example.com>, plain@example.com');
  expect(list.size()).toEqual(4);
  const seen = [];
  list.forEach((address) => seen.push(address.getAddress() + '|' + address.getPersonal()));
  expect(seen).toEqual(['to@example.com|To 表示名', 'to2@example.com|null', 't3@example.com|テスト', 'plain@example.com|null']);
});
test('markdown.toHtml: blocks and inline marks, HTML escaped', () => {
  expect(markdown.toHtml('# Title\\n\\n**bold** and *em* and \`a<b>\`\\n\\n- one\\n- two\\n\\n1. first\\n2. second\\n\\n> quote\\n\\n[link](https://example.com)'))
    .toEqual('<h1>Title</h1>\\n<p><strong>bold</strong> and <em>em</em> and <code>a&lt;b&gt;</code></p>\\n<ul>\\n<li>one</li>\\n<li>two</li>\\n</ul>\\n<ol>\\n<li>first</li>\\n<li>second</li>\\n</ol>\\n<blockquote>\\n<p>quote</p>\\n</blockquote>\\n<p><a href="https://example.com">link</a></p>\\n');
});
test('feedService: a post reaches the post handler, whose answer is the new ID', () => {
  let record = null;
  feedService.setPostHandler((posted) => { record = posted; return 55; });
  const file = engine.createQfile('a.txt', 'text/plain', 'x');
  const id = feedService.begin().setChannel('my-channel').setMessageId(9999).setMarkdown('**Hi**').attachFile(file).post();
  expect(id).toEqual(55);
  expect([record.channel, record.messageId, record.message, record.markdown, record.files.size()]).toEqual(['my-channel', 9999, '**Hi**', true, 1]);
});
`,
  },
  'test-api': {
    test: `
test('toThrow(message) compares the message, of an Error or a thrown string', () => {
  expect(() => { throw new Error('boom'); }).toThrow('boom');
  expect(() => { throw 'plain text'; }).toThrow('plain text');
  let failure = null;
  try { expect(() => { throw new Error('boom'); }).toThrow('bang'); } catch (e) { failure = e.message; }
  expect(failure).toEqual('expected the function to throw "bang", but it threw "boom"');
});
test('startsWith and containsString', () => {
  expect('multipart/form-data; boundary=x').startsWith('multipart/form-data');
  expect('a long text').containsString('long');
  expect(() => expect('abc').startsWith('b')).toThrow('expected a string starting with "b", but got "abc"');
  expect(() => expect('abc').containsString('x')).toThrow('expected a string containing "x", but got "abc"');
});
test('toEqual: null and undefined are equal; Java lists compare by their elements', () => {
  expect(JSON.parse('{"a":null}').a).toEqual(undefined);
  expect(undefined).toEqual(null);
  const list = new java.util.ArrayList();
  list.add('a');
  expect(list).toEqual(['a']);
  expect(() => expect(list).toEqual(['b'])).toThrow();
  expect(() => expect(0).toEqual(null)).toThrow();
});
`,
  },
  'old-style': {
    addonVersion: undefined,
    script: `
main();
function main() {
  engine.log('ran with ' + configs.get('StrConfA1'));
  if (configs.get('StrConfA1') === 'fail') throw new Error('A1 says fail');
}
`,
    test: `
test('a script without addon-version 2 runs on execute(), from its top level, each time', () => {
  configs.put('StrConfA1', 'x');
  execute();
  execute();
});
test('what it throws reaches the test', () => {
  configs.put('StrConfA1', 'fail');
  expect(execute).toThrow('A1 says fail');
});
`,
  },
};

let folder: { path: string; remove: () => Promise<void> };
let files: Record<string, string>;
let node: AddonResult[];
let graal: AddonResult[] | null = null;
const toolchain = findGraalToolchain();

beforeAll(async () => {
  folder = await tempFolder('platform');
  files = {};
  for (const [name, family] of Object.entries(FAMILIES)) {
    const test = `const PRIVATE_KEY = ${JSON.stringify(privateKey)};\nconst PUBLIC_KEY = ${JSON.stringify(publicKey)};\n${family.test ?? ''}`;
    const model = validModel({ script: '\nfunction main() {}\n', ...family, test });
    if ('addonVersion' in family && family.addonVersion === undefined) delete model.addonVersion;
    files[name] = await writeAddonFile(folder.path, name, model);
  }
  [node, graal] = await Promise.all([inNode(Object.values(files)), 'missing' in toolchain ? null : inGraalJs(Object.values(files))]);
}, 300_000);

afterAll(async () => {
  await folder.remove();
});

function failuresOf(results: AddonResult[], family: string): string[] {
  const result = results.find((candidate) => candidate.file === files[family]);
  if (!result) return [`no result for ${family}`];
  if (result.loadError !== null) return [`could not load: ${result.loadError}`];
  return result.tests.filter((test) => !test.passed).map((test) => `${test.name}: ${test.error}`);
}

function testCount(results: AddonResult[], family: string): number {
  return results.find((candidate) => candidate.file === files[family])?.tests.length ?? 0;
}

describe.each(Object.keys(FAMILIES))('%s', (family) => {
  it('passes every test in the Node tier', () => {
    expect(failuresOf(node, family)).toEqual([]);
    expect(testCount(node, family)).toBe((FAMILIES[family]?.test?.match(/^test\(/gm) ?? []).length);
  });

  it.skipIf('missing' in toolchain)('passes every test in the GraalJS tier too', () => {
    expect(failuresOf(graal ?? [], family)).toEqual([]);
    expect(testCount(graal ?? [], family)).toBe(testCount(node, family));
  });
});

describe('what the runner sees', () => {
  it('a JWT built by the host verifies with node:crypto', () => {
    const codecs = node.find((result) => result.file === files['codecs']);
    const token = codecs?.tests.find((test) => test.name.startsWith('rsa and jwt'))?.logs[0] ?? '';
    const [header, payload, signature] = token.split('.');
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${header}.${payload}`);
    expect(verifier.verify(publicKey, Buffer.from(signature ?? '', 'base64url'))).toBe(true);
  });

  it('every secret of an auth setting is reported, for the checks that they leak nowhere', () => {
    const http = node.find((result) => result.file === files['http']);
    const secrets = http?.tests.find((test) => test.name.startsWith('auth settings'))?.secrets ?? [];
    expect(secrets).toEqual(expect.arrayContaining(['tok', 'access', 'secret', 'cc-access', 'csecret', 'pass', 'PEM', 'sa@example.com']));
  });

  it('an old-style script does not run when the add-on loads, and runs on each execute()', () => {
    const oldStyle = node.find((result) => result.file === files['old-style']);
    expect(oldStyle?.loadError).toBeNull();
    expect(oldStyle?.tests[0]?.logs).toEqual(['ran with x', 'ran with x']);
    expect(oldStyle?.tests[1]?.stepErrors).toEqual(['A1 says fail']);
  });

  it('a multipart request is recorded with its parts, files by name, type and size', () => {
    const filesResult = node.find((result) => result.file === files['files']);
    const request = filesResult?.tests.find((test) => test.name.startsWith('multipart'))?.requests[0];
    expect(request?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.body).toBe('purpose=fine-tune\nfile=<train.jsonl; application/jsonl; 8 bytes>\n{"a":1}\n\ntag=a\ntag=b');
  });
});

/**
 * The runtime's signing function itself, loaded as vitest loads TypeScript. (The runtime is
 * type-checked as ES2020 script code by tsconfig.tests.json, not as part of this Node program,
 * hence the untyped path.)
 */
interface SigningRoom {
  signAwsV4(credentials: { key: string; secret: string; region: string; service: string }, method: string, url: string, headers: Record<string, string>, payload: unknown, now: Date): Record<string, string>;
}
interface BytesRoom {
  bytesOfText(text: string): unknown;
}

describe('AWS Signature Version 4', () => {
  it("matches AWS's own example (IAM ListUsers, 2015-08-30)", async () => {
    const { signAwsV4 } = (await import('../src/host/runtime/aws-sigv4.js' as string)) as SigningRoom;
    const { bytesOfText } = (await import('../src/host/runtime/bytes.js' as string)) as BytesRoom;
    const headers = signAwsV4(
      { key: 'AKIDEXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'iam' },
      'GET',
      'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08',
      { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      bytesOfText(''),
      new Date(Date.UTC(2015, 7, 30, 12, 36, 0)),
    );
    expect(headers).toEqual({
      'X-Amz-Date': '20150830T123600Z',
      Authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    });
  });
});

describe('qaddon test arguments', () => {
  it('a folder stands for its *.xml files, sorted; files and missing paths stay as given', async () => {
    const listed = await addonFilesOf([folder.path, files['java'] as string, `${folder.path}/missing.xml`]);
    expect(listed).toEqual([...Object.values(files).sort(), files['java'], `${folder.path}/missing.xml`]);
  });
});

/**
 * `request.awsSignV4(accessKey, secretKey, region, service)`: AWS Signature Version 4, the
 * headers the platform adds when it sends the request (`X-Amz-Date`, for S3 also
 * `X-Amz-Content-Sha256`, and `Authorization`), so a test's handler sees what AWS would.
 */
import { bytesOfText, digestOf, hexOfBytes, hmacOf, type ByteArrayWrapper } from './bytes';

interface AwsCredentials {
  key: string;
  secret: string;
  region: string;
  service: string;
}

/** RFC 3986 encoding, as SigV4 wants it (`~` stays, space is `%20`). */
function awsEncode(value: string, keepSlash: boolean): string {
  const encoded = encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

function decodeOrKeep(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The headers to add to a request of `method` to `url` with `headers` and `payload`. */
export function signAwsV4(credentials: AwsCredentials, method: string, url: string, headers: Record<string, string>, payload: ByteArrayWrapper, now = new Date()): Record<string, string> {
  const match = /^[a-z]+:\/\/([^/?#]+)([^?#]*)(?:\?([^#]*))?/i.exec(url);
  const host = match?.[1] ?? '';
  const path = match?.[2] || '/';
  const query = match?.[3] ?? '';
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const payloadHash = hexOfBytes(digestOf('sha256', payload));

  const s3 = credentials.service === 's3';
  const signed: Record<string, string> = { host, 'x-amz-date': date };
  if (s3) signed['x-amz-content-sha256'] = payloadHash;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-type' || lower.startsWith('x-amz-')) signed[lower] = value.trim().replace(/\s+/g, ' ');
  }
  const names = Object.keys(signed).sort();
  const canonicalHeaders = names.map((name) => `${name}:${signed[name] ?? ''}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalQuery = query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=');
      return [awsEncode(decodeOrKeep(name), false), awsEncode(decodeOrKeep(value), false)];
    })
    .sort(([a = '', x = ''], [b = '', y = '']) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalPath = s3 ? path : path.split('/').map((segment) => awsEncode(segment, false)).join('/');
  const canonicalRequest = [method, canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');

  const scope = `${day}/${credentials.region}/${credentials.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, hexOfBytes(digestOf('sha256', bytesOfText(canonicalRequest)))].join('\n');
  let key = hmacOf('sha256', bytesOfText(`AWS4${credentials.secret}`), bytesOfText(day));
  for (const part of [credentials.region, credentials.service, 'aws4_request']) key = hmacOf('sha256', key, bytesOfText(part));
  const signature = hexOfBytes(hmacOf('sha256', key, bytesOfText(stringToSign)));
  return {
    'X-Amz-Date': date,
    ...(s3 ? { 'X-Amz-Content-Sha256': payloadHash } : {}),
    Authorization: `AWS4-HMAC-SHA256 Credential=${credentials.key}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/**
 * A loopback stand-in for Tencent Cloud SMS's SendSms API: it checks the TC3-HMAC-SHA256 signature
 * the way the provider documents it (recomputed here independently of the adapter), the
 * timestamp's freshness, and the required fields, then records the message and answers as the
 * provider does. Wrong signatures get the provider's AuthFailure.SignatureFailure.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedSms {
  phone: string;
  templateId: string;
  params: string[];
  signName: string;
  sessionContext: string;
}

export interface SmsStandIn {
  endpoint: string;
  messages: RecordedSms[];
  rejected: string[];
  /** Answer the next n requests with a server error (a provider outage). */
  failNext(n: number): void;
  close(): Promise<void>;
}

export const STANDIN_CREDENTIALS = {
  secretId: 'AKIDstandin0000000000000000000000000',
  secretKey: 'standin-secret-key-0000000000000000',
  sdkAppId: '1400000001',
  signName: '文明城市',
};

export async function startSmsStandIn(now: () => Date = () => new Date()): Promise<SmsStandIn> {
  const messages: RecordedSms[] = [];
  const rejected: string[] = [];
  let failures = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = (status: number, payload: object) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ Response: { ...payload, RequestId: `req-${messages.length + rejected.length}` } }));
      };
      const fail = (code: string, message: string) => {
        rejected.push(code);
        answer(200, { Error: { Code: code, Message: message } });
      };
      if (failures > 0) {
        failures--;
        return answer(500, { Error: { Code: 'InternalError', Message: 'stand-in outage' } });
      }
      const auth = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        request.headers.authorization ?? '',
      );
      if (!auth) return fail('AuthFailure.InvalidAuthorization', 'Authorization header malformed');
      const [, secretId, date, service, signedHeaders, signature] = auth as unknown as string[];
      if (secretId !== STANDIN_CREDENTIALS.secretId) return fail('AuthFailure.SecretIdNotFound', 'unknown SecretId');
      if (request.headers['x-tc-action'] !== 'SendSms' || request.headers['x-tc-version'] !== '2021-01-11') return fail('InvalidAction', 'action or version');
      const timestamp = Number(request.headers['x-tc-timestamp']);
      if (!Number.isInteger(timestamp) || Math.abs(now().getTime() / 1000 - timestamp) > 300) return fail('AuthFailure.SignatureExpire', 'timestamp too far from now');
      if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date || service !== 'sms') return fail('AuthFailure.InvalidAuthorization', 'credential scope');
      const names = signedHeaders!.split(';');
      if (!names.includes('content-type') || !names.includes('host')) return fail('AuthFailure.InvalidAuthorization', 'content-type and host must be signed');
      const canonicalHeaders = names
        .map(
          (name) =>
            `${name}:${String(request.headers[name] ?? '')
              .trim()
              .toLowerCase()}\n`,
        )
        .join('');
      const canonicalRequest = `${request.method}\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${createHash('sha256').update(body).digest('hex')}`;
      const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/sms/tc3_request\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
      const kDate = createHmac('sha256', `TC3${STANDIN_CREDENTIALS.secretKey}`).update(date!).digest();
      const kService = createHmac('sha256', kDate).update('sms').digest();
      const kSigning = createHmac('sha256', kService).update('tc3_request').digest();
      if (createHmac('sha256', kSigning).update(stringToSign).digest('hex') !== signature)
        return fail('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
      const input = JSON.parse(body) as {
        PhoneNumberSet: string[];
        SmsSdkAppId: string;
        SignName: string;
        TemplateId: string;
        TemplateParamSet?: string[];
        SessionContext?: string;
      };
      if (input.SmsSdkAppId !== STANDIN_CREDENTIALS.sdkAppId || !input.SignName || !input.TemplateId) return fail('MissingParameter', 'SmsSdkAppId, SignName and TemplateId');
      const statuses = input.PhoneNumberSet.map((phone) => {
        messages.push({ phone, templateId: input.TemplateId, params: input.TemplateParamSet ?? [], signName: input.SignName, sessionContext: input.SessionContext ?? '' });
        return {
          SerialNo: `serial-${messages.length}`,
          PhoneNumber: phone,
          Fee: 1,
          SessionContext: input.SessionContext ?? '',
          Code: 'Ok',
          Message: 'send success',
          IsoCode: 'CN',
        };
      });
      answer(200, { SendStatusSet: statuses });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    messages,
    rejected,
    failNext: (n) => void (failures = n),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

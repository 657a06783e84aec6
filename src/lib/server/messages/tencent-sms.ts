/**
 * Tencent Cloud SMS (腾讯云短信), API 3.0 action SendSms, version 2021-01-11, signed with
 * TC3-HMAC-SHA256 ("Signature v3" in Tencent Cloud's API documentation):
 *
 *   CanonicalRequest = POST \n / \n (empty query) \n CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
 *     CanonicalHeaders: "content-type:application/json; charset=utf-8\nhost:<host>\nx-tc-action:sendsms\n"
 *     (names and values lower-case), SignedHeaders: "content-type;host;x-tc-action"
 *   StringToSign = "TC3-HMAC-SHA256" \n timestamp \n "<UTC date>/sms/tc3_request" \n hex(SHA256(CanonicalRequest))
 *   kDate = HMAC("TC3" + SecretKey, date); kService = HMAC(kDate, "sms"); kSigning = HMAC(kService, "tc3_request")
 *   Signature = hex(HMAC(kSigning, StringToSign))
 *   Authorization: TC3-HMAC-SHA256 Credential=<SecretId>/<date>/sms/tc3_request, SignedHeaders=…, Signature=…
 *
 * SMS are sent only from registered templates: the message kind's template id comes from
 * SMS_TEMPLATES, its parameters from the notice (./kinds.ts). The outbox id goes as SessionContext,
 * which the provider echoes in its status reports.
 */
import { createHash, createHmac } from 'node:crypto';
import type { ChannelSender, OutgoingMessage } from './channels';

export interface TencentSmsSettings {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  region: string;
  endpoint: string;
}

const SERVICE = 'sms';
const ACTION = 'SendSms';
const VERSION = '2021-01-11';
const CONTENT_TYPE = 'application/json; charset=utf-8';

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** The Authorization header of a TC3-HMAC-SHA256 request, per the steps above. */
export function tc3Authorization(input: { secretId: string; secretKey: string; host: string; action: string; payload: string; timestamp: number; service?: string }): string {
  const service = input.service ?? SERVICE;
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalHeaders = `content-type:${CONTENT_TYPE}\nhost:${input.host}\nx-tc-action:${input.action.toLowerCase()}\n`;
  const signedHeaders = 'content-type;host;x-tc-action';
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(input.payload)].join('\n');
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const signing = hmac(hmac(hmac(`TC3${input.secretKey}`, date), service), 'tc3_request');
  const signature = createHmac('sha256', signing).update(stringToSign, 'utf8').digest('hex');
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/** Mainland numbers in E.164, as the API wants them. */
function e164(phone: string): string {
  return phone.startsWith('+') ? phone : `+86${phone}`;
}

export function tencentSmsSender(settings: TencentSmsSettings, clock: () => Date = () => new Date()): ChannelSender {
  const url = new URL(settings.endpoint);
  return {
    channel: 'sms',
    async deliver(message: OutgoingMessage) {
      if (!message.template) throw new Error(`No SMS template is configured for "${message.kind}" (SMS_TEMPLATES)`);
      const payload = JSON.stringify({
        PhoneNumberSet: [e164(message.recipient)],
        SmsSdkAppId: settings.sdkAppId,
        SignName: settings.signName,
        TemplateId: message.template,
        TemplateParamSet: message.templateParams ?? [],
        SessionContext: String(message.id),
      });
      const timestamp = Math.floor(clock().getTime() / 1000);
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': CONTENT_TYPE,
          'X-TC-Action': ACTION,
          'X-TC-Version': VERSION,
          'X-TC-Timestamp': String(timestamp),
          'X-TC-Region': settings.region,
          Authorization: tc3Authorization({ secretId: settings.secretId, secretKey: settings.secretKey, host: url.host, action: ACTION, payload, timestamp }),
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      const answer = (await response.json().catch(() => null)) as {
        Response?: { Error?: { Code: string; Message: string }; SendStatusSet?: { Code: string; Message: string; SerialNo: string }[]; RequestId?: string };
      } | null;
      const error = answer?.Response?.Error;
      if (!response.ok || !answer?.Response || error) throw new Error(`Tencent SMS: ${error ? `${error.Code} ${error.Message}` : `HTTP ${response.status}`}`);
      const status = answer.Response.SendStatusSet?.[0];
      if (!status || status.Code !== 'Ok') throw new Error(`Tencent SMS: ${status ? `${status.Code} ${status.Message}` : 'no send status'}`);
      return { providerId: status.SerialNo };
    },
  };
}

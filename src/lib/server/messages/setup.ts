/** Installs the channel senders the settings name; channels left without one record to the outbox. */
import { config } from '../config';
import { logger } from '../log';
import { setChannelSender } from './channels';
import { smtpSender } from './email';
import { tencentSmsSender } from './tencent-sms';

export function installChannelSenders(): void {
  if (config.smsProvider === 'tencent') setChannelSender('sms', tencentSmsSender(config.tencentSms));
  if (config.smtpUrl) setChannelSender('email', smtpSender(config.smtpUrl, config.mailFrom));
  logger.info('message channels', { sms: config.smsProvider ?? 'outbox only', email: config.smtpUrl ? 'smtp' : 'outbox only' });
}

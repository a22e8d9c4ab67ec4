/** The "log a complaint" form (task module), prefilled from a chat message when there is one. */
import { DateTime } from 'luxon';
import { CHANNELS, type Channel, type IsoDateTime } from '../../core/types';
import template from './logForm.json';
import { displayDateTime } from './labels';
import { expandCard, type AdaptiveCardJson } from './render';
import { CHANNEL_LABELS } from '../../core/labels';

/** The chat message a complaint is logged from. */
export interface MessageSource {
  messageId: string;
  conversationId: string;
  webLink: string;
  receivedAt: IsoDateTime;
  authorName: string;
  text: string;
}


export interface LogFormData {
  title: string;
  fromMessage?: string;
  nature: string;
  customerName: string;
  services: string[];
  channel: Channel;
  channels: { title: string; value: Channel }[];
  receivedOn: string;
  receivedTime: string;
  /** Round-trips in the submit data; empty strings when logged by talking to the bot. */
  source: { messageId: string; conversationId: string; webLink: string; receivedAt: string };
}

export function logFormData(input: { services: readonly string[]; now: IsoDateTime; message?: MessageSource }): LogFormData {
  const m = input.message;
  const received = DateTime.fromISO(m?.receivedAt ?? input.now, { setZone: true }).setZone('Europe/London');
  return {
    title: m ? 'Log this message as a complaint' : 'Log a complaint',
    fromMessage: m ? `From ${m.authorName || 'an unknown sender'}, ${displayDateTime(m.receivedAt)}` : undefined,
    nature: m?.text ?? '',
    customerName: m?.authorName ?? '',
    services: [...input.services],
    channel: m ? 'chat' : 'phone',
    channels: CHANNELS.map((value) => ({ title: CHANNEL_LABELS[value], value })),
    receivedOn: received.toISODate() ?? '',
    receivedTime: received.toFormat('HH:mm'),
    source: {
      messageId: m?.messageId ?? '',
      conversationId: m?.conversationId ?? '',
      webLink: m?.webLink ?? '',
      receivedAt: m?.receivedAt ?? '',
    },
  };
}

export function logForm(input: Parameters<typeof logFormData>[0]): AdaptiveCardJson {
  return expandCard(template, logFormData(input));
}

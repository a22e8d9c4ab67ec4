/**
 * Expands an Adaptive Card template (bot/cards/*.json) with typed data. Templates are imported as
 * JSON so the same code runs under tsx, in compiled output and in the esbuild browser bundle.
 */
import { Template } from 'adaptivecards-templating';

/** An expanded Adaptive Card, ready to send as an attachment or to return from an invoke. */
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  [key: string]: unknown;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Parsing a template costs ~20 ms; expanding a parsed one ~1 ms. Templates are module constants. */
const parsed = new WeakMap<object, Template>();

export function expandCard<T extends object>(template: object, data: T): AdaptiveCardJson {
  let compiled = parsed.get(template);
  if (!compiled) {
    compiled = new Template(template);
    parsed.set(template, compiled);
  }
  const card = compiled.expand({ $root: data }) as AdaptiveCardJson;
  if (card?.type !== 'AdaptiveCard') throw new Error('card template did not expand to an AdaptiveCard');
  return card;
}

export function cardAttachment(card: AdaptiveCardJson): { contentType: string; content: AdaptiveCardJson } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

/**
 * Email HTML is untrusted: scripts, event handlers, remote images (tracking pixels) and forms go. The result
 * is safe to show in a page; the case itself records the text form of the body.
 */
import sanitizeHtml from 'sanitize-html';
import { withoutRefusedCharacters } from '../../core/text';

export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'img'), 'span', 'font'],
    allowedAttributes: { a: ['href', 'title'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan', 'scope'] },
    allowedSchemes: ['https', 'http', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
  });
}

/** Plain text of an email body (HTML or text), for the "nature of complaint" field. */
export function emailBodyToText(body: { contentType: 'text' | 'html'; content: string }): string {
  if (body.contentType === 'text') return withoutRefusedCharacters(body.content).trim();
  const withBreaks = body.content.replace(/<\s*br\s*\/?>/gi, '\n').replace(/<\/\s*(p|div|li|tr|h[1-6])\s*>/gi, '\n');
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {}, nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'head', 'title'] });
  return withoutRefusedCharacters(text).replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

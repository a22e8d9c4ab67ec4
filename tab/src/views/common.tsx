/** Small pieces shared by the views. */
import type { ComponentChildren } from 'preact';
import { ApiError, type Rag } from '../api';
import { RAG_WORDS, readableText } from '../format';
import { Icon } from '../icons';

export function RagBadge(props: { rag: Rag }) {
  return (
    <span class={`rag rag-${props.rag}`}>
      {props.rag === 'red' && <Icon name="warning" />}
      {props.rag === 'amber' && <Icon name="clock" />}
      {RAG_WORDS[props.rag]}
    </span>
  );
}

export function ErrorMessage(props: { error: Error; title?: string }) {
  const { error } = props;
  const status = error instanceof ApiError ? error.status : undefined;
  const title = props.title ?? (status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Something went wrong');
  return (
    <div class="message error" role="alert">
      <strong>{title}.</strong> {readableText(error.message)}
    </div>
  );
}

export function Section(props: { title: string; id: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <div class="card-head">
        <h3 id={props.id}>{props.title}</h3>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

/** A definition list of label → value, skipping what is not recorded unless `always`. */
export function Facts(props: { rows: [string, ComponentChildren | undefined | null][] }) {
  return (
    <dl class="facts">
      {props.rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value === undefined || value === null || value === '' ? <span class="muted">Not recorded</span> : value}</dd>
        </div>
      ))}
    </dl>
  );
}

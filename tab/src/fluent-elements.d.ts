/** The Fluent web components as JSX elements (Preact sets their properties and listens to their events). */
import type { JSX } from 'preact';

type FluentProps = JSX.HTMLAttributes<HTMLElement> & {
  appearance?: 'primary' | 'secondary' | 'outline' | 'subtle' | 'transparent';
  size?: 'small' | 'medium' | 'large';
  shape?: 'rounded' | 'circular' | 'square';
  type?: 'button' | 'submit' | 'reset';
  disabled?: boolean;
  'icon-only'?: boolean;
  slot?: string;
};

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'fluent-button': FluentProps;
      'fluent-menu': JSX.HTMLAttributes<HTMLElement> & { 'open-on-context'?: boolean; 'close-on-select'?: boolean };
      'fluent-menu-list': JSX.HTMLAttributes<HTMLElement>;
      'fluent-menu-item': JSX.HTMLAttributes<HTMLElement> & { disabled?: boolean };
    }
  }
}

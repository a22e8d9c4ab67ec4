/**
 * Buttons and the "More" menu as Fluent UI web components (tab/src/fluent.ts defines them). The host
 * element carries its role as an attribute too, so every tool that reads the DOM (not only the browser's
 * accessibility tree, which reads the element's internals) sees a button or a menu.
 */
import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from '../icons';

export interface ButtonProps {
  appearance?: 'primary' | 'secondary' | 'subtle';
  type?: 'button' | 'submit';
  icon?: IconName;
  disabled?: boolean;
  onClick?: (event: MouseEvent) => void;
  children: ComponentChildren;
  id?: string;
  class?: string;
  slot?: string;
  'data-action'?: string;
  'aria-expanded'?: boolean;
  'aria-controls'?: string;
}

export function Button(props: ButtonProps) {
  const { icon, children, appearance = 'secondary', type = 'button', onClick, ...rest } = props;
  function click(event: MouseEvent) {
    // Until Fluent's definitions arrive (a chunk loaded after the first render) the element cannot submit its form itself.
    if (type === 'submit' && !props.disabled && !customElements.get('fluent-button')) (event.currentTarget as HTMLElement).closest('form')?.requestSubmit();
    onClick?.(event);
  }
  function key(event: KeyboardEvent) {
    // Likewise a key press: once defined, the element turns Enter and Space into a click itself.
    if ((event.key === 'Enter' || event.key === ' ') && !props.disabled && !customElements.get('fluent-button')) {
      event.preventDefault();
      (event.currentTarget as HTMLElement).click();
    }
  }
  return (
    <fluent-button role="button" tabIndex={props.disabled ? undefined : 0} appearance={appearance} type={type} onClick={click} onKeyDown={key} {...rest}>
      {icon && <Icon name={icon} slot="start" />}
      {children}
    </fluent-button>
  );
}

/** A "More" menu: a button that opens a list of menu items (Fluent's menu: arrow keys move, Escape closes). */
export function MoreMenu(props: { label?: string; items: { key: string; label: string; icon?: IconName; onSelect: () => void }[] }) {
  return (
    <fluent-menu class="more-menu">
      <Button slot="trigger" icon="more">
        {props.label ?? 'More'}
      </Button>
      <fluent-menu-list role="menu" aria-label={props.label ?? 'More actions'}>
        {props.items.map((item) => (
          <fluent-menu-item key={item.key} role="menuitem" data-action={item.key} onChange={item.onSelect}>
            {item.icon && <Icon name={item.icon} slot="start" />}
            {item.label}
          </fluent-menu-item>
        ))}
      </fluent-menu-list>
    </fluent-menu>
  );
}

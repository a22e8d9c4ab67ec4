/**
 * A view loaded on demand, in a chunk of its own, so pages few people use (subject access, the access
 * log) add nothing to the tab's first load. Shows a line while loading and the error if it cannot be.
 */
import { h, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from './common';

export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>, what: string): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function LazyView(props: P) {
    const [view, setView] = useState<{ component?: ComponentType<P> }>({ component: loaded });
    const [error, setError] = useState<Error | undefined>();
    useEffect(() => {
      if (view.component) return;
      let live = true;
      load()
        .then((component) => {
          loaded = component;
          if (live) setView({ component });
        })
        .catch((e: Error) => live && setError(e));
      return () => {
        live = false;
      };
    }, []);
    if (error) return <ErrorMessage error={error} title={`The ${what} could not be loaded`} />;
    if (!view.component) return <p class="muted">Loading {what}…</p>;
    return h(view.component, props);
  };
}

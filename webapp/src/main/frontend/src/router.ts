// A minimal history router: the server answers index.html for every page path, the app renders by location.

export function navigate(path: string, replace = false): void {
  if (replace) {
    history.replaceState(null, '', path);
  } else {
    history.pushState(null, '', path);
  }
  window.dispatchEvent(new Event('hearth-route'));
}

/** Click handler for in-app links: plain left clicks stay in the page, others behave as links do. */
export function follow(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement | null;
  if (
    !anchor ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey ||
    anchor.target === '_blank' ||
    anchor.origin !== location.origin
  ) {
    return;
  }
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}

// The address bar: the one place the page reads `location.hash` and writes history. Everything
// else asks for the route (route.ts) and hands one back.
import { formatRoute, type ParsedRoute, parseRoute, type Route } from './route.ts';

/** The route the address names now. */
export function currentRoute(): ParsedRoute {
  return parseRoute(location.hash);
}

/**
 * Puts `route` in the address bar. It replaces the entry rather than pushing one, as the page
 * always has: the back button leaves the page, it does not walk through the steps, picks and
 * shares made on it. Setting the hash this way fires no `hashchange`, so the page does not reopen
 * what it already shows. An unchanged address is left alone.
 */
export function navigate(route: Route): void {
  const hash = formatRoute(route);
  if (hash === location.hash) return;
  // '' would leave a bare '#'; the path and query alone name the plain welcome run
  history.replaceState(null, '', hash === '' ? `${location.pathname}${location.search}` : hash);
}

/**
 * Calls `listener` with the new route whenever the reader changes the address (types or pastes a
 * link, goes back). An address emptied by hand is not a request for anything: the run on screen
 * stays. Returns the function that stops listening.
 */
export function onRouteChange(listener: (parsed: ParsedRoute) => void): () => void {
  const handler = () => {
    if (location.hash === '') return;
    listener(currentRoute());
  };
  window.addEventListener('hashchange', handler);
  return () => window.removeEventListener('hashchange', handler);
}

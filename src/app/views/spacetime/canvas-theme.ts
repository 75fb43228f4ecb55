// The page's neutrals (ink, lines, stripes) for a canvas: read from the theme's CSS variables
// (src/app/theme/theme.css), since a canvas cannot use var(). The data colours come from the
// palette and are the same in both themes. `watchTheme` reports a switch (the toggle sets
// data-theme on <html>; "auto" follows prefers-color-scheme) so the canvas can repaint.

export interface CanvasTheme {
  ink: string;
  muted: string;
  line: string;
  stripe: string;
  card: string;
}

const LIGHT: CanvasTheme = {
  ink: '#14171c',
  muted: '#4d5563',
  line: '#d5d9e0',
  stripe: '#f4f6f9',
  card: '#ffffff',
};

export function canvasTheme(el: Element): CanvasTheme {
  const style = getComputedStyle(el);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    ink: read('--ink', LIGHT.ink),
    muted: read('--muted', LIGHT.muted),
    line: read('--line', LIGHT.line),
    stripe: read('--stripe', LIGHT.stripe),
    card: read('--card', LIGHT.card),
  };
}

export function watchTheme(onchange: () => void): () => void {
  const observer = new MutationObserver(onchange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onchange);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', onchange);
  };
}

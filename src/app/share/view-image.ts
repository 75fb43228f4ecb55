// The ring as it is on screen, as a file: an SVG that stands alone (every computed style the
// page's CSS gave its elements is written inline, since theme variables and classes do not travel
// with the file), or a PNG drawn from that SVG at twice the screen's resolution.

/** Properties that decide how SVG content looks; copied from the computed style of each element. */
const STYLED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
  'display',
] as const;

export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    const target = to[i] as SVGElement;
    target.setAttribute('style', STYLED.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';'));
    target.removeAttribute('class');
    // Presentation attributes naming theme variables mean nothing outside the page (the inline
    // style above already carries their computed values).
    for (const attr of [...target.attributes])
      if (attr.value.includes('var(')) target.removeAttribute(attr.name);
  });
  inlineCanvases(svg, copy);
  const { width, height } = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(Math.round(width)));
  copy.setAttribute('height', String(Math.round(height)));
  // The page's background behind the drawing, so the file reads the same in any viewer.
  const background = getComputedStyle(svg.closest('section') ?? document.body).backgroundColor;
  copy.insertAdjacentHTML(
    'afterbegin',
    `<rect x="0" y="0" width="100%" height="100%" fill="${background}"></rect>`,
  );
  return new XMLSerializer().serializeToString(copy);
}

/**
 * A canvas drawn into the ring (the messages on the wire) leaves no picture in a copy of the SVG:
 * each one becomes an image of what it shows, in the place of its foreignObject.
 */
function inlineCanvases(svg: SVGSVGElement, copy: SVGSVGElement): void {
  const originals = [...svg.querySelectorAll('foreignObject')];
  const copies = [...copy.querySelectorAll('foreignObject')];
  originals.forEach((fo, i) => {
    const canvas = fo.querySelector('canvas');
    const target = copies[i];
    if (!canvas || !target) return;
    const image = document.createElementNS('http://www.w3.org/2000/svg', 'image');
    for (const a of ['x', 'y', 'width', 'height']) image.setAttribute(a, fo.getAttribute(a) ?? '0');
    image.setAttribute('href', canvas.toDataURL('image/png'));
    target.replaceWith(image);
  });
}

export async function pngOf(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

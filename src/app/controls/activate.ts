// Enter and Space do what a click does, as they do on a native <button>: for the things the page
// draws as buttons without being one (ring servers, clients and links in SVG, the message dots,
// tree rows drawn by D3). One rule, so every drawn control answers the same keys. A handler rather
// than a Svelte action: Svelte's accessibility check wants a keyboard handler written on an element
// that has a click one, and cannot see what an action adds.

/** Whether a key activates a control: Enter or Space (KeyboardEvent.key). */
export const isActivationKey = (key: string): boolean => key === 'Enter' || key === ' ';

/** A keydown listener that runs `handler` on Enter or Space (and keeps Space from scrolling). */
export function onActivationKey(handler: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (!isActivationKey(e.key)) return;
    e.preventDefault();
    handler();
  };
}

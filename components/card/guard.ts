/**
 * Whether a press on the card is the reader's own, seen on the card itself: the checks every card
 * action makes besides `event.isTrusted` and the state machine's arming (docs/adr/012-card-and-trust.md).
 * A page can move, restyle, dim, transform or cover our host, or wrap it in its own label; a
 * press that lands anywhere but on our control, on an untouched host, acts on nothing.
 */
import type { Point } from '@/lib/content/hit-test';

/** Our host as we left it: under `<html>`, with only the style we gave it, and no children. */
export function hostIntact(host: HTMLElement, style: string): boolean {
  const doc = host.ownerDocument;
  return (
    host.parentNode === doc.documentElement &&
    host.attributes.length === 1 &&
    host.getAttribute('style') === style &&
    !host.firstChild
  );
}

/**
 * Nothing on the way from the host to the root dims, distorts, masks or blends it, and no other
 * element fills the screen: what IntersectionObserver v2 checks in Chromium, checked by hand
 * for browsers without it (and in Chromium at the moment of a press, before the observer's
 * next report). Hidden or clipped content is caught by the hit test in `landsOn`.
 */
export function visuallyIntact(host: Element): boolean {
  const doc = host.ownerDocument;
  const view = doc.defaultView;
  if (!view) return false;
  if (doc.fullscreenElement && doc.fullscreenElement !== doc.documentElement) return false;
  for (let el: Element | null = host; el; el = el.parentElement) {
    const s = view.getComputedStyle(el);
    const zoom = (s as CSSStyleDeclaration & { zoom?: string }).zoom;
    if (
      Number.parseFloat(s.opacity || '1') < 1 ||
      (s.filter && s.filter !== 'none') ||
      (s.transform && s.transform !== 'none') ||
      (s.mixBlendMode && s.mixBlendMode !== 'normal') ||
      (s.maskImage && s.maskImage !== 'none') ||
      (zoom && zoom !== '1' && zoom !== 'normal')
    )
      return false;
  }
  return true;
}

/**
 * Where a press landed: a pointer's click where it was; a key press (a click with `detail` 0)
 * on the control's first box.
 */
export function pressPoint(event: Event, control: Element): Point | null {
  const mouse = event as MouseEvent;
  if (typeof mouse.detail === 'number' && mouse.detail > 0) return { x: mouse.clientX, y: mouse.clientY };
  const box = control.getClientRects()[0];
  return box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : null;
}

/**
 * Did the press land on `control` inside our untouched, undimmed host: the topmost element at
 * its point is our host, and inside the host's shadow root the control (or something in it)?
 */
export function landsOn(event: Event, control: Element, host: HTMLElement, shadow: ShadowRoot, style: string): boolean {
  if (!hostIntact(host, style) || !visuallyIntact(host)) return false;
  const point = pressPoint(event, control);
  if (!point) return false;
  if (host.ownerDocument.elementFromPoint(point.x, point.y) !== host) return false;
  const inside = shadow.elementFromPoint(point.x, point.y);
  return !!inside && control.contains(inside);
}

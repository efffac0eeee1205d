/** The few DOM helpers the views share. */

export function byId<E extends HTMLElement>(id: string): E {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`index.html has no #${id}`);
  return element as E;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className !== undefined) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Sets text only when it changed, so a render every 250 ms touches nothing that stayed. */
export function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

export function setTitle(element: HTMLElement, title: string): void {
  if (element.title !== title) element.title = title;
}

export function initials(who: string): string {
  const words = who.replace(/^@/, '').split(/[\s._-]+/).filter((w) => w.length > 0);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}

export function hue(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

/** A round avatar with the person's initials. */
export function avatar(who: string): HTMLSpanElement {
  const element = el('span', 'avatar', initials(who));
  element.setAttribute('aria-hidden', 'true');
  element.style.background = `hsl(${hue(who)} 55% 45%)`;
  return element;
}

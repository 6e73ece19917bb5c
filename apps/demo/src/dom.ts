/** Small helpers to build the page's elements without a UI framework. */

/** Attributes of {@link el}: strings set as attributes, `text` as text content. */
type Attrs = Record<string, string | number | boolean | undefined> & { text?: string };

/**
 * Creates `<tag>` with `attrs` (booleans add or omit the attribute, `undefined` is skipped)
 * and appends `children`.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: Array<Node | string> = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

/** A card: a titled box of the page's grid. */
export function card(
  title: string,
  children: Array<Node | string>,
  attrs: Attrs = {},
): HTMLElement {
  const cls = ['card', attrs.class].filter(Boolean).join(' ');
  return el('section', { ...attrs, class: cls }, [el('h2', { text: title }), ...children]);
}

/** A labelled form control. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  return el('label', { class: 'field' }, [
    el('span', { class: 'field-label', text: label }),
    control,
    ...(hint ? [el('small', { text: hint })] : []),
  ]);
}

/** A number in at most `digits` significant digits, without trailing noise. */
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) {
    return value.toExponential(2);
  }
  return String(Number(value.toPrecision(digits)));
}

/** Accessible tabs: buttons with `role="tab"` that show one panel and hide the others. */
import { el } from './dom.js';

/** A tab: its name and its panel. */
export interface Tab {
  /** Short id, used for `#tab-<id>` and `#panel-<id>`. */
  id: string;
  /** The button's text. */
  label: string;
  /** The panel's content. */
  panel: HTMLElement;
}

/** The tab bar and the panels; `select(id)` switches, then calls `onSelect` with the id. */
export function createTabs(
  tabs: Tab[],
  onSelect?: (id: string) => void,
): {
  bar: HTMLElement;
  panels: HTMLElement[];
  select(id: string): void;
} {
  const buttons = tabs.map((t) =>
    el('button', {
      type: 'button',
      role: 'tab',
      id: `tab-${t.id}`,
      'aria-controls': `panel-${t.id}`,
      text: t.label,
    }),
  );
  const panels = tabs.map((t) =>
    el('div', { role: 'tabpanel', id: `panel-${t.id}`, 'aria-labelledby': `tab-${t.id}` }, [
      t.panel,
    ]),
  );
  const select = (id: string) => {
    tabs.forEach((t, i) => {
      const on = t.id === id;
      buttons[i]?.setAttribute('aria-selected', String(on));
      buttons[i]?.classList.toggle('active', on);
      if (panels[i]) panels[i].hidden = !on;
    });
    onSelect?.(id);
  };
  for (const [i, b] of buttons.entries()) {
    b.addEventListener('click', () => select(tabs[i]?.id ?? ''));
  }
  select(tabs[0]?.id ?? '');
  return { bar: el('nav', { role: 'tablist', class: 'tabs' }, buttons), panels, select };
}

// The side views' tabs, in their order: the tab strip is drawn from this list (App.svelte), a
// shared link names the open one (view.panels), and a lesson step's `view` picks one.
import type { LessonView } from '../lessons/types.ts';
import type { Messages } from './i18n/en.ts';

export const TABS = ['clients', 'tree', 'spacetime', 'log', 'logtails', 'inspector', 'editor'] as const;
export type Tab = (typeof TABS)[number];

/** The tabs shown: a lesson hides the script editor (presenter mode has no room to type). */
export function visibleTabs(presenting: boolean): readonly Tab[] {
  return presenting ? TABS.filter((t) => t !== 'editor') : TABS;
}

/** A tab's name on the strip. */
export const tabLabel = (tab: Tab, m: Messages): string => m.app.tabs[tab];

/** The tab a name from a link stands for, if it is one. */
export const tabNamed = (name: string | undefined): Tab | undefined => TABS.find((t) => t === name);

/** The tab a lesson step's view is in (the ring is not a tab: null). */
export function tabOfLessonView(view: LessonView): Tab | null {
  if (view === 'cluster') return null;
  return view === 'lock' ? 'clients' : view;
}

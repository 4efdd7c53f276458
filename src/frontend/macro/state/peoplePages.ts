/**
 * The effective audience's list of people, shown a page at a time: a long list would push the
 * layer-by-layer reasons out of sight. Pure, so the paging is tested without a view.
 */
export const PEOPLE_PER_PAGE = 10;

/** How many of `total` people to show after `pages` pages, and whether "Show more" remains. */
export function shownPeople(total: number, pages: number): { shown: number; more: boolean } {
  const shown = Math.min(total, Math.max(1, pages) * PEOPLE_PER_PAGE);
  return { shown, more: shown < total };
}

/** Which rows a paged dashboard shows: pages of `pageSize`, the page number wrapping around. */

export interface Page {
  /** Index of the first row shown. */
  first: number;
  /** Rows shown on this page. */
  count: number;
  /** Rows a full page holds (the last page may show fewer, at the same height). */
  size: number;
  pages: number;
  /** The page shown, 0-based, wrapped into range. */
  page: number;
}

export function pageOf(total: number, pageSize: number, page: number): Page {
  if (pageSize <= 0 || total <= pageSize) return { first: 0, count: total, size: Math.max(total, 1), pages: 1, page: 0 };
  const pages = Math.ceil(total / pageSize);
  const wrapped = ((page % pages) + pages) % pages;
  const first = wrapped * pageSize;
  return { first, count: Math.min(pageSize, total - first), size: pageSize, pages, page: wrapped };
}

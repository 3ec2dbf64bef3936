const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content and attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** JSON that is safe inside a <script> element (no "</script>", no HTML comment openers). */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** A share as the page prints it; a dash when there is none. */
export const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(2)}%`);

/** A count with thousands separators, the same on every machine. */
export const int = (n: number): string => n.toLocaleString('en-US');

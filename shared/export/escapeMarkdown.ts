/**
 * Makes user text safe to drop into Markdown as plain text: HTML is neutralised (`<`, `>`, `&`
 * become entities), Markdown punctuation is backslash-escaped (including `|` for tables and `$`
 * for math renderers), a line-start marker (`#`, `-`, `1.`) cannot start a block, and newlines
 * become spaces (or `<br>` when `isTableCell`, where a newline would end the row).
 */
export function escapeMarkdown(text: string, { isTableCell = false } = {}): string {
  const escaped = text
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$]/g, '\\$&')
    .replace(/^([#+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')
  return escaped.replace(/\s*\r?\n\s*/g, isTableCell ? '<br>' : ' ')
}

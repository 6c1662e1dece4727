/** A plain text table: columns padded to their widest cell, numbers right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // A loop, not Math.max(...cells): 600 annotators make 179,700 rows, past the call stack's argument limit.
  const widths = header.map((title, column) => {
    let width = title.length;
    for (const row of rows) width = Math.max(width, (row[column] ?? '').length);
    return width;
  });
  const numeric = header.map((_, column) =>
    rows.every((row) => /^[-+]?[\d.]*%?$|^-$/.test(row[column] ?? '')),
  );
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(format)].join(
    '\n',
  );
}

/** A number with fixed decimals, or `-` for null/undefined/NaN. */
export function fixed(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
}

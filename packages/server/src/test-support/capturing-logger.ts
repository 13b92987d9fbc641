/** A logger that keeps its lines, as the JSON the real one writes, for assertions. */
export function capturingLogger() {
  const lines: string[] = [];
  return { lines, write: (line: string) => lines.push(line) };
}

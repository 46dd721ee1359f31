// Messages kept as evidence: the first lines, enough to recognise what was said.
export function excerpt(text: string, lines = 12): string {
  const all = text.trim().split("\n");
  return all.length <= lines
    ? all.join("\n")
    : [...all.slice(0, lines), `… (${all.length - lines} more lines)`].join(
        "\n",
      );
}

/** The value of cookie `name` in a Cookie header, if present once. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const found = header
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`));
  return found.length === 1 ? found[0]!.slice(name.length + 1) : undefined;
}

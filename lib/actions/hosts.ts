/** The site of an address, as the site switches know it: the hostname of a web page, else null. */
export function hostnameOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'http:' || protocol === 'https:') && hostname ? hostname : null;
  } catch {
    return null;
  }
}

// Private Go modules: which hosts git reaches over SSH when an SSH key is given.

/** git fetches the hosts of goPrivate's globs (github.com/acme/*) over SSH, not HTTPS. */
export function sshInsteadOf(goPrivate: string): [string, string][] {
  const hosts = goPrivate
    .split(",")
    .map((glob) => glob.trim().split("/")[0]!)
    .filter((host) => host.includes(".") && !/[*?[]/.test(host));
  return [...new Set(hosts)].map((host) => [
    `url.ssh://git@${host}/.insteadOf`,
    `https://${host}/`,
  ]);
}

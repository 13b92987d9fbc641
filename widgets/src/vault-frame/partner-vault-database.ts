/**
 * Which IndexedDB databases the vault frame keeps a partner page's keys in: one vault per embedding
 * origin. A browser that does not partition a framed site's storage by the top-level site gives
 * every partner's frame the same storage on the API's origin, so a single database would let one
 * partner's page spend the keys a user entered on another's.
 */

/**
 * The frame instance's `databaseName` for pages on `parentOrigin`: its vault is `<name>-vault` and
 * key sync's state `<name>-vault-sync`. The origin is kept readable, so the API origin's storage in
 * the browser's developer tools shows which site each vault belongs to; no other site can read it.
 */
export function partnerVaultDatabaseName(parentOrigin: string): string {
  return `tessera[${parentOrigin}]`;
}

/** `lang` of the closest ancestor that has one, crossing shadow roots; then the document's. */
export function inheritedLang(element: Element): string | undefined {
  let node: Element | null = element;
  while (node) {
    const lang = node.closest('[lang]')?.getAttribute('lang');
    if (lang) return lang;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return document.documentElement.lang || undefined;
}

/** `tag` in canonical form (`pt-BR`), or undefined when it is empty or no language tag. */
export function canonicalLocale(tag: string | undefined | null): string | undefined {
  if (!tag) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

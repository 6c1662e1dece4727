/** Attributes and content of an element; text is always set as text (never parsed as HTML). */
export interface ElementSpec {
  readonly className?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly onClick?: () => void;
}

/** Creates an element; `text` goes through `textContent`, children are appended as nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  spec: ElementSpec = {},
  children: readonly (Node | null | undefined | false)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (spec.className !== undefined) node.className = spec.className;
  if (spec.text !== undefined) node.textContent = spec.text;
  for (const [name, value] of Object.entries(spec.attrs ?? {})) node.setAttribute(name, value);
  if (spec.onClick !== undefined) node.addEventListener('click', spec.onClick);
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Replaces the children of `parent` with `children`. */
export function replace(parent: Element, children: readonly (Node | null | undefined | false)[]): void {
  parent.replaceChildren(...children.filter((child): child is Node => Boolean(child)));
}

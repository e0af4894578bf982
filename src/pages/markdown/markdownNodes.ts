// The mdast nodes of the page dialect beyond CommonMark and GFM: generic directives (the inline forms
// and macros, `:name[label]{key="value"}`, `::name{…}`, `:::name{…}` … `:::`) and the marker line of a
// GitHub alert. Types only: mdast is the tree both directions of the converter share.
import type { BlockContent, Data, DefinitionContent, Literal, Parent, PhrasingContent } from 'mdast';

export type DirectiveAttributes = Record<string, string | null | undefined>;

/** `:name[label]{attributes}` in running text. */
export interface TextDirective extends Parent {
  type: 'textDirective';
  name: string;
  attributes?: DirectiveAttributes | null;
  children: PhrasingContent[];
  data?: TextDirectiveData;
}

export interface TextDirectiveData extends Data {
  /** Read without a label or attributes (`ratio:high`, `:br`): text, except the line break form `:br`. */
  bare?: boolean;
}

/** `::name[label]{attributes}` on a line of its own. */
export interface LeafDirective extends Parent {
  type: 'leafDirective';
  name: string;
  attributes?: DirectiveAttributes | null;
  children: PhrasingContent[];
}

/** `:::name{attributes}`, blocks, and a closing `:::`. */
export interface ContainerDirective extends Parent {
  type: 'containerDirective';
  name: string;
  attributes?: DirectiveAttributes | null;
  children: (BlockContent | DefinitionContent)[];
}

/** The first line of a GitHub alert (`[!NOTE] optional title`), written as it is, without escaping. */
export interface AlertMarker extends Literal {
  type: 'alertMarker';
}

declare module 'mdast' {
  interface PhrasingContentMap { textDirective: TextDirective; alertMarker: AlertMarker }
  interface BlockContentMap { leafDirective: LeafDirective; containerDirective: ContainerDirective }
  interface RootContentMap { textDirective: TextDirective; leafDirective: LeafDirective; containerDirective: ContainerDirective; alertMarker: AlertMarker }
  interface ParagraphData { directiveLabel?: boolean }
}

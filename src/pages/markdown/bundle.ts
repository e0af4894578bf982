// The entry of the second bundle (dist/markdown.js): everything the extension needs from the Markdown
// side, loaded only when a page is first shown as Markdown, a save checks what it removes, or VS Code's
// Markdown preview asks for the plugin. Activation never pays for it.

export { checkStorage, markdownToStorage, removedOnSave, storageToMarkdown } from './converter';
export { markdownItConfluence } from './markdownItPlugin';

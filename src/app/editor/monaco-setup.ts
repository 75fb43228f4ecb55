// Monaco, loaded only when the editor panel opens (ScriptEditor.svelte imports this module with a
// dynamic import(), so none of it is in the page's entry chunk). Only the editor core, the
// features a script editor uses and the Lua grammar: not the `monaco-editor` package root, which
// brings every language and the TypeScript/CSS/HTML/JSON workers.
import * as monaco from 'monaco-editor/editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
// The suggest widget itself: no features/* entry brings it (features/suggest is only the inline
// completions part), so it is imported from where editor.main.js takes it.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/languages/definitions/lua/register';
import { type AssistData, type AssistKind, completionsAt, hoverAt } from './lua-assist.ts';

export { monaco };

// The editor worker computes word completions and diffs off the page's thread.
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

const KIND: Record<AssistKind, monaco.languages.CompletionItemKind> = {
  function: monaco.languages.CompletionItemKind.Function,
  method: monaco.languages.CompletionItemKind.Method,
  module: monaco.languages.CompletionItemKind.Module,
  variable: monaco.languages.CompletionItemKind.Variable,
};

let registered = false;

/** Completions and hovers for the zk API and the recipe modules (once per page). */
export function setupLua(data: AssistData): void {
  if (registered) return;
  registered = true;
  monaco.languages.registerCompletionItemProvider('lua', {
    triggerCharacters: ['.', ':', '"', "'"],
    provideCompletionItems(model, position) {
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const items = completionsAt(before, model.getValue(), data);
      if (items === null) return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(
        position.lineNumber,
        word.startColumn,
        position.lineNumber,
        word.endColumn,
      );
      return {
        suggestions: items.map((it) => ({
          label: it.label,
          kind: KIND[it.kind],
          insertText: it.insertText,
          insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
          detail: it.detail,
          documentation: { value: it.documentation },
          range,
        })),
      };
    },
  });
  monaco.languages.registerHoverProvider('lua', {
    provideHover(model, position) {
      const md = hoverAt(model.getLineContent(position.lineNumber), position.column, model.getValue(), data);
      if (md === null) return null;
      const word = model.getWordAtPosition(position);
      const range = word
        ? new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn)
        : undefined;
      return { contents: [{ value: md }], ...(range ? { range } : {}) };
    },
  });
}

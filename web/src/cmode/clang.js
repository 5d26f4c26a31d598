// clang.js — C highlighting for the C mode's editor: CodeMirror's legacy "clike" C mode (pinned in
// package.json) as a StreamLanguage, so no C grammar is written here.
import { StreamLanguage } from "@codemirror/language";
import { c } from "@codemirror/legacy-modes/mode/clike";

export const cLanguage = StreamLanguage.define(c);

// Package timeline implements socklab's timeline language
// (../../../shared/spec/timeline-v1.md): a scanner and parser in the style of
// go/scanner and go/parser, an interpreter that drives any Backend (the
// simulated kernel, or the host kernel in engine/difftest), and a Session with
// time travel for the playground.
//
// A timeline is one statement per line:
//
//	<proc>: [<var> =] <call>(<arg>, ...)[;]   # optional comment
//
// The grammar is a subset of C so that it can grow into whole C programs:
//
//	line      = [ stmt ] [ comment ] newline .
//	stmt      = ident ":" ( expr "=" expr | expr ) [ ";" ] .
//	expr      = or_expr .
//	or_expr   = shift_expr { "|" shift_expr } .
//	shift_expr= unary_expr { "<<" unary_expr } .
//	unary_expr= "-" unary_expr | postfix .
//	postfix   = primary { "(" [ expr { "," expr } ] ")" | "[" expr "]" } .
//	primary   = ident | int_lit | string_lit | "(" expr ")" .
//
// Additions to timeline v1 (all are C, so the language stays a C subset):
// the shift operator << (fill(1<<20)), parentheses, C's integer suffixes
// (10u, 10L), the escapes \a \b \f \v \' \?, and a line whose first
// non-blank character is '#' is a comment. Columns count characters (Unicode
// code points), tabs as one.
//
// Errors: syntax and literal errors come from Parse, static errors (not a
// call, unknown call, argument count and kinds) from Check; both with
// line:column. Undefined variables, int[2] misuse, shift overflow, negative
// fill lengths and statements for a blocked process are found when the
// statement runs. Every one of them is an "error" event when its statement
// runs, and nothing is executed.
//
// Statements are compiled one at a time into an instruction; each process has
// one integer program counter (how many of its statements have run), so a
// step runs one statement and may leave the process asleep in the kernel.
//
// Files:
//
//	token.go     tokens and positions
//	errors.go    Error and ErrorList (line:col, capped)
//	scanner.go   the scanner (one line at a time; '#' comments, C literals)
//	literal.go   C integer constants and string escapes
//	ast.go       the syntax tree (C expressions)
//	parser.go    the parser (Parse) and the line splitter
//	check.go     static checks against engine.Syscalls; compiles a statement
//	eval.go      evaluation of arguments in a process's variables
//	interp.go    the interpreter: processes, blocking, completions, events
//	run.go       Options, Exec and Run (a whole timeline on a Backend)
//	session.go   Session: step, back, goto, events, snapshot, chain
//	checkpoint.go time travel: kernel clones every K steps plus replay
//	diff.go      the generic snapshot diff (objects keyed by "id")
//	narrate.go   StepInfo and the narration of a step
//	format.go    C-like rendering of an evaluated call (runner, narration)
//	strerror.go  errno descriptions as glibc's strerror prints them
package timeline

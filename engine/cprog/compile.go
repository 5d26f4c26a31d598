//go:build !cprog_runtime

package cprog

import (
	"fmt"
	"path"
	"strings"

	"modernc.org/cc/v4"
)

// Compile compiles one C program (file name and source). A program that
// does not compile returns a *CompileError with every diagnostic of the
// file, as gcc prints them.
func Compile(name, src string) (prog *Program, err error) {
	ast, err := parseC(name, src)
	if err != nil {
		return nil, err
	}
	c := &compiler{
		file:    name,
		ast:     ast,
		prog:    &Program{Name: strings.TrimSuffix(path.Base(name), ".c"), File: name, Src: src, byName: map[string]int{}},
		globals: map[*cc.Declarator]uint64{},
		strs:    map[string]uint64{},
		warned:  map[string]bool{},
	}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				// the front end or the compiler met something it cannot
				// handle: a diagnostic, never a crash of the page
				c.diags = append(c.diags, Diag{File: name, Line: int(c.curPos.line), Col: int(c.curPos.col), Msg: fmt.Sprintf("socklab cannot compile this: %v", r)})
			}
			err = &CompileError{Diags: c.diags, Src: src}
			prog = nil
		}
	}()
	c.translationUnit()
	if len(c.diags) > 0 {
		return nil, &CompileError{Diags: c.diags, Src: src}
	}
	c.prog.Warnings = c.warnings
	return c.prog, nil
}

type bailout struct{}

type compiler struct {
	file     string
	ast      *cc.AST
	prog     *Program
	diags    []Diag
	warnings []Diag
	warned   map[string]bool

	globals map[*cc.Declarator]uint64 // address of each global object
	strs    map[string]uint64         // string literal → address

	// the function being compiled
	fn       *function
	locals   map[*cc.Declarator]local
	curPos   pos
	breaks   []*[]int
	conts    []*[]int
	labels   map[string]int
	gotos    map[string][]fixup
	initCode []globalInit // globals with run-time initialisers
	switches []*switchCtx
	curRet   cc.Type
}

type globalInit struct {
	dr   *cc.Declarator
	init *cc.Initializer
}

type fixup struct {
	at  int
	pos pos
}

// local is where a local variable lives: a scalar slot, or a frame object
// (arrays, structs, variables whose address is taken).
type local struct {
	slot int
	obj  int // -1 for slot variables
	typ  cc.Type
}

func (c *compiler) errorAt(n cc.Node, format string, args ...any) {
	p := n.Position()
	c.diags = append(c.diags, Diag{File: c.file, Line: p.Line, Col: p.Column, Msg: fmt.Sprintf(format, args...)})
	if len(c.diags) > 50 {
		panic(bailout{})
	}
}

func (c *compiler) warnAt(n cc.Node, format string, args ...any) {
	p := n.Position()
	c.warnings = append(c.warnings, Diag{File: c.file, Line: p.Line, Col: p.Column, Warning: true, Msg: fmt.Sprintf(format, args...)})
}

func (c *compiler) translationUnit() {
	// Pass 1: number every function definition so calls may come first.
	for tu := c.ast.TranslationUnit; tu != nil; tu = tu.TranslationUnit {
		ed := tu.ExternalDeclaration
		if ed.Case == cc.ExternalDeclarationFuncDef {
			d := ed.FunctionDefinition.Declarator
			if _, dup := c.prog.byName[d.Name()]; dup {
				c.errorAt(d, "redefinition of '%s'", d.Name())
				continue
			}
			c.prog.byName[d.Name()] = len(c.prog.funcs)
			c.prog.funcs = append(c.prog.funcs, &function{name: d.Name()})
		}
	}
	// Pass 2: globals, then function bodies.
	for tu := c.ast.TranslationUnit; tu != nil; tu = tu.TranslationUnit {
		ed := tu.ExternalDeclaration
		switch ed.Case {
		case cc.ExternalDeclarationDecl:
			c.globalDeclaration(ed.Declaration)
		}
	}
	for tu := c.ast.TranslationUnit; tu != nil; tu = tu.TranslationUnit {
		ed := tu.ExternalDeclaration
		if ed.Case == cc.ExternalDeclarationFuncDef {
			c.functionDefinition(ed.FunctionDefinition)
		}
	}
	main, ok := c.prog.byName["main"]
	if !ok {
		c.diags = append(c.diags, Diag{File: c.file, Line: 1, Col: 1, Msg: "undefined reference to `main'"})
		return
	}
	c.prog.mainFn = main
	c.prog.mainArgs = c.prog.funcs[main].nparams
	c.initFunction()
}

// globalDeclaration allocates the objects a file-scope declaration defines.
func (c *compiler) globalDeclaration(d *cc.Declaration) {
	for l := d.InitDeclaratorList; l != nil; l = l.InitDeclaratorList {
		id := l.InitDeclarator
		dr := id.Declarator
		if dr.IsTypename() || dr.Name() == "__socklab_eof" {
			continue
		}
		t := dr.Type()
		if t.Kind() == cc.Function {
			continue
		}
		if dr.IsExtern() && id.Initializer == nil {
			continue // defined elsewhere (or a library variable: an error when used)
		}
		if _, ok := c.globals[dr]; ok {
			continue
		}
		size := t.Size()
		if size < 0 {
			if at, ok := t.(*cc.ArrayType); ok && id.Initializer != nil {
				size = at.Elem().Size() * at.Len()
			}
		}
		if size <= 0 {
			size = 1
		}
		if size > maxGlobal {
			c.errorAt(dr, "size of array '%s' is too large", dr.Name())
			size = 1
		}
		c.globals[dr] = c.newSeg(make([]byte, size), dr.Name(), false)
		if id.Initializer != nil {
			if !c.constInit(c.prog.image[len(c.prog.image)-1].data, 0, t, id.Initializer) {
				c.initCode = append(c.initCode, globalInit{dr, id.Initializer})
			}
		}
	}
}

// newSeg adds an image segment and returns its address.
func (c *compiler) newSeg(data []byte, name string, ro bool) uint64 {
	c.prog.image = append(c.prog.image, imgSeg{data: data, name: name, ro: ro})
	return mkptr(uint32(len(c.prog.image)), 0)
}

// stringLit returns the address of a string literal's bytes (NUL included).
func (c *compiler) stringLit(s string) uint64 {
	if a, ok := c.strs[s]; ok {
		return a
	}
	a := c.newSeg(append([]byte(s), 0), "string literal", true)
	c.strs[s] = a
	return a
}

// initFunction compiles the run-time initialisers of globals into a
// function "__init" run before main.
func (c *compiler) initFunction() {
	fn := &function{name: "__init", retVoid: true}
	c.prog.byName["__init"] = len(c.prog.funcs)
	c.prog.funcs = append(c.prog.funcs, fn)
	c.fn = fn
	c.locals = map[*cc.Declarator]local{}
	for _, gi := range c.initCode {
		c.setPos(gi.dr)
		addr := c.globals[gi.dr]
		c.initObject(func() { c.emit(opConst, 0, 0, int64(addr)) }, gi.dr.Type(), gi.init, true)
	}
	c.emit(opRet, 0, 0, 0)
	c.fn = nil
}

//go:build !cprog_runtime

package cprog

import (
	"modernc.org/cc/v4"
)

type switchCtx struct {
	table int
	vals  []int64
	tgts  []int
	def   int
}

func (c *compiler) emit(op opcode, k uint8, b int32, a int64) int {
	c.fn.code = append(c.fn.code, instr{op: op, k: k, b: b, a: a})
	c.fn.pos = append(c.fn.pos, c.curPos)
	return len(c.fn.code) - 1
}

func (c *compiler) here() int { return len(c.fn.code) }

func (c *compiler) patch(at int) { c.fn.code[at].a = int64(c.here()) }

func (c *compiler) setPos(n cc.Node) {
	if n == nil {
		return
	}
	p := n.Position()
	if p.Line > 0 {
		c.curPos = pos{int32(p.Line), int32(p.Column)}
	}
}

func (c *compiler) functionDefinition(fd *cc.FunctionDefinition) {
	d := fd.Declarator
	fn := c.prog.funcs[c.prog.byName[d.Name()]]
	if fn.code != nil {
		return
	}
	c.fn = fn
	c.locals = map[*cc.Declarator]local{}
	c.labels = map[string]int{}
	c.gotos = map[string][]fixup{}
	c.setPos(d)
	fn.line = c.curPos.line
	ft, _ := d.Type().(*cc.FunctionType)
	if ft == nil {
		c.errorAt(d, "not a function")
		return
	}
	fn.retVoid = isVoid(ft.Result())
	c.curRet = ft.Result()
	// A function returning a struct gets the address to store it at as a
	// hidden first argument and returns that address.
	off := 0
	if isRecord(ft.Result()) {
		off = 1
	}
	fn.variadic = ft.IsVariadic()
	params := ft.Parameters()
	if len(params) == 1 && params[0].Type().Kind() == cc.Void {
		params = nil
	}
	fn.nparams = len(params) + off
	fn.nslots = len(params) + off
	// Parameters arrive in slots 0..n-1; those that must live in memory
	// are copied to their frame object by the prologue.
	for i0, p := range params {
		i := i0 + off
		pd := p.Declarator
		t := p.Type()
		if pd == nil {
			continue
		}
		if isRecord(t) || pd.AddressTaken() {
			obj := c.newObj(t.Size())
			c.locals[pd] = local{slot: i, obj: obj, typ: t}
			c.emit(opObjAddr, 0, 0, int64(obj))
			c.emit(opLocal, 0, 0, int64(i))
			if isRecord(t) {
				c.emit(opMemcpy, 0, 0, t.Size())
			} else {
				c.emit(opStore, kindOf(t), 0, 0)
			}
			c.emit(opPop, 0, 0, 0)
		} else {
			c.locals[pd] = local{slot: i, obj: -1, typ: t}
		}
	}
	c.compound(fd.CompoundStatement)
	// Falling off the end: main returns 0; others return garbage (0).
	c.setPos(&fd.CompoundStatement.Token2)
	if fn.retVoid {
		c.emit(opRet, 0, 0, 0)
	} else {
		c.emit(opConst, 0, 0, 0)
		c.emit(opRet, 1, 0, 0)
	}
	for name, fs := range c.gotos {
		at, ok := c.labels[name]
		if !ok {
			c.diags = append(c.diags, Diag{File: c.file, Line: int(fs[0].pos.line), Col: int(fs[0].pos.col), Msg: "label '" + name + "' used but not defined"})
			continue
		}
		for _, f := range fs {
			c.fn.code[f.at].a = int64(at)
		}
	}
	c.peephole(c.fn)
	c.fn = nil
}

func (c *compiler) newObj(size int64) int {
	if size <= 0 {
		size = 1
	}
	c.fn.objs = append(c.fn.objs, size)
	return len(c.fn.objs) - 1
}

func (c *compiler) compound(cs *cc.CompoundStatement) {
	for l := cs.BlockItemList; l != nil; l = l.BlockItemList {
		bi := l.BlockItem
		switch bi.Case {
		case cc.BlockItemDecl:
			c.localDeclaration(bi.Declaration)
		case cc.BlockItemStmt:
			c.stmt(bi.Statement)
		case cc.BlockItemFuncDef:
			c.errorAt(bi.Declarator, "nested functions are not supported")
		case cc.BlockItemLabel:
		}
	}
}

func (c *compiler) localDeclaration(d *cc.Declaration) {
	for l := d.InitDeclaratorList; l != nil; l = l.InitDeclaratorList {
		id := l.InitDeclarator
		dr := id.Declarator
		if dr.IsTypename() || dr.IsExtern() {
			continue
		}
		t := dr.Type()
		if t.Kind() == cc.Function {
			continue
		}
		c.setPos(dr)
		if dr.IsStatic() {
			size := t.Size()
			if size <= 0 {
				size = 1
			}
			c.globals[dr] = c.newSeg(make([]byte, size), dr.Name(), false)
			if id.Initializer != nil && !c.constInit(c.prog.image[len(c.prog.image)-1].data, 0, t, id.Initializer) {
				c.errorAt(id.Initializer, "initializer element is not constant")
			}
			continue
		}
		if at, ok := t.(*cc.ArrayType); ok && at.IsVLA() {
			c.errorAt(dr, "socklab: variable length arrays are not supported")
			continue
		}
		if isAggregate(t) || dr.AddressTaken() {
			size := t.Size()
			if size > maxLocalObject {
				c.errorAt(dr, "size of array '%s' is too large for the stack", dr.Name())
				size = 1
			}
			obj := c.newObj(size)
			c.locals[dr] = local{slot: -1, obj: obj, typ: t}
			if id.Initializer != nil {
				c.initObject(func() { c.emit(opObjAddr, 0, 0, int64(obj)) }, t, id.Initializer, false)
			}
			continue
		}
		slot := c.fn.nslots
		c.fn.nslots++
		c.locals[dr] = local{slot: slot, obj: -1, typ: t}
		if id.Initializer != nil {
			c.exprAs(id.Initializer.AssignmentExpression, t)
		} else if kindOf(t) == 4|kSigned {
			c.emit(opConst, 0, 0, uninitInt)
		} else {
			c.emit(opConst, 0, 0, 0)
		}
		c.emit(opSetLocal, 0, 0, int64(slot))
		c.emit(opPop, 0, 0, 0)
	}
}

func (c *compiler) stmt(s *cc.Statement) {
	switch s.Case {
	case cc.StatementLabeled:
		c.labeled(s.LabeledStatement)
	case cc.StatementCompound:
		c.compound(s.CompoundStatement)
	case cc.StatementExpr:
		es := s.ExpressionStatement
		if es.ExpressionList != nil {
			c.setPos(es.ExpressionList)
			c.exprDiscard(es.ExpressionList)
		}
	case cc.StatementSelection:
		c.selection(s.SelectionStatement)
	case cc.StatementIteration:
		c.iteration(s.IterationStatement)
	case cc.StatementJump:
		c.jump(s.JumpStatement)
	case cc.StatementAsm:
		c.errorAt(s.AsmStatement, "socklab: asm is not supported")
	}
}

func (c *compiler) cond(e cc.ExpressionNode) {
	c.setPos(e)
	c.expr(e)
	c.toBool(e.Type())
}

func (c *compiler) toBool(t cc.Type) {
	if isFloat(t) {
		c.emit(opConst, 0, 0, 0)
		c.emit(opBin, 8, bFNe, 0)
		return
	}
	c.emit(opBool, 0, 0, 0)
}

func (c *compiler) selection(s *cc.SelectionStatement) {
	switch s.Case {
	case cc.SelectionStatementIf, cc.SelectionStatementIfElse:
		c.cond(s.ExpressionList)
		jz := c.emit(opJz, 0, 0, 0)
		c.stmt(s.Statement)
		if s.Case == cc.SelectionStatementIfElse {
			j := c.emit(opJmp, 0, 0, 0)
			c.patch(jz)
			c.stmt(s.Statement2)
			c.patch(j)
		} else {
			c.patch(jz)
		}
	case cc.SelectionStatementSwitch:
		c.setPos(s.ExpressionList)
		t := s.ExpressionList.Type()
		c.expr(s.ExpressionList)
		c.convert(t, cc.IntegerPromotion(t))
		sw := &switchCtx{table: len(c.prog.switches), def: -1}
		c.prog.switches = append(c.prog.switches, switchTable{})
		c.emit(opSwitch, 0, 0, int64(sw.table))
		c.switches = append(c.switches, sw)
		var brk []int
		c.breaks = append(c.breaks, &brk)
		c.stmt(s.Statement)
		c.breaks = c.breaks[:len(c.breaks)-1]
		c.switches = c.switches[:len(c.switches)-1]
		end := c.here()
		for _, b := range brk {
			c.fn.code[b].a = int64(end)
		}
		if sw.def < 0 {
			sw.def = end
		}
		c.prog.switches[sw.table] = switchTable{vals: sw.vals, targets: sw.tgts, def: sw.def}
	}
}

func (c *compiler) labeled(l *cc.LabeledStatement) {
	switch l.Case {
	case cc.LabeledStatementLabel:
		c.labels[l.Token.SrcStr()] = c.here()
	case cc.LabeledStatementCaseLabel:
		if len(c.switches) == 0 {
			c.errorAt(l, "case label not within a switch statement")
			break
		}
		sw := c.switches[len(c.switches)-1]
		v, ok := constInt(l.ConstantExpression)
		if !ok {
			c.errorAt(l.ConstantExpression, "case label does not reduce to an integer constant")
		}
		sw.vals = append(sw.vals, v)
		sw.tgts = append(sw.tgts, c.here())
	case cc.LabeledStatementDefault:
		if len(c.switches) == 0 {
			c.errorAt(l, "'default' label not within a switch statement")
			break
		}
		c.switches[len(c.switches)-1].def = c.here()
	case cc.LabeledStatementRange:
		c.errorAt(l, "socklab: case ranges are not supported")
	}
	c.stmt(l.Statement)
}

func constInt(e cc.ExpressionNode) (int64, bool) {
	switch v := e.Value().(type) {
	case cc.Int64Value:
		return int64(v), true
	case cc.UInt64Value:
		return int64(v), true
	}
	return 0, false
}

func (c *compiler) iteration(s *cc.IterationStatement) {
	var brk, cnt []int
	c.breaks = append(c.breaks, &brk)
	c.conts = append(c.conts, &cnt)
	var top, contAt int
	switch s.Case {
	case cc.IterationStatementWhile:
		top = c.here()
		c.cond(s.ExpressionList)
		brk = append(brk, c.emit(opJz, 0, 0, 0))
		c.stmt(s.Statement)
		contAt = top
		c.emit(opJmp, 0, 0, int64(top))
	case cc.IterationStatementDo:
		top = c.here()
		c.stmt(s.Statement)
		contAt = c.here()
		c.cond(s.ExpressionList)
		c.emit(opJnz, 0, 0, int64(top))
	case cc.IterationStatementFor, cc.IterationStatementForDecl:
		if s.Case == cc.IterationStatementForDecl {
			c.localDeclaration(s.Declaration)
		} else if s.ExpressionList != nil {
			c.setPos(s.ExpressionList)
			c.exprDiscard(s.ExpressionList)
		}
		cond, post := s.ExpressionList2, s.ExpressionList3
		if s.Case == cc.IterationStatementForDecl {
			cond, post = s.ExpressionList, s.ExpressionList2
		}
		top = c.here()
		if cond != nil {
			c.cond(cond)
			brk = append(brk, c.emit(opJz, 0, 0, 0))
		}
		c.stmt(s.Statement)
		contAt = c.here()
		if post != nil {
			c.setPos(post)
			c.exprDiscard(post)
		}
		c.emit(opJmp, 0, 0, int64(top))
	}
	end := c.here()
	for _, b := range brk {
		c.fn.code[b].a = int64(end)
	}
	for _, b := range cnt {
		c.fn.code[b].a = int64(contAt)
	}
	c.breaks = c.breaks[:len(c.breaks)-1]
	c.conts = c.conts[:len(c.conts)-1]
}

func (c *compiler) jump(j *cc.JumpStatement) {
	c.setPos(j)
	switch j.Case {
	case cc.JumpStatementGoto:
		name := j.Token2.SrcStr()
		c.gotos[name] = append(c.gotos[name], fixup{c.emit(opJmp, 0, 0, 0), c.curPos})
	case cc.JumpStatementGotoExpr:
		c.errorAt(j, "socklab: computed goto is not supported")
	case cc.JumpStatementContinue:
		if len(c.conts) == 0 {
			c.errorAt(j, "continue statement not within a loop")
			return
		}
		l := c.conts[len(c.conts)-1]
		*l = append(*l, c.emit(opJmp, 0, 0, 0))
	case cc.JumpStatementBreak:
		if len(c.breaks) == 0 {
			c.errorAt(j, "break statement not within loop or switch")
			return
		}
		l := c.breaks[len(c.breaks)-1]
		*l = append(*l, c.emit(opJmp, 0, 0, 0))
	case cc.JumpStatementReturn:
		if j.ExpressionList != nil {
			if c.fn.retVoid {
				c.exprDiscard(j.ExpressionList)
				c.emit(opRet, 0, 0, 0)
				return
			}
			if rt := c.retType(); isRecord(rt) {
				c.emit(opLocal, 0, 0, 0) // the hidden destination
				c.expr(j.ExpressionList)
				c.emit(opMemcpy, 0, 0, rt.Size())
				c.emit(opRet, 1, 0, 0)
				return
			}
			c.exprAs(j.ExpressionList, c.retType())
			c.emit(opRet, 1, 0, 0)
			return
		}
		if c.fn.retVoid {
			c.emit(opRet, 0, 0, 0)
		} else {
			c.emit(opConst, 0, 0, 0)
			c.emit(opRet, 1, 0, 0)
		}
	}
}

func (c *compiler) retType() cc.Type { return c.curRet }

//go:build !cprog_runtime

package cprog

import (
	"strings"

	"modernc.org/cc/v4"
)

func (c *compiler) call(x *cc.PostfixExpression) {
	callee := x.PostfixExpression
	var args []cc.ExpressionNode
	for l := x.ArgumentExpressionList; l != nil; l = l.ArgumentExpressionList {
		args = append(args, l.AssignmentExpression)
	}
	var ft *cc.FunctionType
	switch t := callee.Type().(type) {
	case *cc.FunctionType:
		ft = t
	case *cc.PointerType:
		ft, _ = t.Elem().(*cc.FunctionType)
	}
	if p, ok := unparen(callee).(*cc.PrimaryExpression); ok && p.Case == cc.PrimaryExpressionIdent && c.isFuncName(p) {
		name := p.Token.SrcStr()
		switch name {
		case "__builtin_va_start":
			if len(args) > 0 {
				c.setPos(x)
				if slot, ok := c.slotOf(args[0]); ok {
					c.emit(opVaStart, 1, 0, 0)
					c.emit(opSetLocal, 0, 0, int64(slot))
					c.emit(opPop, 0, 0, 0)
					return
				}
				c.addr(args[0])
				c.emit(opVaStart, 0, 0, 0)
			}
			return
		case "__builtin_va_end":
			return
		}
		if i, ok := c.prog.byName[name]; ok {
			n := c.structResult(ft) + len(args)
			c.pushArgs(args, ft)
			c.setPos(x)
			c.emit(opCall, 0, int32(n), int64(i))
			return
		}
		if b, ok := builtinByName[name]; ok {
			if implicitDecl(p) && !c.warned[name] {
				c.warned[name] = true
				c.warnAt(p, "implicit declaration of function '%s' [-Wimplicit-function-declaration]", name)
			}
			c.pushArgs(args, ft)
			c.setPos(x)
			void := isVoid(x.Type())
			k := uint8(1)
			if void {
				k = 0
			}
			c.emit(opBuiltin, k, int32(len(args)), int64(b))
			if !void {
				if rk := kindOf(x.Type()); rk&kSize < 8 && rk&kFloat == 0 {
					c.emit(opExt, rk, 0, 0)
				}
			}
			return
		}
		if implicitDecl(p) {
			c.warnAt(p, "implicit declaration of function '%s' [-Wimplicit-function-declaration]", name)
		}
		c.errorAt(p, "undefined reference to `%s'", name)
		for range args {
		}
		if !isVoid(x.Type()) {
			c.emit(opConst, 0, 0, 0)
		}
		return
	}
	n := c.structResult(ft) + len(args)
	c.pushArgs(args, ft)
	c.expr(callee)
	c.setPos(x)
	k := uint8(1)
	if isVoid(x.Type()) {
		k = 0
	}
	c.emit(opCallPtr, k, int32(n), 0)
}

// structResult pushes the hidden destination of a call to a function
// returning a struct (a frame object of the caller) and returns 1, or 0.
func (c *compiler) structResult(ft *cc.FunctionType) int {
	if ft == nil || !isRecord(ft.Result()) {
		return 0
	}
	obj := c.newObj(ft.Result().Size())
	c.emit(opObjAddr, 0, 0, int64(obj))
	return 1
}

// implicitDecl reports whether a called name has no declaration in scope
// (C89's implicit int function, accepted by gcc with a warning).
func implicitDecl(p *cc.PrimaryExpression) bool {
	dr, _ := p.ResolvedTo().(*cc.Declarator)
	if dr == nil || dr.IsSynthetic() || dr.Position().Line == 0 {
		return true
	}
	// cc resolves an undeclared memset to the predefined __builtin_memset
	return dr.Position().Filename == "<predefined>" && !strings.HasPrefix(p.Token.SrcStr(), "__")
}

// isFuncName reports whether p names a function (not a variable holding a
// function pointer).
func (c *compiler) isFuncName(p *cc.PrimaryExpression) bool {
	dr, _ := p.ResolvedTo().(*cc.Declarator)
	if dr == nil {
		return true
	}
	if _, ok := c.locals[dr]; ok {
		return false
	}
	if _, ok := c.globals[dr]; ok {
		return false
	}
	return dr.Type().Kind() == cc.Function
}

func unparen(e cc.ExpressionNode) cc.ExpressionNode {
	for {
		p, ok := e.(*cc.PrimaryExpression)
		if !ok || p.Case != cc.PrimaryExpressionExpr {
			return e
		}
		e = p.ExpressionList
	}
}

// pushArgs evaluates call arguments left to right, converted to the
// parameter types (default argument promotions for the rest).
func (c *compiler) pushArgs(args []cc.ExpressionNode, ft *cc.FunctionType) {
	var params []*cc.Parameter
	if ft != nil {
		params = ft.Parameters()
		if len(params) == 1 && params[0].Type().Kind() == cc.Void {
			params = nil
		}
	}
	for i, a := range args {
		at := a.Type()
		if i < len(params) {
			pt := params[i].Type()
			if isRecord(pt) {
				c.expr(a)
				continue
			}
			c.exprAs(a, pt.Decay())
			continue
		}
		c.expr(a)
		switch {
		case at.Kind() == cc.Float:
			c.convert(at, c.ast.Double)
		case cc.IsIntegerType(at):
			c.convert(at, cc.IntegerPromotion(at))
		}
	}
}

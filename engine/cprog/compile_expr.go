//go:build !cprog_runtime

package cprog

import (
	"math"

	"modernc.org/cc/v4"
)

// exprDiscard compiles e for its side effects.
func (c *compiler) exprDiscard(e cc.ExpressionNode) {
	if el, ok := e.(*cc.ExpressionList); ok {
		for ; el != nil; el = el.ExpressionList {
			c.exprDiscard(el.AssignmentExpression)
		}
		return
	}
	if c.pushesValue(e) {
		c.expr(e)
		c.emit(opPop, 0, 0, 0)
	} else {
		c.expr(e)
	}
}

func (c *compiler) pushesValue(e cc.ExpressionNode) bool { return !isVoid(e.Type()) }

// exprAs compiles e converted to type t.
func (c *compiler) exprAs(e cc.ExpressionNode, t cc.Type) {
	c.expr(e)
	c.convert(e.Type(), t)
}

// constValue pushes e's compile-time value if it has one.
func (c *compiler) constValue(e cc.ExpressionNode) bool {
	t := e.Type()
	if t == nil || !(cc.IsArithmeticType(t) || t.Kind() == cc.Ptr) {
		return false
	}
	switch x := e.(type) {
	case *cc.AssignmentExpression:
		if x.Case != cc.AssignmentExpressionCond {
			return false
		}
	case *cc.PostfixExpression:
		if x.Case == cc.PostfixExpressionCall || x.Case == cc.PostfixExpressionInc || x.Case == cc.PostfixExpressionDec {
			return false
		}
	case *cc.UnaryExpression:
		if x.Case == cc.UnaryExpressionInc || x.Case == cc.UnaryExpressionDec {
			return false
		}
	case *cc.ExpressionList:
		if x.ExpressionList != nil {
			return false
		}
	}
	if !e.Pure() {
		if _, ok := e.(*cc.UnaryExpression); !ok { // sizeof (expr) is constant, pure or not
			return false
		}
	}
	k := kindOf(t)
	switch v := e.Value().(type) {
	case cc.Int64Value:
		if k&kFloat != 0 {
			c.emit(opConst, 0, 0, int64(math.Float64bits(float64(v))))
		} else {
			c.emit(opConst, 0, 0, int64(norm(k, uint64(v))))
		}
		return true
	case cc.UInt64Value:
		if k&kFloat != 0 {
			c.emit(opConst, 0, 0, int64(math.Float64bits(float64(v))))
		} else {
			c.emit(opConst, 0, 0, int64(norm(k, uint64(v))))
		}
		return true
	case cc.Float64Value:
		f := float64(v)
		if k&kFloat == 0 {
			c.emit(opConst, 0, 0, int64(norm(k, uint64(int64(f)))))
		} else {
			if k&kSize == 4 {
				f = float64(float32(f))
			}
			c.emit(opConst, 0, 0, int64(math.Float64bits(f)))
		}
		return true
	}
	return false
}

// expr compiles e, pushing its value (arrays and functions decay to
// addresses; a struct or union pushes its address; void pushes nothing).
func (c *compiler) expr(e cc.ExpressionNode) {
	if c.constValue(e) {
		return
	}
	switch x := e.(type) {
	case *cc.PrimaryExpression:
		c.primary(x)
	case *cc.PostfixExpression:
		c.postfix(x)
	case *cc.UnaryExpression:
		c.unary(x)
	case *cc.CastExpression:
		if x.Case == cc.CastExpressionUnary {
			c.expr(x.UnaryExpression)
			return
		}
		to := x.TypeName.Type()
		c.expr(x.CastExpression)
		if isVoid(to) {
			if c.pushesValue(x.CastExpression) {
				c.emit(opPop, 0, 0, 0)
			}
			return
		}
		c.convert(x.CastExpression.Type(), to)
	case *cc.MultiplicativeExpression:
		ops := map[cc.MultiplicativeExpressionCase]int{cc.MultiplicativeExpressionMul: bMul, cc.MultiplicativeExpressionDiv: bDivS, cc.MultiplicativeExpressionMod: bModS}
		if x.Case == cc.MultiplicativeExpressionCast {
			c.expr(x.CastExpression)
			return
		}
		c.arith(x, x.MultiplicativeExpression, x.CastExpression, ops[x.Case])
	case *cc.AdditiveExpression:
		switch x.Case {
		case cc.AdditiveExpressionMul:
			c.expr(x.MultiplicativeExpression)
		case cc.AdditiveExpressionAdd:
			c.add(x, x.AdditiveExpression, x.MultiplicativeExpression, false)
		case cc.AdditiveExpressionSub:
			c.add(x, x.AdditiveExpression, x.MultiplicativeExpression, true)
		}
	case *cc.ShiftExpression:
		if x.Case == cc.ShiftExpressionAdd {
			c.expr(x.AdditiveExpression)
			return
		}
		t := x.Type()
		c.exprAs(x.ShiftExpression, t)
		c.exprAs(x.AdditiveExpression, c.ast.Long)
		op := bShl
		if x.Case == cc.ShiftExpressionRsh {
			op = bShrU
			if kindOf(t)&kSigned != 0 {
				op = bShrS
			}
		}
		c.setPos(x)
		c.emit(opBin, kindOf(t), int32(op), 0)
	case *cc.RelationalExpression:
		if x.Case == cc.RelationalExpressionShift {
			c.expr(x.ShiftExpression)
			return
		}
		ops := map[cc.RelationalExpressionCase]int{cc.RelationalExpressionLt: bLtS, cc.RelationalExpressionGt: bGtS, cc.RelationalExpressionLeq: bLeS, cc.RelationalExpressionGeq: bGeS}
		c.compare(x.RelationalExpression, x.ShiftExpression, ops[x.Case])
	case *cc.EqualityExpression:
		if x.Case == cc.EqualityExpressionRel {
			c.expr(x.RelationalExpression)
			return
		}
		op := bEq
		if x.Case == cc.EqualityExpressionNeq {
			op = bNe
		}
		c.compare(x.EqualityExpression, x.RelationalExpression, op)
	case *cc.AndExpression:
		if x.Case == cc.AndExpressionEq {
			c.expr(x.EqualityExpression)
			return
		}
		c.arith(x, x.AndExpression, x.EqualityExpression, bAnd)
	case *cc.ExclusiveOrExpression:
		if x.Case == cc.ExclusiveOrExpressionAnd {
			c.expr(x.AndExpression)
			return
		}
		c.arith(x, x.ExclusiveOrExpression, x.AndExpression, bXor)
	case *cc.InclusiveOrExpression:
		if x.Case == cc.InclusiveOrExpressionXor {
			c.expr(x.ExclusiveOrExpression)
			return
		}
		c.arith(x, x.InclusiveOrExpression, x.ExclusiveOrExpression, bOr)
	case *cc.LogicalAndExpression:
		if x.Case == cc.LogicalAndExpressionOr {
			c.expr(x.InclusiveOrExpression)
			return
		}
		c.cond(x.LogicalAndExpression)
		j := c.emit(opJzKeep, 0, 0, 0)
		c.cond(x.InclusiveOrExpression)
		c.patch(j)
	case *cc.LogicalOrExpression:
		if x.Case == cc.LogicalOrExpressionLAnd {
			c.expr(x.LogicalAndExpression)
			return
		}
		c.cond(x.LogicalOrExpression)
		j := c.emit(opJnzKeep, 0, 0, 0)
		c.cond(x.LogicalAndExpression)
		c.patch(j)
	case *cc.ConditionalExpression:
		if x.Case == cc.ConditionalExpressionLOr {
			c.expr(x.LogicalOrExpression)
			return
		}
		t := x.Type()
		c.cond(x.LogicalOrExpression)
		jz := c.emit(opJz, 0, 0, 0)
		c.condArm(x.ExpressionList, t)
		j := c.emit(opJmp, 0, 0, 0)
		c.patch(jz)
		c.condArm(x.ConditionalExpression, t)
		c.patch(j)
	case *cc.AssignmentExpression:
		c.assign(x)
	case *cc.ExpressionList:
		for ; x != nil; x = x.ExpressionList {
			if x.ExpressionList == nil {
				c.expr(x.AssignmentExpression)
			} else {
				c.exprDiscard(x.AssignmentExpression)
			}
		}
	case *cc.ConstantExpression:
		c.expr(x.ConditionalExpression)
	default:
		c.errorAt(e, "socklab: unsupported expression")
		c.emit(opConst, 0, 0, 0)
	}
}

func (c *compiler) condArm(e cc.ExpressionNode, t cc.Type) {
	if isVoid(t) {
		c.exprDiscard(e)
		return
	}
	if isRecord(t) {
		c.expr(e)
		return
	}
	c.exprAs(e, t)
}

// arith compiles a binary arithmetic operator whose result type is n's.
func (c *compiler) arith(n cc.ExpressionNode, a, b cc.ExpressionNode, op int) {
	t := n.Type()
	c.exprAs(a, t)
	c.exprAs(b, t)
	c.setPos(n)
	c.binop(t, op)
}

// binop emits op for operands of type t (signed/unsigned/float variants).
func (c *compiler) binop(t cc.Type, op int) {
	k := kindOf(t)
	if k&kFloat != 0 {
		switch op {
		case bAdd:
			op = bFAdd
		case bSub:
			op = bFSub
		case bMul:
			op = bFMul
		case bDivS:
			op = bFDiv
		}
	} else if k&kSigned == 0 {
		switch op {
		case bDivS:
			op = bDivU
		case bModS:
			op = bModU
		case bShrS:
			op = bShrU
		}
	}
	c.emit(opBin, k, int32(op), 0)
	if k == 4|kFloat {
		c.emit(opF32, 0, 0, 0)
	}
}

// add compiles a + b or a - b, with pointer arithmetic.
func (c *compiler) add(n cc.ExpressionNode, a, b cc.ExpressionNode, sub bool) {
	at, bt := a.Type().Decay(), b.Type().Decay()
	switch {
	case isPtr(at) && isPtr(bt) && sub:
		c.expr(a)
		c.expr(b)
		c.emit(opBin, 8|kSigned, bSub, 0)
		if s := elemSize(at); s != 1 {
			c.emit(opConst, 0, 0, s)
			c.emit(opBin, 8|kSigned, bDivS, 0)
		}
	case isPtr(at):
		c.expr(a)
		c.index(b, elemSize(at))
		op := bAdd
		if sub {
			op = bSub
		}
		c.emit(opBin, 8, int32(op), 0)
	case isPtr(bt):
		c.index(a, elemSize(bt))
		c.expr(b)
		c.emit(opBin, 8, bAdd, 0)
	default:
		op := bAdd
		if sub {
			op = bSub
		}
		c.arith(n, a, b, op)
	}
}

// index pushes integer expression e scaled by size, as a 64-bit offset.
func (c *compiler) index(e cc.ExpressionNode, size int64) {
	c.exprAs(e, c.ast.Long)
	if size != 1 {
		c.emit(opConst, 0, 0, size)
		c.emit(opBin, 8, bMul, 0)
	}
}

// compare compiles a relational or equality operator.
func (c *compiler) compare(a, b cc.ExpressionNode, op int) {
	at, bt := a.Type().Decay(), b.Type().Decay()
	if isPtr(at) || isPtr(bt) {
		c.exprAs(a, c.ast.ULong)
		c.exprAs(b, c.ast.ULong)
		c.emit(opBin, 8, int32(unsignedCmp(op)), 0)
		return
	}
	t := c.usual(at, bt)
	c.exprAs(a, t)
	c.exprAs(b, t)
	k := kindOf(t)
	switch {
	case k&kFloat != 0:
		op = map[int]int{bEq: bFEq, bNe: bFNe, bLtS: bFLt, bLeS: bFLe, bGtS: bFGt, bGeS: bFGe}[op]
	case k&kSigned == 0:
		op = unsignedCmp(op)
	}
	c.emit(opBin, k, int32(op), 0)
}

func unsignedCmp(op int) int {
	switch op {
	case bLtS:
		return bLtU
	case bLeS:
		return bLeU
	case bGtS:
		return bGtU
	case bGeS:
		return bGeU
	}
	return op
}

// convert converts the value on top of the stack from type from to type to.
func (c *compiler) convert(from, to cc.Type) {
	if from == nil || to == nil || isVoid(to) {
		return
	}
	if isRecord(to) || isRecord(from) {
		return
	}
	from = from.Decay()
	if to.Kind() == cc.Bool {
		if from.Kind() != cc.Bool {
			c.toBool(from)
		}
		return
	}
	fk, tk := kindOf(from), kindOf(to)
	switch {
	case fk&kFloat != 0 && tk&kFloat != 0:
		if tk&kSize == 4 && fk&kSize != 4 {
			c.emit(opF32, 0, 0, 0)
		}
	case fk&kFloat != 0:
		if tk&kSigned != 0 {
			c.emit(opF2I, tk, 0, 0)
		} else {
			c.emit(opF2U, tk, 0, 0)
		}
	case tk&kFloat != 0:
		if fk&kSigned != 0 || fk&kSize < 8 {
			c.emit(opI2F, 0, 0, 0)
		} else {
			c.emit(opU2F, 0, 0, 0)
		}
		if tk&kSize == 4 {
			c.emit(opF32, 0, 0, 0)
		}
	default:
		if tk&kSize < 8 && fk != tk {
			c.emit(opExt, tk, 0, 0)
		}
	}
}

func (c *compiler) primary(x *cc.PrimaryExpression) {
	switch x.Case {
	case cc.PrimaryExpressionIdent:
		c.ident(x)
	case cc.PrimaryExpressionString:
		s, _ := x.Value().(cc.StringValue)
		c.emit(opConst, 0, 0, int64(c.stringLit(string(s))))
	case cc.PrimaryExpressionExpr:
		c.expr(x.ExpressionList)
	case cc.PrimaryExpressionInt, cc.PrimaryExpressionChar, cc.PrimaryExpressionFloat:
		c.errorAt(x, "socklab: constant out of range")
		c.emit(opConst, 0, 0, 0)
	default:
		c.errorAt(x, "socklab: unsupported expression")
		c.emit(opConst, 0, 0, 0)
	}
}

// ident pushes the value of a named object or the address of a function.
func (c *compiler) ident(x *cc.PrimaryExpression) {
	name := x.Token.SrcStr()
	t := x.Type().Undecay()
	if name == "__func__" {
		c.emit(opConst, 0, 0, int64(c.stringLit(c.fn.name)))
		return
	}
	dr, _ := x.ResolvedTo().(*cc.Declarator)
	if t.Kind() == cc.Function {
		c.funcAddr(x, name)
		return
	}
	if dr != nil {
		if l, ok := c.locals[dr]; ok && l.obj < 0 {
			c.emit(opLocal, 0, 0, int64(l.slot))
			return
		}
	}
	c.addrOfIdent(x, dr, name)
	if t.Kind() == cc.Array || isRecord(t) {
		return
	}
	c.emit(opLoad, kindOf(t), 0, 0)
}

func (c *compiler) funcAddr(n cc.Node, name string) {
	if i, ok := c.prog.byName[name]; ok {
		c.emit(opConst, 0, 0, int64(mkptr(funcSegBase+uint32(i), 0)))
		return
	}
	if b, ok := builtinByName[name]; ok {
		c.emit(opConst, 0, 0, int64(mkptr(funcSegBase+0x8000+uint32(b), 0)))
		return
	}
	c.errorAt(n, "undefined reference to `%s'", name)
	c.emit(opConst, 0, 0, 0)
}

func (c *compiler) addrOfIdent(n cc.Node, dr *cc.Declarator, name string) {
	if dr != nil {
		if l, ok := c.locals[dr]; ok {
			if l.obj < 0 {
				c.errorAt(n, "socklab: internal error: address of register variable '%s'", name)
			}
			c.emit(opObjAddr, 0, 0, int64(l.obj))
			return
		}
		if a, ok := c.globals[dr]; ok {
			c.emit(opConst, 0, 0, int64(a))
			return
		}
		// An extern declared elsewhere in this file: find its definition.
		for d, a := range c.globals {
			if d.Name() == name && d.Linkage() == cc.External {
				c.emit(opConst, 0, 0, int64(a))
				return
			}
		}
	}
	c.errorAt(n, "undefined reference to `%s'", name)
	c.emit(opConst, 0, 0, 0)
}

// addr compiles the address of lvalue e.
func (c *compiler) addr(e cc.ExpressionNode) {
	switch x := e.(type) {
	case *cc.PrimaryExpression:
		switch x.Case {
		case cc.PrimaryExpressionIdent:
			dr, _ := x.ResolvedTo().(*cc.Declarator)
			if x.Type().Kind() == cc.Function {
				c.funcAddr(x, x.Token.SrcStr())
				return
			}
			c.addrOfIdent(x, dr, x.Token.SrcStr())
			return
		case cc.PrimaryExpressionString:
			c.expr(x)
			return
		case cc.PrimaryExpressionExpr:
			c.addr(x.ExpressionList)
			return
		}
	case *cc.UnaryExpression:
		if x.Case == cc.UnaryExpressionDeref {
			c.expr(x.CastExpression)
			return
		}
	case *cc.PostfixExpression:
		switch x.Case {
		case cc.PostfixExpressionIndex:
			c.indexAddr(x)
			return
		case cc.PostfixExpressionSelect, cc.PostfixExpressionPSelect:
			f := x.Field()
			if f == nil {
				break
			}
			if f.IsBitfield() {
				c.errorAt(x, "socklab: bit-fields are not supported")
			}
			if x.Case == cc.PostfixExpressionSelect {
				c.addr(x.PostfixExpression)
			} else {
				c.expr(x.PostfixExpression)
			}
			if off := f.Offset(); off != 0 {
				c.emit(opConst, 0, 0, off)
				c.emit(opBin, 8, bAdd, 0)
			}
			return
		case cc.PostfixExpressionComplit:
			t := x.TypeName.Type()
			obj := c.newObj(t.Size())
			c.initList(func() { c.emit(opObjAddr, 0, 0, int64(obj)) }, t, x.InitializerList)
			c.emit(opObjAddr, 0, 0, int64(obj))
			return
		case cc.PostfixExpressionCall:
			// a struct-valued call: its value is an address already
			c.expr(x)
			return
		}
	case *cc.CastExpression:
		if x.Case == cc.CastExpressionUnary {
			c.addr(x.UnaryExpression)
			return
		}
	case *cc.AssignmentExpression, *cc.ConditionalExpression, *cc.ExpressionList:
		if isRecord(e.Type()) {
			c.expr(e)
			return
		}
	}
	c.errorAt(e, "lvalue required")
	c.emit(opConst, 0, 0, 0)
}

func (c *compiler) indexAddr(x *cc.PostfixExpression) {
	a, b := x.PostfixExpression, x.ExpressionList
	at := a.Type().Decay()
	if !isPtr(at) {
		a, b = b, a
		at = a.Type().Decay()
	}
	c.expr(a)
	c.index(b, elemSize(at))
	c.emit(opBin, 8, bAdd, 0)
}

func (c *compiler) postfix(x *cc.PostfixExpression) {
	switch x.Case {
	case cc.PostfixExpressionPrimary:
		c.expr(x.PrimaryExpression)
	case cc.PostfixExpressionIndex, cc.PostfixExpressionSelect, cc.PostfixExpressionPSelect, cc.PostfixExpressionComplit:
		c.addr(x)
		t := x.Type().Undecay()
		if t.Kind() == cc.Array || isRecord(t) {
			return
		}
		c.setPos(x)
		c.emit(opLoad, kindOf(t), 0, 0)
	case cc.PostfixExpressionCall:
		c.call(x)
	case cc.PostfixExpressionInc, cc.PostfixExpressionDec:
		c.incdec(x.PostfixExpression, x.Case == cc.PostfixExpressionDec, true)
	default:
		c.errorAt(x, "socklab: unsupported expression")
		c.emit(opConst, 0, 0, 0)
	}
}

// slotOf reports whether e names a scalar local kept in a slot.
func (c *compiler) slotOf(e cc.ExpressionNode) (int, bool) {
	for {
		p, ok := e.(*cc.PrimaryExpression)
		if !ok {
			return 0, false
		}
		if p.Case == cc.PrimaryExpressionExpr {
			e = p.ExpressionList
			continue
		}
		if p.Case != cc.PrimaryExpressionIdent {
			return 0, false
		}
		dr, _ := p.ResolvedTo().(*cc.Declarator)
		if l, ok := c.locals[dr]; ok && l.obj < 0 && dr != nil {
			return l.slot, true
		}
		return 0, false
	}
}

func (c *compiler) incdec(e cc.ExpressionNode, dec, post bool) {
	t := e.Type()
	if isFloat(t) {
		// x = x ± 1.0, keeping the old value for x++.
		c.errorAt(e, "socklab: ++/-- on floating point is not supported")
		c.emit(opConst, 0, 0, 0)
		return
	}
	delta := int64(1)
	if isPtr(t) {
		delta = elemSize(t)
	}
	if dec {
		delta = -delta
	}
	k := kindOf(t)
	if post {
		k |= kPost
	}
	c.setPos(e)
	if slot, ok := c.slotOf(e); ok {
		c.emit(opIncLocal, k, int32(delta), int64(slot))
		return
	}
	c.addr(e)
	c.emit(opIncMem, k, int32(delta), 0)
}

func (c *compiler) unary(x *cc.UnaryExpression) {
	switch x.Case {
	case cc.UnaryExpressionPostfix:
		c.expr(x.PostfixExpression)
	case cc.UnaryExpressionInc, cc.UnaryExpressionDec:
		c.incdec(x.UnaryExpression, x.Case == cc.UnaryExpressionDec, false)
	case cc.UnaryExpressionAddrof:
		c.addr(x.CastExpression)
	case cc.UnaryExpressionDeref:
		t := x.Type().Undecay()
		c.expr(x.CastExpression)
		if t.Kind() == cc.Array || isRecord(t) || t.Kind() == cc.Function {
			return
		}
		c.setPos(x)
		c.emit(opLoad, kindOf(t), 0, 0)
	case cc.UnaryExpressionPlus:
		c.exprAs(x.CastExpression, x.Type())
	case cc.UnaryExpressionMinus:
		t := x.Type()
		c.exprAs(x.CastExpression, t)
		if isFloat(t) {
			c.emit(opFNeg, 0, 0, 0)
		} else {
			c.emit(opNeg, kindOf(t), 0, 0)
		}
	case cc.UnaryExpressionCpl:
		t := x.Type()
		c.exprAs(x.CastExpression, t)
		c.emit(opCpl, kindOf(t), 0, 0)
	case cc.UnaryExpressionNot:
		c.expr(x.CastExpression)
		c.toBool(x.CastExpression.Type())
		c.emit(opNot, 0, 0, 0)
	case cc.UnaryExpressionSizeofExpr, cc.UnaryExpressionSizeofType, cc.UnaryExpressionAlignofExpr, cc.UnaryExpressionAlignofType:
		c.errorAt(x, "socklab: sizeof of a variable length array is not supported")
		c.emit(opConst, 0, 0, 0)
	default:
		c.errorAt(x, "socklab: unsupported expression")
		c.emit(opConst, 0, 0, 0)
	}
}

func (c *compiler) assign(x *cc.AssignmentExpression) {
	if x.Case == cc.AssignmentExpressionCond {
		c.expr(x.ConditionalExpression)
		return
	}
	lhs, rhs := x.UnaryExpression, x.AssignmentExpression
	lt := lhs.Type()
	c.setPos(x)
	if x.Case == cc.AssignmentExpressionAssign {
		if isRecord(lt) {
			c.addr(lhs)
			c.expr(rhs)
			c.emit(opMemcpy, 0, 0, lt.Size())
			return
		}
		if slot, ok := c.slotOf(lhs); ok {
			c.exprAs(rhs, lt)
			c.emit(opSetLocal, 0, 0, int64(slot))
			return
		}
		c.addr(lhs)
		c.exprAs(rhs, lt)
		c.setPos(x)
		c.emit(opStore, kindOf(lt), 0, 0)
		return
	}
	op := map[cc.AssignmentExpressionCase]int{
		cc.AssignmentExpressionMul: bMul, cc.AssignmentExpressionDiv: bDivS, cc.AssignmentExpressionMod: bModS,
		cc.AssignmentExpressionAdd: bAdd, cc.AssignmentExpressionSub: bSub, cc.AssignmentExpressionLsh: bShl,
		cc.AssignmentExpressionRsh: bShrS, cc.AssignmentExpressionAnd: bAnd, cc.AssignmentExpressionXor: bXor,
		cc.AssignmentExpressionOr: bOr,
	}[x.Case]
	slot, isSlot := c.slotOf(lhs)
	if isSlot {
		c.emit(opLocal, 0, 0, int64(slot))
	} else {
		c.addr(lhs)
		c.emit(opDup, 0, 0, 0)
		c.emit(opLoad, kindOf(lt), 0, 0)
	}
	rt := rhs.Type().Decay()
	switch {
	case isPtr(lt) && (op == bAdd || op == bSub):
		c.index(rhs, elemSize(lt))
		c.emit(opBin, 8, int32(op), 0)
	case op == bShl || op == bShrS:
		pt := cc.IntegerPromotion(lt)
		c.convert(lt, pt)
		c.exprAs(rhs, c.ast.Long)
		if op == bShrS && kindOf(pt)&kSigned == 0 {
			op = bShrU
		}
		c.emit(opBin, kindOf(pt), int32(op), 0)
		c.convert(pt, lt)
	default:
		ct := c.usual(lt, rt)
		c.convert(lt, ct)
		c.exprAs(rhs, ct)
		c.setPos(x)
		c.binop(ct, op)
		c.convert(ct, lt)
	}
	if isSlot {
		c.emit(opSetLocal, 0, 0, int64(slot))
	} else {
		c.emit(opStore, kindOf(lt), 0, 0)
	}
}

// usual is the usual arithmetic conversions of two operand types; invalid
// operands (cc lets some through) are a compile error.
func (c *compiler) usual(a, b cc.Type) cc.Type {
	if !cc.IsArithmeticType(a) || !cc.IsArithmeticType(b) {
		c.diags = append(c.diags, Diag{File: c.file, Line: int(c.curPos.line), Col: int(c.curPos.col), Msg: "invalid operands (have '" + a.String() + "' and '" + b.String() + "')"})
		return c.ast.Long
	}
	return cc.UsualArithmeticConversions(a, b)
}

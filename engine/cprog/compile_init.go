//go:build !cprog_runtime

package cprog

import (
	"math"

	"modernc.org/cc/v4"
)

// initObject compiles the initialisation of the object of type t whose
// address addr pushes.
func (c *compiler) initObject(addr func(), t cc.Type, in *cc.Initializer, global bool) {
	if in.Case == cc.InitializerInitList {
		c.initList(addr, t, in.InitializerList)
		return
	}
	c.setPos(in)
	if !global && (isAggregate(t)) {
		addr()
		c.emit(opMemzero, 0, 0, t.Size())
		c.emit(opPop, 0, 0, 0)
	}
	c.initLeaf(addr, 0, t, in.AssignmentExpression)
}

// initList zeroes the object, then stores every initialiser of the list.
func (c *compiler) initList(addr func(), t cc.Type, l *cc.InitializerList) {
	addr()
	c.emit(opMemzero, 0, 0, t.Size())
	c.emit(opPop, 0, 0, 0)
	c.initItems(addr, 0, l)
}

func (c *compiler) initItems(addr func(), base int64, l *cc.InitializerList) {
	for ; l != nil; l = l.InitializerList {
		in := l.Initializer
		if in == nil {
			continue
		}
		c.setPos(in)
		if in.Case == cc.InitializerInitList {
			c.initItems(addr, base+initBase(in), in.InitializerList)
			continue
		}
		c.initLeaf(addr, base+in.Offset(), in.Type(), in.AssignmentExpression)
	}
}

// initBase: cc records every initialiser's offset from the start of the
// outermost object, so nested lists add nothing.
func initBase(in *cc.Initializer) int64 { return 0 }

// initLeaf stores expression e, converted to t, at addr+off.
func (c *compiler) initLeaf(addr func(), off int64, t cc.Type, e cc.ExpressionNode) {
	push := func() {
		addr()
		if off != 0 {
			c.emit(opConst, 0, 0, off)
			c.emit(opBin, 8, bAdd, 0)
		}
	}
	if at, ok := t.(*cc.ArrayType); ok {
		if s, ok := stringOf(e); ok {
			n := int64(len(s) + 1)
			if sz := at.Size(); sz >= 0 && n > sz {
				n = sz
			}
			push()
			c.emit(opConst, 0, 0, int64(c.stringLit(s)))
			c.emit(opMemcpy, 0, 0, n)
			c.emit(opPop, 0, 0, 0)
			return
		}
	}
	if isRecord(t) || t.Kind() == cc.Array {
		push()
		c.expr(e)
		c.emit(opMemcpy, 0, 0, t.Size())
		c.emit(opPop, 0, 0, 0)
		return
	}
	push()
	c.exprAs(e, t)
	c.emit(opStore, kindOf(t), 0, 0)
	c.emit(opPop, 0, 0, 0)
}

func stringOf(e cc.ExpressionNode) (string, bool) {
	p, ok := unparen(e).(*cc.PrimaryExpression)
	if !ok || p.Case != cc.PrimaryExpressionString {
		return "", false
	}
	s, ok := p.Value().(cc.StringValue)
	return string(s), ok
}

// constInit writes a global's initialiser into buf at compile time;
// false if some part needs run-time code.
func (c *compiler) constInit(buf []byte, off int64, t cc.Type, in *cc.Initializer) bool {
	if in.Case == cc.InitializerInitList {
		return c.constItems(buf, off, in.InitializerList)
	}
	return c.constLeaf(buf, off, t, in.AssignmentExpression)
}

func (c *compiler) constItems(buf []byte, base int64, l *cc.InitializerList) bool {
	for ; l != nil; l = l.InitializerList {
		in := l.Initializer
		if in == nil {
			continue
		}
		if in.Case == cc.InitializerInitList {
			if !c.constItems(buf, base+initBase(in), in.InitializerList) {
				return false
			}
			continue
		}
		if !c.constLeaf(buf, base+in.Offset(), in.Type(), in.AssignmentExpression) {
			return false
		}
	}
	return true
}

func (c *compiler) constLeaf(buf []byte, off int64, t cc.Type, e cc.ExpressionNode) bool {
	if at, ok := t.(*cc.ArrayType); ok {
		if s, ok := stringOf(e); ok {
			n := int64(len(s) + 1)
			if sz := at.Size(); sz >= 0 && n > sz {
				n = sz
			}
			if off+n > int64(len(buf)) {
				return false
			}
			copy(buf[off:off+n], append([]byte(s), 0))
			return true
		}
		return false
	}
	if isRecord(t) {
		return false
	}
	k := kindOf(t)
	size := int64(k & kSize)
	if off < 0 || off+size > int64(len(buf)) {
		return false
	}
	var v uint64
	switch x := e.Value().(type) {
	case cc.Int64Value:
		v = uint64(x)
		if k&kFloat != 0 {
			v = math.Float64bits(float64(x))
		}
	case cc.UInt64Value:
		v = uint64(x)
		if k&kFloat != 0 {
			v = math.Float64bits(float64(x))
		}
	case cc.Float64Value:
		if k&kFloat != 0 {
			v = math.Float64bits(float64(x))
		} else {
			v = uint64(int64(x))
		}
	default:
		if s, ok := stringOf(e); ok && isPtr(t) {
			v = c.stringLit(s)
			break
		}
		if p, ok := unparen(e).(*cc.PrimaryExpression); ok && p.Case == cc.PrimaryExpressionIdent && p.Type().Kind() == cc.Function {
			name := p.Token.SrcStr()
			if i, ok := c.prog.byName[name]; ok {
				v = mkptr(funcSegBase+uint32(i), 0)
				break
			}
		}
		return false
	}
	storeKind(buf[off:], k, v)
	return true
}

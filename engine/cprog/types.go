//go:build !cprog_runtime

package cprog

import "modernc.org/cc/v4"

// kindOf is the value kind (ir.go) of a scalar type.
func kindOf(t cc.Type) uint8 {
	switch t.Kind() {
	case cc.Float:
		return 4 | kFloat
	case cc.Double, cc.LongDouble:
		return 8 | kFloat
	case cc.Ptr, cc.Array, cc.Function:
		return 8
	case cc.Bool:
		return 1
	}
	if cc.IsIntegerType(t) {
		s := t.Size()
		if s <= 0 || s > 8 {
			s = 8
		}
		k := uint8(s)
		if cc.IsSignedInteger(t) {
			k |= kSigned
		}
		return k
	}
	return 8
}

func isFloat(t cc.Type) bool { return cc.IsFloatingPointType(t) }
func isPtr(t cc.Type) bool   { return t.Kind() == cc.Ptr }
func isAggregate(t cc.Type) bool {
	k := t.Kind()
	return k == cc.Struct || k == cc.Union || k == cc.Array
}
func isRecord(t cc.Type) bool { k := t.Kind(); return k == cc.Struct || k == cc.Union }
func isVoid(t cc.Type) bool   { return t == nil || t.Kind() == cc.Void }

// elemSize is the size of what a pointer or array points to (1 for void*).
func elemSize(t cc.Type) int64 {
	var e cc.Type
	switch x := t.(type) {
	case *cc.PointerType:
		e = x.Elem()
	case *cc.ArrayType:
		e = x.Elem()
	default:
		return 1
	}
	if e == nil || e.Kind() == cc.Void || e.Kind() == cc.Function {
		return 1
	}
	if s := e.Size(); s > 0 {
		return s
	}
	return 1
}

func elemType(t cc.Type) cc.Type {
	switch x := t.(type) {
	case *cc.PointerType:
		return x.Elem()
	case *cc.ArrayType:
		return x.Elem()
	}
	return nil
}

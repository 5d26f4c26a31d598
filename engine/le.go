package engine

// le is encoding/binary's LittleEndian for the option and message buffers (sock_opts.go):
// encoding/binary imports reflect, which engine.wasm does without (engine/snapjson TestWasmDeps).
var le littleEndian

type littleEndian struct{}

func (littleEndian) Uint32(b []byte) uint32 {
	_ = b[3]
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func (littleEndian) Uint64(b []byte) uint64 {
	_ = b[7]
	return uint64(le.Uint32(b)) | uint64(le.Uint32(b[4:]))<<32
}

func (littleEndian) PutUint32(b []byte, v uint32) {
	_ = b[3]
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}

func (littleEndian) PutUint64(b []byte, v uint64) {
	le.PutUint32(b, uint32(v))
	le.PutUint32(b[4:], uint32(v>>32))
}

func (littleEndian) AppendUint32(b []byte, v uint32) []byte {
	return append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
}

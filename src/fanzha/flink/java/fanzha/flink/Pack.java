package fanzha.flink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The records between the job's stages, as MessagePack: a list of arrays of ten
 * fields, as {@code fanzha.detect.stages.Record} describes them. Only the few
 * MessagePack types the Python side writes are read (arrays, str, bin, nil, ints).
 */
final class Pack {
    private Pack() {}

    /** One record. Strings are kept as their UTF-8 bytes: sorting those is sorting by code point, as Python does. */
    static final class Rec {
        byte[] key;
        long ts;
        byte[] order;
        byte[] role;
        byte[] op;
        byte[] route;
        byte[] info;
        byte[] payee;
        byte[] account;
        byte[] event;

        Rec copy() {
            Rec r = new Rec();
            r.key = key; r.ts = ts; r.order = order; r.role = role; r.op = op; r.route = route;
            r.info = info; r.payee = payee; r.account = account; r.event = event;
            return r;
        }
    }

    static List<Rec> unpack(byte[] data) {
        Reader in = new Reader(data);
        int n = in.arrayHeader();
        List<Rec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (in.arrayHeader() != 10) {
                throw new IllegalArgumentException("a stage record has ten fields");
            }
            Rec r = new Rec();
            r.key = in.bytes(); r.ts = in.integer(); r.order = in.bytes(); r.role = in.bytes();
            r.op = in.bytes(); r.route = in.bytes(); r.info = in.bytes(); r.payee = in.bytes();
            r.account = in.bytes(); r.event = in.bytes();
            out.add(r);
        }
        return out;
    }

    static byte[] pack(List<Rec> records) {
        Writer out = new Writer();
        out.header(0xdd, records.size());
        for (Rec r : records) {
            out.header(0x9a, -1);
            out.str(r.key); out.integer(r.ts); out.str(r.order); out.str(r.role); out.str(r.op);
            out.str(r.route); out.bin(r.info); out.bin(r.payee); out.bin(r.account); out.bin(r.event);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static final class Reader {
        private final byte[] d;
        private int p;

        Reader(byte[] data) { d = data; }

        private int u8() { return d[p++] & 0xff; }
        private int u16() { return (u8() << 8) | u8(); }
        private long u32() { return ((long) u16() << 16) | u16(); }

        int arrayHeader() {
            int t = u8();
            if ((t & 0xf0) == 0x90) return t & 0x0f;
            if (t == 0xdc) return u16();
            if (t == 0xdd) return (int) u32();
            throw new IllegalArgumentException("not an array: " + t);
        }

        long integer() {
            int t = u8();
            if (t <= 0x7f) return t;
            if (t >= 0xe0) return (byte) t;
            switch (t) {
                case 0xcc: return u8();
                case 0xcd: return u16();
                case 0xce: return u32();
                case 0xcf: case 0xd3: return (u32() << 32) | u32();
                case 0xd0: return (byte) u8();
                case 0xd1: return (short) u16();
                case 0xd2: return (int) u32();
                default: throw new IllegalArgumentException("not an integer: " + t);
            }
        }

        /** A str or bin as its bytes; nil as null. */
        byte[] bytes() {
            int t = u8();
            int n;
            if ((t & 0xe0) == 0xa0) n = t & 0x1f;
            else if (t == 0xc0) return null;
            else if (t == 0xd9 || t == 0xc4) n = u8();
            else if (t == 0xda || t == 0xc5) n = u16();
            else if (t == 0xdb || t == 0xc6) n = (int) u32();
            else throw new IllegalArgumentException("not a string: " + t);
            byte[] out = new byte[n];
            System.arraycopy(d, p, out, 0, n);
            p += n;
            return out;
        }
    }

    private static final class Writer extends ByteArrayOutputStream {
        Writer() { super(4096); }

        void header(int type, int n) {
            write(type);
            if (n >= 0) u32(n);
        }

        private void u32(long v) {
            write((int) (v >>> 24)); write((int) (v >>> 16)); write((int) (v >>> 8)); write((int) v);
        }

        void integer(long v) {
            write(0xd3); u32(v >>> 32); u32(v);
        }

        void str(byte[] b) {
            header(0xdb, b.length);
            write(b, 0, b.length);
        }

        void bin(byte[] b) {
            if (b == null) { write(0xc0); return; }
            header(0xc6, b.length);
            write(b, 0, b.length);
        }
    }
}

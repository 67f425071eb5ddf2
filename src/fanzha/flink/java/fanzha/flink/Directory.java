package fanzha.flink;

import fanzha.flink.Pack.Rec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Directory A or B of the detection job, as a Flink operator: the Java twin of
 * {@code fanzha.detect.stages.directory_a} and {@code directory_b}, which say what
 * each record does (the Python versions run the same logic in one process, and
 * the tests hold the two to the embedded engine's warnings).
 *
 * <p>Keyed by a bucket of keys, as the Python person stage is. Each element is a
 * batch of records for one bucket; records wait in keyed state until the
 * watermark passes their tick (event time rounded up), then run in event-time
 * order, by key, and within a key's moment by source, id and role. Outputs leave
 * as one batch per destination bucket: directory A's records for the person
 * stage on a side output, the rest for directory B.
 */
public class Directory
        extends KeyedProcessFunction<Integer, Tuple3<Integer, Long, byte[]>, Tuple3<Integer, Long, byte[]>> {
    private static final long serialVersionUID = 1L;

    public static final TypeInformation<Tuple3<Integer, Long, byte[]>> BATCH =
            new TupleTypeInfo<>(
                    BasicTypeInfo.INT_TYPE_INFO,
                    BasicTypeInfo.LONG_TYPE_INFO,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    private static final byte[] OWN = Pack.utf8("own");
    private static final byte[] HOME = Pack.utf8("home");
    private static final byte[] OPEN = Pack.utf8("account");
    private static final byte[] TRANSFER = Pack.utf8("transfer");
    private static final byte[] PHONE = Pack.utf8("phone");
    private static final byte[] PAYER = Pack.utf8("payer");
    private static final byte[] PAYEE = Pack.utf8("payee");
    private static final byte[] PERSON = Pack.utf8("person:");

    private final boolean first;
    private final int buckets;
    private final long tickMs;
    private final OutputTag<Tuple3<Integer, Long, byte[]>> toPerson;

    private transient MapState<String, byte[]> entries;
    private transient MapState<Long, List<byte[]>> waiting;
    private transient MapState<String, Boolean> seen;
    private transient Counter tooLate;

    /** {@code stage} "A" (drops duplicates and events later than the watermark) or "B". */
    public Directory(String stage, int buckets, long tickMs) {
        this.first = stage.equals("A");
        this.buckets = buckets;
        this.tickMs = tickMs;
        this.toPerson = new OutputTag<>("to-person", BATCH);
    }

    /** Directory A's records that need no paying account: straight to the person stage. */
    public OutputTag<Tuple3<Integer, Long, byte[]>> personTag() {
        return toPerson;
    }

    public static TypeInformation<Tuple3<Integer, Long, byte[]>> batchType() {
        return BATCH;
    }

    public static KeySelector<Tuple3<Integer, Long, byte[]>, Integer> byBucket() {
        return new ByBucket();
    }

    static final class ByBucket implements KeySelector<Tuple3<Integer, Long, byte[]>, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer getKey(Tuple3<Integer, Long, byte[]> value) {
            return value.f0;
        }
    }

    /**
     * A batch as PyFlink's keyed Python operators take it: a row of (bucket, batch). What
     * PyFlink's {@code key_by} would do with a Python map, done here, without a Python hop.
     */
    public static MapFunction<Tuple3<Integer, Long, byte[]>, Row> withBucket() {
        return new WithBucket();
    }

    static final class WithBucket implements MapFunction<Tuple3<Integer, Long, byte[]>, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Row map(Tuple3<Integer, Long, byte[]> value) {
            return Row.of(value.f0, value);
        }
    }

    @Override
    public void open(OpenContext context) {
        entries = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "entries", BasicTypeInfo.STRING_TYPE_INFO, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "waiting", BasicTypeInfo.LONG_TYPE_INFO,
                new ListTypeInfo<>(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)));
        seen = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "seen", BasicTypeInfo.STRING_TYPE_INFO, BasicTypeInfo.BOOLEAN_TYPE_INFO));
        tooLate = getRuntimeContext().getMetricGroup().counter("too_late");
    }

    private long tickOf(long ts) {
        return (Math.floorDiv(ts, tickMs) + 1) * tickMs - 1;
    }

    /** Source, id and key: what makes two records the same (state keys are raw bytes as Latin-1). */
    private static String tag(Rec r) {
        return new String(r.key, StandardCharsets.ISO_8859_1) + "\u0000"
                + new String(r.order, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void processElement(
            Tuple3<Integer, Long, byte[]> value, Context ctx, Collector<Tuple3<Integer, Long, byte[]>> out)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        Map<Long, List<Rec>> byTick = new LinkedHashMap<>();
        for (Rec r : Pack.unpack(value.f2)) {
            if (first) {
                if (r.ts <= watermark) {
                    tooLate.inc();
                    continue;
                }
                String tag = tag(r);
                if (seen.contains(tag)) continue;
                seen.put(tag, Boolean.TRUE);
            }
            byTick.computeIfAbsent(tickOf(r.ts), t -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<Long, List<Rec>> found : byTick.entrySet()) {
            List<byte[]> list = waiting.get(found.getKey());
            if (list == null) {
                list = new ArrayList<>();
                ctx.timerService().registerEventTimeTimer(found.getKey());
            }
            list.add(Pack.pack(found.getValue()));
            waiting.put(found.getKey(), list);
        }
    }

    private static final Comparator<Rec> ORDER = (a, b) -> {
        int c = Long.compare(a.ts, b.ts);
        if (c == 0) c = Arrays.compareUnsigned(a.key, b.key);
        if (c == 0) c = Arrays.compareUnsigned(a.order, b.order);
        if (c == 0) c = Boolean.compare(Arrays.equals(a.role, PAYEE), Arrays.equals(b.role, PAYEE));
        return c;
    };

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple3<Integer, Long, byte[]>> out)
            throws Exception {
        List<byte[]> blobs = waiting.get(timestamp);
        if (blobs == null) return;
        waiting.remove(timestamp);
        List<Rec> records = new ArrayList<>();
        for (byte[] blob : blobs) records.addAll(Pack.unpack(blob));
        if (first) {
            for (Rec r : records) seen.remove(tag(r)); // a copy arriving from now on is too late
        }
        records.sort(ORDER); // stable: arrival order among equals, as in Python
        List<Rec> onward = new ArrayList<>();
        List<Rec> person = new ArrayList<>();
        for (Rec r : records) {
            if (first) directoryA(r, onward, person);
            else directoryB(r, onward);
        }
        for (Tuple3<Integer, Long, byte[]> batch : batches(onward)) out.collect(batch);
        for (Tuple3<Integer, Long, byte[]> batch : batches(person)) ctx.output(toPerson, batch);
    }

    private static String name(byte[] key) {
        return new String(key, StandardCharsets.ISO_8859_1);
    }

    private static byte[] holder(byte[] account) {
        int nul = 0;
        while (account[nul] != 0) nul++;
        return Arrays.copyOf(account, nul);
    }

    private static Rec moved(Rec r, byte[] key) {
        Rec m = r.copy();
        m.key = key;
        return m;
    }

    private void directoryA(Rec r, List<Rec> onward, List<Rec> person) throws Exception {
        String key = name(r.key);
        if (Arrays.equals(r.op, OWN)) {
            entries.put(key, r.route);
            return;
        }
        if (Arrays.equals(r.op, HOME)) {
            person.add(r);
            return;
        }
        if (Arrays.equals(r.op, OPEN)) {
            entries.put(key, r.info);
            onward.add(r);
            return;
        }
        byte[] entry = entries.get(key);
        if (Arrays.equals(r.op, TRANSFER)) {
            Rec m = moved(r, r.route);
            m.payee = entry;
            onward.add(m);
            return;
        }
        if (entry == null) return; // a phone or account no resident was seen with
        if (Arrays.equals(r.op, PHONE)) {
            person.add(moved(r, Pack.concat(PERSON, entry)));
            return;
        }
        byte[] holder = holder(entry); // an event on an account
        if (holder.length > 0) {
            Rec m = moved(r, Pack.concat(PERSON, holder));
            m.account = entry;
            person.add(m);
        }
    }

    private void directoryB(Rec r, List<Rec> out) throws Exception {
        String key = name(r.key);
        if (Arrays.equals(r.op, OPEN)) {
            entries.put(key, r.info);
            return;
        }
        if (!Arrays.equals(r.op, TRANSFER)) {
            out.add(r);
            return;
        }
        byte[] payer = entries.get(key);
        if (payer != null) {
            byte[] holder = holder(payer);
            if (holder.length > 0) {
                Rec m = moved(r, Pack.concat(PERSON, holder));
                m.role = PAYER;
                out.add(m);
            }
        }
        if (r.payee != null) {
            byte[] holder = holder(r.payee);
            if (holder.length > 0) {
                Rec m = moved(r, Pack.concat(PERSON, holder));
                m.role = PAYEE;
                m.payee = null;
                out.add(m);
            }
        }
    }

    /** Records grouped into one element per destination bucket (a CRC-32 of the key, as in Python). */
    private List<Tuple3<Integer, Long, byte[]>> batches(List<Rec> records) {
        Map<Integer, List<Rec>> byBucket = new LinkedHashMap<>();
        CRC32 crc = new CRC32();
        for (Rec r : records) {
            crc.reset();
            crc.update(r.key);
            byBucket.computeIfAbsent((int) (crc.getValue() % buckets), b -> new ArrayList<>()).add(r);
        }
        List<Tuple3<Integer, Long, byte[]>> out = new ArrayList<>(byBucket.size());
        for (Map.Entry<Integer, List<Rec>> found : byBucket.entrySet()) {
            long earliest = Long.MAX_VALUE;
            for (Rec r : found.getValue()) earliest = Math.min(earliest, r.ts);
            out.add(Tuple3.of(found.getKey(), earliest, Pack.pack(found.getValue())));
        }
        return out;
    }
}

using System.Collections.Generic;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Every known-bad implementation, in one place: its IUT name, its one bug and the requirements whose verdict
    /// must be FAIL against it. <c>fsfreeze-conformance --self-check</c> runs them; a catalog test keeps it honest.
    /// </summary>
    public static class KnownBadCatalog
    {
        /// <summary>The catalog.</summary>
        public static IReadOnlyList<KnownBadImplementation> All { get; } = new KnownBadImplementation[]
        {
            new("split-used-id-len-swapped", "split device end writes used elements with id and len swapped", ["FF-RING-15"], () => new SplitUsedIdLenSwapped()),
            new("split-interrupts-despite-no-interrupt", "split device end notifies after every push, ignoring NO_INTERRUPT", ["FF-RING-17"], () => new SplitInterruptsDespiteNoInterrupt()),
            new("split-index-wrap-as-int", "split device end compares avail.idx with an int count, losing the 16-bit wrap", ["FF-RING-3"], () => new SplitIndexWrapAsInt()),
            new("split-accepts-zero-length", "split device end takes chains with zero-length buffers", ["FF-RING-11"], () => new SplitAcceptsZeroLength()),
            new("split-no-loop-detection", "split device end follows looped chains up to a 65536-step cap instead of refusing them", ["FF-RING-8"], () => new SplitNoLoopDetection()),
            new("split-accepts-readable-after-writable", "split device end takes a readable descriptor after a writable one", ["FF-RING-9"], () => new SplitAcceptsReadableAfterWritable()),
            new("split-driver-trusts-oversized-len", "split driver end reports a used len larger than the chain's writable space", ["FF-RING-16"], () => new SplitDriverTrustsOversizedLength()),
            new("split-event-idx-off-by-one", "split device end evaluates vring_need_event without its - 1", ["FF-RING-18"], () => new SplitEventIdxOffByOne()),
            new("packed-used-wrap-never-toggles", "packed device end never toggles its used wrap counter", ["FF-RING-22"], () => new PackedUsedWrapNeverToggles()),
            new("mmio-queue-registers-writable-while-ready", "MMIO transport lets QueueSize and the area registers change while QueueReady is 1", ["FF-MMIO-7"], () => new MmioQueueRegistersWritableWhileReady()),
            new("mmio-accepts-unoffered-features", "MMIO transport drops un-offered DriverFeatures bits and accepts FEATURES_OK", ["FF-INIT-4"], () => new MmioAcceptsUnofferedFeatures()),
            new("device-request-id-zero", "fsfreeze device sends request_id 0 on the wire", ["FF-DEV-7"], () => new DeviceRequestIdZero()),
            new("driver-ignores-max-deadline", "fsfreeze driver accepts a FREEZE deadline above the max_deadline_ms it read at probe", ["FF-DRV-34"], () => new DriverIgnoresMaxDeadline()),
            new("device-accepts-writable-reply", "fsfreeze device ignores WRITE on replyq descriptors and reads the reply", ["FF-DEV-9"], () => new DeviceAcceptsWritableReply()),
        };
    }
}

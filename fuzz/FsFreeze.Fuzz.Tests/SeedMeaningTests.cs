using System.IO;
using System.Linq;
using FsFreeze.Fuzz.Targets;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Fuzz.Tests
{
    /// <summary>
    /// A seed is only useful if it reaches the case it is named after; these pin the device-queue seeds to it, so
    /// a change of the input format cannot silently turn the corpus into noise.
    /// </summary>
    public sealed class SeedMeaningTests
    {
        [TestCase("split-valid-chain", 1)]
        [TestCase("split-valid-event-idx-deferred", 2)]
        [TestCase("split-valid-suppressed", 1)]
        [TestCase("split-valid-cross-region", 1)]
        [TestCase("split-valid-indirect", 1)]
        [TestCase("packed-valid-chain", 1)]
        [TestCase("packed-valid-two-chains-event-idx", 2)]
        [TestCase("packed-valid-wrap", 2)]
        [TestCase("packed-valid-odd-size", 2)]
        [TestCase("packed-valid-indirect", 1)]
        public void Valid_seed_pops_its_chains(string seed, int chains)
        {
            (QueueError setup, int popped, QueueError latched) = DeviceQueueTarget.Execute(Seed(seed));
            Assert.That((setup, popped, latched), Is.EqualTo((QueueError.None, chains, QueueError.None)));
        }

        [TestCase("split-loop", QueueError.ChainLoop)]
        [TestCase("split-readable-after-writable", QueueError.ReadableAfterWritable)]
        [TestCase("split-next-out-of-range", QueueError.NextIndexOutOfRange)]
        [TestCase("split-zero-length", QueueError.ZeroLengthBuffer)]
        [TestCase("split-outside-memory", QueueError.BufferOutsideGuestMemory)]
        [TestCase("split-address-wraps", QueueError.BufferOutsideGuestMemory)]
        [TestCase("split-head-out-of-range", QueueError.HeadIndexOutOfRange)]
        [TestCase("split-head-already-in-flight", QueueError.HeadAlreadyInFlight)]
        [TestCase("split-avail-index-jump", QueueError.AvailableIndexJump)]
        [TestCase("split-indirect-not-negotiated", QueueError.IndirectNotNegotiated)]
        [TestCase("split-indirect-with-next", QueueError.IndirectWithNext)]
        [TestCase("split-indirect-bad-length", QueueError.IndirectTableLengthInvalid)]
        [TestCase("split-nested-indirect", QueueError.NestedIndirect)]
        [TestCase("split-indirect-loop", QueueError.ChainLoop)]
        [TestCase("split-length-overflow", QueueError.BufferOutsideGuestMemory)]
        [TestCase("packed-readable-after-writable", QueueError.ReadableAfterWritable)]
        [TestCase("packed-chain-longer-than-ring", QueueError.ChainLoop)]
        [TestCase("packed-zero-length", QueueError.ZeroLengthBuffer)]
        [TestCase("packed-duplicate-buffer-id", QueueError.HeadAlreadyInFlight)]
        [TestCase("packed-indirect-not-negotiated", QueueError.IndirectNotNegotiated)]
        [TestCase("packed-nested-indirect", QueueError.NestedIndirect)]
        public void Malformed_seed_latches_its_error(string seed, QueueError expected)
        {
            Assert.That(DeviceQueueTarget.Execute(Seed(seed)).Latched, Is.EqualTo(expected));
        }

        [TestCase("split-misaligned-layout", QueueError.MisalignedRing)]
        [TestCase("split-ring-outside-memory", QueueError.RingOutsideGuestMemory)]
        public void Setup_seed_is_refused(string seed, QueueError expected)
        {
            Assert.That(DeviceQueueTarget.Execute(Seed(seed)).Setup, Is.EqualTo(expected));
        }

        private static byte[] Seed(string name)
        {
            string dir = new[] { TestContext.CurrentContext.TestDirectory }
                .Select(d => new DirectoryInfo(d))
                .Select(d => { while (d is not null && !File.Exists(Path.Combine(d.FullName, "FsFreeze.sln"))) { d = d.Parent!; } return d!.FullName; })
                .Single();
            return File.ReadAllBytes(Path.Combine(dir, "fuzz", "corpus", "device-queue", name));
        }
    }
}

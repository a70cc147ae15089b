using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;
using FsFreeze.Virtio.Tests.Queues.Split;

namespace FsFreeze.Virtio.Tests.Queues
{
    public sealed class ChainBufferTests
    {
        [TestCase(true, 0x1000UL, 64u, "W@0x1000+64")]
        [TestCase(false, 0xabcdefUL, 8u, "R@0xabcdef+8")]
        public void ToString_NamesDirectionAddressAndLength(bool writable, ulong address, uint length, string expected) =>
            Assert.That(new ChainBuffer(address, length, writable).ToString(), Is.EqualTo(expected));

        [Test]
        public void AChainLongerThanTheCallersStorage_IsChainTooLong()
        {
            // The device end never writes past the storage it is given: the walk stops and the ring is refused.
            var pair = new SplitPair(4);
            Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(0, 3, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            var storage = new ChainBuffer[2];
            Assert.That(pair.Device.TryPop(storage, out _, out QueueError error), Is.False);
            Assert.That(error, Is.EqualTo(QueueError.ChainTooLong));
        }
    }
}

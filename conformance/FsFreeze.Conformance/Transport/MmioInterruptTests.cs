using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Transport
{
    /// <summary>InterruptStatus and InterruptACK.</summary>
    [TestFixture]
    public sealed class MmioInterruptTests
    {
        [Test]
        [Requirement("FF-MMIO-8")]
        public void UsedBufferBit_StaysSetUntilAcknowledged()
        {
            var bench = new MmioBench();
            SplitQueueDriverEnd driver = bench.SetUpQueue0();
            bench.AddEcho(driver, new byte[] { 9 }, 0);

            bench.Write(MmioRegister.QueueNotify, 0);
            MmioInterrupt first = bench.Interrupts;
            MmioInterrupt second = bench.Interrupts;
            bench.Write(MmioRegister.InterruptAck, (uint)MmioInterrupt.ConfigurationChange);
            MmioInterrupt afterOtherAck = bench.Interrupts;
            bench.Write(MmioRegister.InterruptAck, (uint)MmioInterrupt.UsedBuffer);

            Assert.Multiple(() =>
            {
                Assert.That(first, Is.EqualTo(MmioInterrupt.UsedBuffer));
                Assert.That(second, Is.EqualTo(MmioInterrupt.UsedBuffer), "reading does not clear");
                Assert.That(afterOtherAck, Is.EqualTo(MmioInterrupt.UsedBuffer), "acking another bit does not clear");
                Assert.That(bench.Interrupts, Is.EqualTo(MmioInterrupt.None));
                Assert.That(bench.Line.Count, Is.EqualTo(1));
            });
        }

        [Test]
        [Requirement("FF-MMIO-8")]
        public void BothBits_AreIndependent_AndOtherBitsReadZero()
        {
            var bench = new MmioBench();
            SplitQueueDriverEnd driver = bench.SetUpQueue0();
            bench.AddEcho(driver, new byte[] { 9 }, 0);
            bench.Write(MmioRegister.QueueNotify, 0);
            bench.Device.SetHostValue(5);

            uint both = bench.Read(MmioRegister.InterruptStatus);
            bench.Write(MmioRegister.InterruptAck, (uint)MmioInterrupt.UsedBuffer);
            uint configOnly = bench.Read(MmioRegister.InterruptStatus);
            bench.Write(MmioRegister.InterruptAck, 0xFFFF_FFFF);

            Assert.Multiple(() =>
            {
                Assert.That(both, Is.EqualTo(3u));
                Assert.That(configOnly, Is.EqualTo(2u));
                Assert.That(bench.Read(MmioRegister.InterruptStatus), Is.Zero);
                Assert.That(bench.Line.Count, Is.EqualTo(2), "raised once per newly set bit");
            });
        }
    }
}

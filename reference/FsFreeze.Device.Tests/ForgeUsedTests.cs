using System;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Device.Tests
{
    /// <summary>
    /// <see cref="Emulation.FsFreezeDevice.ForgeUsed"/> (driver testing, FF-DRV-13): the completion it puts on requestq's
    /// used ring, and its refusals; and <see cref="ForgedCompletion"/>.
    /// </summary>
    public sealed class ForgeUsedTests
    {
        private const uint RequestSize = 64;

        private static DeviceBench Bench(int requestBuffers = 2) =>
            new DeviceBench(new FsFreezeDeviceOptions { Config = new FsFreezeConfig(RequestSize, 8, 60_000) }).Start(requestBuffers: requestBuffers);

        private static byte[] Status(uint id) => FsFreezeRequest.Status(id).ToArray();

        [TestCase(1u, 10u, 1u, 10u, false, false)]
        [TestCase(1u, 10u, 2u, 10u, true, false)]
        [TestCase(1u, 10u, 1u, 11u, false, true)]
        [TestCase(1u, 10u, 1u, 9u, false, false)]
        public void ForgedCompletion_SaysWhatWasForged(uint consumed, uint buffer, uint usedId, uint usedLength, bool idForged, bool lengthForged)
        {
            var forged = new ForgedCompletion((ushort)consumed, buffer, usedId, usedLength);
            Assert.Multiple(() =>
            {
                Assert.That(forged.IdForged, Is.EqualTo(idForged));
                Assert.That(forged.LengthForged, Is.EqualTo(lengthForged));
            });
        }

        [Test]
        public void ForgeUsed_RefusesNothingToForge_AndBytesBeyondRequestSize()
        {
            var bench = Bench();
            Assert.Multiple(() =>
            {
                Assert.That(() => bench.Device.ForgeUsed(null, null, null, Status(5), out _), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("nothing to forge"));
                Assert.That(() => bench.Device.ForgeUsed(null, null, RequestSize, Status(5), out _), Throws.TypeOf<ArgumentOutOfRangeException>(), "a used length of request_size forges nothing");
                Assert.That(() => bench.Device.ForgeUsed(null, null, RequestSize + 1, new byte[RequestSize + 1], out _), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains($"{RequestSize + 1} bytes"));
                Assert.That(bench.TakeRequests(), Is.Empty, "nothing was taken");
            });
        }

        [Test]
        public void ForgeUsed_AnIdWithoutTheRightUsedRingAddress_IsRefusedBeforeAnythingIsTaken()
        {
            var bench = Bench(requestBuffers: 3);

            // One true completion, so the used index (1) is not what any zeroed word next to it reads.
            Assert.That(bench.Device.SendStatus(out _), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.TakeRequests(), Has.Count.EqualTo(1));
            ulong ring = bench.RequestUsedRingAddress();
            Assert.Multiple(() =>
            {
                Assert.That(() => bench.Device.ForgeUsed(null, 100, null, Status(5), out _), Throws.InvalidOperationException.With.Message.Contains("used ring"));
                Assert.That(() => bench.Device.ForgeUsed(ring + 8, 100, null, Status(5), out _), Throws.InvalidOperationException);
                Assert.That(bench.RequestQueue.HasUsed(), Is.False);
                Assert.That(bench.NeedsReset, Is.False);
            });
        }

        [Test]
        [Category("FF-DRV-13")]
        public void ForgeUsed_LengthBeyondTheBuffer_NeedsNoRingAddress_AndTheDriverRefusesIt()
        {
            var bench = Bench();
            bench.Session!.AcknowledgeInterrupts();
            Assert.That(bench.Device.ForgeUsed(null, null, 1000, Status(5), out ForgedCompletion forged), Is.EqualTo(SendOutcome.Sent));
            bool reclaimed = bench.RequestQueue.TryReclaim(out _, out QueueError error);
            Assert.Multiple(() =>
            {
                Assert.That(forged.UsedLength, Is.EqualTo(1000u));
                Assert.That(forged.BufferLength, Is.EqualTo(RequestSize));
                Assert.That(forged.LengthForged, Is.True);
                Assert.That(forged.IdForged, Is.False);
                Assert.That(reclaimed, Is.False);
                Assert.That(error, Is.Not.EqualTo(QueueError.None), "the driver end refuses a used length beyond the buffer");
                Assert.That(bench.Transport.InterruptStatus & MmioInterrupt.UsedBuffer, Is.EqualTo(MmioInterrupt.UsedBuffer));
                Assert.That(bench.NeedsReset, Is.False, "the device's own ring stays consistent");
            });
        }

        [Test]
        [Category("FF-DRV-13")]
        public void ForgeUsed_AnId_IsWrittenIntoTheNewestUsedElement()
        {
            var bench = Bench(requestBuffers: 3);

            // Two true completions first, so the forged element is the ring's third slot (offset 4 + 2 * 8).
            Assert.That(bench.Device.SendStatus(out _), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.Device.SendThaw(out _), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.TakeRequests(), Has.Count.EqualTo(2));
            ulong ring = bench.RequestUsedRingAddress();
            Assert.That(bench.Device.ForgeUsed(ring, 100, null, new byte[RequestSize], out ForgedCompletion forged), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.Memory.TryReadUInt32(ring + 4 + 16, out uint elementId), Is.True);
            Assert.That(bench.Memory.TryReadUInt32(ring + 4 + 20, out uint elementLength), Is.True);
            bool reclaimed = bench.RequestQueue.TryReclaim(out _, out QueueError error);
            Assert.Multiple(() =>
            {
                Assert.That(elementId, Is.EqualTo(100u));
                Assert.That(elementLength, Is.EqualTo(RequestSize), "the length of the bytes (request_size, the most allowed), unforged");
                Assert.That(forged.UsedId, Is.EqualTo(100u));
                Assert.That(forged.IdForged, Is.True);
                Assert.That(forged.LengthForged, Is.False);
                Assert.That(reclaimed, Is.False);
                Assert.That(error, Is.Not.EqualTo(QueueError.None), "an id the driver never made available");
            });
        }

        [Test]
        [Category("FF-DRV-13")]
        public void ForgeUsed_TheHeadOfTheBufferTaken_ForgesTheLengthInstead()
        {
            var bench = Bench(requestBuffers: 1);
            ushort head = bench.LastRequestHead;
            Assert.That(bench.Device.ForgeUsed(bench.RequestUsedRingAddress(), head, null, Status(5), out ForgedCompletion forged), Is.EqualTo(SendOutcome.Sent));
            Assert.Multiple(() =>
            {
                Assert.That(forged.ConsumedId, Is.EqualTo(head));
                Assert.That(forged.UsedId, Is.EqualTo((uint)head));
                Assert.That(forged.UsedLength, Is.EqualTo(RequestSize + 1));
                Assert.That(forged.LengthForged, Is.True);
            });
        }

        [Test]
        [Category("FF-DEV-6")]
        public void ForgeUsed_WithoutADriver_OrWithoutABuffer_IsNoDriver()
        {
            var bench = Bench(requestBuffers: 0);
            Assert.Multiple(() =>
            {
                Assert.That(new Emulation.FsFreezeDevice().ForgeUsed(null, 100, null, Status(5), out _), Is.EqualTo(SendOutcome.NoDriver));
                Assert.That(bench.Device.ForgeUsed(bench.RequestUsedRingAddress(), 100, null, Status(5), out ForgedCompletion forged), Is.EqualTo(SendOutcome.NoDriver));
                Assert.That(forged, Is.EqualTo(default(ForgedCompletion)));
                Assert.That(bench.NeedsReset, Is.False);
            });
        }
    }
}

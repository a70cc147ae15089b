using System.Collections.Generic;
using System.Linq;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Transport
{
    /// <summary>FF-INIT-2: the reference driver session initialises in the spec's order and never clears a bit.</summary>
    [TestFixture]
    public sealed class DriverInitSequenceTests
    {
        [Test]
        [Requirement("FF-INIT-2")]
        public void Session_WritesStatusInTheSpecOrder()
        {
            var bench = new MmioBench(queueCount: 2);
            var trace = new TracingRegisters(bench.Transport);

            MmioDriverError error = MmioDriverSession.TryInitialize(trace, bench.Memory, new GuestAddressAllocator(MmioBench.RingArea, 64 << 10), new MmioDriverOptions { QueueCount = 2 }, out _);

            Assert.That(error, Is.EqualTo(MmioDriverError.None));
            Assert.That(trace.StatusWrites, Is.EqualTo(new uint[] { 0, 1, 3, 11, 15 }));
        }

        [Test]
        [Requirement("FF-INIT-2")]
        public void Session_ReadsFeaturesBeforeWritingThem_ConfirmsFeaturesOk_ThenSetsUpQueues_BeforeDriverOk()
        {
            var bench = new MmioBench(queueCount: 2);
            var trace = new TracingRegisters(bench.Transport);

            MmioDriverSession.TryInitialize(trace, bench.Memory, new GuestAddressAllocator(MmioBench.RingArea, 64 << 10), new MmioDriverOptions { QueueCount = 2 }, out _);

            List<string> log = trace.Log;
            int featuresRead = log.IndexOf("R DeviceFeatures");
            int featuresWrite = log.IndexOf("W DriverFeatures");
            int featuresOk = log.IndexOf("W Status=11");
            int featuresOkReadBack = log.FindIndex(featuresOk, e => e == "R Status");
            int firstReady = log.IndexOf("W QueueReady=1");
            int lastReady = log.LastIndexOf("W QueueReady=1");
            int driverOk = log.IndexOf("W Status=15");

            Assert.Multiple(() =>
            {
                Assert.That(featuresRead, Is.GreaterThan(log.IndexOf("W Status=3")));
                Assert.That(featuresWrite, Is.GreaterThan(featuresRead));
                Assert.That(featuresOk, Is.GreaterThan(featuresWrite));
                Assert.That(featuresOkReadBack, Is.GreaterThan(featuresOk));
                Assert.That(firstReady, Is.GreaterThan(featuresOkReadBack));
                Assert.That(lastReady, Is.GreaterThan(firstReady), "both queues enabled");
                Assert.That(driverOk, Is.GreaterThan(lastReady));
            });
        }

        [Test]
        [Requirement("FF-INIT-2")]
        public void Session_RefusedFeatures_SetsFailed_WithoutClearingBits()
        {
            var bench = new MmioBench();
            var trace = new TracingRegisters(bench.Transport);

            // Claim VERSION_1 is missing by hiding the high window: the session must stop and set FAILED.
            trace.HideVersion1 = true;
            MmioDriverError error = MmioDriverSession.TryInitialize(trace, bench.Memory, new GuestAddressAllocator(MmioBench.RingArea, 64 << 10), new MmioDriverOptions(), out MmioDriverSession? session);

            Assert.That(error, Is.EqualTo(MmioDriverError.Version1NotOffered));
            Assert.That(session, Is.Null);
            Assert.That(trace.StatusWrites, Is.EqualTo(new uint[] { 0, 1, 3, 3 | 128 }));
            Assert.That(bench.Status, Is.EqualTo(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.Failed));
        }

        /// <summary>Records every access by register name (and Status and QueueReady values).</summary>
        private sealed class TracingRegisters : IMmioRegisterFile
        {
            private readonly IMmioRegisterFile _inner;

            public TracingRegisters(IMmioRegisterFile inner) => _inner = inner;

            public List<string> Log { get; } = new();

            public List<uint> StatusWrites { get; } = new();

            public bool HideVersion1 { get; set; }

            private uint _featuresSel;

            public uint Read(ulong offset, int width)
            {
                Log.Add("R " + NameOf(offset));
                uint value = _inner.Read(offset, width);
                return HideVersion1 && offset == MmioRegister.DeviceFeatures && _featuresSel == 1 ? 0 : value;
            }

            public void Write(ulong offset, int width, uint value)
            {
                string name = NameOf(offset);
                Log.Add(offset is MmioRegister.Status or MmioRegister.QueueReady ? $"W {name}={value}" : "W " + name);
                if (offset == MmioRegister.Status)
                {
                    StatusWrites.Add(value);
                }

                if (offset == MmioRegister.DeviceFeaturesSel)
                {
                    _featuresSel = value;
                }

                _inner.Write(offset, width, value);
            }

            private static string NameOf(ulong offset) =>
                MmioRegister.All.FirstOrDefault(r => r.Offset == offset)?.Name ?? (offset >= MmioRegister.Config ? "Config" : $"0x{offset:x}");
        }
    }
}
